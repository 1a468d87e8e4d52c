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

from dialogue import Table
from talkstick.core import events as ev
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import TalkstickError
from talkstick.frontends.finger import Finger
from talkstick.frontends.headless import parse_command
from talkstick.frontends.screen import KEYS, render
from talkstick.frontends.simulator import HeldLogs, Simulator, Status
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.settings import Settings

NAMES = load_pack("en").names  # the names the dialogue speaks too


class Shown:
    """A real Dialogue whose every handled event reaches a Status, as the Session does it."""

    def __init__(self):
        self.table = Table()
        self.status = Status(self.table.dialogue.script, NAMES)
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

    def text(self, width=100, **pins):
        return "\n".join(text(line) for line in render(self.status.view(**pins), width))


def text(line):
    return "".join(t for t, _ in line)


def row(screen, name):
    return re.search(rf"^ +{name} {{2,}}(.*)$", screen, re.M).group(1).strip()


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
    assert "on a break: press space" in screen and row(screen, "time") == "0:10 of 0:15"
    s.press()
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
    s = Shown()
    spans = [span for line in render(s.status.view()) for span in line]
    keyed = {spans[i + 1][0].strip(): spans[i + 1][1] for i, (t, _) in enumerate(spans) if t in "1234567890"}
    assert len(keyed) == 10
    assert {intent for intent, paint in keyed.items() if paint == "bold"} == {"appointment_ok", "yes", "no", "pause"}


@pytest.mark.parametrize("width, height", [(60, 24), (80, 24), (100, 30), (140, 40)])
def test_every_line_fits_the_terminal_the_prompt_gets_what_is_left(width, height):
    s = Shown()  # the appointment: the longest prompt
    lines = [text(line) for line in render(s.status.view(), width, height)]
    assert max(len(line) for line in lines) <= width and len(lines) <= height
    assert "space press" in lines[-2] + lines[-1] and "q quit" in lines[-1]
    assert "0 pause" in "\n".join(lines)
    start = lines.index("    prompt    appointment") + 1
    shown = " ".join(lines[start:start + 5]).split()
    whole = s.status.said[1].split()
    cut = shown.index("…") if "…" in shown else len(whole)
    assert shown[:cut] == whole[:cut] and cut >= 4
    assert (cut == len(whole)) == (height >= 30)  # short terminals cut the prompt, not the menu


def test_ascii_terminals_get_ascii():
    s = Shown()
    screen = "\n".join(text(line) for line in render(s.status.view(turn=(1.0, 0.2)), ascii=True))
    assert screen.isascii() and "[#######]" in screen and "[=======]" in screen


def test_keys_are_the_words_headless_mode_reads():
    commands = {key: parse_command(line) for key, line in KEYS.items()}
    assert commands[" "] == ("gesture", "press") and commands["e"] == ("gesture", "long_hold")
    heard = {c[1] for c in commands.values() if c[0] == "say"}
    assert heard == set(INTENTS) and commands["r"] == ("say", "repeat")
    assert [commands[k][1] for k in "1234567890"] == [i for i in INTENTS if i != "repeat"]


def test_without_a_terminal_it_points_at_headless(mock_factory):
    settings, stop = Settings(), threading.Event()
    finger = Finger(mock_factory.pin(settings.panel.button), settings.panel, stop.wait)
    script = load_script(script_path("imago-dialogue", "en"))
    with pytest.raises(TalkstickError, match="talkstick run --headless"):
        Simulator(finger, lambda e: None, stop, load_pack("en"), settings, script, out=io.StringIO())


def test_log_lines_wait_while_curses_owns_the_terminal():
    main, side = os.openpty()
    terminal = open(side, "w", closefd=True)  # noqa: SIM115 - closed below
    handler = logging.StreamHandler(terminal)
    root = logging.getLogger()
    root.addHandler(handler)
    held = HeldLogs()
    try:
        held.hold()
        logging.getLogger("talkstick.test").warning("device notice: %s", "no_model")
        terminal.flush()
        os.set_blocking(main, False)
        with pytest.raises(BlockingIOError):
            os.read(main, 100)
        assert held.last() == "device notice: no_model"
        held.give_back()
        terminal.flush()
        assert b"device notice: no_model" in os.read(main, 1000)
    finally:
        root.removeHandler(handler)
        terminal.close()
        os.close(main)


# -- the real simulator in a real terminal -------------------------------------------------

class Tmux:
    """A private tmux server (its own socket, no config) running talkstick in one 100x30 pane."""

    def __init__(self, folder):
        self.base = [shutil.which("tmux"), "-S", str(folder / "tmux.sock"), "-f", "/dev/null"]
        self.status = folder / "status"

    def __call__(self, *args):
        return subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10,
                              check=True).stdout

    def start(self, command):
        self("new-session", "-d", "-s", "sim", "-x", "100", "-y", "30",
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


def on_step(step):
    return lambda screen: re.search(rf"^ +step {{2,}}{step}\b", screen, re.M)


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
