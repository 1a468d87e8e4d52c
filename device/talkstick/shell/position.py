"""The session's position on disk: ``position.json`` in the state directory, so that a power
cut, a crash or a restart goes on where the session was (``core/position.py`` says what it
holds: ids, counts and times, never words or audio).

Every write is atomic: a temporary file in the same folder, fsync, rename over the old one,
fsync of the folder. A crash at any point leaves the old position or the new one, whole.
"""

import json
import logging
import os
import time
from pathlib import Path

from talkstick.core.position import capture, from_dict, resumable

log = logging.getLogger(__name__)
FILE = "position.json"
SAVE_EVERY_S = 60.0   # within a step, the position is saved this often (session clock)
MAX_BYTES = 4096      # a position is ~300 bytes: anything much bigger is not one


def write_atomic(path, text):
    """Replace ``path`` with ``text`` so that a reader (or a crash) sees the old or the new
    file whole, never a part: write a temporary file beside it, then rename it over."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


def read(path):
    """The dict saved at ``path``; None when there is none. ValueError when it is damaged or
    not a position (too big, not UTF-8, not JSON); OSError when it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    if len(data) > MAX_BYTES:
        raise ValueError(f"more than {MAX_BYTES} bytes: not a saved position")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"not JSON ({e})") from None


def take(folder, scripts, language, max_age_s, wall=time.time):
    """The position saved in ``folder`` to resume one of ``scripts`` (a Script, or several by
    id: the one chosen first) from, or None. A finished, stale one or one of another script or
    language is removed; a damaged one is logged once and left for the session's first save to
    replace. Never raises."""
    path = Path(folder) / FILE
    scripts = scripts if isinstance(scripts, dict) else {scripts.id: scripts}
    try:
        data = read(path)
        if data is None:
            return None
        position = from_dict(data)
        script = scripts.get(position.script, next(iter(scripts.values())))
        position, why = resumable(position, script, language, wall(), max_age_s)
    except (OSError, ValueError) as e:
        log.warning("%s: ignored, the session starts afresh: %s", path, e)
        return None
    if position is None:
        log.info("%s: not resumed (%s); removed", path, why)
        _remove(path)
        return None
    log.info("%s: resuming %s at step %s", path, position.script, position.step)
    return position


def _remove(path):
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as e:
        log.warning("%s: cannot remove it: %s", path, e)


class Keeper:
    """Saves a session's position at every change of step, Sender, round or phase, and every
    ``every_s`` (session clock) in between. A folder it cannot write to is logged once; the
    session goes on regardless."""

    def __init__(self, folder, language, *, wall=time.time, every_s=SAVE_EVERY_S):
        self.path, self.language, self.wall, self.every_s = Path(folder) / FILE, language, wall, every_s
        self.key, self.saved, self.failed = None, None, False

    def update(self, dialogue, at, force=False):
        position = capture(dialogue, at, language=self.language, saved_at=self.wall())
        if position is None:
            return
        key = (position.phase, position.step, position.sender, position.sent)
        if not force and key == self.key and at - self.saved < self.every_s:
            return
        self.key, self.saved = key, at
        self._write(position)

    def _write(self, position):
        try:
            write_atomic(self.path, json.dumps(position.as_dict()) + "\n")
        except OSError as e:
            if not self.failed:
                log.warning("cannot save the session's position to %s (%s): after a power cut "
                            "it will start afresh", self.path, e)
            self.failed = True
        else:
            self.failed = False
