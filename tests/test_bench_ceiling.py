"""`talkstick bench --ceiling`: every clip cut to its phrase and decoded once, with the real model
and espeak-ng (a tiny ceiling here; the real one is about 20 minutes, in docs/BENCHMARKS.md)."""

import dataclasses
import json

import numpy as np
import pytest

from parts import need_espeak, need_rnnoise, need_webrtc
from talkstick.audio import RATE
from talkstick.bench import ceiling as ceiling_module
from talkstick.bench import corpus, noise, sets
from talkstick.bench.ceiling import (
    PREROLL_S,
    TAIL_S,
    against_live,
    ceiling,
    cuts,
    front_end_of,
    grammars_of,
    hypotheses,
    judge,
)
from talkstick.bench.designs import DESIGNS, DEVICE, every_wording
from talkstick.bench.grade import ALL, CLIP_TAIL_S, listening_steps, outcomes
from talkstick.bench.measure import load_default_script
from talkstick.bench.splits import make_splits
from talkstick.commands.bench import print_ceiling
from talkstick.commands.main import main
from talkstick.script.pack import load_pack

PHRASES = {"yes": ("네", "맞습 니다"), "no": ("아니요",), "thats_all": ("여기까지 할게요",)}


def test_best_is_the_intent_alone_in_the_best_hypothesis_and_any_is_it_anywhere():
    intents = ("yes", "no", "thats_all")
    assert judge(["맞습 니다", "네"], "yes", intents, PHRASES) == (True, True)
    assert judge(["아니요 네", "네"], "yes", intents, PHRASES) == (False, True)   # "no" beside it
    assert judge(["네 네", "아니요"], "yes", intents, PHRASES) == (True, True)    # its own twice
    assert judge(["여기까지", "맞습"], "yes", intents, PHRASES) == (False, False)  # pieces are not it
    assert judge(["아니요", "아니요 맞습 니다"], "yes", intents, PHRASES) == (False, True)
    assert judge([], "yes", intents, PHRASES) == (False, False)
    # an intent the step does not listen for does not spoil "best"
    assert judge(["네 여기까지 할게요"], "yes", ("yes", "no"), PHRASES) == (True, True)


def quiet_clip(pack, seed=5):
    tuning, _ = make_splits(seed)
    quiet = dataclasses.replace(tuning, snrs=(None,))
    return sets.takes("is_there_more", "더 있어요", quiet, seed, 1, sets.avoided(pack.wordings()))[0]


def test_a_cut_is_the_phrase_from_the_gates_preroll_to_the_tail_and_dry_is_it_with_no_room():
    need_espeak()
    pack = load_pack("ko")
    clip = quiet_clip(pack)
    phrase = corpus.synth(sets.spoken(clip.wording), *clip.take[:3])
    heard = cuts(clip, lambda audio: audio + 1)  # a front end that is easy to recognise
    dry = heard["dry", "raw"]
    assert len(dry) == round(PREROLL_S * RATE) + len(phrase) + round(TAIL_S * RATE)
    assert np.abs(dry[:round(PREROLL_S * RATE)]).max() == 0 and np.abs(dry).max() > 0
    # in a quiet room the clip's phrase is the dry phrase, where the cut finds it: sample for sample
    assert np.array_equal(heard["room", "raw"], dry)
    # the front end runs over the whole audio and is cut in the same place
    assert np.array_equal(heard["room", "cleaned"], dry + 1)
    assert np.array_equal(heard["dry", "cleaned"], dry + 1)
    # in a noisy room the same cut holds the phrase and the room's noise (wherever it sits)
    noisy = cuts(dataclasses.replace(clip, audio=clip.audio + 3), lambda audio: audio)
    assert np.array_equal(noisy["room", "raw"], dry + 3) and np.array_equal(noisy["dry", "raw"], dry)


def test_the_front_end_is_the_designs_and_lifts_a_soft_voice():
    need_espeak()
    need_webrtc()
    pack = load_pack("ko")
    clip = quiet_clip(pack)
    assert clip.take[5] == 1200  # the softest voice of the bench: the device's gain lifts it
    front_end = front_end_of(DESIGNS[DEVICE].factory(None, pack))
    heard = cuts(clip, front_end)
    assert len(heard["room", "cleaned"]) == len(heard["room", "raw"])
    assert noise.speech_rms(heard["dry", "cleaned"]) > 2 * noise.speech_rms(heard["dry", "raw"])


@pytest.mark.e2e
def test_a_clean_phrase_is_heard_best_and_the_n_best_list_is_what_the_model_says(ko_model):
    pack = load_pack("ko")
    intents = ("is_there_more", "yes", "no", "thats_all", "pause", "repeat")
    grammars = grammars_of(DEVICE, ko_model, pack, intents)
    assert json.loads(grammars["wordings"]) == [w for i in intents for w in pack.phrases[i]]
    assert set(json.loads(grammars["wordings"])) < set(json.loads(grammars["device"]))  # + filler
    clean = sets.Clip(corpus.silence(1.0), "is_there_more", "더 있어요", 0.0, "alone",
                      ("ko", 160, 50, "pink", None, 2500))
    texts = hypotheses(ko_model, grammars["device"], cuts(clean, lambda audio: audio)["dry", "raw"])
    assert 1 <= len(texts) <= 10 and len(set(texts)) == len(texts)
    assert judge(texts, "is_there_more", intents, pack.phrases) == (True, True), texts
    silent = hypotheses(ko_model, grammars["device"], corpus.silence(1.0))
    assert not any(judge(silent, i, intents, pack.phrases)[1] for i in intents), silent


@pytest.mark.e2e
def test_a_tiny_ceiling_counts_each_steps_clips_on_both_splits(ko_model, monkeypatch, capsys):
    need_webrtc()  # the front end: without it "cleaned" would be the raw audio again
    need_rnnoise()
    pack = load_pack("ko")
    pack = dataclasses.replace(pack, phrases={i: ws[:1] for i, ws in pack.phrases.items()})
    seen = []
    real = ceiling_module.sets.takes

    def spy(intent, wording, split, *args):
        seen.append(split.name)
        return real(intent, wording, split, *args)
    monkeypatch.setattr(ceiling_module.sets, "takes", spy)
    figures = ceiling(pack, ko_model, seed=3, per_wording=1, progress=lambda _: None)
    assert seen == ["tuning"] * len(pack.phrases) + ["held-out"] * len(pack.phrases)
    steps = listening_steps(load_default_script(pack))
    for split in ("tuning", "held-out"):
        rows = figures["splits"][split]["steps"]
        assert [r["step"] for r in rows] == [s.id for s in steps] + [ALL]
        assert [r["clips"] for r in rows] == [len(s.listens) for s in steps] + [len(pack.phrases)]
        for r in rows:
            for kind in ("device", "wordings"):
                for room in ("room", "dry"):
                    either = (r[f"{kind} {room} best"], r[f"{kind} {room} any"])
                    for front in ("raw", "cleaned"):
                        one = (r[f"{kind} {room} {front} best"], r[f"{kind} {room} {front} any"])
                        assert 0 <= one[0] <= one[1] and one[0] <= either[0] and one[1] <= either[1]
                    assert 0 <= either[0] <= either[1] <= r["clips"]
        assert all(0 <= r["live"] <= r["clips"] for r in rows)
        against = figures["splits"][split]["live"]
        assert sum(against[k] for k in ("both", "cut only", "live only", "neither")) == sum(
            len(s.listens) for s in steps)
        assert against["both"] + against["live only"] == sum(r["live"] for r in rows[:-1])
        assert sum(against["reasons"].values()) >= against["cut only"]
        rooms = figures["splits"][split]["rooms"]
        assert sum(t["clips"] for t in rooms.values()) == sum(len(s.listens) for s in steps)
        for front in ("either", "raw", "cleaned"):
            name = "device room" + ("" if front == "either" else f" {front}")
            assert [sum(t[front][n] for t in rooms.values()) for n in (0, 1)] == [
                sum(r[f"{name} {n}"] for r in rows[:-1]) for n in ("best", "any")]
    # the live column is the bench's own grading of the same clips
    more = next(s for s in steps if s.id == "more")
    clips = sets.positives(pack.phrases, make_splits(3)[0], 3, 1, sets.avoided(every_wording(pack)))
    graded = outcomes(DESIGNS[DEVICE].factory(ko_model, pack), more.listens, clips, corpus.silence(CLIP_TAIL_S))
    row = next(r for r in figures["splits"]["tuning"]["steps"] if r["step"] == "more")
    assert row["live"] == sum(first == clip.intent for clip, first, _ in graded)
    print_ceiling(figures, as_json=True)
    out = capsys.readouterr().out
    assert json.loads(out.splitlines()[-1]) == json.loads(json.dumps(figures))
    assert "seed 3, clips a wording: 1, design lasting's wordings" in out
    assert out.count("— tuning —") == out.count("— held-out —") == 2


def test_the_live_listener_is_set_against_the_cut_through_its_front_end():
    def heard(cut, live, reasons=()):
        return {("device", "room", "cleaned"): (cut, cut), "live": (live, list(reasons))}
    against = against_live([heard(True, True), heard(True, False, ["low confidence", "talk"]),
                            heard(True, False, ["talk"]), heard(True, False), heard(False, True),
                            heard(False, False, ["silence"])])
    assert against == {"both": 1, "cut only": 3, "live only": 1, "neither": 1,
                       "reasons": {"low confidence": 1, "talk": 2, "nothing decoded": 1}}


def test_the_command_hears_one_design(capsys):
    assert main(["bench", "--design", "both", "--ceiling"]) == 4
    err = capsys.readouterr().err
    assert "--ceiling hears one design, not 'both'" in err and "Traceback" not in err
