"""Where a session is, as plain data: what the shell saves (``shell/position.py``) so that a
session cut off by a power cut or a crash goes on where it was.

Only ids, counts and times: never words, names or audio. Pure: every time is given, the
wall-clock ones (``saved_at``, ``now``) as well as the dialogue's own.
"""

import math
from dataclasses import asdict, dataclass, replace

from talkstick.core.breaks import Break

VERSION = 1
KEYS = ("version", "saved_at", "language", "script", "phase", "step", "sender", "sent",
        "elapsed_s", "talk_s", "break_s")
PHASES = ("running", "break", "ended")


@dataclass(frozen=True)
class Position:
    saved_at: float           # wall-clock seconds (Unix time) when it was saved
    language: str
    script: str               # the script's id
    phase: str                # one of PHASES
    step: str
    sender: int               # 0: partner A sends, 1: partner B
    sent: tuple               # turns each partner has sent so far (the round)
    elapsed_s: float          # time in the step, breaks left out
    talk_s: tuple             # each partner's sending time
    break_s: float | None = None  # time into the break, while on one

    def as_dict(self):
        return {"version": VERSION, **asdict(self), "sent": list(self.sent),
                "talk_s": list(self.talk_s)}


def capture(dialogue, at, *, language, saved_at):
    """The dialogue's position at ``at`` (its clock), or None before it has started."""
    d = dialogue
    if d.phase == "ready":
        return None
    on_break = d.phase == "break"
    until = d.rest.started if on_break else at  # a break stops the step's clock
    return Position(
        saved_at=round(saved_at, 3), language=language, script=d.script.id, phase=d.phase,
        step=d.step.id, sender=d.sender, sent=tuple(d.sent),
        elapsed_s=round(max(0.0, until - d.step_started), 1),
        talk_s=tuple(round(t, 1) for t in d.talk),
        break_s=round(d.rest.elapsed(at), 1) if on_break else None)


def from_dict(data):
    """A Position from what was read back; ValueError naming the key and what it accepts."""
    if not isinstance(data, dict):
        raise ValueError(f"must be a JSON object with the keys {', '.join(KEYS)}")
    if data.get("version") != VERSION:
        raise ValueError(f"version: {data.get('version')!r} is not {VERSION}")
    if set(data) != set(KEYS):
        odd = sorted(set(data) ^ set(KEYS))
        raise ValueError(f"keys {', '.join(odd)}: missing or unknown (accepted: {', '.join(KEYS)})")
    for key in ("language", "script", "step"):
        _need(data, key, isinstance(data[key], str) and data[key], "a non-empty text")
    _need(data, "phase", data["phase"] in PHASES, f"one of {', '.join(PHASES)}")
    _need(data, "sender", data["sender"] in (0, 1) and not isinstance(data["sender"], bool),
          "0 or 1")
    _need(data, "sent", _pair(data["sent"], int), "two whole numbers, 0 or more")
    _need(data, "talk_s", _pair(data["talk_s"], (int, float)), "two numbers of seconds")
    for key in ("saved_at", "elapsed_s"):
        _need(data, key, _seconds(data[key]), "a number of seconds, 0 or more")
    _need(data, "break_s", data["break_s"] is None or _seconds(data["break_s"]),
          "null or a number of seconds")
    on_break = data["phase"] == "break"
    _need(data, "break_s", (data["break_s"] is not None) == on_break,
          "a number during a break, else null")
    return Position(**{k: v for k, v in data.items() if k != "version"} | {
        "sent": tuple(data["sent"]), "talk_s": tuple(float(t) for t in data["talk_s"])})


def _need(data, key, ok, accepted):
    if not ok:
        raise ValueError(f"{key}: {data[key]!r} is not {accepted}")


def _seconds(value):
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def _pair(value, kind):
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, kind) and not isinstance(v, bool) and v >= 0 for v in value)
            and all(math.isfinite(v) for v in value))


def resumable(position, script, language, now, max_age_s):
    """(the position to go on from, None) or (None, why not). A finished session, one of
    another script or language, or one saved more than ``max_age_s`` ago (``now``: the wall
    clock) does not resume. A clock that went back (a Pi without a clock battery restarts at
    its last saved time) is believed as far back as ``max_age_s``. A break goes on counting
    the time the device was off: the partners were apart all along."""
    p = position
    why = None
    if p.phase == "ended":
        why = "the session it saved was over"
    elif p.language != language or p.script != script.id:
        why = f"it was saved for {p.script} ({p.language}), not {script.id} ({language})"
    elif p.step not in script.steps:
        why = f"step {p.step!r} is no longer in {script.id}"
    elif abs(now - p.saved_at) > max_age_s:
        why = f"it was saved {abs(now - p.saved_at) / 3600:.1f} h from now (resumes within " \
              f"{max_age_s / 3600:g} h)"
    if why:
        return None, why
    if p.break_s is not None:
        p = replace(p, break_s=p.break_s + max(0.0, now - p.saved_at))
    return p, None


def restore(dialogue, position, at):
    """Put ``dialogue`` (not yet started) where ``position`` was, at ``at`` (its clock); the
    actions say so: "We're back", where they were, and the step's words (or, on a break still
    running, its lights)."""
    d, p = dialogue, position
    d.step, d.sender = d.script.steps[p.step], p.sender
    d.sent, d.talk = list(p.sent), list(p.talk_s)
    d.turn_cued = [t >= d.turn_seconds for t in d.talk]  # a cue already due was said before
    d.started = d.last_tick = at
    timing = d.step.timing
    d.warned = bool(timing.warn) and p.elapsed_s >= timing.warn
    d.cued = bool(timing.cue) and p.elapsed_s >= timing.cue
    d.step_started = at - p.elapsed_s
    d.phase = "running"
    if p.break_s is not None:
        d.phase, d.rest = "break", Break(d.break_minutes, at, p.break_s)
        d.step_started = d.rest.started - p.elapsed_s
    return d.welcome_back(at, "restored")
