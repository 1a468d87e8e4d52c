"""Telling systemd how the device is: ready, what it is doing, and that it is still alive.

The sd_notify protocol is one datagram of ``KEY=value`` lines to the AF_UNIX socket named in
$NOTIFY_SOCKET (a leading "@" means Linux's abstract namespace). The address is read from the
environment by talkstick.settings and passed in; without one every call is a no-op, so a run in a
terminal or a test needs no systemd. A failed send never raises: systemd notices a silent
service by itself (the start times out, the watchdog fires), and a device must not die over
a status line.
"""

import logging
import socket
import time

log = logging.getLogger(__name__)
MAX_STATUS = 200  # one readable line in `systemctl status`


class Notifier:
    """``Notifier(address)``: ``ready()``, ``status(text)``, ``watchdog()``, ``stopping()``."""

    def __init__(self, address=None):
        self.address = _sockaddr(address) if address else None
        self._socket = None
        self._failed = False

    @property
    def enabled(self):
        return self.address is not None

    def ready(self):
        return self.send("READY=1")

    def status(self, text):
        return self.send(f"STATUS={one_line(text)}")

    def watchdog(self):
        return self.send("WATCHDOG=1")

    def stopping(self):
        return self.send("STOPPING=1")

    def send(self, *assignments):
        """Send ``KEY=value`` lines as one datagram; True when it went out."""
        if self.address is None:
            return False
        try:
            if self._socket is None:
                # Non-blocking: a datagram queue that is full (systemd busy, 10 by default)
                # drops a ping rather than stalling the dialogue's loop.
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                                             | socket.SOCK_NONBLOCK)
            self._socket.sendto("\n".join(assignments).encode(), self.address)
        except (OSError, ValueError) as e:
            if not self._failed:  # once: a gone socket would otherwise fill the journal
                log.debug("cannot notify systemd at %r: %s", self.address, e)
            self._failed = True
            return False
        return True

    def close(self):
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class Watchdog:
    """Pings WATCHDOG=1 at most every ``interval_s`` and only while the device is alive: a
    hung worker stops the pings, and systemd (``WatchdogSec=``) restarts the service.
    ``interval_s`` None (no watchdog configured) never pings."""

    def __init__(self, notifier, interval_s, clock=time.monotonic):
        self.notifier, self.interval_s, self.clock = notifier, interval_s, clock
        self.last = None
        self.withheld = False

    def tick(self, alive, now=None):
        """Call often (every loop turn); True when a ping went out."""
        if not self.interval_s:
            return False
        now = self.clock() if now is None else now
        if not alive:
            if not self.withheld:
                log.warning("a device stopped answering: no more watchdog pings until it does")
            self.withheld = True
            return False
        if self.withheld:
            log.warning("every device answers again: watchdog pings resume")
            self.withheld, self.last = False, None
        if self.last is not None and now - self.last < self.interval_s:
            return False
        self.last = now
        self.notifier.watchdog()
        return True


def status_line(snapshot, listening_labels=(), *, step_label=None, sender_name=None):
    """What `systemctl status` shows, from the dialogue's snapshot: "mirroring — A speaks;
    listening for: did I get that?", "on a break", "waiting for a press to start"."""
    phase = snapshot.get("phase")
    if phase == "break":
        return "on a break"
    if phase == "ended":
        return "session over; waiting for a press to start the next"
    if phase != "running":
        return "waiting for a press to start"
    line = f"{step_label or snapshot['step']} — {sender_name or snapshot['sender']} speaks"
    if listening_labels:
        line += "; listening for: " + ", ".join(listening_labels)
    return one_line(line)


def one_line(text):
    """``text`` on one line of at most MAX_STATUS characters (a newline would end the field)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= MAX_STATUS else flat[:MAX_STATUS - 1] + "…"


def _sockaddr(address):
    """"@name" is the abstract socket "\\0name"; anything else is a path."""
    return "\0" + address[1:] if address.startswith("@") else address
