"""The prompt cache: the device's own prompts rendered once, kept on disk, played at once.

Only what the device says is kept (its prompts, with the partners' typed names): never
anything heard. An entry is keyed by the text and the renderer's identity (engine, voice,
model, rate, volume), written atomically (a temp file renamed into place) and checked when
read (a CRC over the samples): a damaged entry is deleted and rendered again. The folder is
kept under ``max_bytes``, the least recently used entries going first.
"""

import hashlib
import logging
import os
import struct
import tempfile
import threading
import zlib
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAGIC = b"TSPC1\n"  # the format's version: a new one makes every old entry a miss
HEADER = struct.Struct("<III")  # sample rate, sample count, CRC-32 of the samples
SUFFIX = ".pcm"


class PromptCache:
    """Rendered prompts in ``folder`` (made if missing), at most ``max_bytes`` in all.

    Safe to use from more than one thread; a folder that cannot be written makes the cache a
    pass-through (one log line), never a failure.
    """

    def __init__(self, folder, max_bytes=200 * 2**20):
        self.folder, self.max_bytes = Path(folder), max_bytes
        self.lock = threading.Lock()
        self.broken = False

    @staticmethod
    def key(identity, text):
        return hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()

    def path(self, key):
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key):
        """(samples, rate) of a sound entry, else None (a damaged one is deleted)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        found = decode(data)
        if found is None:
            log.warning("a damaged prompt-cache entry (%s) is rendered again", path.name)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # least recently used goes first
        except OSError:
            pass
        return found

    def put(self, key, samples, rate):
        if self.broken:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".new-", suffix=SUFFIX, dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(encode(samples, rate))
                os.replace(temp, self.path(key))
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as e:
            self.broken = True
            log.warning("the prompt cache in %s cannot be written (%s): prompts are rendered "
                        "each time", self.folder, e.strerror or e)
            return
        self.trim()

    def trim(self):
        """Delete the least recently used entries until the folder holds at most max_bytes."""
        with self.lock:
            entries = []
            for path in self.folder.glob(f"*{SUFFIX}"):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                entries.append((stat.st_mtime, stat.st_size, path))
            total = sum(size for _, size, _ in entries)
            for _, size, path in sorted(entries, key=lambda e: (e[0], e[2].name)):
                if total <= self.max_bytes:
                    break
                path.unlink(missing_ok=True)
                total -= size

    def size(self):
        return sum(p.stat().st_size for p in self.folder.glob(f"*{SUFFIX}"))


def encode(samples, rate):
    body = np.asarray(samples, dtype="<i2").tobytes()
    return MAGIC + HEADER.pack(rate, len(body) // 2, zlib.crc32(body)) + body


def decode(data):
    """(samples, rate), or None for anything that is not a whole, unchanged entry."""
    start = len(MAGIC) + HEADER.size
    if len(data) < start or not data.startswith(MAGIC):
        return None
    rate, count, crc = HEADER.unpack_from(data, len(MAGIC))
    body = data[start:]
    if len(body) != 2 * count or zlib.crc32(body) != crc or rate <= 0:
        return None
    return np.frombuffer(body, dtype="<i2").astype(np.int16), rate


class CachedRenderer:
    """A renderer whose prompts come from a ``PromptCache`` when they can.

    ``inner`` is the synthesizer; its ``identity`` (engine, voice, rate, volume) is part of
    every key, so changing any of them renders afresh.
    """

    def __init__(self, inner, cache):
        self.inner, self.cache = inner, cache
        self.identity = getattr(inner, "identity", type(inner).__name__)

    def render(self, text):
        parts = list(self.stream(text)) or [(np.zeros(0, np.int16), 22050)]
        return np.concatenate([p for p, _ in parts]), parts[0][1]

    def stream(self, text):
        """The prompt in parts (sentence by sentence where the synthesizer streams); from the
        cache at once when it is there. A prompt cut short is not kept."""
        key = self.cache.key(self.identity, text)
        found = self.cache.get(key)
        if found is not None:
            yield found
            return
        kept = []
        for samples, rate in parts_of(self.inner, text):
            kept.append((samples, rate))
            yield samples, rate
        self._keep(key, kept)

    def warm(self, text):
        """Render ``text`` into the cache unless it is there; yields between the parts, so a
        prompt to be said now can go first."""
        key = self.cache.key(self.identity, text)
        if self.cache.path(key).is_file():
            return
        kept = []
        for part in parts_of(self.inner, text):
            kept.append(part)
            yield
        self._keep(key, kept)

    def cached(self, text):
        return self.cache.path(self.cache.key(self.identity, text)).is_file()

    def _keep(self, key, parts):
        if parts and len({rate for _, rate in parts}) == 1:
            self.cache.put(key, np.concatenate([p for p, _ in parts]), parts[0][1])

    def close(self):
        self.inner.close()


def parts_of(renderer, text):
    """A renderer's prompt in parts: its ``stream`` where it has one, else one whole part."""
    stream = getattr(renderer, "stream", None)
    if stream is not None:
        yield from stream(text)
    else:
        yield renderer.render(text)
