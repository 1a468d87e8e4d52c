"""A pack's ``[selftest]`` table: what `talkstick selftest --spoken` says, and what it calls
each part it asks about.

Optional in a pack; when it is there, every key below must be worded (a spoken selftest
cannot leave a question out). Every problem names the file, the line and the key.
"""

from talkstick.script.checks import placeholder_problems
from talkstick.tomlfile.quoting import shown, shown_key
from talkstick.tomlfile.source import problem

# key -> the placeholders its wording may use (besides a script's {sender} and {receiver})
WORDS = {
    "intro": (), "button": (), "button_missed": (), "light": ("part",), "speaker": (),
    "microphone": (), "model": (), "all_passed": ("total",),
    "some_failed": ("passed", "total", "failed"),
    # the summary's "and" between the last two parts that failed (a comma where none is said)
    "joiner": (),
    # what the questions and the summary call each part
    "light_a": (), "light_b": (), "step_red": (), "step_green": (), "step_blue": (),
    "bargraph": (), "the_button": (), "the_speaker": (), "the_microphone": (), "the_model": (),
}


def load_selftest_words(source, problems):
    """key -> wording of a pack.toml's [selftest] (a Source); {} when it has none. Problems
    are added to the list."""
    table = source.data.get("selftest", {})
    if not isinstance(table, dict):
        problems.append(problem(source, ("selftest",), f"[selftest]: must be a table, got {shown(table)}"))
        return {}
    if not table:
        return {}

    def bad(key, message):
        problems.append(problem(source, ("selftest", key), f"[selftest] {shown_key(key)}: {message}"))

    for key in sorted(set(table) - set(WORDS)):
        bad(key, f"unknown key (accepted: {', '.join(WORDS)})")
    for key, extra in WORDS.items():
        text = table.get(key)
        if not (isinstance(text, str) and (text.strip() or key == "joiner") and text.isprintable()):
            got = "missing" if key not in table else f"must be text, got {shown(text)}"
            bad(key, f"{got} (a pack with [selftest] words every key: {', '.join(WORDS)})")
            continue
        for message in placeholder_problems(text, extra):
            bad(key, message)
    return {key: table[key] for key in WORDS if isinstance(table.get(key), str)}
