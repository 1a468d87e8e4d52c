"""The benchmark's speech, per split: check-in phrases in context, and talk with none in it.

A positive clip is one wording said by one of the split's voices, at one of its rates and
pitches, in one of its rooms: alone after a silence, right after a sentence of talk (a short
gap), or between two sentences. Negative talk is two partners talking with pauses, a fifth of
it short standalone utterances ("음", "진짜요", "피곤해요"), with the room's noise running under
it. Everything is espeak-ng in memory, drawn from a generator seeded per split.
"""

import random
from dataclasses import dataclass

import numpy as np

from talkstick.audio import RATE
from talkstick.bench import corpus, noise

CONTEXTS = ("alone", "after talk", "between talk")
LEAD_IN_S = 3.0  # the room heard before anyone speaks: a live gate has long learnt its noise
# Short things people say that are no check-in (and contain no wording of any intent).
SHORT = ("음", "글쎄요", "잠깐만요", "진짜요", "그렇구나", "아 그래", "뭐라고요", "어머", "정말요",
         "그치", "몰라요", "배고파요", "피곤해요", "고마워요", "미안해요", "어디 가요",
         "밥 먹었어요", "그래서요", "좋겠다", "아 맞다", "웃기다", "아이고", "그건 좀", "왜요")
# Pieces the Korean model's vocabulary splits off, which a speaker says as one word with the one
# before ("맞습 니다" is said "맞습니다").
SUFFIXES = ("니다", "예요", "이에요", "아요", "어요", "나요", "인가요")


@dataclass(frozen=True)
class Clip:
    audio: np.ndarray
    intent: str
    wording: str
    end: float    # seconds where the phrase ends
    context: str
    take: tuple   # (voice, rate, pitch, noise, snr, level)


def spoken(wording):
    """How a person says a wording the model's vocabulary splits: "맞습 니다" -> "맞습니다"."""
    out = []
    for word in wording.split():
        if out and word in SUFFIXES:
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def rng_for(seed, split, what):
    return random.Random(f"{seed}-{split.name}-{what}")


def sentences(rng, avoid, short=0.2):
    """Endless talk, about ``short`` of it short standalone utterances."""
    talk = corpus.ko_sentences(rng, avoid)
    while True:
        text = rng.choice(SHORT) if rng.random() < short else next(talk)
        if not any(a in text.replace(" ", "") for a in avoid):
            yield text


def talk(rng, split, seconds, avoid, short=0.2):
    """Two partners of the split talking, with pauses: about ``seconds`` of clean speech."""
    partners = [split.take(rng)[:3] for _ in range(2)]
    parts, total = [], 0.0
    for text in sentences(rng, avoid, short):
        clip = corpus.synth(text, *rng.choice(partners))
        pause = corpus.silence(rng.uniform(0.3, 1.2))
        parts += [clip, pause]
        total += (len(clip) + len(pause)) / RATE
        if total >= seconds:
            return np.concatenate(parts)


def in_room(audio, rng, split, take, avoid, speech=None):
    """``audio`` at the take's speech level with its noise under it at its SNR (None: none);
    ``speech``: the part whose level counts (default: all of it)."""
    _, _, _, kind, snr, level = take
    audio = noise.scaled(audio, level / (noise.speech_rms(audio if speech is None else speech) or 1))
    if snr is None:
        return audio
    nrng = np.random.default_rng(rng.randrange(2**32))
    sound = noise.make(kind, len(audio), nrng, lambda s: talk(rng, split, s, avoid, short=0))
    return noise.mix(audio, sound, snr, level)


def avoided(wordings):
    """What talk must not hold: each wording as it is said, without its spaces."""
    return tuple(sorted({spoken(w).replace(" ", "") for w in wordings}))


def positives(phrases, split, seed, per_wording=4, avoid=()):
    """Clips of every wording of every intent (``phrases``: intent -> wordings), ``per_wording``
    takes each, from this split. Each wording's takes come from a generator of its own, so a
    wording has the same clips whichever other wordings are beside it: two designs that word
    an intent differently are heard on the same clips wherever their wordings agree."""
    return [clip for intent, wordings in phrases.items() for wording in wordings
            for clip in takes(intent, wording, split, seed, per_wording, avoid)]


def takes(intent, wording, split, seed, per_wording, avoid):
    """One wording's ``per_wording`` clips, from a generator seeded by the split and the wording."""
    rng = rng_for(seed, split, f"positives {intent} {wording}")
    lines = sentences(rng, avoid, short=0.3)
    clips = []
    for _ in range(per_wording):
        take, context = split.take(rng), rng.choice(CONTEXTS)
        phrase = corpus.synth(spoken(wording), *take[:3])
        before, after = corpus.silence(rng.uniform(0.5, 0.8)), corpus.silence(1.0)
        if context != "alone":
            gap = rng.uniform(0.25, 0.5) if context == "after talk" else rng.uniform(0.5, 0.9)
            before = np.concatenate([corpus.synth(next(lines), *split.take(rng)[:3]),
                                     corpus.silence(gap)])
        if context == "between talk":
            after = np.concatenate([corpus.silence(rng.uniform(0.6, 0.9)),
                                    corpus.synth(next(lines), *split.take(rng)[:3]),
                                    corpus.silence(0.6)])
        before = np.concatenate([corpus.silence(LEAD_IN_S), before])
        audio = np.concatenate([before, phrase, after])
        audio = in_room(audio, rng, split, take, avoid, phrase)
        clips.append(Clip(audio, intent, wording, (len(before) + len(phrase)) / RATE, context, take))
    return clips


def negatives(avoid, split, seed, minutes):
    """(audio, rooms): ``minutes`` of talk with none of ``avoid`` in it, in the split's rooms
    (one per half minute), and each room's (first sample, end sample, take)."""
    rng = rng_for(seed, split, "negatives")
    parts, rooms, total, at = [], [], 0.0, 0
    while total < minutes * 60:
        chunk = talk(rng, split, min(30.0, minutes * 60 - total), avoid)
        take = split.take(rng)
        parts.append(in_room(chunk, rng, split, take, avoid))
        rooms.append((at, at + len(parts[-1]), take))
        total += len(chunk) / RATE
        at += len(parts[-1])
    return np.concatenate(parts), rooms
