"""The machine `talkstick doctor` runs on: is it a Raspberry Pi, its state directory, the service.

What it asks of the machine goes through a ``Machine``: the file that names the board and the
runner of system commands (each with a timeout), so tests can give their own.
"""

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.probes import Finding

UNIT = "talkstick"
TIMEOUT_S = 5.0
INSTALL = "sudo talkstick install"


def run_command(argv, timeout):
    """(exit status, stdout and stderr as text); OSError when the command is missing,
    subprocess.TimeoutExpired when it does not finish in ``timeout`` seconds."""
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, errors="replace")
    return done.returncode, (done.stdout + done.stderr).strip()


@dataclass(frozen=True)
class Machine:
    board_file: Path = Path("/proc/device-tree/model")  # "Raspberry Pi 4 Model B Rev 1.4"
    run: object = run_command  # (argv, timeout) -> (status, text)

    def board(self):
        """The board's name, or "" where the device tree does not say (not a Pi)."""
        try:
            return self.board_file.read_text(errors="replace").strip("\0\n ")
        except OSError:
            return ""

    def on_pi(self):
        return self.board().startswith("Raspberry Pi")


def state_dir(path):
    """The state directory exists and is writable (or can be made), and who owns it."""
    user = _name(os.geteuid())
    if not path.exists():
        parent = next(p for p in path.parents if p.exists())
        if os.access(parent, os.W_OK | os.X_OK):
            return Finding("PASS", f"{path} does not exist yet; {user} can create it in {parent}")
        return Finding("FAIL", f"{path} does not exist and {user} cannot create it in {parent}",
                       f"sudo mkdir -p {path} && sudo chown {user} {path}")
    if not path.is_dir():
        return Finding("FAIL", f"{path} is not a folder",
                       f"move it away: talkstick keeps its state in the folder {path}")
    owner = _name(path.stat().st_uid)
    if not os.access(path, os.W_OK | os.X_OK):
        return Finding("FAIL", f"{path} (owner {owner}) is not writable by {user}",
                       f"sudo chown -R {user} {path}")
    if owner != user:
        return Finding("WARN", f"{path} is writable but owned by {owner}, not {user}",
                       f"sudo chown -R {user} {path}, if {user} runs talkstick")
    return Finding("PASS", f"{path} (owner {owner}) is writable")


def _name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def service(machine):
    """`systemctl is-active talkstick`, its restarts and its last watchdog ping."""
    try:
        code, active = machine.run(["systemctl", "is-active", UNIT], TIMEOUT_S)
        shown = machine.run(["systemctl", "show", "-p", "LoadState,SubState,WatchdogTimestamp,NRestarts",
                             UNIT], TIMEOUT_S)
    except OSError:
        return Finding("WARN", "systemctl is missing: talkstick does not start at boot", INSTALL)
    except subprocess.TimeoutExpired:
        return Finding("WARN", f"systemctl did not answer within {TIMEOUT_S:g} s",
                       "`systemctl status talkstick` to see why")
    if shown[0] != 0:
        why = shown[1].splitlines()[0] if shown[1] else f"exit status {shown[0]}"
        return Finding("WARN", f"systemctl cannot tell ({why})", f"on a system run by systemd: {INSTALL}")
    props = dict(line.partition("=")[::2] for line in shown[1].splitlines() if "=" in line)
    if props.get("LoadState") == "not-found":
        return Finding("WARN", "the talkstick service is not installed: it does not start at boot", INSTALL)
    return _running(active.strip() or "unknown", props)


def _running(active, props):
    restarts = props.get("NRestarts", "0") or "0"
    ping = props.get("WatchdogTimestamp") or "never"
    if active != "active":
        status = "FAIL" if active == "failed" else "WARN"
        return Finding(status, f"the service is installed but {active} (restarted {restarts} times)",
                       "sudo systemctl start talkstick; `journalctl -u talkstick -b` says why it stopped")
    detail = f"active ({props.get('SubState', '?')}); last watchdog ping {ping}; restarted {restarts} times"
    if restarts != "0":
        return Finding("WARN", detail, "`journalctl -u talkstick -b` shows why it restarted")
    return Finding("PASS", detail)
