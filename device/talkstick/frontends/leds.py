"""How the simulator draws the LEDs: a turn LED a side, the step LED between, as on the device.

A lamp's glyph and colour follow its pin's duty cycle, so breathing and blinking animate as
gpiozero drives the mock pins.
"""

from talkstick.frontends import columns
from talkstick.script.colors import NAMED

TURN_COLOR = (1.0, 0.7, 0.3)  # the turn LEDs are warm white
BAR_COLOR = (0.2, 1.0, 0.3)


def color_name(rgb):
    if not any(rgb):
        return "off"
    return min((n for n in NAMED if n != "off"),
               key=lambda n: sum((a - b) ** 2 for a, b in zip(NAMED[n], rgb, strict=True)))


def lamp_rows(view, w, g, width, rows):
    """Partner A's turn LED, the step LED and partner B's in three columns of ``width``, in
    ``rows`` lines (5: roomy, 3 or 2: tight); ``w`` gives the pack's word for a name."""
    leds, peak = view.snapshot["leds"], max(view.rgb)
    hue = tuple(c / peak for c in view.rgb) if peak else (0.0, 0.0, 0.0)
    sender = "AB".index(view.snapshot["sender"])
    mode = leds["step"]
    step = f"{w(color_name(leds['color']))} {g['dot']} {w(mode)}" if mode != "off" else w("off")
    lamps = [lamp(view.turn[0], TURN_COLOR, g), lamp(peak, hue, g), lamp(view.turn[1], TURN_COLOR, g)]
    titles = [[(f"A  {view.names[0]}", "bold")], [(w("step_led"), "bold")],
              [(f"B  {view.names[1]}", "bold")]]
    roles = [[(w("sender"), "bold")] if i == sender else [(w("receiver"), None)] for i in (0, 1)]
    roles.insert(1, [])
    states = [[(w(leds["a"]), None)], [(step, None)], [(w(leds["b"]), None)]]
    if rows == 5:
        grid = [titles, lamps, lamps, states, roles]
    elif rows == 3:
        grid = [_beside(titles, roles), lamps, states]
    else:
        grid = [_beside(titles, roles), _beside(lamps, states, gap=" ")]
    return [_columns(cells, width) for cells in grid]


def glyph(duty, color, g, n=1):
    if duty < 0.01:
        return (g["off"] * n, "dim")
    seen = duty ** 0.45  # the eye sees a dim LED brighter than its duty cycle (gamma ~2.2)
    shade = g["lamp"][min(2, int(seen * 3))]
    return (shade * n, tuple(round(c * seen, 3) for c in color))


def lamp(level, color, g):
    return [("[", "dim"), glyph(level, color, g, 7), ("]", "dim")]


def _beside(cells, more, gap="  "):
    return [a + ([(gap, None)] + b if b else []) for a, b in zip(cells, more, strict=True)]


def _columns(cells, width, indent=4):
    line = [(" " * indent, None)]
    for cell in cells:
        cell = columns.fit(cell, width - 1)
        line += cell + [(" " * (width - sum(columns.width(t) for t, _ in cell)), None)]
    return line
