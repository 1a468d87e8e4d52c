"""The terminal simulator: the pure screen on real engine snapshots, and the real thing in tmux."""

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from dialogue import Table, of
from talkstick.core import events as ev
from talkstick.core.actions import Say
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import TalkstickError
from talkstick.frontends import columns
from talkstick.frontends.finger import Finger
from talkstick.frontends.headless import parse_command
from talkstick.frontends.screen import DIGITS, HEARD, KEYS, render
from talkstick.frontends.simulator import HeldLogs, Simulator, Status
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.settings import Settings

NAMES = load_pack("en").names  # the names the dialogue speaks too


class Shown:
    """A real Dialogue whose every handled event reaches a Status, as the Session does it.

    With ``lang`` the Status has that pack's labels, as the simulator builds it; without, it
    has none of its own (every word falls back to English)."""

    def __init__(self, lang=None):
        self.table = Table(lang or "en")
        pack = load_pack(lang or "en")
        labels = {"labels": pack.labels} if lang else {}
        self.status = Status(self.table.dialogue.script, pack.names, **labels)
        self.send(ev.Start(0.0))

    def send(self, event):
        self.table.now = event.at
        out = self.table.send(event)
        self.status.event(event)
        self.status.show(self.table.dialogue.snapshot(event.at), out)

    def tick_to(self, at):
        while self.table.now + 0.25 <= at + 1e-9:
            self.send(ev.Tick(self.table.now + 0.25))

    def press(self, kind="press"):
        self.send(ev.Gesture(kind, self.table.now))

    def hear(self, intent):
        self.send(ev.Heard(intent, self.table.now))

    def text(self, width=100, **pins):
        return "\n".join(text(line) for line in render(self.status.view(**pins), width))

    def lines(self, width, height, **pins):
        return [text(line) for line in render(self.status.view(**pins), width, height)]


def text(line):
    return "".join(t for t, _ in line)


def row(screen, name):
    """The text of a labelled row (the last one: the lamps above may show the same word)."""
    return re.findall(rf"^ +{name} {{2,}}(.*)$", screen, re.M)[-1].strip()


def test_the_screen_shows_step_sender_leds_time_and_the_last_prompt():
    s = Shown()
    s.press()
    s.tick_to(12.0)
    screen = s.text(turn=(1.0, 0.0), rgb=(0.0, 0.0, 1.0))
    assert "Imago Dialogue" in screen and "running" in screen
    assert row(screen, "step") == "sending"
    assert row(screen, "sender").split() == ["A", "Partner", "A", "receiver:", "B", "Partner", "B"]
    assert row(screen, "time") == "0:12 of 0:15"
    assert row(screen, "button").split() == ["up", "last", "press"]
    assert re.search(r"steady +blue · steady +off", screen)
    assert re.search(r"\[███████\] +\[███████\] +\[·······\]", screen)
    prompt = screen.split("prompt")[1]
    assert "sending" in prompt and "Partner A, share one piece" in prompt and "Partner B, just listen" in prompt


def test_time_in_step_leaves_out_breaks_and_starts_again_on_the_next_step():
    s = Shown()
    s.press()
    s.tick_to(10.0)
    s.send(ev.Gesture("hold", 10.0))
    s.tick_to(40.0)
    screen = s.text()
    assert "on a break: 20 min left" in screen and row(screen, "time") == "0:10 of 0:15"
    s.press()
    s.press()                                       # early: the second press confirms
    s.tick_to(60.0)
    screen = s.text()
    assert row(screen, "time") == "0:30 of 0:15" and "blue · steady" in screen
    s.tick_to(80.0)
    assert row(s.text(), "time") == "0:50 of 0:15  ·  past its usual time"  # warn = 45 s
    assert "blue · blink" in s.text()
    s.press()
    s.tick_to(82.0)
    screen = s.text()
    assert row(screen, "step") == "mirroring" and row(screen, "time") == "0:02 of 0:30"


def test_lamps_and_bar_follow_the_pin_duty_cycles():
    s = Shown()
    dark, dim, bright = (s.text(turn=(t, t), rgb=(t, t, t), bar=(t, 0.0)) for t in (0.0, 0.05, 0.9))
    assert "[·······]" in dark and "░" not in dark
    assert dim.count("[░░░░░░░]") == 6 and "time left  ░·" in dim
    assert bright.count("[███████]") == 6 and "time left  █·" in bright
    lamp = next(line for line in render(s.status.view(turn=(0.25, 0.0), rgb=(0.0, 0.25, 0.0)))
                if "▒" in text(line))
    paints = [paint for t, paint in lamp if "▒" in t]
    assert paints == [(0.536, 0.375, 0.161), (0.0, 0.536, 0.0)]  # warm white turn LED, green step LED


def test_the_phrases_this_step_acts_on_are_bold():
    s = Shown("en")
    spans = [span for line in render(s.status.view()) for span in line]
    keyed = {spans[i + 1][0].strip(): spans[i + 1][1] for i, (t, _) in enumerate(spans)
             if t and t in "1234567890"}
    assert len(keyed) == len(HEARD)
    labels = load_pack("en").labels
    assert {phrase for phrase, paint in keyed.items() if paint == "bold"} == {
        labels[i] for i in ("appointment_ok", "yes", "no", "pause")}


# Moments (moves from the start) whose prompts are the longest or come in the same instant.
MOMENTS = {
    "welcome and appointment": [],
    "validation": ["press", "press", "press", "press", "double", "press", "press"],
    "break": ["press", "hold"],
    "swap and sending": ["press", "press", "press", "press", "double", "press", "press", "press",
                         "press", "press"],
}


def walk(lang, moves):
    s = Shown(lang)
    for move in moves:
        s.press(move)
    return s


def where(words, part):
    """Where ``part`` stands whole, in order, in ``words``; -1 where it does not."""
    return next((i for i in range(len(words) - len(part) + 1) if words[i:i + len(part)] == part), -1)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width, height", [(80, 24), (120, 40)])
@pytest.mark.parametrize("moment", MOMENTS)
def test_every_prompt_since_the_last_gesture_is_shown_whole_within_the_width(
        lang, width, height, moment):
    s = walk(lang, MOMENTS[moment])
    lines = s.lines(width, height)
    assert len(lines) == height
    assert max(columns.width(line) for line in lines) <= width  # columns, not characters
    shown = " ".join(lines).split()
    said = [text.split() for _, text in s.status.said]
    places = [where(shown, words) for words in said]
    assert said and min(places) >= 0, "\n".join(lines)
    assert places == sorted(places)  # newest last
    labels = load_pack(lang).labels
    assert f"0 {labels['pause']}" in "\n".join(lines)  # the menu is there in full
    assert lines[-1].strip().endswith(labels["help"].split("  ")[-1])  # the keys at the bottom


@pytest.mark.parametrize("width, height", [(60, 16), (80, 14)])
def test_a_terminal_too_short_for_the_prompts_keeps_the_newest_and_cuts_it_last(width, height):
    s = Shown("en")  # the welcome and the appointment
    lines = s.lines(width, height)
    assert len(lines) == height and max(columns.width(line) for line in lines) <= width
    assert "q quit" in lines[-1] and "0 let's take a break" in "\n".join(lines)
    shown = " ".join(lines).split()
    assert "Welcome." not in shown  # the older prompt goes first
    first, whole = where(shown, ["Partner", "A,", "you'll"]), s.status.said[-1][1].split()
    cut = shown.index("…")
    assert shown[first:cut] == whole[:cut - first] and cut - first >= 8


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_internal_name_reaches_the_screen(lang):
    s = Shown(lang)
    s.send(ev.DeviceNotice("no_speaker", 0.0))
    for move in ("press", "press", "press", "press"):
        s.press(move)
    s.hear("thats_all")      # more -> summary
    s.hear("got_it_all")     # summary -> summary_check
    labels = load_pack(lang).labels
    for width, height in ((80, 24), (120, 40)):
        screen = "\n".join(s.lines(width, height))
        for name in ("thats_all", "got_it_all", "no_speaker", "summary_check", "device.",
                     "appointment_ok", "feeling_check"):
            assert name not in screen
        assert row(screen, labels["step"]) == labels["summary_check"]
        assert f'"{labels["got_it_all"]}"' in row(screen, labels["button"])  # heard, in words
        assert labels["no_speaker"] in screen
    if lang == "ko":  # no English left on a Korean screen but the program's name and keys
        assert set(re.findall(r"[A-Za-z_]{3,}", screen)) <= {"talkstick", "LED", "space"}


def test_prompts_said_in_the_same_instant_stay_until_someone_acts():
    s = walk("en", MOMENTS["swap and sending"])  # no voice: the swap and "sending" at once
    screen = " ".join(s.text(80).split())
    assert "respond to what you've just heard, with no new topic" in screen
    assert "Partner B, share one piece" in screen
    s.tick_to(60.0)
    assert "with no new topic" in " ".join(s.text(80).split())  # no time limit on reading it
    s.press()
    screen = " ".join(s.text(80).split())
    assert "with no new topic" not in screen and "Partner A, mirror back" in screen


def test_notices_stay_on_the_notice_line_in_the_packs_words():
    s = Shown("ko")
    s.send(ev.DeviceNotice("no_model", 0.0))
    s.send(ev.DeviceNotice("no_speaker", 0.0))
    s.press()
    logged = "no speech model for 'ko': button only. Get one with: talkstick model download ko"
    lines = s.lines(80, 24, notice=logged)
    labels = load_pack("ko").labels
    notice = lines.index(next(line for line in lines if line.strip().startswith(labels["notice"])))
    assert labels["no_model"] in lines[notice] and labels["no_speaker"] in lines[notice + 1]
    assert logged in " ".join(" ".join(lines[notice + 2:notice + 4]).split())
    assert where(" ".join(lines).split(), s.status.said[-1][1].split()) >= 0  # the step's prompt too


def test_ascii_terminals_get_ascii():
    s = Shown()
    screen = "\n".join(text(line) for line in render(s.status.view(turn=(1.0, 0.2)), ascii=True))
    assert screen.isascii() and "[#######]" in screen and "[=======]" in screen


def test_keys_are_the_words_headless_mode_reads():
    commands = {key: parse_command(line) for key, line in KEYS.items()}
    assert commands[" "] == ("gesture", "press") and commands["e"] == ("gesture", "long_hold")
    heard = {c[1] for c in commands.values() if c[0] == "say"}
    assert heard == set(INTENTS) and commands["r"] == ("say", "repeat")
    assert [commands[k][1] for k in DIGITS] == [i for i in INTENTS if i != "repeat"]


def test_without_a_terminal_it_points_at_headless(mock_factory):
    settings, stop = Settings(), threading.Event()
    finger = Finger(mock_factory.pin(settings.panel.button), settings.panel, stop.wait)
    script = load_script(script_path("imago-dialogue", "en"))
    with pytest.raises(TalkstickError, match="talkstick run --headless"):
        Simulator(finger, lambda e: None, stop, load_pack("en"), settings, script, out=io.StringIO())


def read_pty(fd, timeout_s=2.0):
    """All a pty has for us: one read may hand over only its first line (a CI run saw that)."""
    import select

    got = b""
    while select.select([fd], [], [], timeout_s if not got else 0.2)[0]:
        try:
            got += os.read(fd, 1000)
        except BlockingIOError:
            break
    return got


def test_log_lines_wait_while_curses_owns_the_terminal():
    main, side = os.openpty()
    terminal = open(side, "w", closefd=True)  # noqa: SIM115 - closed below
    handler = logging.StreamHandler(terminal)
    root = logging.getLogger()
    root.addHandler(handler)
    held = HeldLogs()
    try:
        held.hold()
        logging.getLogger("talkstick.test").warning("no speech model for %r: button only", "ko")
        logging.getLogger("talkstick.test").warning("device notice: %s", "no_model")
        terminal.flush()
        os.set_blocking(main, False)
        with pytest.raises(BlockingIOError):
            os.read(main, 100)
        assert held.last() == "no speech model for 'ko': button only"  # the screen words notices
        held.give_back()
        terminal.flush()
        assert b"device notice: no_model" in read_pty(main)
    finally:
        root.removeHandler(handler)
        terminal.close()
        os.close(main)


# -- the real simulator in a real terminal -------------------------------------------------

class Tmux:
    """A private tmux server (its own socket, no config, UTF-8) running talkstick in one pane."""

    def __init__(self, folder):
        self.base = [shutil.which("tmux"), "-u", "-S", str(folder / "tmux.sock"), "-f", "/dev/null"]
        self.status = folder / "status"

    def __call__(self, *args):
        return subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10,
                              check=True).stdout

    def start(self, command, width=100, height=30):
        self("new-session", "-d", "-s", "sim", "-x", str(width), "-y", str(height),
             f"{command}; echo $? > {self.status}")
        self("set-option", "-t", "sim", "remain-on-exit", "on")  # the last screen stays to read

    def screen(self, history=False):
        return self("capture-pane", "-p", "-t", "sim", *(["-S", "-"] if history else []))

    def wait_for(self, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if what(screen):
                return screen
            assert not self.status.exists(), f"talkstick exited early; the screen:\n{screen}"
            assert time.monotonic() < deadline, f"timed out after {timeout} s; the screen:\n{screen}"
            time.sleep(0.1)

    def exit_status(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while not (self.status.exists() and self.status.read_text().strip()):
            assert time.monotonic() < deadline, f"still running; the screen:\n{self.screen()}"
            time.sleep(0.1)
        return int(self.status.read_text())


@pytest.fixture
def tmux(tmp_path):
    if not shutil.which("tmux"):
        pytest.fail("tmux is needed for the simulator test: apt-get install tmux (scripts/setup --test)")
    t = Tmux(tmp_path)
    yield t
    subprocess.run([*t.base, "kill-server"], capture_output=True, timeout=10)


def on_step(step, row="step"):
    """The screen's step row (named ``row`` in the pack's words) shows ``step``."""
    return lambda screen: re.search(rf"^ +{row} {{2,}}{step}(\s|$)", screen, re.M)


def test_the_simulator_in_a_real_terminal(tmux):
    tmux.start(f"env XDG_CONFIG_HOME=/nonexistent {sys.executable} -m talkstick run --simulate "
               "--no-voice --no-listen")
    screen = tmux.wait_for(on_step("appointment"))
    assert re.search(r"steady +white · steady +off", screen), screen
    tmux("send-keys", "-t", "sim", "Space")
    tmux.wait_for(on_step("sending"))
    tmux("send-keys", "-t", "sim", "Space")
    screen = tmux.wait_for(on_step("mirroring"))
    assert re.search(r"off +green · steady +steady", screen), screen   # B mirrors now
    tmux("send-keys", "-t", "sim", "h")
    tmux.wait_for(lambda s: "held down" in s)       # the screen lives on during the hold
    tmux.wait_for(lambda s: "on a break" in s)
    tmux("send-keys", "-t", "sim", "q")
    assert tmux.exit_status() == 0
    after = tmux.screen(history=True)
    assert "talkstick: stopped during a break at step mirroring" in after
    assert "heard" not in after  # curses gave the terminal back


def test_the_korean_simulator_in_an_80_by_24_terminal(tmux):
    tmux.start(f"env XDG_CONFIG_HOME=/nonexistent LANG=C.UTF-8 {sys.executable} -m talkstick run "
               "--simulate --lang ko --no-voice --no-listen", width=80, height=24)
    pack = load_pack("ko")
    labels = pack.labels
    welcome, appointment = (" ".join(a.text.split()) for a in of(Table("ko").start(), Say))
    screen = tmux.wait_for(on_step(labels["appointment"], row=labels["step"]))
    lines = screen.splitlines()
    assert lines[0].startswith(f" {labels['simulator']}  ·  이마고 대화"), screen
    assert all(columns.width(line) <= 80 for line in lines), screen
    # Korean never spills to column 0, and the prompts follow their row whole, in order
    assert all(line.startswith(" ") for line in lines if re.search("[가-힣]", line)), screen
    head = next(i for i, line in enumerate(lines) if line.strip().startswith(labels["prompt"]))
    assert labels["welcome"] in lines[head] and labels["appointment"] in lines[head]
    body = " ".join(" ".join(lines[head + 1:]).split())
    assert body.index(welcome) < body.index(appointment), screen
    assert lines[-1].rstrip().endswith("q 나가기") and f"0 {labels['pause']}" in screen
    tmux("send-keys", "-t", "sim", "Space")
    screen = tmux.wait_for(on_step(labels["sending"], row=labels["step"]))
    assert "'나는' 하고 시작해서" in screen and appointment[:20] not in " ".join(screen.split())
    tmux("send-keys", "-t", "sim", "q")
    assert tmux.exit_status() == 0
