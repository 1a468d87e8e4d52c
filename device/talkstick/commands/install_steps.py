"""What `talkstick install` is made of: steps, the machine they change, and the runner.

A Step has a description, a test of whether it is already so (``settled`` returns why nothing
needs doing, or None), and what makes it so: a change made here in Python (``write``, files
under the root) and the system commands to run after it (``prepare`` readies what only the
commands use, such as a copy of the source to build). The runner prints each step as it runs
("create user talkstick … done" / "… already there"); with ``dry_run`` it changes nothing and
says what it would do; on a machine that is not the real one (``--root DIR``) it writes the
files under DIR but only shows the system commands (useradd, systemctl, pip), never runs them.
"""

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from talkstick.errors import TalkstickError


@dataclass(frozen=True)
class Step:
    description: str
    settled: Callable[[], str | None]
    write: Callable[[], None] | None = None
    commands: tuple = ()  # argv tuples, run in order after ``write``
    prepare: Callable[[], None] | None = None  # run just before the commands, where they run


def always(reason):
    """A ``settled`` decided when the steps are planned: ``reason`` why the step is not needed,
    or None for one that always is."""
    return lambda: reason


def run_command(argv):
    """Run a system command quietly; its failure is a one-line TalkstickError."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise TalkstickError(f"{argv[0]}: command not found") from None
    if done.returncode:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise TalkstickError(f"{shlex.join(argv)} failed (exit {done.returncode})"
                             + (f": {said[-1]}" if said else ""))
    return done


class Runner:
    """Runs steps in order, printing each; ``changed`` counts what was (or would be) changed,
    ``left_out`` the steps whose system commands were only shown (not the real machine)."""

    def __init__(self, *, dry_run=False, real=True, stream=None, execute=run_command):
        self.dry_run, self.real, self.execute = dry_run, real, execute
        self.stream = stream or sys.stdout
        self.changed = self.left_out = 0

    def run(self, steps):
        for step in steps:
            self._one(step)
        return self

    def _say(self, text, end="\n"):
        self.stream.write(text + end)
        self.stream.flush()

    def _one(self, step):
        self._say(f"{step.description} … ", end="")
        try:
            self._carry_out(step)
        except BaseException:
            self._say("failed")  # the error itself follows on stderr
            raise

    def _carry_out(self, step):
        reason = step.settled()
        if reason:
            return self._say(reason)
        if self.dry_run:
            self.changed += 1
            return self._commands("would do", step.commands)
        if step.write:
            step.write()
            self.changed += 1
        if step.commands and not self.real:
            self.left_out += 1
            return self._commands("done; not run under --root" if step.write else "not run under --root",
                                  step.commands)
        if step.prepare:
            step.prepare()
        for argv in step.commands:
            self.execute(argv)
        self.changed += not step.write
        self._say("done")

    def _commands(self, outcome, commands):
        self._say(outcome + (":" if commands else ""))
        for argv in commands:
            self._say(f"    {shlex.join(argv)}")


@dataclass(frozen=True)
class Host:
    """The machine being installed on, seen under ``root`` ("/" is this machine itself)."""

    root: Path = Path("/")

    @property
    def real(self):
        return self.root.resolve() == Path("/")

    def path(self, absolute):
        return self.root / str(absolute).lstrip("/")

    def user(self, name):
        return name in self._table("/etc/passwd")

    def members(self, group):
        """The users in ``group`` (set), or None when there is no such group."""
        row = self._table("/etc/group").get(group)
        return None if row is None else {m for m in row[2].split(",") if m}

    def gpio_chips(self):
        return sorted(self.path("/dev").glob("gpiochip*"))

    def gpio_rule(self, own):
        """A udev rules file, not ours, that already gives group gpio the GPIO chips (Raspberry
        Pi OS: 99-com.rules from raspberrypi-sys-mods), or None."""
        for folder in ("/etc/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d"):
            for rules in sorted(self.path(folder).glob("*.rules")):
                if rules != self.path(own) and any(map(_gives_gpio, _read(rules).splitlines())):
                    return rules
        return None

    def raspberry_pi(self):
        return "Raspberry Pi" in _read(self.path("/proc/device-tree/model"))

    def active(self, unit):
        """The unit runs now; never asked of a machine under another root."""
        if not self.real:
            return False
        try:
            return subprocess.run(["systemctl", "is-active", "--quiet", unit]).returncode == 0
        except FileNotFoundError:
            return False

    def may_change(self):
        return not self.real or os.geteuid() == 0

    def _table(self, absolute):
        """name -> the other fields, from a passwd-style file (empty when there is none)."""
        rows = (line.split(":") for line in _read(self.path(absolute)).splitlines())
        return {row[0]: row[1:] for row in rows if len(row) >= 4}


def _gives_gpio(line):
    """A udev rule line that hands the GPIO chips to group gpio, as Raspberry Pi OS writes it
    (SUBSYSTEM=="gpio", GROUP="gpio") or as a chown of /dev/gpiochip* to root:gpio."""
    line = line.split("#", 1)[0]
    return (('SUBSYSTEM=="gpio"' in line or "gpiochip" in line)
            and ('GROUP="gpio"' in line or "root:gpio" in line))


def _read(path):
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""
