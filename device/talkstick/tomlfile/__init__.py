"""TOML files read for checking: what script/ and settings share to name a problem's place.

``source`` reads a file safely (its table or one problem, never an exception), ``lines`` finds
the line each key is written on (tomllib does not say) and ``quoting`` shows keys and values
in a problem as TOML writes them, on one line. Every problem reads ``FILE:LINE: message``.
A leaf: imports nothing of talkstick.
"""
