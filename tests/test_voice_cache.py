"""The prompt cache: keyed by text and voice, atomic, checked, bounded; rendered ahead by the
speaker; and in a real session, holding the device's own prompts and nothing else."""

import os
import queue
import time

import numpy as np
import pytest

from parts import need_espeak
from pulse import has_sound
from running import Running
from talkstick.core import events as ev
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.said import wordings
from talkstick.script.steps import load_script
from talkstick.voice.cache import CachedRenderer, PromptCache, decode, encode
from talkstick.voice.renderer import EspeakRenderer
from talkstick.voice.speaker import Speaker


class Counting:
    """A synthesizer underneath the cache (unit tests of the cache only): counts renders and
    says each prompt in two parts, as piper does sentence by sentence."""

    identity = "counting|v1"

    def __init__(self):
        self.rendered = []

    def stream(self, text):
        self.rendered.append(text)
        tone = np.full(len(text) * 10, len(text), np.int16)
        yield tone[: len(tone) // 2], 22050
        yield tone[len(tone) // 2:], 22050

    def render(self, text):
        return np.concatenate([p for p, _ in self.stream(text)]), 22050

    def close(self):
        pass


def entries(folder):
    return sorted(p.name for p in folder.glob("*.pcm"))


def test_a_prompt_is_rendered_once_then_served_from_the_cache(tmp_path):
    synth = Counting()
    renderer = CachedRenderer(synth, PromptCache(tmp_path))
    first = renderer.render("Welcome.")
    again = renderer.render("Welcome.")
    assert synth.rendered == ["Welcome."]
    assert np.array_equal(first[0], again[0]) and first[1] == again[1] == 22050
    assert len(entries(tmp_path)) == 1 and not list(tmp_path.glob(".new-*"))


def test_the_key_holds_the_text_and_the_voice(tmp_path):
    cache = PromptCache(tmp_path)
    keys = {cache.key("espeak-ng|en-us|rate 160|volume 0.9", "Welcome."),
            cache.key("espeak-ng|en-us|rate 170|volume 0.9", "Welcome."),
            cache.key("espeak-ng|en-us|rate 160|volume 0.8", "Welcome."),
            cache.key("piper-tts 1.8.0|en_US-joe-medium.onnx", "Welcome."),
            cache.key("espeak-ng|en-us|rate 160|volume 0.9", "Welcome back.")}
    assert len(keys) == 5


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign"])
def test_a_damaged_entry_is_rendered_again(tmp_path, damage, caplog):
    synth = Counting()
    renderer = CachedRenderer(synth, PromptCache(tmp_path))
    renderer.render("Let's pause here.")
    [path] = tmp_path.glob("*.pcm")
    data = path.read_bytes()
    broken = {"truncate": data[:-7], "flip": data[:40] + bytes([data[40] ^ 1]) + data[41:],
              "empty": b"", "foreign": b"RIFF" + data[4:]}[damage]
    path.write_bytes(broken)
    samples, _ = renderer.render("Let's pause here.")
    assert synth.rendered == ["Let's pause here."] * 2
    assert decode(path.read_bytes()) is not None  # written afresh
    assert len(samples) == len("Let's pause here.") * 10
    assert "damaged" in caplog.text or damage == "empty"


def test_the_cache_keeps_under_its_bound_dropping_the_least_recently_used(tmp_path):
    size = len(encode(np.zeros(500, np.int16), 22050))
    cache = PromptCache(tmp_path, max_bytes=3 * size)
    for n, name in enumerate("abc"):
        cache.put(name * 64, np.zeros(500, np.int16), 22050)
        os.utime(cache.path(name * 64), (1000 + n, 1000 + n))
    assert cache.get("a" * 64) is not None  # read now: the most recently used
    cache.put("d" * 64, np.zeros(500, np.int16), 22050)
    assert entries(tmp_path) == sorted(f"{c * 64}.pcm" for c in "acd")
    assert cache.size() <= 3 * size


def test_a_prompt_cut_short_is_not_kept(tmp_path):
    synth = Counting()
    renderer = CachedRenderer(synth, PromptCache(tmp_path))
    parts = renderer.stream("Hold the button for a break.")
    next(parts)
    parts.close()  # barge-in after the first sentence
    assert entries(tmp_path) == []


def test_warming_yields_between_parts_and_fills_the_cache(tmp_path):
    synth = Counting()
    renderer = CachedRenderer(synth, PromptCache(tmp_path))
    assert len(list(renderer.warm("Welcome back."))) == 2
    assert list(renderer.warm("Welcome back.")) == []  # there already: nothing rendered
    assert synth.rendered == ["Welcome back."] and renderer.cached("Welcome back.")


def test_a_cache_that_cannot_be_written_passes_through(tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    renderer = CachedRenderer(Counting(), PromptCache(blocked / "cache"))
    assert len(renderer.render("Welcome.")[0]) > 0
    assert len(renderer.render("Welcome.")[0]) > 0
    assert caplog.text.count("cannot be written") == 1 and "Traceback" not in caplog.text


def test_espeak_renderings_are_cached_as_rendered(tmp_path):
    need_espeak()
    cache = PromptCache(tmp_path)
    renderer = CachedRenderer(EspeakRenderer("en-us", 160, 0.9), cache)
    try:
        fresh = renderer.render("Welcome back. Let's continue where we paused.")
        kept = renderer.render("Welcome back. Let's continue where we paused.")
    finally:
        renderer.close()
    assert np.array_equal(fresh[0], kept[0]) and fresh[1] == kept[1]
    assert np.abs(fresh[0].astype(float)).max() > 1000
    assert renderer.identity.startswith("espeak-ng|") and "rate 160" in renderer.identity


@pytest.mark.e2e
def test_the_speaker_renders_ahead_while_idle_and_a_prompt_goes_first(pulse, tmp_path):
    need_espeak()
    cache = PromptCache(tmp_path)
    texts = [f"Prompt number {n}, rendered ahead." for n in range(12)]
    events, cached_then = queue.Queue(), []

    def post(event):  # on the speaker's thread, before it goes back to rendering ahead
        cached_then.append(len(entries(tmp_path)))
        events.put(event)

    speaker = Speaker(post, device="pulse",
                      renderer=lambda: CachedRenderer(EspeakRenderer("en-us", 160, 0.9), cache),
                      warm=texts)
    pulse.start_recording()
    try:
        speaker.say("now", "Said at once.")
        done = events.get(timeout=30)
        deadline = time.monotonic() + 30
        while len(entries(tmp_path)) < len(texts) + 1:
            assert time.monotonic() < deadline, f"{len(entries(tmp_path))} entries"
            time.sleep(0.05)
    finally:
        speaker.close()
        heard = pulse.stop_recording()
    assert isinstance(done, ev.SpeechDone) and done.prompt_id == "now" and not done.interrupted
    assert cached_then[0] <= 2  # "now", and at most the one text being rendered when it came
    assert has_sound(heard, min_ms=300)
    assert len(entries(tmp_path)) == len(texts) + 1


@pytest.mark.e2e
def test_a_session_caches_its_own_prompts_and_nothing_else(pulse, tmp_path):
    need_espeak()
    state = tmp_path / "state"
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_STATE_HOME=str(state),
               TALKSTICK_VOICE_DEVICE="pulse", TALKSTICK_VOICE_ENGINE="espeak", **pulse.env)
    pack = load_pack("en")
    script = load_script(script_path("imago-dialogue", "en"))
    texts = {t for w in wordings(pack, script, "guided") if w.fixed
             for t in w.texts(pack.names, 20)}
    folder = state / "talkstick" / "cache" / "prompts"
    with Running(["run", "--headless", "--lang", "en", "--no-listen"], env) as device:
        deadline = time.monotonic() + 90
        while len(entries(folder) if folder.is_dir() else []) < len(texts):
            assert time.monotonic() < deadline and device.proc.poll() is None
            time.sleep(0.1)
        device.finish("quit", timeout=30)
    renderer = EspeakRenderer(pack.voice, 160, 0.9)  # the settings' defaults: the same identity
    renderer.close()
    expected = {f"{PromptCache.key(renderer.identity, t)}.pcm" for t in texts}
    assert set(entries(folder)) == expected


@pytest.mark.e2e
def test_the_bench_measures_first_sound_with_and_without_the_cache(pulse, tmp_path):
    need_espeak()
    from talkstick.bench import voice as bench
    from talkstick.voice.choice import renderer_factory

    pack = load_pack("en")
    texts = bench.prompt_texts(pack, load_script(script_path("imago-dialogue", "en")))[:8]
    plain = renderer_factory("espeak", "en", "en-us")
    cached = renderer_factory("espeak", "en", "en-us", cache=PromptCache(tmp_path))
    without = bench.first_sounds(plain, texts, 1, "pulse")
    with_cache = bench.first_sounds(cached, texts, 1, "pulse", warm=True)
    assert without[1] == with_cache[1] == "to the first block played"
    assert len(entries(tmp_path)) == len(texts)  # rendered ahead before it was measured
    figures = bench.summary(without, with_cache)
    assert figures["with_cache"]["count"] == len(texts)
    assert figures["ratio_median"] > 1.5, figures
    assert bench.p95([5, 1, 4, 2, 3]) == 5 and bench.p95(list(range(101))) == 95
