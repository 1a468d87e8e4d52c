"""Session history (opt-in): what a session leaves behind on the real stack, that it holds no
words, the file's atomic appends, and `talkstick history` (table, plot, forget)."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from talkstick.commands.history import table
from talkstick.commands.plot import plot_steps, step_minutes
from talkstick.errors import TalkstickError
from talkstick.frontends.finger import Finger
from talkstick.script.chosen import load_chosen
from talkstick.settings import load_settings
from talkstick.shell.devices import Devices, Frontend
from talkstick.shell.history import RECORD_KEYS, STEP_KEYS, StepTimes, append, read
from talkstick.shell.session import run_sessions

ENTRY = {"v": 1, "exercise": "imago-dialogue", "started": "2026-12-02T09:30", "seconds": 330.0,
         "ended": "done", "sending": {"A": 120.0, "B": 90.0},
         "steps": [{"step": "sending", "speaking": "A", "seconds": 120.0},
                   {"step": "mirroring", "speaking": "B", "seconds": 60.0},
                   {"step": "sending", "speaking": "B", "seconds": 90.0},
                   {"step": "closing", "speaking": "both", "seconds": 60.0}]}


def settings(tmp_path, **environ):
    return load_settings(environ={"TALKSTICK_VOICE_ENABLED": "false", "XDG_STATE_HOME": str(tmp_path),
                                  "TALKSTICK_LISTEN_ENABLED": "false", **environ})


def strings(value):
    """Every text in a JSON value, keys included."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (k, *strings(v))]
    if isinstance(value, list):
        return [t for v in value for t in strings(v)]
    return [value] if isinstance(value, str) else []


def wait_for(condition, deadline=5.0):
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


# -- on the real stack ----------------------------------------------------------------------------

def run_a_session(mock_factory, s, presses=2):
    pack, script = load_chosen(s)
    stop = threading.Event()
    with Devices(s, pack, script, stop, Frontend()) as devices:
        finger = Finger(mock_factory.pin(s.panel.button), s.panel, stop.wait)
        runner = threading.Thread(target=run_sessions, args=(devices,))
        runner.start()
        try:
            for _ in range(presses):
                finger.gesture("press")
            finger.gesture("long_hold")
            runner.join(timeout=10)
            assert not runner.is_alive()
        finally:
            stop.set()
            runner.join(timeout=5)
    return pack, script


def test_a_session_leaves_one_record_of_ids_roles_and_seconds_never_words(mock_factory, tmp_path):
    s = settings(tmp_path, TALKSTICK_HISTORY_ENABLED="true")
    pack, script = run_a_session(mock_factory, s)
    path = tmp_path / "talkstick" / "history.jsonl"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    [entry] = read(path)
    assert set(entry) == set(RECORD_KEYS) and all(set(step) == set(STEP_KEYS) for step in entry["steps"])
    assert (entry["exercise"], entry["ended"]) == (script.id, "ended")
    visited = [step["step"] for step in entry["steps"]]
    assert visited[0] == script.start and len(visited) == 3  # the start, then two presses on
    assert entry["steps"][0]["speaking"] == "A" and entry["steps"][0]["seconds"] > 0.3
    allowed = {*RECORD_KEYS, *STEP_KEYS, "A", "B", "both", "device", script.id, entry["started"],
               "ended", *script.steps}
    assert set(strings(entry)) <= allowed  # no wording, no name, no phrase: only ids and roles
    text = json.dumps(entry, ensure_ascii=False)
    assert not [name for name in pack.names if name in text]  # not even the partners' names
    assert not [p for p in pack.prompts.values() if p[:20] in text]


def test_without_opting_in_nothing_is_kept(mock_factory, tmp_path):
    run_a_session(mock_factory, settings(tmp_path), presses=0)
    assert not (tmp_path / "talkstick" / "history.jsonl").exists()


# -- the step clock and the file ------------------------------------------------------------------

def snap(t, step, phase="running", sender="A"):
    return {"t": t, "step": step, "phase": phase, "sender": sender}


def test_the_step_clock_leaves_breaks_out_and_names_who_was_speaking(tmp_path):
    pack, script = load_chosen(settings(tmp_path))
    times = StepTimes(script)
    for s in [snap(0.0, "sending"), snap(10.0, "sending"), snap(12.0, "sending", "break"),
              snap(100.0, "sending", "break"), snap(101.0, "sending"), snap(105.0, "mirroring"),
              snap(108.5, "mirroring", "ended")]:
        times.show(s, [])
    assert times.steps() == [{"step": "sending", "speaking": "A", "seconds": 16.0},
                             {"step": "mirroring", "speaking": "B", "seconds": 3.5}]


def test_appends_keep_every_line_and_mend_a_cut_last_line(tmp_path):
    path = tmp_path / "state" / "history.jsonl"
    append(path, ENTRY)
    with open(path, "a") as f:
        f.write('{"v": 1, "exerc')  # a line cut short (by a tool, or an older crash)
    append(path, dict(ENTRY, exercise="appreciation"))
    assert [e["exercise"] for e in read(path)] == ["imago-dialogue", "appreciation"]
    assert not [p for p in path.parent.iterdir() if p.name != "history.jsonl"]  # no temporary left


# -- talkstick history ---------------------------------------------------------------------------

def history(tmp_path, *args, stdin=""):
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_STATE_HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "talkstick", "history", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)


def test_the_table_has_a_row_a_session():
    text = table([ENTRY, dict(ENTRY, exercise="appreciation", sending={"A": 30.0})])
    lines = text.splitlines()
    assert lines[0].split() == ["#", "started", "exercise", "minutes", "A", "sending", "B",
                                "sending", "steps", "ended"]
    assert lines[1].split() == ["1", "2026-12-02", "09:30", "imago-dialogue", "5.5", "2.0", "1.5",
                                "4", "done"]
    assert lines[2].split()[3:7] == ["appreciation", "5.5", "0.5", "-"]


def test_history_prints_plots_and_forgets(tmp_path):
    path = tmp_path / "talkstick" / "history.jsonl"
    assert "no sessions kept" in history(tmp_path).stderr
    append(path, ENTRY)
    shown = history(tmp_path, "--plot", str(tmp_path / "steps.png"))
    assert shown.returncode == 0, shown.stderr
    assert "imago-dialogue" in shown.stdout
    assert (tmp_path / "steps.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert history(tmp_path, "--plot", str(tmp_path / "x.png"), "--session", "2").returncode == 1
    refused = history(tmp_path, "--forget")  # no terminal to ask on
    assert refused.returncode == 1 and "--yes" in refused.stderr and path.exists()
    assert history(tmp_path, "--forget", "--yes").returncode == 0 and not path.exists()


def test_each_partners_minutes_per_step_add_up_over_visits():
    order, minutes = step_minutes(ENTRY)
    assert order == ["sending", "mirroring", "closing"]
    assert minutes == {"A": [2.0, 0.0, 0.0], "B": [1.5, 1.0, 0.0], "both": [0.0, 0.0, 1.0]}


def test_without_matplotlib_the_plot_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    with pytest.raises(TalkstickError, match=r"pip install 'talkstick\[plot\]'"):
        plot_steps(ENTRY, tmp_path / "x.png")


def test_a_record_is_one_json_line():
    assert "\n" not in json.dumps(ENTRY)
