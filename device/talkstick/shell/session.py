"""The shell around the pure engine: one event queue, one dispatch loop, devices at the edge."""

import logging
import queue
import time

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.lights import DARK

log = logging.getLogger(__name__)
# A signal handler can only set ``stop``: every wait on the queue is cut into slices this
# long (real seconds), so a SIGTERM is seen within one, not at the next tick.
STOP_POLL_S = 0.05


class Session:
    """Feeds queued events (and regular ticks) to the dialogue and carries out its actions.

    ``lamps``, ``speaker`` and ``listener`` may each be None where the device has none; the
    dialogue then goes on with what is left (the button and LEDs always work).
    ``heartbeat(snapshot, listening)``, if given, is called on every turn of the loop: the
    service manager's watchdog and status line live there.
    """

    def __init__(self, dialogue, events, stop, *, lamps=None, speaker=None, listener=None,
                 display=None, heartbeat=None, clock=time.monotonic, tick_s=0.25, drain_s=15.0):
        self.dialogue, self.events, self.stop = dialogue, events, stop
        self.lamps, self.speaker, self.listener, self.display = lamps, speaker, listener, display
        self.heartbeat, self.clock, self.tick_s, self.drain_s = heartbeat, clock, tick_s, drain_s
        self.reason = None
        self.pending = set()
        self.listening = ()

    def run(self, notices=()):
        """Run to the end of the session (or until ``stop`` is set); return the end reason."""
        self._handle(ev.Start(self.clock()))
        for what in notices:
            self._handle(ev.DeviceNotice(what, self.clock()))
        next_tick = self.clock() + self.tick_s
        while self.reason is None and not self.stop.is_set():
            event = next_event(self.events, self.stop, max(0.0, next_tick - self.clock()))
            if event is None:
                event = ev.Tick(self.clock())
                next_tick = self.clock() + self.tick_s
            self._handle(event)
            self._beat()
        if self.reason is None:
            self._go_dark()
        self._drain()
        return self.reason or "stopped"

    def _go_dark(self):
        """Stopped from outside (a signal, quit): the LEDs go off before anything closes, and
        the display is shown them off."""
        if self.lamps:
            self.lamps.show(DARK)
        if self.display:
            snapshot = self.dialogue.snapshot(self.clock())
            snapshot["leds"] = dict(snapshot["leds"], a=DARK.turn[0], b=DARK.turn[1],
                                    step=DARK.step_mode, color=list(DARK.color), bar=DARK.bar)
            self.display.show(snapshot, [DARK])

    def _handle(self, event):
        if isinstance(event, ev.SpeechDone):
            self.pending.discard(event.prompt_id)
        if isinstance(event, ev.DeviceNotice):
            log.warning("device notice: %s", event.what)
        if self.display and not isinstance(event, ev.Tick):
            self.display.event(event)
        actions = self.dialogue.handle(event)
        for action in actions:
            self._do(action)
        if self.display:
            self.display.show(self.dialogue.snapshot(event.at), actions)

    def _do(self, action):
        if isinstance(action, act.Say):
            self.pending.add(action.prompt_id)
            if self.speaker:
                self.speaker.say(action.prompt_id, action.text)
            else:
                self.events.put(ev.SpeechDone(action.prompt_id, self.clock()))
        elif isinstance(action, act.StopSpeech):
            self.pending.clear()
            if self.speaker:
                self.speaker.stop_speech()
        elif isinstance(action, act.Lights):
            if self.lamps:
                self.lamps.show(action)
        elif isinstance(action, act.Listen):
            self.listening = action.intents
            if self.listener:
                self.listener.listen_for(action.intents)
        elif isinstance(action, act.End):
            self.reason = action.reason

    def _drain(self):
        """Let the last words (goodbye) finish before the devices close."""
        deadline = self.clock() + self.drain_s
        while self.pending and not self.stop.is_set() and self.clock() < deadline:
            event = next_event(self.events, self.stop, 0.1)
            if isinstance(event, ev.SpeechDone):
                self.pending.discard(event.prompt_id)
            self._beat()

    def _beat(self):
        if self.heartbeat:
            self.heartbeat(self.dialogue.snapshot(self.clock()), self.listening)


def next_event(events, stop, timeout):
    """The next event within ``timeout`` real seconds; None when none came or ``stop`` is set
    (looked at every STOP_POLL_S)."""
    end = time.monotonic() + timeout
    while not stop.is_set():
        left = end - time.monotonic()
        if left <= 0:
            return None
        try:
            return events.get(timeout=min(left, STOP_POLL_S))
        except queue.Empty:
            continue
    return None


def run_sessions(devices, repeat=False):
    """One session, or with ``repeat`` (the service) one after another, each started by a
    press, until the device is asked to stop. Each degradation notice is said once."""
    while True:
        reason = devices.session(devices.dialogue()).run(devices.notices)
        log.info("session over: %s", reason)
        devices.notices = []
        if not repeat or not wait_for_press(devices.events, devices.stop, devices.waiting):
            return


def wait_for_press(events, stop, heartbeat=None):
    """Between sessions: True once the button is pressed, False when asked to stop.
    ``heartbeat()`` is called on every turn (every half second at most)."""
    while not stop.is_set():
        if heartbeat:
            heartbeat()
        event = next_event(events, stop, 0.5)
        if isinstance(event, ev.Gesture) and event.kind == "press":
            return True
    return False
