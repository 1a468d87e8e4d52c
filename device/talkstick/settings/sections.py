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
    exercise: str = opt("imago-dialogue", "The exercise to run: its name in the language pack "
                        "(`talkstick exercises` lists them).")
    script: str = opt("", "A script of your own: a path to a .toml file (or a name in the language "
                      "pack); it overrides exercise when set at the same level or above.")
    verbosity: str = opt("guided", "guided: full prompts; brief: short ones; silent: LEDs only.",
                         choices=("guided", "brief", "silent"))
    names: tuple = opt((), "What the device calls the two partners, e.g. [\"Sam\", \"Alex\"]; "
                       "empty: the language pack's names (Partner A, Partner B).", counts=(0, 2),
                       items=str)
    turn_minutes: float = opt(10.0, "Sending time each partner gets before a gentle cue (equal for both).",
                              range=(1.0, 120.0))
    break_minutes: int = opt(20, "Break length the device suggests after a time-out.", range=(5, 240))
    resume_hours: float = opt(3.0, "A session cut off (a power cut, a crash, a restart) goes on "
                              "where it was when the device starts again within this many hours "
                              "(position.json in the state folder: step, Sender, times; never "
                              "words); 0: never, and nothing is saved.", range=(0.0, 48.0))
    profile: str = opt("home", "home: the defaults; therapist: for a facilitator in the room (brief "
                       "prompts, nothing stored: no history, no saved position). A key set here, "
                       "in the environment or by a flag still wins, except one that would store "
                       "something in therapist mode (refused).", choices=("home", "therapist"))
    targets: tuple = opt((), "Step times the facilitator sets, each \"STEP=DURATION\", e.g. "
                         "[\"sending=5m\", \"mirroring=2m30s\"]: the step's target time (its bar "
                         "and blinking LED) in every script with that step.", items=str)
    menu: bool = opt(True, "Between sessions (--repeat, the service) a press opens a spoken menu of "
                     "the language pack's exercises: press = next, double = choose, hold = back "
                     "to the default.")
    menu_seconds: float = opt(30.0, "Seconds the menu waits for a gesture before it starts the "
                              "default exercise.", range=(5.0, 300.0))


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
    facilitator_pin: int | None = opt(None, "BCM pin of the facilitator's own button (to ground, "
                                      "therapist mode): press = step forward, double = step back, "
                                      "without a word; unset: none.", range=(0, 27),
                                      example=5)


@dataclass(frozen=True)
class VoiceSettings:
    enabled: bool = opt(True, "Speak the prompts.")
    voice: str = opt("", "espeak-ng voice; empty: the language pack's voice.")
    rate: int = opt(160, "Speaking rate in words per minute.", range=(80, 300))
    volume: float = opt(0.9, "Volume, 0 to 1.", range=(0.0, 1.0))
    device: str = opt("", "Output device (a sounddevice name such as \"plughw:1,0\"); empty: default.")
    engine: str = opt("auto", "auto: piper where it is installed (pip install 'talkstick[piper]') "
                      "and has a voice for the language, else espeak-ng; piper; espeak.",
                      choices=("auto", "piper", "espeak"))
    cache_mb: int = opt(200, "Prompts rendered ahead are kept in <state dir>/cache, at most this "
                        "many MB; 0: no cache.", range=(0, 10000))
    recordings: str = opt("", "Folder of recorded prompts (talkstick record); empty: "
                          "<state dir>/voices/<language> if it exists.")


@dataclass(frozen=True)
class ListenSettings:
    enabled: bool = opt(True, "Listen for the check-in phrases (needs a Vosk model and a microphone).")
    model: str = opt("", "Path to a Vosk model folder; empty: found automatically (see README). "
                     "TALKSTICK_VOSK_MODEL is an older name for TALKSTICK_LISTEN_MODEL.")
    device: str = opt("", "Input device (a sounddevice name); empty: default.")
    tail_s: float = opt(0.3, "Seconds of deafness after the device stops speaking.", range=(0.0, 2.0))


@dataclass(frozen=True)
class HistorySettings:
    enabled: bool = opt(False, "Keep a local history of sessions (history.jsonl in the state "
                        "folder): the exercise, each step's time and each partner's sending time; "
                        "never audio, words or topics. `talkstick history` shows it, "
                        "`talkstick history --forget` deletes it.")


SECTIONS = {"dialogue": DialogueSettings, "panel": PanelSettings, "voice": VoiceSettings,
            "listen": ListenSettings, "history": HistorySettings}
# Older names of a setting's environment variable, still read (the canonical name wins).
ALIASES = {"TALKSTICK_VOSK_MODEL": "listen.model"}


@dataclass(frozen=True)
class Settings:
    dialogue: DialogueSettings = DialogueSettings()
    panel: PanelSettings = PanelSettings()
    voice: VoiceSettings = VoiceSettings()
    listen: ListenSettings = ListenSettings()
    history: HistorySettings = HistorySettings()
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
            lines.append(f"# {f.name} = {as_toml(f.default)}" if f.default is not None
                         else f"# {f.name} = {f.metadata['example']}  # an example: unset by default")
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
