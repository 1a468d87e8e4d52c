"""The benchmark: the listener measured against a plain Vosk loop, side by side.

Everything is generated (espeak-ng voices and speeds, in memory) and run in one process, so
the two sides see the same audio on the same machine at the same moment: compare the ratios,
not the absolute seconds, on a shared, noisy machine.
"""

import json
import resource
import statistics
import sys
import time

import numpy as np

from talkstick.audio import BLOCK_S, RATE
from talkstick.bench import corpus
from talkstick.core.vocabulary import INTENTS


def log(message):
    print(message, file=sys.stderr, flush=True)


def reset_peak():
    """Start peak-RSS counting afresh (Linux: clear_refs 5); returns the resident MB now."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return rss_mb()


def rss_mb(field="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PlainLoop:
    """The baseline: every block into one recognizer; any grammar phrase in a final result."""

    def __init__(self, model, pack):
        from talkstick.hearing import vosk_api

        wordings = sorted(set(pack.wordings()))
        self.rec = vosk_api.KaldiRecognizer(model, RATE, json.dumps(wordings, ensure_ascii=False))
        self.intent_of = {w: i for i, ws in pack.phrases.items() for w in ws}

    def feed(self, block):
        """The intent of the first phrase in a final result, if one came: at most one."""
        if not self.rec.AcceptWaveform(block.tobytes()):
            return []
        text = json.loads(self.rec.Result()).get("text", "")
        return [intent for w, intent in self.intent_of.items() if f" {w} " in f" {text} "][:1]


def stream(feed, samples):
    """The intents found, block by block as live (when they came does not matter here)."""
    return [intent for intent, _ in live(feed, samples)]


def live(feed, samples, block_s=BLOCK_S):
    """(intent, seconds) for each detection as a live worker would post it: blocks arrive in
    real time, and each is handled once the one before is done, taking the CPU time it took
    here. So the latency includes the decoding, not only the audio time."""
    block = int(RATE * block_s)
    clock, out = 0.0, []
    for i in range(0, len(samples), block):
        piece = samples[i:i + block]
        started = time.process_time()
        found = feed(piece)
        clock = max(clock, (i + len(piece)) / RATE) + time.process_time() - started
        out += [(getattr(f, "intent", f), clock) for f in found]
    return out


def step_intents(pack, intent):
    """What the step that acts on ``intent`` listens for: the grammar it is heard with live."""
    from talkstick.script.steps import load_script

    steps = load_script(pack.folder / "imago-dialogue.toml").steps.values()
    return next((s.listens for s in steps if intent in s.listens), (intent, "pause", "repeat"))


def positives(pack, rng):
    """(audio, intent, phrase end in seconds) for every wording, voice and speed."""
    sets = []
    avoid = pack.wordings()
    talk = corpus.ko_sentences(rng, avoid)
    for intent, wordings in pack.phrases.items():
        for wording in wordings:
            for voice in corpus.KO_VOICES:
                for speed in (150, 185):
                    clip = corpus.synth(wording, voice, speed)
                    before = corpus.silence(0.6)
                    if rng.random() < 0.4:  # inside longer speech, set apart by pauses
                        before = np.concatenate([corpus.synth(next(talk), *corpus.voice_choices(rng)),
                                                 corpus.silence(rng.uniform(0.5, 0.9))])
                    after = corpus.silence(1.0)
                    sets.append((np.concatenate([before, clip, after]), intent,
                                 (len(before) + len(clip)) / RATE))
    return sets


def latency(got, intent, end):
    """Seconds from the phrase's end to its event, or None when it was not heard."""
    return next((at - end for found, at in got if found == intent), None)


def summarize(latencies):
    hits = [x for x in latencies if x is not None]
    if not hits:
        return {"hits": 0, "of": len(latencies)}
    ordered = sorted(hits)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"hits": len(hits), "of": len(latencies), "median_ms": 1000 * statistics.median(hits),
            "p95_ms": 1000 * p95}


def session_audio(pack, rng, minutes):
    """A session's sound at the table: talk, pauses, check-ins, and the device's own prompts."""
    parts, marks, pos = [], [], 0
    avoid = pack.wordings()
    while pos < minutes * 60 * RATE:
        prompt = corpus.synth(pack.prompts["chunk_long"].format(sender="A", receiver="B"), "ko")
        talk = corpus.talk(rng, rng.uniform(15, 40), avoid)
        check = corpus.synth(rng.choice(pack.phrases["is_there_more"]), *corpus.voice_choices(rng))
        quiet = corpus.silence(rng.uniform(2, 6))
        for piece, speaking in ((prompt, True), (quiet, False), (talk, False), (check, False),
                                (corpus.silence(1.0), False)):
            marks.append((pos, pos + len(piece), speaking))
            parts.append(piece)
            pos += len(piece)
    return np.concatenate(parts), marks


SESSION_INTENTS = ("yes", "no", "thats_all", "is_there_more", "pause", "repeat")  # the "more" step


def warm_up(model, audio, wordings):
    """Decode once, free and with a grammar: the model's pages that decoding touches are the
    model's memory, not the listener's."""
    from talkstick.hearing import vosk_api

    grammar = json.dumps(list(wordings), ensure_ascii=False)
    for rec in (vosk_api.KaldiRecognizer(model, RATE), vosk_api.KaldiRecognizer(model, RATE, grammar)):
        rec.AcceptWaveform(audio.tobytes())
        rec.FinalResult()


def measure(make, sets, grammar, negative, session, muted):
    """One side's figures, run alone, so that its peak memory is its own.

    ``make(intents)`` builds the side's recognizer loop; ``muted``: it does not listen while
    the device speaks (ours) or it is always on (the plain loop).
    """
    baseline = reset_peak()
    tail = corpus.silence(1.5)  # lets Vosk's own endpoint fire after a clip's last word
    latencies = [latency(live(make(grammar[intent]).feed, np.concatenate([audio, tail])), intent, end)
                 for audio, intent, end in sets]
    loop = make(INTENTS)
    false = len(stream(loop.feed, negative) + stream(loop.feed, tail))
    audio, marks = session
    loop = make(SESSION_INTENTS)
    started = time.process_time()
    for start, end, speaking in marks:
        if speaking and muted:
            loop.reset()
            loop.skip(end - start)
        else:
            stream(loop.feed, audio[start:end])
    seconds = len(audio) / RATE
    return {**summarize(latencies), "false": false,
            "cpu_per_audio_s": (time.process_time() - started) / seconds,
            "fed_fraction": getattr(loop, "fed_s", seconds) / seconds,
            "peak_mb": rss_mb("VmHWM") - baseline}


def run_bench(pack, model_path, *, seed=7, negative_minutes=10.0, session_minutes=10.0,
              as_json=False):
    """Generate the sets, run both sides, print the report (and the figures as JSON)."""
    from talkstick.hearing.detector import Detector
    from talkstick.hearing.models import load_model

    rng = corpus.seeded(seed)
    log("generating the positive set…")
    sets = positives(pack, rng)
    log(f"generating {negative_minutes:g} minutes of speech with no check-in phrase…")
    avoid = pack.wordings()
    negative = corpus.talk(rng, negative_minutes * 60, avoid)
    log(f"generating a {session_minutes:g}-minute session…")
    session = session_audio(pack, rng, session_minutes)
    before = rss_mb()
    model = load_model(model_path)
    warm_up(model, sets[0][0], next(iter(pack.phrases.values())))
    figures = {"model_mb": rss_mb() - before, "clips": len(sets),
               "negative_minutes": round(len(negative) / RATE / 60, 1)}
    grammar = {intent: step_intents(pack, intent) for intent in pack.phrases}

    def make_ours(intents):
        d = Detector(model, pack.phrases, filler=pack.filler)
        d.listen_for(intents)
        return d

    for side, make, muted in (("ours", make_ours, True),
                              ("plain", lambda _: PlainLoop(model, pack), False)):
        log(f"running the positive clips, the talk and the session through {side}…")
        figures[side] = measure(make, sets, grammar, negative, session, muted)
    print_report(figures)
    if as_json:
        print(json.dumps(figures))


def print_report(f):
    o, p = f["ours"], f["plain"]

    def ms(d, key):
        return f"{d[key]:.0f} ms" if key in d else "n/a"

    def ratio(key):
        return f"{o[key] / p[key]:.2f}×" if o.get(key) and p.get(key) else "n/a"

    def hits(d):
        return f"{d['hits']} ({100 * d['hits'] / d['of']:.0f} %)"

    def per_hour(d):
        return f"{d['false'] * 60 / f['negative_minutes']:.1f}"

    rows = [
        ("latency median (phrase end → event)", ms(o, "median_ms"), ms(p, "median_ms"),
         ratio("median_ms")),
        ("latency p95", ms(o, "p95_ms"), ms(p, "p95_ms"), ratio("p95_ms")),
        (f"hits on {f['clips']} positive clips", hits(o), hits(p), ""),
        (f"false advances / hour ({f['negative_minutes']} min of talk)", per_hour(o), per_hour(p), ""),
        ("CPU s per audio s, whole session", f"{o['cpu_per_audio_s']:.4f}",
         f"{p['cpu_per_audio_s']:.4f}", ratio("cpu_per_audio_s")),
        ("audio decoded, whole session", f"{100 * o['fed_fraction']:.0f} %",
         f"{100 * p['fed_fraction']:.0f} %", ""),
        ("peak memory above the model", f"{o['peak_mb']:.1f} MB", "", ""),
    ]
    print(f"{'':44} {'talkstick':>14} {'plain Vosk':>14} {'ratio':>8}")
    for name, a, b, r in rows:
        print(f"{name:44} {a:>14} {b:>14} {r:>8}")
    print(f"model resident: {f['model_mb']:.0f} MB. Latency counts the decoding, as a live worker "
          "would; the ratios are what to compare on a shared machine.")
