"""Grading: the negative talk is heard as the live listener hears it, the device speaking into it."""

import numpy as np

from talkstick.audio import RATE
from talkstick.bench.grade import PROMPT_EVERY_S, false_detections


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
    assert false_detections(lambda intents: heard, ("yes",), talk) == 2
    assert heard.resets == [0.0, PROMPT_EVERY_S, 2 * PROMPT_EVERY_S]
    assert heard.fed == len(talk)
