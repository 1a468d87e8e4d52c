"""The benchmark's CPU figure: each design fed beside the plain loop, a piece of the session
each in turn, so that a shared machine's load weighs on both sides of the ratio alike."""

import numpy as np

from talkstick.bench.measure import RATE, side_by_side


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Loop:
    """Spends ``cost`` clock seconds per audio second fed; writes what it is given in ``log``."""

    def __init__(self, name, cost, clock, log):
        self.name, self.cost, self.clock, self.log = name, cost, clock, log

    def feed(self, block):
        self.clock.now += self.cost * len(block) / RATE
        self.log.append((self.name, "feed", int(block[0])))
        return []

    def reset(self):
        self.log.append((self.name, "reset", None))

    def skip(self, count):
        self.log.append((self.name, "skip", count))


def session(seconds_per_piece, speaking):
    """Audio whose every sample holds its piece's number, and the marks of those pieces."""
    pieces = [np.full(int(s * RATE), n, np.int16) for n, s in enumerate(seconds_per_piece)]
    marks, pos = [], 0
    for piece, says in zip(pieces, speaking, strict=True):
        marks.append((pos, pos + len(piece), says))
        pos += len(piece)
    return np.concatenate(pieces), marks


def test_each_loop_is_fed_a_piece_in_turn_and_timed_on_its_own():
    clock, log = Clock(), []
    audio = session([0.04, 0.5, 0.04], [False, True, False])
    runs = [(Loop("design", 0.01, clock, log), audio, True),
            (Loop("plain", 0.04, clock, log), audio, False)]
    seconds = len(audio[0]) / RATE
    design, plain = side_by_side(runs, clock=clock)
    heard = (0.04 + 0.04) / seconds  # the design is deaf while the device speaks
    assert np.isclose(design, 0.01 * heard) and np.isclose(plain, 0.04)
    # piece by piece, each loop in turn: never a whole session on one side, then the other
    turns = [name for i, (name, _, _) in enumerate(log) if i == 0 or log[i - 1][0] != name]
    assert turns == ["design", "plain"] * 3
    assert [(what, piece) for name, what, piece in log if name == "design"] == [
        ("feed", 0), ("feed", 0), ("reset", None), ("skip", 0.5 * RATE), ("feed", 2), ("feed", 2)]
    assert {piece for name, what, piece in log if name == "plain"} == {0, 1, 2}
