"""Choosing when to come back: the arithmetic of an appointment, on the wall-clock reading the
shell handed in with ``Start``. Pure: no clock is read here; the shell stores the time.
"""

MAX_HOURS = 24      # within the next day: a press at 24 hours stays there (it does not wrap)
QUARTER_S = 15 * 60  # a time is said, and kept, to the nearest quarter hour
HOUR_S = 3600


def appointment_at(wall, hours):
    """The epoch second ``hours`` from ``wall`` (epoch seconds), to the nearest quarter hour."""
    return round((wall + hours * HOUR_S) / QUARTER_S) * QUARTER_S


def one_more_hour(hours):
    """A press: one hour more, up to MAX_HOURS."""
    return min(MAX_HOURS, hours + 1)
