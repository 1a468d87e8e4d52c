"""`talkstick bench`: the listener measured against a plain Vosk loop, side by side.

Everything is generated (espeak-ng voices and speeds, in memory) and run in one process, so
the two sides see the same audio on the same machine at the same moment: compare the ratios,
not the absolute seconds, on a shared, noisy machine.
"""

import json
import os
import resource
import statistics
import sys
import time

import numpy as np

from talkstick import corpus
from talkstick.gate import RATE
from talkstick.listener import BLOCK_S


def add_bench_command(sub):
    p = sub.add_parser(
        "bench", help="measure detection latency, false advances, CPU and memory",
        description="Generate a reproducible speech set with espeak-ng (several voices and "
        "speeds, phrases alone and inside longer speech, minutes of talk without any "
        "check-in phrase) and run the listener's core and a plain Vosk final-result loop on "
        "it, side by side. Prints latency (median, p95), hits, false advances per hour, CPU "
        "seconds per audio second over a simulated session, and peak memory above the model.\n\n"
        "example: talkstick bench --lang ko --negative-minutes 10")
    p.add_argument("--lang", default="ko", help="language pack and model (default: ko, the model "
                   "tests use)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.add_argument("--negative-minutes", type=float, default=10.0, metavar="M",
                   help="minutes of speech with no check-in phrase (default 10)")
    p.add_argument("--session-minutes", type=float, default=10.0, metavar="M",
                   help="length of the simulated session for the CPU figure (default 10)")
    p.add_argument("--seed", type=int, default=7, help="seed for the generated set (default 7)")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    p.set_defaults(run=run_bench)


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

    def __init__(self, model, phrases):
        import vosk

        wordings = sorted({w for ws in phrases.values() for w in ws})
        self.rec = vosk.KaldiRecognizer(model, RATE, json.dumps(wordings, ensure_ascii=False))
        self.intent_of = {w: i for i, ws in phrases.items() for w in ws}
        self.pos = 0

    def feed(self, block):
        self.pos += len(block)
        if not self.rec.AcceptWaveform(block.tobytes()):
            return []
        text = json.loads(self.rec.Result()).get("text", "")
        return [(intent, self.pos / RATE) for w, intent in self.intent_of.items()
                if f" {w} " in f" {text} "][:1]


def stream(feeder, samples, block_s=BLOCK_S):
    block = int(RATE * block_s)
    out = []
    for i in range(0, len(samples), block):
        out += feeder(samples[i:i + block])
    return out


def step_intents(pack, intent):
    """What the step that acts on ``intent`` listens for: the grammar it is heard with live."""
    from talkstick.script import load_script

    steps = load_script(pack.folder / "imago-dialogue.toml").steps.values()
    return next((s.listens for s in steps if intent in s.listens), (intent, "pause", "repeat"))


def positives(pack, rng):
    """(audio, intent, phrase end in seconds) for every wording, voice and speed."""
    sets = []
    avoid = [w for ws in pack.phrases.values() for w in ws]
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


def measure_positives(make_ours, make_plain, sets, step_intents_of):
    results = {"ours": [], "plain": []}
    for audio, intent, end in sets:
        ours = make_ours(step_intents_of[intent])
        got = [(d.intent, d.at) for d in stream(ours.feed, audio)]
        results["ours"].append(_first(got, intent, end))
        plain = make_plain()
        results["plain"].append(_first(stream(plain.feed, audio) + _flush(plain), intent, end))
    return results


def _flush(plain):
    return stream(plain.feed, corpus.silence(1.5))


def _first(got, intent, end):
    for found, at in got:
        if found == intent:
            return at - end
    return None


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
    avoid = [w for ws in pack.phrases.values() for w in ws]
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


def cpu_session(make_ours, make_plain, audio, marks, step_intents):
    """CPU seconds per audio second: ours muted while the device speaks, gated; plain always on."""
    ours = make_ours()
    ours.listen_for(step_intents)
    started = time.process_time()
    for start, end, speaking in marks:
        piece = audio[start:end]
        if speaking:
            ours.reset()
            ours.skip(len(piece))
        else:
            stream(ours.feed, piece)
    ours_cpu = time.process_time() - started
    plain = make_plain()
    started = time.process_time()
    stream(plain.feed, audio)
    plain_cpu = time.process_time() - started
    seconds = len(audio) / RATE
    return ours_cpu / seconds, plain_cpu / seconds, ours.fed_s / seconds


def run_bench(args):
    from talkstick.detector import Detector
    from talkstick.models import load_model, require_model
    from talkstick.pack import INTENTS, load_pack

    pack = load_pack(args.lang)
    choice = require_model(args.lang, flag=args.model, environ=os.environ)
    rng = corpus.seeded(args.seed)
    log("generating the positive set…")
    sets = positives(pack, rng)
    log(f"generating {args.negative_minutes:g} minutes of speech with no check-in phrase…")
    avoid = [w for ws in pack.phrases.values() for w in ws]
    negative = corpus.talk(rng, args.negative_minutes * 60, avoid)
    hours = len(negative) / RATE / 3600
    log(f"generating a {args.session_minutes:g}-minute session…")
    audio, marks = session_audio(pack, rng, args.session_minutes)

    before = rss_mb()
    model = load_model(choice.path)
    model_mb = rss_mb() - before
    baseline = reset_peak()

    def make_ours(intents=INTENTS):
        d = Detector(model, pack.phrases, filler=pack.filler)
        d.listen_for(intents)
        return d

    def make_plain():
        return PlainLoop(model, pack.phrases)

    log(f"running {len(sets)} positive clips through both…")
    grammar = {intent: step_intents(pack, intent) for intent in pack.phrases}
    pos = measure_positives(make_ours, make_plain, sets, grammar)
    log("running the negative set through both…")
    ours_false = len(stream(make_ours().feed, negative))
    plain_false = len(stream(make_plain().feed, negative) + _flush(make_plain()))
    log("running the session through both…")
    more = ("yes", "no", "thats_all", "is_there_more", "pause", "repeat")
    ours_cpu, plain_cpu, fed = cpu_session(make_ours, make_plain, audio, marks, more)
    peak_above = rss_mb("VmHWM") - baseline
    figures = {
        "ours": summarize(pos["ours"]), "plain": summarize(pos["plain"]),
        "negative_minutes": round(hours * 60, 1),
        "false_per_hour": {"ours": ours_false / hours, "plain": plain_false / hours},
        "cpu_per_audio_s": {"ours": ours_cpu, "plain": plain_cpu, "fed_fraction": fed},
        "model_mb": model_mb, "peak_above_model_mb": peak_above,
    }
    print_report(figures, len(sets))
    if args.json:
        print(json.dumps(figures))
    return 0


def print_report(f, clips):
    o, p = f["ours"], f["plain"]

    def ms(d, key):
        return f"{d[key]:.0f} ms" if key in d else "n/a"

    def ratio(a, b):
        return f"{a / b:.2f}×" if b else "n/a"

    rows = [
        ("latency median (at − phrase end)", ms(o, "median_ms"), ms(p, "median_ms"),
         ratio(o.get("median_ms", 0), p.get("median_ms", 0))),
        ("latency p95", ms(o, "p95_ms"), ms(p, "p95_ms"), ratio(o.get("p95_ms", 0), p.get("p95_ms", 0))),
        (f"hits on {clips} positive clips", f"{o['hits']} ({100 * o['hits'] / o['of']:.0f} %)",
         f"{p['hits']} ({100 * p['hits'] / p['of']:.0f} %)", ""),
        (f"false advances / hour ({f['negative_minutes']} min of talk)",
         f"{f['false_per_hour']['ours']:.1f}", f"{f['false_per_hour']['plain']:.1f}", ""),
        ("CPU s per audio s, whole session", f"{f['cpu_per_audio_s']['ours']:.4f}",
         f"{f['cpu_per_audio_s']['plain']:.4f}",
         ratio(f["cpu_per_audio_s"]["ours"], f["cpu_per_audio_s"]["plain"])),
    ]
    print(f"{'':44} {'talkstick':>14} {'plain Vosk':>14} {'ratio':>8}")
    for name, a, b, r in rows:
        print(f"{name:44} {a:>14} {b:>14} {r:>8}")
    fed = 100 * f["cpu_per_audio_s"]["fed_fraction"]
    print(f"audio fed to Vosk by talkstick: {fed:.0f} % of the session")
    print(f"model resident: {f['model_mb']:.0f} MB; listening peak above the model and the "
          f"generated audio: {f['peak_above_model_mb']:.1f} MB")
