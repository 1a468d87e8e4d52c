"""A TOML file read for checking, and the one-line problems that name its lines.

Whatever bytes the file holds, reading it gives its table or one problem (not found, a folder,
not UTF-8, not TOML, nested too deeply): never an exception. A problem reads FILE:LINE: what
is wrong, the convention of compilers, which editors and terminals jump to.
"""

import functools
import re
import tomllib
from pathlib import Path

from talkstick.tomlfile.lines import key_lines
from talkstick.tomlfile.quoting import one_line

TOO_DEEP = 100  # a line where [ and { are nested this deep is named when tomllib gives up
_LONG = re.compile(r"[0-9_]{4300,}")  # more digits than Python converts to an int
_WHERE = re.compile(r" \(at line (\d+), column (\d+)\)$")  # how tomllib ends its messages


class Source:
    """A file that parsed as TOML: ``data`` (its table) and ``lines`` ((key, …) -> line).

    An element of an array of tables is (…, name, index): ("steps", 2, "on", "press")."""

    def __init__(self, path, data, text):
        self.path, self.data, self.text = Path(path), data, text

    def __str__(self):
        return str(self.path)

    @functools.cached_property
    def lines(self):
        """Found only when a problem needs one: a file without problems is not walked twice."""
        return key_lines(self.text)

    def line(self, keys):
        """The line ``keys`` is on, or that of the nearest table around it (1: the top)."""
        keys = tuple(keys)
        while keys and keys not in self.lines:
            keys = keys[:-1]
        return self.lines.get(keys, 1)


def problem(where, keys, text):
    """One line: the file, the line of ``keys`` when ``where`` is a Source, and what is wrong."""
    at = f"{where}:{where.line(keys)}" if isinstance(where, Source) else str(where)
    return one_line(f"{at}: {text}")


def read_source(path, problems):
    """The file as a Source, or None with the reason (one line) added to ``problems``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _fail(problems, f"{path}: file not found")
    except IsADirectoryError:
        return _fail(problems, f"{path}: a directory, not a file")
    except OSError as e:
        return _fail(problems, f"{path}: cannot be read: {e.strerror}")
    except ValueError:  # a NUL byte in the name
        return _fail(problems, f"{path}: not a name a file can have")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return _fail(problems, f"{path}:{line}: not UTF-8 text: byte {raw[e.start]:#04x}; "
                     "save the file as UTF-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return _fail(problems, _not_toml(path, str(e), text))
    except RecursionError:
        return _fail(problems, f"{path}:{_deepest_line(text)}: not valid TOML: lists or tables "
                     "nested too deeply")
    except ValueError as e:  # a number tomllib refuses to convert, such as one of 5,000 digits
        long = _LONG.search(text)
        line = text.count("\n", 0, long.start()) + 1 if long else 1
        return _fail(problems, f"{path}:{line}: not valid TOML: {e}")
    return Source(path, data, text)


def _not_toml(path, message, text):
    """tomllib's reason, with its line moved to the front where every problem has it."""
    found = _WHERE.search(message)
    if found:
        return f"{path}:{found[1]}: not valid TOML: {message[:found.start()]} (column {found[2]})"
    if message.endswith(" (at end of document)"):
        reason = message.removesuffix(" (at end of document)")
        return f"{path}:{text.count(chr(10)) + 1}: not valid TOML: {reason} (at the end)"
    return f"{path}: not valid TOML: {message}"


def is_file(path):
    """Path.is_file, but False for a name the system refuses (too long, a NUL byte in it)."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def is_dir(path):
    """Path.is_dir, but False for a name the system refuses (too long, a NUL byte in it)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _fail(problems, text):
    problems.append(one_line(text))


def _deepest_line(text):
    """The first line where brackets are nested TOO_DEEP deep (strings are not told apart)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for c in line:
            depth += (c in "[{") - (c in "]}")
            if depth >= TOO_DEEP:
                return number
    return 1
