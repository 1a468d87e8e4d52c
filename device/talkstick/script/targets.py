"""Step times a facilitator sets in the config (``dialogue.targets``): "STEP=DURATION" each,
laid over a script's own ``[steps.timing] target``."""

from dataclasses import replace
from types import MappingProxyType

from talkstick.errors import ScriptError
from talkstick.script.duration import parse_duration
from talkstick.tomlfile.quoting import one_line, shown


def parse_targets(items, where, step_ids):
    """{step id: seconds} from ``items``; a ScriptError naming ``where`` (the config file and
    line, variable or flag) for an item that is not "STEP=DURATION" or names no step in
    ``step_ids`` (the steps of every script it may apply to)."""
    targets, problems = {}, []
    for item in items:
        step, sep, duration = item.partition("=")
        step = step.strip()
        try:
            if not (sep and step):
                raise ValueError('is not "STEP=DURATION", e.g. "sending=5m"')
            if step not in step_ids:
                raise ValueError(f"names no step (accepted: {', '.join(sorted(step_ids))})")
            targets[step] = parse_duration(duration.strip())
        except ValueError as e:
            problems.append(one_line(f"{where}: {shown(item)}: {e}"))
    if problems:
        raise ScriptError(problems)
    return targets


def with_targets(script, targets):
    """``script`` with each step named in ``targets`` given that target time; its warning and
    cue move later with it where they would come first (target <= warn <= cue)."""
    steps = {}
    for sid, step in script.steps.items():
        if sid in targets:
            t, target = step.timing, targets[sid]
            timing = replace(t, target=target, warn=t.warn and max(t.warn, target),
                             cue=t.cue and max(t.cue, target))
            step = replace(step, timing=timing)
        steps[sid] = step
    return replace(script, steps=MappingProxyType(steps))
