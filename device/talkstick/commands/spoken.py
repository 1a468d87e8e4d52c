"""`talkstick selftest --spoken`: the selftest for a device with no screen.

The device says each question in the language pack's words (its ``[selftest]`` table) and
takes the talking-stick button's answer: a press is yes, a double press no, nothing within
``--wait`` seconds no answer. It asks first for a press of the button itself (without one no
answer can be had, so the questions that need one are skipped), then about each LED as it
lights it and about its own voice; it then listens to the microphone (the level only,
nothing kept) and tries the speech model in a child process, and ends by saying how many
checks passed and which did not. A press while a question is spoken answers it at once.
"""

import itertools
import queue
import time
from dataclasses import dataclass

from talkstick.commands import probes
from talkstick.core import events as ev
from talkstick.core.actions import Lights
from talkstick.core.lights import DARK
from talkstick.errors import TalkstickError

ANSWERS = {"press": "yes", "double": "no"}
SPEECH_TIMEOUT_S = 60.0  # the longest question, rendered and played on a slow Pi
WIRING = "check its wiring and resistor against `talkstick wiring`, and its pin in [panel]"


@dataclass(frozen=True)
class Result:
    name: str    # the table's name for the part: "button", "light_a", "speaker", ...
    status: str  # PASS, FAIL or SKIP
    detail: str


def light_tour(panel):
    """(part, Lights) for each LED in turn: the turn LEDs, the step LED's colours, the bar graph."""
    yield "light_a", Lights(turn=("steady", "off"), color=(0, 0, 0), step_mode="off")
    yield "light_b", Lights(turn=("off", "steady"), color=(0, 0, 0), step_mode="off")
    for part, color in (("step_red", (1, 0, 0)), ("step_green", (0, 1, 0)), ("step_blue", (0, 0, 1))):
        yield part, Lights(turn=("off", "off"), color=color, step_mode="steady")
    if panel.bargraph:
        yield "bargraph", Lights(turn=("off", "off"), color=(0, 0, 0), step_mode="off", bar=1.0)


class Asker:
    """Says the pack's words through a Speaker and reads the button's answers, both posted on
    ``events``. ``wait_s``: how long an answer may take once the question has been said."""

    def __init__(self, speaker, events, wait_s, stop, clock=time.monotonic):
        self.speaker, self.events, self.wait_s, self.stop, self.clock = speaker, events, wait_s, stop, clock
        self.ids = itertools.count()
        self.no_speaker = False  # the speaker said it could not be opened

    def say(self, text):
        """Say ``text`` and wait until it has been said (a press does not cut it)."""
        self._ask(text, answer=False)

    def ask(self, text):
        """Say ``text``; the gesture that answers it ("press", "double", ...) or None."""
        return self._ask(text, answer=True)

    def _ask(self, text, answer):
        self._drain()
        prompt = f"selftest-{next(self.ids)}"
        self.speaker.say(prompt, text)
        said, deadline = False, self.clock() + SPEECH_TIMEOUT_S
        while not self.stop.is_set() and self.clock() < deadline:
            event = self._next(deadline)
            if isinstance(event, ev.DeviceNotice) and event.what == "no_speaker":
                self.no_speaker = True
            elif isinstance(event, ev.SpeechDone) and event.prompt_id == prompt and not said:
                said, deadline = True, self.clock() + (self.wait_s if answer else 0)
            elif answer and isinstance(event, ev.Gesture) and event.kind in ANSWERS:
                if not said:
                    self.speaker.stop_speech()  # answered before the end: no need to hear it out
                return event.kind
        return None

    def _next(self, deadline):
        try:
            return self.events.get(timeout=max(0.0, min(0.2, deadline - self.clock())))
        except queue.Empty:
            return None

    def _drain(self):
        """Presses made before a question do not answer it."""
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return
            if isinstance(event, ev.DeviceNotice) and event.what == "no_speaker":
                self.no_speaker = True


def run_spoken(settings, pack, wait_s, listen_s, stop, factory, skip=()):
    """Every check, spoken and answered by the button; the Results, in order. ``skip`` may
    name "microphone" and "model"."""
    from talkstick.panel.button import Button
    from talkstick.panel.lamps import Lamps
    from talkstick.voice.speaker import Speaker

    words = pack.selftest
    if not words:
        raise TalkstickError(f"the {pack.name} language pack has no [selftest] wording, so the "
                             "spoken selftest cannot ask anything (run `talkstick selftest` without "
                             "--spoken, or add the table: see prompts/en/pack.toml)")
    events, v = queue.Queue(), settings.voice
    with Lamps(settings.panel, pin_factory=factory) as lamps, \
            Button(settings.panel, events.put, pin_factory=factory):
        speaker = Speaker(events.put, voice=v.voice or pack.voice, rate=v.rate, volume=v.volume,
                          device=v.device or None)
        try:
            asker = Asker(speaker, events, wait_s, stop)
            results = walk(asker, lamps, settings, pack, words, listen_s, stop, skip)
            if not stop.is_set():
                asker.say(summary(results, words, pack.names))
        finally:
            lamps.show(DARK)
            speaker.close()
    return results


def fill(words, key, names=("A", "B"), **values):
    """A [selftest] wording filled in: the pack's checks allow a script's placeholders too."""
    return words[key].format(**{"sender": names[0], "receiver": names[1], "minutes": 0, **values})


def walk(asker, lamps, settings, pack, words, listen_s, stop, skip=()):
    def words_for(key, **values):
        return fill(words, key, pack.names, **values)

    button = _button(asker, words_for, settings.panel)
    results = [button]
    for part, lights in light_tour(settings.panel):
        if stop.is_set():
            return results
        if button.status != "PASS":
            results.append(Result(part, "SKIP", "not asked: the button gave no answer"))
            continue
        lamps.show(lights)
        results.append(_verdict(part, asker.ask(words_for("light", part=words[part])), asker.wait_s,
                                f"you did not see it light: {WIRING}"))
        lamps.show(DARK)
    results.append(_speaker(asker, words_for, button))
    probing = {"microphone": lambda: probes.microphone(settings.listen, listen_s),
               "model": lambda: probes.speech_model(settings, pack, stop)}
    for part, probe in probing.items():
        if part in skip or stop.is_set():
            results.append(Result(part, "SKIP", "skipped on request" if part in skip else "stopped"))
            continue
        asker.say(words_for(part))
        found = probe()
        results.append(Result(part, found.status, _with_fix(found)))
    return results


def _button(asker, words_for, panel):
    """The introduction ends by asking for a press: one who knows the routine presses at once."""
    if asker.ask(f'{words_for("intro")} {words_for("button")}') is not None:
        return Result("button", "PASS", "pressed when asked")
    asker.say(words_for("button_missed"))
    return Result("button", "FAIL", f"no press on GPIO{panel.button} within {asker.wait_s:g} s: "
                  "check the button's wiring (one leg to the pin, the other to ground) and [panel] button")


def _speaker(asker, words_for, button):
    if asker.no_speaker:
        return Result("speaker", "FAIL", "no speaker could be opened: check [voice] device and `aplay -l`")
    if button.status != "PASS":
        return Result("speaker", "SKIP", "not asked: the button gave no answer")
    return _verdict("speaker", asker.ask(words_for("speaker")), asker.wait_s,
                    "you did not hear it clearly: check the volume, [voice] device and `aplay -l`")


def _verdict(part, gesture, wait_s, no):
    if gesture is None:
        return Result(part, "FAIL", f"no answer within {wait_s:g} s")
    if ANSWERS[gesture] == "no":
        return Result(part, "FAIL", no)
    return Result(part, "PASS", "you answered yes")


def _with_fix(found):
    return f"{found.detail}; {found.fix}" if found.fix else found.detail


def summary(results, words, names=("A", "B")):
    """"All 9 checks passed." or "7 of 9 checks passed; light B and the speaker did not."."""
    asked = [r for r in results if r.status != "SKIP"]
    failed = [words.get(f"the_{r.name}", words.get(r.name, r.name)) for r in asked if r.status != "PASS"]
    if not failed:
        return fill(words, "all_passed", names, total=len(asked))
    listed = failed[0] if len(failed) == 1 else ", ".join(failed[:-1]) + words["joiner"] + failed[-1]
    return fill(words, "some_failed", names, passed=len(asked) - len(failed), total=len(asked),
                failed=listed)
