"""Grading one design on one split: per step, what was heard in the positive clips and the talk.

Each step is heard with its own grammar (what ``Step.listens`` gives the live listener); steps
that listen for the same intents share the decoding. The first detection in a clip is what the
dialogue would act on: the intent said (a hit, with its latency), another intent (a wrong
intent; *advancing* when the step's ``on`` table sends it somewhere the intent said would not),
or nothing (a miss). Every detection in the negative talk is a false advance. The device
speaks (since stop 22) as a clip's lead-in ends, once the room has been heard, and into the
talk every ``PROMPT_EVERY_S``: a design that takes "네" only as an answer hears it as the first
thing said after that.
"""

import bisect
import statistics
import time
from collections import Counter

from talkstick.audio import BLOCK_S, RATE
from talkstick.bench.sets import LEAD_IN_S
from talkstick.core.vocabulary import ALWAYS_HEARD, INTENTS

ALL = "(all intents)"
# How often the device speaks into the talk: the shortest target of the steps that listen for
# "yes" (20 s to answer "잘 전해졌나요?"), so as many prompts as a session could hold.
PROMPT_EVERY_S = 20.0
# Silence after a clip heard live: lets its last utterance end.
CLIP_TAIL_S = 1.5


def live(feed, samples, block_s=BLOCK_S, speaks=(), reset=None):
    """(intent, seconds) for each detection as a live worker would post it: blocks arrive in
    real time, and each is handled once the one before is done, taking the CPU time it took
    here. So the latency includes the decoding, not only the audio time. At each sample in
    ``speaks`` the device speaks: ``reset()``, as the listener resets the detector then."""
    block = int(RATE * block_s)
    clock, out = 0.0, []
    for i in range(0, len(samples), block):
        if i in speaks:
            reset()
        piece = samples[i:i + block]
        started = time.process_time()
        found = feed(piece)
        clock = max(clock, (i + len(piece)) / RATE) + time.process_time() - started
        out += [(getattr(f, "intent", f), clock) for f in found]
    return out


def listening_steps(script):
    """The steps that listen for more than the always-heard intents, in script order."""
    return [s for s in script.steps.values() if set(s.listens) - set(ALWAYS_HEARD)]


def advances(step, said, heard):
    """True when acting on ``heard`` moves ``step`` on where ``said`` would not have gone."""
    target = step.on.get(heard)
    return target is not None and target != step.id and target != step.on.get(said)


def outcomes(make, intents, clips, tail):
    """(clip, first intent heard or None, latency or None) for the clips of these intents."""
    out = []
    for clip in clips:
        if clip.intent in intents:
            first, at, _ = hear_clip(make, intents, clip, tail)
            out.append((clip, first, at - clip.end if first == clip.intent else None))
    return out


def hear_clip(make, intents, clip, tail):
    """(first intent heard or None, when, the detector): one clip heard live by a fresh detector,
    the device speaking as its lead-in ends."""
    import numpy as np

    detector = make(intents)
    got = live(detector.feed, np.concatenate([clip.audio, tail]), speaks={int(RATE * LEAD_IN_S)},
               reset=detector.reset)
    first, at = got[0] if got else (None, None)
    return first, at, detector


def false_detections(make, intents, negative, prompt_every_s=PROMPT_EVERY_S):
    """(intent, seconds) of each detection in ``negative`` talk, with the device speaking into
    it every ``prompt_every_s``."""
    detector = make(intents)
    speaks = range(0, len(negative), int(RATE * prompt_every_s))
    return live(detector.feed, negative, speaks=speaks, reset=detector.reset)


def grade(make, script, clips, negative, tail, progress=lambda _: None, rooms=()):
    """(rows, tallies): per step (and one for all intents at once) hits, wrong intents,
    advancing ones, false advances and latency; and the hits by room (noise level), wording,
    voice and speaking rate (``TALLIES``); with the talk's ``rooms`` ((first sample, end, take)
    of each), the false advances of the steps' distinct grammars by kind of room; and those
    false advances by the intent heard."""
    steps = listening_steps(script)
    grammars = {s.listens for s in steps}
    sets = grammars | {INTENTS}
    heard, false = {}, {}
    for n, intents in enumerate(sorted(sets, key=len), 1):
        progress(f"  grammar {n}/{len(sets)}: {', '.join(intents)}")
        heard[intents] = outcomes(make, intents, clips, tail)
        false[intents] = false_detections(make, intents, negative)
    rows = [row(s.id, heard[s.listens], len(false[s.listens]), s) for s in steps]
    rows = [*rows, row(ALL, heard[INTENTS], len(false[INTENTS]), None)]
    tallies = {name: tally(heard, steps, key) for name, key in TALLIES.items()}
    if rooms:
        tallies["false_noises"] = false_by_room(grammars, false, rooms)
    tallies["false_intents"] = false_by_intent(grammars, false)
    return rows, tallies


def false_by_room(grammars, false, rooms):
    """{kind of room: [false advances over ``grammars``, half minutes of talk in it]}."""
    starts = [start for start, _, _ in rooms]
    out = {}
    for _, _, take in rooms:
        out.setdefault(room_kind(take), [0, 0])[1] += 1
    for intents in grammars:
        for _, at in false[intents]:
            take = rooms[max(0, bisect.bisect_right(starts, int(at * RATE)) - 1)][2]
            out[room_kind(take)][0] += 1
    return out


def false_by_intent(grammars, false):
    """{intent: false advances over ``grammars`` in which it was the one heard}."""
    return dict(Counter(intent for intents in grammars for intent, _ in false[intents]))


def room(clip):
    snr = clip.take[4]
    return "quiet" if snr is None else f"{snr} dB"


def noise_kind(clip):
    return room_kind(clip.take)


def room_kind(take):
    """What the room of a take sounds like, whatever its level: a quiet room is no noise's."""
    return "quiet" if take[4] is None else take[3]


# What the hits are counted by, besides the steps: (voice, rate, pitch, noise, snr, level) takes.
TALLIES = {"rooms": room, "noises": noise_kind, "wordings": lambda clip: clip.wording,
           "voices": lambda clip: clip.take[0], "rates": lambda clip: f"{clip.take[1]} wpm"}


def tally(heard, steps, key):
    """Hits over every step's grammar by ``key(clip)`` -> [hits, clips]."""
    out = {}
    for s in steps:
        for clip, first, _ in heard[s.listens]:
            counts = out.setdefault(key(clip), [0, 0])
            counts[0] += first == clip.intent
            counts[1] += 1
    return out


def row(name, results, false, step):
    wrong = [(c.intent, first) for c, first, _ in results if first not in (None, c.intent)]
    latencies = sorted(x for _, _, x in results if x is not None)
    figures = {"step": name, "clips": len(results), "hits": len(latencies), "wrong": len(wrong),
               "advancing": sum(advances(step, said, got) for said, got in wrong) if step else None,
               "false": false}
    if latencies:
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        figures |= {"median_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * p95}
    return figures
