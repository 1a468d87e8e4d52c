"""Step LED colours, written in scripts by name or as #rrggbb."""

from talkstick.tomlfile.quoting import shown

NAMED = {
    "white": (1.0, 1.0, 1.0), "red": (1.0, 0.0, 0.0), "green": (0.0, 1.0, 0.0),
    "blue": (0.0, 0.0, 1.0), "yellow": (1.0, 0.8, 0.0), "orange": (1.0, 0.4, 0.0),
    "purple": (0.6, 0.0, 1.0), "cyan": (0.0, 0.8, 1.0), "pink": (1.0, 0.3, 0.6),
    "teal": (0.0, 0.6, 0.5), "off": (0.0, 0.0, 0.0),
}


def parse_color(value):
    """(r, g, b) in 0..1 from a colour name or #rrggbb."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in NAMED:
            return NAMED[text]
        if len(text) == 7 and text[0] == "#":
            try:
                return tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))
            except ValueError:
                pass
    raise ValueError(f"{shown(value)} is not a colour (a name: {', '.join(NAMED)}; or #rrggbb)")
