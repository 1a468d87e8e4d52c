"""The devices of a running talkstick, built at the edge and closed in reverse order."""

import logging
import queue
import sys
import threading
import time
from dataclasses import dataclass

from talkstick.core.dialogue import Dialogue
from talkstick.errors import ModelError
from talkstick.script.targets import with_targets
from talkstick.shell.menu import step_targets

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Frontend:
    """How the session is shown and driven: the simulator, headless JSON, or real GPIO only."""

    simulate: bool = False
    headless: bool = False
    gpio: bool = False  # require real GPIO: no quiet fallback to a simulator nobody sees


class Devices:
    """Everything with a thread or a handle: the button, the lamps, the speaker, the listener
    and the display. Devices that cannot be had are None, with a notice the session says once.
    """

    def __init__(self, settings, pack, script, stop, frontend=Frontend(), notifier=None,
                 wall=time.time):
        from talkstick.shell.notify import Notifier, Watchdog

        self.settings, self.pack, self.script = settings, pack, script
        self.stop, self.frontend = stop, frontend
        self.notifier = notifier or Notifier(None)
        self.watchdog = Watchdog(self.notifier, settings.watchdog_s)
        self.status = None
        self.events = queue.Queue()
        self.notices, self.closers, self.workers = [], [], []
        self.speaking = threading.Event()
        from talkstick.shell.appointment import Appointments

        self.wall, self.appointments = wall, Appointments(settings.state_dir, wall)
        self.targets = step_targets(settings, pack, script)  # the facilitator's step times

    def __enter__(self):
        from talkstick.panel.button import Button
        from talkstick.panel.lamps import Lamps
        from talkstick.panel.pins import choose_pin_factory

        f = self.frontend
        self.factory, self.simulated = choose_pin_factory(f.simulate or f.headless, require=f.gpio)
        try:
            self.lamps = self._keep(Lamps(self.settings.panel, pin_factory=self.factory))
            self.button = self._keep(Button(self.settings.panel, self.events.put,
                                            pin_factory=self.factory))
            self.facilitator = self._facilitator()
            self.speaker = self._speaker()
            self.listener = self._listener()
            self.display = self._display()
            self.reminder = self._reminder()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        """Close every device, the last opened first (the lamps last: the session has put
        them out). Every worker is asked to stop before any is joined, so that their threads
        wind down together: a SIGTERM has half a second, all of it included."""
        for worker in self.workers:
            worker.stopping.set()
            worker.wake()
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("closing a device failed")
        self.closers = []

    def alive(self):
        """True while every worker is alive: what the watchdog pings for."""
        return all(worker.alive() for worker in self.workers)

    def heartbeat(self, snapshot, listening):
        """Every turn of the session's loop: ping the watchdog while every worker is alive,
        and tell the service manager what the dialogue is doing when that changes."""
        from talkstick.script.labels import label
        from talkstick.shell.notify import status_line

        names = self.settings.dialogue.names or self.pack.names
        sender = names["AB".index(snapshot["sender"])]
        heard = [self.pack.phrases.get(i, (i,))[0] for i in listening if i not in ("pause", "repeat")]
        self._tell(status_line(snapshot, heard, step_label=label(self.pack.labels, snapshot["step"]),
                               sender_name=sender))

    def waiting(self):
        """Between sessions (the service waits, lights off, for a press)."""
        from talkstick.shell.notify import status_line

        self._tell(status_line({"phase": "ready"}))
        self.reminder.check()

    def _tell(self, line):
        self.watchdog.tick(self.alive())
        if line != self.status:
            self.status = line
            self.notifier.status(line)

    def dialogue(self):
        """A fresh dialogue for the next session, as the settings ask."""
        d = self.settings.dialogue
        script = with_targets(self.script, self.targets)
        return Dialogue(script, self.pack.prompts_for(d.verbosity), d.names or self.pack.names,
                        verbosity=d.verbosity, turn_seconds=d.turn_minutes * 60,
                        break_minutes=d.break_minutes, time_words=self.pack.time_words,
                        keep_appointments=d.profile != "therapist",  # it stores nothing
                        step_names=self._step_names(script))

    def _step_names(self, script):
        """Each step's label in the pack's words: where a resumed session says it was."""
        from talkstick.script.labels import label

        return {sid: label(self.pack.labels, sid) for sid in script.steps}

    def resume(self, any_exercise=False):
        """The position of a session cut off (a power cut, a crash, a restart) within
        ``dialogue.resume_hours``, to go on from; None to start afresh. With ``any_exercise``
        (the menu would offer them all) one of any exercise of the pack goes on, and becomes
        the script in use; else only one of the script chosen."""
        hours = self.settings.dialogue.resume_hours
        if not hours:
            return None
        from talkstick.shell.menu import exercises
        from talkstick.shell.position import take

        scripts = dict(exercises(self.pack, self.script)) if any_exercise else {}
        scripts = {self.script.id: self.script, **scripts}
        position = take(self.settings.state_dir, scripts, self.pack.language, hours * 3600,
                        wall=self.wall)
        if position is not None:
            self.script = scripts[position.script]
        return position

    def _keeper(self):
        """What saves the session's position as it goes; none where it would never resume."""
        if not self.settings.dialogue.resume_hours:
            return None
        from talkstick.shell.position import Keeper

        return Keeper(self.settings.state_dir, self.pack.language, wall=self.wall)

    def session(self, dialogue):
        from talkstick.shell.session import Session

        return Session(dialogue, self.events, self.stop, lamps=self.lamps, speaker=self.speaker,
                       listener=self.listener, display=self.display, heartbeat=self.heartbeat,
                       wall=self.wall, appoint=self._appoint, keeper=self._keeper())

    def _appoint(self, at):
        """The partners chose when to come back: only the time (and the language) is kept."""
        try:
            self.appointments.save(at, self.pack.language)
        except OSError as e:
            log.warning("the appointment could not be kept in %s (%s): the device will not "
                        "remind you", self.appointments.path, e)

    def _reminder(self):
        from talkstick.shell.appointment import Reminder

        return Reminder(self.appointments, self.lamps, self.speaker)

    def _keep(self, device):
        self.closers.append(device.close)
        if hasattr(device, "alive"):
            self.workers.append(device)
        return device

    def _facilitator(self):
        """The facilitator's own button ([panel] facilitator_pin), if there is one."""
        from talkstick.core.events import Facilitator
        from talkstick.panel.button import Button

        pin = self.settings.panel.facilitator_pin
        if pin is None:
            return None
        return self._keep(Button(self.settings.panel, self.events.put, pin_factory=self.factory,
                                 pin=pin, event=Facilitator))

    def _speaker(self):
        v = self.settings.voice
        if not v.enabled:
            return None
        from talkstick.shell.voices import voice_for
        from talkstick.voice.speaker import Speaker

        voice = voice_for(self.settings, self.pack, self.script)  # engine, cache, recordings
        return self._keep(Speaker(self.events.put, device=v.device or None, speaking=self.speaking,
                                  renderer=voice.renderer, warm=voice.warm))

    def _listener(self):
        """The listener, brought up behind the session by a ListenerLoader: the model is
        vetted (its manifest's sizes, or a trial load in a child process) and loaded while
        the button already works. A model that is missing or fails is one notice: button only."""
        listen, lang = self.settings.listen, self.pack.language
        if not listen.enabled:
            return None
        from talkstick.hearing.listener import Listener
        from talkstick.hearing.loader import ListenerLoader
        from talkstick.hearing.models import load_model, resolve_model, vet_model

        try:
            choice, why = resolve_model(lang, self.settings), f"no speech model for {lang!r}"
        except ModelError as e:
            choice, why = None, str(e)
        if choice is None:
            log.warning("%s: button only. Get one with: talkstick model download %s", why, lang)
            self.notices.append("no_model")
            return None

        def listener(model):
            return Listener(model, self.pack.phrases, self.events.put, filler=self.pack.filler,
                            device=listen.device or None, speaking=self.speaking,
                            tail_s=listen.tail_s)

        print(f"loading the speech model ({choice.source}); the button works meanwhile…",
              file=sys.stderr, flush=True)
        advice = (f"Check it with: talkstick model check --model {choice.path}; get a fresh one "
                  f"with: talkstick model download {lang}")
        return self._keep(ListenerLoader(
            lambda stop: vet_model(choice.path, self.pack.wordings(), stop=stop),
            lambda: load_model(choice.path), listener, self.events.put,
            what=f"the speech model from {choice.source}", advice=advice))

    def _display(self):
        """Headless JSON or the simulator, each pressing the mock button pin; none on GPIO."""
        from talkstick.frontends.finger import Finger

        if not (self.frontend.headless or self.simulated):
            return None
        finger = Finger(self.factory.pin(self.settings.panel.button), self.settings.panel,
                        self.stop.wait)
        if self.frontend.headless:
            from talkstick.frontends.headless import CommandReader
            from talkstick.frontends.jsonlines import JsonDisplay

            self._keep(CommandReader(sys.stdin, finger, self.events.put, self.stop, time.monotonic,
                                     sys.stderr).start())
            return self._keep(JsonDisplay(sys.stdout, names=self.settings.dialogue.names or self.pack.names))
        from talkstick.frontends.simulator import Simulator

        return self._keep(Simulator(finger, self.events.put, self.stop, self.pack,
                                    self.settings, self.script))
