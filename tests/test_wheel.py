"""The wheel and the sdist, built from this checkout, installed into a fresh venv and run from
somewhere else: what a user of `pip install talkstick` gets, with nothing of the checkout in reach."""

import email.parser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

import talkstick

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = ("core", "script", "hearing", "voice", "panel", "shell", "frontends", "commands", "bench",
               "settings", "tomlfile")
IN_WHEEL = ["talkstick/prompts/en/imago-dialogue.toml", "talkstick/prompts/ko/phrases.toml",
            "talkstick/prompts/README.md", "talkstick/prompts/__init__.py",
            "talkstick/systemd/talkstick.service",
            *(f"talkstick/{name}/__init__.py" for name in SUBPACKAGES)]
IN_SDIST = ["tests/conftest.py", "tests/test_wheel.py", "systemd/talkstick.service",
            "hardware/README.md", "scripts/setup", "prompts/en/pack.toml", "prompts/ko/pack.toml",
            "MANIFEST.in", "LICENSE", "README.md", "pyproject.toml", ".ci/run"]
# Without git (an unpacked sdist), what a build must not pick up from the working tree: earlier
# builds (a reused build/lib ships files deleted since), the venv, caches, mutants.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    "*.py[cod]", ".pytest_cache", ".ruff_cache", ".mutation", "mutants")


def run(cmd, *, timeout, **kwargs):
    """Run ``cmd``; a non-zero exit fails the test with the command's stderr and stdout."""
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout,
                          **kwargs)
    assert proc.returncode == 0, (f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
                                  f"--- stderr\n{proc.stderr}\n--- stdout\n{proc.stdout[-3000:]}")
    return proc


def copy_source(to):
    """The working tree as it would be committed (tracked and new files, not what git ignores),
    copied to ``to``, so a build writes nothing into the checkout and sees no leftovers."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        shutil.copytree(ROOT, to, ignore=NOT_SOURCE)
        return
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():  # not a tracked file deleted in the working tree
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, to / name)


def build(source, out):
    """The wheel and the sdist of ``source``, built without network (no build isolation)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out,
                source], timeout=120, env=env)
    # setuptools' warning that a data folder (prompts/en, ...) "would be ignored" in future
    assert "absent from the `packages` configuration" not in proc.stdout + proc.stderr, proc.stderr
    run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", out, source],
        timeout=120, env=env)
    [wheel], [sdist] = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    return wheel, sdist


def sealed_env(tmp_path):
    """An environment that knows nothing of the checkout or of the user: no PYTHONPATH, no venv,
    HOME and the XDG folders in ``tmp_path``."""
    path = [p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
            if p and not Path(p).resolve().is_relative_to(ROOT)]
    env = {"PATH": os.pathsep.join(path), "LANG": "C.UTF-8"}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    return env


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_venv_and_runs_from_anywhere(tmp_path):
    setuptools = version("setuptools")
    assert int(setuptools.split(".")[0]) >= 77, (
        f"setuptools {setuptools} in {sys.prefix} cannot build talkstick (needs >=77): "
        f"{sys.executable} -m pip install -e '.[test]'")
    assert not tmp_path.resolve().is_relative_to(ROOT)

    # Build from a copy of the working tree, so nothing is written into the checkout.
    source = tmp_path / "source"
    copy_source(source)
    wheel, sdist = build(source, tmp_path / "dist")

    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = email.parser.Parser().parsestr(
            z.read(f"talkstick-{talkstick.__version__}.dist-info/METADATA").decode())
    assert [n for n in IN_WHEEL if n not in names] == []
    assert not [n for n in names if n.startswith(("tests/", "prompts/", "device/"))]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert metadata["Version"] == talkstick.__version__
    assert metadata.get_all("Classifier") == project["classifiers"]
    assert metadata["Keywords"].split(",") == project["keywords"]
    assert metadata.get_all("Project-URL") == [f"{k}, {v}" for k, v in project["urls"].items()]

    with tarfile.open(sdist) as t:
        top = f"talkstick-{talkstick.__version__}/"
        in_sdist = {m.name.removeprefix(top) for m in t.getmembers()}
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # 3.11.4+
        t.extractall(tmp_path / "unpacked", **safe)
    assert [n for n in IN_SDIST if n not in in_sdist] == []

    # The sdist builds the same wheel again.
    again = tmp_path / "again"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", again,
         tmp_path / "unpacked" / top], timeout=120)
    with zipfile.ZipFile(next(again.glob("*.whl"))) as z:
        assert sorted(z.namelist()) == sorted(names)

    # A fresh venv, the wheel installed the ordinary way (dependencies from the index).
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], timeout=120)
    bin_ = venv / "bin"
    run([bin_ / "pip", "install", wheel], timeout=300,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})

    # Run from elsewhere with nothing pointing at the checkout.
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = sealed_env(tmp_path)
    assert not [v for v in env.values() if str(ROOT) in v]

    def talkstick_(*args, **kwargs):
        return run([bin_ / "talkstick", *args], timeout=60, cwd=cwd, env=env, **kwargs)

    prompts = run([bin_ / "python", "-c", "import talkstick.script.files as f; print(f.PROMPTS_DIR)"],
                  timeout=60, cwd=cwd, env=env).stdout.strip()
    assert Path(prompts).is_relative_to(venv) and "site-packages" in prompts, prompts

    assert "talkstick run --headless" in talkstick_("--help").stdout

    check = talkstick_("check")
    for lang in ("en", "ko"):
        assert f"ok    {prompts}/{lang}/pack.toml" in check.stdout, check.stdout
    assert str(ROOT) not in check.stdout + check.stderr

    phrases = json.loads(talkstick_("phrases", "--lang", "ko", "--json").stdout)
    assert phrases and all(phrases.values())
    assert any("\uac00" <= ch <= "\ud7a3" for ws in phrases.values() for w in ws for ch in w)

    session = talkstick_("run", "--headless", "--no-voice", "--no-listen", input="press\nquit\n")
    records = [json.loads(line) for line in session.stdout.splitlines()]
    assert records and records[0]["step"] == "appointment", session.stdout
    assert records[-1]["step"] == "sending", session.stdout
    assert str(ROOT) not in session.stdout + session.stderr
