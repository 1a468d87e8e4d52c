"""Grading: the negative talk is heard as the live listener hears it, the device speaking into it."""

import numpy as np

from talkstick.audio import RATE
from talkstick.bench.grade import PROMPT_EVERY_S, false_by_intent, false_by_room, false_detections


class Listening:
    """Notes how much audio it had been fed at each reset; finds a detection in every block
    that is not silent."""

    def __init__(self):
        self.fed, self.resets = 0, []

    def reset(self):
        self.resets.append(self.fed / RATE)

    def feed(self, block):
        self.fed += len(block)
        return ["heard"] if block.any() else []


def test_the_device_speaks_into_the_negative_talk_every_prompt_interval():
    heard = Listening()
    talk = np.zeros(int(RATE * (2 * PROMPT_EVERY_S + 10)), dtype=np.int16)
    talk[RATE * 5] = talk[int(RATE * (PROMPT_EVERY_S + 5))] = 1
    found = false_detections(lambda intents: heard, ("yes",), talk)
    assert [(said, round(t, 1)) for said, t in found] == [("heard", 5.0), ("heard", PROMPT_EVERY_S + 5)]
    assert heard.resets == [0.0, PROMPT_EVERY_S, 2 * PROMPT_EVERY_S]
    assert heard.fed == len(talk)


def test_false_advances_are_told_by_the_room_they_came_in():
    quiet, chatter = ("ko", 150, 50, "chatter", None, 2500), ("ko", 150, 50, "chatter", 10, 2500)
    rooms = [(0, 30 * RATE, quiet), (30 * RATE, 60 * RATE, chatter), (60 * RATE, 90 * RATE, chatter)]
    false = {("yes",): [("yes", 3.0), ("yes", 31.0), ("yes", 89.9)], ("no",): [("no", 59.99)],
             ("yes", "no"): [("yes", 1.0)]}
    assert false_by_room([("yes",), ("no",)], false, rooms) == {"quiet": [1, 1], "chatter": [3, 2]}


def test_false_advances_are_told_by_the_intent_heard_over_the_grammars_asked_for():
    false = {("yes", "no"): [("yes", 3.0), ("no", 4.0), ("yes", 9.0)], ("pause",): [("pause", 1.0)],
             ("no",): [("no", 2.0)]}
    assert false_by_intent([("yes", "no"), ("pause",)], false) == {"yes": 2, "no": 1, "pause": 1}
    assert false_by_intent([("no",)], false) == {"no": 1}
