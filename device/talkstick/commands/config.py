"""`talkstick config [--show]`: every setting with its default, or the settings in effect."""

import json
from dataclasses import dataclass, fields

from talkstick.commands.command import Command
from talkstick.settings import SECTIONS, describe_defaults, load_settings


@dataclass(frozen=True)
class ConfigOptions:
    show: bool
    config: str | None


def add_parser(sub):
    p = sub.add_parser("config", help="print every setting with its default, as a config file",
                       description="Print a config file with every key, its default and what it "
                       "accepts. Save it as ~/.config/talkstick/config.toml (or "
                       "/etc/talkstick/config.toml for the service) and edit what you need.")
    p.add_argument("--show", action="store_true", help="print the settings in effect instead "
                   "(after config file and TALKSTICK_* environment variables)")
    p.add_argument("--config", metavar="FILE", help="config file to read with --show")
    p.set_defaults(command=Command(ConfigOptions, run))


def run(options, stop):
    if not options.show:
        print(describe_defaults())
        return 0
    settings = load_settings(options.config)
    print(f"# settings in effect (from {settings.source} and the environment)")
    for section in SECTIONS:
        print(f"[{section}]")
        values = getattr(settings, section)
        for f in fields(values):
            value = getattr(values, f.name)
            print(f"{f.name} = {json.dumps(list(value) if isinstance(value, tuple) else value)}")
    return 0
