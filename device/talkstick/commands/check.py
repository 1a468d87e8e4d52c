"""`talkstick check [FILE…]`: validate scripts, language packs and config files."""

import sys
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.errors import ConfigError, ScriptError, TalkstickError
from talkstick.script.chosen import load_chosen
from talkstick.script.files import read_toml, shipped_files
from talkstick.script.pack import load_pack, load_phrases
from talkstick.script.steps import load_script
from talkstick.settings import load_settings


@dataclass(frozen=True)
class CheckOptions:
    files: list


def add_parser(sub):
    p = sub.add_parser(
        "check", help="validate scripts, language packs and config files",
        description="Validate dialogue scripts, language packs and config files. With no FILES, "
        "checks every pack and script shipped and what `talkstick run` would use (config file, "
        "environment, language, script). Each problem names the file, the step id and the field. "
        "Exit status 0 only when everything is valid.")
    p.add_argument("files", nargs="*", metavar="FILE", help="a script, pack.toml, phrases.toml "
                   "or config file (default: everything shipped and your config)")
    p.set_defaults(command=Command(CheckOptions, run))


def check_file(path):
    """Problems in one file (empty when valid)."""
    path = Path(path)
    try:
        if path.name == "pack.toml":
            load_pack(path.parent.name, root=path.parent.parent)
        elif path.name == "phrases.toml":
            problems = []
            load_phrases(path, problems)
            return problems
        elif _is_script(path):
            load_script(path)
        else:
            load_settings(path, environ={})
    except ScriptError as e:
        return e.problems
    except ConfigError as e:
        return [str(e)]
    return []


def _is_script(path):
    data = read_toml(path, [])
    return data is None or "steps" in data or "script" in data


def run(options, stop):
    checks = [(path, lambda p=path: check_file(p)) for path in options.files or shipped_files()]
    if not options.files:
        checks.append(("the settings talkstick run would use", check_in_effect))
    bad = 0
    for name, check in checks:
        problems = check()
        bad += bool(problems)
        print(f"ok    {name}" if not problems else "\n".join(f"error {p}" for p in problems))
    print(f"{len(checks) - bad} valid, {bad} with problems", file=sys.stderr)
    return 1 if bad else 0


def check_in_effect():
    """Problems in what `talkstick run` would use: config file, environment, language, script."""
    try:
        load_chosen(load_settings().dialogue)
    except ScriptError as e:
        return e.problems
    except TalkstickError as e:
        return [str(e)]
    return []
