"""The terminal simulator: the device drawn with curses, keys pressing its mock button pin.

The lamps show what the mock LED pins really do (a PWM pin's state is its duty cycle), so
breathing and blinking animate as gpiozero drives them. ``render`` is pure (a View in, lines
of (text, paint) spans out); only ``Simulator`` touches the terminal.
"""

import collections
import curses
import logging
import queue
import sys
import threading
import time
from types import MappingProxyType

from talkstick.core.actions import Listen, Say
from talkstick.core.events import DeviceNotice, Gesture, Heard, Resume, Start
from talkstick.errors import TalkstickError
from talkstick.frontends import columns
from talkstick.frontends.headless import CommandReader
from talkstick.frontends.screen import KEYS, READY, View, clock, describe, render

log = logging.getLogger(__name__)
SHOWN = 4  # prompts kept on screen since the last gesture: without a voice they come at once
NOTICE_LOG = "device notice: %s"  # the session logs each notice; the screen words it itself


class Status:
    """What the session told the display: the last snapshot, time in this step, the prompts
    said since the last gesture (or heard phrase), the device notices."""

    def __init__(self, script, names, labels=MappingProxyType({})):
        self.script, self.names, self.labels = script, tuple(names), labels
        self.snapshot, self.key, self.elapsed = READY, None, 0.0
        self.said, self.acts_on, self.cause = (), (), ""
        self.notices, self.noticing, self.fresh = (), False, True

    def event(self, event):
        self.cause = describe(event, self.labels) or self.cause
        # A notice is shown on its own line; the step's instructions stay in view.
        self.noticing = isinstance(event, DeviceNotice)
        if self.noticing and event.what not in self.notices:
            self.notices += (event.what,)
        # Someone acted: the next prompt starts a new list. Until it comes the old one stays.
        self.fresh = self.fresh or isinstance(event, (Start, Resume, Gesture, Heard))

    def show(self, snapshot, actions):
        key = (snapshot["step"], snapshot["sender"])
        running = snapshot["phase"] == "running"
        step_time = max(0.0, snapshot["t"] - self.snapshot["t"]) if running else 0.0
        self.elapsed = self.elapsed + step_time if key == self.key else 0.0
        self.key, self.snapshot = key, snapshot
        for action in actions:
            if isinstance(action, Say) and not self.noticing:
                kept = () if self.fresh else self.said
                self.said, self.fresh = (*kept, (action.prompt_id, action.text))[-SHOWN:], False
            elif isinstance(action, Listen):
                self.acts_on = action.intents

    def view(self, **pins):
        step = self.script.steps.get(self.snapshot["step"])
        return View(self.script.title, self.names, self.snapshot, elapsed=self.elapsed,
                    target=step.timing.target if step else None, said=self.said,
                    acts_on=self.acts_on, cause=self.cause, notices=self.notices,
                    labels=self.labels, **pins)


class HeldLogs(logging.Handler):
    """While curses owns the terminal, log records wait here instead of scribbling over it."""

    def __init__(self):
        super().__init__()
        self.records, self.moved = collections.deque(maxlen=500), []

    def emit(self, record):
        self.records.append(record)

    def hold(self):
        root = logging.getLogger()
        self.moved = [h for h in root.handlers if _on_terminal(h)]
        for h in self.moved:
            root.removeHandler(h)
        root.addHandler(self)

    def give_back(self):
        """Put the terminal's handlers back and write out what they missed."""
        root = logging.getLogger()
        root.removeHandler(self)
        for h in self.moved:
            root.addHandler(h)
        targets = self.moved or ([] if root.handlers else [logging.lastResort])
        for record in self.records:
            for h in targets:
                if h is not None and record.levelno >= h.level:
                    h.handle(record)

    def last(self):
        """The last warning, leaving out the session's echo of a notice the screen shows."""
        warned = [r for r in self.records if r.levelno >= logging.WARNING and r.msg != NOTICE_LOG]
        return warned[-1].getMessage() if warned else ""


def _on_terminal(handler):
    stream = getattr(handler, "stream", None)
    return bool(stream and getattr(stream, "isatty", lambda: False)())


class Simulator:
    """The session's display in a terminal; keys press the mock button or inject heard phrases.

    Gestures run on the CommandReader's thread (a 5-second hold must not freeze the screen);
    one UI thread owns curses: it reads keys (getch times out ~8 times a second) and redraws.
    """

    def __init__(self, finger, post, stop, pack, settings, script, *, out=None,
                 clock=time.monotonic):
        out = sys.stdout if out is None else out
        if not (out.isatty() and sys.stdin.isatty()):
            raise TalkstickError("the simulator needs a terminal to draw in; to drive talkstick "
                                 "from a pipe or a script use: talkstick run --headless")
        d, panel = settings.dialogue, settings.panel
        self.status = Status(script, d.names or pack.names, pack.labels)
        self.finger, self.stop, self.panel, self.out, self.clock = finger, stop, panel, out, clock
        factory = finger.pin.factory
        self.pins = {name: [factory.pin(n) for n in numbers] for name, numbers in (
            ("turn", (panel.led_a, panel.led_b)), ("rgb", panel.step_rgb), ("bar", panel.bargraph))}
        self.lock, self.closing, self.down_since = threading.Lock(), threading.Event(), None
        self.commands = queue.Queue()
        self.reader = CommandReader(iter(self.commands.get, None), finger, post, stop, clock, sys.stderr)
        self.logs = HeldLogs()
        self.screen = self._open()
        self.reader.start()
        self.thread = threading.Thread(target=self._run, name="simulator", daemon=True)
        self.thread.start()

    # -- the display API the session calls (its own thread) ---------------------------------
    def event(self, event):
        with self.lock:
            self.status.event(event)

    def show(self, snapshot, actions):
        with self.lock:
            self.status.show(snapshot, actions)

    def use_script(self, script):
        """The exercise chosen in the menu: its title and step times from now on."""
        with self.lock:
            self.status.script = script

    def close(self):
        self.closing.set()
        self.thread.join(timeout=2)
        self._restore()
        self.stop.set()  # the session is over: keys still queued must not press a closing panel
        self.commands.put(None)
        self.reader.stop(timeout=1.0)
        snap = self.status.snapshot
        how = {"ended": "session over", "break": "stopped during a break"}.get(snap["phase"], "stopped")
        print(f"talkstick: {how} at step {snap['step'] or '-'} after {clock(snap['t'])}",
              file=self.out, flush=True)

    # -- the terminal (the UI thread) ---------------------------------------------------------
    def _open(self):
        screen = None
        self.logs.hold()  # before curses takes the terminal: a worker may log at any moment
        try:
            screen = curses.initscr()
            curses.noecho()
            curses.cbreak()
            screen.keypad(True)
            screen.timeout(125)
            self.paint = Paint()
        except curses.error as e:
            if screen is not None:
                curses.endwin()
            self.logs.give_back()
            raise TalkstickError(f"cannot draw in this terminal ({e}); "
                                 "use: talkstick run --headless") from None
        self.ascii = "utf" not in (screen.encoding or "").lower()
        return screen

    def _restore(self):
        """Give the terminal back exactly once, from whichever thread gets here first."""
        with self.lock:
            screen, self.screen = self.screen, None
        if screen is not None:
            try:
                screen.erase()  # a terminal with no alternate screen would keep the drawing
                screen.refresh()
            except curses.error:
                pass
            curses.endwin()
            self.logs.give_back()

    def _run(self):
        try:
            while not (self.stop.is_set() or self.closing.is_set()):
                self._key(self.screen.getch())
                self._draw()
        except Exception:
            log.exception("the simulator's screen failed; stopping the session")
            self.stop.set()
        finally:
            self._restore()

    def _key(self, code):
        if code < 0 or code > 255:
            return
        key = chr(code).lower()
        if key == "q":
            self.stop.set()
        elif key in KEYS:
            self.commands.put(KEYS[key])

    def _draw(self):
        pressed = self.finger.pin.state != self.panel.button_pull_up
        self.down_since = (self.down_since or self.clock()) if pressed else None
        with self.lock:
            view = self.status.view(held=self.clock() - self.down_since if pressed else None,
                                    notice=self.logs.last(), **self._duties())
        height, width = self.screen.getmaxyx()
        self.screen.erase()
        for y, line in enumerate(render(view, width, height, self.ascii)[:height]):
            self._put(y, line, width)
        self.screen.refresh()

    def _duties(self):
        def duty(pin, invert=False):
            if pin.function != "output":
                return 0.0
            return 1.0 - float(pin.state) if invert else float(pin.state)

        turn, rgb, bar = self.pins["turn"], self.pins["rgb"], self.pins["bar"]
        return {"turn": tuple(duty(p) for p in turn), "bar": tuple(duty(p) for p in bar),
                "rgb": tuple(duty(p, self.panel.rgb_common_anode) for p in rgb)}

    def _put(self, y, spans, width):
        """One line, cut in columns (not characters: Korean takes two a character)."""
        x = 0
        for text, paint in spans:
            text = columns.cut(text, width - 1 - x)
            if not text:
                continue
            try:
                self.screen.addstr(y, x, text, self.paint(paint))
            except curses.error:
                return
            x += columns.width(text)


class Paint:
    """Curses attributes for a paint: 256-colour shades where the terminal has them."""

    BASIC = {(0, 0, 0): 0, (1, 0, 0): 1, (0, 1, 0): 2, (1, 1, 0): 3, (0, 0, 1): 4, (1, 0, 1): 5,
             (0, 1, 1): 6, (1, 1, 1): 7}

    def __init__(self):
        self.colors, self.background, self.pairs = curses.has_colors(), -1, {}
        if self.colors:
            curses.start_color()
            try:
                curses.use_default_colors()
            except curses.error:
                self.background = curses.COLOR_BLACK
        try:
            curses.curs_set(0)
        except curses.error:
            pass  # a terminal that cannot hide its cursor still works

    def __call__(self, paint):
        if paint in (None, "bold", "dim"):
            return {None: 0, "bold": curses.A_BOLD, "dim": curses.A_DIM}[paint]
        level = max(paint)
        shade = curses.A_DIM if level < 0.4 else curses.A_BOLD
        if not self.colors:
            return shade
        if curses.COLORS >= 256:
            r, g, b = (round(c * 5) for c in paint)
            return self._pair(16 + 36 * r + 6 * g + b)
        hue = tuple(int(c >= level * 0.5) for c in paint)
        return self._pair(self.BASIC[hue]) | shade

    def _pair(self, color):
        if color not in self.pairs:
            if len(self.pairs) + 1 >= curses.COLOR_PAIRS:
                return 0
            self.pairs[color] = len(self.pairs) + 1
            curses.init_pair(self.pairs[color], color, self.background)
        return curses.color_pair(self.pairs[color])
