"""Talk at the table in a room of the benchmark's kinds, for the tests that hear a room."""

import random

from talkstick.bench import sets
from talkstick.bench.splits import make_splits
from talkstick.script.pack import load_pack


def room(kind, seconds, seed=3, snr_db=10):
    """About ``seconds`` of the tuning split's talk at the table (speech RMS 2500), with ``kind``
    of room (a noise.KINDS name) ``snr_db`` under it; None: a quiet room."""
    split = make_splits(7)[0]
    rng = random.Random(seed)
    talk = sets.talk(rng, split, seconds, sets.avoided(load_pack("ko").wordings()))
    take = ("ko", 150, 50, kind, None if kind is None else snr_db, 2500)
    return sets.in_room(talk, rng, split, take, ())
