"""`talkstick bench --screen`: wordings for one intent, heard on the tuning split only, with the
real model and espeak-ng (a tiny screen here; a real one is a few minutes, documented in
docs/BENCHMARKS.md)."""

import json

import pytest

from talkstick.bench import screen as screen_module
from talkstick.bench.designs import BEFORE_KO, DEVICE
from talkstick.bench.measure import load_default_script, step_intents
from talkstick.bench.screen import check_candidates, heard_alone, screen
from talkstick.bench.splits import make_splits
from talkstick.commands.bench import print_screen
from talkstick.commands.main import main
from talkstick.errors import ConfigError
from talkstick.script.pack import load_pack


def test_a_screen_hears_a_wording_with_the_step_that_listens_for_most_beside_it():
    pack = load_pack("ko")
    widest = max((s.listens for s in load_default_script(pack).steps.values() if "no" in s.listens),
                 key=len)
    assert step_intents(pack, "no", widest=True) == widest and len(widest) == 6  # the "more" step
    assert step_intents(pack, "feeling_check", widest=True) == ("yes", "feeling_check", "pause", "repeat")
    assert step_intents(pack, "nowhere", widest=True) == ("nowhere", "pause", "repeat")


def test_a_wording_is_heard_alone_for_its_intent_by_the_design_named():
    pack = load_pack("ko")
    device = heard_alone(DEVICE, pack, "no", "틀렸 어요").phrases(pack)
    assert device == {**pack.phrases, "no": ("틀렸 어요",)}
    before = heard_alone("before", pack, "no", "틀렸 어요").phrases(pack)
    assert before == {**BEFORE_KO, "no": ("틀렸 어요",)}  # the old design keeps its old wordings


@pytest.mark.e2e
def test_candidates_come_after_the_packs_own_and_bad_ones_are_named(ko_model):
    pack = load_pack("ko")
    assert check_candidates(pack, ko_model, "no", ["틀렸  어요", "아니 예요", "틀렸 어요"]) == (
        "아니 예요", "아니요", "틀렸 어요")
    with pytest.raises(ConfigError, match="'nope' is not an intent .* one of: appointment_ok, "):
        check_candidates(pack, ko_model, "nope", [])
    with pytest.raises(ConfigError, match="not in the model's vocabulary: 아니야요, 틀렸어요 "):
        check_candidates(pack, ko_model, "no", ["아니야요", "틀렸어요", "틀렸 어요"])
    with pytest.raises(ConfigError, match="1 empty wording"):
        check_candidates(pack, ko_model, "no", ["  "])


@pytest.mark.e2e
def test_a_tiny_screen_hears_only_the_tuning_split(ko_model, monkeypatch, capsys):
    pack = load_pack("ko")
    heard = []
    for name in ("takes", "negatives"):
        real = getattr(screen_module.sets, name)
        def spy(*args, real=real, name=name, **kwargs):
            heard.append((name, next(a.name for a in args if hasattr(a, "voices"))))
            return real(*args, **kwargs)
        monkeypatch.setattr(screen_module.sets, name, spy)
    figures = screen(pack, ko_model, "is_there_more", ("더 있어요", "또 있나요"), seed=3,
                     per_wording=2, negative_minutes=0.2, progress=lambda _: None)
    assert heard == [("negatives", "tuning"), ("takes", "tuning"), ("takes", "tuning")]
    assert figures["voices"] == make_splits(3)[0].voices
    rows = figures["rows"]
    assert [(r["wording"], r["pack"], r["clips"]) for r in rows] == [
        ("더 있어요", True, 2), ("또 있나요", False, 2)]
    for r in rows:
        assert 0 <= r["hits"] + r["wrong"] <= r["clips"] and 0 <= r["quiet"][0] <= r["quiet"][1]
        assert 0 <= r["talk_taken"] <= r["talk_taken_any"]
        assert (r["median_ms"] is None) == (r["hits"] == 0)
    print_screen(figures, as_json=True)
    out = capsys.readouterr().out
    assert json.loads(out.splitlines()[-1]) == json.loads(json.dumps(figures))
    assert "더 있어요  (pack)" in out and "tuning split only (seed 3), design lasting" in out


@pytest.mark.e2e
def test_the_command_names_a_wrong_intent_and_lists_the_right_ones(ko_model, capsys):
    assert main(["bench", "--lang", "ko", "--screen", "nope", "네"]) != 0
    err = capsys.readouterr().err
    assert "talkstick: --screen: 'nope' is not an intent of the 'ko' pack; one of: " in err
    assert main(["bench", "--design", "all", "--screen", "no"]) == 4
    err += capsys.readouterr().err
    assert "--screen hears one design, not 'all'" in err and "Traceback" not in err
