"""The shell around the pure engine: one event queue, one dispatch loop, devices at the edge."""

import logging
import queue
import time

from talkstick.core import actions as act
from talkstick.core import events as ev

log = logging.getLogger(__name__)


class Session:
    """Feeds queued events (and regular ticks) to the dialogue and carries out its actions.

    ``lamps``, ``speaker`` and ``listener`` may each be None where the device has none; the
    dialogue then goes on with what is left (the button and LEDs always work).
    """

    def __init__(self, dialogue, events, stop, *, lamps=None, speaker=None, listener=None,
                 display=None, clock=time.monotonic, tick_s=0.25, drain_s=15.0):
        self.dialogue, self.events, self.stop = dialogue, events, stop
        self.lamps, self.speaker, self.listener, self.display = lamps, speaker, listener, display
        self.clock, self.tick_s, self.drain_s = clock, tick_s, drain_s
        self.reason = None
        self.pending = set()

    def run(self, notices=()):
        """Run to the end of the session (or until ``stop`` is set); return the end reason."""
        self._handle(ev.Start(self.clock()))
        for what in notices:
            self._handle(ev.DeviceNotice(what, self.clock()))
        next_tick = self.clock() + self.tick_s
        while self.reason is None and not self.stop.is_set():
            try:
                event = self.events.get(timeout=max(0.0, next_tick - self.clock()))
            except queue.Empty:
                event = ev.Tick(self.clock())
                next_tick = self.clock() + self.tick_s
            self._handle(event)
        self._drain()
        return self.reason or "stopped"

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
            if self.listener:
                self.listener.listen_for(action.intents)
        elif isinstance(action, act.End):
            self.reason = action.reason

    def _drain(self):
        """Let the last words (goodbye) finish before the devices close."""
        deadline = self.clock() + self.drain_s
        while self.pending and not self.stop.is_set() and self.clock() < deadline:
            try:
                event = self.events.get(timeout=0.1)
            except queue.Empty:
                continue
            if isinstance(event, ev.SpeechDone):
                self.pending.discard(event.prompt_id)


def run_sessions(devices, repeat=False):
    """One session, or with ``repeat`` (the service) one after another, each started by a
    press, until the device is asked to stop. Each degradation notice is said once."""
    while True:
        reason = devices.session(devices.dialogue()).run(devices.notices)
        log.info("session over: %s", reason)
        devices.notices = []
        if not repeat or not wait_for_press(devices.events, devices.stop):
            return


def wait_for_press(events, stop):
    """Between sessions: True once the button is pressed, False when asked to stop."""
    while not stop.is_set():
        try:
            event = events.get(timeout=0.5)
        except queue.Empty:
            continue
        if isinstance(event, ev.Gesture) and event.kind == "press":
            return True
    return False
