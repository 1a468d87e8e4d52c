"""The speaker: prompts rendered by pyttsx3 (espeak-ng) and played through sounddevice.

pyttsx3 would play through ``aplay`` from a callback, which cannot be stopped and is known to
hang; so each prompt is rendered to a WAV in a private temp dir, read into memory, deleted at
once, and played here in short blocks, which makes barge-in (``stop()``) immediate.
"""

import logging
import os
import queue
import sys
import tempfile
import threading
import time
import traceback

import numpy as np

from talkstick import events as ev
from talkstick.errors import AudioError
from talkstick.wav import read_wav

log = logging.getLogger(__name__)

BLOCK_S = 0.02  # played in 20 ms blocks: stop() takes effect within one block
ESPEAK_RATE = 22050  # what pyttsx3's espeak driver writes
# Output buffer: room for a busy CPU (Vosk runs beside us); stop() drops it, so it costs no
# barge-in time. A stream's stop() may cut its last buffer, so each prompt ends with as much
# silence.
LATENCY_S = 0.1


class Speaker:
    """Says prompts in order on its own thread; answers every ``say`` with one ``SpeechDone``.

    ``post`` receives the events; ``voice`` is an espeak-ng voice ("en-us", "ko", "en+f2"),
    ``rate`` words per minute, ``volume`` 0..1, ``device`` a sounddevice output (None: the
    default). ``speaking`` is set while audio plays. ``engine`` is a pyttsx3 engine; by default
    one is made on the worker thread, which is the only thread that may use it.
    """

    def __init__(self, post, *, voice=None, rate=None, volume=None, device=None, speaking=None,
                 engine=None, clock=time.monotonic):
        self.post, self.voice, self.rate, self.volume = post, voice, rate, volume
        self.device, self.engine, self.clock = device, engine, clock
        self.speaking = speaking if speaking is not None else threading.Event()
        self.muted, self.generation, self.current = False, 0, None
        self.voice_id = None  # the espeak-ng voice in use, once the worker has chosen it
        self.queue, self.closed = queue.Queue(), threading.Event()
        self.thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self.thread.start()

    def say(self, prompt_id, text):
        if self.closed.is_set():
            self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=True))
            return
        self.queue.put((prompt_id, text, self.generation))

    def stop(self):
        """Barge-in: cut the prompt being played and drop the queued ones.

        Each of them is still answered, with ``SpeechDone(interrupted=True)``.
        """
        self.generation += 1

    def close(self, timeout=5.0):
        self.closed.set()
        self.stop()
        self.queue.put(None)
        self.thread.join(timeout)
        if self.thread.is_alive():
            log.warning("the speaker did not stop within %.1f s", timeout)

    # -- worker --------------------------------------------------------------------------
    def _run(self):
        while not self.closed.is_set():
            try:
                self._serve()
            except Exception as e:
                log.exception("the speaker worker failed; restarting it")
                # The failed frames hold their pyttsx3 engine; one freed later would unhook
                # espeak-ng's single, process-wide callback from the next engine.
                traceback.clear_frames(e.__traceback__)
                if self.current:
                    self._done(self.current[0], interrupted=True)
                self.closed.wait(1.0)

    def _serve(self):
        engine, sd = self._open()
        with tempfile.TemporaryDirectory(prefix="talkstick-voice-", dir=_tmpfs()) as tmp:
            renderer = Renderer(engine, os.path.join(tmp, "prompt.wav")) if engine else None
            while (item := self.queue.get()) is not None:
                self.current = item
                prompt_id, text, generation = item
                if generation != self.generation:
                    self._done(prompt_id, interrupted=True)
                elif self.muted or not text.strip():
                    self._done(prompt_id, interrupted=False)
                else:
                    samples, rate = renderer.render(text)
                    self._done(prompt_id, self._play(sd, samples, rate, generation))
                self.current = None

    def _done(self, prompt_id, interrupted):
        self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=interrupted))

    def _open(self):
        """(engine, sounddevice), or (None, None) and muted when either cannot be had."""
        if self.muted:
            return None, None
        try:
            import sounddevice as sd

            sd.check_output_settings(device=self.device, channels=1, dtype="int16",
                                     samplerate=ESPEAK_RATE)
            engine = self.engine or make_engine()
            self.voice_id = configure(engine, self.voice, self.rate, self.volume)
        except Exception as e:  # noqa: BLE001 - any failure here means: no voice, go on
            self._mute(e)
            return None, None
        return engine, sd

    def _mute(self, reason):
        log.warning("no speaker (%s): prompts are not spoken, the lights still guide", reason)
        self.muted = True
        self.post(ev.DeviceNotice("no_speaker", self.clock()))

    def _play(self, sd, samples, rate, generation):
        """Play the samples; True if cut short by stop()."""
        try:
            stream = sd.OutputStream(samplerate=rate, channels=1, dtype="int16", device=self.device,
                                     latency=LATENCY_S)
        except Exception as e:  # noqa: BLE001 - PortAudioError or a device that vanished
            self._mute(e)
            return False
        step = max(1, int(rate * BLOCK_S))
        samples = np.concatenate([samples, np.zeros(int(rate * LATENCY_S * 1.5), np.int16)])
        self.speaking.set()
        try:
            with stream:  # leaving stops it, which may cut the last buffer: the padding
                for start in range(0, len(samples), step):
                    if generation != self.generation:
                        stream.abort()
                        return True
                    stream.write(samples[start:start + step])
        finally:
            self.speaking.clear()
        return False


class Renderer:
    """Renders prompts through a pyttsx3 engine's WAV file, kept only until it is read.

    pyttsx3 2.99's runAndWait returns about 10 ms after it starts espeak-ng, which synthesizes
    on a thread of its own and writes the file later: the end is its "finished-utterance".
    """

    def __init__(self, engine, wav_path, timeout=30.0):
        self.engine, self.wav_path, self.timeout = engine, wav_path, timeout
        self.finished = threading.Event()
        engine.connect("finished-utterance", lambda **_: self.finished.set())

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
