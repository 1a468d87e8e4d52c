"""The shipped unit: systemd's own checker accepts it and scores its hardening as safe, and it
agrees with `talkstick install` on where things are."""

import re
import shutil
import subprocess
from pathlib import Path

from parts import SETUP, require
from talkstick.commands import install

UNIT = Path(__file__).resolve().parents[1] / "systemd" / "talkstick.service"
INSTALLED_BINARY = f"{install.VENV}/bin/talkstick"
# Measured with systemd 252: 0.7 (Type=notify, the watchdog and StateDirectory= add nothing).
# An empty unit scores 9.6; 1.0 fails if a protection is dropped by mistake.
MAX_EXPOSURE = 1.0


def directives(text):
    """(section, key, value) for every setting, repeated keys kept (configparser drops them)."""
    section, found = None, []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.append((section, key.strip(), value.strip()))
    return found


def values(key, section="Service"):
    return [v for s, k, v in directives(UNIT.read_text()) if (s, k) == (section, key)]


def analyze(*args, cwd):
    require("systemd-analyze", shutil.which("systemd-analyze") is not None,
            f"apt-get install systemd, {SETUP}")
    return subprocess.run(["systemd-analyze", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_it_runs_talkstick_from_the_venv_as_its_own_user():
    assert values("ExecStart") == [f"{INSTALLED_BINARY} run --repeat --gpio --config /etc/talkstick/config.toml"]
    assert values("User") == ["talkstick"]
    assert values("SupplementaryGroups") == ["gpio audio"]
    assert values("Restart") == ["on-failure"]
    assert "sound.target" in values("After", "Unit")[0].split()
    assert values("WantedBy", "Install") == ["multi-user.target"]


def test_it_tells_systemd_when_it_is_ready_and_that_it_is_alive():
    assert values("Type") == ["notify"]
    assert values("NotifyAccess") == ["main"]
    assert values("WatchdogSec") == ["30s"]
    assert values("Restart") == ["on-failure"]
    # the notify socket is a path, reached over AF_UNIX even with PrivateNetwork=yes
    assert "AF_UNIX" in values("RestrictAddressFamilies")[0].split()


def test_it_keeps_its_state_where_install_puts_the_model():
    assert values("StateDirectory") == [Path(install.STATE).name]
    assert install.STATE == f"/var/lib/{values('StateDirectory')[0]}"
    assert values("StateDirectoryMode") == ["0700"]


def test_lgpio_gets_a_writable_working_directory():
    assert values("WorkingDirectory") == ["/run/talkstick"]
    assert values("RuntimeDirectory") == ["talkstick"]
    assert "LG_WD=/run/talkstick" in values("Environment")


def test_it_is_locked_down_to_gpio_and_sound():
    for key, value in [("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
                       ("NoNewPrivileges", "yes"), ("RestrictAddressFamilies", "AF_UNIX"),
                       ("PrivateNetwork", "yes"), ("IPAddressDeny", "any"), ("DevicePolicy", "closed"),
                       ("CapabilityBoundingSet", "")]:
        assert values(key) == [value], key
    assert sorted(values("DeviceAllow")) == ["char-alsa rw", "char-gpiochip rw"]
    assert values("ReadWritePaths") == []


def test_systemd_analyze_verify_accepts_it(tmp_path):
    """verify checks that ExecStart's binary exists. Where talkstick is not installed, the only
    complaint allowed is that one; a copy pointed at a real executable must then pass clean."""
    original = analyze("verify", str(UNIT), cwd=tmp_path)
    if Path(INSTALLED_BINARY).exists():
        assert (original.returncode, original.stderr) == (0, ""), original.stderr
        return
    complaints = [line for line in original.stderr.splitlines() if line.strip()]
    assert complaints == [f"talkstick.service: Command {INSTALLED_BINARY} is not executable: "
                          "No such file or directory"], original.stderr
    copy = tmp_path / "talkstick.service"
    copy.write_text(UNIT.read_text().replace(INSTALLED_BINARY, shutil.which("true")))
    patched = analyze("verify", str(copy), cwd=tmp_path)
    assert (patched.returncode, patched.stderr) == (0, ""), patched.stderr


def test_systemd_analyze_security_scores_it_safe(tmp_path):
    result = analyze("security", "--offline=yes", "--no-pager", str(UNIT), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    score = re.search(r"Overall exposure level for talkstick\.service: ([0-9.]+) (\w+)", result.stdout)
    assert score, result.stdout
    assert float(score.group(1)) <= MAX_EXPOSURE, result.stdout
    assert score.group(2) == "SAFE"
