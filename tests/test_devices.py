"""The device wiring: what Devices builds from the settings, its liveness, and its closing."""

import threading

from talkstick.script.chosen import load_chosen
from talkstick.settings import load_settings
from talkstick.shell.devices import Devices, Frontend


def settings(**environ):
    return load_settings(environ={"TALKSTICK_VOICE_ENABLED": "false",
                                  "TALKSTICK_LISTEN_ENABLED": "false", **environ})


def test_button_and_lamps_on_the_default_pin_factory_and_alive_while_every_worker_is(mock_factory):
    s = settings()
    pack, script = load_chosen(s)
    with Devices(s, pack, script, threading.Event(), Frontend()) as devices:
        assert devices.factory is mock_factory and not devices.simulated  # as on a Pi: real GPIO
        assert devices.button.button.pin_factory is mock_factory
        assert (devices.speaker, devices.listener, devices.display) == (None, None, None)
        assert devices.workers == [devices.button]
        assert devices.alive()
        devices.button.stop()
        assert not devices.alive()  # the watchdog would stop pinging
    assert not devices.button.thread.is_alive()


def test_a_fresh_dialogue_follows_the_settings(mock_factory):
    s = settings(TALKSTICK_DIALOGUE_VERBOSITY="brief", TALKSTICK_DIALOGUE_NAMES="Sam,Alex",
                 TALKSTICK_DIALOGUE_TURN_MINUTES="3")
    pack, script = load_chosen(s)
    with Devices(s, pack, script, threading.Event(), Frontend()) as devices:
        first, second = devices.dialogue(), devices.dialogue()
    assert first is not second and first.phase == "ready"
    assert (first.verbosity, first.names, first.turn_seconds) == ("brief", ("Sam", "Alex"), 180.0)
