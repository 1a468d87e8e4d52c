"""Session history (opt-in, ``history.enabled``): per session the exercise, each step's time and
each partner's sending time, appended as one JSON line to ``history.jsonl`` in the state folder.

Never audio, never words, never topics: a record holds the script's id, step ids, who was
speaking (A, B, both, the device), seconds, when it started and how it ended; ``RECORD_KEYS``
and ``STEP_KEYS`` are all it may hold.
"""

import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)
FILE = "history.jsonl"
VERSION = 1
RECORD_KEYS = ("v", "exercise", "started", "seconds", "ended", "sending", "steps")
STEP_KEYS = ("step", "speaking", "seconds")


def history_path(settings):
    return Path(settings.state_dir) / FILE


class StepTimes:
    """Follows the snapshots the session shows (a display's ``event``/``show``) and sums the
    running time of each stretch at one step with one sender; a break does not count."""

    def __init__(self, script):
        self.script, self.visits, self.last = script, [], None

    def event(self, event):
        pass

    def show(self, snapshot, actions):
        if snapshot.get("phase") == "menu":
            return
        t, key = snapshot["t"], (snapshot["step"], snapshot["sender"])
        if self.last is not None and self.last[0] == "running" and self.visits:
            self.visits[-1]["seconds"] += max(0.0, t - self.last[1])
        if snapshot["phase"] == "running" and (not self.visits or self.visits[-1]["key"] != key):
            self.visits.append({"key": key, "seconds": 0.0})
        self.last = (snapshot["phase"], t)

    def close(self):
        pass

    def steps(self):
        return [{"step": v["key"][0], "speaking": self._speaking(*v["key"]),
                 "seconds": round(v["seconds"], 1)} for v in self.visits]

    def _speaking(self, step_id, sender):
        step = self.script.steps.get(step_id)
        role = step.speaker if step else "device"
        if role in ("sender", "receiver"):
            return sender if role == "sender" else "AB"[1 - "AB".index(sender)]
        return role


class Both:
    """Two displays shown the same: the session's own (or None) and the step clock."""

    def __init__(self, first, second):
        self.parts = [d for d in (first, second) if d is not None]

    def event(self, event):
        for d in self.parts:
            d.event(event)

    def show(self, snapshot, actions):
        for d in self.parts:
            d.show(snapshot, actions)

    def close(self):
        for d in self.parts:
            d.close()


def follow(session, script):
    """Have ``session`` also show its snapshots to a StepTimes, which it returns."""
    times = StepTimes(script)
    session.display = Both(session.display, times)
    return times


def record(script, dialogue, times, reason, started):
    """One session's record: only ids, roles, seconds, the start time and how it ended."""
    steps = times.steps()
    return {"v": VERSION, "exercise": script.id, "started": started.isoformat(timespec="minutes"),
            "seconds": round(sum(s["seconds"] for s in steps), 1), "ended": reason,
            "sending": {"A": round(dialogue.talk[0], 1), "B": round(dialogue.talk[1], 1)},
            "steps": steps}


def append(path, entry):
    """Add ``entry`` as one line; the file is replaced whole (a temporary file renamed over
    it), so a crash leaves the old history or the new one, never half a line. Private (0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_bytes() if path.is_file() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".history-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(old + line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path):
    """The records in ``path``, oldest first ([] when there is none); a line that is not a
    record is skipped with a warning."""
    path = Path(path)
    if not path.is_file():
        return []
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            entry = json.loads(line)
            if isinstance(entry, dict) and isinstance(entry.get("steps"), list):
                records.append(entry)
                continue
        except json.JSONDecodeError:
            pass
        if line.strip():
            log.warning("%s:%d: not a session record; skipped", path, n)
    return records


def forget(path):
    """Delete the history file; True if there was one."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        return False
    return True


class Diary:
    """One session's history: follows it while it runs, appends its record when it is over."""

    def __init__(self, settings, script, session, now=datetime.now):
        self.path, self.script = history_path(settings), script
        self.started, self.times = now(), follow(session, script)

    def save(self, dialogue, reason):
        if not self.times.visits:
            return  # stopped before it began: nothing to tell
        try:
            append(self.path, record(self.script, dialogue, self.times, reason, self.started))
        except OSError as e:
            log.warning("the session's history could not be saved to %s: %s", self.path, e.strerror)
