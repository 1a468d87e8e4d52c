import pytest

from talkstick.hearing.matcher import Phrasebook, Word

BOOK = Phrasebook({"is_there_more": ("더 있어요",), "thats_all": ("다 했어요", "없어요"),
                   "yes": ("네",)}, filler=("오늘", "정말", "없어요"))


def words(*spec, conf=1.0, start=1.0, each=0.3):
    return [Word(w, conf, start + i * each, start + (i + 1) * each) for i, w in enumerate(spec)]


@pytest.mark.parametrize("heard, intents, expected", [
    (words("더", "있어요"), ("is_there_more", "yes"), ("is_there_more", "ok")),
    (words("없어요"), ("thats_all",), ("thats_all", "ok")),
    (words("더", "있어요"), ("yes",), (None, "not a wording")),                 # not listened for
    (words("없어요", "더", "있어요", "있어요", "다", "했어요"), ("thats_all", "is_there_more"),
     (None, "not a wording")),                                               # talk forced onto phrase words
    (words("오늘", "더", "있어요"), ("is_there_more",), (None, "not a wording")),  # extra words
    (words("더", "있어요", conf=0.4), ("is_there_more",), (None, "low confidence")),
    ([], ("yes",), (None, "silence")),
])
def test_only_a_whole_utterance_that_is_one_wording_counts(heard, intents, expected):
    assert BOOK.match(heard, intents) == expected


def test_more_speech_than_the_words_explain_is_talk():
    heard = words("네")
    assert BOOK.match(heard, ("yes",), segment_s=0.5) == ("yes", "ok")
    assert BOOK.match(heard, ("yes",), segment_s=2.5) == (None, "more speech than words")


def test_grammar_holds_the_wordings_then_filler_not_already_a_phrase_word_then_unk():
    grammar = BOOK.grammar(("is_there_more", "thats_all"), known=lambda w: w != "정말")
    assert grammar == ["더 있어요", "다 했어요", "없어요", "오늘", "[unk]"]
    assert "[unk]" not in BOOK.grammar(("yes",), known=lambda w: w != "[unk]")


def test_a_stutter_is_still_the_phrase_timed_from_its_last_repeat():
    heard = words("더", "더", "있어요")
    assert BOOK.match(heard, ("is_there_more",)) == ("is_there_more", "ok")
    assert [w.start for w in BOOK.utterance(heard)] == [heard[1].start, heard[2].start]
