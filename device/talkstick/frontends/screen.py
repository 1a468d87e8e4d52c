"""What the simulator draws: pure functions from a View to lines of (text, paint) spans."""

import textwrap
from dataclasses import dataclass

from talkstick.core import events as ev
from talkstick.core.vocabulary import INTENTS
from talkstick.script.colors import NAMED

HEARD = tuple(i for i in INTENTS if i != "repeat")  # one digit each; "repeat" has its own key
# Keys become the words headless mode reads, so both go through the same CommandReader.
KEYS = {" ": "press", "d": "double", "h": "hold", "e": "long_hold", "r": "say repeat",
        **{key: f"say {intent}" for key, intent in zip("1234567890", HEARD, strict=True)}}
HELP = 'space press  d double  h hold: break  e long hold: end  r "repeat"  q quit'
TURN_COLOR = (1.0, 0.7, 0.3)  # the turn LEDs are warm white
BAR_COLOR = (0.2, 1.0, 0.3)
GLYPHS = {True: {"lamp": "-=#", "off": ".", "rule": "-", "dot": "-", "more": " ..."},
          False: {"lamp": "░▒█", "off": "·", "rule": "─", "dot": "·", "more": " …"}}
READY = {"t": 0.0, "phase": "ready", "step": "", "sender": "A",
         "leds": {"a": "off", "b": "off", "step": "off", "color": [0, 0, 0], "bar": None}}


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
    said: tuple = ()          # (prompt_id, text) last spoken
    acts_on: tuple = ()       # intents the step acts on now
    held: float | None = None  # seconds the button has been down; None when up
    cause: str = ""
    notice: str = ""


def clock(seconds):
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}" if m >= 60 else f"{m}:{s:02d}"


def color_name(rgb):
    if not any(rgb):
        return "off"
    return min((n for n in NAMED if n != "off"),
               key=lambda n: sum((a - b) ** 2 for a, b in zip(NAMED[n], rgb, strict=True)))


def render(view, width=100, height=30, ascii=False):
    """The screen as lines of (text, paint) spans; paint is None, "bold", "dim" or (r, g, b).

    The last two lines belong at the bottom of the terminal; the prompt gets the rows left.
    """
    g, snap = GLYPHS[ascii], view.snapshot
    right = f"{snap['phase']}  {g['dot']}  {clock(snap['t'])} "
    left = f" talkstick simulator  {g['dot']}  {view.title}"
    top = [[(left, "bold"), (" " * max(1, width - len(left) - len(right)), None), (right, "bold")],
           [(g["rule"] * width, "dim")]]
    top += _lamps(view, "AB".index(snap["sender"]), max(16, min(30, (width - 4) // 3)), g)
    if view.bar:
        top += [[], [("    time left  ", "dim")] + [_glyph(v, BAR_COLOR, g) for v in view.bar]]
    top += [[], *_facts(view, g), []]
    bottom = [[], *_menu(view, width), *_footer(width, g)]
    return top + _said(view, width, height - len(top) - len(bottom) - 1, g) + bottom


def _footer(width, g):
    """Always two lines, drawn at the bottom of the terminal: the keys, on one line if it fits."""
    if len(HELP) < width:
        return [[(g["rule"] * width, "dim")], [(" " + HELP, None)]]
    half = HELP.index("  e ")
    return [[(" " + HELP[:half], None)], [(" " + HELP[half + 2:], None)]]


def _glyph(duty, color, g, n=1):
    if duty < 0.01:
        return (g["off"] * n, "dim")
    seen = duty ** 0.45  # the eye sees a dim LED brighter than its duty cycle (gamma ~2.2)
    shade = g["lamp"][min(2, int(seen * 3))]
    return (shade * n, tuple(round(c * seen, 3) for c in color))


def _lamps(view, sender, col, g):
    """Partner A's turn LED, the step LED and partner B's, side by side as on the device."""
    leds, peak = view.snapshot["leds"], max(view.rgb)
    hue = tuple(c / peak for c in view.rgb) if peak else (0.0, 0.0, 0.0)
    mode = leds["step"]
    step_label = f"{color_name(leds['color'])} {g['dot']} {mode}" if mode != "off" else "off"

    def turn(i):
        lamp = _lamp(view.turn[i], TURN_COLOR, g)
        role = ("Sender", "bold") if i == sender else ("Receiver", None)
        return [[(f"{'AB'[i]}  {view.names[i]}", "bold")], lamp, lamp, [(leds["ab"[i]], None)], [role]]

    lamp = _lamp(peak, hue, g)
    middle = [[("step LED", "bold")], lamp, lamp, [(step_label, None)], []]
    return [_columns(row, col) for row in zip(turn(0), middle, turn(1), strict=True)]


def _lamp(level, color, g):
    return [("[", "dim"), _glyph(level, color, g, 7), ("]", "dim")]


def _columns(cells, col, indent=4):
    line = [(" " * indent, None)]
    for cell in cells:
        line += cell + [(" " * max(1, col - sum(len(t) for t, _ in cell)), None)]
    return line


def _facts(view, g):
    snap = view.snapshot
    sender = "AB".index(snap["sender"])
    time_text = clock(view.elapsed) + (f" of {clock(view.target)}" if view.target else "")
    if snap["leds"]["step"] == "blink":
        time_text += f"  {g['dot']}  past its usual time"
    step = {"break": [("on a break: press space when you are both back", "bold")],
            "ended": [("the session is over", "bold")]}.get(snap["phase"], [])
    held = "up" if view.held is None else f"held down {view.held:.1f} s"
    held = [(f"{held:<20}", "bold" if view.held is not None else None), ("last  ", "dim"),
            (view.cause or "-", None)]
    rows = [("step", [(snap["step"] or "starting", "bold"), ("   ", None), *step]),
            ("sender", [(f"{'AB'[sender]}  {view.names[sender]}", "bold"),
                        (f"   receiver: {'AB'[1 - sender]}  {view.names[1 - sender]}", None)]),
            ("time", [(time_text, None)]),
            ("button", held)]
    if view.notice:
        rows.append(("notice", [(view.notice, "bold")]))
    return [[(f"    {name:<10}", "dim"), *spans] for name, spans in rows]


def _said(view, width, rows, g):
    if not view.said:
        return [[("    prompt    ", "dim"), ("nothing yet", None)]]
    prompt_id, text = view.said
    wrapped = textwrap.wrap(text, max(20, width - 8), max_lines=max(1, min(5, rows)),
                            placeholder=g["more"])
    return [[("    prompt    ", "dim"), (prompt_id, "bold")]] + [[(f"      {w}", None)] for w in wrapped]


def _menu(view, width):
    cells = list(zip("1234567890", HEARD, strict=True))
    per_row = max(1, (width - 6) // 18)
    lines = [[("    heard     ", "dim"), ("keys 1-0 say a phrase", None),
              (" (bold: acted on now)", "dim")]]
    for start in range(0, len(cells), per_row):
        line = [("      ", None)]
        for key, intent in cells[start:start + per_row]:
            line += [(key, "bold"), (f" {intent:<16}", "bold" if intent in view.acts_on else "dim")]
        lines.append(line)
    return lines


def describe(event):
    """The last thing that happened, in a few words (never what was said: only the intent)."""
    if isinstance(event, ev.Gesture):
        return {"double": "double press", "long_hold": "long hold"}.get(event.kind, event.kind)
    if isinstance(event, ev.Heard):
        return f'heard "{event.intent}"'
    if isinstance(event, ev.DeviceNotice):
        return f"notice: {event.what}"
    return None


