"""The dialogue engine's rules at their edges: exact thresholds, partner B, silent mode, the
break, the end, and what a display is told (``snapshot``). Driven like the shell drives it."""

import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.script.files import PROMPTS_DIR

# From "sending" (partner A) round to "sending" again for partner B, by button.
ONE_CHUNK = ["press", "press", "press", "double", "press", "press", "press", "press", "press"]
DARK = act.Lights(turn=("off", "off"), color=(0.0, 0.0, 0.0), step_mode="off", bar=None)
BREAK = act.Lights(turn=("off", "off"), color=(0.0, 0.2, 1.0), step_mode="pulse", bar=1.0)

TWO_STEPS = """
[script]
start = "ask"
[[steps]]
id = "ask"
speaker = "sender"
color = "#123456"
prompt = "{sender}, ask {receiver}."
[steps.on]
press = "quiet"
[steps.timing]
target = "20s"
[[steps]]
id = "quiet"
speaker = "device"
prompt = ""
[steps.on]
spoken = "end"
"""


def script_file(tmp_path, text):
    path = tmp_path / "script.toml"
    path.write_text(text)
    return str(path)


def to_partner_b(t):
    """Partner A's turn with no time spent: appointment, one chunk, the swap."""
    t.press()
    for kind in ONE_CHUNK:
        t.press(kind)
    assert (t.step, t.dialogue.sender) == ("sending", 1)


# -- the turn budget ------------------------------------------------------------------------
def test_the_default_turn_budget_is_ten_minutes_to_the_tick():
    t = Table()
    t.start()
    t.press()
    assert "device.turn_long" not in said(t.wait(599.75))
    assert said(t.wait(0.25)) == ["device.turn_long"]


def test_partner_b_gets_the_same_budget_counted_from_zero_and_cued_by_name():
    t = Table(turn_seconds=120)
    t.start()
    to_partner_b(t)
    assert "device.turn_long" not in said(t.wait(119.75))
    out = t.wait(0.25)
    assert said(out) == ["device.turn_long"]
    assert of(out, act.Say)[0].text.startswith("Partner B, you've been sending for a while now.")
    assert "device.turn_long" not in said(t.wait(300))


def test_only_the_senders_own_speaking_counts_against_the_budget():
    t = Table(turn_seconds=120)
    t.start()
    t.press()
    t.press()
    assert t.step == "mirroring"                    # the receiver speaks
    assert "device.turn_long" not in said(t.wait(200))
    t.press()
    assert t.step == "accuracy"                     # the sender only answers
    assert "device.turn_long" not in said(t.wait(200))


# -- step timers ----------------------------------------------------------------------------
def test_step_led_blinks_exactly_at_warn_and_the_cue_comes_exactly_at_cue():
    t = Table()
    t.start()
    t.press()                                       # sending: warn 45 s, cue 1 min
    assert of(t.wait(44.75), act.Lights)[-1].step_mode == "steady"
    assert of(t.wait(0.25), act.Lights)[-1].step_mode == "blink"
    assert said(t.wait(14.75)) == []
    assert said(t.wait(0.25)) == ["sending.cue"]


def test_a_receiver_step_with_no_cue_words_is_never_cut_off():
    t = Table()
    t.start()
    t.press()
    for kind in ["press", "press", "press", "double"]:
        t.press(kind)
    assert t.step == "summary"                      # receiver speaks; cue 3 min, no cue_prompt
    assert said(t.wait(400)) == []


def test_ticks_that_change_nothing_send_no_lights_the_bar_moves_in_twentieths():
    t = Table()
    t.start()
    t.press()                                       # sending: target 15 s
    bars = [lights.bar for lights in of(t.wait(15), act.Lights)]
    assert bars == [round(1 - n / 20, 2) for n in range(1, 21)]
    assert of(t.wait(10), act.Lights) == []         # drained, nothing more to show


def test_a_step_without_a_target_shows_no_bar():
    t = Table(auto_speech=False)
    t.start()
    out = t.press("double")
    assert t.step == "not_now"
    assert [lights.bar for lights in of(out, act.Lights)] == [None]


# -- rounds and swaps -----------------------------------------------------------------------
def test_with_two_rounds_each_partner_sends_twice_then_the_closing(tmp_path):
    text = (PROMPTS_DIR / "en" / "imago-dialogue.toml").read_text()
    t = Table(script=script_file(tmp_path, text.replace("rounds = 1", "rounds = 2")))
    t.start()
    t.press()
    senders = []
    while t.step == "sending" and len(senders) < 5:  # a deadline, should rounds never end
        senders.append(t.dialogue.sender)
        for kind in ONE_CHUNK:
            t.press(kind)
    assert senders == [0, 1, 0, 1]
    assert t.step == "closing"


# -- silent mode and wordless steps ---------------------------------------------------------
def test_silent_mode_passes_device_steps_at_once_and_keeps_time():
    t = Table(verbosity="silent", auto_speech=False)
    t.start()
    to_partner_b(t)                                 # "switch" passed with nothing said
    assert said(t.log) == []
    out = t.wait(45)
    assert of(out, act.Lights)[-1].step_mode == "blink"


def test_silent_mode_asks_a_no_again_and_says_the_hours_chosen():
    t = Table(verbosity="silent", auto_speech=False)
    t.start()
    t.press("double")
    assert said(t.press("double")) == [] and t.step == "reschedule"
    assert said(t.press()) == ["reschedule.hours"]  # a time is chosen by ear, even here
    out = t.press("double")
    assert said(out) == ["device.appoint_done"]
    assert of(out, act.End) == [act.End("rescheduled")] and len(of(out, act.Appoint)) == 1


def test_a_device_step_with_no_words_moves_on_at_once(tmp_path):
    t = Table(script=script_file(tmp_path, TWO_STEPS), auto_speech=False)
    t.start()
    t.send(ev.SpeechDone("ask", t.now))
    out = t.press()
    assert said(out) == []
    assert of(out, act.End) == [act.End("done")]


# -- wording ---------------------------------------------------------------------------------
def test_prompts_name_the_sender_and_the_receiver_and_the_break_minutes():
    t = Table(break_minutes=5)
    t.dialogue.names = ("Sam", "Alex")
    out = t.start()
    assert of(out, act.Say)[1].text.startswith(
        "Sam, you'll begin as the Sender. In one sentence, name what you'd like to talk about, "
        "then ask Alex whether now is a good time. Alex, if it is, say so")
    out = t.press("hold")
    assert "Take at least 5 minutes apart" in of(out, act.Say)[0].text


def test_an_unknown_device_notice_says_nothing():
    t = Table()
    t.start()
    assert t.send(ev.DeviceNotice("no_such_notice", t.now)) == []


# -- the break ------------------------------------------------------------------------------
def test_a_break_shows_its_own_lights_and_resuming_restores_the_step():
    t = Table()
    t.start()
    t.press()
    out = t.press("hold")
    assert of(out, act.Lights) == [BREAK] and t.dialogue.lights == BREAK
    out = t.press() + t.press()                                  # early: the second confirms
    assert of(out, act.Lights)[-1].color == (0.0, 0.0, 1.0)      # sending is blue
    assert of(out, act.Listen)[-1] == act.Listen(("did_i_get_it", "pause", "repeat"))


def test_a_break_by_voice_pauses_the_step_clock_and_the_turn_budget():
    t = Table(turn_seconds=60)
    t.start()
    t.wait(10)                                      # A names the topic: 10 s of A's turn
    t.press()
    t.wait(20)                                      # sending from t=10: 30 s of A's turn
    t.hear("pause")
    assert t.dialogue.phase == "break"
    t.wait(20 * 60)                                 # the suggested minutes: one press resumes
    t.press()
    assert t.dialogue.phase == "running"
    assert t.dialogue.elapsed(t.now) == pytest.approx(20)
    assert "device.turn_long" not in said(t.wait(29.75))
    assert said(t.wait(0.25)) == ["device.turn_long"]


# -- the end ----------------------------------------------------------------------------------
def test_ending_goes_dark_stops_listening_and_nothing_after_it_does_anything():
    t = Table()
    t.start()
    out = t.press("long_hold")
    assert out[-3:] == [DARK, act.Listen(()), act.End("ended")]
    for event in (ev.Gesture("long_hold", 1.0), ev.Gesture("press", 1.0), ev.Start(1.0),
                  ev.Heard("pause", 1.0), ev.Tick(2.0), ev.DeviceNotice("no_model", 2.0),
                  ev.SpeechDone("device.end", 2.0)):
        assert t.send(event) == []
    assert t.dialogue.phase == "ended"


# -- what a display is told -------------------------------------------------------------------
def test_snapshot_before_during_and_after_a_session(tmp_path):
    t = Table(script=script_file(tmp_path, TWO_STEPS), auto_speech=False)
    d = t.dialogue
    leds = {"a": "off", "b": "off", "step": "off", "color": [0.0, 0.0, 0.0], "bar": None}
    assert d.snapshot(0.0) == {"t": 0.0, "phase": "ready", "step": "ask", "sender": "A", "leds": leds}
    d.handle(ev.Start(100.0))
    assert d.snapshot(105.12345) == {
        "t": 5.123, "phase": "running", "step": "ask", "sender": "A",
        "leds": {"a": "steady", "b": "off", "step": "steady", "color": [0.071, 0.204, 0.337],
                 "bar": 1.0},
    }
    d.handle(ev.Gesture("hold", 110.0))
    assert d.snapshot(111.0)["phase"] == "break"
    assert d.snapshot(111.0)["leds"] == {"a": "off", "b": "off", "step": "pulse",
                                         "color": [0.0, 0.2, 1.0], "bar": 1.0}
    assert d.snapshot(111.0)["break"] == {"minutes": 20, "left_s": 1199.0, "confirm": False}
    d.handle(ev.Gesture("long_hold", 120.0))
    assert d.snapshot(121.0) == {"t": 21.0, "phase": "ended", "step": "ask", "sender": "A",
                                 "leds": leds}


def test_snapshot_names_partner_b_when_b_sends():
    t = Table()
    t.start()
    to_partner_b(t)
    snap = t.dialogue.snapshot(t.now)
    assert (snap["sender"], snap["leds"]["a"], snap["leds"]["b"]) == ("B", "off", "steady")


def test_two_cues_due_together_are_said_one_at_a_time():
    """The turn budget running out at the moment the chunk cue is due: the chunk cue first,
    the budget cue only once the device has finished saying it."""
    t = Table(auto_speech=False, turn_seconds=60.0)
    t.start()
    for prompt_id in ("device.welcome", "appointment"):
        t.send(ev.SpeechDone(prompt_id, t.now))
    t.press()                                       # sending: cue at 1 min = the whole budget
    t.send(ev.SpeechDone("sending", t.now))
    out = t.wait(60.0)
    assert said(out) == ["sending.cue"]
    assert said(t.wait(5.0)) == []                  # still speaking the cue: the budget waits
    t.send(ev.SpeechDone("sending.cue", t.now))
    assert said(t.wait(0.25)) == ["device.turn_long"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_brief_mode_says_the_short_welcome_and_break_and_guided_the_full_ones(lang):
    from talkstick.script.pack import load_pack

    pack = load_pack(lang)
    for verbosity, prompts in (("brief", pack.brief), ("guided", pack.prompts)):
        t = Table(lang=lang, verbosity=verbosity)
        out = t.start() + t.press("hold")
        texts = {a.prompt_id: a.text for a in of(out, act.Say)}
        assert texts["device.welcome"] == prompts["welcome"]
        assert texts["device.break"] == prompts["break"].format(minutes=20)
    assert len(pack.brief["welcome"]) < len(pack.prompts["welcome"]) / 2
