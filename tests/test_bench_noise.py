"""The benchmark's rooms: each kind of noise is what its name says, at unit RMS, fixed by its
generator; and a split's talking room is made of that split's own voices."""

import random

import numpy as np
import pytest

from talkstick.audio import RATE
from talkstick.bench import noise, sets
from talkstick.bench.splits import NOISE_PAIRS, make_splits

TALKING = {"chatter", "babble"}


@pytest.mark.parametrize("kind", noise.KINDS)
def test_every_kind_is_unit_rms_and_fixed_by_its_generator(kind):
    tone = lambda s: (3000 * np.sin(np.arange(int(s * RATE)) * 0.05)).astype(np.int16)  # noqa: E731
    made = [noise.make(kind, 3 * RATE, np.random.default_rng(5), tone) for _ in range(2)]
    assert len(made[0]) == 3 * RATE
    assert np.sqrt(np.mean(made[0] ** 2)) == pytest.approx(1.0)
    assert np.array_equal(*made)


def test_an_unknown_kind_names_the_ones_accepted():
    with pytest.raises(ValueError, match="pink, brown, hum, traffic, chatter, babble"):
        noise.make("rain", RATE, np.random.default_rng(0))


def amplitudes(sound, freqs_hz):
    spectrum = np.abs(np.fft.rfft(sound))
    bins = np.fft.rfftfreq(len(sound), 1 / RATE)
    return [spectrum[np.argmin(np.abs(bins - f))] for f in freqs_hz]


@pytest.mark.parametrize(("kind", "speakers"), [("chatter", 2), ("babble", 4)])
def test_talking_rooms_have_their_number_of_speakers_and_chatter_one_further_off(kind, speakers):
    # each speaker's talk is a tone of its own, so the mix shows who is in it and how loud
    said = []

    def talk(seconds):
        f = next(freqs)
        said.append(f)
        return (3000 * np.sin(2 * np.pi * f * np.arange(int(seconds * RATE)) / RATE)).astype(np.int16)

    for seed in range(5):
        freqs = iter((200.0, 300.0, 500.0, 700.0, 1100.0))
        said.clear()
        room = noise.make(kind, 4 * RATE, np.random.default_rng(seed), talk)
        assert len(said) == speakers
        loud = amplitudes(room, said)
        if kind == "chatter":
            assert 0.35 < loud[1] / loud[0] < 0.85  # the second one sits further off
        else:
            assert max(loud) / min(loud) < 1.1  # four alike, far away


def one_second_rms(sound):
    n = len(sound) // RATE
    return np.sqrt(np.mean(sound[:n * RATE].reshape(n, RATE) ** 2, axis=1))


def test_traffic_swells_as_cars_pass_and_is_low_where_pink_noise_is_steady():
    rng = np.random.default_rng(2)
    street, pink = noise.make("traffic", 40 * RATE, rng), noise.make("pink", 40 * RATE, rng)
    assert one_second_rms(street).max() / one_second_rms(street).min() > 2.5
    assert one_second_rms(pink).max() / one_second_rms(pink).min() < 1.3
    power = np.abs(np.fft.rfft(street)) ** 2
    below = power[np.fft.rfftfreq(len(street), 1 / RATE) < 500].sum()
    assert below / power.sum() > 0.8


@pytest.mark.parametrize("seed", [0, 1, 7, 2**32 - 1])
def test_each_split_has_one_room_where_other_people_talk(seed):
    assert TALKING in [set(pair) for pair in NOISE_PAIRS]  # paired, so a coin gives one each way
    for split in make_splits(seed):
        assert len(TALKING & set(split.noises)) == 1, split


@pytest.mark.parametrize("split_index", [0, 1])
def test_a_splits_talking_room_is_made_of_its_own_voices(monkeypatch, split_index):
    split = make_splits(7)[split_index]
    (kind,) = TALKING & set(split.noises)
    heard = []

    def synth(text, voice, speed, pitch):
        heard.append((voice, speed, pitch))
        return np.full(RATE // 2, 1000, dtype=np.int16)

    monkeypatch.setattr(sets.corpus, "synth", synth)
    speech = np.full(2 * RATE, 2000, dtype=np.int16)
    take = (split.voices[0], split.rates[0], split.pitches[0], kind, 10, 2500)
    sets.in_room(speech, random.Random(3), split, take, avoid=())
    assert heard
    assert {v for v, _, _ in heard} <= set(split.voices)
    assert {r for _, r, _ in heard} <= set(split.rates)
    assert {p for _, _, p in heard} <= set(split.pitches)
