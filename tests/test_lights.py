"""The LED language: turn LEDs by speaker, turn and sender; the step LED; the break."""

import pytest

from talkstick.core.actions import Lights
from talkstick.core.lights import break_lights, step_lights, turn_modes
from talkstick.script.steps import Step

BLUE, OFF = (0.0, 0.0, 1.0), (0.0, 0.0, 0.0)


def step(speaker, turn="speak", color=BLUE):
    return Step(id="s", speaker=speaker, prompt="", turn=turn, color=color)


@pytest.mark.parametrize("speaker, turn, sender, expected", [
    ("sender", "speak", 0, ("steady", "off")),
    ("sender", "speak", 1, ("off", "steady")),
    ("receiver", "speak", 0, ("off", "steady")),
    ("receiver", "speak", 1, ("steady", "off")),
    ("sender", "respond", 0, ("breathing", "off")),
    ("sender", "respond", 1, ("off", "breathing")),
    ("receiver", "respond", 1, ("breathing", "off")),
    ("both", "speak", 0, ("steady", "steady")),
    ("both", "speak", 1, ("steady", "steady")),
    ("both", "respond", 1, ("breathing", "breathing")),
    ("device", "speak", 0, ("off", "off")),
    ("device", "speak", 1, ("off", "off")),
])
def test_turn_leds_follow_the_roles_partner_a_first(speaker, turn, sender, expected):
    assert turn_modes(step(speaker, turn), sender) == expected


@pytest.mark.parametrize("warned, mode", [(False, "steady"), (True, "blink")])
def test_step_led_shows_the_step_colour_and_blinks_once_warned(warned, mode):
    assert step_lights(step("receiver"), 1, warned, 0.45) == Lights(
        turn=("steady", "off"), color=BLUE, step_mode=mode, bar=0.45)


@pytest.mark.parametrize("warned", [False, True])
def test_a_step_coloured_off_leaves_the_step_led_off_even_when_warned(warned):
    assert step_lights(step("device", color=OFF), 0, warned, None) == Lights(
        turn=("off", "off"), color=OFF, step_mode="off", bar=None)


def test_a_break_is_a_slow_blue_pulse_with_both_turn_leds_off():
    assert break_lights() == Lights(turn=("off", "off"), color=(0.0, 0.2, 1.0), step_mode="pulse",
                                    bar=None)
