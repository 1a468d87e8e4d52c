"""The phrasebook's rules at their edges: when a partial is plainly talk, how wordings are keyed,
what the grammar holds, and the exact limits of confidence and speech length."""

import pytest

from talkstick.hearing.matcher import Phrasebook, Word, syllables

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


@pytest.mark.parametrize("partial, listened, may", [
    (["더", "있어요"], ("is_there_more",), True),
    (["더", "더", "있어요"], ("is_there_more",), True),           # a stutter counts once
    (["더", "오늘", "있어요"], ("is_there_more",), True),         # one word more: a trim may go
    (["오늘", "더", "있어요"], ("is_there_more",), True),
    (["더", "오늘", "정말", "있어요"], ("is_there_more",), False),  # two more: talk
    (["더"], ("is_there_more",), False),                          # a word short: not yet
    (["있어요", "더"], ("is_there_more",), False),                 # out of order
    (["더", "있어요"], ("yes", "thats_all"), False),             # not listened for
    (["없어요"], ("thats_all",), True),
    ([], ("yes",), False),
])
def test_a_partial_may_be_a_wording_when_it_holds_one_in_order_with_one_word_more_at_most(
        book, partial, listened, may):
    assert book.may_be(partial, listened) is may


@pytest.mark.parametrize("partial, listened, whole, starts", [
    (["더", "있어요"], ("is_there_more",), True, False),
    (["더"], ("is_there_more",), False, True),           # the first words of one: not yet
    (["다"], ("thats_all", "yes"), False, True),
    (["없어요"], ("thats_all",), True, False),            # whole, of three syllables
    (["네"], ("yes",), False, False),                     # whole, but one syllable: talk's word
    (["더", "있어요"], ("yes", "thats_all"), False, False),  # not listened for
    (["더", "더"], ("is_there_more",), False, False),     # a stutter is no wording's start
    (["있어요"], ("is_there_more",), False, False),       # its last word, not its first
    (["오늘"], ("is_there_more",), False, False),         # filler
    ([], ("is_there_more",), False, False),
])
def test_a_partial_at_a_pause_is_a_whole_wording_or_the_first_words_of_one(
        book, partial, listened, whole, starts):
    assert book.whole(partial, listened) is whole
    assert book.starts(partial, listened) is starts


def test_a_partial_may_be_let_run_further_before_it_is_talk(book):
    slow = ["다시", "말해", "어", "주세요"]          # slow speech: pieces a final result drops
    patient = Phrasebook(PHRASES, filler=FILLER, talk_extra=2)
    assert book.plainly_talk(slow) is True
    assert patient.plainly_talk(slow) is False
    assert patient.plainly_talk([*slow, "네"]) is True


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


# -- the robust guard: the edge trim and the speaking rate ---------------------------------------
def confident(*spec):
    """Words with their own confidences: ("오늘", 0.6), ("더", 1.0), ..."""
    return [Word(w, c, 1.0 + i * 0.3, 1.3 + i * 0.3) for i, (w, c) in enumerate(spec)]


@pytest.mark.parametrize("spec, expected", [
    ((("[unk]", 0.89), ("더", 1.0), ("있어요", 1.0)), ("is_there_more", "ok")),   # doubtful start
    ((("더", 1.0), ("있어요", 1.0), ("음", 0.5)), ("is_there_more", "ok")),       # doubtful end
    ((("[unk]", 0.9), ("더", 1.0), ("있어요", 1.0)), (None, "not a wording")),    # not doubtful
    ((("[unk]", 0.5), ("더", 0.89), ("있어요", 1.0)), (None, "not a wording")),   # the rest doubtful
    ((("[unk]", 0.5), ("음", 0.5), ("더", 1.0), ("있어요", 1.0)), (None, "not a wording")),  # two
    ((("[unk]", 0.5), ("네", 1.0), ("음", 0.5)), (None, "not a wording")),        # both edges
    ((("네", 1.0), ("[unk]", 0.5)), ("yes", "ok")),
    ((("네", 1.0), ("오늘", 0.5)), (None, "not a wording")),                     # a filler word
])
def test_one_doubtful_word_at_an_edge_of_a_confident_wording_is_let_go(book, spec, expected):
    assert book.match(confident(*spec), ("is_there_more", "yes")) == expected


def test_the_trim_keeps_to_the_intents_listened_for_and_the_exact_guard_never_trims():
    heard = confident(("[unk]", 0.5), ("네", 1.0))
    robust = Phrasebook(PHRASES, filler=FILLER)
    assert robust.match(heard, ("is_there_more",)) == (None, "not a wording")
    assert Phrasebook(PHRASES, FILLER, guard="exact").match(heard, ("yes",)) == (None, "not a wording")
    assert [w.word for w in robust.trimmed(heard, ("yes",))] == ["네"]


def test_the_trim_never_lets_go_of_a_filler_word():
    # "오늘" and "정말" are FILLER; "[unk]" and a word of no list are not
    heard_after_talk = confident(("네", 1.0), ("정말", 0.59))  # a piece of talk, not a breath
    book = Phrasebook(PHRASES, filler=FILLER)
    assert book.match(heard_after_talk, ("yes",)) == (None, "not a wording")
    assert book.match(confident(("[unk]", 0.5), ("네", 1.0)), ("yes",)) == ("yes", "ok")
    assert book.match(confident(("네", 1.0), ("그래", 0.5)), ("yes",)) == ("yes", "ok")
    old = Phrasebook(PHRASES, filler=FILLER, trim_filler=True)  # stop 15's, for the benchmark
    assert old.match(heard_after_talk, ("yes",)) == ("yes", "ok")


@pytest.mark.parametrize("spec, expected", [
    ((("더", 1.0), ("오늘", 0.6), ("있어요", 1.0)), ("is_there_more", "ok")),     # a filler word
    ((("다", 1.0), ("[unk]", 0.89), ("했어요", 1.0)), ("thats_all", "ok")),
    ((("더", 1.0), ("오늘", 0.9), ("있어요", 1.0)), (None, "not a wording")),     # not doubtful
    ((("더", 0.89), ("오늘", 0.5), ("있어요", 1.0)), (None, "not a wording")),    # the rest doubtful
    ((("더", 1.0), ("오늘", 0.5), ("정말", 0.5), ("있어요", 1.0)), (None, "not a wording")),  # two
    ((("[unk]", 0.5), ("더", 1.0), ("오늘", 0.5), ("있어요", 1.0)), (None, "not a wording")),  # and an edge
])
def test_one_doubtful_word_inside_a_confident_wording_is_let_go(book, spec, expected):
    assert book.match(confident(*spec), ("is_there_more", "thats_all")) == expected


def test_the_inner_trim_keeps_to_the_intents_listened_for_and_can_be_turned_off(book):
    heard = confident(("더", 1.0), ("오늘", 0.5), ("있어요", 1.0))
    assert book.match(heard, ("is_there_more",)) == ("is_there_more", "ok")
    assert book.match(heard, ("yes",)) == (None, "not a wording")
    without = Phrasebook(PHRASES, FILLER, trim_inner=False)  # the designs before "apart"
    assert without.match(heard, ("is_there_more",)) == (None, "not a wording")
    assert Phrasebook(PHRASES, FILLER, guard="exact").match(
        heard, ("is_there_more",)) == (None, "not a wording")


def test_a_wording_said_faster_than_ten_syllables_a_second_is_no_wording(book):
    heard = words("더", "있어요")  # four syllables
    assert book.match(heard, ("is_there_more",), segment_s=0.4) == ("is_there_more", "ok")
    assert book.match(heard, ("is_there_more",), segment_s=0.39) == (None, "too fast to be said")
    exact = Phrasebook(PHRASES, FILLER, guard="exact")
    assert exact.match(heard, ("is_there_more",), segment_s=0.39) == ("is_there_more", "ok")


@pytest.mark.parametrize("text, count", [
    ("더 있어요", 4), ("여기까지 예요", 6), ("yes", 1), ("say that again", 4), ("[unk]", 1), ("", 0),
])
def test_syllables_are_hangul_blocks_or_groups_of_vowel_letters(text, count):
    assert syllables(text) == count


def test_words_that_run_on_past_the_speech_and_its_pre_roll_are_no_wording(book):
    heard = words("네", each=0.8)  # one syllable stretched over 0.8 s
    assert book.match(heard, ("yes",), segment_s=0.4) == ("yes", "ok")
    assert book.match(heard, ("yes",), segment_s=0.39) == (None, "words longer than the speech")


# -- a long wording may have one unsure word ----------------------------------------------------
def sure(*spec):
    return [Word(w, c, 1.0 + i * 0.3, 1.3 + i * 0.3) for i, (w, c) in enumerate(spec)]


@pytest.mark.parametrize("spec, heard", [
    ((("더", 0.55), ("있어요", 1.0)), True),        # three syllables, one word at 0.55
    ((("더", 0.5), ("있어요", 1.0)), True),         # exactly at long_conf
    ((("더", 0.49), ("있어요", 1.0)), False),       # under it
    ((("더", 0.55), ("있어요", 0.55)), False),      # two unsure words
    ((("다", 0.55), ("했어요", 0.9)), True),
    ((("네", 0.55),), False),                        # one syllable: the floor as it is
    ((("없어요", 0.55),), True),                     # one word of three syllables
])
def test_with_long_conf_a_wording_of_three_syllables_may_have_one_word_under_the_floor(
        book, spec, heard):
    intents = ("is_there_more", "thats_all", "yes")
    found = Phrasebook(PHRASES, filler=FILLER, long_conf=0.5).match(sure(*spec), intents, min_conf=0.6)
    assert (found[0] is not None) is heard
    assert book.match(sure(*spec), intents, min_conf=0.6)[0] is None  # without it: never


# -- a one-syllable wording needs more ----------------------------------------------------------
@pytest.mark.parametrize("conf, heard", [(0.94, False), (0.95, True), (1.0, True)])
def test_a_one_syllable_wording_is_held_to_the_short_floor(book, conf, heard):
    found = book.match(words("네", conf=conf), ("yes",), min_conf=0.6, short_conf=0.95)
    assert found == (("yes", "ok") if heard else (None, "low confidence"))


def test_a_stutter_of_one_syllable_is_still_one_syllable_and_longer_wordings_keep_the_floor(book):
    assert book.match(words("네", "네", conf=0.9), ("yes",), short_conf=0.95) == (None, "low confidence")
    assert book.match(words("더", "있어요", conf=0.9), ("is_there_more",), min_conf=0.6,
                      short_conf=0.95) == ("is_there_more", "ok")


# -- beside: an extra word at an edge, however sure (the benchmark's designs "beside", "paced") --
BESIDE_PHRASES = {**PHRASES, "yes": ("네", "맞습 니다", "네 맞습 니다")}


@pytest.fixture
def beside():
    return Phrasebook(BESIDE_PHRASES, filler=FILLER, beside=True)


@pytest.mark.parametrize("spec, expected", [
    ((("맞", 1.0), ("더", 1.0), ("있어요", 1.0)), ("is_there_more", "ok")),     # a sure lead-in
    ((("더", 1.0), ("있어요", 1.0), ("다", 1.0)), ("is_there_more", "ok")),     # and at the end
    ((("오늘", 1.0), ("더", 1.0), ("있어요", 1.0)), (None, "not a wording")),   # a filler word
    ((("맞", 1.0), ("더", 0.89), ("있어요", 1.0)), (None, "not a wording")),    # the rest doubtful
    ((("맞", 1.0), ("다", 1.0), ("더", 1.0), ("있어요", 1.0)), (None, "not a wording")),  # two
    ((("맞", 1.0), ("더", 1.0), ("있어요", 1.0), ("다", 1.0)), (None, "not a wording")),  # both
    ((("맞", 1.0), ("네", 1.0)), (None, "not a wording")),                       # one syllable
    ((("네", 0.4), ("맞습", 1.0), ("니다", 1.0)), ("yes", "ok")),               # a sure wording inside
    ((("네", 0.4), ("맞습", 0.89), ("니다", 1.0)), (None, "low confidence")),
])
def test_beside_lets_go_one_sure_extra_word_beside_a_wording_of_three_syllables(beside, spec,
                                                                                  expected):
    listened = ("is_there_more", "yes")
    assert beside.match(confident(*spec), listened) == expected
    if expected[0] is None:
        assert beside.match_words(confident(*spec), listened)[2] is None


def test_beside_is_off_by_default_keeps_to_the_intents_listened_for_and_gives_the_words(beside):
    heard = confident(("맞", 1.0), ("더", 1.0), ("있어요", 1.0))
    assert Phrasebook(BESIDE_PHRASES, FILLER).match(heard, ("is_there_more",)) == (
        None, "not a wording")
    assert beside.match(heard, ("yes",)) == (None, "not a wording")
    intent, reason, said = beside.match_words(heard, ("is_there_more",))
    assert (intent, reason, [w.word for w in said]) == ("is_there_more", "ok", ["더", "있어요"])
    # the other checks still judge what is left: here, four syllables in 0.3 s of speech
    assert beside.match(heard, ("is_there_more",), segment_s=0.3) == (None, "too fast to be said")


def test_paced_judges_the_speaking_rate_over_the_words_where_the_gate_heard_less():
    heard = words("더", "있어요", each=0.25)  # four syllables over 0.5 s of words
    plain = Phrasebook(PHRASES, FILLER)
    paced = Phrasebook(PHRASES, FILLER, paced=True)
    assert plain.match(heard, ("is_there_more",), segment_s=0.35) == (None, "too fast to be said")
    assert paced.match(heard, ("is_there_more",), segment_s=0.35) == ("is_there_more", "ok")
    # words squeezed into less time than the syllables need are still too fast
    quick = words("더", "있어요", each=0.15)
    assert paced.match(quick, ("is_there_more",), segment_s=0.2) == (None, "too fast to be said")
    # and words running on past the overhang are no measure of it
    long = words("더", "있어요", each=0.4)
    assert paced.match(long, ("is_there_more",), segment_s=0.35) == (None, "too fast to be said")
