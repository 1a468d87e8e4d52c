"""The wiring diagram as SVG text: the 40-pin header seen from above, pin 1 at the top, and
from each pin in use a wire out to its resistor and part. Odd pins (the inner row) wire out to
the left, even pins (the board's edge) to the right.

Pure: PanelSettings in, text out. The same settings always give the same bytes (no dates, no
ids, whole numbers only), so hardware/wiring.svg can be regenerated and compared."""

from xml.sax.saxutils import escape

from talkstick.panel.header import HEADER, SPOKEN_FOR, place
from talkstick.panel.wiring import wires

WIDTH, TOP, PITCH, MID = 1200, 130, 28, 600  # canvas width, row 1's y, row pitch, header's x
GROUPS = {"button": ("#1f6fb2", "button"), "facilitator": ("#17a2b8", "facilitator's button"),
          "turn": ("#1e8449", "turn LEDs"),
          "rgb": ("#8e44ad", "RGB step LED"), "bar": ("#c0601a", "bar graph")}
POWER = {"GND": "#222222", "3V3": "#e67e00", "5V": "#d62728"}
FONT = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif"'


def svg(panel):
    """The diagram for ``panel`` (a PanelSettings), as the text of an SVG file."""
    at = {}
    for w in wires(panel):
        at.setdefault(w.physical, []).append(w)
    height = TOP + 20 * PITCH + 120
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" {FONT} font-size="13">',
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    out += _title(panel)
    out.append(f'<rect x="{MID - 34}" y="{TOP - 22}" width="68" height="{20 * PITCH + 16}" '
               'rx="6" fill="#f2f2f2" stroke="#999999"/>')
    out += [_text(MID - 40, TOP - 30, "odd pins: inner row", anchor="end", fill="#555555"),
            _text(MID + 40, TOP - 30, "even pins: board edge", fill="#555555")]
    for pin in range(1, 41):
        out += _pin(pin, at.get(pin, []))
    out += _legend(panel, TOP + 20 * PITCH + 24)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _title(panel):
    rgb = "common anode" if panel.rgb_common_anode else "common cathode"
    bar = f"[{', '.join(map(str, panel.bargraph))}]" if panel.bargraph else "none"
    settings = (f"[panel] button = {panel.button}, led_a = {panel.led_a}, led_b = {panel.led_b}, "
                f"step_rgb = [{', '.join(map(str, panel.step_rgb))}] ({rgb}), bargraph = {bar}")
    if panel.facilitator_pin is not None:
        settings += f", facilitator_pin = {panel.facilitator_pin}"
    return [_text(24, 34, "talkstick wiring: the 40-pin header seen from above, pin 1 (square pad) "
                  "at the top", size=17, bold=True),
            _text(24, 58, settings),
            _text(24, 80, "The same header on the Pi 5, 4, 3B+ and Zero 2 W. Numbers in the circles "
                  "are physical pins; GPIO names are BCM numbers, as in the config.", fill="#555555")]


def _pin(pin, here):
    row, col = place(pin)
    side = 1 if col else -1  # even pins to the right of the header, odd pins to the left
    x, y = MID + 16 * side, TOP + (row - 1) * PITCH
    name = HEADER[pin - 1]
    groups = {w.group for w in here}
    if len(groups) == 1:
        colour = GROUPS[groups.pop()][0]
    else:  # a pin nobody uses, or a ground shared by two parts (or a pin given twice)
        colour = POWER.get(name, "#222222" if here else "#ffffff")
    dark = bool(here) or name in POWER
    shape = (f'<rect x="{x - 10}" y="{y - 10}" width="20" height="20"' if pin == 1
             else f'<circle cx="{x}" cy="{y}" r="10"')
    out = [f'{shape} fill="{colour}" stroke="#555555"/>',
           _text(x, y + 4, str(pin), size=10, anchor="middle", bold=True,
                 fill="#ffffff" if dark else "#333333")]
    label = f"{name} keep free" if name == "5V" else name
    if name in SPOKEN_FOR:
        label = f"({SPOKEN_FOR[name]}) {label}" if side < 0 else f"{label} ({SPOKEN_FOR[name]})"
    out.append(_text(x + 20 * side, y + 5, label, anchor=_anchor(side), bold=bool(here),
                     fill=POWER.get(name, "#111111" if here else "#999999")))
    if here:
        out += _wire(x, y, side, colour, here)
    return out


def _wire(x, y, side, colour, here):
    """The line from a pin out to its part: through a resistor, if the part has one."""
    start, end = x + 124 * side, x + 240 * side  # clear of the longest label, "GPIO18 (I²S)"
    out = [f'<line x1="{start}" y1="{y}" x2="{end}" y2="{y}" stroke="{colour}" stroke-width="3"/>']
    ohms = here[0].ohms
    if ohms:
        left = min(x + 152 * side, x + 212 * side)
        out += [f'<rect x="{left}" y="{y - 9}" width="60" height="18" rx="3" fill="#fff8e1" '
                f'stroke="{colour}" stroke-width="2"/>',
                _text(left + 30, y + 4, f"{ohms} Ω", size=11, anchor="middle")]
    to = "; ".join(w.to for w in here)
    out.append(_text(end + 6 * side, y + 5, to, anchor=_anchor(side), fill=colour))
    return out


def _legend(panel, y):
    used = []
    for w in wires(panel):
        if w.group not in used:
            used.append(w.group)
    out, x = [], 24
    for group in used:
        colour, name = GROUPS[group]
        out += [f'<circle cx="{x + 7}" cy="{y - 4}" r="7" fill="{colour}"/>',
                _text(x + 20, y + 1, name)]
        x += 40 + 9 * len(name)
    pull = "pull-up" if panel.button_pull_up else "pull-down"
    rgb = ("the RGB LED's common leg (anode) to 3V3, never 5V" if panel.rgb_common_anode
           else "every LED has its own resistor")
    notes = (f"LEDs: the long leg (anode) to the resistor, the short leg (cathode) to GND; {rgb}.",
             f"The button needs no resistor (the Pi's internal {pull}). Nothing here connects "
             "to 5V. Wire with the Pi unplugged.")
    out += [_text(24, y + 26 + 22 * n, note, fill="#333333") for n, note in enumerate(notes)]
    return out


def _anchor(side):
    return "start" if side > 0 else "end"


def _text(x, y, text, size=None, anchor=None, bold=False, fill=None):
    extra = "".join((f' font-size="{size}"' if size else "",
                     f' text-anchor="{anchor}"' if anchor else "",
                     ' font-weight="bold"' if bold else "",
                     f' fill="{fill}"' if fill else ""))
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'
