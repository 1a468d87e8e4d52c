"""End to end: `talkstick run --headless` killed mid-session (SIGKILL: what a power cut does to
it) starts again at the same step with the same Sender, and says so."""

import json
import os
import signal

import pytest

from running import Running
from talkstick.core.position import KEYS
from talkstick.shell.position import FILE

# From the appointment through partner A's whole turn to partner B's mirroring.
TO_B_MIRRORING = ["press", "press", "say did_i_get_it", "say yes", "say yes", "press", "press",
                  "press", "say thats_all", "say got_it_all", "say yes", "press",
                  "say feeling_check", "press", "press"]


@pytest.fixture
def device(tmp_path):
    started = []

    def start(*flags):
        """`talkstick run --headless` on the button alone."""
        env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", STATE_DIRECTORY=str(tmp_path))
        started.append(Running(["run", "--headless", "--no-voice", "--no-listen", *flags], env))
        return started[-1]

    yield start
    for d in started:
        d.kill()


def test_a_session_killed_at_partner_bs_mirroring_starts_again_there(device, tmp_path):
    first = device()
    first.send(*TO_B_MIRRORING)
    there = first.until(lambda r: (r["step"], r["sender"]) == ("mirroring", "B"))
    saved = json.loads((tmp_path / FILE).read_text())
    assert tuple(saved) == KEYS                                    # ids, counts, times: no words
    assert (saved["step"], saved["sender"], saved["sent"]) == ("mirroring", 1, [1, 0])
    first.proc.send_signal(signal.SIGKILL)                         # the power goes
    assert first.proc.wait(timeout=30) == -signal.SIGKILL

    again = device()
    back = again.until(lambda r: r["prompt"] is not None)
    assert (back["step"], back["sender"], back["round"]) == (there["step"], there["sender"],
                                                            there["round"])
    assert back["prompt"] == "device.restored" and back["cause"] == "restored"
    assert back["text"] == "We're back. Partner A was mirroring what Partner B shared."
    assert back["leds"]["a"] == "steady" and back["leds"]["b"] == "off"  # A mirrors
    step = again.until(lambda r: r["prompt"] is not None)
    assert step["prompt"] == "mirroring" and step["text"].startswith("Partner A, mirror back")
    assert not any(r["prompt"] == "device.welcome" for r in again.records)
    again.send("press")                                            # the dialogue goes on from there
    assert again.until(lambda r: r["step"] != "mirroring")["step"] == "accuracy"
    errors = again.finish("long_hold", "wait 0.3")                 # the session is over
    assert "Traceback" not in errors
    assert json.loads((tmp_path / FILE).read_text())["phase"] == "ended"

    fresh = device()                                               # a finished one never resumes
    welcome = fresh.until(lambda r: r["prompt"] is not None)
    assert (welcome["prompt"], welcome["step"], welcome["sender"]) == ("device.welcome",
                                                                       "appointment", "A")
    fresh.finish("quit")


def test_a_break_cut_off_comes_back_as_a_break_with_its_clock(device, tmp_path):
    first = device()
    first.send("press", "hold")
    first.until(lambda r: r["phase"] == "break")
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(timeout=30)
    again = device()
    back = again.until(lambda r: r["prompt"] is not None)
    assert (back["phase"], back["step"], back["prompt"]) == ("break", "sending", "device.restored")
    assert back["break"]["minutes"] == 20 and 1100 < back["break"]["left_s"] <= 1200
    assert back["listening"] == [] and back["leds"]["step"] == "pulse"
    again.finish("quit")


def test_another_language_starts_afresh_and_a_damaged_file_is_one_warning(device, tmp_path):
    first = device()
    first.send("press")
    first.until(lambda r: r["step"] == "sending")
    first.finish("quit")                                           # stopped, not over: kept
    korean = device("--lang", "ko")
    assert korean.until(lambda r: r["prompt"] is not None)["prompt"] == "device.welcome"
    korean.finish("quit")
    (tmp_path / FILE).write_text('{"version": 1, "step": ')        # cut short by hand
    damaged = device()
    assert damaged.until(lambda r: r["prompt"] is not None)["prompt"] == "device.welcome"
    errors = damaged.finish("quit")
    assert errors.count(f"{tmp_path / FILE}: ignored") == 1 and "Traceback" not in errors
