"""The `talkstick` command. ``main()`` only wires: each subcommand lives in its own module."""

import argparse
import logging
import os
import sys

from talkstick import __version__
from talkstick.errors import AudioError, ConfigError, ModelError, ScriptError, TalkstickError

EXIT = {ModelError: 3, ConfigError: 4, ScriptError: 5, AudioError: 6}

DESCRIPTION = """\
talkstick guides two people through the Imago Dialogue: a talking-stick button and LEDs
show whose turn it is, the device speaks the prompts and listens for the check-in phrases.
Nothing is recorded and nothing leaves the device.

examples:
  talkstick run                      the default dialogue (the simulator where there is no GPIO)
  talkstick run --headless           drive it with words on stdin, JSON lines out
  talkstick check                    validate every script in prompts/ and your config
  talkstick config > ~/.config/talkstick/config.toml   every setting with its default
"""


def build_parser():
    from talkstick.commands import add_commands

    parser = argparse.ArgumentParser(
        prog="talkstick", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'talkstick COMMAND --help' for a command's options. DEBUG=1 shows tracebacks.")
    parser.add_argument("--version", action="version", version=f"talkstick {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more (-v: info, -vv: debug); logs never hold audio or words")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_commands(sub)
    return parser


def main(args=None):
    parser = build_parser()
    opts = parser.parse_args(args)
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(opts.verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not getattr(opts, "run", None):
        parser.print_help()
        return 2
    try:
        return opts.run(opts)
    except KeyboardInterrupt:
        return 130
    except TalkstickError as e:
        if os.environ.get("DEBUG"):
            raise
        print(f"talkstick: {e}", file=sys.stderr)
        return next((code for kind, code in EXIT.items() if isinstance(e, kind)), 1)
