"""The speaker: prompts rendered by a ``Renderer`` and played through sounddevice.

Playing in short blocks here, not through the TTS library, makes barge-in (``stop()``)
immediate and keeps every prompt in memory only.
"""

import logging
import queue
import threading
import time
import traceback

import numpy as np

from talkstick.audio import BLOCK_S
from talkstick.core import events as ev
from talkstick.voice.renderer import EspeakRenderer
from talkstick.worker import Worker

log = logging.getLogger(__name__)

ESPEAK_RATE = 22050  # what pyttsx3's espeak driver writes: the rate the device is checked at
# Output buffer: room for a busy CPU (Vosk runs beside us); stop() drops it, so it costs no
# barge-in time. A stream's stop() may cut its last buffer, so each prompt ends with as much
# silence.
LATENCY_S = 0.1


class Speaker(Worker):
    """Says prompts in order on its own thread; answers every ``say`` with one ``SpeechDone``.

    ``post`` receives the events; ``device`` is a sounddevice output (None: the default);
    ``speaking`` is set while audio plays. ``renderer`` makes the ``Renderer`` (on the worker
    thread, the only one that may use it); by default espeak-ng through pyttsx3 with
    ``voice`` ("en-us", "ko", "en+f2"), ``rate`` (words per minute) and ``volume`` (0..1).
    """

    name = "speaker"
    heartbeat_s = 40.0  # a render may take up to its 30 s timeout

    def __init__(self, post, *, voice=None, rate=None, volume=None, device=None, speaking=None,
                 renderer=None, clock=time.monotonic):
        super().__init__()
        self.post, self.device, self.clock = post, device, clock
        self.make_renderer = renderer or (lambda: EspeakRenderer(voice, rate, volume))
        self.speaking = speaking if speaking is not None else threading.Event()
        self.muted, self.generation, self.current, self.renderer = False, 0, None, None
        self.queue = queue.Queue()
        self.start()

    def say(self, prompt_id, text):
        if self.stopping.is_set():
            self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=True))
            return
        self.queue.put((prompt_id, text, self.generation))

    def stop_speech(self):
        """Barge-in: cut the prompt being played and drop the queued ones.

        Each of them is still answered, with ``SpeechDone(interrupted=True)``.
        """
        self.generation += 1

    def close(self, timeout=5.0):
        self.stop(timeout)

    def wake(self):
        self.stop_speech()
        self.queue.put(None)

    # -- worker --------------------------------------------------------------------------
    def work(self):
        sd = self._open()
        try:
            while (item := self._next()) is not None:
                self.current = item
                prompt_id, text, generation = item
                if generation != self.generation:
                    self._done(prompt_id, interrupted=True)
                elif self.muted or not text.strip():
                    self._done(prompt_id, interrupted=False)
                else:
                    samples, rate = self.renderer.render(text)
                    self._done(prompt_id, self._play(sd, samples, rate, generation))
                self.current = None
        finally:
            if self.renderer is not None:
                self.renderer.close()
        self._answer_the_rest()

    def _next(self):
        """The next prompt, beating while none comes; None once stopping."""
        while not self.stopping.is_set():
            self.beat()
            try:
                return self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
        return None

    def _answer_the_rest(self):
        """Prompts queued behind the stop are still answered, as cut short."""
        while True:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self._done(item[0], interrupted=True)

    def recover(self, error):
        # The failed frames hold the renderer's engine; one freed later would unhook
        # espeak-ng's single, process-wide callback from the next engine.
        traceback.clear_frames(error.__traceback__)
        self.renderer = None
        if self.current:
            self._done(self.current[0], interrupted=True)
            self.current = None

    def _done(self, prompt_id, interrupted):
        self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=interrupted))

    def _open(self):
        """sounddevice, with the renderer made; None and muted when either cannot be had."""
        if self.muted:
            return None
        try:
            import sounddevice as sd

            sd.check_output_settings(device=self.device, channels=1, dtype="int16",
                                     samplerate=ESPEAK_RATE)
            self.renderer = self.make_renderer()
        except Exception as e:  # noqa: BLE001 - any failure here means: no voice, go on
            self._mute(e)
            return None
        return sd

    def _mute(self, reason):
        log.warning("no speaker (%s): prompts are not spoken, the lights still guide", reason)
        self.muted = True
        self.post(ev.DeviceNotice("no_speaker", self.clock()))

    def _play(self, sd, samples, rate, generation):
        """Play the samples; True if cut short by stop_speech()."""
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
                    self.beat()
                    stream.write(samples[start:start + step])
        finally:
            self.speaking.clear()
        return False
