"""The exercise library: every exercise driven to its end through `talkstick run --headless
--exercise`, in every language, with both partners; the `exercises` listing; choosing one by
flag and config; the sentence openers (stems) said on a triple press."""

import json
import os
import re
import subprocess
import sys

import pytest

from dialogue import Table, of, said
from talkstick.commands.main import main
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.vocabulary import AUTO_KEYS
from talkstick.errors import ScriptError
from talkstick.script.chosen import load_chosen
from talkstick.script.exercises import exercise_names, exercises, typical_minutes
from talkstick.script.files import PROMPTS_DIR, available_languages
from talkstick.script.steps import load_script
from talkstick.settings import describe_defaults, load_settings

LANGS = available_languages()
NAMES = exercise_names("en")
BUDGET = 120  # moves; a walk that has not ended by then goes round in circles
LIBRARY = {"appreciation", "behavior-change-request", "frustration-dialogue", "re-imaging",
           "caring-behaviors", "relationship-vision", "parent-child-dialogue",
           "daily-temperature-reading", "imago-dialogue"}


def test_the_library_is_complete_in_every_language():
    assert LIBRARY <= set(NAMES)
    for lang in LANGS:
        assert exercise_names(lang) == NAMES


# -- driven to the end, through the real headless run path ----------------------------------

def walk(lang, name):
    """The moves of a walk through the pure engine to its end: "press" (the way on) while its
    step has been visited less than twice per round, else the least-visited next step; said
    rather than pressed where an intent goes there too (speech needs no gesture time)."""
    t = Table(lang=lang, script=name)
    t.start()
    visits, moves = {t.step: 1}, []
    for _ in range(BUDGET):
        if of(t.log, act.End):
            break
        on = t.dialogue.step.on
        keys = sorted((k for k in on if k not in AUTO_KEYS), key=lambda k: (k != "press", k))
        target = on.get("press")
        if target is None or visits.get(target, 0) >= 2 * t.dialogue.script.rounds:
            target = min((on[k] for k in keys), key=lambda s: visits.get(s, 0))
        key = min((k for k in keys if on[k] == target), key=lambda k: (k in ("press", "double"), k))
        if key in ("press", "double"):
            t.press(key)
            moves.append(key)
        else:
            t.hear(key)
            moves += [f"say {key}", "wait 0.05"]  # its moves made before the next one comes
        visits[t.step] = visits.get(t.step, 0) + 1
    assert of(t.log, act.End) == [act.End("done")], f"{lang}/{name}: no end in {BUDGET} moves"
    return moves, set(visits)


def run_headless(commands, *flags, timeout=120):
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent")
    proc = subprocess.run(
        [sys.executable, "-m", "talkstick", "run", "--headless", "--no-voice", "--no-listen", *flags],
        input="\n".join(commands) + "\n", capture_output=True, text=True, timeout=timeout, env=env)
    return proc, [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_each_exercise_runs_headless_to_its_end_with_both_partners(lang, name):
    moves, visited = walk(lang, name)
    # wait for the session to start: a device step said first (the Daily Temperature
    # Reading's introduction) takes no check-in until it has moved on by itself
    proc, records = run_headless(["wait 0.2", *moves, "wait 0.3"], "--lang", lang, "--exercise", name)
    assert proc.returncode == 0, proc.stderr
    last = records[-1]
    assert (last["phase"], last["reason"]) == ("ended", "done"), records[-3:]
    script = load_script(PROMPTS_DIR / lang / f"{name}.toml")
    shown = {r["step"] for r in records}
    assert visited <= shown  # and the device's own steps, which the engine passes by itself
    assert {script.steps[s].speaker for s in shown - visited} <= {"device"}
    speakers = {(script.steps[r["step"]].speaker, r["sender"]) for r in records}
    if "sender" not in {step.speaker for step in script.steps.values()}:
        assert {speaker for speaker, _ in speakers} == {"both", "device"}  # they take turns
        return
    assert {("sender", "A"), ("receiver", "A")} <= speakers  # A sends, B receives
    if any(step.swap for step in script.steps.values()):
        assert {("sender", "B"), ("receiver", "B")} <= speakers  # then the other way round


# -- the scripts themselves ----------------------------------------------------------------

@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
@pytest.mark.parametrize("name", NAMES)
def test_every_translation_routes_and_times_its_steps_like_english(lang, name):
    script, english = (load_script(PROMPTS_DIR / lg / f"{name}.toml") for lg in (lang, "en"))
    assert {k: (dict(s.on), s.timing, s.speaker, s.turn, s.swap, bool(s.stem))
            for k, s in script.steps.items()} == {
        k: (dict(s.on), s.timing, s.speaker, s.turn, s.swap, bool(s.stem))
        for k, s in english.steps.items()}
    assert (script.rounds, script.minutes, script.start) == (english.rounds, english.minutes, english.start)


@pytest.mark.parametrize("name", NAMES)
def test_every_step_where_someone_speaks_has_a_sentence_opener(name):
    script = load_script(PROMPTS_DIR / "en" / f"{name}.toml")
    missing = [s.id for s in script.steps.values()
               if s.speaker != "device" and s.turn == "speak" and not s.stem]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_korean_puts_no_name_dependent_particle_after_a_name(name):
    """Names may end in a vowel or a consonant (prompts/ko/pack.toml), so 은/는, 이/가, 을/를,
    와/과 and (으)로 never follow {sender} or {receiver}."""
    text = (PROMPTS_DIR / "ko" / f"{name}.toml").read_text()
    assert re.findall(r"\{(?:sender|receiver)\}(?:은|는|이|가|을|를|와|과|으로|로|랑)", text) == []


def test_the_behavior_change_request_has_three_requests_each_mirrored_then_a_free_choice():
    steps = load_script(PROMPTS_DIR / "en" / "behavior-change-request.toml").steps
    for n in (1, 2, 3):
        request, mirror = steps[f"request_{n}"], steps[f"request_{n}_mirror"]
        assert (request.speaker, request.on["press"]) == ("sender", mirror.id)
        assert mirror.speaker == "receiver" and mirror.on["no"] == mirror.id
    assert steps["request_3_mirror"].on["yes"] == "gift"
    gift = steps["gift"]
    assert gift.speaker == "receiver" and "freely" in gift.prompt
    assert set(gift.on.values()) == {"gift_thanks", "not_yet"}  # choosing none is allowed


def test_the_imago_dialogue_offers_a_request_after_empathy_and_goes_on_by_itself():
    to_the_offer = ["press", "press", "press", "press", "double", "press", "press", "press",
                    "press", "press"]  # appointment, one piece, summary ... empathy_check
    t = Table()
    t.start()
    for kind in to_the_offer:
        t.press(kind)
    assert t.step == "sending" and t.dialogue.sender == 1  # not taken up: on to the swap
    assert "request_offer" in said(t.log)
    t = Table(auto_speech=False)
    t.start()
    for kind in to_the_offer:
        t.press(kind)
    assert t.step == "request_offer"
    t.press("double")
    assert (t.step, t.dialogue.sender) == ("request_1", 0)


def test_the_daily_temperature_reading_says_it_is_satir_and_pairs_not_imago():
    for lang in LANGS:
        script = load_script(PROMPTS_DIR / lang / "daily-temperature-reading.toml")
        assert "PAIRS" in script.title and "PAIRS" in script.description


# -- typical lengths and the listing -------------------------------------------------------

def test_lengths_fit_the_exercises():
    minutes = {e.name: e.minutes for e in exercises("en")}
    assert minutes["appreciation"] <= 5
    assert 15 <= minutes["daily-temperature-reading"] <= 20
    assert all(minutes.values())


def test_a_length_is_the_declared_minutes_else_the_targets_added_up(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[script]\nrounds = 2\n[[steps]]\nid = "a"\nspeaker = "sender"\nprompt = "x"\n'
                    '[steps.on]\npress = "b"\n[steps.timing]\ntarget = "1m"\n'
                    '[[steps]]\nid = "b"\nspeaker = "device"\nswap = true\nprompt = "y"\n'
                    '[steps.on]\nspoken = "a"\nall_sent = "end"\n[steps.timing]\ntarget = "31s"\n')
    assert typical_minutes(load_script(path)) == 7  # 91 s, for each of 2 partners, 2 rounds
    path.write_text(path.read_text().replace("rounds = 2", "rounds = 2\nminutes = 12"))
    assert typical_minutes(load_script(path)) == 12
    path.write_text(path.read_text().replace("minutes = 12", "minutes = 0"))
    with pytest.raises(ScriptError, match=r"s.toml:3: \[script\] minutes: 0 is out of range"):
        load_script(path)


def test_exercises_lists_name_length_title_and_a_line_each(capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")
    assert main(["exercises", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for e in exercises("en"):
        assert re.search(rf"^[ *] {re.escape(e.name)} +~{e.minutes} min  {re.escape(e.title)}$",
                         out, re.M), e.name
    assert re.search(r"^\* imago-dialogue ", out, re.M)  # what `run` would start
    assert "Daily Temperature Reading (Satir / PAIRS, not Imago)" in out
    assert "Tender work: go slowly." in out  # the line, wrapped
    assert main(["exercises", "--lang", "ko"]) == 0
    assert "감사 대화" in capsys.readouterr().out


def test_exercises_marks_the_one_the_config_chooses_and_refuses_an_unknown_language(
        capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")
    monkeypatch.setenv("TALKSTICK_DIALOGUE_EXERCISE", "appreciation")
    assert main(["exercises"]) == 0
    assert re.search(r"^\* appreciation ", capsys.readouterr().out, re.M)
    assert main(["exercises", "--lang", "xx"]) == 5
    assert "no language pack 'xx' (installed: en, ko)" in capsys.readouterr().err


# -- choosing one ---------------------------------------------------------------------------

def test_run_with_an_unknown_exercise_names_the_flag_and_lists_the_exercises():
    proc, records = run_headless(["quit"], "--exercise", "apreciation", timeout=60)
    assert proc.returncode == 5 and records == []
    assert proc.stderr.strip() == (f"talkstick: --exercise: no exercise 'apreciation' in language "
                                   f"pack en (installed: {', '.join(NAMES)})")


def test_an_exercise_is_a_name_in_the_pack_not_a_path(tmp_path):
    elsewhere = tmp_path / "x.toml"
    elsewhere.write_text((PROMPTS_DIR / "en" / "appreciation.toml").read_text())
    for name in (str(elsewhere), "../en/appreciation", ""):
        settings = load_settings(environ={}, overrides={"--exercise": ("dialogue.exercise", name)})
        with pytest.raises(ScriptError, match="--exercise: no exercise"):
            load_chosen(settings)


def test_the_config_chooses_the_exercise_a_script_of_ones_own_overrides_at_its_level(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[dialogue]\nexercise = "re-imaging"\n')
    assert load_chosen(load_settings(config, environ={}))[1].id == "re-imaging"
    mine = tmp_path / "mine.toml"
    mine.write_text((PROMPTS_DIR / "en" / "appreciation.toml").read_text())
    config.write_text(f'[dialogue]\nexercise = "re-imaging"\nscript = "{mine}"\n')
    assert load_chosen(load_settings(config, environ={}))[1].path == mine
    flag = {"--exercise": ("dialogue.exercise", "caring-behaviors")}
    assert load_chosen(load_settings(config, environ={}, overrides=flag))[1].id == "caring-behaviors"
    config.write_text('[dialogue]\nexercise = "nosuch"\n')
    with pytest.raises(ScriptError, match=rf"{config}:2: \[dialogue\] exercise: no exercise 'nosuch'"):
        load_chosen(load_settings(config, environ={}))


def test_the_config_template_has_the_exercise_key_commented():
    text = describe_defaults()
    assert '# exercise = "imago-dialogue"' in text and '# script = ""' in text
    assert "`talkstick exercises` lists them" in text


# -- sentence openers on a triple press ------------------------------------------------------

def test_a_triple_press_says_the_steps_opener_and_stays_in_the_step():
    t = Table()
    t.start()
    t.press()
    out = t.press("triple")
    assert [(a.prompt_id, a.text) for a in of(out, act.Say)] == [
        ("sending.stem", "I feel… when…")]
    assert t.step == "sending"
    t.press()
    out = t.press("triple")
    assert of(out, act.Say)[0].text == "If I got it, you said… Did I get that?"
    out = t.press("double")  # mirroring gives double no meaning: the last thing said again
    assert said(out) == ["mirroring.stem"]


def test_the_opener_is_said_in_silent_mode_a_step_without_one_says_its_prompt_and_a_break_ignores_it():
    t = Table(verbosity="silent")
    t.start()
    t.press()
    assert said(t.press("triple")) == ["sending.stem"]
    t = Table()
    t.start()
    for kind in ["press", "press", "press", "press", "double", "press"]:
        t.press(kind)
    assert t.step == "summary_check"  # the Sender answers: no opener
    assert said(t.press("triple")) == ["summary_check"]
    t.press("hold")
    assert said(t.press("triple")) == [] and t.dialogue.phase == "break"


def test_a_triple_press_cuts_the_prompt_short_and_does_not_skip_a_device_step():
    t = Table(lang="ko", script="caring-behaviors", auto_speech=False)
    t.start()
    assert t.step == "lists"
    out = t.press("triple")
    assert of(out, act.StopSpeech) and said(out) == ["lists"]  # no opener: the prompt again
    t.send(ev.SpeechDone("lists", t.now, interrupted=True))
    assert t.step == "lists"


def test_a_triple_press_goes_through_the_mock_button_pin_headless():
    proc, records = run_headless(["press", "triple", "quit"], "--exercise", "appreciation",
                                 timeout=60)
    assert proc.returncode == 0, proc.stderr
    stems = [r for r in records if r["prompt"] == "mirroring.stem"]
    assert len(stems) == 1 and stems[0]["step"] == "mirroring"
    assert stems[0]["text"].startswith("If I got it, you appreciate")


def test_a_stem_is_checked_like_a_prompt_naming_file_line_step_and_field(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[steps]]\nid = "a"\nspeaker = "sender"\nprompt = "x"\nstem = "If I got it, {partner}…"\n'
                    '[steps.on]\npress = "end"\n')
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert caught.value.problems == [f"{path}:5: step 'a': stem: unknown placeholder {{partner}} "
                                     "(accepted: minutes, receiver, sender)"]
