"""Durations as people write them in scripts and config: 90, "90s", "2m", "1m30s", "1h"."""

import math
import re

from talkstick.tomlfile.quoting import shown

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s)")
ACCEPTED = 'seconds as a number, or text like "45s", "2m", "1m30s", "1h"'
LONGEST = 24 * 3600  # a step's pace is minutes, not days; beyond this it is a typo


def parse_duration(value):
    """Seconds as a float; ValueError saying what is accepted."""
    if isinstance(value, bool) or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"{shown(value)} is not a duration ({ACCEPTED})")
    if isinstance(value, int | float):
        # an int too big for a float is outside the range anyway
        seconds = float(max(-1, min(value, LONGEST + 1)))
    elif isinstance(value, str) and value.strip():
        text = value.strip().lower().replace(" ", "")
        parts = _PART.findall(text)
        if "".join(n + u for n, u in parts) != text:
            raise ValueError(f"{shown(value)} is not a duration ({ACCEPTED})")
        seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    else:
        raise ValueError(f"{shown(value)} is not a duration ({ACCEPTED})")
    if seconds <= 0:
        raise ValueError(f"{shown(value)} must be longer than zero")
    if seconds > LONGEST:
        raise ValueError(f"{shown(value)} is longer than a day (accepted: up to 24h)")
    return seconds
