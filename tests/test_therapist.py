"""Therapist mode: the profile, the facilitator's step times, and the facilitator's own button
(pure engine table tests, then the real Button on gpiozero's MockFactory)."""

import threading
import time

import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.dialogue import Dialogue, forward
from talkstick.errors import ConfigError, ScriptError
from talkstick.frontends.finger import Finger
from talkstick.script.chosen import load_chosen
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.script.targets import parse_targets, with_targets
from talkstick.settings import load_settings
from talkstick.shell.devices import Devices, Frontend
from talkstick.shell.session import run_sessions

SCRIPT = """\
[script]
id = "little"
start = "send"
rounds = 1
[[steps]]
id = "send"
speaker = "sender"
prompt = "{sender}, send."
[steps.on]
press = "mirror"
[steps.timing]
target = "2m"
warn = "3m"
[[steps]]
id = "mirror"
speaker = "receiver"
prompt = "{receiver}, mirror."
[steps.on]
press = "swap"
yes = "swap"
[[steps]]
id = "swap"
speaker = "device"
swap = true
prompt = "Swap."
[steps.on]
spoken = "send"
all_sent = "end"
"""


@pytest.fixture
def little(tmp_path):
    path = tmp_path / "little.toml"
    path.write_text(SCRIPT)
    return load_script(path)


def started(script):
    pack = load_pack("en")
    d = Dialogue(script, pack.prompts, ("Sam", "Alex"))
    d.handle(ev.Start(0.0))
    return d


def fac(d, kind, at=1.0):
    return d.handle(ev.Facilitator(kind, at))


# -- the facilitator's button, in the pure engine ----------------------------------------------

def test_a_facilitator_press_steps_forward_without_a_word(little):
    d = started(little)
    out = fac(d, "press")
    assert d.step.id == "mirror" and said(out) == []
    assert of(out, act.Lights)[-1].turn == ("off", "steady")  # the receiver's turn now shows
    assert of(out, act.Listen)[-1].intents == ("yes", "pause", "repeat")


def test_forward_through_a_swap_changes_the_sender_silently_and_reaches_the_end(little):
    d = started(little)
    fac(d, "press")
    out = fac(d, "press")  # mirror -> swap (said nothing, so it moves on at once) -> send
    assert (d.step.id, d.sender, said(out)) == ("send", 1, [])
    for n in range(2):
        fac(d, "press", 2.0 + n)
    assert d.phase == "ended" and of(d.handle(ev.Tick(9.0)), act.Say) == []


def test_a_facilitator_double_steps_back_and_the_sender_comes_back_with_the_step(little):
    d = started(little)
    fac(d, "press")
    fac(d, "press")
    assert (d.step.id, d.sender) == ("send", 1)
    out = fac(d, "double", 3.0)  # back over the swap (it only moves on) to the mirroring
    assert (d.step.id, d.sender, said(out)) == ("mirror", 0, [])
    out = fac(d, "double", 4.0)
    assert (d.step.id, d.sender, said(out)) == ("send", 0, [])
    assert fac(d, "double", 5.0) == [] and d.step.id == "send"  # the start: nowhere further back
    fac(d, "press", 6.0)
    fac(d, "press", 7.0)
    assert (d.step.id, d.sender, d.sent) == ("send", 1, [1, 0])  # the round counted once


def test_the_facilitator_cuts_what_is_being_said_and_other_gestures_do_nothing(little):
    d = started(little)
    assert d.speaking
    out = fac(d, "press")
    assert out[0] == act.StopSpeech() and not d.speaking
    assert fac(d, "hold") == [] and fac(d, "long_hold") == [] and d.phase == "running"


def test_during_a_break_the_facilitator_waits_for_the_partners(little):
    d = started(little)
    d.handle(ev.Gesture("hold", 1.0))
    assert fac(d, "press", 2.0) == [] and d.phase == "break"


def test_forward_prefers_the_press_then_the_end_of_the_prompt(little):
    assert [forward(s) for s in little.steps.values()] == ["mirror", "swap", "send"]


def test_the_partners_button_still_works_as_before(little):
    t = Table()
    t.start()
    first = t.step
    t.press()
    assert t.step != first  # the talking-stick press still moves the dialogue (and speaks)
    assert said(t.log)


def test_the_facilitator_walks_the_shipped_dialogue_to_its_end_in_silence():
    t = Table()
    t.start()
    t.log.clear()
    for n in range(60):
        if t.dialogue.phase == "ended":
            break
        t.send(ev.Facilitator("press", float(n)))
    assert t.dialogue.phase == "ended" and said(t.log) == []


# -- step times the facilitator sets --------------------------------------------------------

def test_targets_replace_a_steps_target_and_move_its_warning_later(little):
    targets = parse_targets(("send=5m", "mirror = 90s"), "config.toml:3: [dialogue] targets",
                            set(little.steps))
    timed = with_targets(little, targets)
    assert timed.steps["send"].timing.target == 300 and timed.steps["send"].timing.warn == 300
    assert timed.steps["mirror"].timing.target == 90 and little.steps["mirror"].timing.target is None


@pytest.mark.parametrize("item, message", [
    ("nowhere=5m", "'nowhere=5m': names no step (accepted: mirror, send, swap)"),
    ("send", "'send': is not \"STEP=DURATION\""),
    ("send=soon", "'send=soon': 'soon' is not a duration"),
])
def test_a_bad_target_names_where_it_was_set_and_what_is_accepted(little, item, message):
    with pytest.raises(ScriptError) as e:
        parse_targets((item,), "config.toml:3: [dialogue] targets", set(little.steps))
    assert str(e.value.problems[0]).startswith(f"config.toml:3: [dialogue] targets: {message}")


def test_targets_in_the_config_reach_the_dialogue(mock_factory, tmp_path):
    s = settings(tmp_path, TALKSTICK_DIALOGUE_TARGETS="sending=4m")
    pack, script = load_chosen(s)
    with Devices(s, pack, script, threading.Event(), Frontend()) as devices:
        assert devices.dialogue().script.steps["sending"].timing.target == 240


# -- the profile ---------------------------------------------------------------------------------

def settings(tmp_path, **environ):
    return load_settings(environ={"TALKSTICK_VOICE_ENABLED": "false", "XDG_STATE_HOME": str(tmp_path),
                                  "TALKSTICK_LISTEN_ENABLED": "false", **environ})


def test_the_therapist_profile_is_brief_and_stores_nothing(tmp_path):
    s = settings(tmp_path, TALKSTICK_DIALOGUE_PROFILE="therapist")
    assert (s.dialogue.verbosity, s.dialogue.resume_hours, s.history.enabled) == ("brief", 0.0, False)
    assert s.origin("dialogue.verbosity").startswith("profile therapist")
    home = settings(tmp_path)
    assert (home.dialogue.verbosity, home.dialogue.resume_hours > 0) == ("guided", True)


def test_a_key_set_in_the_file_wins_over_the_profile_but_cannot_break_its_promise(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[dialogue]\nprofile = "therapist"\nverbosity = "silent"\n')
    assert load_settings(config, environ={}).dialogue.verbosity == "silent"
    config.write_text('[dialogue]\nprofile = "therapist"\n\n[history]\nenabled = true\n')
    with pytest.raises(ConfigError) as e:
        load_settings(config, environ={})
    assert str(e.value).startswith(f"{config}:5: [history] enabled: therapist mode stores nothing")
    config.write_text('[dialogue]\nprofile = "therapist"\nresume_hours = 2\n')
    with pytest.raises(ConfigError, match=r"config.toml:3: \[dialogue\] resume_hours: therapist"):
        load_settings(config, environ={})


def test_the_facilitators_pin_may_not_be_another_parts(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[panel]\nfacilitator_pin = 22\n")
    with pytest.raises(ConfigError) as e:
        load_settings(config, environ={})
    assert str(e.value) == (f"{config}:2: [panel] pin(s) [22] used twice: each part needs its "
                            "own pin")
    assert load_settings(environ={"TALKSTICK_PANEL_FACILITATOR_PIN": "5"}).panel.facilitator_pin == 5
    assert load_settings(environ={}).panel.facilitator_pin is None


# -- the facilitator's button on the real stack -------------------------------------------------

def test_the_facilitators_button_on_its_own_pin_steps_forward_and_back(mock_factory, tmp_path):
    s = settings(tmp_path, TALKSTICK_DIALOGUE_PROFILE="therapist", TALKSTICK_PANEL_FACILITATOR_PIN="5")
    pack, script = load_chosen(s)
    stop = threading.Event()
    shown = []
    with Devices(s, pack, script, stop, Frontend()) as devices:
        devices.display = Shown(shown)
        hand = Finger(mock_factory.pin(5), s.panel, stop.wait)
        runner = threading.Thread(target=run_sessions, args=(devices,))
        runner.start()
        try:
            wait_for(lambda: shown and shown[-1][1] == script.start)
            hand.gesture("press")
            wait_for(lambda: shown[-1][1] != script.start)
            ahead = shown[-1][1]
            assert ahead == forward(script.steps[script.start])
            hand.gesture("double")
            wait_for(lambda: shown[-1][1] == script.start)
            assert devices.facilitator in devices.workers and devices.alive()
        finally:
            stop.set()
            runner.join(timeout=5)
    assert not list(tmp_path.rglob("*.json*"))  # therapist mode: no position, no history


class Shown:
    """A display that keeps (phase, step) after every event."""

    def __init__(self, shown):
        self.shown = shown

    def event(self, event):
        pass

    def show(self, snapshot, actions):
        self.shown.append((snapshot["phase"], snapshot["step"]))

    def close(self):
        pass


def wait_for(condition, deadline=5.0):
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)
