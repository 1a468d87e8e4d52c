"""`talkstick history [--plot FILE.png] [--forget [--yes]]`: the sessions kept, opted in."""

import sys
from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.errors import TalkstickError
from talkstick.settings import load_settings
from talkstick.shell.history import forget, history_path, read

DESCRIPTION = """\
Show the session history kept on this device: one row per session with its exercise, its
length and each partner's sending time. The history is kept only when you turn it on
([history] enabled = true in the config file); it stays on the device, and it never holds
audio, words or topics: only the exercise, the steps' times and who was speaking.

The figures describe how a session went; they are not a score of anyone or of the
relationship.
"""

EPILOG = """\
examples:
  talkstick history                       the table
  talkstick history --plot last.png       each partner's time per step, last session
  talkstick history --plot s3.png --session 3
  talkstick history --forget              delete it all (asks first; --yes does not)

--plot needs matplotlib: pip install 'talkstick[plot]'
"""


@dataclass(frozen=True)
class HistoryOptions:
    config: str | None
    plot: str | None
    session: int | None
    forget: bool
    yes: bool


def add_parser(sub):
    p = sub.add_parser("history", help="show (plot, or forget) the sessions kept, if turned on",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--plot", metavar="FILE.png", help="draw each partner's time per step of one "
                   "session (the last, or --session N) to a PNG file (needs matplotlib)")
    p.add_argument("--session", type=int, metavar="N", help="the session numbered N in the table")
    p.add_argument("--forget", action="store_true", help="delete the whole history")
    p.add_argument("--yes", action="store_true", help="with --forget: do not ask first")
    p.add_argument("--config", metavar="FILE", help="config file (its state folder is used)")
    p.set_defaults(command=Command(HistoryOptions, run))


def run(options, stop):
    settings = load_settings(options.config)
    path = history_path(settings)
    if options.forget:
        return _forget(path, options.yes)
    records = read(path)
    if not records:
        state = "on" if settings.history.enabled else "off ([history] enabled = true turns it on)"
        print(f"no sessions kept in {path}; keeping them is {state}", file=sys.stderr)
        return 0
    print(table(records), end="")
    if options.plot:
        from talkstick.commands.plot import plot_steps

        number = options.session or len(records)
        if not 1 <= number <= len(records):
            raise TalkstickError(f"--session {number}: no such session (accepted: 1 to {len(records)})")
        plot_steps(records[number - 1], options.plot)
        print(f"session {number} drawn to {options.plot}", file=sys.stderr)
    return 0


def _forget(path, yes):
    if not path.is_file():
        print(f"no history to forget in {path}", file=sys.stderr)
        return 0
    if not yes:
        if not sys.stdin.isatty():
            raise TalkstickError("history --forget asks first and there is no terminal to ask "
                                 "on; add --yes to delete it without asking")
        answer = input(f"Delete all {len(read(path))} sessions kept in {path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("kept", file=sys.stderr)
            return 1
    forget(path)
    print(f"history deleted: {path}", file=sys.stderr)
    return 0


def table(records):
    """One row per session: number, start, exercise, minutes, each partner's sending minutes,
    steps, how it ended."""
    rows = [("#", "started", "exercise", "minutes", "A sending", "B sending", "steps", "ended")]
    for n, r in enumerate(records, 1):
        sending = r.get("sending", {})
        rows.append((str(n), str(r.get("started", "")).replace("T", " "), str(r.get("exercise", "")),
                     minutes(r.get("seconds")), minutes(sending.get("A")), minutes(sending.get("B")),
                     str(len(r.get("steps", []))), str(r.get("ended", ""))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)


def minutes(seconds):
    return f"{seconds / 60:.1f}" if isinstance(seconds, int | float) else "-"
