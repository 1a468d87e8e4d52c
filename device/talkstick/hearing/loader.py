"""Bringing the listener up behind a running session: vet the model, load it, start listening.

Vetting a model without a manifest takes a trial load in a child process (about 2 s for the
Korean model here) and loading it about 2 s more; the button and the lamps must not wait for
that. So the session starts at once with a ``ListenerLoader`` in the listener's place: it
does the slow work on its own worker thread, then starts the real listener and hands it the
phrases the dialogue last asked for. A model that fails is one warning in the log and one
``DeviceNotice("no_model")``: the dialogue goes on by the button.
"""

import logging
import threading
import time

from talkstick.core import events as ev
from talkstick.errors import AudioError, ModelError
from talkstick.worker import Worker

log = logging.getLogger(__name__)


class ListenerLoader(Worker):
    """Stands in for the listener while ``vet(stop)`` and ``load()`` run, then starts
    ``make(model)`` (a Listener) and forwards ``listen_for`` to it. ``post`` takes the notice
    when it fails; ``what`` names the model in the log."""

    name = "model-loader"

    def __init__(self, vet, load, make, post, *, what="the speech model", advice="",
                 clock=time.monotonic):
        super().__init__()
        self.vet, self.load, self.make, self.post = vet, load, make, post
        self.what, self.advice, self.clock = what, advice, clock
        self.lock = threading.Lock()
        self.listener = None
        self.intents = None      # what the dialogue asked for before the listener was up
        self.done = threading.Event()  # set once the listener is up or the model has failed
        self.start()

    # -- called from the main loop -------------------------------------------------------
    def listen_for(self, intents):
        with self.lock:
            self.intents = tuple(intents)
            if self.listener is not None:
                self.listener.listen_for(self.intents)

    def alive(self):
        with self.lock:
            listener = self.listener
        return super().alive() and (listener is None or listener.alive())

    def close(self):
        self.stop()
        with self.lock:
            if self.listener is not None:
                self.listener.close()
            self.listener = None

    # -- the worker -----------------------------------------------------------------------
    def work(self):
        if not self.done.is_set():
            self._bring_up()
            self.done.set()
        self.stopping.wait()  # stays, so that alive() says the device is whole

    def recover(self, error):
        """Anything unforeseen while bringing the listener up: button only, not a retry."""
        if not self.done.is_set():
            self._give_up(f"{type(error).__name__}: {error}")
            self.done.set()

    def _bring_up(self):
        started = time.monotonic()
        try:
            how = self.vet(self.stopping)
            log.info("%s: %s", self.what, how)
            model = self.load()
        except ModelError as e:
            if not self.stopping.is_set():
                self._give_up(str(e))
            return
        log.info("%s loaded %.1f s after start-up", self.what, time.monotonic() - started)
        with self.lock:
            if self.stopping.is_set():
                return
            try:
                self.listener = self.make(model)
            except AudioError as e:
                log.warning("%s", e)
                self.post(ev.DeviceNotice("no_microphone", self.clock()))
                return
            if self.intents is not None:
                self.listener.listen_for(self.intents)

    def _give_up(self, why):
        log.warning("cannot use %s: %s. Listening is off; the button moves the dialogue on.%s",
                    self.what, why, f" {self.advice}" if self.advice else "")
        self.post(ev.DeviceNotice("no_model", self.clock()))
