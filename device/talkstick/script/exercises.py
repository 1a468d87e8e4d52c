"""The exercise library: every script of a language pack, with a line and a typical length each.

An exercise is named by its file (``prompts/<lang>/<name>.toml``): that name is what
``talkstick run --exercise`` and ``dialogue.exercise`` take.
"""

import math
from dataclasses import dataclass
from pathlib import Path

from talkstick.errors import ScriptError
from talkstick.script.files import PROMPTS_DIR, SHARED
from talkstick.script.steps import load_script


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    description: str
    minutes: int | None        # None: the script does not load (``problems`` say why)
    problems: tuple = ()


def typical_minutes(script):
    """The script's own ``minutes``, else its steps' timing targets added up, once per partner
    and round where roles swap: a rough length for choosing, not a limit."""
    if script.minutes:
        return script.minutes
    seconds = sum(step.timing.target or 0.0 for step in script.steps.values())
    if any(step.swap for step in script.steps.values()):
        seconds *= 2 * script.rounds
    return max(1, math.ceil(seconds / 60))


def exercise_names(lang, root=PROMPTS_DIR):
    return sorted(p.stem for p in (Path(root) / lang).glob("*.toml") if p.name not in SHARED)


def exercises(lang, root=PROMPTS_DIR):
    """Every exercise of a language pack, by name; one that does not load is listed with its
    problems."""
    found = []
    for name in exercise_names(lang, root):
        try:
            script = load_script(Path(root) / lang / f"{name}.toml")
        except ScriptError as e:
            found.append(Exercise(name, name, "", None, tuple(e.problems)))
            continue
        found.append(Exercise(name, script.title, script.description, typical_minutes(script)))
    return found
