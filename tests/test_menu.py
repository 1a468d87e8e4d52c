"""The exercise menu: the pure state machine as table tests, then the real stack (the Button on
gpiozero's MockFactory, the Session, the lamps) choosing an exercise between sessions."""

import io
import json
import threading
import time
from dataclasses import replace

import pytest

from dialogue import of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.lights import DARK
from talkstick.core.menu import COLORS, Menu
from talkstick.frontends.finger import Finger
from talkstick.frontends.jsonlines import JsonDisplay
from talkstick.script.chosen import load_chosen
from talkstick.settings import load_settings
from talkstick.shell.devices import Devices, Frontend
from talkstick.shell.menu import exercises
from talkstick.shell.session import run_sessions

CHOICES = [("imago-dialogue", "Imago Dialogue"), ("appreciation", "Appreciation"),
           ("dtr", "Daily Temperature Reading")]


def started(default=0, **options):
    menu = Menu(CHOICES, default, intro="Choose.", **options)
    return menu, menu.handle(ev.Start(0.0))


def test_start_says_how_then_the_default_with_its_colour_and_listens_for_nothing():
    menu, out = started(default=1)
    assert [(a.prompt_id, a.text) for a in of(out, act.Say)] == [
        ("menu.intro", "Choose."), ("menu.appreciation", "Appreciation")]
    assert of(out, act.Lights) == [act.Lights(("off", "off"), COLORS[1], "steady", 2 / 3)]
    assert of(out, act.Listen) == [act.Listen(())]
    assert menu.chosen is None and menu.snapshot(1.0)["step"] == "appreciation"


def test_press_says_the_next_title_and_wraps_round_each_place_its_own_colour():
    menu, _ = started()
    titles, colours = [], []
    for n in range(4):
        out = menu.handle(ev.Gesture("press", 1.0 + n))
        titles += [a.text for a in of(out, act.Say)]
        colours += [a.color for a in of(out, act.Lights)]
    assert titles == ["Appreciation", "Daily Temperature Reading", "Imago Dialogue", "Appreciation"]
    assert colours == [COLORS[1], COLORS[2], COLORS[0], COLORS[1]]
    assert len(set(COLORS)) == len(COLORS)


def test_double_chooses_the_one_just_said_and_puts_the_lights_out():
    menu, _ = started()
    menu.handle(ev.Gesture("press", 1.0))
    menu.handle(ev.Gesture("press", 2.0))
    out = menu.handle(ev.Gesture("double", 3.0))
    assert (menu.chosen, menu.how) == ("dtr", "chosen")
    assert out[-2:] == [DARK, act.End("chosen")]
    assert menu.handle(ev.Gesture("press", 4.0)) == []  # chosen: nothing more happens


def test_hold_goes_back_to_the_default_and_long_hold_starts_it():
    menu, _ = started(default=1)
    menu.handle(ev.Gesture("press", 1.0))
    out = menu.handle(ev.Gesture("hold", 2.0))
    assert said(out) == ["menu.appreciation"] and menu.chosen is None
    menu.handle(ev.Gesture("press", 3.0))
    menu.handle(ev.Gesture("long_hold", 4.0))
    assert (menu.chosen, menu.how) == ("appreciation", "default")


def test_a_gesture_cuts_the_title_being_said():
    menu, _ = started()
    out = menu.handle(ev.Gesture("press", 1.0))
    assert out[0] == act.StopSpeech()
    menu.handle(ev.SpeechDone("menu.appreciation", 2.0))
    assert act.StopSpeech() not in menu.handle(ev.Gesture("press", 3.0))


def test_nothing_chosen_within_the_timeout_is_the_default_counted_from_the_last_gesture():
    menu, _ = started(default=2, timeout_s=30.0)
    menu.handle(ev.Gesture("press", 20.0))
    assert menu.handle(ev.Tick(49.9)) == [] and menu.snapshot(49.9)["menu"]["left"] == 0.1
    out = menu.handle(ev.Tick(50.0))
    assert (menu.chosen, menu.how) == ("dtr", "timeout") and out[-1] == act.End("timeout")


def test_a_default_outside_the_choices_is_refused():
    with pytest.raises(ValueError):
        Menu(CHOICES, 3)
    with pytest.raises(ValueError):
        Menu([], 0)


def test_the_menu_offers_every_script_of_the_pack_that_loads_the_default_first(tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    for name in ("pack.toml", "phrases.toml"):
        (folder / name).write_text("")
    pack, script = load_chosen(settings())
    for name in ("b-second", "a-first"):
        (folder / f"{name}.toml").write_text(
            f'[script]\ntitle = "{name}"\n[[steps]]\nid = "only"\nspeaker = "both"\nprompt = "Go."\n'
            '[steps.on]\npress = "end"\n')
    (folder / "broken.toml").write_text("[[steps]]\nid = 3\n")
    found = exercises(replace(pack, folder=folder), script)
    assert [sid for sid, _ in found] == ["imago-dialogue", "a-first", "b-second"]


# -- the real stack: Button on a mock pin, Session, Lamps, JSON lines -------------------------

def settings(**environ):
    return load_settings(environ={"TALKSTICK_VOICE_ENABLED": "false",
                                  "TALKSTICK_LISTEN_ENABLED": "false", **environ})


class Recording(JsonDisplay):
    """The JSON lines display, each line kept as a dict as well as written."""

    def __init__(self):
        super().__init__(io.StringIO())
        self.records = []

    def _write(self, record):
        super()._write(record)
        self.records.append(json.loads(json.dumps(record)))


def wait_for(condition, deadline=5.0):
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_on_the_device_press_moves_the_step_led_and_double_starts_the_exercise(mock_factory, tmp_path):
    s = settings(XDG_STATE_HOME=str(tmp_path))
    pack, script = load_chosen(s)
    offered = exercises(pack, script)
    assert len(offered) > 1, "the shipped English pack has more than one exercise"
    second = offered[1][1]
    stop = threading.Event()
    with Devices(s, pack, script, stop, Frontend()) as devices:
        devices.display = display = Recording()
        finger = Finger(mock_factory.pin(s.panel.button), s.panel, stop.wait)
        red, green, blue = (mock_factory.pin(n) for n in s.panel.step_rgb)
        runner = threading.Thread(target=run_sessions, args=(devices,), kwargs={"menu": True})
        runner.start()
        try:
            wait_for(lambda: display.records and display.records[-1]["phase"] == "menu")
            assert display.records[-1]["menu"]["choices"] == [sid for sid, _ in offered]
            said = [r["prompt"] for r in display.records if r["prompt"]]
            assert said == ["menu.intro", "menu.imago-dialogue"]
            assert (red.state, green.state, blue.state) == (1, 1, 1)  # the default: white
            finger.gesture("press")
            wait_for(lambda: display.records[-1]["step"] == second.id)
            spoken = [r for r in display.records if r["prompt"]][-1]
            assert (spoken["prompt"], spoken["text"]) == (f"menu.{second.id}", second.title)
            assert (red.state, green.state, blue.state) == (0, 1, 0)  # second place: green
            finger.gesture("double")
            wait_for(lambda: any(r["phase"] == "running" for r in display.records))
            chosen = next(r for r in display.records if r["reason"] == "chosen")
            assert (chosen["phase"], chosen["step"]) == ("menu", second.id)
            assert devices.script.id == second.id
            first = next(r for r in display.records if r["phase"] == "running")
            assert first["step"] in second.steps and first["prompt"] == "device.welcome"
            if runner.is_alive():
                finger.gesture("long_hold")
            runner.join(timeout=10)
            assert not runner.is_alive()
            assert display.records[-1]["phase"] == "ended"
            assert not (tmp_path / "talkstick" / "history.jsonl").exists()  # history is opt-in
        finally:
            stop.set()
            runner.join(timeout=5)


def test_run_menu_headless_shows_the_menu_as_json_lines_and_starts_the_exercise_chosen(tmp_path):
    import os
    import subprocess
    import sys

    pack, script = load_chosen(settings())
    second = exercises(pack, script)[1][1]
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_STATE_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "talkstick", "run", "--headless", "--no-voice", "--no-listen",
         "--menu"], input="wait 0.2\npress\ndouble\nwait 0.3\nquit\n", capture_output=True,
        text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    menu = [r for r in records if r["phase"] == "menu"]
    assert [r["prompt"] for r in menu if r["prompt"]] == ["menu.intro", "menu.imago-dialogue",
                                                          f"menu.{second.id}"]
    assert menu[-1]["reason"] == "chosen" and menu[-1]["menu"]["position"] == 1
    session = records[len(menu):]
    assert session[0]["prompt"] == "device.welcome" and session[0]["step"] in second.steps
