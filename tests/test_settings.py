import re
from pathlib import Path

import pytest

from talkstick.errors import ConfigError
from talkstick.settings import describe_defaults, load_settings


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_without_any_file(tmp_path):
    s = load_settings(environ={"HOME": str(tmp_path)})
    assert s.dialogue.language == "en" and s.panel.button == 17 and s.source == "defaults"


def test_file_then_environment_then_flags(tmp_path):
    path = write(tmp_path, '[dialogue]\nverbosity = "brief"\nturn_minutes = 8\n[panel]\nbargraph = [5, 6]\n')
    s = load_settings(path, environ={"TALKSTICK_DIALOGUE_TURN_MINUTES": "12"})
    assert (s.dialogue.verbosity, s.dialogue.turn_minutes, s.panel.bargraph) == ("brief", 12.0, (5, 6))
    s = load_settings(path, environ={"TALKSTICK_DIALOGUE_VERBOSITY": "guided"},
                      overrides={"--verbosity": ("dialogue.verbosity", "silent"),
                                 "--script": ("dialogue.script", None)})
    assert (s.dialogue.verbosity, s.dialogue.exercise, s.dialogue.script) == ("silent", "imago-dialogue", "")
    assert s.origin("dialogue.verbosity") == "--verbosity"
    assert s.origin("dialogue.turn_minutes") == f"{path}:3: [dialogue] turn_minutes"
    assert s.origin("dialogue.script") == "default"


def test_the_model_variable_has_one_name_and_an_older_alias():
    old = load_settings(environ={"TALKSTICK_VOSK_MODEL": "/old"})
    assert old.listen.model == "/old" and old.origin("listen.model") == "environment variable TALKSTICK_VOSK_MODEL"
    both = load_settings(environ={"TALKSTICK_VOSK_MODEL": "/old", "TALKSTICK_LISTEN_MODEL": "/new"})
    assert both.listen.model == "/new"


def test_default_file_is_found_in_xdg_config_home(tmp_path):
    (tmp_path / "talkstick").mkdir()
    (tmp_path / "talkstick" / "config.toml").write_text('[voice]\nrate = 140\n')
    assert load_settings(environ={"XDG_CONFIG_HOME": str(tmp_path)}).voice.rate == 140


@pytest.mark.parametrize("text, expected", [
    ('[dialogue]\nverbosity = "chatty"\n', "config.toml:2: [dialogue] verbosity: 'chatty' is not one of guided, brief, silent"),
    ('[voice]\n\nrate = 1000\n', "config.toml:3: [voice] rate: 1000 is out of range (80 to 300)"),
    ('[panel]\nbuton = 4\n', "config.toml:2: [panel] buton: unknown key (accepted in [panel]: button,"),
    ('[panels]\nbutton = 4\n', "[panels]: unknown section (accepted: dialogue, panel, voice, listen, history)"),
    ('[panel]\nstep_rgb = [1, 2]\n', "[panel] step_rgb: needs 3 items, got 2"),
    ('[dialogue]\nnames = ["Sam"]\n', "config.toml:2: [dialogue] names: needs 0 or 2 items, got 1"),
    ('[panel]\nbargraph = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]\n', "[panel] bargraph: needs 0 to 10 items, got 11"),
    ('[panel]\nled_a = 17\n', "[panel] pin(s) [17] used twice"),
    ('[panel]\nhold_s = 6.0\n', "double_press_s < hold_s < long_hold_s"),
    ('[voice]\nenabled = "yes"\n', "[voice] enabled: 'yes' is not true or false"),
    ('[voice\n', "not valid TOML"),
])
def test_bad_values_name_file_line_key_and_what_is_accepted(tmp_path, text, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text), environ={})
    assert expected in str(info.value)
    assert str(tmp_path / "config.toml") in str(info.value)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(ConfigError, match="TALKSTICK_PANEL_BUTTON: 99 is out of range"):
        load_settings(environ={"TALKSTICK_PANEL_BUTTON": "99"})


def test_missing_explicit_config_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_described_defaults_are_a_valid_config_once_uncommented(tmp_path):
    text = describe_defaults()
    uncommented = re.sub(r"^# (\w+ = )", r"\1", text, flags=re.M)
    s = load_settings(write(tmp_path, uncommented), environ={})
    assert s.dialogue == load_settings(environ={}).dialogue


def test_where_state_and_models_live_for_a_user_and_for_the_service():
    user = load_settings(environ={"HOME": "/home/pat"})
    assert user.state_dir == Path("/home/pat/.local/state/talkstick")
    assert user.data_dir == Path("/home/pat/.local/share/talkstick")
    assert load_settings(environ={"XDG_STATE_HOME": "/s"}).state_dir == Path("/s/talkstick")
    service = load_settings(environ={"STATE_DIRECTORY": "/var/lib/talkstick:/var/lib/other"})
    assert service.state_dir == service.data_dir == Path("/var/lib/talkstick")


def test_the_service_managers_socket_and_watchdog_come_from_the_environment():
    plain = load_settings(environ={})
    assert (plain.notify_socket, plain.watchdog_s) == (None, None)
    env = {"NOTIFY_SOCKET": "@/run/notify", "WATCHDOG_USEC": "30000000"}
    s = load_settings(environ=env)
    assert (s.notify_socket, s.watchdog_s) == ("@/run/notify", 15.0)
    assert load_settings(environ={**env, "WATCHDOG_PID": "1"}).watchdog_s is None  # not ours
