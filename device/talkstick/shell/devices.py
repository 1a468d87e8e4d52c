"""The devices of a running talkstick, built at the edge and closed in reverse order."""

import logging
import queue
import sys
import threading
import time
from dataclasses import dataclass

from talkstick.core.dialogue import Dialogue
from talkstick.errors import AudioError, ModelError

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

    def __init__(self, settings, pack, script, stop, frontend=Frontend()):
        self.settings, self.pack, self.script = settings, pack, script
        self.stop, self.frontend = stop, frontend
        self.events = queue.Queue()
        self.notices, self.closers, self.workers = [], [], []
        self.speaking = threading.Event()

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
            self.speaker = self._speaker()
            self.listener = self._listener()
            self.display = self._display()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("closing a device failed")
        self.closers = []

    def alive(self):
        """True while every worker is alive: what the watchdog pings for."""
        return all(worker.alive() for worker in self.workers)

    def dialogue(self):
        """A fresh dialogue for the next session, as the settings ask."""
        d = self.settings.dialogue
        return Dialogue(self.script, self.pack.prompts, d.names or self.pack.names,
                        verbosity=d.verbosity, turn_seconds=d.turn_minutes * 60,
                        break_minutes=d.break_minutes)

    def session(self, dialogue):
        from talkstick.shell.session import Session

        return Session(dialogue, self.events, self.stop, lamps=self.lamps, speaker=self.speaker,
                       listener=self.listener, display=self.display)

    def _keep(self, device):
        self.closers.append(device.close)
        if hasattr(device, "alive"):
            self.workers.append(device)
        return device

    def _speaker(self):
        v = self.settings.voice
        if not v.enabled:
            return None
        from talkstick.voice.speaker import Speaker

        return self._keep(Speaker(self.events.put, voice=v.voice or self.pack.voice, rate=v.rate,
                                  volume=v.volume, device=v.device or None, speaking=self.speaking))

    def _listener(self):
        listen = self.settings.listen
        if not listen.enabled:
            return None
        from talkstick.hearing.models import load_model, resolve_model

        try:
            choice = resolve_model(self.pack.language, self.settings)
        except ModelError as e:
            log.warning("%s", e)
            choice = None
        if choice is None:
            log.warning("no speech model for %r: button only. Get one with: talkstick model "
                        "download %s", self.pack.language, self.pack.language)
            self.notices.append("no_model")
            return None
        from talkstick.hearing.listener import Listener

        print(f"loading the speech model ({choice.source})…", file=sys.stderr, flush=True)
        started = time.monotonic()
        model = load_model(choice.path)
        log.info("model loaded in %.1f s", time.monotonic() - started)
        try:
            listener = Listener(model, self.pack.phrases, self.events.put, filler=self.pack.filler,
                                device=listen.device or None, speaking=self.speaking,
                                tail_s=listen.tail_s)
        except AudioError as e:
            log.warning("%s", e)
            self.notices.append("no_microphone")
            return None
        return self._keep(listener)

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
            return JsonDisplay(sys.stdout)
        from talkstick.frontends.simulator import Simulator

        return self._keep(Simulator(finger, self.events.put, self.stop, self.pack,
                                    self.settings, self.script))
