"""The listener: microphone -> gate -> Vosk -> Heard events, on its own worker thread.

The PortAudio callback only queues blocks (doing recognizer work there overflows the input on
a Pi). The worker owns the Detector: it switches grammars, drops audio while the device
speaks (plus a short tail), and posts ``Heard(intent, at)``. Only intents leave this module:
never words, never audio.

A microphone that goes away (its stream ends, or it gives exact digital silence for
``dead_s``) is one ``DeviceNotice("no_microphone")`` per loss: the loss ends only when real
sound comes back, however often the stream is opened again meanwhile. The stream is held in
``talkstick.portaudio``, and closed (then opened again) whenever the speaker starts PortAudio
over to find a device that came back.

A room where other people talk keeps every utterance open (detector.py, ``noisy_room``): that is
one ``DeviceNotice("noisy_room")`` and one log line for the listener's life, so that the partners
know to move on by the button there; it is not said again when the room quietens and fills.
"""

import ctypes
import logging
import queue
import threading
import time

import numpy as np

from talkstick import portaudio
from talkstick.audio import BLOCK_S, RATE
from talkstick.core import events as ev
from talkstick.hearing.detector import Detector
from talkstick.worker import Worker

log = logging.getLogger(__name__)
RETRY_S = 3.0
DEAD_S = 8.0  # a real microphone always hisses a little: this long of exact zeros is no microphone
BACK_S = 0.5  # a loss ends after this long of real sound, not at a click in the silence
STALL_S = 2.0  # no block for this long from a stream that says it runs: it is broken (PortAudio's
               # ALSA thread can spin on a dead sound server without ever ending the stream)


class Listener(Worker):
    """Hears the check-in phrases of ``phrases`` (intent -> wordings) with a Vosk ``model`` on
    the input ``device`` (None: the default; ``stream`` replaces it in tests) and posts
    ``Heard`` events; deaf while ``speaking`` is set and ``tail_s`` after. ``dead_s`` seconds of
    exact zeros are a microphone lost."""

    name = "listener"
    heartbeat_s = 10.0

    def __init__(self, model, phrases, post, *, filler=(), device=None, stream=None,
                 speaking=None, tail_s=0.3, clock=time.monotonic, detector=None, dead_s=DEAD_S):
        super().__init__()
        self.post, self.device, self.clock, self.tail_s = post, device, clock, tail_s
        self.speaking = speaking or threading.Event()
        self.detector = detector or Detector(model, phrases, filler=filler)
        self.blocks = queue.Queue(maxsize=int(10 / BLOCK_S))  # 10 s: room for a slow decode
        self.commands = queue.Queue()
        self.stream, self.held = stream, False  # held: our stream counts in portaudio
        self.yielded = False     # closed for someone else's PortAudio restart
        self.lost = False        # said "no microphone"; over once real sound has come back
        self.said_noisy_room = False  # (once for the listener's life)
        self.quiet_until = 0.0
        self.dead_s, self.zeros_s, self.sound_s = dead_s, 0.0, 0.0
        self.block_at = time.monotonic()  # when the last block came (real time)
        self._open()
        self.start()

    # -- called from the main loop -------------------------------------------------------
    def listen_for(self, intents):
        self.commands.put(tuple(intents))

    def close(self):
        self.stop()
        self._close_stream()
        outlive(getattr(self.detector, "model", None))

    def wake(self):
        try:  # a worker waiting for a block looks at ``stopping`` at once
            self.blocks.put_nowait(None)
        except queue.Full:
            pass  # it has blocks to take: it sees ``stopping`` within one

    # -- audio ----------------------------------------------------------------------------
    def _callback(self, data, frames, time_info, status):
        self.block_at = time.monotonic()
        if status:
            log.debug("input status: %s", status)
        try:
            self.blocks.put_nowait(bytes(data))
        except queue.Full:  # the worker fell behind: drop audio rather than grow
            pass

    def _open(self):
        """Open the microphone: True if it is open; False if it failed (said once: the button
        works on); None while PortAudio is being started over (try again soon)."""
        if self.stream is not None:
            return True
        import sounddevice as sd

        if not portaudio.hold():
            return None
        try:
            self.stream = sd.RawInputStream(
                samplerate=RATE, channels=1, dtype="int16", blocksize=int(RATE * BLOCK_S),
                device=self.device, callback=self._callback)
            self.stream.start()
        except Exception as e:  # PortAudio raises several kinds; all mean "no microphone"
            self._close_stream()
            portaudio.release()
            self._lose(f"cannot open the microphone ({' '.join(str(e).split())}); retrying "
                       f"every {RETRY_S:.0f} s")
            return False
        self.held, self.block_at = True, time.monotonic()
        return True

    def _close_stream(self):
        stream, self.stream = self.stream, None
        if self.held:
            self.held = False
            if not portaudio.close(stream):
                log.warning("PortAudio has not closed the microphone's stream (a frozen sound "
                            "server, or its ALSA back end looping on a device that died): hearing "
                            "waits for it; if it never closes, the service watchdog restarts "
                            "talkstick")
            portaudio.release()
        elif stream is not None:
            try:
                stream.close()
            except Exception:
                log.debug("closing the input stream failed", exc_info=True)

    def _lose(self, message):
        """Say once that the microphone is lost; nothing more until real sound is back."""
        if not self.lost:
            self.lost = True
            log.warning("%s", message)
            self.post(ev.DeviceNotice("no_microphone", self.clock()))

    def _reopen(self):
        """Try the lost microphone again (the loss is said already: a failure here is quiet,
        and so is PortAudio on stderr)."""
        self._close_stream()
        with portaudio.hushed():
            try:  # an unplugged device only comes back after PortAudio starts over
                portaudio.restart()
            except Exception:
                log.debug("re-initialising PortAudio failed", exc_info=True)
            return self._open()

    def alive(self):
        """Not alive while PortAudio is stuck: if it stays stuck, only a new process hears."""
        return super().alive() and not portaudio.stuck()

    # -- the worker -----------------------------------------------------------------------
    def work(self):
        while not self.stopping.is_set():
            if portaudio.stuck():  # a close has not returned: wait for it before trying again
                self.stopping.wait(0.5)
                continue
            self.beat()
            self._take_commands()
            if self.held and portaudio.restart_wanted():
                self._close_stream()  # the speaker starts PortAudio over: open again after
                self.yielded = True
                continue
            if self.yielded:  # open again at once (waiting while the restart is under way)
                self.yielded = self._open() is None
                continue
            if self._stalled():
                self._lose("the microphone stopped giving sound; retrying")
                self._close_stream()
            if self.stream is None or not self.stream.active:
                if self.stream is not None:
                    self._lose("the microphone went away; retrying")
                if not self.stopping.wait(RETRY_S):
                    self._reopen()
                continue
            try:
                block = self.blocks.get(timeout=0.1)
            except queue.Empty:
                continue
            if block is not None:
                self._hear(block)

    def _stalled(self):
        return self.held and time.monotonic() - self.block_at > STALL_S

    def _take_commands(self):
        while True:
            try:
                intents = self.commands.get_nowait()
            except queue.Empty:
                return
            self.detector.listen_for(intents)

    def _alive(self, block):
        """False once the input has been exact digital silence for ``dead_s`` (unplugged,
        muted). A block is sound when most of its samples are not zero: a real microphone
        hisses; a click in digital silence is not a microphone back."""
        samples = np.frombuffer(block, dtype=np.int16)
        seconds = len(samples) / RATE
        if np.count_nonzero(samples) * 2 >= len(samples):
            self.zeros_s, self.sound_s = 0.0, self.sound_s + seconds
            if self.lost and self.sound_s >= BACK_S:
                self.lost = False
                log.warning("the microphone gives sound again")
            return True
        self.sound_s = 0.0
        if not samples.any():
            self.zeros_s += seconds
        if self.zeros_s >= self.dead_s:
            self._lose("the microphone gives no signal at all (unplugged or muted?)")
            return False
        return True

    def _hear(self, block):
        if not self._alive(block):
            return
        now = self.clock()
        if self.speaking.is_set():
            self.quiet_until = now + self.tail_s
        if now < self.quiet_until:  # our own voice (and its echo) is not evidence
            self.detector.reset()
            self.detector.skip(len(block) // 2)
            return
        for hit in self.detector.feed(block):
            log.debug("heard %s", hit.intent)
            self.post(ev.Heard(hit.intent, now))
        if self.detector.noisy_room and not self.said_noisy_room:
            self.said_noisy_room = True
            log.warning("other people's talk in the room keeps every utterance open: check-in "
                        "phrases will seldom be heard here; the button moves the dialogue on")
            self.post(ev.DeviceNotice("noisy_room", now))


def outlive(model):
    """Keep ``model`` until the process ends, never freed: freeing the Korean model's 550 MB
    of graphs takes 0.3 s, most of the half second a SIGTERM may take, and at exit the system
    takes the memory back at once. (The model is loaded once and lives as long as the device.)"""
    if model is not None and not getattr(model, "_outlives", False):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(model))
        model._outlives = True
