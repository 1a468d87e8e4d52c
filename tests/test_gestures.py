"""The gesture recognizer over press/release timelines (double 0.4 s, hold 1.5 s, long 5 s)."""

import pytest

from talkstick.core.gestures import Gestures
from talkstick.core.vocabulary import GESTURES


def run(timeline):
    """Feed "d@t" (down), "u@t" (up) and "p@t" (poll); return (poll time, gesture) pairs."""
    g = Gestures(0.4, 1.5, 5.0)
    seen = []
    for step in timeline.split():
        what, at = step.split("@")
        at = float(at)
        if what == "d":
            g.pressed(at)
        elif what == "u":
            g.released(at)
        else:
            seen += [(at, kind) for kind in g.poll(at)]
    return seen


@pytest.mark.parametrize("timeline, expected", [
    # a short press waits out the double window
    ("d@0 u@0.1 p@0.2 p@0.49 p@0.5 p@9", [(0.5, "press")]),
    ("d@0 u@0.1 p@3", [(3, "press")]),
    # a second short press inside the window is one double, once no third can follow it
    ("d@0 u@0.1 d@0.3 p@0.35 u@0.4 p@0.41 p@0.79 p@0.8 p@9", [(0.8, "double")]),
    ("d@0 u@0.1 d@0.49 u@0.6 p@0.6 p@1.0", [(1.0, "double")]),
    # the window is half-open: a press exactly at its end is a new press
    ("d@0 u@0.1 d@0.5 u@0.6 p@0.6 p@1.0", [(0.6, "press"), (1.0, "press")]),
    # two presses further apart than the window are two presses
    ("d@0 u@0.1 p@0.6 d@1 u@1.1 p@1.6", [(0.6, "press"), (1.6, "press")]),
    # a third press inside the window is a triple, at its release; a fourth starts over
    ("d@0 u@0.1 d@0.2 u@0.3 p@0.3 d@0.4 u@0.5 p@0.5 p@0.9", [(0.5, "triple")]),
    ("d@0 u@0.1 d@0.2 u@0.3 d@0.4 u@0.5 p@0.5 d@0.6 u@0.7 p@1.2", [(0.5, "triple"), (1.2, "press")]),
    ("d@0 u@0.1 d@0.2 u@0.3 p@0.7 d@0.75 u@0.8 p@1.3", [(0.7, "double"), (1.3, "press")]),
    # a double followed by a hold in the window: the double stands once the hold is sure
    ("d@0 u@0.1 d@0.2 u@0.3 d@0.5 p@2.0 u@2.5 p@9", [(2.0, "double"), (2.0, "hold")]),
    # a hold is reported as soon as it is reached, while still held: a break at once
    ("d@0 p@1.4 p@1.6 p@4.9 u@4.9 p@4.9 p@9", [(1.6, "hold")]),
    ("d@0 u@1.5 p@1.5", [(1.5, "hold")]),
    ("d@0 u@1.49 p@1.6 p@1.89 p@1.9", [(1.9, "press")]),
    # held on, the hold becomes a long hold when that is reached; the release says nothing
    ("d@0 p@4.99 p@5 p@6 u@7 p@7 p@9", [(4.99, "hold"), (5, "long_hold")]),
    # …also when nobody polled in time: both are reported with the release
    ("d@0 u@8 p@8 p@9", [(8, "hold"), (8, "long_hold")]),
    # a press followed by a hold in the window: the press stands once the hold is sure
    ("d@0 u@0.1 d@0.3 p@1.7 p@1.8 u@2.5 p@2.5 p@9", [(1.8, "press"), (1.8, "hold")]),
    ("d@0 u@0.1 d@0.3 u@2.5 p@2.5", [(2.5, "press"), (2.5, "hold")]),
    ("d@0 u@0.1 d@0.3 p@2 p@5.3 u@6 p@9", [(2, "press"), (2, "hold"), (5.3, "long_hold")]),
    # repeated edges (an unfiltered bounce) are ignored, as is a release with no press
    ("u@0 d@1 d@1.05 u@1.1 u@1.2 p@1.6", [(1.6, "press")]),
])
def test_timelines(timeline, expected):
    assert run(timeline) == expected


def test_every_name_is_a_known_gesture():
    kinds = {kind for timeline in ("d@0 u@0.1 p@1", "d@0 u@0.1 d@0.2 u@0.3 p@1",
                                   "d@0 u@0.1 d@0.2 u@0.3 d@0.4 u@0.5 p@1",
                                   "d@0 u@2 p@2", "d@0 p@6 u@6")
             for _, kind in run(timeline)}
    assert kinds == set(GESTURES)


def test_next_deadline_says_when_to_poll():
    g = Gestures(0.4, 1.5, 5.0)
    assert g.next_deadline() is None
    g.pressed(10.0)
    assert g.next_deadline() == 11.5 and g.is_down
    g.released(10.1)
    assert g.next_deadline() == pytest.approx(10.5)
    g.pressed(10.3)
    assert g.next_deadline() == pytest.approx(11.8)  # when the first press would stand alone
    assert g.poll(11.8) == ["press", "hold"]
    assert g.next_deadline() == pytest.approx(15.3)
    assert g.poll(15.3) == ["long_hold"]
    assert g.next_deadline() is None  # nothing more until the release
    g.released(16.0)
    assert g.poll(16.0) == [] and g.next_deadline() is None and not g.is_down


@pytest.mark.parametrize("times", [(0.4, 0.4, 5.0), (0.4, 1.5, 1.5), (0, 1.5, 5.0), (2, 1.5, 5.0)])
def test_thresholds_must_be_in_order(times):
    with pytest.raises(ValueError, match="double_s < hold_s < long_hold_s"):
        Gestures(*times)
