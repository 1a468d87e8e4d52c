"""`talkstick selftest`: each failure says what to check, and its options are checked first."""

import pytest

from talkstick.commands.main import main


def test_a_microphone_that_cannot_be_opened_says_which_and_what_to_check(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[listen]\ndevice = "no-such-microphone"\n')
    code = main(["selftest", "--config", str(config), "--skip", "panel", "--skip", "speaker",
                 "--skip", "model"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("FAIL"))
    assert code == 1 and line.split()[1] == "microphone"
    assert "cannot open the microphone (tried 'no-such-microphone'" in line
    assert "`arecord -l`" in line and "[listen] device" in line
    assert "PortAudioError" not in line and "ValueError" not in line


@pytest.mark.parametrize("wait", ["-1", "0", "nan", "soon", "601"])
def test_wait_must_be_a_positive_number_of_seconds(wait, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["selftest", "--skip", "speaker", "--wait", wait])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "argument --wait" in err and "1 to 600" in err
