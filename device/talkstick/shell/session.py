"""The shell around the pure engine: one event queue, one dispatch loop, devices at the edge."""

import logging
import queue
import time

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.lights import DARK
from talkstick.shell.appointment import utc_offset
from talkstick.shell.history import Diary
from talkstick.shell.menu import choose

log = logging.getLogger(__name__)
# A signal handler can only set ``stop``: every wait on the queue is cut into slices this
# long (real seconds), so a SIGTERM is seen within one, not at the next tick.
STOP_POLL_S = 0.05
# Events still queued when a stop comes that are handled before the lights go out; a flood
# past this many is left, so a stop is never held up.
SETTLE_EVENTS = 100


class Session:
    """Feeds queued events (and regular ticks) to the dialogue and carries out its actions.

    ``lamps``, ``speaker`` and ``listener`` may each be None where the device has none; the
    dialogue then goes on with what is left (the button and LEDs always work).
    ``heartbeat(snapshot, listening)``, if given, is called on every turn of the loop: the
    service manager's watchdog and status line live there. ``wall`` reads the wall clock
    (epoch seconds) for the Start, and ``appoint(at)`` keeps an appointment the partners chose.
    ``keeper``, if given, saves the dialogue's position (``shell/position.py``) after every
    event, before the display shows it.
    """

    def __init__(self, dialogue, events, stop, *, lamps=None, speaker=None, listener=None,
                 display=None, heartbeat=None, clock=time.monotonic, tick_s=0.25, drain_s=15.0,
                 wall=time.time, appoint=None, keeper=None):
        self.dialogue, self.events, self.stop = dialogue, events, stop
        self.lamps, self.speaker, self.listener, self.display = lamps, speaker, listener, display
        self.heartbeat, self.clock, self.tick_s, self.drain_s = heartbeat, clock, tick_s, drain_s
        self.wall, self.appoint, self.keeper = wall, appoint, keeper
        self.reason = None
        self.pending = set()
        self.listening = ()

    def run(self, notices=(), resume=None):
        """Run to the end of the session (or until ``stop`` is set); return the end reason.
        ``resume``: a ``core.position.Position`` to go on from instead of starting afresh."""
        wall = self.wall()
        if resume is None:
            self._handle(ev.Start(self.clock(), wall=wall, utc_offset=utc_offset(wall)))
        else:
            self._handle(ev.Resume(resume, self.clock(), wall=wall, utc_offset=utc_offset(wall)))
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
        self._settle()
        if self.reason is None:
            self._go_dark()
        if self.keeper:  # stopped (a signal, quit): the time in the step so far
            self.keeper.update(self.dialogue, self.clock(), force=True)
        self._drain()
        return self.reason or "stopped"

    def _settle(self):
        """Stopped (the end of headless input, quit, a signal): what had already happened when
        the stop came (a press, a phrase heard, a prompt said) is handled first, as it would
        have been a moment later had the loop not been busy, and so is what that handling
        queues itself (the SpeechDone of a prompt with no speaker to say it)."""
        for _ in range(SETTLE_EVENTS):
            if self.reason is not None:
                return
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return
            self._handle(event)

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
        if self.keeper:
            self.keeper.update(self.dialogue, event.at)
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
        elif isinstance(action, act.Appoint) and self.appoint:
            self.appoint(action.at)

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


def run_sessions(devices, repeat=False, menu=False):
    """One session, or with ``repeat`` (the service) one after another, each started by a
    press, until the device is asked to stop. Each degradation notice is said once.

    With ``menu`` the exercise menu comes first; between sessions the press opens it when the
    settings offer it (``dialogue.menu``). The exercise chosen stays until another is chosen.

    An appointment the partners chose (``devices.reminder``) is waited for between sessions,
    and also when the service starts with one pending (after a power cut, say); the press that
    answers it starts the exercise they put off, without the menu."""
    resume = devices.resume(any_exercise=menu)  # a session cut off (a power cut) goes on first
    reminder = devices.reminder
    if (repeat and resume is None and reminder.pending()
            and not wait_for_press(devices.events, devices.stop, devices.waiting)):
        return
    while True:
        kept = reminder.keep_if_due()  # a session begun once the time has come keeps it
        if menu and resume is None and not kept:
            script = choose(devices, lambda menu: menu_session(devices, menu))
            if script is None:
                return
            devices.script = script
        dialogue = devices.dialogue()
        session = devices.session(dialogue)
        keep = devices.settings.history.enabled
        diary = Diary(devices.settings, dialogue.script, session) if keep else None
        reason = session.run(devices.notices, resume=resume)
        resume = None
        reminder.keep_if_due()  # so does one that ran through it
        if diary:
            diary.save(dialogue, reason)
        log.info("session over: %s", reason)
        devices.notices = []
        if not repeat or not wait_for_press(devices.events, devices.stop, devices.waiting):
            return
        menu = devices.settings.dialogue.menu


def menu_session(devices, menu):
    """The menu's own session: the button, lamps, speaker and display; no position kept, no
    appointment."""
    return Session(menu, devices.events, devices.stop, lamps=devices.lamps, speaker=devices.speaker,
                   listener=devices.listener, display=devices.display, heartbeat=devices.heartbeat)


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
