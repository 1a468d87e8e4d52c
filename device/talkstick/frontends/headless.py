"""Headless mode's input: gestures and intents as words on stdin (the output is ``jsonlines``).

Words (one command a line): press, double, hold, long_hold, say INTENT, wait SECONDS, quit.
Lines starting with # are comments. End of input ends the session.
"""

import logging

from talkstick.core import events as ev
from talkstick.core.vocabulary import GESTURES, INTENTS
from talkstick.worker import Worker

log = logging.getLogger(__name__)
USAGE = ("commands: press | double | hold | long_hold | say INTENT | wait SECONDS | quit; "
         f"intents: {', '.join(INTENTS)}")


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
    raise ValueError(f"cannot read {line.strip()!r}; {USAGE}")


class CommandReader(Worker):
    """Reads commands on its own thread; gestures go through the mock button like a finger.

    ``stop`` is the session's: the end of input (or ``quit``) sets it.
    """

    name = "commands"  # blocks on its input for as long as nobody types: no heartbeat

    def __init__(self, lines, finger, post, stop, clock, errors):
        super().__init__()
        self.lines, self.finger, self.post, self.session_stop = lines, finger, post, stop
        self.clock, self.errors = clock, errors

    def work(self):
        for line in self.lines:
            if self.session_stop.is_set() or self.stopping.is_set():
                return
            try:
                command = parse_command(line)
            except ValueError as e:
                print(e, file=self.errors, flush=True)
                continue
            if command is None:
                continue
            if command[0] == "quit":
                break
            self._do(command)
        self.session_stop.set()

    def close(self):
        """Ask it to stop; not joined: it may be blocked reading a line that never comes."""
        self.stopping.set()

    def _do(self, command):
        if command[0] == "gesture":
            self.finger.gesture(command[1])
        elif command[0] == "say":
            self.post(ev.Heard(command[1], self.clock()))
        elif command[0] == "wait":
            self.session_stop.wait(command[1])
