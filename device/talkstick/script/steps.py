"""Dialogue scripts: TOML files in prompts/<lang>/ loaded into frozen dataclasses.

Loading checks everything a therapist could get wrong (see ``checks``); a script that loads
is one the engine can run from start to end. The format is documented in prompts/README.md.
"""

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType

from talkstick.core.vocabulary import ALWAYS_HEARD, END, INTENTS
from talkstick.errors import ScriptError
from talkstick.script.checks import (
    SCRIPT_KEYS,
    STEP_KEYS,
    TIMING_KEYS,
    check_graph,
    check_step,
    check_table,
)
from talkstick.script.colors import parse_color
from talkstick.script.duration import parse_duration
from talkstick.tomlfile.quoting import shown
from talkstick.tomlfile.source import problem, read_source


@dataclass(frozen=True)
class Timing:
    target: float | None = None
    warn: float | None = None
    cue: float | None = None
    lapse: float | None = None  # back to on.lapse when this long passes without a press


@dataclass(frozen=True)
class Step:
    id: str
    speaker: str
    prompt: str
    turn: str = "speak"
    brief: str = ""
    cue_prompt: str = ""
    stem: str = ""  # the step's sentence opener, said on request (a triple press)
    where: str = ""  # where they were, said on coming back from a break or a restart
    color: tuple = (1.0, 1.0, 1.0)
    swap: bool = False
    appoint: bool = False  # the Receiver chooses when to come back here (core/appointment.py)
    on: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    timing: Timing = Timing()

    @property
    def listens(self):
        """The intents worth listening for in this step."""
        return tuple(i for i in INTENTS if i in self.on or i in ALWAYS_HEARD)


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    start: str
    rounds: int
    steps: MappingProxyType
    path: Path
    description: str = ""
    minutes: int | None = None  # the typical length, where the script declares it


def load_script(path):
    path = Path(path)
    problems = []
    where = read_source(path, problems)
    if where is None:
        raise ScriptError(problems)
    data = where.data
    check_table(where, "", data, {"script": dict, "steps": list}, problems)
    head = _part(data, "script", dict)
    check_table(where, "[script]", head, SCRIPT_KEYS, problems, keys=("script",))
    steps = {}
    for n, raw in enumerate(_part(data, "steps", list)):
        step = _build_step(where, n, raw, problems)
        if step is None:
            continue
        if step.id in steps:
            problems.append(problem(where, ("steps", n, "id"), f"step {shown(step.id)}: id: used twice "
                                    "(ids must be unique)"))
        steps[step.id] = step
    if not steps and isinstance(data.get("steps", []), list):
        problems.append(problem(where, ("steps",), "[[steps]]: the script has no steps (accepted: "
                                "one [[steps]] table for each step, see prompts/README.md)"))
    start = head.get("start", next(iter(steps), ""))
    rounds = head.get("rounds", 1)
    if isinstance(rounds, int) and not isinstance(rounds, bool) and not 1 <= rounds <= 10:
        problems.append(problem(where, ("script", "rounds"), f"[script] rounds: {rounds} is out of "
                                "range (1 to 10)"))
    minutes = head.get("minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and not 1 <= minutes <= 240:
        problems.append(problem(where, ("script", "minutes"), f"[script] minutes: {minutes} is out "
                                "of range (1 to 240)"))
    if steps and isinstance(start, str):  # start of another type is already a problem
        check_graph(where, start, steps, problems)
    if problems:
        raise ScriptError(problems)
    return Script(
        id=head.get("id", path.stem), title=head.get("title", path.stem), start=start,
        rounds=rounds, steps=MappingProxyType(steps), path=path,
        description=head.get("description", ""), minutes=minutes,
    )


def _build_step(where, n, raw, problems):
    keys = ("steps", n)
    if not isinstance(raw, dict):
        problems.append(problem(where, keys, f"step #{n + 1}: must be a table, got {shown(raw)}"))
        return None
    sid = raw.get("id")
    if not isinstance(sid, str) or not sid.strip():
        got = "missing" if sid is None else f"must be a text id, got {shown(sid)}"
        problems.append(problem(where, (*keys, "id"), f"step #{n + 1}: id: {got} (every step "
                                "needs a text id)"))
        return None
    label = f"step {shown(sid)}"
    if sid == END:
        problems.append(problem(where, (*keys, "id"), f"{label}: id: {shown(END)} is reserved for "
                                "the end of the session"))
    check_table(where, label, raw, STEP_KEYS, problems, keys)
    check_step(where, label, raw, problems, keys)
    timing = _timing(where, label, _part(raw, "timing", dict), problems, (*keys, "timing"))
    try:
        color = parse_color(raw.get("color", "white"))
    except ValueError as e:
        problems.append(problem(where, (*keys, "color"), f"{label}: color: {e}"))
        color = (1.0, 1.0, 1.0)
    fields = {k: raw[k] for k in ("speaker", "prompt", "turn", "brief", "cue_prompt", "stem", "swap",
                                   "appoint", "where")
              if k in raw}
    fields.setdefault("speaker", "device")
    fields.setdefault("prompt", "")
    # A target that is not text is a problem already (check_step); it goes no further.
    on = {k: v for k, v in _part(raw, "on", dict).items() if isinstance(v, str)}
    return Step(id=sid, color=color, on=MappingProxyType(on), timing=Timing(**timing), **fields)


def _part(table, key, kind):
    """``table[key]`` if it is of ``kind``, else an empty one: a wrong type is a problem that
    ``check_table`` has already noted, and loading goes on to find the others."""
    value = table.get(key)
    return value if isinstance(value, kind) else kind()


def _timing(where, label, table, problems, keys):
    """Seconds of each timing key (unknown keys are check_step's), in order: target <= warn <= cue."""
    timing = {}
    for key in (k for k in TIMING_KEYS if k in table):
        try:
            timing[key] = parse_duration(table[key])
        except ValueError as e:
            problems.append(problem(where, (*keys, key), f"{label}: timing.{key}: {e}"))
    named = [(k, timing[k]) for k in ("target", "warn", "cue") if k in timing]  # lapse: apart
    for (first, a), (then, b) in pairwise(named):
        if b < a:
            problems.append(problem(where, (*keys, then), f"{label}: timing.{then}: {b:g} s comes "
                                    f"before timing.{first} ({a:g} s); accepted: target <= warn <= cue"))
    return timing
