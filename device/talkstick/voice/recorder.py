"""Takes from the microphone for `talkstick record`, in memory until the therapist keeps one.

The PortAudio callback only queues each block (vosk-api #326); the calling thread reads them,
and stops at a pause after speech, at ``stopped()`` (Enter pressed), or at the time limit.
"""

import queue
import time

import numpy as np

from talkstick import portaudio
from talkstick.voice import takes

RATE = 22050  # what the device plays prompts at; the sound server or plughw converts
BLOCK_S = 0.02


class Recorder:
    """``device`` a sounddevice input (None: the default); ``pause_s`` of quiet after speech
    ends a take; ``wait_s`` with no speech at all gives up; ``longest_s`` caps a take."""

    def __init__(self, device=None, *, pause_s=1.5, wait_s=15.0, longest_s=120.0):
        self.device, self.pause_s, self.wait_s, self.longest_s = device, pause_s, wait_s, longest_s

    def take(self, stopped=lambda: False):
        """(int16 samples, rate) trimmed and evened out; None if nothing was said."""
        import sounddevice as sd

        blocks = queue.Queue()
        if not portaudio.hold():
            raise OSError("PortAudio is being started over; try again")
        try:
            stream = sd.InputStream(samplerate=RATE, channels=1, dtype="int16", device=self.device,
                                    blocksize=int(RATE * BLOCK_S),
                                    callback=lambda data, *_: blocks.put(data[:, 0].copy()))
            with stream:
                kept, threshold = self._listen(blocks, stopped)
        finally:
            portaudio.release()
        samples = np.concatenate(kept) if kept else np.zeros(0, np.int16)
        trimmed = takes.trim(samples, RATE, threshold)
        if len(trimmed) < int(RATE * 0.2):
            return None
        return takes.normalise(trimmed), RATE

    def _listen(self, blocks, stopped):
        """The blocks of one take, and the level that counted as speech."""
        kept, levels, heard_at, quiet_since = [], [], None, None
        start = time.monotonic()
        threshold = takes.MIN_LEVEL
        while True:
            try:
                block = blocks.get(timeout=1.0)
            except queue.Empty:
                raise OSError("the microphone delivers no sound") from None
            kept.append(block)
            level = float(np.sqrt(np.mean(block.astype(np.float64) ** 2)))
            levels.append(level)
            if len(levels) <= 15:  # the first 0.3 s: how quiet the room is
                threshold = takes.speech_threshold(np.array(levels))
            now = time.monotonic() - start
            if level > threshold and len(levels) > 5:
                heard_at, quiet_since = heard_at or now, None
            elif heard_at is not None and quiet_since is None:
                quiet_since = now
            if stopped() or now >= self.longest_s:
                return kept, threshold
            if heard_at is None and now >= self.wait_s:
                return kept, threshold
            if quiet_since is not None and now - quiet_since >= self.pause_s:
                return kept, threshold
