"""Where each table and key of a TOML text is written: tomllib parses but gives no lines.

``key_lines(text)`` maps a key path to its line; an element of an array of tables is
(…, name, index), so ("steps", 2, "on", "press") is the third step's press trigger.
"""

import re
import tomllib

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}#\r\n]*")


def key_lines(text):
    """(key, …) -> the line it is written on, for every table and key of a valid TOML text."""
    return _Scanner(text).run()


class _Scanner:
    """Walks a TOML text that tomllib has accepted, noting where each table and key starts.

    It only looks for where things are, so it trusts the syntax; nesting is kept on a list,
    not the call stack, so no depth that tomllib accepts can make it recurse too far."""

    def __init__(self, text):
        self.text, self.pos, self.line = text, 0, 1
        self.lines, self.counts = {}, {}  # counts: array of tables -> index of its last element

    def run(self):
        table = ()
        while self._space(newlines=True):
            c = self.text[self.pos]
            if c == "#":
                self._comment()
            elif c == "[":
                table = self._header()
            else:
                self._keyval(table)
        return self.lines

    def _space(self, newlines=False):
        """Skip blanks (and newlines); False at the end of the text."""
        blanks = " \t\r\n" if newlines else " \t"
        while self.pos < len(self.text) and self.text[self.pos] in blanks:
            self.line += self.text[self.pos] == "\n"
            self.pos += 1
        return self.pos < len(self.text)

    def _comment(self):
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _header(self):
        many = self.text.startswith("[[", self.pos)
        self.pos += 2 if many else 1
        keys = self._keys()
        self._space()
        self.pos += 2 if many else 1
        if not many:
            path = self._resolve(keys)
        else:
            array = self._resolve(keys[:-1]) + keys[-1:]
            self.counts[array] = self.counts.get(array, -1) + 1
            self.lines.setdefault(array, self.line)
            path = array + (self.counts[array],)
        self.lines.setdefault(path, self.line)
        return path

    def _resolve(self, keys):
        """A header's keys with the current index after each array of tables on the way."""
        path = ()
        for key in keys:
            path += (key,)
            if path in self.counts:
                path += (self.counts[path],)
        return path

    def _keys(self):
        keys = []
        while True:
            self._space()
            keys.append(self._key())
            self._space()
            if not self.text.startswith(".", self.pos):
                return tuple(keys)
            self.pos += 1

    def _key(self):
        start = self.pos
        if self.pos < len(self.text) and self.text[self.pos] in "\"'":
            self._string()
            quoted = self.text[start:self.pos]
            return next(iter(tomllib.loads(f"{quoted} = 0")))
        found = _BARE.match(self.text, self.pos)
        self.pos = found.end() if found and found.end() > start else start + 1
        return self.text[start:self.pos]

    def _keyval(self, table):
        line = self.line
        keys = self._keys()
        for n in range(1, len(keys) + 1):
            self.lines.setdefault(table + keys[:n], line)
        self._equals()
        self._value(table + keys)

    def _equals(self):
        self._space()
        self.pos += self.text.startswith("=", self.pos)
        self._space()

    def _value(self, path):
        stack = []  # [opening bracket, path, next index] of each array or inline table still open
        self._one(path, stack)
        while stack and self._space(newlines=True):
            c = self.text[self.pos]
            bracket, inside, index = stack[-1]
            if c == "#":
                self._comment()
            elif c in "]}":
                self.pos += 1
                stack.pop()
            elif c == ",":
                self.pos += 1
            elif bracket == "[":
                stack[-1][2] += 1
                self.lines.setdefault(inside + (index,), self.line)
                self._one(inside + (index,), stack)
            else:
                line, keys = self.line, self._keys()
                for n in range(1, len(keys) + 1):
                    self.lines.setdefault(inside + keys[:n], line)
                self._equals()
                self._one(inside + keys, stack)

    def _one(self, path, stack):
        """One value: a string or scalar is skipped, an array or inline table is opened."""
        c = self.text[self.pos] if self.pos < len(self.text) else ""
        if c in ("[", "{"):
            self.pos += 1
            stack.append([c, path, 0])
        elif c in ("'", '"'):
            self._string()
        else:
            self.pos = max(_SCALAR.match(self.text, self.pos).end(), self.pos + 1)

    def _string(self):
        quote, start = self.text[self.pos], self.pos
        width = 3 if self.text.startswith(quote * 3, self.pos) else 1
        closing = self._close(start + width, quote * width, quote == '"')
        end = min(closing + width, len(self.text))
        while width == 3 and end < len(self.text) and self.text[end] == quote and end - closing < 5:
            end += 1  # up to two quotes just before the closing three belong to the text
        self.line += self.text.count("\n", start, end)
        self.pos = end

    def _close(self, pos, closing, escapes):
        """Where ``closing`` starts, skipping backslash escapes in basic strings."""
        while pos < len(self.text):
            if escapes and self.text[pos] == "\\":
                pos += 2
            elif self.text.startswith(closing, pos):
                return pos
            else:
                pos += 1
        return len(self.text)
