"""What the simulator draws: pure functions from a View to lines of (text, paint) spans.

Widths are terminal columns (``columns``: a Korean character takes two). Every word shown is
the pack's (``[labels]``, falling back to English), never an internal name.
"""

import functools
import math
from dataclasses import dataclass, field
from types import MappingProxyType

from talkstick.core import events as ev
from talkstick.core.vocabulary import INTENTS
from talkstick.frontends import columns
from talkstick.frontends.leds import BAR_COLOR, glyph, lamp_rows
from talkstick.script.labels import label

HEARD = tuple(i for i in INTENTS if i != "repeat")  # one digit each; "repeat" has its own key
DIGITS = "123456790"  # 8 was "you make sense" (dropped): the other keys stay where they were
# Keys become the words headless mode reads, so both go through the same CommandReader.
KEYS = {" ": "press", "d": "double", "t": "triple", "h": "hold", "e": "long_hold", "r": "say repeat",
        **{key: f"say {intent}" for key, intent in zip(DIGITS, HEARD, strict=True)}}
GLYPHS = {True: {"lamp": "-=#", "off": ".", "rule": "-", "dot": "-", "more": " ..."},
          False: {"lamp": "░▒█", "off": "·", "rule": "─", "dot": "·", "more": " …"}}
READY = {"t": 0.0, "phase": "ready", "step": "", "sender": "A",
         "leds": {"a": "off", "b": "off", "step": "off", "color": [0, 0, 0], "bar": None}}
ROWS = ("step", "sender", "time", "button", "notice", "prompt", "heard")  # the labelled rows
SHRINK = 6  # layouts from roomy to tight, tried in turn until the prompts fit
INDENT = 6  # where prompt text and the menu start


@dataclass(frozen=True)
class View:
    """One screen: the engine's snapshot plus what the pins do now (duty cycles, 0..1)."""

    title: str
    names: tuple
    snapshot: dict
    turn: tuple = (0.0, 0.0)
    rgb: tuple = (0.0, 0.0, 0.0)
    bar: tuple = ()
    elapsed: float = 0.0
    target: float | None = None
    said: tuple = ()          # ((prompt_id, text), ...) said since the last gesture, newest last
    acts_on: tuple = ()       # intents the step acts on now
    held: float | None = None  # seconds the button has been down; None when up
    cause: str = ""
    notices: tuple = ()       # the device notices so far, e.g. ("no_model",)
    notice: str = ""          # the last warning logged
    labels: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


def clock(seconds):
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}" if m >= 60 else f"{m}:{s:02d}"


def render(view, width=100, height=30, ascii=False):
    """The screen as ``height`` lines of (text, paint) spans; paint is None, "bold", "dim" or
    (r, g, b). Each line fits ``width`` columns; the last lines belong at the bottom.

    The prompts said since the last gesture get the rows the rest leaves. Before a prompt is
    cut, the rest shrinks (spacers, rules, lamp rows, the menu's hint), then older prompts go.
    """
    screen = Layout(view, width, GLYPHS[ascii])
    for level in range(SHRINK):
        top, bottom = screen.top(level), screen.bottom(level)
        said = screen.said(height - len(top) - len(bottom), tight=level == SHRINK - 1)
        if said is not None:
            break
    lines = [columns.fit(line, width) for line in top + said]
    lines = lines[:max(0, height - len(bottom))]
    return lines + [[] for _ in range(height - len(lines) - len(bottom))] + bottom


class Layout:
    """The parts of one screen, each as lines, in the words of the view's pack."""

    def __init__(self, view, width, glyphs):
        self.view, self.width, self.g = view, width, glyphs
        self.w = functools.partial(label, view.labels)
        self.col = max(10, max(columns.width(self.w(name)) for name in ROWS) + 2)

    def row(self, name, spans):
        return [(f"    {columns.pad(self.w(name), self.col)}", "dim"), *spans]

    def top(self, level):
        spacer = [[]] if level == 0 else []
        lines = self.title() + self.lamps(5 if level < 3 else 3 if level < 5 else 2)
        if self.view.bar:
            lines += spacer + [self.bar()]
        return lines + spacer + self.facts() + spacer

    def bottom(self, level):
        return ([[]] if level == 0 else []) + self.menu(hint=level < 4) + self.footer(rule=level < 2)

    def title(self):
        snap, dot = self.view.snapshot, self.g["dot"]
        right = f"{self.w(snap['phase'])}  {dot}  {clock(snap['t'])} "
        room = max(0, self.width - columns.width(right) - 1)
        left = columns.cut(f" {self.w('simulator')}  {dot}  {self.view.title}", room)
        gap = " " * max(1, self.width - columns.width(left) - columns.width(right))
        return [[(left, "bold"), (gap, None), (right, "bold")], [(self.g["rule"] * self.width, "dim")]]

    def lamps(self, rows):
        return lamp_rows(self.view, self.w, self.g, max(16, min(30, (self.width - 4) // 3)), rows)

    def bar(self):
        glyphs = [glyph(v, BAR_COLOR, self.g) for v in self.view.bar]
        return [(f"    {self.w('time_left')}  ", "dim"), *glyphs]

    def facts(self):
        view, snap, w, dot = self.view, self.view.snapshot, self.w, self.g["dot"]
        sender = "AB".index(snap["sender"])
        time_text = clock(view.elapsed) + (f" {w('of')} {clock(view.target)}" if view.target else "")
        if snap["leds"]["step"] == "blink":
            time_text += f"  {dot}  {w('past_time')}"
        phase = {"break": [(self.on_break(), "bold")], "ended": [(w("session_over"), "bold")]}
        step = w(snap["step"]) if snap["step"] else w("starting")
        held = w("up") if view.held is None else f"{w('held_down')} {view.held:.1f} s"
        return [
            self.row("step", [(step, "bold"), ("   ", None), *phase.get(snap["phase"], [])]),
            self.row("sender", [(f"{'AB'[sender]}  {view.names[sender]}", "bold"),
                                (f"   {w('receiver')}: {'AB'[1 - sender]}  {view.names[1 - sender]}", None)]),
            self.row("time", [(time_text, None)]),
            self.row("button", [(columns.pad(held, 20), "bold" if view.held is not None else None),
                                (f"{w('last')}  ", "dim"), (view.cause or "-", None)]),
            *self.notices()]

    def on_break(self):
        """"on a break: 18 min left"; once the minutes are up, to press when both are back;
        after an early press, to press again."""
        rest = self.view.snapshot.get("break")
        if not rest or rest["left_s"] <= 0:
            return self.w("on_break")
        if rest["confirm"]:
            return self.w("break_confirm")
        return self.w("break_left").replace("{minutes}", str(math.ceil(rest["left_s"] / 60)))

    def notices(self):
        """Every device notice in the pack's words, then the last warning logged (dim)."""
        room = self.width - 5 - self.col
        shown = [line for what in self.view.notices for line in columns.wrap(self.w(what), room)]
        logged = columns.wrap(self.view.notice, room)[:2]
        lines = [[(text, "bold")] for text in shown] + [[(text, "dim")] for text in logged]
        return [self.row("notice" if i == 0 else "", spans) for i, spans in enumerate(lines)]

    def said(self, rows, tight=False):
        """The prompts said since the last gesture, newest last; None if they need more rows
        (unless ``tight``: then older prompts go, and last of all the newest is cut)."""
        said = self.view.said
        if not said:
            return [self.row("prompt", [(self.w("nothing_yet"), None)])]
        for first in range(len(said)):
            lines = self._prompts(said[first:])
            if len(lines) <= rows:
                return lines
            if not tight:
                return None
        keep = lines[:rows] if rows > 1 else lines[1:2]  # one row: the words, not their name
        text, paint = keep[-1][0]
        room = self.width - 1 - columns.width(self.g["more"])
        return keep[:-1] + [[(columns.cut(text, room) + self.g["more"], paint)]]

    def _prompts(self, said):
        names = []
        for i, (prompt_id, _) in enumerate(said):
            names += [(f"  {self.g['dot']}  ", "dim")] if i else []
            names += [(self._prompt_name(prompt_id), "bold" if i == len(said) - 1 else "dim")]
        lines = [self.row("prompt", names)]
        for i, (_, text) in enumerate(said):
            paint = None if i == len(said) - 1 else "dim"
            lines += [[(" " * INDENT + line, paint)] for line in columns.wrap(text, self.width - INDENT - 1)]
        return lines

    def _prompt_name(self, prompt_id):
        kind, _, part = prompt_id.partition(".")
        if kind == "device":
            return self.w(part)
        if part == "cue":
            return f"{self.w(kind)} {self.g['dot']} {self.w('cue')}"
        return self.w(prompt_id)

    def menu(self, hint):
        """The heard phrases, keys 1-0, flowed into rows; bold where the step acts on them."""
        acts_on, w = self.view.acts_on, self.w
        lead = [(" " * INDENT, None)] if hint else [(f"    {columns.pad(w('heard'), self.col)}", "dim")]
        indent = INDENT if hint else 4 + self.col
        lines, line, used = [], lead, indent
        for key, intent in zip(DIGITS, HEARD, strict=True):
            cell = [(key, "bold"), (f" {w(intent)}", "bold" if intent in acts_on else "dim")]
            need = columns.width(key + f" {w(intent)}")
            if used > indent and used + 2 + need > self.width - 1:
                lines.append(line)
                line, used = [(" " * indent, None)], indent
            line = line + ([("  ", None)] if used > indent else []) + cell
            used += need + (2 if used > indent else 0)
        header = [self.row("heard", [(w("keys_hint"), None), (f" {w('acted_on')}", "dim")])]
        return [columns.fit(x, self.width) for x in (header if hint else []) + lines + [line]]

    def footer(self, rule):
        """The keys: one line under a rule where it fits, else flowed over more lines."""
        text = self.w("help")
        if columns.width(text) + 1 < self.width:
            return [[(self.g["rule"] * self.width, "dim")]] * rule + [[(f" {text}", None)]]
        lines = [""]
        for item in text.split("  "):
            joined = f"{lines[-1]}  {item}" if lines[-1] else item
            if lines[-1] and columns.width(joined) + 2 > self.width:
                lines.append(item)
            else:
                lines[-1] = joined
        return [columns.fit([(f" {line}", None)], self.width) for line in lines]


def describe(event, labels=MappingProxyType({})):
    """The last thing that happened, in the pack's words (never what was said: only the intent)."""
    w = functools.partial(label, labels)
    if isinstance(event, ev.Gesture):
        return w(event.kind)
    if isinstance(event, ev.Heard):
        return f'{w("heard")} "{w(event.intent)}"'
    if isinstance(event, ev.DeviceNotice):
        return w("notice")  # the notice itself has its own line
    return None
