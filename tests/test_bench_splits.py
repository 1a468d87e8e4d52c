"""The benchmark's splits: disjoint on every axis a design could be tuned to, fixed by the seed;
and a tiny seeded run of the whole bench, both splits side by side (the full run is
`talkstick bench`, documented in the README, not part of CI)."""

import dataclasses
import hashlib
import inspect
import json

import pytest

from talkstick.bench import sets
from talkstick.bench.designs import DESIGNS
from talkstick.bench.grade import ALL, listening_steps
from talkstick.bench.measure import load_default_script, run_bench
from talkstick.bench.splits import make_splits
from talkstick.commands.bench import DESIGN_CHOICES
from talkstick.hearing.detector import Detector
from talkstick.script.pack import load_pack

AXES = ("voices", "rates", "pitches", "noises")


@pytest.mark.parametrize("seed", [0, 1, 7, 2**32 - 1])
def test_the_held_out_split_shares_no_voice_rate_pitch_or_noise_with_tuning(seed):
    tuning, held = make_splits(seed)
    for axis in AXES:
        assert set(getattr(tuning, axis)) & set(getattr(held, axis)) == set(), axis
        assert getattr(tuning, axis) and getattr(held, axis), axis
    assert min(tuning.rates) <= 120 and min(held.rates) <= 120  # slow speakers on both sides


def test_the_same_seed_gives_the_same_splits_and_another_seed_can_differ():
    assert make_splits(7) == make_splits(7)
    assert len({make_splits(seed) for seed in range(8)}) > 1


def small_pack():
    pack = load_pack("ko")
    return dataclasses.replace(pack, phrases={i: w[:1] for i, w in pack.phrases.items()})


def fingerprint(clips):
    return hashlib.sha1(b"".join(c.audio.tobytes() + c.intent.encode() for c in clips)).hexdigest()


def test_the_generated_speech_is_fixed_by_seed_and_drawn_from_its_own_split():
    phrases = small_pack().phrases
    tuning, held = make_splits(3)
    first = sets.positives(phrases, tuning, 3, per_wording=1)
    assert fingerprint(first) == fingerprint(sets.positives(phrases, tuning, 3, per_wording=1))
    assert {c.take[0] for c in first} <= set(tuning.voices)
    assert {c.take[1] for c in first} <= set(tuning.rates)
    assert {c.take[3] for c in sets.positives(phrases, held, 3, 1) if c.take[4]} <= set(held.noises)


def test_a_wording_has_the_same_clips_whatever_is_worded_beside_it():
    tuning, _ = make_splits(3)
    alone = sets.positives({"yes": ("네",)}, tuning, 3, per_wording=2)
    beside = sets.positives({"no": ("아니요",), "yes": ("맞습 니다", "네")}, tuning, 3, per_wording=2)
    assert fingerprint(alone) == fingerprint([c for c in beside if c.wording == "네"])
    assert fingerprint(alone) != fingerprint(sets.positives({"yes": ("네",)}, tuning, 4, 2))


def test_the_command_offers_every_design_and_each_one_words_only_intents_the_pack_has():
    # the command lists them without importing the bench (its --help stays quick)
    assert DESIGN_CHOICES == (*DESIGNS, "both", "all")
    intents = set(load_pack("ko").phrases)
    for design in DESIGNS.values():
        for wordings in (design.wordings or {}).values():
            assert set(wordings) <= intents, design.name


def test_the_devices_design_is_what_the_device_hears_with_and_the_benchs_default():
    # the README and --help call it "as it is now": the pack's Korean wordings and the Detector's
    # defaults are its own (the earlier designs keep what they were measured with)
    from talkstick.bench.designs import ASKED_KO, CALM_KO, DEVICE, FIXED_END, KEPT_KO
    from talkstick.commands.main import build_parser

    pack = load_pack("ko")
    device = DESIGNS[DEVICE]
    assert (device.wordings, device.knobs, device.base) == (None, {}, {})  # the pack, the defaults
    assert {i: tuple(w) for i, w in pack.phrases.items()} == KEPT_KO
    assert build_parser().parse_args(["bench"]).design == DEVICE
    defaults = inspect.signature(Detector).parameters
    # every design before it ends an utterance after the gate's hangover, as it was measured
    assert all(defaults[knob].default not in (None, value) for knob, value in FIXED_END.items())
    assert all(d.base == FIXED_END for name, d in DESIGNS.items() if name != DEVICE)
    for name in ("kept", "asked", "calm"):
        assert all(defaults[knob].default == value for knob, value in DESIGNS[name].knobs.items())
    assert DESIGNS["kept"].wordings == {"ko": KEPT_KO}
    assert DESIGNS["asked"].wordings == {"ko": ASKED_KO}
    # calm, and the designs built on it, keep stop 20's wordings: asked differs in one intent
    assert DESIGNS["calm"].wordings == {"ko": CALM_KO}
    assert {i for i in CALM_KO if CALM_KO[i] != ASKED_KO[i]} == {"appointment_ok"}
    assert {i for i in CALM_KO if CALM_KO[i] != KEPT_KO[i]} == {"appointment_ok"}
    assert DESIGNS["after"].knobs == {"trim_inner": False}  # so "both" runs the one change


def test_wides_everyday_words_are_none_the_benchs_talk_says():
    # the bench's talk must be talk they were not picked for, or its false advances say nothing
    from talkstick.bench import corpus
    from talkstick.bench.designs import EVERYDAY_KO, every_wording
    from talkstick.hearing.matcher import syllables

    pack = load_pack("ko")
    said = [t.replace(" ", "") for part in corpus._KO_PARTS.values() for t in part]
    said += [t.replace(" ", "") for t in sets.SHORT]
    wording_words = {word for w in every_wording(pack) for word in w.split()}
    assert len(set(EVERYDAY_KO)) == len(EVERYDAY_KO) == 155
    assert [w for w in EVERYDAY_KO if any(w in text for text in said)] == []
    assert [w for w in EVERYDAY_KO if w in wording_words or w in pack.filler or syllables(w) < 2] == []
    wide = DESIGNS["wide"].filler_of(pack)
    assert wide == (*pack.filler, *EVERYDAY_KO) and DESIGNS["lasting"].filler_of(pack) == pack.filler


def test_wides_everyday_words_are_in_the_korean_model(ko_model):
    from talkstick.bench.designs import EVERYDAY_KO
    from talkstick.hearing.models import missing_words

    assert missing_words(ko_model, EVERYDAY_KO) == []


@pytest.mark.e2e
def test_a_tiny_seeded_bench_reports_both_splits_for_every_step(ko_model, capsys):
    from talkstick.hearing.models import package_model

    pack = small_pack()
    figures = run_bench(pack, package_model("ko").path, model=ko_model, seed=5,
                        negative_minutes=0.1, session_minutes=0.1, per_wording=1,
                        designs=("calm",), as_json=True)
    out = capsys.readouterr().out
    assert json.loads(out.splitlines()[-1]) == json.loads(json.dumps(figures))
    steps = [s.id for s in listening_steps(load_default_script(pack))] + [ALL]
    graded = figures["designs"]["calm"]["steps"]
    assert list(graded) == ["tuning", "held-out"]
    for rows in graded.values():
        assert [r["step"] for r in rows] == steps
        assert all(0 <= r["hits"] <= r["clips"] and r["false"] >= 0 for r in rows)
    assert "— tuning —" in out and "— held-out —" in out
    # every wording is tallied, over the grammars that listen for its intent
    wordings = figures["designs"]["calm"]["wordings"]
    for split, tallies in wordings.items():
        assert set(tallies) == {w for ws in DESIGNS["calm"].phrases(pack).values() for w in ws}
        assert sum(n for _, n in tallies.values()) == sum(r["clips"] for r in graded[split][:-1])
        assert f"weakest wordings, {split}: " in out
    # and by the voice and the speaking rate of the split that said them
    for key, of in (("voices", "voices"), ("rates", "rates")):
        for split, tallies in figures["designs"]["calm"][key].items():
            said = {str(v) if key == "voices" else f"{v} wpm" for v in figures["splits"][split][of]}
            assert set(tallies) <= said and tallies
            assert sum(n for _, n in tallies.values()) == sum(r["clips"] for r in graded[split][:-1])
    assert "weakest voices, held-out: " in out and "hits by speaking rate, tuning: " in out
    # and by the kind of room, whatever its level: a split's own noises, or a quiet room
    for split, tallies in figures["designs"]["calm"]["noises"].items():
        assert set(tallies) <= {"quiet", *figures["splits"][split]["noises"]} and tallies
        quiet = figures["designs"]["calm"]["rooms"][split].get("quiet", [0, 0])
        assert tallies.get("quiet", [0, 0]) == quiet
        assert sum(n for _, n in tallies.values()) == sum(r["clips"] for r in graded[split][:-1])
        assert f"hits by room, {split}: " in out
    # the false advances of the steps' grammars, by the kind of room they came in
    grammars = {s.listens: s.id for s in listening_steps(load_default_script(pack))}
    for split, kinds in figures["designs"]["calm"]["false_noises"].items():
        assert sum(n for _, n in kinds.values()) == 1  # 0.1 minute: one room
        by_step = {r["step"]: r["false"] for r in graded[split]}
        assert sum(f for f, _ in kinds.values()) == sum(by_step[s] for s in grammars.values())
        assert f"false advances by room (the steps' grammars), {split}: " in out
        # and by the intent heard
        said = figures["designs"]["calm"]["false_intents"][split]
        assert sum(said.values()) == sum(f for f, _ in kinds.values())
        assert f"false advances by intent heard (the steps' grammars), {split}: " in out
    # the device's noisy-room notice, over each half minute of each split's talk
    for split, kinds in figures["noisy_room"].items():
        assert set(kinds) <= {"quiet", *figures["splits"][split]["noises"]}
        assert sum(n for _, n in kinds.values()) == 1 and all(0 <= h <= n for h, n in kinds.values())
        assert f"noisy-room notice, {split}: " in out
    assert figures["plain"]["cpu_per_audio_s"] > 0
    assert figures["designs"]["calm"]["cost"]["cpu_per_audio_s"] > 0
    assert figures["designs"]["calm"]["cost_noisy"]["cpu_per_audio_s"] > 0
    assert figures["designs"]["calm"]["plain"]["cpu_per_audio_s"] > 0  # fed beside the design
    assert "for the plain always-on loop fed beside it" in out
    assert "in a noisy room" in out
    # and, last, the held-out split against each of issue 10's targets
    assert "held-out split against issue 10's targets (" in out
    assert out.count("  CPU <= 0.3x the plain loop ") == 1
