"""What the engine asks the shell to do. Plain frozen data, carried out outside the core."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Say:
    """Speak ``text``; the speaker answers with ``SpeechDone(prompt_id)``."""

    prompt_id: str
    text: str


@dataclass(frozen=True)
class StopSpeech:
    """Stop whatever is being said now (barge-in)."""


@dataclass(frozen=True)
class Lights:
    """The whole LED state.

    ``turn`` holds one mode per partner ("off", "steady", "breathing"); ``color`` is the
    step LED's (r, g, b) in 0..1; ``step_mode`` is "steady", "blink", "pulse", "breathing" (slower: an
    appointment come due, between sessions) or "off";
    ``bar`` is the fraction (0..1) of the step's target time still left, or None.
    """

    turn: tuple
    color: tuple
    step_mode: str
    bar: object = None


@dataclass(frozen=True)
class Listen:
    """Listen for these intents from now on; an empty tuple stops listening."""

    intents: tuple


@dataclass(frozen=True)
class End:
    """The session is over; ``reason`` is "done", "ended", "rescheduled"."""

    reason: str


@dataclass(frozen=True)
class Appoint:
    """Keep an appointment at ``at`` (epoch seconds): the shell stores this time, and only this,
    and glows and chimes when it comes."""

    at: float
