"""talkstick: a tabletop talking stick that guides two people through the Imago Dialogue."""

__version__ = "0.1.0"
