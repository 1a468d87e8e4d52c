"""One worker thread for one blocking device, written once (after gpiozero's ``GPIOThread``).

The button, the speaker, the listener and the headless command reader each run on a Worker:
a daemon thread that calls ``work()`` until its ``stopping`` Event is set. A worker that dies
is logged on one line (the traceback only at DEBUG), tidied by ``recover()`` and started
again; ``stop(timeout)`` joins it and complains if it will not die; ``alive()`` is the
liveness the main loop reads (the systemd watchdog pings only while every worker is alive).
"""

import logging
import threading
import time

log = logging.getLogger(__name__)


class Worker:
    """Subclasses set ``name`` and write ``work()``, a loop that returns once ``stopping`` is
    set and calls ``beat()`` at least every ``heartbeat_s`` while it is healthy.

    ``heartbeat_s`` None means the worker may rightly block for a long time (waiting for a
    line on stdin): it is alive while its thread runs. ``restart_s`` is the pause before a
    failed ``work()`` is started again.
    """

    name = "worker"
    heartbeat_s = None
    restart_s = 1.0

    def __init__(self):
        self.stopping = threading.Event()
        self.failures = 0
        self._beat = time.monotonic()  # real time, whatever clock the device stamps events with
        self.thread = threading.Thread(target=self._main, name=self.name, daemon=True)

    def start(self):
        self._beat = time.monotonic()
        self.thread.start()
        return self

    # -- what a subclass writes ----------------------------------------------------------
    def work(self):
        raise NotImplementedError

    def recover(self, error):
        """Tidy up after ``work()`` raised ``error`` (called on the worker's thread)."""

    def wake(self):
        """Unblock a ``work()`` that waits on something other than ``stopping``."""

    # -- liveness ------------------------------------------------------------------------
    def beat(self):
        self._beat = time.monotonic()

    def alive(self):
        """True while the thread runs and, for a worker with a heartbeat, has beaten lately."""
        if not self.thread.is_alive() or self.stopping.is_set():
            return False
        return self.heartbeat_s is None or time.monotonic() - self._beat <= self.heartbeat_s

    # -- the end -------------------------------------------------------------------------
    def stop(self, timeout=2.0):
        """Stop and join the thread; False, with a warning, if it is still running after
        ``timeout`` seconds (a daemon thread: it cannot keep the process alive)."""
        self.stopping.set()
        self.wake()
        if self.thread is threading.current_thread() or self.thread.ident is None:
            return True
        self.thread.join(timeout)
        if self.thread.is_alive():
            log.warning("the %s worker did not stop within %.1f s", self.name, timeout)
            return False
        return True

    def _main(self):
        while not self.stopping.is_set():
            try:
                self.work()
            except Exception as e:  # noqa: BLE001 - any failure: log it, tidy up, start over
                self.failures += 1
                log.warning("the %s worker failed (%s: %s); restarting it", self.name,
                            type(e).__name__, e)
                log.debug("the %s worker's failure", self.name, exc_info=True)
                self.recover(e)
                self.stopping.wait(self.restart_s)
            else:
                return
