"""The benchmark: designs graded on a tuning split and a held-out split, and what they cost.

Everything is generated (espeak-ng voices, rates and rooms, in memory; see ``splits`` and
``sets``) and run in one process. A design is judged on the tuning split; the held-out split is
only reported, beside it, so a change that fits the tuning voices and not speech shows at once.
The cost side runs the chosen design and a plain always-on Vosk loop over the same simulated
session: compare the ratios, not the absolute seconds, on a shared, noisy machine.
"""

import json
import resource
import sys
import time

import numpy as np

from talkstick.audio import RATE
from talkstick.bench import corpus, noise, report, sets
from talkstick.bench.designs import DESIGNS, DEVICE, every_wording
from talkstick.bench.grade import CLIP_TAIL_S, grade, live, room_kind
from talkstick.bench.splits import make_splits
from talkstick.core.vocabulary import ALWAYS_HEARD, INTENTS


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


def step_intents(pack, intent, widest=False):
    """What the default script's first step that acts on ``intent`` listens for (the grammar it
    is heard with live), or with ``widest`` the step that listens for the most intents beside it;
    the always-heard ones only, where no step listens for it."""
    heard = [s.listens for s in load_default_script(pack).steps.values() if intent in s.listens]
    if not heard:
        return tuple(dict.fromkeys((intent, *ALWAYS_HEARD)))
    return max(heard, key=len) if widest else heard[0]


def load_default_script(pack):
    from talkstick.script.steps import load_script

    return load_script(pack.folder / "imago-dialogue.toml")


NOISY_SNR_DB = 10  # the noisy room of the CPU figure: pink noise 10 dB under the talk
SESSION_INTENTS = ("yes", "no", "thats_all", "is_there_more", "pause", "repeat")  # the "more" step


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


def in_noise(session, seed, snr_db=NOISY_SNR_DB):
    """The same session with pink noise under it: the room where the denoiser works."""
    audio, marks = session
    room = noise.make("pink", len(audio), np.random.default_rng(seed))
    return noise.mix(audio, room, snr_db, noise.speech_rms(audio)), marks


def warm_up(model, audio, wordings):
    """Decode once, free and with a grammar: the model's pages that decoding touches are the
    model's memory, not the listener's."""
    from talkstick.hearing import vosk_api

    grammar = json.dumps(list(wordings), ensure_ascii=False)
    for rec in (vosk_api.KaldiRecognizer(model, RATE), vosk_api.KaldiRecognizer(model, RATE, grammar)):
        rec.AcceptWaveform(audio.tobytes())
        rec.FinalResult()


def cost(loop, session, muted):
    """CPU seconds per audio second over the session, the share decoded, peak MB above now,
    for the loop alone (a design's CPU figure is ``side_by_side``'s)."""
    baseline = reset_peak()
    audio, marks = session
    started = time.process_time()
    for start, end, speaking in marks:
        _hear(loop, audio, start, end, speaking and muted)
    seconds = len(audio) / RATE
    return {"cpu_per_audio_s": (time.process_time() - started) / seconds,
            "fed_fraction": getattr(loop, "fed_s", seconds) / seconds,
            "peak_mb": rss_mb("VmHWM") - baseline}


def side_by_side(runs, clock=time.process_time):
    """CPU seconds per audio second of each ``(loop, session, muted)`` in ``runs`` (sessions
    of the same marks), fed a piece of the session each in turn: whatever else the shared
    machine does at that moment weighs on all of them alike. Timed one after another instead,
    minutes apart, the plain loop cost 18-32 ms per audio second from run to run and a
    design's ratio to it moved by as much as half."""
    spent = [0.0] * len(runs)
    for start, end, speaking in runs[0][1][1]:
        for i, (loop, (audio, _), muted) in enumerate(runs):
            started = clock()
            _hear(loop, audio, start, end, speaking and muted)
            spent[i] += clock() - started
    seconds = len(runs[0][1][0]) / RATE
    return [cpu / seconds for cpu in spent]


def _hear(loop, audio, start, end, deaf):
    if deaf:  # the device speaks: the listener is deaf and skips its own prompt
        loop.reset()
        loop.skip(end - start)
    else:
        stream(loop.feed, audio[start:end])


def noisy_rooms(pack, model, negative, rooms):
    """{kind of room: [rooms the device said "noisy room" in, rooms]} over the negative talk's
    half minutes, each heard by a fresh listener's detector (the device's own design, all
    intents) as one long turn: no prompt closes the gate."""
    make, out = DESIGNS[DEVICE].factory(model, pack), {}
    for start, end, take in rooms:
        detector = make(INTENTS)
        stream(detector.feed, negative[start:end])
        tally = out.setdefault(room_kind(take), [0, 0])
        tally[0] += detector.noisy_room
        tally[1] += 1
    return out


def generate(pack, phrase_sets, seed, per_wording, negative_minutes):
    """{split name: (split, {design: positive clips}, negative talk, its rooms)} for both splits of
    ``seed``. ``phrase_sets``: design -> its intents' wordings. A wording two designs share is
    generated once and heard by both on the same clips. The talk holds no wording of any design
    (run or not), so that designs run apart hear the same talk and the same clips."""
    wordings = {(i, w) for phrases in phrase_sets.values() for i, ws in phrases.items() for w in ws}
    avoid = sets.avoided(every_wording(pack))
    out = {}
    for split in make_splits(seed):
        log(f"generating the {split.name} split: {len(split.voices)} voices, rates "
            f"{'/'.join(map(str, split.rates))} wpm, noise {'/'.join(split.noises)}…")
        takes = {(i, w): sets.takes(i, w, split, seed, per_wording, avoid) for i, w in sorted(wordings)}
        clips = {name: [c for i, ws in phrases.items() for w in ws for c in takes[i, w]]
                 for name, phrases in phrase_sets.items()}
        log(f"  {sum(map(len, takes.values()))} positive clips; now {negative_minutes:g} "
            "minutes of talk…")
        out[split.name] = (split, clips, *sets.negatives(avoid, split, seed, negative_minutes))
    return out


def run_bench(pack, model_path, *, seed=7, negative_minutes=report.TARGET_MINUTES,
              session_minutes=10.0, per_wording=6, designs=("before", "after"), as_json=False, model=None):
    """Generate both splits, grade each design on both, measure the cost; print the report
    (``model``: one loaded already from ``model_path``, e.g. by a test)."""
    from talkstick.hearing.models import load_model

    data = generate(pack, {name: DESIGNS[name].phrases(pack) for name in designs}, seed,
                    per_wording, negative_minutes)
    log(f"generating a {session_minutes:g}-minute session for the CPU figure…")
    session = session_audio(pack, corpus.seeded(seed), session_minutes)
    noisy_session = in_noise(session, seed)
    before = rss_mb()
    model = model or load_model(model_path)
    warm_up(model, session[0][:RATE * 3], next(iter(pack.phrases.values())))
    script = load_default_script(pack)
    figures = {"seed": seed, "model_mb": rss_mb() - before, "negative_minutes": negative_minutes,
               "splits": {name: split.__dict__ for name, (split, *_) in data.items()},
               "designs": {}}
    tail = corpus.silence(CLIP_TAIL_S)
    for name in designs:
        design, graded, tallies = DESIGNS[name], {}, {}
        own = load_model(model_path, design.decoder) if design.decoder else model
        make = design.factory(own, pack)
        for split_name, (_, clips, negative, rooms) in data.items():
            log(f"design {name!r} on the {split_name} split…")
            graded[split_name], by = grade(make, script, clips[name], negative, tail, log, rooms)
            for key, counts in by.items():
                tallies.setdefault(key, {})[split_name] = counts
        log(f"the memory of design {name!r} over the session…")
        ours = cost(make(SESSION_INTENTS), session, True)
        log(f"the CPU of design {name!r} over the session, in a noisy room and beside the plain "
            "always-on loop…")
        ours["cpu_per_audio_s"], noisy, plain = side_by_side([
            (make(SESSION_INTENTS), session, True),
            (make(SESSION_INTENTS), noisy_session, True),
            (PlainLoop(model, pack), session, False)])
        figures["designs"][name] = {"about": design.about, "steps": graded, **tallies,
                                    "cost": ours, "cost_noisy": {"cpu_per_audio_s": noisy},
                                    "plain": {"cpu_per_audio_s": plain}}
    log("the device's noisy-room notice over each half minute of the talk…")
    figures["noisy_room"] = {name: noisy_rooms(pack, model, negative, rooms)
                             for name, (_, _, negative, rooms) in data.items()}
    log("the cost of a plain always-on Vosk loop over the session, alone…")
    figures["plain"] = cost(PlainLoop(model, pack), session, False)
    report.print_report(figures)
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))
    return figures
