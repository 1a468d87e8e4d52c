"""A pack's [labels]: its own words for what the simulator would otherwise show by name."""

import shutil

import pytest

from talkstick.commands.main import main
from talkstick.core.vocabulary import DEVICE_PROMPTS, GESTURES, INTENTS
from talkstick.errors import ScriptError
from talkstick.script.colors import NAMED
from talkstick.script.files import PROMPTS_DIR, available_languages
from talkstick.script.labels import WORDS, label, step_ids
from talkstick.script.pack import load_pack


def test_english_words_everything_the_screen_may_name():
    labels = load_pack("en").labels
    names = set(WORDS + INTENTS + GESTURES + DEVICE_PROMPTS) | set(NAMED) | step_ids(PROMPTS_DIR / "en")
    assert names - set(labels) == set()


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_every_translation_has_every_label_in_its_own_words(lang):
    english, labels = load_pack("en").labels, load_pack(lang).labels
    assert set(english) - set(labels) == set()
    assert [k for k in english if labels[k] == english[k]] == []  # none left in English


@pytest.fixture
def pack_copy(tmp_path):
    shutil.copytree(PROMPTS_DIR / "en", tmp_path / "en")
    return tmp_path / "en" / "pack.toml"


def test_an_unknown_label_or_one_that_is_no_text_is_a_line_naming_file_line_and_key(pack_copy):
    text = pack_copy.read_text().replace('summary = "summary"', "summary = 3")
    pack_copy.write_text(text + 'sumary_check = "typo"\n')
    typo, summary = text.count("\n") + 1, text[:text.index("summary = 3")].count("\n") + 1
    with pytest.raises(ScriptError) as caught:
        load_pack("en", root=pack_copy.parent.parent)
    assert caught.value.problems[0].startswith(f"{pack_copy}:{typo}: [labels] sumary_check: unknown label (")
    assert caught.value.problems[1] == f"{pack_copy}:{summary}: [labels] summary: must be a text, got 3"
    assert len(caught.value.problems) == 2


def test_a_label_key_or_value_is_shown_as_toml_on_one_line(pack_copy):
    text = pack_copy.read_text().replace('summary_check = "checking the summary"', "summary_check = [true, 'a']")
    pack_copy.write_text(text + '"sum\\u001b[2J" = "x"\n')
    with pytest.raises(ScriptError) as caught:
        load_pack("en", root=pack_copy.parent.parent)
    assert caught.value.problems[0].startswith(
        f'{pack_copy}:{text.count(chr(10)) + 1}: [labels] "sum\\u001b[2J": unknown label (')
    line = text[:text.index("summary_check =")].count("\n") + 1
    assert caught.value.problems[1] == f"{pack_copy}:{line}: [labels] summary_check: must be a text, got [true, 'a']"


@pytest.mark.parametrize("data, expected", [
    (b'[script]\ntitle = "caf\xe9"\n', ":2: not UTF-8 text: byte 0xe9; save the file as UTF-8"),
    (b'[script]\ntitle = "cafe\n', ":2: not valid TOML: Illegal character '\\n' (column 14)"),
])
def test_a_second_script_of_the_pack_that_cannot_be_read_is_a_problem_naming_it(pack_copy, capsys, data, expected):
    """The labels read every script's step ids: one broken script is a line, not a traceback."""
    broken = pack_copy.parent / "zz-broken.toml"
    broken.write_bytes(data)
    with pytest.raises(ScriptError) as caught:
        load_pack("en", root=pack_copy.parent.parent)
    assert caught.value.problems == [f"{broken}{expected}"]
    assert main(["check", str(pack_copy)]) == 1
    assert capsys.readouterr().out == f"error {broken}{expected}\n"


def test_a_script_whose_steps_are_no_list_gives_the_labels_no_step_ids(pack_copy):
    (pack_copy.parent / "zz-odd.toml").write_text("steps = 5\n")  # its own loader says so
    assert load_pack("en", root=pack_copy.parent.parent).labels["sending"]


def test_a_missing_label_falls_back_to_english_then_to_the_name(pack_copy):
    text = pack_copy.read_text()
    pack_copy.write_text(text[:text.index("[labels]")] + '[labels]\nsending = "parler"\n')
    labels = load_pack("en", root=pack_copy.parent.parent).labels
    assert dict(labels) == {"sending": "parler"}
    assert label(labels, "sending") == "parler"
    assert label(labels, "summary_check") == "checking the summary"
    assert label(labels, "a_step_of_my_own") == "a_step_of_my_own"
