"""What connects where, from the ``[panel]`` settings: one Wire per header pin used, and the
pin table of the hardware guide. Pure: settings in, data and text out (``talkstick wiring``
prints it, ``panel.diagram`` draws it, a test holds the guide to it)."""

from dataclasses import dataclass

from talkstick.panel.header import nearest, physical
from talkstick.panel.resistors import BLUE_MV, INDICATOR_MA, RED_MV, SEGMENT_MA, resistor

TURN_OHMS = resistor(RED_MV, INDICATOR_MA)  # the guide's turn LEDs are red, orange or yellow
RGB_OHMS = (resistor(RED_MV, INDICATOR_MA), resistor(BLUE_MV, INDICATOR_MA),
            resistor(BLUE_MV, INDICATOR_MA))
SEGMENT_OHMS = resistor(RED_MV, SEGMENT_MA)  # a red, yellow or yellow-green bar graph
ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")


@dataclass(frozen=True)
class Wire:
    group: str  # "button", "facilitator", "turn", "rgb" or "bar": one colour in the diagram
    part: str  # what the wire belongs to
    key: str  # the [panel] key that names the pin, "" for ground and 3.3 V
    nth: int  # the pin's place in the key's list (step_rgb, bargraph), from 1; 0 for one pin
    pin: str  # the header's name for it: "GPIO17", "GND", "3V3"
    physical: int  # 1-40
    ohms: int | None  # the resistor in series, if any
    to: str  # where the far end goes


def wires(panel):
    """Every connection for ``panel`` (a PanelSettings), part by part."""
    return _button(panel) + _facilitator(panel) + _turn(panel) + _rgb(panel) + _bar(panel)


def _gpio(group, part, key, bcm, ohms, to, nth=0):
    return Wire(group, part, key, nth, f"GPIO{bcm}", physical(bcm), ohms, to)


def _back(group, part, name, gpios, to):
    """The common wire of a group: to the ground (or 3.3 V) pin nearest its GPIO pins."""
    return Wire(group, part, "", 0, name, nearest(name, [w.physical for w in gpios]), None, to)


def _button(p):
    pin = _gpio("button", "talking-stick button", "button", p.button, None, "button COM tab")
    # Without the pull-up the button pulls the pin up to 3.3 V instead of down to ground.
    other = "GND" if p.button_pull_up else "3V3"
    return (pin, _back("button", "button, other side", other, [pin], "button NO tab"))


def _facilitator(p):
    """The facilitator's own button (therapist mode), wired like the talking stick's."""
    if p.facilitator_pin is None:
        return ()
    pin = _gpio("facilitator", "facilitator's button", "facilitator_pin", p.facilitator_pin, None,
                "facilitator button COM tab")
    other = "GND" if p.button_pull_up else "3V3"
    return (pin, _back("facilitator", "facilitator's button, other side", other, [pin],
                       "facilitator button NO tab"))


def _turn(p):
    a = _gpio("turn", "partner A turn LED", "led_a", p.led_a, TURN_OHMS, "LED A long leg")
    b = _gpio("turn", "partner B turn LED", "led_b", p.led_b, TURN_OHMS, "LED B long leg")
    return (a, b, _back("turn", "both turn LEDs", "GND", [a, b], "LED A and B short legs"))


def _rgb(p):
    legs = tuple(_gpio("rgb", f"step LED {colour}", "step_rgb", bcm, RGB_OHMS[n],
                       f"RGB LED {colour} leg", n + 1)
                 for n, (colour, bcm) in enumerate(zip(("red", "green", "blue"), p.step_rgb,
                                                       strict=True)))
    if p.rgb_common_anode:
        return legs + (_back("rgb", "step LED common anode", "3V3", legs, "RGB LED common leg"),)
    return legs + (_back("rgb", "step LED common cathode", "GND", legs, "RGB LED common leg"),)


def _bar(p):
    segments = tuple(_gpio("bar", f"bar graph {n + 1}", "bargraph", bcm, SEGMENT_OHMS,
                           f"segment {n + 1} anode", n + 1)
                     for n, bcm in enumerate(p.bargraph))
    if not segments:
        return ()
    return segments + (_back("bar", "bar graph cathodes", "GND", segments, "all segment cathodes"),)


def table(panel, only=None):
    """The pin table as Markdown, one row per wire (the hardware guide holds this text);
    ``only`` a group ("bar"): just that part's rows."""
    lines = [_row("part", "`[panel]` key", "pin", "physical pin", "resistor", "connect to"),
             _row(*["---"] * 6).replace(" ", "")]
    for w in wires(panel):
        if only and w.group != only:
            continue
        key = f"`{w.key}` {ORDINALS[w.nth - 1]}" if w.nth else f"`{w.key}`" if w.key else ""
        ohms = f"{w.ohms} Ω" if w.ohms else "none" if w.key else ""
        lines.append(_row(w.part, key, w.pin, w.physical, ohms, w.to))
    return "\n".join(lines) + "\n"


def _row(*cells):
    return "|" + "|".join(f" {c} " if c != "" else " " for c in cells) + "|"
