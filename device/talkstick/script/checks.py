"""The checks a script must pass at load; each problem names file, step id and field."""

import string

from talkstick.core.vocabulary import END, ON_KEYS, SPEAKERS, TURNS

PLACEHOLDERS = {"sender", "receiver", "minutes"}
TIMING_KEYS = ("target", "warn", "cue")
SCRIPT_KEYS = {"id": str, "title": str, "start": str, "rounds": int, "description": str}
STEP_KEYS = {
    "id": str, "speaker": str, "turn": str, "prompt": str, "brief": str, "cue_prompt": str,
    "color": str, "swap": bool, "on": dict, "timing": dict,
}


def _type_name(kind):
    return {str: "text", int: "a whole number", bool: "true or false", dict: "a table",
            list: "a list of tables"}[kind]


def check_table(where, label, table, known, problems):
    """Unknown keys and wrongly typed values of one TOML table."""
    prefix = f"{where}: " + (f"{label} " if label.startswith("[") else f"{label}: " if label else "")
    for key, value in table.items():
        if key not in known:
            problems.append(f"{prefix}{key}: unknown key (accepted: {', '.join(known)})")
        elif not isinstance(value, known[key]) or (known[key] is int and isinstance(value, bool)):
            problems.append(f"{prefix}{key}: must be {_type_name(known[key])}, got {value!r}")


def check_step(where, label, raw, problems):
    def bad(field, message):
        problems.append(f"{where}: {label}: {field}: {message}")

    if raw.get("speaker") not in SPEAKERS:
        bad("speaker", f"{raw.get('speaker')!r} is not one of {', '.join(SPEAKERS)}")
    if "turn" in raw and raw["turn"] not in TURNS:
        bad("turn", f"{raw['turn']!r} is not one of {', '.join(TURNS)}")
    if not isinstance(raw.get("prompt"), str):
        bad("prompt", "missing (the words the device says in this step)")
    for field in ("prompt", "brief", "cue_prompt"):
        _check_placeholders(raw.get(field), lambda m, f=field: bad(f, m))
    on = raw.get("on", {})
    for key, target in (on.items() if isinstance(on, dict) else ()):
        if key not in ON_KEYS:
            bad(f"on.{key}", f"unknown trigger (accepted: {', '.join(ON_KEYS)})")
        if not isinstance(target, str):
            bad(f"on.{key}", f"must be a step id, got {target!r}")
    if raw.get("swap") and "all_sent" not in on:
        bad("on.all_sent", "a swap step needs the step to go to once every partner has sent")
    timing = raw.get("timing", {})
    for key in (timing if isinstance(timing, dict) else ()):
        if key not in TIMING_KEYS:
            bad(f"timing.{key}", f"unknown key (accepted: {', '.join(TIMING_KEYS)})")


def _check_placeholders(text, bad):
    if not isinstance(text, str):
        return
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as e:
        bad(f"{e} (write {{{{ and }}}} for a literal brace)")
        return
    for name in sorted(names - PLACEHOLDERS):
        bad(f"unknown placeholder {{{name}}} (accepted: {', '.join(sorted(PLACEHOLDERS))})")


def check_graph(where, start, steps, problems):
    """Dangling targets, unreachable steps, steps with no way to the end."""
    if start not in steps:
        problems.append(f"{where}: [script] start: {start!r} is not a step id")
        return
    for step in steps.values():
        for key, target in step.on.items():
            if isinstance(target, str) and target != END and target not in steps:
                problems.append(f"{where}: step {step.id!r}: on.{key}: no step {target!r} "
                                f"(accepted: a step id or {END!r})")
    edges = {s.id: {t for t in s.on.values() if t == END or t in steps} for s in steps.values()}
    reached = _reach([start], lambda n: edges.get(n, ()))
    for sid in steps:
        if sid not in reached:
            problems.append(f"{where}: step {sid!r}: id: unreachable from start {start!r}")
    back = {}
    for sid, targets in edges.items():
        for t in targets:
            back.setdefault(t, set()).add(sid)
    ending = _reach([END], lambda n: back.get(n, ()))
    for sid in steps:
        if sid in reached and sid not in ending:
            problems.append(f"{where}: step {sid!r}: on: no way from here to {END!r}")


def _reach(roots, nexts):
    seen, todo = set(roots), list(roots)
    while todo:
        for n in nexts(todo.pop()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen
