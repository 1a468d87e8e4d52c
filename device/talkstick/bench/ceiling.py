"""`talkstick bench --ceiling`: the most any listening design could hear with this model.

Each positive clip of both splits (the bench's own clips) is cut to its phrase, from a gate's
pre-roll before it to a short tail after it, as if the gate and the end of the utterance had
been perfect, and decoded once by a fresh recognizer with each grammar of a step that listens
for its intent. No guard, no confidence floor, no talk limit: a clip-step counts as heard

- "best" when the model's best hypothesis holds a wording of the clip's intent and none of
  another intent the step listens for (what a perfect guard could take from a perfect cut; a
  live gate that starts the utterance later in a noisy room now and then hears one more), and
- "any of N" when one of the model's N best hypotheses holds a wording of it (what no guard
  could do better than, short of a better model).

Each clip is heard in its room, and dry (the same phrase by the same voice, rate, pitch and
level after a silence, with no room at all: what the model makes of the voice itself); each of
those as the microphone gives it and through the design's front end (RNNoise where the room is
noisy, WebRTC's gain and suppression: the device's gain lifts a soft voice), a clip counted
heard where either is. And with two grammars: the device's (the step's wordings, its filler
and what else the design adds) and the step's wordings alone (nothing for the phrase to land
on but the other intents' wordings).
Beside each clip-step, the design's live listener hears the whole clip as the bench does, and
where the cut's best hypothesis (through the front end, the device's grammar) holds what the
listener missed, the reasons its guard gave are counted. The positive clips only: false advances
need the live listener and its talk (``talkstick bench``).
"""

import json

import numpy as np

from talkstick.audio import BLOCK_S, RATE
from talkstick.bench import corpus, noise, sets
from talkstick.bench.designs import DESIGNS, DEVICE, every_wording
from talkstick.bench.grade import ALL, CLIP_TAIL_S, hear_clip, listening_steps, room_kind
from talkstick.bench.measure import load_default_script, log
from talkstick.bench.sets import LEAD_IN_S
from talkstick.bench.splits import make_splits
from talkstick.core.vocabulary import INTENTS
from talkstick.hearing.detector import GATE
from talkstick.hearing.gate import Gate

PREROLL_S = Gate(**GATE).preroll_s  # before the phrase: what the device's gate keeps
TAIL_S = 0.2        # after the phrase: the end of the utterance, at once
ALTERNATIVES = 10   # the n-best list the lenient count looks through
GRAMMARS = ("device", "wordings")
ROOMS = ("room", "dry")
FRONT_ENDS = ("raw", "cleaned")


def cuts(clip, front_end):
    """{(room, front end): audio}: the clip's phrase from the gate's pre-roll before it to
    ``TAIL_S`` after, in its room and dry (the phrase as spoken, at the take's level, after the
    lead-in's silence, with no room), each as the microphone gives it ("raw") and through
    ``front_end`` ("cleaned", run over the whole clip as the live listener runs it; RNNoise's
    delay, 22 ms, is inside the tail)."""
    voice, rate, pitch, *_, level = clip.take
    phrase = corpus.synth(sets.spoken(clip.wording), voice, rate, pitch)
    scaled = noise.scaled(phrase, level / (noise.speech_rms(phrase) or 1))
    dry = np.concatenate([corpus.silence(LEAD_IN_S), scaled, corpus.silence(TAIL_S)])
    out = {}
    ends = {"room": clip.end, "dry": LEAD_IN_S + len(phrase) / RATE}
    for room, audio in (("room", clip.audio), ("dry", dry)):
        end = round(ends[room] * RATE)
        start = max(0, end - len(phrase) - round(PREROLL_S * RATE))
        for kind, heard in (("raw", audio), ("cleaned", front_end(audio))):
            out[room, kind] = heard[start:end + round(TAIL_S * RATE)]
    return out


def front_end_of(make):
    """audio -> the audio as a fresh listener of ``make`` (a design's factory) hands it to the gate."""
    def front_end(audio):
        detector, block = make(()), int(RATE * BLOCK_S)
        return np.concatenate([detector.front_end(audio[i:i + block])
                               for i in range(0, len(audio), block)])
    return front_end


def hypotheses(model, grammar, audio, alternatives=ALTERNATIVES):
    """The model's best transcripts of ``audio`` with ``grammar`` (a JSON word list), best first."""
    from talkstick.hearing import vosk_api  # not `import vosk`: that opens a socket

    rec = vosk_api.KaldiRecognizer(model, RATE, grammar)
    rec.SetMaxAlternatives(alternatives)
    rec.AcceptWaveform(audio.tobytes())
    result = json.loads(rec.FinalResult())
    return [alt.get("text", "") for alt in result.get("alternatives", [])] or [result.get("text", "")]


def holds(text, wordings):
    """Whether ``text`` holds one of ``wordings`` as whole words."""
    return any(f" {w} " in f" {text} " for w in wordings)


def judge(texts, intent, intents, phrases):
    """(best, any): the clip's intent alone in the best hypothesis, and in any of them."""
    others = [w for i in intents if i != intent for w in phrases[i]]
    best = bool(texts) and holds(texts[0], phrases[intent]) and not holds(texts[0], others)
    return best, any(holds(t, phrases[intent]) for t in texts)


def grammars_of(design, model, pack, intents):
    """{grammar kind: JSON word list} for a step listening for ``intents``."""
    detector = DESIGNS[design].factory(model, pack)(intents)
    wordings = [w for i in intents for w in DESIGNS[design].phrases(pack).get(i, ())]
    return {"device": detector.grammars[intents],
            "wordings": json.dumps(wordings, ensure_ascii=False)}


def ceiling(pack, model, *, seed=7, per_wording=6, design=DEVICE, progress=log):
    """{"splits": {split: {"steps": rows, "rooms": {kind: counts}}}, …}: per step (and all
    intents at once) the clip-steps, and of them those heard "best" and "any" per grammar, room
    and front end."""
    script = load_default_script(pack)
    phrases = DESIGNS[design].phrases(pack)
    steps = [(s.id, s.listens) for s in listening_steps(script)] + [(ALL, INTENTS)]
    avoid = sets.avoided(every_wording(pack))
    make = DESIGNS[design].factory(model, pack)
    front_end, tail = front_end_of(make), corpus.silence(CLIP_TAIL_S)
    figures = {"seed": seed, "design": design, "per_wording": per_wording,
               "alternatives": ALTERNATIVES, "splits": {}}
    for split in make_splits(seed):
        clips = sets.positives(phrases, split, seed, per_wording, avoid)
        heard = {}  # intents -> {clip index: {(grammar, room, front end): (best, any), "live": …}}
        audio = {}  # clip index -> its cuts, made once for every grammar
        distinct = sorted({listens for _, listens in steps}, key=len)
        for n, intents in enumerate(distinct, 1):
            mine = [k for k, c in enumerate(clips) if c.intent in intents]
            progress(f"{split.name} split, grammar {n}/{len(distinct)} ({len(mine)} clips): "
                     f"{', '.join(intents)}")
            grammars = grammars_of(design, model, pack, intents)
            for k in mine:
                if k not in audio:
                    audio[k] = cuts(clips[k], front_end)
                mine_heard = heard.setdefault(intents, {}).setdefault(k, {})
                for (room, front), cut in audio[k].items():
                    for kind, grammar in grammars.items():
                        mine_heard[kind, room, front] = judge(
                            hypotheses(model, grammar, cut), clips[k].intent, intents, phrases)
                first, _, detector = hear_clip(make, intents, clips[k], tail)
                wrong = ["another intent"] if first not in (None, clips[k].intent) else []
                mine_heard["live"] = (first == clips[k].intent, sorted(detector.rejected) + wrong)
        per_step = {name: [(clips[k], v) for k, v in heard.get(listens, {}).items()]
                    for name, listens in steps}
        over_steps = [result for name, results in per_step.items() if name != ALL
                      for result in results]  # clip-steps, as the bench's tallies count them
        figures["splits"][split.name] = {
            "steps": [row(name, results) for name, results in per_step.items()],
            "rooms": by_room(over_steps), "live": against_live([v for _, v in over_steps])}
    return figures


def row(name, results):
    """{"step", "clips", "<grammar> <room> [<front end>] best|any": count} over one step's
    clip-steps; without a front end: heard by either."""
    out = {"step": name, "clips": len(results), "live": sum(v["live"][0] for _, v in results)}
    for kind in GRAMMARS:
        for room in ROOMS:
            for front in (None, *FRONT_ENDS):
                key = " ".join(filter(None, (kind, room, front)))
                counts = [either(v, kind, room, front) for _, v in results]
                out[f"{key} best"] = sum(best for best, _ in counts)
                out[f"{key} any"] = sum(any_ for _, any_ in counts)
    return out


def against_live(results):
    """The live listener against the cut through its own front end and grammar ("best"), over
    clip-steps' hearings: both, the cut only (with each reason the guard gave counted once a
    clip-step), live only, neither."""
    out = {"both": 0, "cut only": 0, "live only": 0, "neither": 0, "reasons": {}}
    for v in results:
        cut, heard = v["device", "room", "cleaned"][0], v["live"][0]
        out[{(True, True): "both", (True, False): "cut only", (False, True): "live only",
             (False, False): "neither"}[cut, heard]] += 1
        if cut and not heard:
            for reason in v["live"][1] or ["nothing decoded"]:
                out["reasons"][reason] = out["reasons"].get(reason, 0) + 1
    return out


def either(heard, kind, room, front=None):
    """(best, any) of one clip-step by ``front`` end, or by either where None."""
    fronts = FRONT_ENDS if front is None else (front,)
    return tuple(any(heard[kind, room, f][n] for f in fronts) for n in (0, 1))


def by_room(results):
    """{kind of room: {"clips": clip-steps, "either" | "raw" | "cleaned": [best, any]}} over
    (clip, heard) clip-steps, the device's grammar, in the clip's room."""
    out = {}
    for clip, v in results:
        tally = out.setdefault(room_kind(clip.take),
                               {"clips": 0, **{f: [0, 0] for f in ("either", *FRONT_ENDS)}})
        tally["clips"] += 1
        for front in ("either", *FRONT_ENDS):
            counts = either(v, "device", "room", None if front == "either" else front)
            tally[front] = [a + b for a, b in zip(tally[front], counts, strict=True)]
    return out
