"""A pack's ``[clock]`` table: how it says a time of day and a number of hours.

Read into ``core.timewords.TimeWords``; every problem names the file, the line and the key,
and what would be accepted. A pack without the table speaks a 12-hour clock in digits.
"""

import string

from talkstick.core.timewords import TimeWords
from talkstick.script.checks import check_table
from talkstick.tomlfile.quoting import shown
from talkstick.tomlfile.source import problem

KEYS = {"hours": int, "am": str, "pm": str, "on_the_hour": str, "with_minutes": str,
        "numbers": list}
FIELDS = {"on_the_hour": {"hour", "ampm"}, "with_minutes": {"hour", "minute", "ampm"}}


def load_time_words(source, problems):
    """The TimeWords of a pack.toml (a Source); problems are added to the list."""
    table = source.data.get("clock", {})
    if not isinstance(table, dict):
        problems.append(problem(source, ("clock",), f"[clock]: must be a table, got {shown(table)}"))
        return TimeWords()
    check_table(source, "[clock]", table, KEYS, problems, keys=("clock",))
    words = {k: v for k, v in table.items() if k in KEYS and isinstance(v, KEYS[k])}

    def bad(key, message):
        problems.append(problem(source, ("clock", key), f"[clock] {key}: {message}"))

    if words.get("hours", 12) not in (12, 24):
        bad("hours", f"{words.pop('hours')} is not 12 or 24 (a 12-hour clock with am/pm, or 24)")
    for key, accepted in FIELDS.items():
        if key in words and (message := _placeholders(words[key], accepted)):
            bad(key, message)
            words.pop(key)
    numbers = words.pop("numbers", [])
    if not (len(numbers) == 24 and all(isinstance(n, str) and n.strip() for n in numbers)):
        if "numbers" in table:
            bad("numbers", f"must list the words for 1 to 24, 24 texts; got {shown(numbers)}")
        numbers = []
    return TimeWords(numbers=tuple(numbers), **words)


def _placeholders(text, accepted):
    """What is wrong with a time wording's {placeholders}, or ""."""
    ok = ", ".join("{" + a + "}" for a in sorted(accepted))
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as e:
        return f"{e} (write {{{{ and }}}} for a literal brace)"
    if unknown := sorted(names - accepted):
        return f"unknown placeholder {{{unknown[0]}}} (accepted: {ok})"
    try:
        text.format(**dict.fromkeys(accepted, "1"))
    except (ValueError, KeyError, IndexError, AttributeError) as e:
        return f"cannot be filled in: {e} (accepted: {ok})"
    return ""
