"""The LED language: what the turn LEDs and the step LED show, by step and phase."""

from talkstick.core.actions import Lights

BREAK_COLOR = (0.0, 0.2, 1.0)
APPOINTMENT_COLOR = (0.5, 0.3, 0.1)  # a soft, warm glow: the time agreed has come
OFF = (0.0, 0.0, 0.0)
DARK = Lights(turn=("off", "off"), color=OFF, step_mode="off")


def turn_modes(step, sender):
    """One mode per partner: steady while they speak, breathing when they are to respond."""
    mode = "steady" if step.turn == "speak" else "breathing"
    roles = ("sender", "receiver") if sender == 0 else ("receiver", "sender")
    return tuple(mode if step.speaker in (role, "both") else "off" for role in roles)


def step_lights(step, sender, warned, bar):
    step_mode = "off" if step.color == OFF else ("blink" if warned else "steady")
    return Lights(turn=turn_modes(step, sender), color=step.color, step_mode=step_mode, bar=bar)


def break_lights(bar=None, up=False, confirming=False):
    """A break: the turn LEDs off, the bar graph the share of the suggested minutes still left;
    the step LED pulses blue while they run, glows steady once they are up, and blinks while a
    press made early waits for a second one to confirm."""
    step_mode = "blink" if confirming else "steady" if up else "pulse"
    return Lights(turn=("off", "off"), color=BREAK_COLOR, step_mode=step_mode, bar=bar)


def appointment_lights():
    """Between sessions, when the time agreed has come: only the step LED, breathing warm."""
    return Lights(turn=("off", "off"), color=APPOINTMENT_COLOR, step_mode="breathing")
