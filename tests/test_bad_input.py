"""Bad input gets a valid object or one line naming file, line, step and field — nothing else.

One test per case the loaders' fuzzer found (tests/test_fuzz_loaders.py keeps looking), and the
same rule for `talkstick check`, numbers on the command line and a reader that goes away.
"""

import os
import subprocess
import sys

import pytest

from talkstick.commands.main import main
from talkstick.core.vocabulary import DEVICE_PROMPTS, INTENTS
from talkstick.errors import ConfigError, ScriptError
from talkstick.script.exercises import exercise_names
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.settings import load_settings

EXERCISES = ", ".join(exercise_names("en"))  # what a wrong script name is told

SCRIPT = """\
[script]
start = "a"

[[steps]]
id = "a"
speaker = "sender"
prompt = "Hello {sender}"
[steps.on]
press = "b"
[steps.timing]
target = "30s"

[[steps]]
id = "b"
speaker = "device"
prompt = "Bye"
[steps.on]
spoken = "end"
"""


def script_problems(tmp_path, text_or_bytes):
    path = tmp_path / "script.toml"
    if isinstance(text_or_bytes, bytes):
        path.write_bytes(text_or_bytes)
    else:
        path.write_text(text_or_bytes)
    with pytest.raises(ScriptError) as info:
        load_script(path)
    return one_line_each(info.value.problems, path)


def one_line_each(problems, path):
    for p in problems:
        assert p.isprintable() and p.startswith(str(path)), p
    return problems


def test_invalid_utf8_names_the_line_of_the_bad_byte(tmp_path):
    problems = script_problems(tmp_path, SCRIPT.encode().replace(b'"Bye"', b'"By\xff"'))
    assert problems == [f"{tmp_path / 'script.toml'}:16: not UTF-8 text: byte 0xff; "
                        "save the file as UTF-8"]


def test_nesting_500_deep_is_not_valid_toml(tmp_path):
    problems = script_problems(tmp_path, SCRIPT + "x = " + "[" * 500 + "]" * 500 + "\n")
    assert problems == [f"{tmp_path / 'script.toml'}:19: not valid TOML: lists or tables nested too "
                        "deeply"]


@pytest.mark.parametrize("change, expected", [
    (('start = "a"', "start = []"), ":2: [script] start: must be text, got []"),
    (('speaker = "device"', 'speaker = "device"\ntiming = []'), ":16: step 'b': timing: must be a table, got []"),
    (('[steps.on]\npress = "b"', 'on = ["x"]'), ":8: step 'a': on: must be a table, got ['x']"),
    (('[steps.on]\npress = "b"', "on = 1.0"), ":8: step 'a': on: must be a table, got 1.0"),
    (('target = "30s"', "target = nan"), "step 'a': timing.target: nan is not a duration"),
    (('target = "30s"', "target = inf"), ":11: step 'a': timing.target: inf is longer than a day (accepted: up to 24h)"),
    (('press = "b"', 'press = "nowhere"'), ":9: step 'a': on.press: no step 'nowhere' (accepted: a step id or 'end')"),
    (('speaker = "device"', 'speaker = "device"\ncolor = true'), ":16: step 'b': color: must be text, got true"),
    (('start = "a"', 'start = "a"\nrounds = true'), ":3: [script] rounds: must be a whole number, got true"),
    (('prompt = "Bye"', 'prompt = "Bye {sender!x}"'), "step 'b': prompt: cannot be filled in: Unknown conversion specifier x"),
])
def test_a_wrong_type_or_value_is_one_problem_with_its_line(tmp_path, change, expected):
    assert any(expected in p for p in script_problems(tmp_path, SCRIPT.replace(*change))), expected


def test_lines_are_counted_through_multi_line_strings_and_inline_tables(tmp_path):
    text = SCRIPT.replace('prompt = "Hello {sender}"', 'prompt = """Hello\n{sender} \\"""\n\n"""\n'
                          "brief = '''one\ntwo'''")
    text = text.replace('[steps.on]\nspoken = "end"', 'on = { spoken = "end", press = [\n  "a",\n  "zz"] }')
    assert script_problems(tmp_path, text) == [
        f"{tmp_path / 'script.toml'}:22: step 'b': on.press: must be a step id, got ['a', 'zz']"]


def test_steps_that_are_not_a_list_of_tables(tmp_path):
    assert script_problems(tmp_path, "steps = 5\n") == [
        f"{tmp_path / 'script.toml'}:1: steps: must be a list of tables, got 5"]


def test_an_unknown_key_with_control_characters_is_escaped_on_one_line(tmp_path):
    problems = script_problems(tmp_path, SCRIPT.replace('prompt = "Bye"', 'prompt = "Bye"\n"col\\u001b[2Jor\\n" = 1'))
    assert any(':17: step \'b\': "col\\u001b[2Jor\\n": unknown key' in p
               for p in problems), problems


def test_a_step_id_with_control_characters_is_escaped(tmp_path):
    problems = script_problems(tmp_path, SCRIPT.replace('press = "b"', 'press = "b\\r\\n"'))
    assert any('no step "b\\r\\n"' in p for p in problems), problems


# Packs: a folder with a minimal pack.toml and phrases.toml, one part of them broken.
PACK = '[pack]\nnames = ["A", "B"]\n\n[prompts]\n' + "".join(f'{k} = "words"\n' for k in DEVICE_PROMPTS)
PHRASES = "[phrases]\n" + "".join(f'{i} = ["{i}"]\n' for i in INTENTS)


def pack_problems(tmp_path, pack=PACK, phrases=PHRASES):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "pack.toml").write_text(pack)
    (tmp_path / "xx" / "phrases.toml").write_text(phrases)
    with pytest.raises(ScriptError) as info:
        load_pack("xx", root=tmp_path)
    return one_line_each(info.value.problems, tmp_path / "xx")


def test_a_minimal_pack_loads(tmp_path):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "pack.toml").write_text(PACK)
    (tmp_path / "xx" / "phrases.toml").write_text(PHRASES)
    assert load_pack("xx", root=tmp_path).names == ("A", "B")


@pytest.mark.parametrize("pack, phrases, expected", [
    (PACK.replace('[pack]\nnames = ["A", "B"]', "pack = 1"), PHRASES, "pack.toml:1: [pack]: must be a table, got 1"),
    ("prompts = [{}]\n" + PACK.replace("[prompts]", "[more]"), PHRASES, "pack.toml:1: [prompts]: must be a table, got [{}]"),
    (PACK, "phrases = []\n", "phrases.toml:1: [phrases]: must be a table, got []"),
    (PACK, 'filler = "um"\n' + PHRASES, "phrases.toml:1: [filler]: must be a table, got 'um'"),
    (PACK, PHRASES.replace('yes = ["yes"]', "yes = [1]"), "phrases.toml:5: [phrases] yes: must be a non-empty list of wordings, e.g. [\"yes\", \"that's right\"]; got [1]"),
    (PACK.replace('welcome = "words"', "welcome = 5"), PHRASES, "pack.toml:5: [prompts] welcome: must be text, got 5 (every pack words welcome,"),
    (PACK.replace('end = "words"', 'end = "Bye {name}"'), PHRASES, "pack.toml:8: [prompts] end: unknown placeholder {name}"),
])
def test_a_broken_pack_part_is_one_problem_with_its_line(tmp_path, pack, phrases, expected):
    problems = pack_problems(tmp_path, pack, phrases)
    assert any(expected in p for p in problems), problems


# Config files.
def config_error(tmp_path, data):
    path = tmp_path / "config.toml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert str(info.value).isprintable() and str(info.value).startswith(str(path)), info.value
    return str(info.value)


@pytest.mark.parametrize("text, expected", [
    ('[dialogue]\nnames = [1, 2]\n', ":2: [dialogue] names: [1, 2] is not a list of names"),
    ('[panel]\n"bu\\u001b[2Jtton" = 4\n', ':2: [panel] "bu\\u001b[2Jtton": unknown key'),
    ('[voice]\nenabled = true\n[listen]\nenabled = "no"\n', ":4: [listen] enabled: 'no' is not true or false"),
    ('[voice]\nvolume = nan\n', ":2: [voice] volume: nan is not a finite number"),
    ('[voice]\nrate = true\n', ":2: [voice] rate: true is not a whole number"),
    ('[voice]\ndevice = "hw\\u0000"\n', ':2: [voice] device: "hw\\u0000" holds control characters'),
    ('voice = 3\n', ":1: [voice]: must be a table of settings, got 3"),
    ('[panel]\nled_a = 17\n', ":2: [panel] pin(s) [17] used twice"),
    ("x = " + "[" * 500 + "]" * 500, ":1: not valid TOML: lists or tables nested too deeply"),
    ('[dialogue]\nscript = "a', ":2: not valid TOML: Unterminated string (at the end)"),
])
def test_a_bad_config_value_is_one_line_naming_file_line_and_key(tmp_path, text, expected):
    assert expected in config_error(tmp_path, text)


def test_a_config_file_that_is_not_utf8(tmp_path):
    assert config_error(tmp_path, b'[voice]\nvoice = "\xff"\n').endswith(
        "config.toml:2: not UTF-8 text: byte 0xff; save the file as UTF-8")


# `talkstick check`
def check(capsys, *paths):
    code = main(["check", *map(str, paths)])
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return code, out


def test_check_on_a_folder_checks_the_toml_files_in_it(tmp_path, capsys):
    (tmp_path / "script.toml").write_text(SCRIPT)
    assert check(capsys, tmp_path) == (0, f"ok    {tmp_path / 'script.toml'}\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = check(capsys, empty)
    assert code == 1 and out.startswith(f"error {empty}: a directory with no .toml files in it")


def test_check_on_an_empty_file_is_an_error(tmp_path, capsys):
    (tmp_path / "empty.toml").write_text("\n")
    assert check(capsys, tmp_path / "empty.toml") == (
        1, f"error {tmp_path / 'empty.toml'}: an empty file: not a script, pack or config\n")


def test_check_on_a_file_that_is_not_utf8_or_too_deep_shows_no_traceback(tmp_path, capsys):
    (tmp_path / "a.toml").write_bytes(b"x = \xff\n")
    (tmp_path / "b.toml").write_text("x = " + "[" * 500 + "]" * 500)
    code, out = check(capsys, tmp_path / "a.toml", tmp_path / "b.toml")
    assert code == 1 and out.count("\n") == 2 and "not UTF-8" in out and "nested too deeply" in out


@pytest.mark.parametrize("text, expected", [
    ('[dialogue]\nlanguage = "fr"\n', "config.toml:2: [dialogue] language: no language pack 'fr' (installed: en, ko)"),
    ('[dialogue]\n\nscript = "nosuch"\n', "config.toml:3: [dialogue] script: no script 'nosuch' in language pack en "
                                          "(installed: " + EXERCISES + "; or a path to a .toml script)"),
])
def test_check_refuses_a_config_that_run_would_refuse(tmp_path, capsys, text, expected):
    (tmp_path / "config.toml").write_text(text)
    code, out = check(capsys, tmp_path / "config.toml")
    assert code == 1 and out == f"error {tmp_path}/{expected}\n"


def test_check_follows_a_config_to_the_script_it_names(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text(SCRIPT.replace('press = "b"', 'press = "c"'))
    (tmp_path / "config.toml").write_text(f'[dialogue]\nscript = "{tmp_path / "broken.toml"}"\n')
    code, out = check(capsys, tmp_path / "config.toml")
    assert code == 1 and f"error {tmp_path / 'broken.toml'}:9: step 'a': on.press: no step 'c'" in out


# Numbers on the command line.
@pytest.mark.parametrize("args, expected", [
    (["bench", "--negative-minutes", "-1"], "argument --negative-minutes: -1 is out of range (0.5 to 600)"),
    (["bench", "--session-minutes", "nan"], "argument --session-minutes: nan is out of range (0.5 to 600)"),
    (["bench", "--seed", "x"], "argument --seed: 'x' is not a whole number (accepted: 0 to 4294967295)"),
])
def test_bench_refuses_numbers_out_of_range(capsys, args, expected):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2 and expected in capsys.readouterr().err


def test_number_in_is_an_argparse_type_for_a_range():
    import argparse

    from talkstick.commands.numbers import number_in

    parser = argparse.ArgumentParser()
    parser.add_argument("--wait", type=number_in(0, 60))
    assert parser.parse_args(["--wait", "2.5"]).wait == 2.5
    assert number_in(1, 3, int)("3") == 3
    for bad in ("-1", "61", "inf", "nan", "soon"):
        with pytest.raises(argparse.ArgumentTypeError):
            number_in(0, 60)(bad)


# A reader that goes away: `talkstick phrases | head`.
@pytest.mark.parametrize("args", [["phrases"], ["config", "--show"], ["config"]])
def test_a_closed_pipe_ends_quietly(args, tmp_path):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "talkstick", *args], stdout=write,
                          stderr=subprocess.PIPE, env=env, timeout=60)
    os.close(write)
    assert (done.returncode, done.stderr) == (1, b"")


def test_a_brief_prompt_that_is_not_a_device_prompt_names_its_line(tmp_path):
    import shutil

    from talkstick.errors import ScriptError
    from talkstick.script.files import PROMPTS_DIR
    from talkstick.script.pack import load_pack

    shutil.copytree(PROMPTS_DIR / "en", tmp_path / "xx")
    pack = tmp_path / "xx" / "pack.toml"
    pack.write_text(pack.read_text().replace('[brief]\n', '[brief]\nwelcom = "Hi."\n'))
    with pytest.raises(ScriptError) as info:
        load_pack("xx", root=tmp_path)
    line = pack.read_text().splitlines().index('welcom = "Hi."') + 1
    assert info.value.problems == [f"{pack}:{line}: [brief] welcom: unknown prompt (accepted: "
                                   f"{', '.join(DEVICE_PROMPTS)})"]
