"""The speaker: prompts rendered by a ``Renderer`` and played through sounddevice.

Playing in short blocks here, not through the TTS library, makes barge-in (``stop()``)
immediate and keeps every prompt in memory only.

A speaker that goes away (unplugged, its sink unloaded, the sound server restarted) is one
``DeviceNotice("no_speaker")`` and one log line; prompts are then answered at once, so the
dialogue goes on by the lights, and the device is tried again after 1, 2, 4, then every 8 s
(and whenever the listener has started PortAudio over): speech comes back by itself.
"""

import itertools
import logging
import queue
import threading
import time
import traceback

import numpy as np

from talkstick import portaudio
from talkstick.audio import BLOCK_S, resample
from talkstick.core import events as ev
from talkstick.voice.cache import parts_of
from talkstick.voice.renderer import EspeakRenderer
from talkstick.worker import Worker

log = logging.getLogger(__name__)

ESPEAK_RATE = 22050  # what pyttsx3's espeak driver writes: the rate the device is checked at
# Output buffer: room for a busy CPU (Vosk runs beside us); stop() drops it, so it costs no
# barge-in time. A stream's stop() may cut its last buffer, so each prompt ends with as much
# silence.
LATENCY_S = 0.1
RETRY_S = (1.0, 8.0)  # the first wait before trying a lost speaker again, and the longest


class Speaker(Worker):
    """Says prompts in order on its own thread; answers every ``say`` with one ``SpeechDone``.

    ``post`` receives the events; ``device`` is a sounddevice output (None: the default);
    ``speaking`` is set while audio plays. ``renderer`` makes the ``Renderer`` (on the worker
    thread, the only one that may use it); by default espeak-ng through pyttsx3 with
    ``voice`` ("en-us", "ko", "en+f2"), ``rate`` (words per minute) and ``volume`` (0..1).
    ``warm`` lists texts to render ahead whenever no prompt is waiting (a renderer with a
    ``warm`` method: the prompt cache), so that later they play at once. The speaker's own
    thread does it: the renderer is used on one thread only (espeak-ng's state is process-wide,
    a second piper model would cost another 250 MB), and a prompt to say goes first.
    """

    name = "speaker"
    heartbeat_s = 40.0  # a render may take up to its 30 s timeout

    def __init__(self, post, *, voice=None, rate=None, volume=None, device=None, speaking=None,
                 renderer=None, warm=(), clock=time.monotonic):
        super().__init__()
        self.post, self.device, self.clock = post, device, clock
        self.make_renderer = renderer or (lambda: EspeakRenderer(voice, rate, volume))
        self.speaking = speaking if speaking is not None else threading.Event()
        self.muted, self.generation, self.current, self.renderer = False, 0, None, None
        self.gone, self.retry_at, self.retry_s, self.restarts = False, 0.0, RETRY_S[0], 0
        self.queue = queue.Queue()
        self.to_warm, self.warming, self.warm_started = list(warm), None, None
        self.start()

    def say(self, prompt_id, text):
        if self.stopping.is_set():
            self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=True))
            return
        self.queue.put((prompt_id, text, self.generation))

    def chime(self, prompt_id="device.chime"):
        """Play the appointment's chime (``voice/chime.py``) in turn with the prompts; it is
        answered with ``SpeechDone(prompt_id)`` as a prompt is."""
        from talkstick.voice.chime import chime

        self.say(prompt_id, (chime(ESPEAK_RATE), ESPEAK_RATE))

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
        self._open()
        try:
            while (item := self._next()) is not None:
                self.current = item
                prompt_id, text, generation = item
                if generation != self.generation:
                    self._done(prompt_id, interrupted=True)
                elif self.muted or self.gone or (isinstance(text, str) and not text.strip()):
                    self._done(prompt_id, interrupted=False)  # said as well as it can be
                elif isinstance(text, tuple):  # (samples, rate) made already: the chime
                    self._done(prompt_id, self._play(iter([text]), text[1], generation))
                else:
                    self._done(prompt_id, self._say_now(text, generation))
                self.current = None
        finally:
            if self.renderer is not None:
                self.renderer.close()
        self._answer_the_rest()

    def _next(self):
        """The next prompt, beating (and trying a lost speaker again) while none comes;
        None once stopping."""
        while not self.stopping.is_set():
            self.beat()
            if self.gone and self._retry_due():
                self._try_again()
            try:
                return self.queue.get_nowait()  # a prompt to say goes before rendering ahead
            except queue.Empty:
                pass
            if self._warm_a_little():
                continue
            try:
                return self.queue.get(timeout=self._pause())
            except queue.Empty:
                continue
        return None

    def _warm_a_little(self):
        """Render one part of the next text to warm; False when there is nothing to do."""
        warm = getattr(self.renderer, "warm", None)
        if warm is None or self.muted or self.gone:  # no speaker: nothing to be ready for
            return False
        if self.warming is None:
            if not self.to_warm:
                if self.warm_started is not None:
                    log.info("the prompts are rendered ahead (%.1f s)",
                             time.monotonic() - self.warm_started)
                    self.warm_started = None
                return False
            if self.warm_started is None:
                self.warm_started = time.monotonic()
            self.warming = warm(self.to_warm.pop(0))
        if next(self.warming, StopIteration) is StopIteration:
            self.warming = None
        return True

    def _pause(self):
        if not self.gone:
            return 0.5
        return min(0.5, max(0.0, self.retry_at - time.monotonic()))

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
        self.renderer, self.warming = None, None
        if self.current:
            self._done(self.current[0], interrupted=True)
            self.current = None

    def _done(self, prompt_id, interrupted):
        self.post(ev.SpeechDone(prompt_id, self.clock(), interrupted=interrupted))

    def _open(self):
        """Make the renderer and check the device; a renderer that cannot be made mutes the
        speaker for good (no voice to speak with), a device that cannot be had is lost."""
        if self.muted or self.renderer is not None:
            return
        try:
            import sounddevice  # noqa: F401 - PortAudio missing: no voice at all

            self.renderer = self.make_renderer()
        except Exception as e:  # noqa: BLE001 - any failure here means: no voice, go on
            self._mute(e)
            return
        if self.gone:
            return  # restarted after a failure while lost: already said, still retried
        try:
            self._probe()
        except Exception as e:  # noqa: BLE001 - PortAudioError, or no such device (ValueError)
            self._lose(e)

    def _mute(self, reason):
        log.warning("no speaker (%s): prompts are not spoken, the lights still guide", reason)
        self.muted = True
        self.post(ev.DeviceNotice("no_speaker", self.clock()))

    def _lose(self, reason):
        """The device went away (or was never there): one notice, one line, then retries."""
        self.gone, self.retry_s = True, RETRY_S[0]
        self.retry_at, self.restarts = time.monotonic() + self.retry_s, portaudio.restarts()
        log.warning("no speaker (%s): prompts are not spoken, the lights still guide; trying "
                    "it again every few seconds", _one_line(reason))
        self.post(ev.DeviceNotice("no_speaker", self.clock()))

    def _retry_due(self):
        # PortAudio started over by the listener lists the devices afresh: worth a try now
        return time.monotonic() >= self.retry_at or portaudio.restarts() != self.restarts

    def _try_again(self):
        """Open the device as PortAudio knows it, else after starting PortAudio over (the only
        way it sees a device that came back); wait longer after each failure."""
        for start_over in (False, True):
            try:
                with portaudio.hushed():
                    if start_over and not portaudio.restart():
                        break  # the listener's stream would not close: next time
                    self._probe()
            except Exception as e:  # noqa: BLE001 - still gone
                log.debug("the speaker is still gone (%s)", _one_line(e))
                continue
            self.gone = False
            log.warning("the speaker is back")
            return
        self.retry_s = min(RETRY_S[1], self.retry_s * 2)
        self.retry_at, self.restarts = time.monotonic() + self.retry_s, portaudio.restarts()

    def _probe(self):
        """Raise unless an int16 mono stream can be opened on the device now."""
        import sounddevice as sd

        if not portaudio.hold():
            raise TimeoutError("PortAudio is being started over")
        try:
            sd.check_output_settings(device=self.device, channels=1, dtype="int16",
                                     samplerate=ESPEAK_RATE)
        finally:
            portaudio.release()

    def _say_now(self, text, generation):
        """Render and play ``text``; its first part (a sentence, with piper) plays while the
        rest is rendered. True if cut short."""
        parts = parts_of(self.renderer, text)
        try:
            first = next(parts, None)
            if first is None:
                return False
            return self._play(itertools.chain([first], parts), first[1], generation)
        finally:
            parts.close()

    def _play(self, parts, rate, generation):
        """Play the parts; True if cut short by stop_speech(). A device lost on the way ends
        the prompt as said (False), so the dialogue goes on."""
        import sounddevice as sd

        if not portaudio.hold():
            return False  # PortAudio is being started over: this prompt goes unsaid
        try:
            stream = sd.OutputStream(samplerate=rate, channels=1, dtype="int16",
                                     device=self.device, latency=LATENCY_S)
            with stream:  # leaving stops it, which may cut the last buffer: the padding
                return self._write(stream, parts, rate, generation)
        except _RenderFailed as e:
            failed = e.error  # the voice failed, not the device: the worker's restart
        except Exception as e:  # noqa: BLE001 - PortAudioError or a device that vanished
            self._lose(e)
            return False
        finally:
            self.speaking.clear()
            portaudio.release()
        raise failed

    def _write(self, stream, parts, rate, generation):
        step = max(1, int(rate * BLOCK_S))
        padding = (np.zeros(int(rate * LATENCY_S * 1.5), np.int16), rate)
        self.speaking.set()
        for samples, part_rate in _guarded(itertools.chain(parts, [padding])):
            samples = resample(samples, part_rate, rate)
            for start in range(0, len(samples), step):
                if generation != self.generation:
                    stream.abort()
                    return True
                self.beat()
                stream.write(samples[start:start + step])
        return False


class _RenderFailed(Exception):
    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def _guarded(parts):
    """The parts, a renderer's failure on the way raised as _RenderFailed."""
    while True:
        try:
            part = next(parts)
        except StopIteration:
            return
        except Exception as e:  # noqa: BLE001 - told apart from the device's own failures
            raise _RenderFailed(e) from e
        yield part


def _one_line(error):
    """A PortAudio error as one short line: its message, never a traceback."""
    return " ".join(str(error).split()) or type(error).__name__
