"""`talkstick doctor`: every part of an installed device looked at, one row each, with the fix."""

import json
import shutil
import sys
from dataclasses import asdict, dataclass, replace

from talkstick.commands import probes
from talkstick.commands.check import check_file, check_in_effect
from talkstick.commands.command import Command
from talkstick.commands.machine import Machine, service, state_dir
from talkstick.commands.numbers import number_in
from talkstick.errors import TalkstickError
from talkstick.frontends.columns import pad, width
from talkstick.script.files import shipped_files
from talkstick.script.pack import load_pack
from talkstick.settings import Settings, load_settings

CHECKS = ("gpio", "microphone", "speaker", "model", "cleaning", "denoising", "voice", "config",
          "scripts", "state", "service")

DESCRIPTION = """\
Look at every part talkstick needs and print one row for each: CHECK, STATUS (PASS, WARN or
FAIL; SKIP when asked to), what was found, and how to fix it. Nothing is changed, nothing
heard is kept, and the speech model is only ever loaded in a child process, so a damaged one
cannot crash doctor.

checks, in order:
  model       (first, on a Raspberry Pi with the English pack) as `talkstick model check`
  gpio        the pin factory, and the button's and LEDs' pins opened (WARN off a Pi: the
              simulator will be used)
  microphone  the input device and its live level for --listen-seconds (say something)
  speaker     the output device opens for playback
  model       the speech model tried in a child process; it knows every phrase word
  cleaning    WebRTC's gain and noise suppression, which the listener runs before the
              recognizer (WARN without it: a noisy room and a soft voice are heard worse)
  denoising   RNNoise, which the listener runs first while the room is noisy (WARN without
              it: fewer check-ins are heard in noise)
  voice       espeak-ng has the voice the language pack (or [voice] voice) names
  config      the settings in effect: config file, environment, language, script
  scripts     every shipped language pack and script, as `talkstick check`
  state       the state directory exists (or can be made), is writable, and its owner
  service     `systemctl is-active talkstick`, its restarts and last watchdog ping (WARN
              where systemd or the unit is missing: sudo talkstick install)

Exit status 0 when nothing FAILs (warnings are listed, and allowed), 1 otherwise.
"""

EPILOG = """\
examples:
  talkstick doctor                       every check (speak when the microphone is tried)
  talkstick doctor --json | jq .status   for scripts: one JSON object
  talkstick doctor --skip microphone --skip service
  sudo -u talkstick STATE_DIRECTORY=/var/lib/talkstick talkstick doctor --config /etc/talkstick/config.toml
                                         as the service sees the device
"""


@dataclass(frozen=True)
class DoctorOptions:
    config: str | None
    lang: str | None
    listen_seconds: float
    json: bool
    skip: list


@dataclass(frozen=True)
class Row:
    check: str
    status: str
    detail: str
    fix: str


def add_parser(sub):
    p = sub.add_parser("doctor", help="check every part of the device and say how to fix what fails",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--config", metavar="FILE", help="config file to check and take devices from "
                   "(default: the one `talkstick run` would read)")
    p.add_argument("--lang", help="language pack to check (default: the configured one)")
    p.add_argument("--listen-seconds", type=number_in(1, 30), default=3.0, metavar="S",
                   help="seconds to watch the microphone's level (1 to 30, default 3)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    p.add_argument("--skip", action="append", default=[], metavar="CHECK", choices=CHECKS,
                   help=f"leave a check out: {', '.join(CHECKS)} (repeatable)")
    p.set_defaults(command=Command(DoctorOptions, run))


def run(options, stop, machine=None):
    rows = diagnose(options, stop, machine or Machine())
    worst = "FAIL" if any(r.status == "FAIL" for r in rows) else (
        "WARN" if any(r.status == "WARN" for r in rows) else "PASS")
    if options.json:
        print(json.dumps({"status": worst, "checks": [asdict(r) for r in rows]}, ensure_ascii=False))
    else:
        print(table(rows))
        print(verdict(rows, worst))
    return 1 if worst == "FAIL" else 0


def diagnose(options, stop, machine):
    """The rows, in order; each check that raises is a FAIL row of its own, never a traceback."""
    settings, settings_error = _settings(options.config)
    lang = options.lang or settings.dialogue.language
    pack, pack_error = _pack(lang)
    checks = _checks(options, stop, settings, pack, pack_error, machine)
    if machine.on_pi() and lang == "en":
        checks.insert(0, checks.pop([name for name, _ in checks].index("model")))
    if settings_error:
        _note(f"the config cannot be read ({settings_error}); the other checks use the defaults")
    rows = []
    for name, check in checks:
        if stop.is_set():
            break
        rows.append(_row(name, check, options.skip))
    return _busy(rows)


def _busy(rows):
    """A running service holds the pins, and may hold the sound devices: say so where they fail."""
    if not any(r.check == "service" and r.detail.startswith("active") for r in rows):
        return rows
    held = "the running service may hold it: sudo systemctl stop talkstick, then run doctor again"
    return [replace(r, fix=f"{r.fix}; {held}" if r.fix else held)
            if r.status == "FAIL" and r.check in ("gpio", "microphone", "speaker") else r for r in rows]


def _checks(options, stop, settings, pack, pack_error, machine):
    def needs_pack(probe):
        return probe if pack is not None else lambda: probes.Finding(
            "FAIL", f"the {pack_error}", "see the scripts row; `talkstick check` lists every problem")

    return [
        ("gpio", lambda: probes.gpio(settings.panel, machine.on_pi())),
        ("microphone", lambda: _microphone(settings.listen, options.listen_seconds)),
        ("speaker", lambda: probes.output_device(settings.voice)),
        ("model", needs_pack(lambda: probes.speech_model(settings, pack, stop))),
        ("cleaning", probes.cleaning),
        ("denoising", probes.denoising),
        ("voice", needs_pack(lambda: probes.tts_voice(settings.voice, pack))),
        ("config", lambda: _config(options.config)),
        ("scripts", _scripts),
        ("state", lambda: state_dir(settings.state_dir)),
        ("service", lambda: service(machine)),
    ]


def _row(name, check, skip):
    if name in skip:
        return Row(name, "SKIP", "left out (--skip)", "")
    _note(f"checking {name}…")
    try:
        found = check()
    except Exception as e:  # noqa: BLE001 - doctor reports every failure and goes on
        found = probes.Finding("FAIL", f"{type(e).__name__}: {e}",
                               "run with DEBUG=1 -v for details, and report it")
    return Row(name, found.status, found.detail, found.fix)


def _settings(config):
    """(settings, None), or the defaults and what is wrong with the config."""
    try:
        return load_settings(config), None
    except TalkstickError as e:
        return Settings(), str(e)


def _pack(lang):
    try:
        return load_pack(lang), None
    except TalkstickError as e:
        return None, f"language pack {lang!r} has problems: {' / '.join(str(e).splitlines()[:1])}"


def _microphone(listen, seconds):
    _note(f"   say something for {seconds:g} s (the level is shown; nothing is kept)")
    shown = sys.stderr.isatty()

    def show(level):
        print(f"\r   level {'#' * int(min(1.0, level * 20) * 40):40}", end="", file=sys.stderr, flush=True)

    found = probes.microphone(listen, seconds, show=show if shown else None)
    if shown:
        print(file=sys.stderr)
    return found


def _config(config):
    problems = check_in_effect(config)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return probes.Finding("FAIL", f"{problems[0]}{more}",
                              "correct the file or line named; `talkstick config` prints every "
                              "setting with its accepted values, `talkstick check` every problem")
    return probes.Finding("PASS", "the config file, environment, language and script in effect are valid")


def _scripts():
    files = shipped_files()
    problems = [p for path in files for p in check_file(path)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return probes.Finding("FAIL", f"{problems[0]}{more}", "correct the file and line named; "
                              "`talkstick check` lists every problem")
    return probes.Finding("PASS", f"all {len(files)} shipped packs and scripts are valid")


def _note(text):
    print(text, file=sys.stderr, flush=True)


def table(rows, columns=None):
    """CHECK STATUS DETAIL FIX, DETAIL and FIX wrapped to share the terminal's width."""
    columns = columns or max(100, shutil.get_terminal_size((120, 24)).columns)
    first = max(width("CHECK"), *(width(r.check) for r in rows)) + 2
    text_w = max(20, (columns - first - 8) // 2)
    lines = [_line(first, text_w, "CHECK", "STATUS", "DETAIL", "FIX")]
    for r in rows:
        detail, fix = _wrap(r.detail, text_w), _wrap(r.fix, text_w)
        for i in range(max(len(detail), len(fix), 1)):
            lines.append(_line(first, text_w, r.check if i == 0 else "", r.status if i == 0 else "",
                               detail[i] if i < len(detail) else "", fix[i] if i < len(fix) else ""))
    return "\n".join(lines)


def _wrap(text, columns):
    """Lines of about ``columns``, broken only at spaces: a path or a command stays whole
    (and may push its line wider), so it can be copied."""
    lines = []
    for word in text.split():
        if lines and width(lines[-1]) + 1 + width(word) <= columns:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _line(first, text_w, check, status, detail, fix):
    wide = " " * max(0, text_w - width(detail))  # a long word is not cut: it pushes FIX on
    return f"{pad(check, first)}{pad(status, 8)}{detail}{wide}  {fix}".rstrip()


def verdict(rows, worst):
    counts = {s: sum(r.status == s for r in rows) for s in ("PASS", "WARN", "FAIL", "SKIP")}
    tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if worst == "FAIL":
        return f"\n{tally}: fix the FAIL rows (exit status 1)."
    if worst == "WARN":
        return f"\n{tally}: nothing fails; the warnings above are worth a look (exit status 0)."
    return f"\n{tally}: all good."
