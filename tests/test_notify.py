"""The sd_notify client: real datagrams to a real AF_UNIX socket, as systemd would receive them."""

import logging
import os
import socket

import pytest

from talkstick.shell.notify import Notifier, Watchdog, status_line


@pytest.fixture
def systemd_socket(tmp_path):
    """A datagram socket standing in for systemd's /run/systemd/notify: (address, receive)."""
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(2.0)  # every wait in a test has a deadline
        yield str(path), lambda: server.recv(4096).decode()


def test_ready_status_watchdog_and_stopping_arrive_as_systemd_reads_them(systemd_socket):
    address, receive = systemd_socket
    notifier = Notifier(address)
    assert notifier.ready() and receive() == "READY=1"
    assert notifier.status("mirroring — A speaks") and receive() == "STATUS=mirroring — A speaks"
    assert notifier.watchdog() and receive() == "WATCHDOG=1"
    assert notifier.stopping() and receive() == "STOPPING=1"
    notifier.close()


def test_a_status_is_one_line_so_it_cannot_smuggle_another_assignment(systemd_socket):
    address, receive = systemd_socket
    Notifier(address).status("on a break\nREADY=1")
    assert receive() == "STATUS=on a break READY=1"


def test_the_abstract_namespace_form():
    name = f"talkstick-test-{os.getpid()}-{id(object())}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        server.settimeout(2.0)
        assert Notifier("@" + name).ready()
        assert server.recv(4096) == b"READY=1"


def test_without_an_address_every_call_is_a_no_op():
    notifier = Notifier(None)
    assert not notifier.enabled
    assert [notifier.ready(), notifier.status("x"), notifier.watchdog(), notifier.stopping()] == [False] * 4


def test_a_failed_send_never_raises_and_is_logged_once_at_debug(tmp_path, caplog):
    notifier = Notifier(str(tmp_path / "nobody-listens"))
    with caplog.at_level(logging.DEBUG, logger="talkstick.shell.notify"):
        assert not notifier.ready()
        assert not notifier.watchdog()
    assert len(caplog.records) == 1 and caplog.records[0].levelno == logging.DEBUG


class Pings:
    """The lowest seam for the watchdog's decisions: a notifier that counts WATCHDOG=1."""

    def __init__(self):
        self.times = []
        self.now = None

    def watchdog(self):
        self.times.append(self.now)


def run_watchdog(watchdog, pings, alive_at, until, step=1.0):
    now = 0.0
    while now <= until:
        pings.now = now
        watchdog.tick(alive_at(now), now)
        now += step


def test_the_watchdog_pings_at_most_once_an_interval():
    pings = Pings()
    run_watchdog(Watchdog(pings, 5.0), pings, lambda t: True, until=20)
    assert pings.times == [0.0, 5.0, 10.0, 15.0, 20.0]


def test_the_watchdog_stops_while_a_device_is_dead_and_resumes_at_once_when_it_lives(caplog):
    pings = Pings()
    with caplog.at_level(logging.WARNING, logger="talkstick.shell.notify"):
        run_watchdog(Watchdog(pings, 5.0), pings, lambda t: not 6 <= t <= 23, until=30)
    assert pings.times == [0.0, 5.0, 24.0, 29.0]
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "a device stopped answering", "every device answers again"]


def test_a_watchdog_without_an_interval_never_pings(fake_clock):
    pings = Pings()
    watchdog = Watchdog(pings, None, clock=fake_clock)
    assert not watchdog.tick(True)
    assert pings.times == []


def test_the_watchdog_reads_its_clock_when_not_told_the_time(fake_clock, systemd_socket):
    address, receive = systemd_socket
    watchdog = Watchdog(Notifier(address), 10.0, clock=fake_clock)
    assert watchdog.tick(True) and receive() == "WATCHDOG=1"
    fake_clock.advance(9.9)
    assert not watchdog.tick(True)
    fake_clock.advance(0.1)
    assert watchdog.tick(True) and receive() == "WATCHDOG=1"


@pytest.mark.parametrize("snapshot, labels, kwargs, line", [
    ({"phase": "ready", "step": "mirroring", "sender": "A"}, (), {}, "waiting for a press to start"),
    ({"phase": "break", "step": "mirroring", "sender": "B"}, ("more",), {}, "on a break"),
    ({"phase": "ended", "step": "closing", "sender": "B"}, (), {},
     "session over; waiting for a press to start the next"),
    ({"phase": "running", "step": "mirroring", "sender": "A"}, ("did I get that?",), {},
     "mirroring — A speaks; listening for: did I get that?"),
    ({"phase": "running", "step": "mirroring", "sender": "B"}, ("is there more?", "that's all"), {},
     "mirroring — B speaks; listening for: is there more?, that's all"),
    ({"phase": "running", "step": "validation", "sender": "A"}, (),
     {"step_label": "Validation", "sender_name": "Sam"}, "Validation — Sam speaks"),
])
def test_the_status_line_a_systemctl_status_reader_understands(snapshot, labels, kwargs, line):
    assert status_line(snapshot, labels, **kwargs) == line


def test_a_long_status_line_is_cut():
    line = status_line({"phase": "running", "step": "s", "sender": "A"}, ("word " * 100,))
    assert len(line) == 200 and line.endswith("…")


def received(receive):
    """Every datagram that arrives until a quiet 2 s."""
    got = []
    while True:
        try:
            got.append(receive())
        except TimeoutError:
            return got


def test_the_device_tells_systemd_it_is_ready_what_it_does_pings_and_stops(systemd_socket, tmp_path):
    """The real `talkstick run`, as the unit starts it: NOTIFY_SOCKET and WATCHDOG_USEC set."""
    import subprocess
    import sys
    import threading

    address, receive = systemd_socket
    got, reader = [], threading.Thread(target=lambda: got.extend(received(receive)))
    reader.start()  # as systemd does: read while the device runs (the queue holds only 10)
    env = {**os.environ, "NOTIFY_SOCKET": address, "WATCHDOG_USEC": "400000",
           "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("WATCHDOG_PID", None)
    proc = subprocess.run(
        [sys.executable, "-m", "talkstick", "run", "--headless", "--no-voice", "--no-listen"],
        input="press\nwait 1\nhold\nwait 0.5\nquit\n", capture_output=True, text=True, env=env,
        timeout=60)
    assert proc.returncode == 0, proc.stderr
    reader.join(timeout=10)
    assert got[0] == "READY=1" and got[-1] == "STOPPING=1"
    statuses = [g.removeprefix("STATUS=") for g in got if g.startswith("STATUS=")]
    assert statuses[0] == "appointment — Partner A speaks; listening for: now is fine, yes, no"
    assert any(s.startswith("sending — Partner A speaks") for s in statuses)
    assert "on a break" in statuses
    assert got.count("WATCHDOG=1") >= 3  # every 0.2 s, over about three seconds


def test_a_full_socket_queue_drops_a_ping_and_never_blocks(systemd_socket):
    address, _ = systemd_socket
    notifier = Notifier(address)
    sent = [notifier.watchdog() for _ in range(200)]  # nobody reads: the queue fills
    assert sent[0] and not all(sent)


def test_the_watchdog_goes_quiet_while_a_worker_is_dead(systemd_socket, mock_factory):
    import threading

    from talkstick.script.chosen import load_chosen
    from talkstick.settings import load_settings
    from talkstick.shell.devices import Devices, Frontend

    address, receive = systemd_socket
    s = load_settings(environ={"TALKSTICK_VOICE_ENABLED": "false", "TALKSTICK_LISTEN_ENABLED": "false",
                               "WATCHDOG_USEC": "2"})  # a ping every microsecond
    pack, script = load_chosen(s)
    with Devices(s, pack, script, threading.Event(), Frontend(), Notifier(address)) as devices:
        devices.waiting()
        assert received(receive) == ["WATCHDOG=1", "STATUS=waiting for a press to start"]
        devices.button.stop()  # the button's worker is gone: the device is not alive
        devices.waiting()
        devices.waiting()
        assert received(receive) == []
