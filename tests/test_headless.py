"""A whole session driven through `talkstick run --headless`, as a script or a person would."""

import io
import json
import os
import subprocess
import sys

import pytest

from dialogue import Table
from talkstick.core import events as ev
from talkstick.frontends.headless import parse_command
from talkstick.frontends.jsonlines import JsonDisplay

ONE_TURN = ["press", "press", "say did_i_get_it", "say yes", "say yes",     # one piece, more
            "press", "press", "press", "say thats_all",                      # second piece, done
            "say got_it_all", "say yes", "press", "say feeling_check", "press"]


def run_headless(commands, *flags, listen=False, timeout=60, **env):
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", **env)
    env.pop("TALKSTICK_VOSK_MODEL", None)
    quiet = ["--no-voice"] + ([] if listen else ["--no-listen"])
    proc = subprocess.run(
        [sys.executable, "-m", "talkstick", "run", "--headless", *quiet, *flags],
        input="\n".join(commands) + "\n", capture_output=True, text=True, timeout=timeout, env=env)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    return proc, records


def test_both_partners_send_in_turn_through_to_the_closing():
    proc, records = run_headless(["wait 0.2", *ONE_TURN, *ONE_TURN[1:], "press", "wait 0.5"])
    assert proc.returncode == 0, proc.stderr
    steps = [r["step"] for r in records]
    assert steps[0] == "appointment"
    assert "closing" in steps and records[-1]["phase"] == "ended"
    assert {r["sender"] for r in records if r["step"] == "sending"} == {"A", "B"}
    switch = next(r for r in records if r["prompt"] == "switch")
    assert switch["sender"] == "B"
    assert [r["prompt"] for r in records if r["prompt"]][-1] == "goodbye"
    first = records[0]
    assert set(first) >= {"t", "step", "sender", "leds", "prompt", "text"}
    assert first["leds"]["a"] == "steady" and first["leds"]["b"] == "off"


def test_gestures_go_through_the_mock_button_pin_hold_is_a_break():
    proc, records = run_headless(["press", "hold", "wait 0.1", "press", "long_hold", "wait 0.3"])
    assert proc.returncode == 0, proc.stderr
    causes = [r["cause"] for r in records if r["cause"] and ":" not in r["cause"]]
    assert causes == ["press", "hold", "press", "hold", "long_hold"]  # a long hold breaks first
    assert [r["phase"] for r in records if r["cause"] == "hold"] == ["break", "break"]
    assert records[-1]["phase"] == "ended"
    assert "device.end" in [r["prompt"] for r in records]


def test_without_a_model_it_says_once_that_it_runs_on_the_button(tmp_path):
    proc, records = run_headless(["wait 0.3", "press", "quit"], "--lang", "en", listen=True,
                                 XDG_DATA_HOME=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    notices = [r for r in records if r["prompt"] == "device.no_model"]
    assert len(notices) == 1 and "no speech model" in notices[0]["text"]
    assert proc.stderr.count("talkstick model download en") == 1
    assert records[-1]["step"] == "sending"


def test_bad_words_on_stdin_are_explained_and_the_session_goes_on():
    proc, records = run_headless(["jump", "say hello", "press", "quit"])
    assert proc.returncode == 0
    assert "cannot read 'jump'" in proc.stderr and "say INTENT" in proc.stderr
    assert records[-1]["step"] == "sending"


@pytest.mark.parametrize("line, command", [
    ("press", ("gesture", "press")), ("  LONG_HOLD ", ("gesture", "long_hold")),
    ("say is_there_more", ("say", "is_there_more")), ("wait 2.5", ("wait", 2.5)),
    ("# a comment", None), ("", None), ("quit", ("quit",)),
])
def test_parse_command(line, command):
    assert parse_command(line) == command


@pytest.mark.parametrize("line", ["say", "say nonsense", "wait -1", "wait soon", "press hard"])
def test_parse_command_refuses(line):
    with pytest.raises(ValueError, match="commands: press"):
        parse_command(line)


def test_broken_config_stops_start_up_with_file_key_and_range(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[dialogue]\nturn_minutes = 0\n")
    proc, _ = run_headless(["quit"], "--config", str(config))
    assert proc.returncode == 4
    assert f"{config}:2: [dialogue] turn_minutes: 0.0 is out of range (1.0 to 120.0)" in proc.stderr


def test_repeat_waits_for_a_press_then_starts_a_new_session():
    proc, records = run_headless(["press", "long_hold", "wait 0.3", "press", "wait 0.3", "quit"],
                                 "--repeat", TALKSTICK_DIALOGUE_MENU="false")  # no menu between
    assert proc.returncode == 0, proc.stderr
    welcomes = [r for r in records if r["prompt"] == "device.welcome"]
    assert len(welcomes) == 2
    last = records[-1]  # quit in the second session: it stops at its first step, lights off
    assert (last["step"], last["phase"], last["reason"]) == ("appointment", "stopped", "stopped")
    assert last["leds"]["a"] == "off" and records[-3]["phase"] == "running"


def test_gpio_required_but_missing_is_a_clear_error():
    proc = subprocess.run([sys.executable, "-m", "talkstick", "run", "--gpio", "--no-voice",
                           "--no-listen"], input="", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "no GPIO could be opened" in proc.stderr


# -- what each line carries, and the last line of a session --------------------------------

class Recorded:
    """A real Dialogue whose every handled event reaches a JsonDisplay, as the Session does it."""

    def __init__(self, script="imago-dialogue"):
        self.table = Table(script=script)
        self.out = io.StringIO()
        self.display = JsonDisplay(self.out, names=self.table.dialogue.names)
        self.send(ev.Start(0.0))

    def send(self, event):
        out = self.table.send(event)
        self.display.event(event)
        self.display.show(self.table.dialogue.snapshot(event.at), out)

    def press(self, kind="press"):
        self.send(ev.Gesture(kind, self.table.now))

    @property
    def records(self):
        return [json.loads(line) for line in self.out.getvalue().splitlines()]


TWO_ROUNDS = """
[script]
start = "share"
rounds = 2
[[steps]]
id = "share"
speaker = "sender"
prompt = "{sender}, share."
[steps.on]
press = "switch"
[[steps]]
id = "switch"
speaker = "device"
swap = true
prompt = "Swap."
[steps.on]
press = "share"
all_sent = "end"
"""


def test_each_line_says_who_receives_the_names_and_what_is_listened_for():
    r = Recorded()
    first = r.records[0]
    assert (first["sender"], first["receiver"], first["round"]) == ("A", "B", 1)
    assert first["names"] == ["Partner A", "Partner B"]
    assert first["listening"] == ["appointment_ok", "yes", "no", "pause", "repeat"]
    r.press()
    r.press("hold")
    assert r.records[-1]["phase"] == "break" and r.records[-1]["listening"] == []
    assert all(rec["reason"] is None for rec in r.records)


def test_the_round_counts_each_partner_sending_once(tmp_path):
    path = tmp_path / "two-rounds.toml"
    path.write_text(TWO_ROUNDS)
    r = Recorded(str(path))
    for _ in range(7):
        r.press()
    shares = [(rec["sender"], rec["receiver"], rec["round"]) for rec in r.records
              if rec["prompt"] == "share"]
    assert shares == [("A", "B", 1), ("B", "A", 1), ("A", "B", 2), ("B", "A", 2)]
    assert (r.records[-1]["phase"], r.records[-1]["reason"]) == ("ended", "done")


def test_the_last_line_of_a_session_says_how_it_ended_once():
    r = Recorded()
    r.press("long_hold")
    last = r.records[-1]
    assert (last["phase"], last["reason"], last["prompt"], last["listening"]) == ("ended", "ended", None, [])
    assert r.records[-2]["prompt"] == "device.end"
    r.display.close()
    assert r.records[-1] == last  # closing after the end adds nothing
    stopped = Recorded()
    stopped.press()
    stopped.display.close()
    stopped.display.close()
    assert [rec["reason"] for rec in stopped.records].count("stopped") == 1
    assert (stopped.records[-1]["phase"], stopped.records[-1]["step"]) == ("stopped", "sending")


def test_headless_lines_carry_the_new_fields_and_a_last_line_on_a_long_hold():
    proc, records = run_headless(["press", "hold", "wait 0.1", "press", "long_hold", "wait 0.3"])
    assert proc.returncode == 0, proc.stderr
    assert set(records[0]) >= {"receiver", "names", "round", "listening", "reason"}
    assert records[0]["listening"] == ["appointment_ok", "yes", "no", "pause", "repeat"]
    assert [r["listening"] for r in records if r["phase"] == "break"][-1] == []
    assert (records[-1]["phase"], records[-1]["reason"]) == ("ended", "ended")


def test_quit_writes_a_last_line_and_every_line_names_the_partners():
    proc, records = run_headless(["press", "quit"], "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    assert records[0]["names"] == ["A 님", "B 님"]
    assert (records[-1]["phase"], records[-1]["reason"], records[-1]["step"]) == (
        "stopped", "stopped", "sending")
