"""The benchmark report's figures: a hit rate with its 95 % interval, the weakest wordings, the
noisy-room notice."""

import pytest

from talkstick.bench.report import noisy_room_lines, rate, weakest, wilson


@pytest.mark.parametrize(("hits", "n", "low", "high"), [
    (0, 10, 0.0, 27.8), (10, 10, 72.2, 100.0), (5, 10, 23.7, 76.3), (33, 78, 32.0, 53.4),
])
def test_the_interval_is_wilsons(hits, n, low, high):  # values from the formula by hand
    got = wilson(hits, n)
    assert got == pytest.approx((low, high), abs=0.1)


def test_an_interval_narrows_as_the_set_grows_and_always_holds_the_rate():
    widths = []
    for n in (10, 40, 160, 640):
        low, high = wilson(n // 2, n)
        assert low < 50 < high
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True)


def test_a_rate_reads_hits_percent_and_interval():
    assert rate(33, 78) == "33/78  42 % (32-53)"
    assert rate(0, 0) == "-"


def test_the_weakest_wordings_come_first_and_empty_tallies_are_left_out():
    tallies = {"네": [9, 10], "아니요": [1, 10], "더 있어요": [5, 10], "쉬고 싶습 니다": [0, 0]}
    assert weakest(tallies, count=2) == "아니요 10 %; 더 있어요 50 %"
    assert weakest({}) == "-"


def test_the_noisy_room_notice_is_told_where_others_talk_against_elsewhere():
    lines = noisy_room_lines({"tuning": {"chatter": [3, 4], "quiet": [0, 5], "pink": [1, 2]},
                              "held-out": {"babble": [2, 2]}})
    assert lines == [
        "noisy-room notice, tuning: in 3 of 4 half minutes of talk where others talk, 1 of 7 "
        "elsewhere (chatter 3/4; pink 1/2; quiet 0/5)",
        "noisy-room notice, held-out: in 2 of 2 half minutes of talk where others talk, 0 of 0 "
        "elsewhere (babble 2/2)"]
