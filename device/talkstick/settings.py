"""Settings: frozen dataclasses built once from defaults < config file < environment < flags.

Every field carries its documentation and accepted range in ``metadata``; `talkstick config`
prints them as a commented config file. This is the one module that reads ``os.environ``;
nothing downstream reads it, or an argparse object.
"""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType

from talkstick.errors import ConfigError


def opt(default, doc, **rules):
    return field(default=default, metadata={"doc": doc, **rules})


@dataclass(frozen=True)
class DialogueSettings:
    language: str = opt("en", "Language pack in prompts/ (prompts and check-in phrases).")
    script: str = opt("imago-dialogue", "Script name in the language pack, or a path to a .toml script.")
    verbosity: str = opt("guided", "guided: full prompts; brief: short ones; silent: LEDs only.",
                         choices=("guided", "brief", "silent"))
    names: tuple = opt((), "What the device calls the two partners, e.g. [\"Sam\", \"Alex\"]; "
                       "empty: the language pack's names (Partner A, Partner B).", counts=(0, 2))
    turn_minutes: float = opt(10.0, "Sending time each partner gets before a gentle cue (equal for both).",
                              range=(1.0, 120.0))
    break_minutes: int = opt(20, "Break length the device suggests after a time-out.", range=(5, 240))


@dataclass(frozen=True)
class PanelSettings:
    button: int = opt(17, "BCM pin of the talking-stick button (to ground).", range=(0, 27))
    button_pull_up: bool = opt(True, "Use the internal pull-up (button wired to ground).")
    bounce_s: float = opt(0.05, "Debounce time in seconds.", range=(0.0, 0.5))
    double_press_s: float = opt(0.4, "A second press within this many seconds is a double press.",
                                range=(0.15, 1.5))
    hold_s: float = opt(1.5, "Holding this long asks for a break.", range=(0.5, 10.0))
    long_hold_s: float = opt(5.0, "Holding this long ends the session.", range=(2.0, 30.0))
    led_a: int = opt(12, "BCM pin of partner A's turn LED (PWM).", range=(0, 27))
    led_b: int = opt(13, "BCM pin of partner B's turn LED (PWM).", range=(0, 27))
    step_rgb: tuple = opt((22, 23, 24), "BCM pins of the RGB step LED: red, green, blue.",
                          counts=(3,), range=(0, 27))
    rgb_common_anode: bool = opt(False, "true if the RGB LED is common-anode.")
    bargraph: tuple = opt((), "BCM pins of the optional LED bar graph, first to last; [] = none.",
                          counts=tuple(range(11)), range=(0, 27))
    brightness: float = opt(1.0, "LED brightness, 0.05 to 1 (dim it for a dark room).",
                            range=(0.05, 1.0))


@dataclass(frozen=True)
class VoiceSettings:
    enabled: bool = opt(True, "Speak the prompts.")
    voice: str = opt("", "espeak-ng voice; empty: the language pack's voice.")
    rate: int = opt(160, "Speaking rate in words per minute.", range=(80, 300))
    volume: float = opt(0.9, "Volume, 0 to 1.", range=(0.0, 1.0))
    device: str = opt("", "Output device (a sounddevice name such as \"plughw:1,0\"); empty: default.")


@dataclass(frozen=True)
class ListenSettings:
    enabled: bool = opt(True, "Listen for the check-in phrases (needs a Vosk model and a microphone).")
    model: str = opt("", "Path to a Vosk model folder; empty: found automatically (see README). "
                     "TALKSTICK_VOSK_MODEL is an older name for TALKSTICK_LISTEN_MODEL.")
    device: str = opt("", "Input device (a sounddevice name); empty: default.")
    tail_s: float = opt(0.3, "Seconds of deafness after the device stops speaking.", range=(0.0, 2.0))


SECTIONS = {"dialogue": DialogueSettings, "panel": PanelSettings, "voice": VoiceSettings,
            "listen": ListenSettings}
# Older names of a setting's environment variable, still read (the canonical name wins).
ALIASES = {"TALKSTICK_VOSK_MODEL": "listen.model"}


@dataclass(frozen=True)
class Settings:
    dialogue: DialogueSettings = DialogueSettings()
    panel: PanelSettings = PanelSettings()
    voice: VoiceSettings = VoiceSettings()
    listen: ListenSettings = ListenSettings()
    source: str = "defaults"  # the config file read, if any
    # "section.key" -> where its value was set: a file and line, a variable or a flag
    origins: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    data_dir: Path = Path("~/.local/share/talkstick").expanduser()  # downloaded models live here

    def origin(self, dotted):
        """Where the value of ``dotted`` ("listen.model") came from, for messages."""
        return self.origins.get(dotted, "default")


def show_tracebacks(environ=None):
    """DEBUG=1 in the environment: errors are shown with their traceback."""
    return bool((os.environ if environ is None else environ).get("DEBUG"))


def default_data_dir(environ):
    """$XDG_DATA_HOME/talkstick (~/.local/share/talkstick): models downloaded for this user."""
    base = environ.get("XDG_DATA_HOME") or Path(environ.get("HOME", "~")) / ".local" / "share"
    return Path(base).expanduser() / "talkstick"


def default_config_paths(environ):
    home = Path(environ.get("XDG_CONFIG_HOME") or Path(environ.get("HOME", "~")) / ".config")
    return [home.expanduser() / "talkstick" / "config.toml", Path("/etc/talkstick/config.toml")]


def load_settings(path=None, environ=None, overrides=None):
    """Settings from the first config file found, then TALKSTICK_<SECTION>_<KEY>, then flags.

    ``overrides`` maps a flag's name to the setting it sets and its value, e.g.
    ``{"--model": ("listen.model", value)}``; a value of None means the flag was not given.
    """
    environ = os.environ if environ is None else environ
    explicit = path or environ.get("TALKSTICK_CONFIG")
    if explicit and not Path(explicit).is_file():
        raise ConfigError(f"{explicit}: config file not found")
    found = [Path(explicit)] if explicit else [p for p in default_config_paths(environ) if p.is_file()]
    settings = Settings(data_dir=default_data_dir(environ))
    if found:
        settings = _apply_file(settings, found[0])
    settings = _apply_env(settings, environ)
    for flag, (dotted, value) in (overrides or {}).items():
        if value is not None:
            settings = _set(settings, dotted, value, flag)
    _check_together(settings)
    return settings


def _check_together(settings):
    p = settings.panel
    if not p.double_press_s < p.hold_s < p.long_hold_s:
        raise ConfigError(f"{settings.source}: [panel] double_press_s < hold_s < long_hold_s must "
                          f"hold, got {p.double_press_s} / {p.hold_s} / {p.long_hold_s}")
    pins = [p.button, p.led_a, p.led_b, *p.step_rgb, *p.bargraph]
    twice = sorted({n for n in pins if pins.count(n) > 1})
    if twice:
        raise ConfigError(f"{settings.source}: [panel] pin(s) {twice} used twice: each part needs "
                          "its own pin")


def _apply_file(settings, path):
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    for section, table in data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}]: unknown section (accepted: {', '.join(SECTIONS)})")
        for key, value in table.items():
            where = f"{path}:{_line_of(text, key)}: [{section}] {key}"
            settings = _set(settings, f"{section}.{key}", value, where)
    return replace(settings, source=str(path))


def _line_of(text, key):
    """The line a key is set on (tomllib does not say): the first `key =` line."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key} ") or line.strip().startswith(f"{key}="):
            return number
    return "?"


def _apply_env(settings, environ):
    names = [(alias, dotted) for alias, dotted in ALIASES.items()]
    names += [(f"TALKSTICK_{section}_{f.name}".upper(), f"{section}.{f.name}")
              for section, cls in SECTIONS.items() for f in fields(cls)]
    for name, dotted in names:
        if name in environ:
            section, _, key = dotted.partition(".")
            kind = next(f.type for f in fields(SECTIONS[section]) if f.name == key)
            settings = _set(settings, dotted, _from_text(environ[name], kind),
                            f"environment variable {name}")
    return settings


def _from_text(text, kind):
    if kind is bool:
        return {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(
            text.strip().lower(), text)
    if kind is tuple:
        return [p.strip() for p in text.split(",") if p.strip()]
    for convert in (int, float):
        try:
            return convert(text) if kind is convert or (kind is float and convert is int) else text
        except ValueError:
            continue
    return text


def _set(settings, dotted, value, where):
    section, _, key = dotted.partition(".")
    cls = SECTIONS.get(section)
    known = {f.name: f for f in fields(cls)} if cls else {}
    if key not in known:
        raise ConfigError(f"{where}: unknown key (accepted in [{section}]: {', '.join(known)})")
    value = _checked(known[key], value, where)
    origins = MappingProxyType({**settings.origins, dotted: where})
    return replace(settings, origins=origins,
                   **{section: replace(getattr(settings, section), **{key: value})})


def _checked(f, value, where):
    kind, meta = f.type, f.metadata
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is tuple and isinstance(value, list):
        value = tuple(value)
    if kind is tuple and isinstance(value, tuple) and "range" in meta:
        value = tuple(_number(v, int, where) for v in value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: {value!r} is not {_describe(f)}")
    if "choices" in meta and value not in meta["choices"]:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(meta['choices'])}")
    counts = meta.get("counts")
    if counts and len(value) not in counts:
        raise ConfigError(f"{where}: needs {_counts(counts)} items, got {len(value)}")
    lo, hi = meta.get("range", (None, None))
    for v in value if isinstance(value, tuple) else (value,):
        if lo is not None and not (isinstance(v, int | float) and lo <= v <= hi):
            raise ConfigError(f"{where}: {v!r} is out of range ({lo} to {hi})")
    return value


def _counts(counts):
    """(0, 2) -> "0 or 2"; (0, 1, …, 10) -> "0 to 10"."""
    if len(counts) > 2 and counts == tuple(range(counts[0], counts[-1] + 1)):
        return f"{counts[0]} to {counts[-1]}"
    return " or ".join(str(c) for c in counts)


def _number(v, kind, where):
    if isinstance(v, str) and v.strip().isdigit():
        return int(v)
    if not isinstance(v, kind) or isinstance(v, bool):
        raise ConfigError(f"{where}: {v!r} is not a whole number")
    return v


def _describe(f):
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
            tuple: "a list"}[f.type]


def describe_defaults():
    """The whole config file, every key commented with its default and accepted values."""
    lines = ["# talkstick configuration. Every key is optional; these are the defaults.",
             "# Environment variables override the file: TALKSTICK_<SECTION>_<KEY>,",
             "# e.g. TALKSTICK_DIALOGUE_VERBOSITY=brief.", ""]
    for section, cls in SECTIONS.items():
        lines.append(f"[{section}]")
        for f in fields(cls):
            accepted = _accepted(f)
            lines.append(f"# {f.metadata['doc']}{f' ({accepted})' if accepted else ''}")
            lines.append(f"# {f.name} = {_toml(f.default)}")
        lines.append("")
    return "\n".join(lines)


def _accepted(f):
    meta = f.metadata
    parts = [f"{_counts(meta['counts'])} items"] if "counts" in meta else []
    if "choices" in meta:
        parts.append("one of: " + ", ".join(meta["choices"]))
    if "range" in meta:
        parts.append(f"{meta['range'][0]} to {meta['range'][1]}")
    return "; ".join(parts)


def _toml(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)
