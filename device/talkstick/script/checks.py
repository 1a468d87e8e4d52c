"""The checks a script must pass at load; each problem names file, step id and field."""

import re
import string

from talkstick.core.vocabulary import ALWAYS_HEARD, ANSWERS, END, INTENTS, ON_KEYS, SPEAKERS, TURNS
from talkstick.tomlfile.quoting import shown, shown_key
from talkstick.tomlfile.source import Source, problem, read_source

PLACEHOLDERS = {"sender", "receiver", "minutes"}
SAMPLES = {"elapsed": 5}  # what a trial fill puts in an extra placeholder other than text
TIMING_KEYS = ("target", "warn", "cue", "lapse")
SCRIPT_KEYS = {"id": str, "title": str, "start": str, "rounds": int, "description": str,
               "minutes": int}
STEP_KEYS = {
    "id": str, "speaker": str, "turn": str, "prompt": str, "brief": str, "cue_prompt": str,
    "color": str, "swap": bool, "on": dict, "timing": dict, "stem": str,
    "appoint": bool, "where": str,
}


def _type_name(kind):
    return {str: "text", int: "a whole number", bool: "true or false", dict: "a table",
            list: "a list of tables"}[kind]


def check_table(where, label, table, known, problems, keys=()):
    """Unknown keys and wrongly typed values of one TOML table (at ``keys`` in the file)."""
    prefix = f"{label} " if label.startswith("[") else f"{label}: " if label else ""
    for key, value in table.items():
        def bad(message, key=key):
            problems.append(problem(where, (*keys, key), f"{prefix}{shown_key(key)}: {message}"))

        if key not in known:
            bad(f"unknown key (accepted: {', '.join(known)})")
        elif not isinstance(value, known[key]) or (known[key] is int and isinstance(value, bool)):
            bad(f"must be {_type_name(known[key])}, got {shown(value)}")


def check_step(where, label, raw, problems, keys=()):
    """The values of one step's table (at ``keys`` in the file) that types alone do not check."""
    def bad(field, message):
        name = ".".join(shown_key(k) for k in field)
        problems.append(problem(where, (*keys, *field), f"{label}: {name}: {message}"))

    _check_choice(raw, "speaker", SPEAKERS, bad, required=True)
    _check_choice(raw, "turn", TURNS, bad)
    if "prompt" not in raw:
        bad(("prompt",), "missing (the words the device says in this step)")
    for field in ("prompt", "brief", "cue_prompt", "stem", "where"):
        for message in placeholder_problems(raw.get(field)):
            bad((field,), message)
    on = raw.get("on", {})
    for key, target in (on.items() if isinstance(on, dict) else ()):
        if key not in ON_KEYS:
            bad(("on", key), f"unknown trigger (accepted: {', '.join(ON_KEYS)})")
        if not isinstance(target, str):
            bad(("on", key), f"must be a step id, got {shown(target)}")
    if raw.get("swap") is True and "all_sent" not in (on if isinstance(on, dict) else {}):
        bad(("on", "all_sent"), "a swap step needs the step to go to once every partner has sent")
    timing = raw.get("timing", {})
    for key in (timing if isinstance(timing, dict) else ()):
        if key not in TIMING_KEYS:
            bad(("timing", key), f"unknown key (accepted: {', '.join(TIMING_KEYS)})")
    _check_lapse(raw, on if isinstance(on, dict) else {}, timing, bad)


def _check_lapse(raw, on, timing, bad):
    """A lapse needs somewhere to go back to; an appoint step's presses are the engine's."""
    if raw.get("appoint") is True:
        if "lapse" not in on:
            bad(("on", "lapse"), "an appoint step needs the step a hold (or a lapse) goes back to")
        for key in ("press", "double"):
            if key in on:
                bad(("on", key), "in an appoint step a press adds an hour and a double press "
                    "confirms (accepted here: lapse and heard intents)")
    elif isinstance(timing, dict) and "lapse" in timing and "lapse" not in on:
        bad(("on", "lapse"), "timing.lapse needs the step to go back to (on.lapse)")


def _check_choice(raw, key, choices, bad, required=False):
    if key in raw and raw[key] not in choices:
        bad((key,), f"{shown(raw[key])} is not one of {', '.join(choices)}")
    elif key not in raw and required:
        bad((key,), f"missing (accepted: {', '.join(choices)})")


def placeholder_problems(text, extra=()):
    """What is wrong with the {placeholders} of a prompt; [] for anything but text. ``extra``
    names placeholders this one prompt may also use (``vocabulary.PROMPT_PLACEHOLDERS``)."""
    if not isinstance(text, str):
        return []
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as e:
        return [f"{e} (write {{{{ and }}}} for a literal brace)"]
    allowed = PLACEHOLDERS | set(extra)
    accepted = ", ".join(sorted(allowed))
    unknown = [f"unknown placeholder {{{name}}} (accepted: {accepted})"
               for name in sorted(names - allowed)]
    if unknown:
        return unknown
    try:  # the engine fills these in: a conversion or format it cannot apply would stop a session
        text.format(sender="A", receiver="B", minutes=20, **{name: SAMPLES.get(name, "x")
                                                             for name in extra})
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as e:
        shown_names = ", ".join(f"{{{name}}}" for name in ("sender", "receiver", "minutes", *extra))
        return [f"cannot be filled in: {e} (accepted: {shown_names} "
                "as they are; {{ and }} for a literal brace)"]
    return []


def check_graph(where, start, steps, problems):
    """Dangling targets, unreachable steps, steps with no way to the end."""
    def at(sid, *field):
        return _step_keys(where, sid) + field if isinstance(where, Source) else ()

    if not isinstance(start, str) or start not in steps:
        ids = ", ".join(shown(s) for s in list(steps)[:6]) + (", …" if len(steps) > 6 else "")
        problems.append(problem(where, ("script", "start"), f"[script] start: {shown(start)} is not "
                                f"a step id (accepted: {ids})"))
        return
    for step in steps.values():
        for key, target in step.on.items():
            if isinstance(target, str) and target != END and target not in steps:
                problems.append(problem(where, at(step.id, "on", key), f"step {shown(step.id)}: "
                                        f"on.{shown_key(key)}: no step {shown(target)} "
                                        f"(accepted: a step id or {shown(END)})"))
    # A target that is not text (already a problem, from check_step) leads nowhere.
    edges = {s.id: {t for t in s.on.values() if isinstance(t, str) and (t == END or t in steps)}
             for s in steps.values()}
    for s in steps.values():
        if getattr(s, "appoint", False):  # a confirmed time ends the session
            edges[s.id].add(END)
    reached = _reach([start], lambda n: edges.get(n, ()))
    for sid in steps:
        if sid not in reached:
            problems.append(problem(where, at(sid, "id"), f"step {shown(sid)}: id: unreachable "
                                    f"from start {shown(start)}"))
    back = {}
    for sid, targets in edges.items():
        for t in targets:
            back.setdefault(t, set()).add(sid)
    ending = _reach([END], lambda n: back.get(n, ()))
    for sid in steps:
        if sid in reached and sid not in ending:
            problems.append(problem(where, at(sid, "on"), f"step {shown(sid)}: on: no way from "
                                    f"here to {shown(END)}"))


def _step_keys(source, sid):
    """("steps", n) of the first step in the file whose id is ``sid``."""
    steps = source.data.get("steps")
    for n, raw in enumerate(steps if isinstance(steps, list) else ()):
        if isinstance(raw, dict) and raw.get("id") == sid:
            return ("steps", n)
    return ("steps",)


def _reach(roots, nexts):
    seen, todo = set(roots), list(roots)
    while todo:
        for n in nexts(todo.pop()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def unheard_intents(where, intents, scripts):
    """Warnings for the intents a pack has wordings for that no step of ``scripts`` acts on:
    the device never listens for them, so their wordings can never do anything."""
    heard = set(ALWAYS_HEARD) | {key for script in scripts for step in script.steps.values()
                                 for key in step.on if key in INTENTS}
    names = ", ".join(shown(s.id) for s in scripts) or "none"
    return [problem(where, ("phrases", intent), f"[phrases] {intent}: no step of any script "
                    f"listens for it (scripts: {names}); add it to a step's `on` table or drop it")
            for intent in intents if intent not in heard]


def questions_heard_as_answers(script, phrases):
    """Warnings for a step whose opener (``stem``: what the step's speaker is given to say) asks
    a question holding a wording of an answer (ANSWERS) the step listens for: the speaker's own
    question would be heard as the other's answer and move the step on. ``phrases``: intent ->
    wordings. The script's file is read again (for the stem's line) only when there is one."""
    found = []
    for sid, step in script.steps.items():
        answers = [(i, w) for i in ANSWERS if i in step.on for w in phrases.get(i, ())]
        for question in re.findall(r"[^.?!…]*\?", step.stem) if answers else ():
            said = _joined_runs(question)
            found += [(sid, question.strip(), i, w) for i, w in answers
                      if "".join(w.lower().split()) in said]
    where = (read_source(script.path, []) or script.path) if found else None  # a Path: no line
    return [problem(where, (*_step_keys(where, sid), "stem") if isinstance(where, Source) else (),
                    f"step {shown(sid)}: stem: the question {shown(question)} holds {shown(wording)}, "
                    f"a wording of {intent}, which this step listens for: the question would be "
                    "heard as its answer (word the question or the answer otherwise)")
            for sid, question, intent, wording in found]


def _joined_runs(text):
    """Every run of consecutive words of ``text``, each joined without spaces (as a wording's
    words are, however the model splits them): whole words only, so "no" is not in "now"."""
    words = [w.strip(string.punctuation + "…‘’“”").lower() for w in text.split()]
    words = [w for w in words if w]
    return {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
