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
from talkstick.script.files import read_toml


@dataclass(frozen=True)
class Timing:
    target: float | None = None
    warn: float | None = None
    cue: float | None = None


@dataclass(frozen=True)
class Step:
    id: str
    speaker: str
    prompt: str
    turn: str = "speak"
    brief: str = ""
    cue_prompt: str = ""
    color: tuple = (1.0, 1.0, 1.0)
    swap: bool = False
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


def load_script(path):
    path = Path(path)
    problems = []
    data = read_toml(path, problems)
    if data is None:
        raise ScriptError(problems)
    where = str(path)
    check_table(where, "", data, {"script": dict, "steps": list}, problems)
    head = data.get("script", {})
    check_table(where, "[script]", head, SCRIPT_KEYS, problems)
    steps = {}
    for n, raw in enumerate(data.get("steps", [])):
        step = _build_step(where, n, raw, problems)
        if step is None:
            continue
        if step.id in steps:
            problems.append(f"{where}: step {step.id!r}: id: used twice (ids must be unique)")
        steps[step.id] = step
    if not steps:
        problems.append(f"{where}: [[steps]]: the script has no steps")
    start = head.get("start", next(iter(steps), ""))
    rounds = head.get("rounds", 1)
    if isinstance(rounds, int) and not 1 <= rounds <= 10:
        problems.append(f"{where}: [script] rounds: {rounds} is out of range (1 to 10)")
    if steps:
        check_graph(where, start, steps, problems)
    if problems:
        raise ScriptError(problems)
    return Script(
        id=head.get("id", path.stem), title=head.get("title", path.stem), start=start,
        rounds=rounds, steps=MappingProxyType(steps), path=path,
    )


def _build_step(where, n, raw, problems):
    if not isinstance(raw, dict):
        problems.append(f"{where}: step #{n + 1}: must be a table")
        return None
    sid = raw.get("id")
    if not isinstance(sid, str) or not sid.strip():
        problems.append(f"{where}: step #{n + 1}: id: missing (every step needs a text id)")
        return None
    label = f"step {sid!r}"
    if sid == END:
        problems.append(f"{where}: {label}: id: {END!r} is reserved for the end of the session")
    check_table(where, label, raw, STEP_KEYS, problems)
    check_step(where, label, raw, problems)
    timing = {}
    for key, value in raw.get("timing", {}).items():
        try:
            timing[key] = parse_duration(value)
        except ValueError as e:
            problems.append(f"{where}: {label}: timing.{key}: {e}")
    _check_timing_order(where, label, timing, problems)
    try:
        color = parse_color(raw.get("color", "white"))
    except ValueError as e:
        problems.append(f"{where}: {label}: color: {e}")
        color = (1.0, 1.0, 1.0)
    fields = {k: raw[k] for k in ("speaker", "prompt", "turn", "brief", "cue_prompt", "swap")
              if k in raw}
    fields.setdefault("speaker", "device")
    fields.setdefault("prompt", "")
    return Step(id=sid, color=color, on=MappingProxyType(dict(raw.get("on", {}))),
                timing=Timing(**{k: v for k, v in timing.items() if k in TIMING_KEYS}), **fields)


def _check_timing_order(where, label, timing, problems):
    """target <= warn <= cue: the warning and the cue are for a step running past its time."""
    named = [(k, timing[k]) for k in TIMING_KEYS if timing.get(k) is not None]
    for (first, a), (then, b) in pairwise(named):
        if b < a:
            problems.append(f"{where}: {label}: timing.{then}: {b:g} s comes before timing.{first} "
                            f"({a:g} s); accepted: target <= warn <= cue")
