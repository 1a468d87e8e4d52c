"""LED series resistors for 3.3 V GPIO pins: R = (3.3 V - Vf) / I, rounded up to the next E12
value, so the current can only come out lower than planned, never higher.

Worked in millivolts and milliamps with exact fractions: (3300 - 2800) / 5 is 100 ohms, not
99.99999 (which would round up to 120)."""

from fractions import Fraction

SUPPLY_MV = 3300
E12 = (10, 12, 15, 18, 22, 27, 33, 39, 47, 56, 68, 82)
# Typical forward voltage at these small currents (datasheets quote 20 mA, ~0.2 V higher).
RED_MV = 2000  # red, orange, yellow, yellow-green
BLUE_MV = 2800  # blue, white, "true" green (and the RGB LED's green and blue legs)
INDICATOR_MA = 5  # a turn LED or an RGB leg: bright enough indoors
SEGMENT_MA = 2  # a bar-graph segment: up to ten lit at once


def e12_at_least(ohms):
    """The smallest E12 value (10 ohms to 820 kilohms) not below ``ohms``."""
    decade = 1
    while True:
        for base in E12:
            if base * decade >= ohms:
                return base * decade
        decade *= 10


def resistor(vf_mv, ma):
    """Ohms for an LED with forward voltage ``vf_mv`` at ``ma`` milliamps from a 3.3 V pin."""
    return e12_at_least(Fraction(SUPPLY_MV - vf_mv, ma))


def current_ma(vf_mv, ohms):
    """The current that then flows, in milliamps."""
    return Fraction(SUPPLY_MV - vf_mv, ohms)
