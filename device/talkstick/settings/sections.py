"""The settings: a frozen dataclass per section of the config file, each field documented.

Every field carries its documentation and accepted range in ``metadata``: the loader checks
values against it, and ``describe_defaults`` (`talkstick config`) prints it as a commented
config file.
"""

from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType

from talkstick.tomlfile.quoting import as_toml


def opt(default, doc, **rules):
    return field(default=default, metadata={"doc": doc, **rules})


@dataclass(frozen=True)
class DialogueSettings:
    language: str = opt("en", "Language pack in prompts/ (prompts and check-in phrases).")
    script: str = opt("imago-dialogue", "Script name in the language pack, or a path to a .toml script.")
    verbosity: str = opt("guided", "guided: full prompts; brief: short ones; silent: LEDs only.",
                         choices=("guided", "brief", "silent"))
    names: tuple = opt((), "What the device calls the two partners, e.g. [\"Sam\", \"Alex\"]; "
                       "empty: the language pack's names (Partner A, Partner B).", counts=(0, 2),
                       items=str)
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
    # Where things live and how the service manager is reached; from the environment, not the file.
    data_dir: Path = Path("~/.local/share/talkstick").expanduser()  # downloaded models (models/)
    state_dir: Path = Path("~/.local/state/talkstick").expanduser()  # the saved position, history
    notify_socket: str | None = None  # systemd's $NOTIFY_SOCKET: READY=1, STATUS=, WATCHDOG=1
    watchdog_s: float | None = None   # ping systemd's watchdog this often (half $WATCHDOG_USEC)

    def origin(self, dotted):
        """Where the value of ``dotted`` ("listen.model") came from, for messages."""
        return self.origins.get(dotted, "default")


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
            lines.append(f"# {f.name} = {as_toml(f.default)}")
        lines.append("")
    return "\n".join(lines)


def _accepted(f):
    meta = f.metadata
    parts = [f"{counts_text(meta['counts'])} items"] if "counts" in meta else []
    if "choices" in meta:
        parts.append("one of: " + ", ".join(meta["choices"]))
    if "range" in meta:
        parts.append(f"{meta['range'][0]} to {meta['range'][1]}")
    return "; ".join(parts)


def counts_text(counts):
    """(0, 2) -> "0 or 2"; (0, 1, …, 10) -> "0 to 10"."""
    if len(counts) > 2 and counts == tuple(range(counts[0], counts[-1] + 1)):
        return f"{counts[0]} to {counts[-1]}"
    return " or ".join(str(c) for c in counts)
