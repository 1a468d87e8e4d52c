"""Registers every subcommand; the small ones (check, config, phrases) live here too."""

import json
import sys
from pathlib import Path

from talkstick.errors import ConfigError, ScriptError, TalkstickError
from talkstick.pack import PROMPTS_DIR, available_languages, load_pack, load_phrases, read_toml
from talkstick.script import load_chosen, load_script
from talkstick.settings import describe_defaults, load_settings


def add_commands(sub):
    from talkstick.run import add_run_command

    add_run_command(sub)
    p = sub.add_parser(
        "check", help="validate scripts, language packs and config files",
        description="Validate dialogue scripts, language packs and config files. With no FILES, "
        "checks every pack and script in prompts/ and the config file in use. Each problem names "
        "the file, the step id and the field. Exit status 0 only when everything is valid.")
    p.add_argument("files", nargs="*", metavar="FILE", help="a script, pack.toml, phrases.toml "
                   "or config file (default: everything in prompts/ and your config)")
    p.set_defaults(run=run_check)
    p = sub.add_parser("config", help="print every setting with its default, as a config file",
                       description="Print a config file with every key, its default and what it "
                       "accepts. Save it as ~/.config/talkstick/config.toml (or "
                       "/etc/talkstick/config.toml for the service) and edit what you need.")
    p.add_argument("--show", action="store_true", help="print the settings in effect instead "
                   "(after config file and TALKSTICK_* environment variables)")
    p.add_argument("--config", metavar="FILE", help="config file to read with --show")
    p.set_defaults(run=run_config)
    p = sub.add_parser("phrases", help="print the check-in phrases of a language pack",
                       description="Print the check-in phrases the device listens for, by intent.")
    p.add_argument("--lang", default="en", help="language pack (default: en; installed: "
                   f"{', '.join(available_languages())})")
    p.add_argument("--json", action="store_true", help="print {intent: [wordings…]} as JSON")
    p.set_defaults(run=run_phrases)
    from talkstick.bench import add_bench_command
    from talkstick.detect import add_detect_command
    from talkstick.model_command import add_model_commands
    from talkstick.selftest import add_selftest_command

    for add in (add_model_commands, add_detect_command, add_bench_command, add_selftest_command):
        add(sub)


def default_check_files():
    """Every shipped pack and script (the config in effect is checked on its own)."""
    files = []
    for lang in available_languages():
        files += [PROMPTS_DIR / lang / "pack.toml"]
        files += sorted(p for p in (PROMPTS_DIR / lang).glob("*.toml")
                        if p.name not in ("pack.toml", "phrases.toml"))
    return files


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


def run_check(args):
    checks = [(path, lambda p=path: check_file(p)) for path in args.files or default_check_files()]
    if not args.files:
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


def run_config(args):
    if args.show:
        settings = load_settings(args.config)
        print(f"# settings in effect (from {settings.source} and the environment)")
        for section in ("dialogue", "panel", "voice", "listen"):
            print(f"[{section}]")
            for key, value in vars(getattr(settings, section)).items():
                print(f"{key} = {json.dumps(list(value) if isinstance(value, tuple) else value)}")
        return 0
    print(describe_defaults())
    return 0


def run_phrases(args):
    pack = load_pack(args.lang)
    if args.json:
        print(json.dumps({k: list(v) for k, v in pack.phrases.items()}, ensure_ascii=False, indent=2))
    else:
        for intent, wordings in pack.phrases.items():
            print(f"{intent:15} " + " | ".join(wordings))
    return 0
