"""`talkstick check [FILE…]`: validate scripts, language packs and config files."""

import sys
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.commands.graph import draw_graph
from talkstick.errors import ConfigError, ScriptError, TalkstickError
from talkstick.script.chosen import load_chosen
from talkstick.script.files import shipped_files
from talkstick.script.pack import load_pack, load_phrases, phrases_in
from talkstick.script.steps import load_script
from talkstick.settings import load_settings
from talkstick.tomlfile.quoting import one_line
from talkstick.tomlfile.source import is_dir, read_source


@dataclass(frozen=True)
class CheckOptions:
    files: list
    graph: str | None = None


def add_parser(sub):
    p = sub.add_parser(
        "check", help="validate scripts, language packs and config files",
        description="Validate dialogue scripts, language packs and config files. With no FILES, "
        "checks every pack and script shipped and what `talkstick run` would use (config file, "
        "environment, language, script). Each problem names the file, the step id and the field. "
        "Exit status 0 only when everything is valid.")
    p.add_argument("files", nargs="*", metavar="FILE", help="a script, pack.toml, phrases.toml "
                   "or config file, or a folder of them (default: everything shipped and your config)")
    p.add_argument("--graph", metavar="FILE", help="also draw the script (the one FILE given, "
                   "else the one `talkstick run` would use) as a map of its steps and moves: SVG, "
                   "or Graphviz dot when FILE ends in .dot; open the SVG in a web browser")
    p.set_defaults(command=Command(CheckOptions, run))


def check_file(path):
    """Problems in one file (empty when valid), each on one line."""
    path = Path(path)
    if is_dir(path):
        return [one_line(f"{path}: a directory with no .toml files in it (accepted: a script, "
                         "pack.toml, phrases.toml or config file, or a folder of them)")]
    problems = []
    source = read_source(path, problems)
    if source is None:
        return problems
    try:
        if path.name == "pack.toml":
            load_pack(path.parent.name, root=path.parent.parent)
        elif path.name == "phrases.toml":
            load_phrases(path, problems)
        elif "steps" in source.data or "script" in source.data:
            load_script(path)
        elif not source.text.strip():
            problems.append(one_line(f"{path}: an empty file: not a script, pack or config"))
        else:
            load_chosen(load_settings(path, environ={}))
    except ScriptError as e:
        return e.problems
    except ConfigError as e:
        return [str(e)]
    return problems


def files_to_check(names):
    """The files named, a folder standing for the .toml files in it and in its folders (such
    as prompts/ and its language packs), if it has any."""
    files = []
    for name in names:
        inside = sorted([*Path(name).glob("*.toml"), *Path(name).glob("*/*.toml")]) if is_dir(name) else []
        files += inside or [Path(name)]
    return files


def run(options, stop):
    files = files_to_check(options.files) if options.files else shipped_files()
    checks = [(path, lambda p=path: check_file(p)) for path in files]
    if not options.files:
        checks.append(("the settings talkstick run would use", check_in_effect))
    bad = 0
    for name, check in checks:
        problems = check()
        bad += bool(problems)
        print(one_line(f"ok    {name}") if not problems else "\n".join(f"error {p}" for p in problems))
    if not options.files:
        for line in pack_warnings():
            print(f"warn  {line}")
    print(f"{len(checks) - bad} valid, {bad} with problems", file=sys.stderr)
    if options.graph and not bad:
        draw_graph(options.files, options.graph)
    return 1 if bad else 0


def check_in_effect(config=None):
    """Problems in what `talkstick run` would use: config file (``config``, else the one found),
    environment, language, script, each named where it was set (file and line, variable or flag)."""
    try:
        load_chosen(load_settings(config))
    except ScriptError as e:
        return e.problems
    except TalkstickError as e:
        return [str(e)]
    return []


def pack_warnings(root=None):
    """What is valid in a shipped pack but cannot work as meant: intents with wordings that no
    script of the pack listens for, and steps whose opener asks a question that holds a wording
    of the answer they listen for."""
    from talkstick.script.checks import questions_heard_as_answers, unheard_intents
    from talkstick.script.files import PROMPTS_DIR, SHARED, available_languages

    root = PROMPTS_DIR if root is None else root
    warnings = []
    for lang in available_languages(root):
        folder = Path(root) / lang
        try:
            scripts = [load_script(p) for p in sorted(folder.glob("*.toml")) if p.name not in SHARED]
        except ScriptError:
            continue  # reported as an error already
        source = read_source(folder / "phrases.toml", [])
        if source is None:
            continue  # reported as an error already
        phrases, _ = phrases_in(source, [])
        warnings += unheard_intents(source, list(phrases), scripts)
        for script in scripts:
            warnings += questions_heard_as_answers(script, phrases)
    return warnings
