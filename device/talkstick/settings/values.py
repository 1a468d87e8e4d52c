"""One value checked against its field: its type, its range, its choices; or a ConfigError
naming where it was set (file and line, environment variable or flag) and what is accepted."""

import math
from dataclasses import fields, replace
from types import MappingProxyType

from talkstick.errors import ConfigError
from talkstick.settings.sections import SECTIONS, counts_text
from talkstick.tomlfile.quoting import one_line, shown


def error(text):
    """A ConfigError on one line, whatever a file's name, keys or values hold."""
    return ConfigError(one_line(text))


def set_value(settings, dotted, value, where):
    """``settings`` with ``dotted`` ("voice.rate") set to ``value``, checked, set at ``where``."""
    section, _, key = dotted.partition(".")
    cls = SECTIONS.get(section)
    known = {f.name: f for f in fields(cls)} if cls else {}
    if key not in known:
        raise error(f"{where}: unknown key (accepted in [{section}]: {', '.join(known)})")
    value = _checked(known[key], value, where)
    origins = MappingProxyType({**settings.origins, dotted: where})
    return replace(settings, origins=origins,
                   **{section: replace(getattr(settings, section), **{key: value})})


def _checked(f, value, where):
    """``value`` as field ``f`` holds it (an int as a float, a list as a tuple), if accepted."""
    kind, meta = f.type, f.metadata
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is tuple and isinstance(value, list):
        value = tuple(value)
    if kind is tuple and isinstance(value, tuple) and "range" in meta:
        value = tuple(_number(v, int, where) for v in value)
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise error(f"{where}: {shown(value)} is not {_describe(f)}")
    if kind is float and not math.isfinite(value):
        raise error(f"{where}: {shown(value)} is not a finite number")
    if kind is str and not value.isprintable():
        raise error(f"{where}: {shown(value)} holds control characters (accepted: plain text)")
    if "choices" in meta and value not in meta["choices"]:
        raise error(f"{where}: {shown(value)} is not one of {', '.join(meta['choices'])}")
    if meta.get("items") is str and not all(isinstance(v, str) and v.strip() and v.isprintable()
                                            for v in value):
        raise error(f"{where}: {shown(value)} is not a list of names (accepted: text, "
                     'e.g. ["Sam", "Alex"])')
    counts = meta.get("counts")
    if counts and len(value) not in counts:
        raise error(f"{where}: needs {counts_text(counts)} items, got {len(value)}")
    lo, hi = meta.get("range", (None, None))
    for v in value if isinstance(value, tuple) else (value,):
        if lo is not None and not (isinstance(v, int | float) and lo <= v <= hi):
            raise error(f"{where}: {shown(v)} is out of range ({lo} to {hi})")
    return value


def _number(v, kind, where):
    if isinstance(v, str) and v.strip().isdigit():
        return int(v)
    if not isinstance(v, kind) or isinstance(v, bool):
        raise error(f"{where}: {shown(v)} is not a whole number")
    return v


def _kinds(kind):
    """The types ``kind`` accepts: ``int | None`` -> (int, NoneType)."""
    return getattr(kind, "__args__", (kind,))


def _describe(f):
    words = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             tuple: "a list"}
    return " or ".join(words[k] for k in _kinds(f.type) if k in words)
