"""What happens to the dialogue: the events the shell feeds the pure engine.

Every event carries ``at``, the clock reading (seconds, monotonic) when it happened, so the
engine never reads a clock itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    at: float


@dataclass(frozen=True)
class Gesture:
    """A talking-stick button gesture: one of ``vocabulary.GESTURES``."""

    kind: str
    at: float


@dataclass(frozen=True)
class Heard:
    """The listener heard a check-in phrase. Only the intent travels on: never the words."""

    intent: str
    at: float


@dataclass(frozen=True)
class Tick:
    """Time passed; the engine checks its step timers."""

    at: float


@dataclass(frozen=True)
class SpeechDone:
    """The speaker finished (or was stopped while) saying ``prompt_id``."""

    prompt_id: str
    at: float
    interrupted: bool = False


@dataclass(frozen=True)
class DeviceNotice:
    """A device degraded (no model, no microphone, no speaker): ``what`` names the notice."""

    what: str
    at: float
