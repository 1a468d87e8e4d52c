"""An appointment between sessions: kept as its time alone, glowed and chimed when it comes.

``Appointments`` keeps the time in ``state_dir/appointment.json`` (epoch seconds and the
language, never a topic or a word), written atomically by the state folder's one writer
(``position.write_atomic``). ``Reminder`` looks at
it while the device waits for a press: once the time has come the step LED breathes warm and
a soft chime plays; a press then starts the session, which keeps the appointment (the file
is deleted). One more than STALE_S past is dropped; a damaged file is logged once and ignored.
"""

import json
import logging
import math
import time
from pathlib import Path

from talkstick.core.lights import DARK, appointment_lights
from talkstick.shell.position import write_atomic

log = logging.getLogger(__name__)

FILE = "appointment.json"
STALE_S = 2 * 3600  # an appointment this long past is dropped: nobody is waiting for it now
MAX_BYTES = 1024    # an appointment is ~40 bytes: anything much bigger is not one


def utc_offset(epoch):
    """The local zone's offset from UTC at ``epoch``, in seconds east (what a Start carries)."""
    return time.localtime(epoch).tm_gmtoff


def local_time(epoch):
    """A local time for the log: the appointment's time is all there is to say about it."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


class Appointments:
    """The appointment file in ``state_dir``; ``wall`` reads the wall clock (epoch seconds)."""

    def __init__(self, state_dir, wall=time.time):
        self.path, self.wall = Path(state_dir) / FILE, wall
        self._told = None  # the damage last logged: told once, not every half second

    def save(self, at, language):
        write_atomic(self.path, json.dumps({"at": int(at), "language": language}) + "\n")
        log.info("appointment kept for %s", local_time(at))

    def pending(self):
        """The appointment's time (epoch seconds), or None. A stale one is removed here."""
        data, why = _read(self.path)
        at = data.get("at") if data is not None else None
        if data is not None and not _is_time(at):
            why = f"holds no time (\"at\": epoch seconds), got {repr(at)[:40]}"
        if why:
            self._damaged(why)
            return None
        if at is None:
            return None
        if at < self.wall() - STALE_S:
            log.info("the appointment at %s passed over %d hours ago: dropped", local_time(at),
                     STALE_S // 3600)
            self.drop()
            return None
        self._told = None
        return float(at)

    def drop(self):
        try:
            self.path.unlink(missing_ok=True)
        except OSError as e:
            log.warning("%s: could not be removed (%s)", self.path, e)

    def _damaged(self, why):
        if why != self._told:
            self._told = why
            log.warning("%s %s: ignored (the next appointment chosen replaces it)", self.path, why)


def _read(path):
    """(the dict in ``path``, "") or (None, why): why is "" when there is simply no file."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, ""
    except OSError as e:
        return None, f"cannot be read ({e})"
    if len(data) > MAX_BYTES:
        return None, f"is over {MAX_BYTES} bytes: not an appointment"
    try:
        data = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        return None, f"is not JSON ({e})"
    return (data, "") if isinstance(data, dict) else (None, "is not a JSON object")


def _is_time(value):
    return (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and 0 <= value < 1e11)  # time.localtime takes it: the year stays under 5000


class Reminder:
    """Between sessions (``check`` on every turn of the wait): the glow and the chime once the
    appointment is due. ``lamps`` and ``speaker`` may be None: then only what is left."""

    def __init__(self, appointments, lamps=None, speaker=None):
        self.appointments, self.lamps, self.speaker = appointments, lamps, speaker
        self.glowing = False

    def pending(self):
        return self.appointments.pending() is not None

    def check(self):
        at = self.appointments.pending()
        due = at is not None and at <= self.appointments.wall()
        if due and not self.glowing:
            log.info("the appointment at %s has come: glowing and chiming", local_time(at))
            self._show(appointment_lights())
            if self.speaker:
                self.speaker.chime()
        elif self.glowing and not due:  # it went stale unanswered
            self._show(DARK)
        self.glowing = due

    def keep_if_due(self):
        """A session begun, or run through, once the time has come keeps the appointment:
        True if it did."""
        at = self.appointments.pending()
        kept = at is not None and at <= self.appointments.wall()
        if kept:
            log.info("the appointment at %s is kept", local_time(at))
            self.appointments.drop()
        self.glowing = False
        return kept

    def _show(self, lights):
        if self.lamps:
            self.lamps.show(lights)
