"""Text measured in terminal columns: what keeps Korean inside the simulator's lines."""

import pytest

from talkstick.frontends.columns import cut, pad, width, wrap


@pytest.mark.parametrize("text, columns", [
    ("abc", 3), ("한국어", 6), ("A 님", 4), ("e\u0301", 1), ("·…─█", 4), ("ｆｕｌｌ", 8), ("", 0),
])
def test_width_counts_wide_characters_twice_and_marks_not_at_all(text, columns):
    assert width(text) == columns


@pytest.mark.parametrize("text, columns, expected", [
    ("한국어", 5, "한국"), ("한국어", 4, "한국"), ("한국어", 1, ""), ("ab한", 3, "ab"), ("ab", 9, "ab"),
])
def test_cut_never_splits_a_wide_character(text, columns, expected):
    assert cut(text, columns) == expected


def test_pad_fills_to_the_column():
    assert pad("단계", 6) == "단계  " and pad("말하는 사람", 6) == "말하는"


@pytest.mark.parametrize("columns", [8, 13, 30])
def test_wrap_keeps_every_word_in_order_within_the_columns(columns):
    text = "어서 오세요. 저는 차례와 시간만 챙기고 녹음은 하지 않아요. 버튼을길게누르세요오오오오."
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert wrap("a b", 80) == ["a b"] and wrap("", 10) == []
