"""Settings built once from defaults < config file < environment < flags.

This is the one module that reads ``os.environ``; nothing downstream reads it, or an argparse
object.
"""

import os
from dataclasses import fields, replace
from pathlib import Path

from talkstick.settings.profiles import apply_profile
from talkstick.settings.sections import ALIASES, SECTIONS, Settings
from talkstick.settings.values import error, set_value
from talkstick.tomlfile.quoting import shown, shown_key
from talkstick.tomlfile.source import is_dir, is_file, read_source


def show_tracebacks(environ=None):
    """DEBUG=1 in the environment: errors are shown with their traceback."""
    return bool((os.environ if environ is None else environ).get("DEBUG"))


def default_data_dir(environ):
    """Where downloaded models live: the service's state directory ($STATE_DIRECTORY, i.e.
    /var/lib/talkstick), else $XDG_DATA_HOME/talkstick (~/.local/share/talkstick)."""
    return _service_dir(environ) or _xdg(environ, "XDG_DATA_HOME", ".local/share")


def default_state_dir(environ):
    """Where the saved position (and, opted in, history) live: $STATE_DIRECTORY for the
    service, else $XDG_STATE_HOME/talkstick (~/.local/state/talkstick)."""
    return _service_dir(environ) or _xdg(environ, "XDG_STATE_HOME", ".local/state")


def _service_dir(environ):
    first = environ.get("STATE_DIRECTORY", "").split(":")[0]  # systemd may list several
    return Path(first) if first else None


def _xdg(environ, variable, fallback):
    base = environ.get(variable) or Path(environ.get("HOME", "~")) / fallback
    return Path(base).expanduser() / "talkstick"


def watchdog_interval(environ, pid=None):
    """Seconds between watchdog pings (half systemd's WatchdogSec), or None: no watchdog, or
    one meant for another process."""
    usec, owner = environ.get("WATCHDOG_USEC", ""), environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if owner and owner != str(os.getpid() if pid is None else pid):
        return None
    return int(usec) / 2e6


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
    if explicit and is_dir(explicit):
        raise error(f"{explicit}: a directory, not a config file")
    if explicit and not is_file(explicit):
        raise error(f"{explicit}: config file not found")
    found = [Path(explicit)] if explicit else [p for p in default_config_paths(environ) if p.is_file()]
    settings = Settings(data_dir=default_data_dir(environ), state_dir=default_state_dir(environ),
                        notify_socket=environ.get("NOTIFY_SOCKET") or None,
                        watchdog_s=watchdog_interval(environ))
    if found:
        settings = _apply_file(settings, found[0])
    settings = _apply_env(settings, environ)
    for flag, (dotted, value) in (overrides or {}).items():
        if value is not None:
            settings = set_value(settings, dotted, value, flag)
    settings = apply_profile(settings)
    _check_together(settings)
    return settings


def _check_together(settings):
    p = settings.panel
    if not p.double_press_s < p.hold_s < p.long_hold_s:
        where = _place(settings, "panel.hold_s", "panel.double_press_s", "panel.long_hold_s")
        raise error(f"{where}: [panel] double_press_s < hold_s < long_hold_s must hold, got "
                     f"{p.double_press_s} / {p.hold_s} / {p.long_hold_s}")
    parts = {"panel.button": [p.button], "panel.led_a": [p.led_a], "panel.led_b": [p.led_b],
             "panel.step_rgb": p.step_rgb, "panel.bargraph": p.bargraph,
             "panel.facilitator_pin": [] if p.facilitator_pin is None else [p.facilitator_pin]}
    pins = [n for numbers in parts.values() for n in numbers]
    twice = sorted({n for n in pins if pins.count(n) > 1})
    if twice:
        where = _place(settings, *(k for k, numbers in parts.items() if twice[0] in numbers))
        raise error(f"{where}: [panel] pin(s) {twice} used twice: each part needs its own pin")


def _place(settings, *dotted):
    """Where the first of ``dotted`` not left at its default was set: file:line, variable or flag."""
    origin = next((settings.origin(d) for d in dotted if settings.origin(d) != "default"), None)
    return settings.source if origin is None else origin.split(": [", 1)[0]


def _apply_file(settings, path):
    problems = []
    source = read_source(path, problems)
    if source is None:
        raise error(problems[0])
    for section, table in source.data.items():
        at = f"{path}:{source.line((section,))}: [{shown_key(section)}]"
        if section not in SECTIONS:
            raise error(f"{at}: unknown section (accepted: {', '.join(SECTIONS)})")
        if not isinstance(table, dict):
            raise error(f"{at}: must be a table of settings, got {shown(table)}")
        for key, value in table.items():
            where = f"{path}:{source.line((section, key))}: [{section}] {shown_key(key)}"
            settings = set_value(settings, f"{section}.{key}", value, where)
    return replace(settings, source=str(path))


def _apply_env(settings, environ):
    names = [(alias, dotted) for alias, dotted in ALIASES.items()]
    names += [(f"TALKSTICK_{section}_{f.name}".upper(), f"{section}.{f.name}")
              for section, cls in SECTIONS.items() for f in fields(cls)]
    for name, dotted in names:
        if name in environ:
            section, _, key = dotted.partition(".")
            kind = next(f.type for f in fields(SECTIONS[section]) if f.name == key)
            settings = set_value(settings, dotted, _from_text(environ[name], kind),
                                 f"environment variable {name}")
    return settings


def _from_text(text, kind):
    kind = next((k for k in getattr(kind, "__args__", ()) if k is not type(None)), kind)  # int | None
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
