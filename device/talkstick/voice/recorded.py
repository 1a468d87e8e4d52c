"""Recorded voice packs: a therapist's own voice for the device's prompts (`talkstick record`).

A pack is a folder: one WAV per prompt id ("device/welcome.wav",
"imago-dialogue/sending.wav") and ``index.json``, the text each one says. A recording counts
only while that text is still what the device would say (a wording edited since is missing
again). Prompts that name the partners are recorded name-free ("Sender, …"): the recording is
played whoever is sending, without the names. This and `record` are the only code that writes
audio, and only the device's own prompts, at the therapist's request.
"""

import json
import logging
import os
import tempfile
import wave
from pathlib import Path

import numpy as np

from talkstick.audio import read_wav
from talkstick.voice.cache import parts_of

log = logging.getLogger(__name__)

INDEX = "index.json"


class Recordings:
    """The recordings in ``folder`` (which may not exist yet)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.index = self._read_index()

    def _read_index(self):
        try:
            data = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
            prompts = data.get("prompts", {}) if isinstance(data, dict) else {}
            return {k: v for k, v in prompts.items() if isinstance(k, str) and isinstance(v, str)}
        except (OSError, ValueError):
            return {}

    def path(self, prompt_id):
        return self.folder.joinpath(*prompt_id.split("/")).with_suffix(".wav")

    def has(self, prompt_id, said):
        """True if ``prompt_id`` is recorded saying ``said`` (its WAV is there)."""
        return self.index.get(prompt_id) == said and self.path(prompt_id).is_file()

    def save(self, prompt_id, said, samples, rate):
        """Keep a take: the WAV, then the index, each written to a temp file and renamed."""
        path = self.path(prompt_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic(path, lambda f: _write_wav(f, samples, rate))
        self.index[prompt_id] = said
        body = json.dumps({"prompts": self.index}, ensure_ascii=False, indent=1, sort_keys=True)
        _atomic(self.folder / INDEX, lambda f: f.write(body.encode()))

    def table(self, wordings, names, roles, minutes):
        """text the device says -> the WAV that says it, for every recorded wording; and the
        ids of the wordings not recorded (or recorded for an older text)."""
        found, missing = {}, []
        for w in wordings:
            if self.has(w.id, w.filled(*roles, minutes)):
                for text in w.texts(names, minutes):
                    found[text] = self.path(w.id)
            else:
                missing.append(w.id)
        return found, missing


def _write_wav(f, samples, rate):
    with wave.open(f, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def _atomic(path, write):
    fd, temp = tempfile.mkstemp(prefix=".new-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class RecordedRenderer:
    """Plays the recording of a prompt where there is one, else asks ``inner`` (synthesis).

    ``recorded`` maps the exact text the device says to its WAV (``Recordings.table``). A WAV
    that cannot be read is said once in the log and synthesized from then on.
    """

    def __init__(self, inner, recorded):
        self.inner, self.recorded = inner, dict(recorded)
        self.identity = getattr(inner, "identity", type(inner).__name__)

    def stream(self, text):
        path = self.recorded.get(text)
        if path is not None:
            try:
                yield read_wav(str(path))
                return
            except (OSError, ValueError, EOFError, wave.Error) as e:
                log.warning("the recorded prompt %s cannot be read (%s); it is synthesized",
                            path.name, e)
                del self.recorded[text]
        yield from parts_of(self.inner, text)

    def render(self, text):
        parts = list(self.stream(text)) or [(np.zeros(0, np.int16), 22050)]
        return np.concatenate([p for p, _ in parts]), parts[0][1]

    def warm(self, text):
        warm = getattr(self.inner, "warm", None)
        if text not in self.recorded and warm is not None:
            yield from warm(text)

    def close(self):
        self.inner.close()
