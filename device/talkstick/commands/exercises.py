"""`talkstick exercises [--lang L]`: the exercise library, a line and a typical length each."""

import sys
import textwrap
from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.errors import ScriptError
from talkstick.script.chosen import chosen_key
from talkstick.script.exercises import exercises
from talkstick.script.files import available_languages
from talkstick.settings import load_settings
from talkstick.tomlfile.quoting import one_line, shown

EXAMPLES = """\
examples:
  talkstick exercises --lang ko       the Korean pack's exercises
  talkstick run --exercise appreciation
  TALKSTICK_DIALOGUE_EXERCISE=appreciation talkstick run
"""


@dataclass(frozen=True)
class ExercisesOptions:
    language: str | None
    config: str | None


def add_parser(sub):
    p = sub.add_parser(
        "exercises", help="list the exercises (dialogue scripts) with a line and a length each",
        description="List the exercises of a language pack: the name to run it by, its typical "
        "length in minutes, its title and what it is for. The one marked * is what `talkstick "
        "run` would start (dialogue.exercise in the config, default imago-dialogue). The "
        "lengths are typical, not limits: the device never cuts anyone off.",
        epilog=EXAMPLES)
    p.add_argument("--language", "--lang", dest="language", help="language pack (default: the "
                   f"config's dialogue.language; installed: {', '.join(available_languages())})")
    p.add_argument("--config", metavar="FILE", help="config file (default: "
                   "~/.config/talkstick/config.toml, then /etc/talkstick/config.toml)")
    p.set_defaults(command=Command(ExercisesOptions, run))


def run(options, stop):
    settings = load_settings(options.config, overrides={
        "--language": ("dialogue.language", options.language)})
    lang = settings.dialogue.language
    if lang not in available_languages():
        raise ScriptError([f"--lang: no language pack {shown(lang)} (installed: "
                           f"{', '.join(available_languages())})"])
    key, chosen = chosen_key(settings)
    found = exercises(lang)
    width = max(len(e.name) for e in found)
    print(f"exercises in {lang}; run one with: talkstick run --exercise NAME")
    for e in found:
        mark = "*" if key == "exercise" and e.name == chosen else " "
        length = f"~{e.minutes} min" if e.minutes else "broken"
        print(one_line(f"{mark} {e.name:{width}}  {length:>8}  {e.title}"))
        indent = " " * (width + 14)
        for line in textwrap.wrap(one_line(e.description), 98, initial_indent=indent,
                                  subsequent_indent=indent):
            print(line)
    broken = [p for e in found for p in e.problems]
    for problem in broken:
        print(f"error {problem}", file=sys.stderr)
    return 1 if broken else 0
