"""Every command's --help: its description wrapped to the terminal paragraph by paragraph, and
what is laid out by hand (examples, lists, columns) kept as written."""

import pytest

from talkstick.commands.helptext import HelpText
from talkstick.commands.main import SUBCOMMANDS, main


def fill(text, width=40):
    return HelpText("prog")._fill_text(text, width, "")


def test_a_paragraph_is_wrapped_and_examples_and_lists_keep_their_lines():
    text = ("A long sentence that runs on well past forty columns and\nwas broken by hand "
            "somewhere else.\n\nexample: talkstick bench --lang ko --screen no\n"
            "example: talkstick soak\n\nchecks:\n  model   the speech model\n  gpio    the pins\n\n"
            "keys:  Enter record   q quit\nthen more")
    paragraphs = fill(text).split("\n\n")
    assert paragraphs[0].split("\n") == ["A long sentence that runs on well past",
                                         "forty columns and was broken by hand",
                                         "somewhere else."]
    assert paragraphs[1:] == ["example: talkstick bench --lang ko --screen no\nexample: talkstick soak",
                              "checks:\n  model   the speech model\n  gpio    the pins",
                              "keys:  Enter record   q quit\nthen more"]


@pytest.mark.parametrize("command", [m.__name__.rsplit(".", 1)[1] for m in SUBCOMMANDS])
def test_no_line_of_a_commands_description_runs_past_the_terminal(command, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    description = text.split("\n\n", 1)[1].split("\noptions:", 1)[0]
    for line in description.splitlines():
        assert len(line) <= 80 or line.startswith((" ", "example:")) or "  " in line, line
    if "example: " in description:
        assert all(line.startswith("example: ") for line in description.splitlines() if "example: " in line)
