"""The one worker base: restart with one log line, stop that joins and complains, liveness."""

import logging
import threading
import time

from talkstick.worker import Worker


def wait_until(predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Counting(Worker):
    """Fails ``failures`` times, then beats until stopped."""

    name = "counting"
    heartbeat_s = 0.5
    restart_s = 0.01

    def __init__(self, failures=0):
        super().__init__()
        self.failures_left, self.recovered, self.loops = failures, [], 0
        self.stuck, self.hung, self.release = threading.Event(), threading.Event(), threading.Event()

    def work(self):
        if self.failures_left:
            self.failures_left -= 1
            raise RuntimeError("the device fell over")
        while not self.stopping.is_set():
            self.loops += 1
            if self.stuck.is_set():
                self.hung.set()
                self.release.wait(5)  # hung: no beat, deaf to stopping
            self.beat()
            self.stopping.wait(0.01)

    def recover(self, error):
        self.recovered.append(str(error))


def test_a_worker_that_dies_is_logged_on_one_line_recovered_and_restarted(caplog):
    worker = Counting(failures=2)
    with caplog.at_level(logging.DEBUG, logger="talkstick.worker"):
        worker.start()
        wait_until(lambda: worker.loops > 3)
    assert worker.failures == 2 and worker.recovered == ["the device fell over"] * 2
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in loud] == [
        "the counting worker failed (RuntimeError: the device fell over); restarting it"] * 2
    assert all(r.exc_info is None for r in loud)  # no traceback at WARNING
    assert any(r.exc_info for r in caplog.records if r.levelno == logging.DEBUG)
    assert worker.alive()
    assert worker.stop(timeout=1.0) and not worker.thread.is_alive() and not worker.alive()


def test_alive_needs_a_recent_beat():
    worker = Counting().start()
    wait_until(lambda: worker.loops > 0)
    assert worker.alive()
    worker.stuck.set()
    wait_until(lambda: not worker.alive(), timeout=2.0)  # past heartbeat_s with no beat
    assert worker.thread.is_alive()  # the thread is there, but hung: not alive
    worker.release.set()
    worker.stop()


def test_stop_complains_about_a_thread_that_will_not_die(caplog):
    worker = Counting().start()
    worker.stuck.set()
    wait_until(worker.hung.is_set)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="talkstick.worker"):
        assert worker.stop(timeout=0.2) is False
    assert time.monotonic() - started < 1.0
    assert "the counting worker did not stop within 0.2 s" in caplog.text
    worker.release.set()
    wait_until(lambda: not worker.thread.is_alive())


def test_a_worker_without_heartbeat_is_alive_while_its_thread_runs():
    release = threading.Event()

    class Blocking(Worker):
        name = "blocking"

        def work(self):
            release.wait(5)  # as a reader blocked on stdin

    worker = Blocking().start()
    time.sleep(0.05)
    assert worker.alive()
    release.set()
    wait_until(lambda: not worker.thread.is_alive())
    assert not worker.alive()  # work() returned: the worker is done


def test_stop_before_start_and_from_its_own_thread_return_at_once():
    assert Counting().stop(timeout=0.1)
    result = []

    class SelfStopping(Worker):
        def work(self):
            result.append(self.stop(timeout=5))

    SelfStopping().start()
    wait_until(lambda: result)
    assert result == [True]
