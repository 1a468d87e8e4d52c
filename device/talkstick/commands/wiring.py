"""`talkstick wiring [--svg FILE] [--config FILE]`: where each wire goes, for your pins."""

import sys
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.errors import TalkstickError
from talkstick.panel.diagram import svg
from talkstick.panel.wiring import table
from talkstick.settings import load_settings

DESCRIPTION = """\
Print where each wire of the panel goes: the button, the two turn LEDs, the RGB step LED and,
if [panel] bargraph lists pins, the bar graph. Each row names the part, the [panel] key that
sets its pin, the GPIO (BCM) number, the physical pin on the 40-pin header (1-40, pin 1 has the
square pad), the resistor in series and where the far end goes. Ground and 3.3 V wires go to
the nearest GND or 3V3 pin.

The pins come from your settings, read the same way `talkstick run` reads them: the defaults,
then the config file, then TALKSTICK_PANEL_* environment variables. So after changing a pin,
run this again and rewire to match. With --svg, also draw the header and the wires as an SVG
picture (open it in a web browser, or print it and lay it next to the Pi).

Wire with the Pi unplugged. Nothing connects to the 5V pins (2 and 4). The hardware guide,
hardware/README.md, has the parts list, the resistor values and the assembly steps.
"""

EPILOG = """\
examples:
  talkstick wiring                          the pin table for your config
  talkstick wiring --svg wiring.svg         and the diagram, to open in a browser
  talkstick wiring --config /etc/talkstick/config.toml --svg /tmp/wiring.svg
                                            what the installed service will use
  TALKSTICK_PANEL_BARGRAPH=5,6,16,26,27 talkstick wiring --svg bar.svg
                                            try a bar graph before you edit the config
"""


@dataclass(frozen=True)
class WiringOptions:
    svg: str | None
    config: str | None


def add_parser(sub):
    p = sub.add_parser("wiring", help="print (and draw) where each wire goes, for your pins",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--svg", metavar="FILE", help="also write the wiring diagram to FILE (SVG)")
    p.add_argument("--config", metavar="FILE", help="config file to take the pins from (default: "
                   "~/.config/talkstick/config.toml, then /etc/talkstick/config.toml)")
    p.set_defaults(command=Command(WiringOptions, run))


def run(options, stop):
    panel = load_settings(options.config).panel
    print(table(panel), end="")
    if options.svg:
        try:
            Path(options.svg).write_text(svg(panel), encoding="utf-8")
        except OSError as e:
            raise TalkstickError(f"{options.svg}: cannot write the diagram: {e.strerror}") from None
        print(f"diagram written to {options.svg}", file=sys.stderr)
    return 0
