"""The `talkstick` command. ``main()`` only wires: each subcommand lives in its own module."""

import contextlib
import logging
import os
import signal
import sys
import threading

from talkstick import __version__
from talkstick.commands import (
    bench,
    check,
    config,
    detect,
    doctor,
    exercises,
    history,
    install,
    model,
    phrases,
    record,
    run,
    selftest,
    soak,
    wiring,
)
from talkstick.commands.helptext import Parser
from talkstick.errors import AudioError, ConfigError, ModelError, ScriptError, TalkstickError
from talkstick.settings import show_tracebacks

EXIT = {ModelError: 3, ConfigError: 4, ScriptError: 5, AudioError: 6}
SUBCOMMANDS = (run, exercises, check, config, phrases, model, detect, bench, soak, selftest, doctor, wiring,
               install, record, history)

DESCRIPTION = """\
talkstick guides two people through the Imago Dialogue: a talking-stick button and LEDs
show whose turn it is, the device speaks the prompts and listens for the check-in phrases.
Nothing is recorded and nothing leaves the device.

examples:
  talkstick run                      the default dialogue (the simulator where there is no GPIO)
  talkstick run --headless           drive it with words on stdin, JSON lines out
  talkstick exercises                the other exercises, with their length
  talkstick run --exercise appreciation   one of them
  talkstick check                    validate every script in prompts/ and your config
  talkstick config > ~/.config/talkstick/config.toml   every setting with its default
"""


def build_parser():
    parser = Parser(
        prog="talkstick", description=DESCRIPTION,
        epilog="Run 'talkstick COMMAND --help' for a command's options. DEBUG=1 shows tracebacks.")
    parser.add_argument("--version", action="version", version=f"talkstick {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more (-v: info, -vv: debug); logs never hold audio or words")
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    return parser


def main(args=None) -> int:
    parser = build_parser()
    parsed = parser.parse_args(args)
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(parsed.verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    command = getattr(parsed, "command", None)
    if command is None:
        parser.print_help()
        return 2
    options, stop = command.options(parsed), threading.Event()
    try:
        with stopped_by_signals(stop, command.graceful):
            code = command.run(options, stop)
        sys.stdout.flush()  # a reader that has gone shows here, not in Python's flush at exit
        return code
    except BrokenPipeError:
        if show_tracebacks():
            raise
        return reader_gone()
    except KeyboardInterrupt:
        return 130
    except TalkstickError as e:
        if show_tracebacks():
            raise
        print(f"talkstick: {e}", file=sys.stderr)
        return next((code for kind, code in EXIT.items() if isinstance(e, kind)), 1)


def reader_gone():
    """Standard output's reader went away (`talkstick phrases | head`): stop quietly. As the
    Python docs advise, stdout then points at devnull, so the flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


@contextlib.contextmanager
def stopped_by_signals(stop, graceful):
    """While inside, SIGINT and SIGTERM set ``stop`` (when ``graceful``); the handlers that
    were there before are put back on the way out."""
    saved = {}
    if graceful and threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            saved[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
