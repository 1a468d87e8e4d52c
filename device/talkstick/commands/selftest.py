"""`talkstick selftest`: checks each part after wiring, one at a time, and says what to fix.

Printed (the default): the LEDs cycle, the button is pressed when asked, one sentence is
spoken, the microphone's level is shown and the speech model is tried, each with PASS, FAIL
or SKIP. Spoken (``--spoken``, spoken.py): for a device with no screen, the device asks about
each part aloud and the button answers. Spoken is never chosen by itself: a selftest piped
into a log or run by a script must not start talking and wait minutes for presses.
"""

import logging
import queue
import sys
import time
from dataclasses import dataclass

from talkstick.commands import probes
from talkstick.commands.command import Command
from talkstick.commands.numbers import number_in
from talkstick.commands.spoken import light_tour, run_spoken
from talkstick.core import events as ev
from talkstick.core.lights import DARK
from talkstick.errors import TalkstickError
from talkstick.script.pack import load_pack
from talkstick.settings import load_settings

log = logging.getLogger(__name__)

DESCRIPTION = """\
Check each part of the device in turn and print PASS, FAIL or SKIP with what to do. The
lights cycle through each LED; you are asked to press the button; the device speaks one
sentence; the microphone level is shown for a few seconds (nothing is recorded); the speech
model is tried in a child process (a damaged one cannot crash the selftest) and its
vocabulary checked.

With --spoken, for a device with no screen: the device says each question ("Did light A come
on? Press once for yes, twice for no.") and the button answers: press once for yes, twice for
no; no answer within --wait seconds counts as a failure. It asks for a press of the button
first (without it, the questions are skipped), then about each LED and its own voice, then
listens to the microphone and tries the model, and ends by saying how many checks passed and
which did not. The wording is the language pack's [selftest] table. The table is printed too.
Spoken is never chosen by itself, not even without a terminal: a selftest run by a script or
into a log must not start talking and wait for presses.
"""

EPILOG = """\
examples:
  talkstick selftest                       printed: watch the LEDs, press when asked
  talkstick selftest --spoken --wait 20    no screen: listen, and answer with the button
  talkstick selftest --skip panel --skip speaker
"""


@dataclass(frozen=True)
class SelftestOptions:
    config: str | None
    lang: str | None
    simulate: bool
    skip: list
    wait: float
    spoken: bool
    listen_seconds: float


def add_parser(sub):
    p = sub.add_parser(
        "selftest", help="check the button, LEDs, speaker, microphone and speech model",
        description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("--config", metavar="FILE", help="config file to take pins and devices from")
    p.add_argument("--lang", help="language pack to check (default: the configured one)")
    p.add_argument("--simulate", action="store_true", help="use mock pins (no GPIO needed)")
    p.add_argument("--spoken", action="store_true", help="ask aloud and take the button's answers "
                   "(press: yes, double press: no), for a device with no screen")
    p.add_argument("--skip", action="append", default=[], metavar="PART",
                   choices=("panel", "speaker", "microphone", "model"),
                   help="skip a part: panel, speaker, microphone or model (repeatable; spoken, "
                   "only microphone and model can be skipped)")
    p.add_argument("--wait", type=number_in(1, 600), default=15.0, metavar="S",
                   help="seconds to wait for the button press, or an answer (1 to 600, default 15)")
    p.add_argument("--listen-seconds", type=number_in(1, 30), default=3.0, metavar="S",
                   help="seconds to watch the microphone's level (1 to 30, default 3)")
    p.set_defaults(command=Command(SelftestOptions, run))


def run(options, stop):
    settings = load_settings(options.config)
    pack = load_pack(options.lang or settings.dialogue.language)
    if options.spoken:
        return _spoken(options, settings, pack, stop)
    checks = {"panel": lambda: check_panel(settings.panel, options.simulate, options.wait),
              "speaker": lambda: check_speaker(settings.voice, pack),
              "microphone": lambda: check_microphone(settings.listen, options.listen_seconds),
              "model": lambda: check_model(settings, pack, stop)}
    results = []
    for name, check in checks.items():
        if name in options.skip:
            results.append((name, "SKIP", "skipped on request"))
            continue
        print(f"-- {name}", flush=True)
        try:
            status, detail = check()
        except Exception as e:  # a selftest reports every failure and goes on to the next part
            log.debug("selftest %s", name, exc_info=True)
            status, detail = "FAIL", f"{type(e).__name__}: {e}"
        results.append((name, status, detail))
    return _report(results)


def _spoken(options, settings, pack, stop):
    from talkstick.panel.pins import choose_pin_factory

    asked = sorted(set(options.skip) & {"panel", "speaker"})
    if asked:
        raise TalkstickError(f"--skip {asked[0]}: the spoken selftest needs the panel and the "
                             "speaker to ask anything; only microphone and model can be skipped")
    factory, simulated = choose_pin_factory(options.simulate)
    if simulated:
        print("talkstick: no GPIO here: the questions are asked, but only mock pins can answer",
              file=sys.stderr)
    results = run_spoken(settings, pack, options.wait, options.listen_seconds, stop, factory,
                         skip=options.skip)
    return _report([(r.name, r.status, r.detail) for r in results])


def _report(results):
    print()
    for name, status, detail in results:
        print(f"{status:5} {name:11} {detail}")
    return 1 if any(status == "FAIL" for _, status, _ in results) else 0


def check_panel(settings, simulate, wait_s):
    from talkstick.panel.button import Button
    from talkstick.panel.lamps import Lamps
    from talkstick.panel.pins import choose_pin_factory

    factory, simulated = choose_pin_factory(simulate)
    events = queue.Queue()
    with Lamps(settings, pin_factory=factory) as lamps, \
            Button(settings, events.put, pin_factory=factory):
        for _, lights in light_tour(settings):
            lamps.show(lights)
            time.sleep(0.6)
        lamps.show(DARK)
        if simulated:
            return "SKIP", "no GPIO here: the LEDs and button were exercised on mock pins only"
        print(f"   press the talking-stick button (within {wait_s:.0f} s)…", flush=True)
        try:
            gesture = events.get(timeout=wait_s)
        except queue.Empty:
            return "FAIL", (f"no press seen on GPIO{settings.button}: check the button wiring "
                            "(one leg to the pin, the other to ground) and [panel] button")
        return "PASS", f"LEDs cycled (did each light up?); button gave {gesture.kind!r}"


def check_speaker(voice, pack):
    from talkstick.voice.speaker import Speaker

    events = queue.Queue()
    speaker = Speaker(events.put, voice=voice.voice or pack.voice, rate=voice.rate,
                      volume=voice.volume, device=voice.device or None)
    try:
        speaker.say("selftest", pack.prompts["welcome"].split(".")[0] + ".")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            event = events.get(timeout=deadline - time.monotonic())
            if isinstance(event, ev.DeviceNotice):
                return "FAIL", "no speaker could be opened: check [voice] device and `aplay -l`"
            if isinstance(event, ev.SpeechDone):
                return "PASS", "spoke one sentence (did you hear it?)"
        return "FAIL", "the speaker did not finish within 30 s"
    finally:
        speaker.close()


def check_microphone(listen, seconds=3.0):
    print("   say something (the level is shown; nothing is recorded)…", flush=True)
    found = probes.microphone(listen, seconds, show=_show_level)
    print()
    return _pair(found)


def _show_level(level):
    print(f"\r   level {'#' * int(min(1.0, level * 20) * 40):40}", end="", flush=True)


def check_model(settings, pack, stop=None):
    """Tried in a child process (hearing/proof.py): a damaged model cannot crash the selftest."""
    return _pair(probes.speech_model(settings, pack, stop))


def _pair(found):
    """(status, detail) of a probes.Finding, the fix said after the detail."""
    return found.status, f"{found.detail}; {found.fix}" if found.fix else found.detail
