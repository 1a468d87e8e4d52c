import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev

ONE_CHUNK = ["press", "press", "press", "double", "press", "press", "press", "press", "press"]


def test_start_welcomes_and_enters_the_appointment():
    t = Table()
    out = t.start()
    assert said(out)[:2] == ["device.welcome", "appointment"]
    assert t.step == "appointment"
    assert of(out, act.Listen)[-1].intents == ("appointment_ok", "yes", "no", "pause", "repeat")


@pytest.mark.parametrize("events, step", [
    ([("press",)], "sending"),
    ([("heard", "appointment_ok")], "sending"),
    ([("heard", "thats_all")], "appointment"),          # not an answer this step acts on
    ([("press",), ("heard", "did_i_get_it")], "accuracy"),
    ([("press",), ("press",), ("heard", "did_i_get_it")], "accuracy"),
    ([("press",), ("press",), ("heard", "is_there_more")], "more"),
    ([("press",), ("press",), ("press",), ("heard", "no")], "mirroring"),
    ([("press",), ("press",), ("press",), ("heard", "yes"), ("heard", "yes")], "sending"),
    ([("press",), ("press",), ("press",), ("press",), ("heard", "thats_all")], "summary"),
    ([("press",), ("press",), ("press",), ("press",), ("double",)], "summary"),
    ([("double",)], "not_now"),                      # a "no" is asked again first
    ([("heard", "no")], "not_now"),
    ([("double",), ("press",)], "sending"),            # ... once: begin now after all
    ([("double",), ("double",)], "reschedule"),        # ... twice: choose another time
])
def test_moves(events, step):
    t = Table(auto_speech=False)
    t.start()
    for e in events:
        if e[0] == "heard":
            t.hear(e[1])
        else:
            t.press(e[0])
    assert t.step == step


def test_a_whole_dialogue_by_button_both_partners_send_then_close():
    t = Table()
    t.start()
    senders = []
    t.press()  # appointment agreed
    for _ in range(2):
        senders.append(t.dialogue.sender)
        for kind in ONE_CHUNK:
            t.wait(5)
            t.press(kind)
    assert senders == [0, 1]
    assert t.step == "closing"
    out = t.press()
    assert said(out) == ["goodbye"]
    assert of(out, act.End) == [act.End("done")]
    assert t.dialogue.handle(ev.Gesture("press", t.now)) == []


def test_mirroring_loop_by_voice_goes_round_until_thats_all():
    t = Table()
    t.start()
    t.hear("appointment_ok")
    for _ in range(3):
        assert t.step == "sending"
        t.press()
        t.hear("did_i_get_it")
        t.hear("yes")
        assert t.step == "more"
        t.hear("yes")
    t.press()
    t.hear("did_i_get_it")
    t.hear("yes")
    t.hear("thats_all")
    assert t.step == "summary"


def test_forty_minute_session_runs_on_the_injected_clock():
    t = Table()
    t.start()
    t.press()
    for _ in range(2):
        for kind in ONE_CHUNK:
            t.wait(130)
            t.press(kind)
    t.wait(60)
    out = t.press()
    assert of(out, act.End) == [act.End("done")]        # the last press ends it, no timer did
    assert of(t.log, act.End) == [act.End("done")]
    assert t.dialogue.snapshot(t.now)["t"] == 40 * 60
    assert t.dialogue.talk == [130.0, 130.0]            # each sender's turn, timed by the ticks


def test_long_chunk_gets_one_gentle_cue_and_a_blinking_step_led_never_a_cut_off():
    t = Table()
    t.start()
    t.press()
    out = t.wait(44)
    assert "sending.cue" not in said(out)
    assert of(out, act.Lights)[-1].step_mode == "steady"
    out = t.wait(20)
    assert of(out, act.Lights)[-1].step_mode == "blink"
    assert said(out) == ["sending.cue"]
    out = t.wait(300)
    assert "sending.cue" not in said(out)
    assert t.step == "sending"


def test_turn_budget_cues_the_sender_once_equal_time_for_both():
    t = Table(turn_seconds=120)
    t.start()
    t.press()
    out = t.wait(119)
    assert "device.turn_long" not in said(out)
    out = t.wait(400)
    assert said(out).count("device.turn_long") == 1


def test_break_stops_everything_and_resumes_at_the_same_step_with_time_paused():
    t = Table()
    t.start()
    t.press()
    t.wait(30)
    out = t.press("hold")
    assert t.dialogue.phase == "break"
    assert said(out) == ["device.break"]
    assert of(out, act.Listen)[-1] == act.Listen(())
    assert "20 minutes" in of(out, act.Say)[0].text
    out = t.wait(25 * 60)
    assert said(out) == [] and t.step == "sending"
    t.hear("did_i_get_it")
    assert t.step == "sending"
    out = t.press()
    assert t.dialogue.phase == "running" and t.step == "sending"
    assert said(out) == ["device.resume", "sending"]
    assert t.dialogue.elapsed(t.now) == pytest.approx(30)


def test_pause_intent_is_a_break_too():
    t = Table()
    t.start()
    t.hear("pause")
    assert t.dialogue.phase == "break"


def test_double_press_repeats_where_the_step_gives_it_no_other_meaning():
    t = Table()
    t.start()
    t.press()
    out = t.press("double")
    assert said(out) == ["sending"] and t.step == "sending"
    out = t.hear("repeat")
    assert said(out) == ["sending"]


def test_long_hold_ends_the_session():
    t = Table()
    t.start()
    out = t.press("long_hold")
    assert said(out) == ["device.end"]
    assert of(out, act.End) == [act.End("ended")]
    assert of(out, act.Lights)[-1].turn == ("off", "off")


def test_a_press_while_speaking_stops_the_prompt_first():
    t = Table(auto_speech=False)
    t.start()
    out = t.press()
    assert isinstance(out[0], act.StopSpeech)
    t.send(ev.SpeechDone("sending", t.now))
    out = t.press()
    assert t.step == "mirroring" and not of(out, act.StopSpeech)


# A device step at the end, apart from the shipped scripts, whose steps may change.
ASK_THEN_GOODBYE = """
[script]
start = "ask"
[[steps]]
id = "ask"
speaker = "sender"
prompt = "{sender}, ask."
[steps.on]
press = "goodbye"
[[steps]]
id = "goodbye"
speaker = "device"
prompt = "Goodbye."
[steps.on]
spoken = "end"
"""


def to_goodbye(tmp_path, **options):
    """A started Table, the goodbye (a device step, on spoken: end) being said."""
    path = tmp_path / "ask.toml"
    path.write_text(ASK_THEN_GOODBYE)
    t = Table(script=str(path), **options)
    t.start()
    t.press()
    return t


def test_device_steps_move_on_when_their_prompt_is_spoken(tmp_path):
    t = to_goodbye(tmp_path, auto_speech=False)
    assert t.step == "goodbye"
    out = t.send(ev.SpeechDone("goodbye", t.now))
    assert of(out, act.End) == [act.End("done")]


@pytest.mark.parametrize("verbosity", ["guided", "brief", "silent"])
def test_verbosity(verbosity):
    t = Table(verbosity=verbosity)
    out = t.start() + t.press()
    assert t.step == "sending"                          # silence must not mean standing still
    texts = [a.text for a in of(out, act.Say)]
    if verbosity == "silent":
        assert texts == []
    elif verbosity == "brief":
        assert "Partner A, share one piece." in texts
    else:
        assert any(text.startswith("Partner A, share one piece, a sentence or two") for text in texts)


def test_silent_mode_still_walks_through_device_steps_and_repeats_on_request(tmp_path):
    t = Table(verbosity="silent")
    t.start()
    t.press()
    out = t.press("double")
    assert said(out) == ["sending"]
    path = tmp_path / "ask.toml"
    path.write_text(ASK_THEN_GOODBYE)
    t = Table(script=str(path), verbosity="silent", auto_speech=False)
    t.start()
    out = t.press()                              # to goodbye: said by nobody, so it moves on
    assert said(out) == [] and of(out, act.End) == [act.End("done")]


def test_turn_leds_steady_for_the_speaker_breathing_for_the_one_to_answer():
    t = Table()
    t.start()
    assert t.dialogue.lights.turn == ("steady", "off")      # A names the topic
    t.press()
    t.press()
    assert t.dialogue.lights.turn == ("off", "steady")      # B mirrors
    t.press()
    assert t.dialogue.lights.turn == ("breathing", "off")   # A answers: did they get it?


def test_bar_graph_drains_with_the_step_target():
    t = Table()
    t.start()
    t.press()
    assert t.dialogue.lights.bar == 1.0
    t.wait(7.5)
    assert t.dialogue.lights.bar == 0.5
    t.wait(10)
    assert t.dialogue.lights.bar == 0.0


def test_device_notice_is_spoken_once_even_in_silent_mode():
    t = Table(verbosity="silent")
    t.start()
    out = t.send(ev.DeviceNotice("no_model", t.now))
    assert said(out) == ["device.no_model"]


def test_names_fill_the_prompts_and_swap_with_the_roles():
    t = Table(auto_speech=True)
    t.dialogue.names = ("Sam", "Alex")
    out = t.start()
    assert of(out, act.Say)[1].text.startswith("Sam, you'll begin")
    t.press()
    for kind in ONE_CHUNK:
        out = t.press(kind)
    texts = [a.text for a in of(out, act.Say)]
    assert texts[0].startswith("Sam, if you'd like to ask Alex for a change")  # offered, not taken
    assert texts[1].startswith("Thank you both. Now we swap. Alex, you are the Sender")
    assert texts[2].startswith("Alex, share one piece")


def test_a_repeat_that_cuts_a_device_prompt_does_not_skip_its_step(tmp_path):
    t = to_goodbye(tmp_path, auto_speech=False)
    assert t.step == "goodbye"
    out = t.press("double")                      # repeat: stop, then say it again
    assert isinstance(out[0], act.StopSpeech) and said(out) == ["goodbye"]
    t.send(ev.SpeechDone("goodbye", t.now, interrupted=True))
    assert t.step == "goodbye" and t.dialogue.phase == "running"
    out = t.send(ev.SpeechDone("goodbye", t.now))
    assert of(out, act.End) == [act.End("done")]
