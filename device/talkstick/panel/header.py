"""The Raspberry Pi's 40-pin header (the same on the Zero 2 W, 3B+, 4 and 5): which pin is
where, and which ground or 3.3 V pin is nearest to a group of wires. Pure data, no gpiozero:
the diagram is drawn on machines without GPIO."""

# Physical pin n is HEADER[n - 1]. Odd pins are the inner row, even pins the board's edge.
HEADER = (
    "3V3", "5V", "GPIO2", "5V", "GPIO3", "GND", "GPIO4", "GPIO14", "GND", "GPIO15",
    "GPIO17", "GPIO18", "GPIO27", "GND", "GPIO22", "GPIO23", "3V3", "GPIO24", "GPIO10", "GND",
    "GPIO9", "GPIO25", "GPIO11", "GPIO8", "GND", "GPIO7", "GPIO0", "GPIO1", "GPIO5", "GND",
    "GPIO6", "GPIO12", "GPIO13", "GND", "GPIO19", "GPIO16", "GPIO26", "GPIO20", "GND", "GPIO21",
)

# Pins that boards and HATs often take for themselves: best left free for the panel.
SPOKEN_FOR = {"GPIO0": "ID", "GPIO1": "ID", "GPIO2": "I²C", "GPIO3": "I²C", "GPIO14": "serial",
              "GPIO15": "serial", "GPIO18": "I²S", "GPIO19": "I²S", "GPIO20": "I²S",
              "GPIO21": "I²S"}


def physical(bcm):
    """The physical pin (1-40) of GPIO ``bcm``."""
    return HEADER.index(f"GPIO{bcm}") + 1


def place(pin):
    """(row 1-20, column 0 for the inner row or 1 for the edge) of physical ``pin``."""
    return (pin + 1) // 2, (pin + 1) % 2


def nearest(name, pins):
    """The physical pin called ``name`` ("GND", "3V3") closest to all of ``pins``: the shortest
    wires, counting a change of row as two steps and a change of side as one (ties: the lower
    number)."""
    def cost(candidate):
        row, col = place(candidate)
        return sum(2 * abs(row - place(p)[0]) + abs(col - place(p)[1]) for p in pins)

    candidates = [n for n, pin in enumerate(HEADER, 1) if pin == name]
    return min(candidates, key=lambda n: (cost(n), n))
