"""The room taken out before the recognizer: WebRTC's gain and noise suppression, for real."""

import logging
import sys

import numpy as np
import pytest

from parts import need_espeak, need_webrtc
from talkstick.audio import BLOCK_S, RATE
from talkstick.bench import corpus, noise
from talkstick.bench.measure import step_intents
from talkstick.bench.sets import spoken
from talkstick.hearing import cleaner as cleaning
from talkstick.hearing.cleaner import cleaner

BLOCK = int(RATE * BLOCK_S)


def rms(samples):
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def cleaned(audio, block=BLOCK):
    need_webrtc()
    clean = cleaner()
    return np.concatenate([clean(audio[i:i + block]) for i in range(0, len(audio), block)])


def test_a_soft_voice_in_a_quiet_room_comes_out_louder():
    need_espeak()
    voice = (corpus.synth("더 있어요", "ko", 160) * 0.15).astype(np.int16)
    out = cleaned(np.concatenate([corpus.silence(2.0), voice, corpus.silence(0.5)]))
    start = 2 * RATE
    assert rms(out[start:start + len(voice)]) > 1.5 * rms(voice)


def test_a_steady_noisy_room_is_turned_down_once_its_floor_has_held():
    room = np.random.default_rng(1).normal(0, 500, 4 * RATE).astype(np.int16)
    out = cleaned(room)
    assert rms(out[-RATE:]) < 0.5 * rms(room[-RATE:])


def test_a_quiet_room_is_not_suppressed():
    room = np.random.default_rng(2).normal(0, 5, 4 * RATE).astype(np.int16)
    out = cleaned(room)
    assert rms(out[-RATE:]) >= rms(room[-RATE:])


@pytest.mark.parametrize("block", [BLOCK, 160, 100, 333, 4000])
def test_every_whole_10_ms_comes_out_in_order_whatever_the_block_size(block):
    audio = np.random.default_rng(3).normal(0, 300, RATE + 77).astype(np.int16)
    out = cleaned(audio, block)
    assert len(out) == len(audio) // 160 * 160
    assert out.dtype == np.int16


def test_without_webrtc_the_audio_goes_through_and_the_log_says_so_once(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "webrtc_noise_gain", None)  # import fails, as on armv7
    monkeypatch.setattr(cleaning, "_said", [])
    with caplog.at_level(logging.WARNING, logger="talkstick.hearing.cleaner"):
        assert cleaner() is None
        assert cleaner() is None
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "webrtc-noise-gain is not installed" in said[0]


@pytest.mark.e2e
def test_the_detector_hears_a_check_in_in_a_noisy_room_that_it_missed_raw(ko_model):
    """"제대로 들었어요" at 15 dB above pink noise, four rooms: the cleaned detector hears it,
    the one fed the raw room (clean=None) mostly does not (measured: 4 of 4 against 0 of 4).
    RNNoise is off in both (it has its own test): this is WebRTC's part."""
    from talkstick.commands.detect import detections
    from talkstick.hearing.detector import Detector
    from talkstick.script.pack import load_pack

    need_webrtc()
    need_espeak()
    pack = load_pack("ko")
    intents = step_intents(pack, "did_i_get_it")
    phrase = corpus.synth(spoken(pack.phrases["did_i_get_it"][0]), "ko", 160)
    heard = {"cleaned": 0, "raw": 0}
    for seed in range(4):
        audio = np.concatenate([corpus.silence(3.0), phrase, corpus.silence(1.0)])
        audio = noise.scaled(audio, 1500 / noise.speech_rms(phrase))
        room = noise.make("pink", len(audio), np.random.default_rng(seed))
        audio = noise.mix(audio, room, 15, 1500)
        for name, knobs in (("cleaned", {"denoise": False}), ("raw", {"clean": None, "denoise": False})):
            detector = Detector(ko_model, pack.phrases, filler=pack.filler, **knobs)
            detector.listen_for(intents)
            heard[name] += [d.intent for d in detections(detector, audio)] == ["did_i_get_it"]
    assert heard["cleaned"] >= 3 and heard["cleaned"] > heard["raw"], heard
