"""Durations as people write them in scripts and config: 90, "90s", "2m", "1m30s", "1h"."""

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s)")
ACCEPTED = 'seconds as a number, or text like "45s", "2m", "1m30s", "1h"'


def parse_duration(value):
    """Seconds as a float; ValueError saying what is accepted."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration ({ACCEPTED})")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip().lower().replace(" ", "")
        parts = _PART.findall(text)
        if "".join(n + u for n, u in parts) != text:
            raise ValueError(f"{value!r} is not a duration ({ACCEPTED})")
        seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    else:
        raise ValueError(f"{value!r} is not a duration ({ACCEPTED})")
    if seconds <= 0:
        raise ValueError(f"{value!r} must be longer than zero")
    return seconds
