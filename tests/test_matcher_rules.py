"""The phrasebook's rules at their edges: when a partial is plainly talk, how wordings are keyed,
what the grammar holds, and the exact limits of confidence and speech length."""

import pytest

from talkstick.hearing.matcher import Phrasebook, Word

PHRASES = {"is_there_more": ("더 있어요",), "thats_all": ("다 했어요", "없어요"), "yes": ("네",)}
FILLER = ("오늘", "정말", "없어요")


@pytest.fixture
def book():
    return Phrasebook(PHRASES, filler=FILLER)


def words(*spec, conf=1.0, start=1.0, each=0.3):
    return [Word(w, conf, start + i * each, start + (i + 1) * each) for i, w in enumerate(spec)]


# -- plainly talk -----------------------------------------------------------------------------
@pytest.mark.parametrize("partial, talk", [
    ([], False),
    (["더"], False),
    (["더", "있어요"], False),
    (["더", "더", "있어요"], False),             # the longest wording with a stutter: wait
    (["오늘", "정말", "더", "있어요"], True),     # more words than any wording can be
    (["없어요"] * 6, True),
])
def test_a_partial_is_plainly_talk_once_longer_than_any_wording_and_a_stutter(book, partial, talk):
    assert book.plainly_talk(partial) is talk


def test_with_no_wordings_anything_past_one_word_is_talk_and_nothing_matches():
    empty = Phrasebook({})
    assert empty.plainly_talk(["네"]) is False
    assert empty.plainly_talk(["네", "네"]) is True
    assert empty.match(words("네"), ("yes",)) == (None, "not a wording")


# -- keying the wordings ----------------------------------------------------------------------
def test_a_wording_matches_however_it_was_spaced_in_the_pack():
    spaced = Phrasebook({"is_there_more": ("  더   있어요 ",)})
    assert spaced.match(words("더", "있어요"), ("is_there_more",)) == ("is_there_more", "ok")
    assert spaced.plainly_talk(["더", "더", "있어요"]) is False


def test_a_wording_two_intents_share_means_the_first_of_them():
    shared = Phrasebook({"thats_all": ("없어요",), "no": ("아니요", "없어요")})
    assert shared.match(words("없어요"), ("thats_all", "no")) == ("thats_all", "ok")
    assert shared.match(words("아니요"), ("thats_all", "no")) == ("no", "ok")


# -- the grammar --------------------------------------------------------------------------------
def test_grammar_without_a_vocabulary_check_keeps_every_filler_word_and_unk(book):
    assert book.grammar(("yes",)) == ["네", "오늘", "정말", "없어요", "[unk]"]


def test_grammar_for_an_intent_with_no_wordings_is_filler_and_unk(book):
    assert book.grammar(("feeling_check",)) == ["오늘", "정말", "없어요", "[unk]"]


# -- the limits -----------------------------------------------------------------------------------
def test_confidence_exactly_at_the_minimum_is_enough(book):
    assert book.match(words("네", conf=0.5), ("yes",)) == ("yes", "ok")
    assert book.match(words("네", conf=0.7), ("yes",), min_conf=0.7) == ("yes", "ok")
    assert book.match(words("네", conf=0.69), ("yes",), min_conf=0.7) == (None, "low confidence")


def test_speech_shorter_than_a_tenth_of_a_second_is_too_short(book):
    assert book.match(words("네"), ("yes",), segment_s=0.1) == ("yes", "ok")
    assert book.match(words("네"), ("yes",), segment_s=0.09) == (None, "too short")


def test_speech_may_run_up_to_the_slack_past_the_words_and_no_further(book):
    heard = words("더", "있어요")
    span = heard[-1].end - heard[0].start
    assert book.match(heard, ("is_there_more",), segment_s=span + 0.8) == ("is_there_more", "ok")
    assert book.match(heard, ("is_there_more",), segment_s=span + 0.81) == (
        None, "more speech than words")
    assert book.match(heard, ("is_there_more",), segment_s=span + 1.5, slack_s=1.5) == (
        "is_there_more", "ok")
