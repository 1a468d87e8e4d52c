"""The voice's benchmark: event-to-first-sound with and without the prompt cache.

A real ``Speaker`` is asked to say each prompt of the pack and script; the time from ``say``
to its first block of audio handed to the output device is measured, then the prompt is cut
short (barge-in) so the next can start. Without the cache every prompt is synthesized when it
is asked for; with it, the prompts are rendered ahead first (as a session does at start).
Where there is no output device, the time to the first samples is measured instead.
"""

import json
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

from talkstick.script.said import wordings


def log(message):
    print(message, file=sys.stderr, flush=True)


def prompt_texts(pack, script, names=None, minutes=20):
    """Every text a session of ``script`` can say, with the pack's names."""
    names = names or pack.names
    texts = [t for w in wordings(pack, script, "guided") if w.fixed for t in w.texts(names, minutes)]
    return list(dict.fromkeys(texts))


def run_voice_bench(pack, script, *, engine="auto", device=None, runs=3, as_json=False):
    """Print the medians and p95 of first sound, without and with the cache, and their ratio."""
    from talkstick.voice.cache import PromptCache
    from talkstick.voice.choice import renderer_factory

    texts = prompt_texts(pack, script)
    log(f"voice bench: {len(texts)} prompts of {script.id} ({pack.language}), engine {engine}, "
        f"{runs} run(s) each")
    with tempfile.TemporaryDirectory(prefix="talkstick-bench-cache-") as folder:
        plain = renderer_factory(engine, pack.language, pack.voice)
        cached = renderer_factory(engine, pack.language, pack.voice,
                                  cache=PromptCache(Path(folder)))
        without = first_sounds(plain, texts, runs, device)
        with_cache = first_sounds(cached, texts, runs, device, warm=True)
    figures = summary(without, with_cache)
    for name in ("without_cache", "with_cache"):
        f = figures[name]
        print(f"first sound {name.replace('_', ' '):14} median {f['median_ms']:8.1f} ms   "
              f"p95 {f['p95_ms']:8.1f} ms   ({f['what']})")
    print(f"ratio without/with: median {figures['ratio_median']:.1f}x   p95 {figures['ratio_p95']:.1f}x")
    if as_json:
        print(json.dumps(figures))
    return figures


def first_sounds(make_renderer, texts, runs, device, warm=False):
    """(seconds to first sound for each say, what was measured)."""
    from talkstick.voice.speaker import Speaker

    events, speaking = queue.Queue(), _Flag()
    speaker = Speaker(events.put, device=device, speaking=speaking, renderer=make_renderer,
                      warm=texts if warm else ())
    try:
        _wait_warm(speaker)  # the renderer made and the device tried; and warmed, if asked
        if speaker.gone or speaker.muted:
            return (_render_times(speaker, make_renderer, texts, runs, warm),
                    "to first samples: no output device")
        times = []
        for _ in range(runs):
            for text in texts:
                times.append(_one(speaker, events, speaking, text))
        return times, "to the first block played"
    finally:
        speaker.close()


class _Flag:
    """The speaking Event, keeping the moment it was first set."""

    def __init__(self):
        import threading

        self.event, self.at = threading.Event(), None

    def set(self):
        if not self.event.is_set():
            self.at = time.monotonic()
        self.event.set()

    def clear(self):
        self.event.clear()

    def is_set(self):
        return self.event.is_set()

    def wait(self, timeout):
        return self.event.wait(timeout)


def _one(speaker, events, speaking, text):
    speaking.clear()
    speaking.at = None
    start = time.monotonic()
    speaker.say("bench", text)
    if not speaking.wait(60):
        raise TimeoutError("the speaker did not start within 60 s")
    took = speaking.at - start
    speaker.stop_speech()
    _drain(events)
    return took


def _drain(events, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if type(event).__name__ == "SpeechDone":
            return


def _wait_warm(speaker, timeout=600):
    deadline = time.monotonic() + timeout
    while (speaker.to_warm or speaker.warming is not None or speaker.renderer is None) \
            and time.monotonic() < deadline:
        if speaker.muted or (speaker.gone and speaker.renderer is not None):
            return  # no output device: the speaker renders nothing ahead
        time.sleep(0.05)


def _render_times(speaker, make_renderer, texts, runs, warm):
    """No output device: time to the first part from the renderer, on this thread."""
    from talkstick.voice.cache import parts_of

    speaker.close()
    renderer = make_renderer()
    try:
        for text in texts if warm else ():
            list(renderer.warm(text))
        times = []
        for _ in range(runs):
            for text in texts:
                start = time.monotonic()
                parts = parts_of(renderer, text)
                next(parts)
                times.append(time.monotonic() - start)
                parts.close()
        return times
    finally:
        renderer.close()


def summary(without, with_cache):
    out = {}
    for name, (times, what) in (("without_cache", without), ("with_cache", with_cache)):
        out[name] = {"median_ms": 1000 * statistics.median(times), "p95_ms": 1000 * p95(times),
                     "count": len(times), "what": what}
    out["ratio_median"] = out["without_cache"]["median_ms"] / max(out["with_cache"]["median_ms"], 1e-6)
    out["ratio_p95"] = out["without_cache"]["p95_ms"] / max(out["with_cache"]["p95_ms"], 1e-6)
    return out


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
