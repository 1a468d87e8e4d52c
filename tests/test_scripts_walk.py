"""Every shipped script, walked: as a graph (worked out here, not by the loader's own check)
and with the pure engine, from Start to End("done")."""

from collections import deque

import pytest

from dialogue import Table, of
from talkstick.core import actions as act
from talkstick.core.vocabulary import AUTO_KEYS, END
from talkstick.script.files import available_languages, shipped_files
from talkstick.script.steps import load_script

SCRIPTS = [p for p in shipped_files() if p.name != "pack.toml"]
BUDGET = 200  # moves; a walk that has not ended by then goes round in circles


def label(path):
    return f"{path.parent.name}/{path.name}"


def reach(root, edges):
    """Every node a breadth-first walk from ``root`` along ``edges`` gets to."""
    seen, todo = {root}, deque([root])
    while todo:
        for n in edges.get(todo.popleft(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def test_every_language_ships_a_script():
    assert available_languages()
    assert sorted({p.parent.name for p in SCRIPTS}) == available_languages()


@pytest.mark.parametrize("path", SCRIPTS, ids=label)
def test_every_step_leads_somewhere_is_reached_and_can_reach_the_end(path):
    script = load_script(path)
    steps = script.steps
    for step in steps.values():
        for key, target in step.on.items():
            assert target == END or target in steps, f"{step.id}: on.{key} = {target!r}"
    edges = {sid: set(step.on.values()) for sid, step in steps.items()}
    assert set(steps) - reach(script.start, edges) == set()        # none unreachable
    back = {}
    for sid, targets in edges.items():
        for target in targets:
            back.setdefault(target, set()).add(sid)
    assert set(steps) - reach(END, back) == set()                  # none a dead end


def moves(step):
    """The moves partners can make in a step, press first: gestures, then intents.
    "spoken" and "all_sent" are not theirs; the engine makes those by itself."""
    keys = sorted((k for k in step.on if k not in AUTO_KEYS), key=lambda k: (k != "press", k))
    return [(k, step.on[k]) for k in keys]


@pytest.mark.parametrize("path", SCRIPTS, ids=label)
def test_the_engine_walks_every_script_from_start_to_done(path):
    t = Table(lang=path.parent.name, script=str(path))
    t.start()
    visits = {t.step: 1}
    for _ in range(BUDGET):
        if of(t.log, act.End):
            break
        # Least-visited next step, press first on a tie: it goes round each loop once, then on.
        key, target = min(moves(t.dialogue.step), key=lambda m: visits.get(m[1], 0))
        if key in ("press", "double"):
            t.press(key)
        else:
            t.hear(key)
        visits[t.step] = visits.get(t.step, 0) + 1
    assert of(t.log, act.End) == [act.End("done")], f"no end after {BUDGET} moves: {visits}"
    assert t.dialogue.phase == "ended"
