"""The soak: hours of a session's sound through the real listener, as fast as it decodes.

The real ``Listener`` (its worker thread, its block queue, and the ``Detector`` with the real
model, as on the device) hears generated speech: a stand-in stream replaces the microphone,
and 20 ms blocks go straight into the listener's queue, waiting while it is full, so the
audio runs as fast as it is decoded. Steps switch the grammar as a session does, the device's
own prompts mute it for a while, and check-in phrases come among talk and pauses. The speech
is generated once, before the first figures, and then drawn from at random (seeded).

Resident memory, threads and open files are printed at the start (after a warm-up), every
few minutes of audio and at the end, with the growth per hour of audio.
"""

import dataclasses
import os
import threading
import time

import numpy as np

from talkstick.audio import BLOCK_S, RATE
from talkstick.bench import corpus
from talkstick.bench.measure import log, rss_mb
from talkstick.core import events as ev
from talkstick.hearing.listener import Listener
from talkstick.script.said import Wording

BLOCK = int(RATE * BLOCK_S)
WARM_UP_S = 120.0  # audio seconds before the first figures: the model's pages, the caches


@dataclasses.dataclass(frozen=True)
class Figures:
    audio_s: float
    wall_s: float
    rss_mb: float
    threads: int
    files: int
    heard: int
    utterances: int   # segments the gate closed: each one a recognizer made and dropped
    decoded_s: float  # audio given to Vosk

    def line(self):
        return (f"{self.audio_s / 60:7.1f} audio min  {self.wall_s:7.1f} s  RSS {self.rss_mb:7.1f} MB"
                f"  threads {self.threads:3d}  open files {self.files:3d}  utterances "
                f"{self.utterances:6d}  decoded {self.decoded_s / 60:5.1f} min  heard {self.heard}")


class Microphone:
    """Stands in for the sounddevice stream: always running, nothing to close."""

    active = True

    def close(self):
        pass


class Pool:
    """Speech made once: Korean talk, every wording of every intent in several voices, and
    the device's prompts."""

    def __init__(self, pack, rng, talk_clips=150):
        avoid = pack.wordings()
        sentences = corpus.ko_sentences(rng, avoid)
        self.talk = [corpus.synth(next(sentences), *corpus.voice_choices(rng))
                     for _ in range(talk_clips)]
        self.phrases = [corpus.synth(w, v, s) for ws in pack.phrases.values() for w in ws
                        for v in corpus.KO_VOICES[:2] for s in (150, 185)]
        said = [w for w in (Wording(key, text) for key, text in pack.prompts.items())
                if w.template and w.fixed][:12]
        self.prompts = [corpus.synth(w.filled("A", "B", 20), "ko") for w in said]
        # a quiet room's hiss, not digital zeros (which the listener takes for no microphone)
        self.hiss = np.random.default_rng(rng.randrange(2**32)).integers(-3, 4, 2 * RATE,
                                                                          dtype=np.int16)

    def quiet(self, seconds):
        return self.hiss[:int(seconds * RATE)]


def turns(pool, steps, rng):
    """Endless (intents, [(samples, speaking)]): a step's prompt, then talk with a phrase."""
    while True:
        intents = rng.choice(steps)
        pieces = [(rng.choice(pool.prompts), True), (pool.quiet(rng.uniform(0.3, 2.0)), False)]
        for _ in range(rng.randint(1, 6)):
            pieces += [(rng.choice(pool.talk), False), (pool.quiet(rng.uniform(0.2, 1.2)), False)]
            if rng.random() < 0.5:
                pieces += [(rng.choice(pool.phrases), False), (pool.quiet(0.8), False)]
        yield intents, pieces


class Soak:
    """Feeds ``minutes`` of audio to a Listener on ``model`` and takes its figures."""

    def __init__(self, model, pack, steps, *, seed=7, stop=None):
        self.rng = corpus.seeded(seed)
        self.stop = stop or threading.Event()
        log("generating the speech (once)…")
        self.pool = Pool(pack, self.rng)
        self.turns = turns(self.pool, steps, self.rng)
        self.fed = 0  # samples given to the listener
        self.heard, self.started = 0, time.monotonic()
        self.speaking = threading.Event()
        self.listener = Listener(model, pack.phrases, self._post, filler=pack.filler,
                                 stream=Microphone(), speaking=self.speaking,
                                 clock=lambda: self.listener.detector.now)

    def _post(self, event):
        if isinstance(event, ev.Heard):
            self.heard += 1

    def run(self, minutes, every_minutes, report=print):
        """Feed ``minutes`` of audio after a warm-up, reporting every ``every_minutes``;
        returns the figures taken, first to last."""
        self.started = time.monotonic()
        try:
            self._feed_for(WARM_UP_S)
            taken = [self._figures()]
            report(taken[0].line())
            end, step = self.fed + minutes * 60 * RATE, every_minutes * 60 * RATE
            while self.fed < end and not self.stop.is_set():
                self._feed_for(min(step, end - self.fed) / RATE)
                taken.append(self._figures())
                report(taken[-1].line())
            return taken
        finally:
            self.listener.close()

    def _feed_for(self, seconds):
        until = self.fed + int(seconds * RATE)
        while self.fed < until and not self.stop.is_set():
            intents, pieces = next(self.turns)
            self.listener.listen_for(intents)
            for samples, speaking in pieces:
                self._settle()
                self.speaking.set() if speaking else self.speaking.clear()
                self._feed(samples)

    def _feed(self, samples):
        for start in range(0, len(samples) - BLOCK + 1, BLOCK):
            self.listener.blocks.put(samples[start:start + BLOCK].tobytes())  # waits while full
            self.fed += BLOCK

    def _settle(self):
        """Wait until the listener has taken what was fed: ``speaking`` then changes at the
        right moment of its audio."""
        while not self.listener.blocks.empty() and not self.stop.is_set():
            self.stop.wait(0.001)

    def _figures(self):
        self._settle()
        detector = self.listener.detector
        return Figures(self.fed / RATE, time.monotonic() - self.started, rss_mb(),
                       len(os.listdir("/proc/self/task")), len(os.listdir("/proc/self/fd")),
                       self.heard, self.heard + sum(detector.rejected.values()), detector.fed_s)


def growth(taken):
    """MB per hour of audio: over the whole run, and over its second half (a one-time rise
    at the start is not a leak; steady growth is)."""
    first, last = taken[0], taken[-1]
    hours = (last.audio_s - first.audio_s) / 3600
    if hours <= 0:
        return None, None
    middle = min(taken, key=lambda f: abs(f.audio_s - (first.audio_s + last.audio_s) / 2))
    late_hours = (last.audio_s - middle.audio_s) / 3600
    late = (last.rss_mb - middle.rss_mb) / late_hours if late_hours > 0 else None
    return (last.rss_mb - first.rss_mb) / hours, late


def run_soak(pack, model_path, *, minutes=60.0, every_minutes=5.0, seed=7, stop=None):
    """Load the model, run the soak, print the figures and the growth; returns the figures."""
    from talkstick.hearing.models import load_model
    from talkstick.script.steps import load_script

    steps = sorted({s.listens for s in load_script(pack.folder / "imago-dialogue.toml").steps.values()
                    if s.listens})
    model = load_model(model_path)
    soak = Soak(model, pack, steps, seed=seed, stop=stop)
    log(f"feeding {minutes:g} minutes of audio (after {WARM_UP_S / 60:g} of warm-up) as fast "
        f"as it decodes, through {len(steps)} grammars…")
    taken = soak.run(minutes, every_minutes)
    whole, late = growth(taken)
    first, last = taken[0], taken[-1]
    audio_min = (last.audio_s - first.audio_s) / 60
    print(f"{audio_min:.1f} minutes of audio in {last.wall_s - first.wall_s:.0f} s "
          f"({audio_min * 60 / max(1e-9, last.wall_s - first.wall_s):.0f}× real time)")
    print(f"RSS {first.rss_mb:.1f} -> {last.rss_mb:.1f} MB, threads {first.threads} -> "
          f"{last.threads}, open files {first.files} -> {last.files}")
    if whole is not None:
        print(f"growth: {whole:+.1f} MB per hour of audio"
              + (f" ({late:+.1f} MB per hour over the second half)" if late is not None else ""))
    return taken
