"""What happens to the dialogue: the events the shell feeds the pure engine.

Every event carries ``at``, the clock reading (seconds, monotonic) when it happened, so the
engine never reads a clock itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """The session begins. ``wall`` is the wall clock's reading at the same moment (epoch
    seconds) and ``utc_offset`` the local zone's offset (seconds east of UTC), read by the shell:
    an appointment is chosen from them. None (a test that does not care) counts from the epoch.
    """

    at: float
    wall: float | None = None
    utc_offset: int = 0


@dataclass(frozen=True)
class Resume:
    """A session cut off (a power cut, a crash, a restart) starts again where it was:
    ``position`` is a ``core.position.Position`` the shell read back and found fit;
    ``wall`` and ``utc_offset`` as for Start."""

    position: object
    at: float
    wall: float | None = None
    utc_offset: int = 0


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


@dataclass(frozen=True)
class Facilitator:
    """A gesture on the facilitator's own button (therapist mode): a press steps forward, a
    double press steps back, without a word."""

    kind: str
    at: float
