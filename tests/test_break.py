"""An honest break: its own clock on the LEDs and displays, a press before the suggested
minutes asks to confirm, and coming back says where the partners were."""

import io
import json

import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.breaks import CONFIRM_S
from talkstick.core.dialogue import Dialogue
from talkstick.errors import ScriptError
from talkstick.frontends.jsonlines import JsonDisplay
from talkstick.frontends.screen import render
from talkstick.frontends.simulator import Status
from talkstick.script.files import PROMPTS_DIR, SHARED, available_languages
from talkstick.script.labels import label
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script

MINUTE = 60.0


def on_a_break(**options):
    """Partner A sending, 30 s in, then a hold: a break of the default 20 minutes."""
    t = Table(**options)
    t.start()
    t.press()
    t.wait(30)
    t.press("hold")
    return t


def texts(out):
    return {a.prompt_id: a.text for a in of(out, act.Say)}


# -- its own clock ------------------------------------------------------------------------------
def test_the_bar_and_the_step_led_count_down_the_break_minutes():
    t = on_a_break()
    assert t.dialogue.lights.bar == 1.0 and t.dialogue.lights.step_mode == "pulse"
    bars = [lights.bar for lights in of(t.wait(5 * MINUTE), act.Lights)]
    assert bars == [0.95, 0.9, 0.85, 0.8, 0.75]     # one step a minute, not one a tick
    assert t.dialogue.snapshot(t.now)["break"] == {"minutes": 20, "left_s": 900.0, "confirm": False}
    out = t.wait(15 * MINUTE)
    assert of(out, act.Lights)[-1] == act.Lights(turn=("off", "off"), color=(0.0, 0.2, 1.0),
                                                 step_mode="steady", bar=0.0)
    assert said(out) == [] and t.dialogue.snapshot(t.now)["break"]["left_s"] == 0.0


def test_the_break_clock_follows_the_setting():
    t = on_a_break(break_minutes=5)
    t.wait(4 * MINUTE)
    assert t.dialogue.snapshot(t.now)["break"] == {"minutes": 5, "left_s": 60.0, "confirm": False}
    assert t.dialogue.lights.bar == 0.2


# -- a press too early asks; a second one confirms ------------------------------------------
def test_a_press_three_seconds_in_asks_to_confirm_and_does_not_resume():
    t = on_a_break()
    t.wait(3)
    out = t.press()
    assert t.dialogue.phase == "break" and said(out) == ["device.break_confirm"]
    assert texts(out)["device.break_confirm"] == ("It's been only 0 of the 20 minutes. If you're "
                                                  "both ready now, press again to start.")
    assert of(out, act.Lights)[-1].step_mode == "blink"
    assert t.dialogue.snapshot(t.now)["break"]["confirm"] is True


def test_a_second_press_within_the_confirm_window_resumes_and_says_where_they_were():
    t = on_a_break()
    t.wait(7 * MINUTE + 10)
    assert "7 of the 20 minutes" in texts(t.press())["device.break_confirm"]
    t.wait(CONFIRM_S - 0.25)
    out = t.press()
    assert t.dialogue.phase == "running" and said(out) == ["device.resume", "sending"]
    assert texts(out)["device.resume"] == ("Welcome back. Partner A was sending. Let's go on from "
                                           "there.")
    assert t.dialogue.elapsed(t.now) == pytest.approx(30)  # the step's clock stood still
    assert of(out, act.Listen)[-1] == act.Listen(("did_i_get_it", "pause", "repeat"))


def test_the_confirm_lapses_and_a_later_press_asks_again():
    t = on_a_break()
    t.press()
    out = t.wait(CONFIRM_S + 0.25)
    assert of(out, act.Lights)[-1].step_mode == "pulse"  # the blinking stops: nothing waits
    assert t.dialogue.snapshot(t.now)["break"]["confirm"] is False
    out = t.press()
    assert t.dialogue.phase == "break" and said(out) == ["device.break_confirm"]


def test_once_the_minutes_are_up_one_press_resumes():
    t = on_a_break()
    t.wait(20 * MINUTE)
    out = t.press()
    assert t.dialogue.phase == "running" and said(out) == ["device.resume", "sending"]


@pytest.mark.parametrize("kind", ["double", "hold"])
def test_other_gestures_on_a_break_neither_resume_nor_ask(kind):
    t = on_a_break()
    out = t.press(kind)
    assert t.dialogue.phase == "break" and said(out) == []


def test_a_long_hold_on_a_break_still_ends_the_session():
    t = on_a_break()
    t.press("long_hold")
    assert t.dialogue.phase == "ended"


def test_in_silent_mode_the_led_asks_instead_of_a_voice():
    t = on_a_break(verbosity="silent")
    out = t.press()
    assert said(out) == [] and of(out, act.Lights)[-1].step_mode == "blink"
    t.press()
    assert t.dialogue.phase == "running"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_brief_mode_asks_and_welcomes_back_in_its_short_words(lang):
    pack = load_pack(lang)
    t = on_a_break(lang=lang, verbosity="brief")
    t.wait(2 * MINUTE)
    asked = texts(t.press())["device.break_confirm"]
    assert asked == pack.brief["break_confirm"].format(elapsed=2, minutes=20)
    back = texts(t.press())["device.resume"]
    where = t.dialogue.script.steps["sending"].where.format(sender=pack.names[0])
    assert back == pack.brief["resume"].format(where=where)


def test_korean_welcome_back_names_the_sender_and_the_step():
    t = on_a_break(lang="ko")
    t.wait(20 * MINUTE)
    assert texts(t.press())["device.resume"] == ("다시 오셨네요. A 님의 말하기 차례였어요. "
                                                 "거기서부터 이어 갈게요.")


# -- where they were: the step's own words, else the pack's from the step's label -----------
NO_WHERE = """
[script]
start = "ask"
[[steps]]
id = "ask"
speaker = "sender"
prompt = "{sender}, ask."
[steps.on]
press = "end"
"""


def test_a_step_without_its_own_where_falls_back_to_the_packs_sentence_with_its_label(tmp_path):
    (tmp_path / "s.toml").write_text(NO_WHERE)
    pack = load_pack("en")
    for names, expected in (({"ask": "asking {nicely}"}, "asking {nicely}"), ({}, "ask")):
        d = Dialogue(load_script(tmp_path / "s.toml"), pack.prompts, pack.names, step_names=names)
        d.handle(ev.Start(0.0))
        d.handle(ev.Gesture("hold", 1.0))
        d.handle(ev.Gesture("press", 2.0))
        out = d.handle(ev.Gesture("press", 3.0))
        assert texts(out)["device.resume"] == (f"Welcome back. We were at this step: {expected}. "
                                               "Let's go on from there.")


def shipped_scripts():
    for lang in available_languages():
        for path in sorted((PROMPTS_DIR / lang).glob("*.toml")):
            if path.name not in SHARED:
                yield pytest.param(lang, path, id=f"{lang}/{path.stem}")


@pytest.mark.parametrize("lang, path", list(shipped_scripts()))
def test_every_step_of_every_shipped_script_says_where_it_was(lang, path):
    pack, script = load_pack(lang), load_script(path)
    names = {sid: label(pack.labels, sid) for sid in script.steps}
    for verbosity in ("guided", "brief"):
        for step in script.steps.values():
            d = Dialogue(script, pack.prompts_for(verbosity), pack.names, verbosity=verbosity,
                         step_names=names)
            d.step, d.phase = step, "running"
            out = d.welcome_back(0.0, "restored")
            said_back = texts(out)["device.restored"]
            assert "{" not in said_back and len(said_back) > len(pack.prompts["restored"]) - 7


def test_the_imago_scripts_give_every_step_its_own_where():
    for lang in ("en", "ko"):
        script = load_script(PROMPTS_DIR / lang / "imago-dialogue.toml")
        assert all(step.where for step in script.steps.values()), lang


# -- checked at load like the other fields ----------------------------------------------------
def test_a_wrong_placeholder_in_a_steps_where_names_file_line_step_and_field(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(NO_WHERE.replace('prompt = "{sender}, ask."',
                                     'prompt = "{sender}, ask."\nwhere = "{sender} was at {step}."'))
    with pytest.raises(ScriptError) as info:
        load_script(path)
    assert info.value.problems == [f"{path}:8: step 'ask': where: unknown placeholder {{step}} "
                                   "(accepted: minutes, receiver, sender)"]


def pack_with(tmp_path, **prompts):
    source = (PROMPTS_DIR / "en" / "pack.toml").read_text()
    for key, text in prompts.items():
        lines = source.splitlines()
        n = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
        lines[n] = f"{key} = {json.dumps(text)}"
        source = "\n".join(lines) + "\n"
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "pack.toml").write_text(source.replace("[labels]", "[labels]\n", 1)
                                               .split("\n[labels]")[0])
    (tmp_path / "xx" / "phrases.toml").write_text((PROMPTS_DIR / "en" / "phrases.toml").read_text())
    return tmp_path / "xx" / "pack.toml"


@pytest.mark.parametrize("key, text, complaint", [
    ("resume", "Back after {elapsed} minutes.", "[prompts] resume: unknown placeholder {elapsed} "
     "(accepted: minutes, receiver, sender, where)"),
    ("break_confirm", "Only {elapsed} of {where}.", "[prompts] break_confirm: unknown placeholder "
     "{where} (accepted: elapsed, minutes, receiver, sender)"),
    ("where", "At {step:d}.", "[prompts] where: cannot be filled in"),
    ("welcome", "Welcome {where}.", "[prompts] welcome: unknown placeholder {where}"),
])
def test_the_new_device_prompts_take_only_their_own_placeholders(tmp_path, key, text, complaint):
    path = pack_with(tmp_path, **{key: text})
    with pytest.raises(ScriptError) as info:
        load_pack("xx", root=tmp_path)
    assert any(p.startswith(f"{path}:") and complaint in p for p in info.value.problems), \
        info.value.problems


def test_the_shipped_wordings_of_the_new_prompts_load(tmp_path):
    pack_with(tmp_path, break_confirm="{elapsed} of {minutes}.", where="At {step}.",
              restored="Back. {where}")
    assert load_pack("xx", root=tmp_path).prompts["where"] == "At {step}."


# -- shown: JSON lines and the simulator ------------------------------------------------------
def test_json_lines_show_the_minutes_left_once_a_minute_not_every_tick():
    t = Table()
    out = io.StringIO()
    display = JsonDisplay(out, names=t.dialogue.names)

    def send(event):
        actions = t.send(event)
        display.event(event)
        display.show(t.dialogue.snapshot(event.at), actions)

    send(ev.Start(0.0))
    send(ev.Gesture("hold", 0.0))
    while t.now < 3 * MINUTE:
        t.now += 0.25
        send(ev.Tick(t.now))
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    on_break = [r for r in records if r["phase"] == "break"]
    assert [r["break"]["left_min"] for r in on_break if r["cause"] is None] == [19, 18, 17]
    assert on_break[-1]["break"] == {"minutes": 20, "left_s": 1020.0, "confirm": False,
                                     "left_min": 17}


def screen_after(*moves):
    t = Table()
    pack = load_pack("en")
    status = Status(t.dialogue.script, pack.names, pack.labels)
    for event in (ev.Start(0.0), ev.Gesture("hold", 0.0)):
        status.event(event)
        status.show(t.dialogue.snapshot(event.at), t.send(event))
    for at, kind in moves:
        t.now = at
        event = ev.Gesture(kind, at) if kind else ev.Tick(at)
        status.event(event)
        status.show(t.dialogue.snapshot(at), t.send(event))
    return "\n".join("".join(text for text, _ in line) for line in render(status.view(), 100))


def test_the_simulator_shows_the_minutes_left_the_confirm_and_the_end_of_the_minutes():
    assert "on a break: 18 min left" in screen_after((121.0, None))
    assert "early: press again to start now" in screen_after((121.0, "press"))
    assert "on a break: press space when you are both back" in screen_after((20 * MINUTE, None))
