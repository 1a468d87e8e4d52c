"""A break: its own clock (the minutes the device suggested), and the confirmation a press
made before they are up asks for. Pure: every time is given."""

import math

from talkstick.core.lights import break_lights

CONFIRM_S = 10.0  # a second press within this many seconds starts again; later, it asks anew


class Break:
    """A break of ``minutes`` suggested minutes, ``elapsed`` seconds in at ``at``."""

    def __init__(self, minutes, at, elapsed=0.0):
        self.minutes, self.started = minutes, at - elapsed
        self.confirm_until = None

    def elapsed(self, at):
        return max(0.0, at - self.started)

    def left(self, at):
        return max(0.0, self.minutes * 60 - self.elapsed(at))

    def up(self, at):
        return self.left(at) <= 0.0

    def confirming(self, at):
        return self.confirm_until is not None and at <= self.confirm_until

    def press(self, at):
        """True when this press ends the break: the minutes are up, or it confirms an early
        one; False when it is early, and now waits ``CONFIRM_S`` for a second press."""
        if self.up(at) or self.confirming(at):
            return True
        self.confirm_until = at + CONFIRM_S
        return False

    def minutes_left(self, at):
        """Whole minutes left, counted up: "1 min left" until the very end."""
        return math.ceil(self.left(at) / 60)

    def lights(self, at):
        bar = round(self.minutes_left(at) / self.minutes, 3)  # moves as the minutes left do
        return break_lights(bar, up=self.up(at), confirming=self.confirming(at))

    def snapshot(self, at):
        """What a display shows of it: plain data, JSON-ready."""
        return {"minutes": self.minutes, "left_s": round(self.left(at), 1),
                "confirm": self.confirming(at)}
