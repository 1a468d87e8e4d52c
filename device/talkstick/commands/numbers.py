"""Numbers on the command line, held to the same rule as numbers in a config file: a value out
of range is refused at once, with the flag and the accepted range, never carried into a run."""

import argparse
import math


def number_in(lo, hi, kind=float):
    """An argparse ``type``: ``kind`` (float or int) from ``lo`` to ``hi``, both included.

    e.g. ``p.add_argument("--wait", type=number_in(0, 60), ...)``; argparse shows a refusal as
    "argument --wait: -1 is out of range (0 to 60)" and exits with status 2."""
    what = "a whole number" if kind is int else "a number"

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} (accepted: {lo} to {hi})") from None
        if not (math.isfinite(value) and lo <= value <= hi):
            raise argparse.ArgumentTypeError(f"{value:g} is out of range ({lo} to {hi})")
        return value

    parse.__name__ = what  # argparse names the type by this in its own messages
    return parse
