"""The saved position: the pure part (a Dialogue <-> plain data, what resumes and what does
not, putting a Dialogue back) and the file (atomic writes, damaged files, the Keeper)."""

import json
import logging
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from dialogue import Table, of, said
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.position import KEYS, Position, capture, from_dict, restore, resumable
from talkstick.script.pack import load_pack
from talkstick.shell import position as saved
from talkstick.shell.position import FILE, Keeper, take, write_atomic

NOW = 1_800_000_000.0  # the wall clock (epoch seconds) in these tests
HOUR = 3600.0


def at_mirroring_of_partner_b():
    """A session driven to partner B's mirroring, 40 s into it, A having sent 30 s of talk."""
    t = Table()
    t.start()
    t.wait(10)
    t.press()                                        # A: appointment -> sending
    for move in ("press", "press", "press", "double", "press", "press", "press", "press", "press"):
        t.press(move)                                # one round of A's, by button: B sends
    t.press()                                        # B: sending -> mirroring
    t.wait(40)
    return t


def saved_dict(**changes):
    t = at_mirroring_of_partner_b()
    position = capture(t.dialogue, t.now, language="en", saved_at=NOW)
    return {**position.as_dict(), **changes}


# -- a Dialogue <-> plain data ----------------------------------------------------------------
def test_the_position_holds_ids_counts_and_times_and_never_words():
    t = at_mirroring_of_partner_b()
    data = capture(t.dialogue, t.now, language="en", saved_at=NOW).as_dict()
    assert tuple(data) == KEYS
    assert data == {"version": 1, "saved_at": NOW, "language": "en", "script": "imago-dialogue",
                    "phase": "running", "step": "mirroring", "sender": 1, "sent": [1, 0],
                    "elapsed_s": 40.0, "talk_s": [10.0, 0.0], "break_s": None}
    words = json.dumps(data)
    pack = load_pack("en")
    for text in (*pack.names, *pack.prompts.values(), t.dialogue.step.prompt):
        assert text not in words
    assert from_dict(json.loads(words)) == from_dict(data)


def test_nothing_is_captured_before_the_session_starts():
    assert capture(Table().dialogue, 0.0, language="en", saved_at=NOW) is None


def test_a_break_keeps_the_step_clock_still_and_counts_its_own():
    t = at_mirroring_of_partner_b()
    t.press("hold")
    t.wait(300)
    p = capture(t.dialogue, t.now, language="en", saved_at=NOW)
    assert (p.phase, p.elapsed_s, p.break_s) == ("break", 40.0, 300.0)


@pytest.mark.parametrize("changes, complaint", [
    ({"version": 2}, "version: 2 is not 1"),
    ({"sender": 2}, "sender: 2 is not 0 or 1"),
    ({"sender": True}, "sender: True is not 0 or 1"),
    ({"sent": [1]}, "sent: [1] is not two whole numbers"),
    ({"sent": [1, -1]}, "sent: [1, -1] is not two whole numbers"),
    ({"talk_s": [1.0, float("nan")]}, "talk_s: [1.0, nan] is not two numbers"),
    ({"elapsed_s": -3}, "elapsed_s: -3 is not a number of seconds"),
    ({"saved_at": "yesterday"}, "saved_at: 'yesterday' is not a number of seconds"),
    ({"step": ""}, "step: '' is not a non-empty text"),
    ({"phase": "paused"}, "phase: 'paused' is not one of running, break, ended"),
    ({"break_s": 12.0}, "break_s: 12.0 is not a number during a break, else null"),
    ({"transcript": "hello"}, "keys transcript: missing or unknown"),
])
def test_a_damaged_position_is_refused_naming_the_key_and_what_it_accepts(changes, complaint):
    with pytest.raises(ValueError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        from_dict(saved_dict(**changes))


def test_a_position_that_is_not_an_object_or_lacks_keys_is_refused():
    with pytest.raises(ValueError, match="JSON object"):
        from_dict([1, 2])
    data = saved_dict()
    del data["talk_s"]
    with pytest.raises(ValueError, match="keys talk_s: missing or unknown"):
        from_dict(data)


# -- what resumes -----------------------------------------------------------------------------
def script():
    return Table().dialogue.script


@pytest.mark.parametrize("changes, now, why", [
    ({"phase": "ended"}, NOW, "the session it saved was over"),
    ({"language": "ko"}, NOW, "saved for imago-dialogue (ko), not imago-dialogue (en)"),
    ({"script": "appreciation"}, NOW, "saved for appreciation (en)"),
    ({"step": "gone"}, NOW, "step 'gone' is no longer in imago-dialogue"),
    ({}, NOW + 3 * HOUR + 1, "saved 3.0 h from now (resumes within 3 h)"),
    ({}, NOW - 3 * HOUR - 1, "saved 3.0 h from now"),
])
def test_what_does_not_resume(changes, now, why):
    position = from_dict(saved_dict(**changes))
    got, reason = resumable(position, script(), "en", now, 3 * HOUR)
    assert got is None and why in reason


def test_a_recent_position_resumes_and_a_clock_set_back_is_believed_within_the_window():
    position = from_dict(saved_dict())
    assert resumable(position, script(), "en", NOW + 3 * HOUR, 3 * HOUR) == (position, None)
    # a Pi without a clock battery starts at its last saved time, before the position's
    assert resumable(position, script(), "en", NOW - 600, 3 * HOUR) == (position, None)


def test_a_break_goes_on_counting_while_the_device_was_off():
    position = from_dict(saved_dict(phase="break", break_s=120.0))
    got, _ = resumable(position, script(), "en", NOW + 600, 3 * HOUR)
    assert got.break_s == 720.0
    got, _ = resumable(position, script(), "en", NOW - 600, 3 * HOUR)
    assert got.break_s == 120.0  # a clock set back adds nothing


# -- putting a Dialogue back ------------------------------------------------------------------
def test_restore_puts_the_dialogue_back_and_says_where_it_was():
    position = from_dict(saved_dict())
    t = Table()
    out = t.send(ev.Resume(position, 500.0))
    d = t.dialogue
    assert (d.phase, d.step.id, d.sender, d.sent, d.talk) == ("running", "mirroring", 1, [1, 0],
                                                              [10.0, 0.0])
    assert d.elapsed(500.0) == pytest.approx(40.0)
    texts = {a.prompt_id: a.text for a in of(out, act.Say)}
    assert said(out) == ["device.restored", "mirroring"]
    assert texts["device.restored"] == "We're back. Partner A was mirroring what Partner B shared."
    assert of(out, act.Listen)[-1].intents == d.step.listens
    assert of(out, act.Lights)[-1].turn == ("steady", "off")  # A mirrors B
    assert t.dialogue.snapshot(500.0)["sender"] == "B"


def test_restore_keeps_the_warning_and_cues_already_past():
    t = Table(turn_seconds=60)
    position = from_dict(saved_dict(step="sending", elapsed_s=70.0, talk_s=[10.0, 70.0]))
    t.send(ev.Resume(position, 0.0))
    assert t.dialogue.warned and t.dialogue.cued and t.dialogue.turn_cued == [False, True]
    assert said(t.wait(30)) == []                    # no chunk cue, no turn cue said again


def test_restore_on_a_break_shows_the_break_and_a_press_early_asks_to_confirm():
    position = from_dict(saved_dict(phase="break", break_s=300.0))
    t = Table()
    out = t.send(ev.Resume(position, 0.0))
    assert t.dialogue.phase == "break" and said(out) == ["device.restored"]
    assert of(out, act.Listen) == [act.Listen(())]
    assert of(out, act.Lights)[-1].step_mode == "pulse" and of(out, act.Lights)[-1].bar == 0.75
    assert said(t.press()) == ["device.break_confirm"]
    out = t.press()
    assert t.dialogue.phase == "running" and said(out) == ["device.resume", "mirroring"]
    assert t.dialogue.elapsed(t.now) == pytest.approx(40.0)


def test_restore_at_a_device_step_in_silent_mode_moves_on_as_entering_it_would():
    t = Table(verbosity="silent")
    t.send(ev.Resume(from_dict(saved_dict(step="switch", sender=1, sent=[1, 0])), 0.0))
    assert t.step == "sending" and t.dialogue.sender == 1


def test_restore_is_pure_and_returns_what_handle_returns():
    position = from_dict(saved_dict())
    a, b = Table().dialogue, Table().dialogue
    assert restore(a, position, 3.0) == b.handle(ev.Resume(position, 3.0))


# -- the file ---------------------------------------------------------------------------------
def test_an_atomic_write_replaces_the_whole_file_and_leaves_nothing_beside_it(tmp_path):
    path = tmp_path / "deep" / FILE
    write_atomic(path, "one\n")
    write_atomic(path, "two\n")
    assert path.read_text() == "two\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [FILE]


CRASH = """
import os, signal, sys
from talkstick.shell.position import write_atomic
os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # the power goes before the rename
write_atomic(sys.argv[1], '{"new": true}')
"""


def test_a_crash_between_write_and_rename_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / FILE
    write_atomic(path, '{"old": true}')
    proc = subprocess.run([sys.executable, "-c", CRASH, str(path)], timeout=60)
    assert proc.returncode == -9
    assert json.loads(path.read_text()) == {"old": True}
    assert (tmp_path / f".{FILE}.tmp").read_text() == '{"new": true}'  # written, never renamed
    write_atomic(path, '{"next": true}')  # the next save goes through as usual
    assert json.loads(path.read_text()) == {"next": True}


def put(folder, data):
    (folder / FILE).write_text(json.dumps(data))


def test_take_resumes_a_recent_position(tmp_path):
    put(tmp_path, saved_dict())
    got = take(tmp_path, script(), "en", 3 * HOUR, wall=lambda: NOW + 60)
    assert isinstance(got, Position) and (got.step, got.sender) == ("mirroring", 1)
    assert (tmp_path / FILE).exists()  # kept until the resumed session saves over it


@pytest.mark.parametrize("changes, now", [({"phase": "ended"}, NOW), ({}, NOW + 4 * HOUR),
                                          ({"language": "ko"}, NOW)])
def test_take_removes_a_finished_stale_or_foreign_position(tmp_path, changes, now):
    put(tmp_path, saved_dict(**changes))
    assert take(tmp_path, script(), "en", 3 * HOUR, wall=lambda: now) is None
    assert not (tmp_path / FILE).exists()


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe", b"[]", b"x" * 100_000,
                                     json.dumps({"version": 1}).encode()])
def test_a_damaged_file_is_logged_once_and_ignored(tmp_path, caplog, content):
    (tmp_path / FILE).write_bytes(content)
    with caplog.at_level(logging.INFO, logger=saved.__name__):
        assert take(tmp_path, script(), "en", 3 * HOUR, wall=lambda: NOW) is None
    lines = [r for r in caplog.records if r.name == saved.__name__]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert "ignored, the session starts afresh" in lines[0].getMessage()
    assert not lines[0].exc_info


def test_a_folder_where_the_file_should_be_is_logged_and_ignored(tmp_path, caplog):
    (tmp_path / FILE).mkdir()
    assert take(tmp_path, script(), "en", 3 * HOUR, wall=lambda: NOW) is None
    assert "ignored" in caplog.text


def test_no_file_is_no_position_and_no_log(tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        assert take(tmp_path, script(), "en", 3 * HOUR) is None
    assert caplog.records == []


# -- the Keeper -------------------------------------------------------------------------------
def test_the_keeper_saves_at_every_step_change_and_every_minute(tmp_path, monkeypatch):
    writes = []
    real = saved.write_atomic
    monkeypatch.setattr(saved, "write_atomic", lambda p, text: (writes.append(json.loads(text)),
                                                                real(p, text)))
    keeper = Keeper(tmp_path, "en", wall=lambda: NOW)
    t = Table()
    t.start()
    keeper.update(t.dialogue, t.now)
    t.press()
    keeper.update(t.dialogue, t.now)
    for _ in range(4 * 59):
        t.wait(0.25)
        keeper.update(t.dialogue, t.now)
    assert [w["step"] for w in writes] == ["appointment", "sending"]
    t.wait(1.0)
    keeper.update(t.dialogue, t.now)
    assert len(writes) == 3 and writes[-1]["elapsed_s"] == 60.0
    t.press("hold")
    keeper.update(t.dialogue, t.now)
    assert writes[-1]["phase"] == "break"
    t.press("long_hold")
    keeper.update(t.dialogue, t.now)
    assert json.loads((tmp_path / FILE).read_text())["phase"] == "ended"


def test_a_keeper_that_cannot_write_says_so_once_and_the_session_goes_on(tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("")
    keeper = Keeper(blocked / "state", "en", wall=lambda: NOW)  # a folder inside a file
    t = Table()
    t.start()
    for move in ("press", "press", "press"):
        t.press(move)
        keeper.update(t.dialogue, t.now)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "will start afresh" in warnings[0].getMessage()


def test_the_keeper_writes_nothing_but_the_keys(tmp_path):
    keeper = Keeper(tmp_path, "en", wall=lambda: NOW)
    t = at_mirroring_of_partner_b()
    keeper.update(t.dialogue, t.now)
    assert tuple(json.loads((tmp_path / FILE).read_text())) == KEYS
    assert os.listdir(tmp_path) == [FILE]


def test_a_position_read_back_is_the_one_saved(tmp_path):
    keeper = Keeper(tmp_path, "en", wall=lambda: NOW)
    t = at_mirroring_of_partner_b()
    keeper.update(t.dialogue, t.now)
    expected = capture(t.dialogue, t.now, language="en", saved_at=NOW)
    assert take(tmp_path, script(), "en", HOUR, wall=lambda: NOW) == expected


def test_take_with_the_menu_resumes_any_exercise_of_the_pack_it_was_given(tmp_path):
    other = replace(script(), id="appreciation")
    put(tmp_path, saved_dict(script="appreciation"))
    scripts = {"imago-dialogue": script(), "appreciation": other}
    got = take(tmp_path, scripts, "en", 3 * HOUR, wall=lambda: NOW)
    assert got.script == "appreciation"
    assert take(tmp_path, script(), "en", 3 * HOUR, wall=lambda: NOW) is None  # the chosen only
    assert not (tmp_path / FILE).exists()
