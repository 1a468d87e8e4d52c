"""Text measured in terminal columns: a wide (CJK) character takes two, a combining mark none.

``len()`` counts code points, so Korean padded or wrapped by it spills past the edge of the
terminal. Ambiguous-width characters (·, …, ─, █) count as one, as terminals draw them.
"""

import unicodedata


def char_width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text):
    """The columns ``text`` takes on a terminal."""
    return sum(char_width(ch) for ch in text)


def cut(text, columns):
    """The longest start of ``text`` that fits in ``columns`` (a wide character is never split)."""
    used = 0
    for i, ch in enumerate(text):
        used += char_width(ch)
        if used > columns:
            return text[:i]
    return text


def pad(text, columns):
    """``text`` cut to ``columns`` and padded with spaces to exactly that width."""
    text = cut(text, columns)
    return text + " " * (columns - width(text))


def fit(spans, columns):
    """(text, paint) spans cut to ``columns``: a long name must not spill onto the next row."""
    out = []
    for text, paint in spans:
        text = cut(text, columns)
        out.append((text, paint))
        columns -= width(text)
    return out


def wrap(text, columns):
    """Lines of at most ``columns``, broken at spaces; a word wider than a line is split."""
    lines, line = [], ""
    for word in text.split():
        if line and width(line) + 1 + width(word) <= columns:
            line = f"{line} {word}"
            continue
        if line:
            lines.append(line)
        while width(word) > columns:
            head = cut(word, max(columns, 2))
            lines.append(head)
            word = word[len(head):]
        line = word
    return lines + [line] if line else lines
