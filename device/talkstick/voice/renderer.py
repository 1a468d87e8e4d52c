"""Renderers: the text of a prompt in, (int16 samples, sample rate) out.

The ``Renderer`` protocol is all the speaker needs; ``EspeakRenderer`` renders through pyttsx3
on espeak-ng. pyttsx3 would play through ``aplay`` from a callback, which cannot be stopped
and is known to hang; so each prompt is rendered to a WAV in a private temp dir, read into
memory and deleted at once, and the speaker plays the samples itself.
"""

import logging
import os
import sys
import tempfile
import threading
from typing import Protocol

from talkstick.audio import read_wav
from talkstick.errors import AudioError

log = logging.getLogger(__name__)


class Renderer(Protocol):
    """Made and used on the speaker's worker thread only; closed when the worker ends.

    A renderer may also have ``stream(text)``, yielding the prompt in parts (piper: one per
    sentence) so the first can play early, and ``identity``, what a cached rendering of it
    is keyed by besides the text (engine, voice, rate, volume).
    """

    def render(self, text: str) -> tuple:
        """(int16 mono samples, sample rate) for ``text``."""

    def close(self) -> None: ...


class EspeakRenderer:
    """Renders through a pyttsx3 engine's WAV file, kept only until it is read.

    pyttsx3 2.99's runAndWait returns about 10 ms after it starts espeak-ng, which synthesizes
    on a thread of its own and writes the file later: the end is its "finished-utterance".
    ``voice`` is an espeak-ng voice ("en-us", "ko", "en+f2"), ``rate`` words per minute,
    ``volume`` 0..1; ``engine`` a pyttsx3 engine (default: one made here).
    """

    def __init__(self, voice=None, rate=None, volume=None, *, engine=None, timeout=30.0):
        self.engine = engine or make_engine()
        self.voice_id = configure(self.engine, voice, rate, volume)
        # What the prompt cache keys a rendering by, besides its text.
        self.identity = f"espeak-ng|{self.voice_id or voice}|rate {rate}|volume {volume}"
        self.timeout = timeout
        self.folder = tempfile.TemporaryDirectory(prefix="talkstick-voice-", dir=_tmpfs())
        self.wav_path = os.path.join(self.folder.name, "prompt.wav")
        self.finished = threading.Event()
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())

    def render(self, text):
        self.finished.clear()
        try:
            self.engine.save_to_file(text, self.wav_path)
            self.engine.runAndWait()
            if not self.finished.wait(self.timeout):
                raise AudioError(f"espeak-ng did not render a prompt within {self.timeout:.0f} s")
            return read_wav(self.wav_path)
        finally:
            if os.path.exists(self.wav_path):
                os.unlink(self.wav_path)

    def close(self):
        self.folder.cleanup()


def make_engine():
    import pyttsx3

    engine = pyttsx3.Engine()
    # pyttsx3 2.99's espeak driver prints "Audio saved to <path>" on stdout after every
    # save_to_file, and stdout carries the JSON lines in headless mode.
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is not None:
        driver.print = _no_print
    return engine


def _no_print(*args, **kwargs):
    pass


def configure(engine, voice, rate, volume):
    """Set the engine up; return the voice id it will speak with (None: its default)."""
    found = find_voice(engine.getProperty("voices"), voice) if voice else None
    if found:
        engine.setProperty("voice", found)
    elif voice:
        log.warning("espeak-ng has no voice %r (see `espeak-ng --voices`); using its default",
                    voice)
    if rate:
        engine.setProperty("rate", int(rate))
    if volume is not None:
        engine.setProperty("volume", float(volume))
    return found


def find_voice(voices, wanted):
    """The voice id for an espeak-ng name or language such as "en-us", "ko" or "en+f2".

    pyttsx3's espeak driver names voices by espeak-ng's file identifier ("gmw/en-us", "ko")
    and gives each one language ("en-us"); a "+variant" suffix is kept.
    """
    base, plus, variant = wanted.strip().partition("+")
    base = base.lower()
    tests = (lambda v: v.id.lower() == base,
             lambda v: v.id.lower().rsplit("/", 1)[-1] == base,
             lambda v: base in [lang.lower() for lang in (v.languages or [])],
             lambda v: (v.name or "").lower() == base)
    for test in tests:
        for v in voices:
            if test(v):
                return v.id + plus + variant
    return None


def _tmpfs():
    """Rendered prompts stay in memory where there is a tmpfs."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
