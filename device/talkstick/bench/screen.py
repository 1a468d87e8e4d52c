"""`talkstick bench --screen INTENT WORDING…`: candidate wordings for one intent, on the tuning
split only.

Choosing a pack's wordings is tuning, so a screen hears the tuning split and nothing else; the
held-out split stays for the bench's figures, where a pack changed by a screen is judged. Each
wording, the pack's own for the intent first, is heard alone for its intent (the other intents
keep their wordings) by the device's design or another of the bench's, with the grammar of the
step that listens for the most intents beside it (what it competes with most): the hits of its
clips (and of those in a quiet room), wrong intents heard in them, the talk taken for it and for
any intent in the split's talk, and the median latency. The talk holds none of the wordings, as
the bench's does.
"""

import dataclasses
import statistics

from talkstick.bench import corpus, sets
from talkstick.bench.designs import DESIGNS, DEVICE, every_wording
from talkstick.bench.grade import CLIP_TAIL_S, false_detections, outcomes, room
from talkstick.bench.measure import log, step_intents
from talkstick.bench.splits import make_splits
from talkstick.errors import ConfigError
from talkstick.hearing.models import missing_words


def check_candidates(pack, model, intent, wordings):
    """A ConfigError that names what is wrong, or the wordings to screen: the pack's own for
    ``intent`` first, then each new one once (spaces as the model splits words)."""
    if intent not in pack.phrases:
        raise ConfigError(f"--screen: {intent!r} is not an intent of the {pack.language!r} pack; "
                          f"one of: {', '.join(pack.phrases)}")
    wordings = tuple(dict.fromkeys(" ".join(w.split()) for w in (*pack.phrases[intent], *wordings)))
    if empty := [w for w in wordings if not w]:
        raise ConfigError(f"--screen: {len(empty)} empty wording(s); give each as one argument, "
                          'quoted where it has spaces ("아니 예요")')
    if missing := missing_words(model, (word for w in wordings for word in w.split())):
        raise ConfigError(f"--screen: not in the model's vocabulary: {', '.join(missing)} (a "
                          "grammar with it would never match; `talkstick model check --lang "
                          f"{pack.language}` lists the pack's, and the model may split a word: "
                          '"맞습 니다")')
    return wordings


def heard_alone(design, pack, intent, wording):
    """``design`` (a name of ``DESIGNS``) with ``wording`` the one wording of ``intent``; every other
    intent keeps the design's wordings."""
    alone = {**(DESIGNS[design].wordings or {}).get(pack.language, {}), intent: (wording,)}
    return dataclasses.replace(DESIGNS[design], wordings={pack.language: alone})


def screen(pack, model, intent, wordings, *, seed=7, per_wording=24, negative_minutes=8.0,
           design=DEVICE, progress=log):
    """One row per wording (``check_candidates``' order): its figures on the tuning split, heard
    by ``design`` (a name of ``DESIGNS``) with that intent's wordings replaced by it."""
    tuning, _ = make_splits(seed)
    intents = step_intents(pack, intent, widest=True)
    avoid = sets.avoided([*every_wording(pack), *wordings])
    progress(f"screening {len(wordings)} wordings of {intent!r} on the tuning split, heard beside "
             f"{', '.join(i for i in intents if i != intent)}; {negative_minutes:g} minutes of talk…")
    talk, _ = sets.negatives(avoid, tuning, seed, negative_minutes)
    rows = []
    for n, wording in enumerate(wordings, 1):
        progress(f"  {n}/{len(wordings)}: {wording}")
        make = heard_alone(design, pack, intent, wording).factory(model, pack)
        heard = outcomes(make, intents, sets.takes(intent, wording, tuning, seed, per_wording, avoid),
                         corpus.silence(CLIP_TAIL_S))
        false = [found for found, _ in false_detections(make, intents, talk)]
        latencies = [at for _, found, at in heard if at is not None]
        rows.append({"wording": wording, "pack": wording in pack.phrases[intent],
                     "clips": len(heard), "hits": sum(found == intent for _, found, _ in heard),
                     "quiet": [sum(found == intent for c, found, _ in heard if room(c) == "quiet"),
                               sum(room(c) == "quiet" for c, _, _ in heard)],
                     "wrong": sum(found not in (None, intent) for _, found, _ in heard),
                     "talk_taken": false.count(intent), "talk_taken_any": len(false),
                     "median_ms": statistics.median(latencies) * 1000 if latencies else None})
    return {"intent": intent, "beside": intents, "design": design, "seed": seed,
            "negative_minutes": negative_minutes, "voices": tuning.voices, "rows": rows}
