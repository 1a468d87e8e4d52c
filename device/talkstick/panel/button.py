"""The talking-stick button: pin edges in, ``Gesture`` events out.

gpiozero's callbacks only note when the button went down and up; the button's worker turns
those times into gestures (``core.gestures.Gestures``) and posts ``events.Gesture``.
"""

import logging
import queue
import time

import gpiozero

from talkstick.core.events import Gesture
from talkstick.core.gestures import Gestures
from talkstick.panel.parts import Parts
from talkstick.worker import Worker

log = logging.getLogger(__name__)


class Button(Worker):
    """The button on ``settings.button`` (a ``PanelSettings``); ``post(event)`` receives the
    ``Gesture`` events, stamped by ``clock``; ``pin_factory`` is gpiozero's (None: its default).
    Another button (the facilitator's) names its own ``pin`` and the ``event`` it posts.
    """

    name = "button"
    heartbeat_s = 2.0

    def __init__(self, settings, post, *, clock=time.monotonic, pin_factory=None, tick_s=0.02,
                 pin=None, event=Gesture):
        super().__init__()
        self.event = event
        self.settings, self.post, self.clock, self.tick_s = settings, post, clock, tick_s
        self.restart_s = tick_s
        self._edges = queue.SimpleQueue()
        self._gestures = self._new_gestures()
        self.parts = Parts(pin_factory)
        with self.parts.opening("button"):
            self.button = self.parts.open(gpiozero.Button, settings.button if pin is None else pin,
                                          pull_up=settings.button_pull_up,
                                          bounce_time=settings.bounce_s or None)
        self.button.when_pressed = lambda: self._edges.put((True, self.clock()))
        self.button.when_released = lambda: self._edges.put((False, self.clock()))
        self.start()

    def _new_gestures(self):
        s = self.settings
        return Gestures(s.double_press_s, s.hold_s, s.long_hold_s)

    def work(self):
        while not self.stopping.is_set():
            self.beat()
            self._step()
            self.stopping.wait(self._pause())

    def recover(self, error):
        self._gestures = self._new_gestures()

    def _step(self):
        while True:
            try:
                down, at = self._edges.get_nowait()
            except queue.Empty:
                break
            (self._gestures.pressed if down else self._gestures.released)(at)
        now = self.clock()
        for kind in self._gestures.poll(now):
            log.debug("gesture %s", kind)
            self.post(self.event(kind, now))

    def _pause(self):
        # Poll every tick whatever the deadline: a press can come at any moment.
        deadline = self._gestures.next_deadline()
        if deadline is None:
            return self.tick_s
        return min(self.tick_s, max(0.0, deadline - self.clock()))

    def close(self):
        self.stop()
        self.parts.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
