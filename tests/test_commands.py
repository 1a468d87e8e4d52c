"""The command line: main() only wires, each subcommand gets frozen options, never argparse."""

import argparse
import dataclasses
import signal

import pytest

from talkstick.commands.command import Command
from talkstick.commands.main import build_parser, main
from talkstick.script.exercises import exercise_names

EXERCISES = ", ".join(exercise_names("en"))  # what a wrong script name is told


def commands(parser, prefix=()):
    """(words, subparser) for every subcommand that runs something, nested ones too."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            if isinstance(sub.get_default("command"), Command):
                yield (*prefix, name), sub
            yield from commands(sub, (*prefix, name))


COMMANDS = dict(commands(build_parser()))


def test_every_subcommand_is_registered():
    assert {" ".join(words) for words in COMMANDS} == {
        "run", "check", "config", "phrases", "model download", "model check", "model where",
        "detect", "bench", "selftest", "doctor", "wiring", "soak", "install", "exercises", "history",
        "record"}


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_each_command_has_frozen_options_made_of_its_own_arguments(words):
    parser = COMMANDS[words]
    command = parser.get_default("command")
    names = {f.name for f in dataclasses.fields(command.options_class)}
    dests = {a.dest for a in parser._actions} - {"help"}
    assert names == dests, f"{' '.join(words)}: options {sorted(names)} vs arguments {sorted(dests)}"
    assert command.options_class.__dataclass_params__.frozen


def test_only_long_runs_turn_signals_into_a_stop():
    graceful = {" ".join(w) for w, p in COMMANDS.items() if p.get_default("command").graceful}
    # a soak stops tidily and still prints its figures; a recording keeps the takes so far
    assert graceful == {"run", "soak", "record"}


def test_the_options_object_is_all_a_command_sees(monkeypatch):
    """main hands the command its frozen options and a stop Event, and puts back the signal
    handlers it set."""
    seen = []
    parser = COMMANDS[("run",)]

    def fake_run(options, stop):
        seen.append((options, stop, signal.getsignal(signal.SIGTERM)))
        signal.raise_signal(signal.SIGTERM)  # a graceful command: it only sets stop
        return 7

    before = signal.getsignal(signal.SIGTERM)
    original = parser.get_default("command")
    monkeypatch.setattr("talkstick.commands.main.build_parser", lambda: _with(original, fake_run))
    assert main(["run", "--headless", "--lang", "ko"]) == 7
    options, stop, handler = seen[0]
    assert type(options) is original.options_class and options.language == "ko" and options.headless
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.language = "en"
    assert stop.is_set() and handler is not before
    assert signal.getsignal(signal.SIGTERM) is before


def _with(original, run):
    """The real parser, its run command's function swapped for ``run``."""
    parser = build_parser()
    dict(commands(parser))[("run",)].set_defaults(command=dataclasses.replace(original, run=run))
    return parser


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_a_talkstick_error_is_one_line_with_its_exit_code(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("DEBUG", raising=False)
    assert main(["config", "--show", "--config", str(tmp_path / "nope.toml")]) == 4
    err = capsys.readouterr().err
    assert err == f"talkstick: {tmp_path / 'nope.toml'}: config file not found\n"


@pytest.mark.parametrize("config, flags, environ, expected", [
    ('[dialogue]\nlanguage = "fr"\n', [], {}, "{config}:2: [dialogue] language: no language pack 'fr' "
     "(installed: en, ko)"),
    ('[dialogue]\n\nscript = "nosuch"\n', [], {}, "{config}:3: [dialogue] script: no script 'nosuch' in "
     "language pack en (installed: " + EXERCISES + "; or a path to a .toml script)"),
    ('[dialogue]\nlanguage = "ko"\n', ["--lang", "fr"], {}, "--language: no language pack 'fr' (installed: en, ko)"),
    ("", [], {"TALKSTICK_DIALOGUE_SCRIPT": "nosuch"}, "environment variable TALKSTICK_DIALOGUE_SCRIPT: no script "
     "'nosuch' in language pack en (installed: " + EXERCISES + "; or a path to a .toml script)"),
])
def test_run_names_where_a_missing_language_or_script_was_chosen(capsys, monkeypatch, tmp_path, config, flags,
                                                                  environ, expected):
    """As `talkstick check` does: the config file and line, the variable or the flag."""
    for name in ("DEBUG", "TALKSTICK_DIALOGUE_LANGUAGE", "TALKSTICK_DIALOGUE_SCRIPT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "config.toml"
    path.write_text(config)
    assert main(["run", "--headless", "--config", str(path), *flags]) == 5
    assert capsys.readouterr().err == f"talkstick: {expected.format(config=path)}\n"
