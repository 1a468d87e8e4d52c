"""The listener: microphone -> gate -> Vosk -> Heard events, on its own worker thread.

The PortAudio callback only queues blocks (doing recognizer work there overflows the input on
a Pi). The worker owns the Detector: it switches grammars, drops audio while the device
speaks (plus a short tail), and posts ``Heard(intent, at)``. Only intents leave this module:
never words, never audio.
"""

import logging
import queue
import threading
import time

from talkstick.audio import BLOCK_S, RATE
from talkstick.core import events as ev
from talkstick.hearing.detector import Detector
from talkstick.worker import Worker

log = logging.getLogger(__name__)
RETRY_S = 3.0
DEAD_S = 8.0  # a real microphone always hisses a little: this long of exact zeros is no microphone


class Listener(Worker):
    """Hears the check-in phrases of ``phrases`` (intent -> wordings) with a Vosk ``model`` on
    the input ``device`` (None: the default; ``stream`` replaces it in tests) and posts
    ``Heard`` events; deaf while ``speaking`` is set and ``tail_s`` after."""

    name = "listener"
    heartbeat_s = 10.0

    def __init__(self, model, phrases, post, *, filler=(), device=None, stream=None,
                 speaking=None, tail_s=0.3, clock=time.monotonic, detector=None):
        super().__init__()
        self.post, self.device, self.clock, self.tail_s = post, device, clock, tail_s
        self.speaking = speaking or threading.Event()
        self.detector = detector or Detector(model, phrases, filler=filler)
        self.blocks = queue.Queue(maxsize=int(10 / BLOCK_S))  # 10 s: room for a slow decode
        self.commands = queue.Queue()
        self.stream = stream
        self.noticed = False
        self.quiet_until = 0.0
        self.dead_s = 0.0
        self._open()
        self.start()

    # -- called from the main loop -------------------------------------------------------
    def listen_for(self, intents):
        self.commands.put(tuple(intents))

    def close(self):
        self.stop()
        self._close_stream()

    # -- audio ----------------------------------------------------------------------------
    def _callback(self, data, frames, time_info, status):
        if status:
            log.debug("input status: %s", status)
        try:
            self.blocks.put_nowait(bytes(data))
        except queue.Full:  # the worker fell behind: drop audio rather than grow
            pass

    def _open(self):
        """Open the microphone; on failure say so once and keep the button working."""
        import sounddevice as sd

        if self.stream is None:
            try:
                self.stream = sd.RawInputStream(
                    samplerate=RATE, channels=1, dtype="int16", blocksize=int(RATE * BLOCK_S),
                    device=self.device, callback=self._callback)
                self.stream.start()
            except Exception as e:  # PortAudio raises several kinds; all mean "no microphone"
                self.stream = None
                self._notice(f"cannot open the microphone ({e}); retrying every {RETRY_S:.0f} s")
                return False
        self.noticed = False
        return True

    def _close_stream(self):
        if self.stream is not None:
            try:
                self.stream.close()
            except Exception:
                log.debug("closing the input stream failed", exc_info=True)
            self.stream = None

    def _notice(self, message):
        if not self.noticed:
            self.noticed = True
            log.warning("%s", message)
            self.post(ev.DeviceNotice("no_microphone", self.clock()))

    def _reopen(self):
        import sounddevice as sd

        self._close_stream()
        try:  # an unplugged device only comes back after PortAudio starts over
            sd._terminate()
            sd._initialize()
        except Exception:
            log.debug("re-initialising PortAudio failed", exc_info=True)
        return self._open()

    # -- the worker -----------------------------------------------------------------------
    def work(self):
        while not self.stopping.is_set():
            self.beat()
            self._take_commands()
            if self.stream is None or not self.stream.active:
                if self.stream is not None:
                    self._notice("the microphone went away; retrying")
                if not self.stopping.wait(RETRY_S):
                    self._reopen()
                continue
            try:
                block = self.blocks.get(timeout=0.5)
            except queue.Empty:
                continue
            self._hear(block)

    def _take_commands(self):
        while True:
            try:
                intents = self.commands.get_nowait()
            except queue.Empty:
                return
            self.detector.listen_for(intents)

    def _alive(self, block):
        """False once the input has been exact digital silence for DEAD_S (unplugged, muted)."""
        if any(block):
            if self.dead_s >= DEAD_S:
                log.warning("the microphone gives sound again")
            self.dead_s, self.noticed = 0.0, False
            return True
        self.dead_s += len(block) / 2 / RATE
        if self.dead_s >= DEAD_S:
            self._notice("the microphone gives no signal at all (unplugged or muted?)")
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
