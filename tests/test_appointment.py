"""Choosing when to come back, in the pure engine: a "no" asked again, each press an hour said
with the time it makes, a double press to confirm, a hold to go back; and how packs and
scripts word and check it. The wall clock is given by the Start event, as the shell gives it.
"""

import calendar
import shutil

import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.appointment import MAX_HOURS, appointment_at
from talkstick.core.lights import DARK
from talkstick.core.timewords import TimeWords
from talkstick.errors import ScriptError
from talkstick.script.files import PROMPTS_DIR
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script

WALL = calendar.timegm((2026, 12, 2, 13, 2, 0))  # 1:02 pm UTC
HOUR = 3600
SEOUL = 9 * HOUR


def choosing(lang="en", wall=WALL, utc_offset=0, **options):
    """A Table at the appointment step, its "no" confirmed: the Receiver is choosing."""
    t = Table(lang=lang, time_words=load_pack(lang).time_words, **options)
    t.send(ev.Start(t.now, wall=wall, utc_offset=utc_offset))
    t.press("double")
    t.press("double")
    assert t.step == "reschedule"
    return t


def texts(actions):
    return [a.text for a in of(actions, act.Say)]


# -- a "no" is asked again ---------------------------------------------------------------
@pytest.mark.parametrize("no", [("double",), ("heard", "no")])
def test_a_no_at_the_appointment_is_asked_again_before_anything_ends(no):
    t = Table()
    t.start()
    out = t.press("double") if no == ("double",) else t.hear("no")
    assert t.step == "not_now" and said(out) == ["not_now"]
    assert texts(out) == ["Not now? Press twice again to choose another time, or once to begin now."]
    assert of(out, act.End) == [] and of(out, act.Appoint) == []


@pytest.mark.parametrize("move", [("press",), ("heard", "appointment_ok")])
def test_asked_again_a_press_or_now_is_a_good_time_begins_now(move):
    t = Table()
    t.start()
    t.press("double")
    t.press() if move == ("press",) else t.hear(move[1])
    assert t.step == "sending"


def test_asked_again_and_left_alone_it_lapses_back_to_the_appointment():
    t = Table()
    t.start()
    t.press("double")
    t.wait(29)
    assert t.step == "not_now"
    out = t.wait(1.5)
    assert t.step == "appointment" and said(out) == ["appointment"]


# -- choosing ------------------------------------------------------------------------------
def test_each_press_adds_an_hour_said_with_the_time_it_makes():
    t = choosing()
    assert [texts(t.press()) for _ in range(3)] == [
        ["In one hour: at 2 pm."], ["In 2 hours: at 3 pm."], ["In 3 hours: at 4 pm."]]
    assert t.dialogue.hours == 3 and t.step == "reschedule"


def test_a_double_press_confirms_keeps_only_the_time_and_ends_rescheduled():
    t = choosing()
    for _ in range(3):
        t.press()
    out = t.press("double")
    assert of(out, act.Appoint) == [act.Appoint(WALL - 2 * 60 + 3 * HOUR)]  # 4:00 pm, to the quarter
    assert texts(out) == ["See you at 4 pm. I'll glow and chime then."]
    assert of(out, act.End) == [act.End("rescheduled")]
    assert of(out, act.Lights)[-1] == DARK and of(out, act.Listen)[-1] == act.Listen(())
    assert out.index(of(out, act.Appoint)[0]) < out.index(act.End("rescheduled"))
    assert t.dialogue.handle(ev.Gesture("press", t.now)) == []


def test_where_nothing_is_stored_the_time_is_said_to_note_down_and_not_kept():
    t = choosing(keep_appointments=False)
    t.press()
    out = t.press("double")
    assert of(out, act.Appoint) == []
    assert texts(out) == ["So, 2 pm. Please note it down: in this mode I keep nothing."]
    assert of(out, act.End) == [act.End("rescheduled")]


def test_the_hours_stop_at_24_they_do_not_wrap():
    t = choosing()
    for _ in range(MAX_HOURS - 1):
        t.press()
    assert texts(t.press()) == ["In 24 hours: at 1 pm."]
    assert texts(t.press()) == ["In 24 hours: at 1 pm."]     # one more press changes nothing
    assert t.dialogue.hours == MAX_HOURS
    assert of(t.press("double"), act.Appoint) == [act.Appoint(WALL - 2 * 60 + 24 * HOUR)]


def test_the_time_counts_from_the_press_not_from_the_start():
    t = Table(time_words=TimeWords())
    t.send(ev.Start(t.now, wall=WALL))
    t.wait(25)                                           # 1:02:25 pm
    t.press("double")
    t.wait(25)
    t.press("double")
    t.wait(60)                                           # 1:03:50 pm
    t.press()
    t.wait(60)
    out = t.press()                                      # 1:04:50 pm + 2 h
    assert texts(out) == ["In 2 hours: at 3 pm."]
    assert of(t.press("double"), act.Appoint) == [act.Appoint(appointment_at(WALL + 170, 2))]


def test_minutes_are_said_to_the_quarter_hour():
    t = choosing(wall=WALL + 18 * 60)                    # 1:20 pm
    assert texts(t.press()) == ["In one hour: at 2:15 pm."]
    assert texts(t.press()) == ["In 2 hours: at 3:15 pm."]


def test_korean_says_the_hour_in_native_numbers_with_the_local_time():
    t = choosing("ko", utc_offset=SEOUL)                 # 10:02 pm in Seoul
    assert texts(t.press()) == ["오후 열한 시. 지금부터 한 시간 뒤예요."]
    assert texts(t.press()) == ["오전 열두 시. 지금부터 두 시간 뒤예요."]
    assert texts(t.press()) == ["오전 한 시. 지금부터 세 시간 뒤예요."]
    out = t.press("double")
    assert texts(out) == ["오전 한 시에 다시 만나요. 그때 불빛과 작은 종소리로 알려 드릴게요."]
    assert of(out, act.End) == [act.End("rescheduled")]


def test_a_double_press_before_any_hour_says_how_to_choose_again():
    t = choosing()
    out = t.press("double")
    assert said(out) == ["reschedule"] and of(out, act.End) == []
    assert t.step == "reschedule"


def test_a_hold_goes_back_to_the_appointment_and_keeps_nothing():
    t = choosing()
    t.press()
    out = t.press("hold")
    assert t.step == "appointment" and said(out) == ["appointment"]
    assert t.dialogue.phase == "running" and of(t.log, act.Appoint) == []
    t.press("double")
    t.press("double")
    assert texts(t.press()) == ["In one hour: at 2 pm."]  # chosen afresh


def test_a_long_hold_ends_the_session_as_anywhere_and_keeps_nothing():
    t = choosing()
    t.press()
    out = t.press("long_hold")
    assert of(out, act.End) == [act.End("ended")] and of(t.log, act.Appoint) == []


def test_choosing_lapses_back_two_minutes_after_the_last_press():
    t = choosing()
    t.wait(100)
    t.press()
    t.wait(100)
    assert t.step == "reschedule"                        # the press started the wait afresh
    out = t.wait(21)
    assert t.step == "appointment" and said(out) == ["appointment"]


def test_a_start_without_a_wall_clock_still_chooses_by_the_hour():
    t = Table()
    t.start()
    t.press("double")
    t.press("double")
    t.press()
    assert of(t.press("double"), act.End) == [act.End("rescheduled")]


# -- time words ----------------------------------------------------------------------------
@pytest.mark.parametrize("seconds, spoken", [
    (0, "12 am"), (12 * HOUR, "12 pm"), (13 * HOUR + 45 * 60, "1:45 pm"), (23 * HOUR, "11 pm")])
def test_a_twelve_hour_clock(seconds, spoken):
    assert TimeWords().time(WALL - 13 * HOUR - 2 * 60 + seconds) == spoken


def test_a_twenty_four_hour_clock_and_the_offset():
    words = TimeWords(hours=24, on_the_hour="{hour}:00", with_minutes="{hour}:{minute}")
    assert words.time(WALL - 2 * 60 + 3 * HOUR) == "16:00"
    assert words.time(WALL - 2 * 60 + 3 * HOUR + 15 * 60, utc_offset=-5 * HOUR) == "11:15"
    assert words.count(3) == "3"


# -- scripts and packs refuse what cannot work ---------------------------------------------
CHOOSE = """\
[[steps]]
id = "ask"
speaker = "sender"
prompt = "Now?"
[steps.on]
press = "end"
double = "choose"

[[steps]]
id = "choose"
speaker = "receiver"
appoint = true
prompt = "Press for each hour."
[steps.on]
{on}
"""


def problems(tmp_path, text):
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    return [p.replace(f"{path}", "s.toml") for p in caught.value.problems]


def test_an_appoint_step_ends_the_session_so_the_script_loads(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(CHOOSE.format(on='lapse = "ask"'))
    assert load_script(path).steps["choose"].appoint


def test_an_appoint_step_needs_somewhere_to_go_back_to(tmp_path):
    assert problems(tmp_path, CHOOSE.format(on="")) == [
        "s.toml:14: step 'choose': on.lapse: an appoint step needs the step a hold (or a lapse) "
        "goes back to"]


def test_an_appoint_step_leaves_its_presses_to_the_engine(tmp_path):
    assert problems(tmp_path, CHOOSE.format(on='lapse = "ask"\npress = "ask"')) == [
        "s.toml:16: step 'choose': on.press: in an appoint step a press adds an hour and a double "
        "press confirms (accepted here: lapse and heard intents)"]


def test_a_lapse_needs_a_step_to_lapse_to(tmp_path):
    text = CHOOSE.format(on='lapse = "ask"').replace(
        'double = "choose"\n', 'double = "choose"\n[steps.timing]\nlapse = "30s"\n')
    text = text.replace('lapse = "ask"', "")
    assert problems(tmp_path, text) == [
        "s.toml:5: step 'ask': on.lapse: timing.lapse needs the step to go back to (on.lapse)",
        "s.toml:16: step 'choose': on.lapse: an appoint step needs the step a hold (or a lapse) "
        "goes back to"]


@pytest.fixture
def pack_copy(tmp_path):
    shutil.copytree(PROMPTS_DIR / "en", tmp_path / "en")
    return tmp_path / "en" / "pack.toml"


def pack_problems(pack_copy, old, new):
    text = pack_copy.read_text()
    assert text.count(old) == 1
    pack_copy.write_text(text.replace(old, new))
    line = text[:text.index(old)].count("\n") + 1
    with pytest.raises(ScriptError) as caught:
        load_pack("en", root=pack_copy.parent.parent)
    return line, [p.replace(str(pack_copy), "pack.toml") for p in caught.value.problems]


@pytest.mark.parametrize("old, new, expected", [
    ("hours = 12 ", "hours = 13 ", "[clock] hours: 13 is not 12 or 24 (a 12-hour clock with am/pm, or 24)"),
    ('with_minutes = "{hour}:{minute} {ampm}"', 'with_minutes = "{hour}:{minutes}"',
     "[clock] with_minutes: unknown placeholder {minutes} (accepted: {ampm}, {hour}, {minute})"),
    ('pm = "pm"', 'pm = "pm"\nnumbers = ["one"]',
     "[clock] numbers: must list the words for 1 to 24, 24 texts; got ['one']"),
    ('am = "am"', 'am = 1', "[clock] am: must be text, got 1"),
])
def test_a_bad_clock_table_names_file_line_key_and_what_is_accepted(pack_copy, old, new, expected):
    line, found = pack_problems(pack_copy, old, new)
    assert found == [f"pack.toml:{line + (1 if 'numbers' in new else 0)}: {expected}"]


def test_a_time_prompt_may_use_time_and_hours_and_nothing_else(pack_copy):
    line, found = pack_problems(pack_copy, 'appoint_done = "See you at {time}.',
                                'appoint_done = "See you at {time} on {day}.')
    assert len(found) == 1 and found[0].startswith(f"pack.toml:{line}: [prompts] appoint_done: "
                                                   "unknown placeholder {day}")
