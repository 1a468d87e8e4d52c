"""Labels: a pack's own words for the names a screen would otherwise show.

``[labels]`` in pack.toml maps a step id (of one of the pack's scripts), an intent, a gesture,
a device prompt (the notices among them) or one of the screen's own words to the pack's
wording. A label a pack leaves out falls back to the English pack's, then to the name itself.
"""

import functools
from types import MappingProxyType

from talkstick.core.vocabulary import DEVICE_PROMPTS, GESTURES, INTENTS
from talkstick.script.colors import NAMED
from talkstick.script.files import PROMPTS_DIR, SHARED
from talkstick.tomlfile.quoting import shown, shown_key
from talkstick.tomlfile.source import problem, read_source

# The screen's own words: its rows, phases, LED modes and the key help line.
WORDS = (
    "simulator", "step", "sender", "receiver", "time", "button", "prompt", "heard", "notice",
    "step_led", "time_left", "of", "past_time", "up", "held_down", "last", "nothing_yet",
    "starting", "keys_hint", "acted_on", "on_break", "break_left", "session_over", "cue", "help",
    "ready", "running", "ended", "steady", "breathing", "blink", "pulse",
)
FIXED = frozenset(WORDS + INTENTS + GESTURES + DEVICE_PROMPTS + tuple(NAMED))


def load_labels(source, problems):
    """The ``[labels]`` of a pack.toml (a Source); an unknown key, a value that is no text or a
    script of the pack that cannot be read is a problem."""
    table = source.data.get("labels", {})
    if not isinstance(table, dict):
        problems.append(problem(source, ("labels",), "[labels]: must be a table of names and their "
                                f"wording, got {shown(table)}"))
        return MappingProxyType({})
    known = FIXED | step_ids(source.path.parent, problems)
    for key in sorted(set(table) - known):
        problems.append(problem(source, ("labels", key), f"[labels] {shown_key(key)}: unknown label "
                                "(accepted: a step id, an intent, a gesture, a device prompt or a "
                                "screen word; see prompts/README.md)"))
    for key in sorted(k for k in set(table) & known if not isinstance(table[k], str)):
        problems.append(problem(source, ("labels", key), f"[labels] {shown_key(key)}: must be a text, "
                                f"got {shown(table[key])}"))
    return MappingProxyType({k: v for k, v in table.items() if k in known and isinstance(v, str)})


def step_ids(folder, problems=None):
    """Every step id of the scripts in a pack's folder. A script that cannot be read (not found,
    not UTF-8, not TOML) is a problem; the scripts' own loader checks the rest."""
    problems = [] if problems is None else problems
    ids = set()
    for path in sorted(p for p in folder.glob("*.toml") if p.name not in SHARED):
        source = read_source(path, problems)
        steps = source.data.get("steps") if source is not None else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, dict) and isinstance(step.get("id"), str):
                ids.add(step["id"])
    return ids


@functools.cache
def english():
    """The English pack's labels: what a label missing from another pack falls back to."""
    source = read_source(PROMPTS_DIR / "en" / "pack.toml", [])
    return load_labels(source, []) if source is not None else MappingProxyType({})


def label(labels, key):
    """The pack's word for ``key``, else the English pack's, else ``key`` itself."""
    return labels.get(key) or english().get(key) or key
