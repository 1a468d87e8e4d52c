"""Keys and values written as TOML on one line: in problems, and in the config file described.

A problem is one line whatever the file holds, so control characters are escaped; and it shows
values as the file's author wrote them (true, 'text', [1, 2], nan), not as Python does.
"""

import re
from datetime import date, time

SHOWN = 60  # at most this many characters of a value in a problem; the rest is "…"
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def one_line(text):
    """``text`` with every control or other unprintable character escaped, as in TOML."""
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(c):
    if c in _ESCAPES:
        return _ESCAPES[c]
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def shown(value):
    """``value`` in a problem: as TOML, on one line and at most SHOWN characters."""
    text = as_toml(value, literal=True, depth=3)
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def shown_key(key):
    """A key as TOML writes it: bare when it can be, else quoted."""
    return key if _BARE.fullmatch(key) else _quoted(key)


def as_toml(value, literal=False, depth=None):
    """``value`` written as TOML on one line: text as "text" (with ``literal``, as 'text' where
    that is exact); ``depth`` cuts lists and tables short (8 items, ``depth`` levels)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quoted(value, literal)
    if isinstance(value, int | float):
        return repr(value)  # nan, inf and -inf are written so in TOML too
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | dict) and depth == 0:
        return "{…}" if isinstance(value, dict) else "[…]"
    inner, cut = (None, None) if depth is None else (depth - 1, 8)
    if isinstance(value, list | tuple):
        items = [as_toml(v, literal, inner) for v in value[:cut]]
        return "[" + ", ".join(items + ["…"] * (len(value) > len(items))) + "]"
    if isinstance(value, dict):
        items = [f"{shown_key(k)} = {as_toml(v, literal, inner)}" for k, v in list(value.items())[:cut]]
        return "{" + ", ".join(items + ["…"] * (len(value) > len(items))) + "}"
    return one_line(repr(value))


def _quoted(text, literal=False):
    """'text' (a TOML literal string) when that is exact and wanted, else "text" with escapes."""
    if literal and "'" not in text and text.isprintable():
        return f"'{text}'"
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else _escape(c) for c in text) + '"'
