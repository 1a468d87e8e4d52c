"""Headless mode's input: gestures and intents as words on stdin (the output is ``jsonlines``).

Words (one command a line): press, double, triple, hold, long_hold, say INTENT, wait SECONDS, quit.
Lines starting with # are comments. End of input ends the session.

Commands are carried out in order, on a hand of their own, while the reader reads ahead. A
gesture takes about half a second, so input can come much faster than it is carried out: at
most ``MAX_QUEUED`` commands wait their turn, and more are dropped (said once on stderr). Once
input has been dropped, order is lost anyway, so a ``quit`` or the end of input then ends the
session at once instead of after the backlog. A refused line is echoed cut to ``ECHO``
characters, and at most ``MAX_LINE`` characters of any line are kept.
"""

import collections
import logging
import threading

from talkstick.core import events as ev
from talkstick.core.vocabulary import GESTURES, INTENTS
from talkstick.worker import Worker

log = logging.getLogger(__name__)
USAGE = ("commands: press | double | triple | hold | long_hold | say INTENT | wait SECONDS | quit; "
         f"intents: {', '.join(INTENTS)}")
MAX_QUEUED = 100   # commands waiting their turn: a long script, and minutes of gestures
MAX_LINE = 4096    # characters kept of one line; the rest of a longer one is skipped
ECHO = 80          # characters of a refused line said back


def parse_command(line):
    """("gesture", kind) | ("say", intent) | ("wait", seconds) | ("quit",) | None; ValueError."""
    words = line.split("#", 1)[0].split()
    if not words:
        return None
    verb, rest = words[0].lower(), words[1:]
    if verb in GESTURES and not rest:
        return ("gesture", verb)
    if verb == "say" and len(rest) == 1 and rest[0] in INTENTS:
        return ("say", rest[0])
    if verb == "wait" and len(rest) == 1:
        try:
            seconds = float(rest[0])
        except ValueError:
            seconds = -1.0
        if 0 <= seconds <= 3600:
            return ("wait", seconds)
    if verb in ("quit", "exit") and not rest:
        return ("quit",)
    raise ValueError(f"cannot read {shorten(line)!r}; {USAGE}")


def shorten(line, width=ECHO):
    """The line as said back: stripped, and cut to ``width`` characters with an ellipsis."""
    line = line.strip()
    return line if len(line) <= width else line[:width] + "…"


def read_lines(lines, limit=MAX_LINE):
    """(line, cut) from a text stream (or any iterable of lines); a line longer than ``limit``
    comes as its first ``limit`` characters with ``cut`` True, the rest read and dropped."""
    if not hasattr(lines, "readline"):
        yield from ((line, False) for line in lines)
        return
    while line := lines.readline(limit):
        cut = len(line) >= limit and not line.endswith("\n")
        while cut and (rest := lines.readline(limit)) and not rest.endswith("\n"):
            pass
        yield line, cut


class CommandReader(Worker):
    """Reads commands on its own thread and hands them to a ``Hand``, which carries them out
    in order; gestures go through the mock button like a finger.

    ``stop`` is the session's: the end of input (or ``quit``) sets it, once the hand is done.
    """

    name = "commands"  # blocks on its input for as long as nobody types: no heartbeat

    def __init__(self, lines, finger, post, stop, clock, errors):
        super().__init__()
        self.lines, self.session_stop, self.errors = lines, stop, errors
        self.hand = Hand(finger, post, stop, clock)
        self.dropped = 0

    def start(self):
        self.hand.start()
        return super().start()

    def work(self):
        for line, cut in read_lines(self.lines):
            if self.session_stop.is_set() or self.stopping.is_set():
                return
            command = self._parse(line, cut)
            if command is None:
                continue
            if command[0] == "quit":
                break
            if not self.hand.take(command):
                self._drop()
        if self.dropped:
            print(f"{self.dropped} commands were dropped: they came faster than they can be "
                  f"carried out (at most {MAX_QUEUED} wait their turn)", file=self.errors,
                  flush=True)
        self.hand.finish(at_once=self.dropped > 0)

    def _parse(self, line, cut):
        try:
            if cut:
                raise ValueError(f"cannot read {shorten(line)!r}: a line of more than "
                                 f"{MAX_LINE} characters")
            return parse_command(line)
        except ValueError as e:
            print(e, file=self.errors, flush=True)
            return None

    def _drop(self):
        if not self.dropped:
            print(f"more than {MAX_QUEUED} commands wait their turn: dropping what comes "
                  "until they are done", file=self.errors, flush=True)
        self.dropped += 1

    def alive(self):
        return super().alive() or self.hand.alive()

    def stop(self, timeout=2.0):
        self.hand.stop(timeout)
        return super().stop(timeout)

    def close(self):
        """Ask it to stop; the reader is not joined: it may be blocked reading a line that
        never comes (a daemon thread, it does not keep the process alive)."""
        self.stopping.set()
        self.hand.stop(timeout=1.0)


class Hand(Worker):
    """Carries out queued commands in order: gestures with the ``finger``, heard phrases
    posted, waits. ``finish()`` ends the session (sets ``stop``) once the queue is done, or at
    once."""

    name = "hand"

    def __init__(self, finger, post, stop, clock):
        super().__init__()
        self.finger, self.post, self.session_stop, self.clock = finger, post, stop, clock
        self.todo, self.turn = collections.deque(), threading.Condition()
        self.finishing = False

    def take(self, command):
        """Queue a command; False (not queued) when MAX_QUEUED already wait."""
        with self.turn:
            if len(self.todo) >= MAX_QUEUED:
                return False
            self.todo.append(command)
            self.turn.notify()
            return True

    def finish(self, at_once=False):
        with self.turn:
            self.finishing = True
            if at_once:
                self.todo.clear()
            self.turn.notify()
        if at_once:
            self.session_stop.set()

    def wake(self):
        with self.turn:
            self.turn.notify()

    def work(self):
        while not (self.stopping.is_set() or self.session_stop.is_set()):
            command = self._next()
            if command is not None:
                self._do(command)
            elif self.finishing:
                self.session_stop.set()
                return

    def _next(self):
        """The next command; None when there is none (after a short wait for one)."""
        with self.turn:
            if not self.todo and not self.finishing:
                self.turn.wait(0.25)  # a stop by signal sets only the session's Event
            return self.todo.popleft() if self.todo else None

    def _do(self, command):
        if command[0] == "gesture":
            self.finger.gesture(command[1])
        elif command[0] == "say":
            self.post(ev.Heard(command[1], self.clock()))
        elif command[0] == "wait":
            self.session_stop.wait(command[1])
