"""`talkstick selftest`: checks each part after wiring, one at a time, and says what to fix."""

import logging
import queue
import time
from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.commands.numbers import number_in
from talkstick.core import events as ev
from talkstick.core.actions import Lights
from talkstick.core.lights import DARK
from talkstick.script.pack import load_pack
from talkstick.settings import load_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SelftestOptions:
    config: str | None
    lang: str | None
    simulate: bool
    skip: list
    wait: float


def add_parser(sub):
    p = sub.add_parser(
        "selftest", help="check the button, LEDs, speaker, microphone and speech model",
        description="Check each part of the device in turn and print PASS, FAIL or SKIP with "
        "what to do. The lights cycle through each LED; you are asked to press the button; "
        "the device speaks one sentence; the microphone level is shown for a few seconds "
        "(nothing is recorded); the speech model is loaded and its vocabulary checked.")
    p.add_argument("--config", metavar="FILE", help="config file to take pins and devices from")
    p.add_argument("--lang", help="language pack to check (default: the configured one)")
    p.add_argument("--simulate", action="store_true", help="use mock pins (no GPIO needed)")
    p.add_argument("--skip", action="append", default=[], metavar="PART",
                   choices=("panel", "speaker", "microphone", "model"),
                   help="skip a part: panel, speaker, microphone or model (repeatable)")
    p.add_argument("--wait", type=number_in(1, 600), default=15.0, metavar="S",
                   help="seconds to wait for the button press (1 to 600, default 15)")
    p.set_defaults(command=Command(SelftestOptions, run))


def run(options, stop):
    settings = load_settings(options.config)
    pack = load_pack(options.lang or settings.dialogue.language)
    checks = {"panel": lambda: check_panel(settings.panel, options.simulate, options.wait),
              "speaker": lambda: check_speaker(settings.voice, pack),
              "microphone": lambda: check_microphone(settings.listen),
              "model": lambda: check_model(settings, pack)}
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
        for lights in _light_tour(settings):
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


def _light_tour(settings):
    yield Lights(turn=("steady", "off"), color=(0, 0, 0), step_mode="off")
    yield Lights(turn=("off", "steady"), color=(0, 0, 0), step_mode="off")
    for color in ((1, 0, 0), (0, 1, 0), (0, 0, 1)):
        yield Lights(turn=("off", "off"), color=color, step_mode="steady")
    if settings.bargraph:
        for bar in (0.25, 0.5, 0.75, 1.0):
            yield Lights(turn=("off", "off"), color=(0, 0, 0), step_mode="off", bar=bar)


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
    import numpy as np
    import sounddevice as sd

    peak = 0.0
    blocks = queue.Queue()
    try:
        stream = sd.RawInputStream(samplerate=16000, channels=1, dtype="int16", blocksize=1600,
                                   device=listen.device or None,
                                   callback=lambda data, *_: blocks.put(bytes(data)))
    except (sd.PortAudioError, ValueError) as e:
        return "FAIL", f"cannot open the microphone (tried {_input_name(sd, listen.device)}: {e}); {MIC_HINT}"
    with stream:
        print("   say something (the level is shown; nothing is recorded)…", flush=True)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                block = blocks.get(timeout=2)
            except queue.Empty:
                return "FAIL", (f"the microphone opened (tried {_input_name(sd, listen.device)}) but "
                                f"sent no sound for 2 s; {MIC_HINT}")
            samples = np.frombuffer(block, dtype=np.int16).astype(np.float32)
            level = float(np.sqrt(np.mean(samples ** 2))) / 32768
            peak = max(peak, level)
            print(f"\r   level {'#' * int(min(1.0, level * 20) * 40):40}", end="", flush=True)
    print()
    if peak < 1e-4:
        return "FAIL", "the microphone gives only silence: check [listen] device and `arecord -l`"
    return "PASS", f"peak level {20 * np.log10(peak):.0f} dBFS"


MIC_HINT = ("check that it is plugged in and listed by `arecord -l`, and that [listen] device "
            "names it (empty: the default input)")


def _input_name(sd, device):
    """The microphone tried, as the user would recognise it."""
    if device:
        return repr(device)
    try:
        return f"{sd.query_devices(kind='input')['name']!r} (the default input)"
    except (sd.PortAudioError, ValueError):
        return "the default input, but none is found"


def check_model(settings, pack):
    from talkstick.hearing.models import load_model, missing_words, require_model

    choice = require_model(pack.language, settings)
    model = load_model(choice.path)
    words = sorted(pack.words())
    missing = missing_words(model, words)
    if missing:
        return "FAIL", f"model at {choice.path} lacks phrase words: {' '.join(missing)}"
    return "PASS", f"{choice.path} ({choice.source}) knows all {len(words)} phrase words"
