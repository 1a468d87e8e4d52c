"""`talkstick phrases --lang L`: the check-in phrases a language pack listens for."""

import json
from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.script.files import available_languages
from talkstick.script.pack import load_pack


@dataclass(frozen=True)
class PhrasesOptions:
    lang: str
    json: bool


def add_parser(sub):
    p = sub.add_parser("phrases", help="print the check-in phrases of a language pack",
                       description="Print the check-in phrases the device listens for, by intent.")
    p.add_argument("--lang", default="en", help="language pack (default: en; installed: "
                   f"{', '.join(available_languages())})")
    p.add_argument("--json", action="store_true", help="print {intent: [wordings…]} as JSON")
    p.set_defaults(command=Command(PhrasesOptions, run))


def run(options, stop):
    pack = load_pack(options.lang)
    if options.json:
        print(json.dumps({k: list(v) for k, v in pack.phrases.items()}, ensure_ascii=False, indent=2))
    else:
        for intent, wordings in pack.phrases.items():
            print(f"{intent:15} " + " | ".join(wordings))
    return 0
