"""Keeping an appointment between sessions: the file that holds only its time, the glow and the
chime when it comes, and the whole road on the real stack (gpiozero mock pins, espeak-ng, a
private PulseAudio server) with the wall clock injected, so two hours pass in a moment.
"""

import calendar
import json
import logging
import threading
import time

import pytest

from parts import need_espeak
from pulse import has_sound
from talkstick.core.appointment import appointment_at
from talkstick.frontends.finger import Finger
from talkstick.panel.lamps import Lamps
from talkstick.script.chosen import load_chosen
from talkstick.settings import load_settings
from talkstick.shell.appointment import FILE, STALE_S, Appointments, Reminder
from talkstick.shell.devices import Devices, Frontend
from talkstick.shell.session import run_sessions

WALL = calendar.timegm((2026, 12, 2, 13, 2, 0))
HOUR = 3600
DEADLINE = 20.0  # real seconds any one wait may take (speech is real here)


def until(condition, what, timeout=DEADLINE):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(0.02)


# -- the file ------------------------------------------------------------------------------
def test_the_file_holds_the_time_and_the_language_and_nothing_else(tmp_path, fake_clock):
    fake_clock.now = WALL
    Appointments(tmp_path / "state", fake_clock).save(WALL + 2 * HOUR, "ko")
    assert json.loads((tmp_path / "state" / FILE).read_text()) == {"at": WALL + 2 * HOUR,
                                                                   "language": "ko"}
    assert [p.name for p in (tmp_path / "state").iterdir()] == [FILE]  # no temporary left over
    assert Appointments(tmp_path / "state", fake_clock).pending() == WALL + 2 * HOUR


def test_a_save_that_fails_leaves_the_appointment_before_it(tmp_path, fake_clock):
    fake_clock.now = WALL
    store = Appointments(tmp_path, fake_clock)
    store.save(WALL + HOUR, "en")
    with pytest.raises(TypeError):
        store.save(WALL + 2 * HOUR, object())       # cannot be written: the old one stands
    assert store.pending() == WALL + HOUR
    assert [p.name for p in tmp_path.iterdir()] == [FILE]


def test_an_appointment_over_two_hours_past_is_removed(tmp_path, fake_clock, caplog):
    caplog.set_level(logging.INFO, logger="talkstick")
    store = Appointments(tmp_path, fake_clock)
    fake_clock.now = WALL
    store.save(WALL - STALE_S + 60, "en")
    assert store.pending() == WALL - STALE_S + 60    # a minute inside: still kept
    fake_clock.advance(61)
    assert store.pending() is None
    assert not (tmp_path / FILE).exists()
    assert "passed over 2 hours ago: dropped" in caplog.text


@pytest.mark.parametrize("text", ["{not json", '{"at": "tomorrow"}', "[1, 2]", '{"at": 1e400}',
                                  '{"language": "en"}', "\xff\xfe", "[" * 100_000,
                                  '{"at": 1}' + " " * 2000])
def test_a_damaged_file_is_logged_once_and_ignored(tmp_path, fake_clock, caplog, text):
    fake_clock.now = WALL
    (tmp_path / FILE).write_bytes(text.encode("latin-1"))
    store = Appointments(tmp_path, fake_clock)
    assert [store.pending() for _ in range(5)] == [None] * 5
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and FILE in warnings[0].getMessage()
    assert "ignored" in warnings[0].getMessage()
    store.save(WALL + HOUR, "en")                   # the next appointment replaces it
    assert store.pending() == WALL + HOUR


# -- the reminder, on the real lamps -------------------------------------------------------
class Speaker:
    """The speaker's seam for the chime: counts what it is asked to play."""

    def __init__(self):
        self.chimes = 0

    def chime(self):
        self.chimes += 1


def step_led_values(pins, seconds=1.0):
    """The red step LED pin's PWM values over ``seconds``: a breath moves them."""
    values = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        values.append(pins[0].state)
        time.sleep(0.02)
    return values


def test_at_the_time_the_step_led_breathes_and_one_chime_plays(mock_factory, tmp_path, fake_clock):
    settings = load_settings(environ={"XDG_CONFIG_HOME": "/nonexistent"})
    fake_clock.now = WALL
    store = Appointments(tmp_path, fake_clock)
    store.save(WALL + 2 * HOUR, "en")
    speaker, red = Speaker(), mock_factory.pin(settings.panel.step_rgb[0])
    with Lamps(settings.panel, pin_factory=mock_factory) as lamps:
        reminder = Reminder(store, lamps, speaker)
        reminder.check()
        assert (reminder.glowing, speaker.chimes, red.state) == (False, 0, 0)
        fake_clock.advance(2 * HOUR)
        for _ in range(3):
            reminder.check()
        assert reminder.glowing and speaker.chimes == 1          # chimed once, not each look
        values = step_led_values([red])
        assert len(set(values)) > 5 and 0.05 < max(values) <= 0.5 + 1e-9  # soft: half at most
        assert mock_factory.pin(settings.panel.led_a).state == 0
        fake_clock.advance(STALE_S + 1)                          # nobody came: dark again
        reminder.check()
        assert not reminder.glowing and not (tmp_path / FILE).exists()
        time.sleep(0.1)
        assert red.state == 0


def test_a_session_once_the_time_has_come_keeps_the_appointment(tmp_path, fake_clock):
    fake_clock.now = WALL
    store = Appointments(tmp_path, fake_clock)
    store.save(WALL + HOUR, "en")
    reminder = Reminder(store)                      # no lamps, no speaker: nothing breaks
    reminder.keep_if_due()
    assert store.pending() == WALL + HOUR           # not yet: a session now leaves it
    fake_clock.advance(HOUR)
    reminder.check()
    reminder.keep_if_due()
    assert store.pending() is None and not (tmp_path / FILE).exists()


def test_the_therapist_profile_keeps_no_appointment(mock_factory, tmp_path):
    from talkstick.core import events as ev

    settings = load_settings(environ={"XDG_CONFIG_HOME": "/nonexistent", "STATE_DIRECTORY": str(tmp_path),
                                      "TALKSTICK_VOICE_ENABLED": "false",
                                      "TALKSTICK_LISTEN_ENABLED": "false",
                                      "TALKSTICK_DIALOGUE_PROFILE": "therapist"})
    pack, script = load_chosen(settings)
    reasons = []
    with Devices(settings, pack, script, threading.Event(), Frontend()) as devices:
        for kind in ("double", "double", "press", "double"):
            devices.events.put(ev.Gesture(kind, time.monotonic()))
        session = devices.session(devices.dialogue())
        running = threading.Thread(target=lambda: reasons.append(session.run()), daemon=True)
        running.start()
        running.join(DEADLINE)
        devices.stop.set()
    assert reasons == ["rescheduled"] and list(tmp_path.iterdir()) == []


# -- the whole road ------------------------------------------------------------------------
def device_settings(tmp_path, **environ):
    return load_settings(environ={"XDG_CONFIG_HOME": "/nonexistent", "STATE_DIRECTORY": str(tmp_path),
                                  "TALKSTICK_LISTEN_ENABLED": "false", **environ})


class Running:
    """``run_sessions(devices, repeat=True)`` on a thread, as the service runs it."""

    def __init__(self, settings, wall, stop, menu=False):
        pack, script = load_chosen(settings)
        self.stop = stop
        self.devices = Devices(settings, pack, script, stop, Frontend(), wall=wall).__enter__()
        self.finger = Finger(self.devices.factory.pin(settings.panel.button), settings.panel,
                             stop.wait)
        self.thread = threading.Thread(target=run_sessions, args=(self.devices, True, menu),
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.stop.set()
        self.thread.join(DEADLINE)
        self.devices.__exit__(None, None, None)
        assert not self.thread.is_alive()


def sessions_over(caplog):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("session over")]


@pytest.mark.e2e
def test_rescheduled_for_two_hours_it_glows_and_chimes_then_and_a_press_keeps_it(
        pulse, mock_factory, tmp_path, fake_clock, caplog):
    need_espeak()
    caplog.set_level(logging.INFO, logger="talkstick")
    fake_clock.now = WALL
    settings = device_settings(tmp_path, TALKSTICK_VOICE_DEVICE="pulse",
                               TALKSTICK_DIALOGUE_MENU="false")
    device = Running(settings, fake_clock, threading.Event())
    red = mock_factory.pin(settings.panel.step_rgb[0])
    led_a = mock_factory.pin(settings.panel.led_a)
    try:
        for kind in ("double", "double", "press", "press", "double"):  # no, no: two hours, yes
            device.finger.gesture(kind)
        until(lambda: sessions_over(caplog), "the session's end")
        assert sessions_over(caplog) == ["session over: rescheduled"]
        data = json.loads((tmp_path / FILE).read_text())
        assert data == {"at": appointment_at(WALL, 2), "language": "en"}  # 3 pm, and nothing else
        until(lambda: led_a.state == 0 and red.state == 0, "the lights off after the session")

        pulse.start_recording()
        time.sleep(1.0)
        assert not has_sound(pulse.recorded(), min_ms=50)       # nothing before the time
        fake_clock.now = appointment_at(WALL, 2) + 60
        until(lambda: device.devices.reminder.glowing, "the glow")
        until(lambda: has_sound(pulse.recorded(), min_ms=300), "the chime in the sink")
        values = step_led_values([red])
        assert len(set(values)) > 5 and max(values) > 0.05 and led_a.state == 0
        assert (tmp_path / FILE).exists()                     # kept until someone comes

        device.finger.gesture("press")                        # they came: a session begins
        until(lambda: not (tmp_path / FILE).exists(), "the appointment kept")
        until(lambda: led_a.state > 0, "the appointment step's lights (the Sender's LED)")
    finally:
        pulse.stop_recording()
        device.close()


def test_a_service_that_starts_with_an_appointment_pending_waits_and_skips_the_menu(
        mock_factory, tmp_path, fake_clock, caplog):
    caplog.set_level(logging.INFO, logger="talkstick")
    fake_clock.now = WALL
    Appointments(tmp_path, fake_clock).save(WALL + HOUR, "en")
    settings = device_settings(tmp_path, TALKSTICK_VOICE_ENABLED="false")  # no speaker: glow only
    device = Running(settings, fake_clock, threading.Event(), menu=True)
    red = mock_factory.pin(settings.panel.step_rgb[0])
    led_a = mock_factory.pin(settings.panel.led_a)
    try:
        time.sleep(1.0)
        assert led_a.state == 0 and red.state == 0            # no session: it waits, dark
        fake_clock.advance(HOUR)
        until(lambda: device.devices.reminder.glowing, "the glow")
        until(lambda: red.state > 0, "the step LED breathing")
        device.finger.gesture("press")
        until(lambda: led_a.state > 0, "a session begun by the press (the menu lights no turn LED)")
        assert not (tmp_path / FILE).exists()
        assert sessions_over(caplog) == []
    finally:
        device.close()
