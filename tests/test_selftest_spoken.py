"""`talkstick selftest --spoken` for a device with no screen, on the real stack: the questions
are spoken by espeak-ng into PulseAudio's speaker, a Finger presses gpiozero's mock button pin
as a person would answer (looking at the mock LED pins, listening to the speaker), and the
virtual microphone hears espeak-ng speech."""

import threading
import time

import pytest

from pulse import has_sound, speech
from talkstick.commands.main import main
from talkstick.commands.spoken import Result, summary
from talkstick.frontends.finger import Finger
from talkstick.script.pack import load_pack
from talkstick.settings import PanelSettings

PANEL = PanelSettings()
LEDS = {"light_a": PANEL.led_a, "light_b": PANEL.led_b, "step_red": PANEL.step_rgb[0],
        "step_green": PANEL.step_rgb[1], "step_blue": PANEL.step_rgb[2]}


def until(test, timeout=40, what="it"):
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        threading.Event().wait(0.02)


class Person:
    """Answers the device's questions: presses when asked to, says whether each LED lit
    (light B is "broken": answered no), presses yes once the device's voice is heard, and
    talks when it is asked to."""

    def __init__(self, factory, pulse, answers):
        self.factory, self.pulse, self.answers = factory, pulse, answers
        self.finger = Finger(factory.pin(PANEL.button), PANEL, threading.Event().wait)
        self.seen, self.error = [], None
        self.thread = threading.Thread(target=self._answer, daemon=True)

    def lit(self, pin):
        return self.factory.pin(pin).state > 0

    def heard_since(self, start):
        return has_sound(self.pulse.recorded()[start:], min_ms=150)

    def _answer(self):
        try:
            until(lambda: self.factory.pin(PANEL.button).pull == "up", what="the button")
            until(lambda: self.heard_since(0), what="the first question")
            self.finger.gesture("press")
            for part, pin in LEDS.items():
                until(lambda pin=pin: self.lit(pin), what=f"{part} lighting")
                self.seen.append((part, sorted(p for p in LEDS.values() if self.lit(p))))
                self.finger.gesture(self.answers[part])
            until(lambda: not any(self.lit(p) for p in LEDS.values()), what="the lights going out")
            start = len(self.pulse.recorded())
            until(lambda: self.heard_since(start), what="the speaker question")
            self.finger.gesture("press")
            for _ in range(3):  # "say something": the microphone listens once that is said
                self.pulse.feed(speech("하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열", voice="ko"))
        except AssertionError as e:
            self.error = e


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in ("TALKSTICK_CONFIG", "TALKSTICK_LISTEN_MODEL", "TALKSTICK_VOSK_MODEL",
                 "TALKSTICK_DIALOGUE_LANGUAGE", "TALKSTICK_LISTEN_DEVICE", "TALKSTICK_VOICE_DEVICE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_spoken_selftest_asks_each_part_and_takes_the_buttons_answers(env, pulse, mock_factory, capsys):
    answers = dict.fromkeys(LEDS, "press") | {"light_b": "double"}
    person = Person(mock_factory, pulse, answers)
    pulse.start_recording()
    person.thread.start()
    try:
        code = main(["selftest", "--spoken", "--lang", "ko", "--wait", "8", "--listen-seconds", "2"])
    finally:
        person.thread.join(5)
        pulse.wait_fed(30)
        spoken = pulse.stop_recording()
    assert person.error is None, person.error
    out = capsys.readouterr().out
    table = {line.split()[1]: (line.split()[0], line) for line in out.splitlines() if line[:4] in ("PASS", "FAIL", "SKIP")}
    assert list(table) == ["button", *LEDS, "speaker", "microphone", "model"]
    assert {name: status for name, (status, _) in table.items() if status != "PASS"} == {"light_b": "FAIL"}
    assert "you did not see it light" in table["light_b"][1] and "`talkstick wiring`" in table["light_b"][1]
    assert code == 1
    assert person.seen == [(part, [pin]) for part, pin in LEDS.items()], "one LED lit at each question"
    assert has_sound(spoken, min_ms=3000), "the questions and the summary were spoken"


def test_without_a_press_the_button_fails_and_its_questions_are_skipped(env, pulse, mock_factory, capsys):
    pulse.start_recording()
    started = time.monotonic()
    try:
        code = main(["selftest", "--spoken", "--lang", "en", "--wait", "1", "--skip", "microphone",
                     "--skip", "model"])
    finally:
        spoken = pulse.stop_recording()
    out = capsys.readouterr().out
    rows = [line.split(maxsplit=2) for line in out.splitlines() if line[:4] in ("PASS", "FAIL", "SKIP")]
    assert code == 1 and rows[0][:2] == ["FAIL", "button"] and "no press on GPIO17 within 1 s" in rows[0][2]
    assert [r[0] for r in rows[1:]] == ["SKIP"] * 8
    assert has_sound(spoken, min_ms=2000) and time.monotonic() - started < 60


def test_the_spoken_selftest_cannot_skip_what_it_asks_with(capsys):
    assert main(["selftest", "--spoken", "--skip", "panel"]) == 1
    assert "only microphone and model can be skipped" in capsys.readouterr().err


@pytest.mark.parametrize("lang, failed, said", [
    ("en", [], "All 9 checks passed."),
    ("en", ["light_b"], "8 of 9 checks passed; light B did not."),
    ("en", ["light_b", "speaker", "model"], "6 of 9 checks passed; light B, the speaker and the speech model did not."),
    ("ko", ["light_b", "microphone"], "점검 9개 중 7개를 통과했어요. B 불빛, 마이크, 다시 확인해 주세요."),
])
def test_the_spoken_summary(lang, failed, said):
    names = ["button", *LEDS, "speaker", "microphone", "model"]
    results = [Result(n, "FAIL" if n in failed else "PASS", "") for n in names]
    assert summary(results + [Result("bargraph", "SKIP", "")], load_pack(lang).selftest) == said


class Voice:
    """A unit test's speaker: says nothing, answers each say() with what the test scripts."""

    def __init__(self, events, then=()):
        self.events, self.then, self.said, self.stopped = events, list(then), [], 0

    def say(self, prompt_id, text):
        self.said.append(text)
        for event in self.then:
            self.events.put(event(prompt_id))

    def stop_speech(self):
        self.stopped += 1


def asker_with(*then, wait_s=0.3):
    import queue

    from talkstick.commands.spoken import Asker

    events = queue.Queue()
    voice = Voice(events, then)
    return Asker(voice, events, wait_s, threading.Event()), voice, events


def test_a_press_while_the_question_is_said_answers_it_and_cuts_it_short():
    from talkstick.core import events as ev

    asker, voice, _ = asker_with(lambda _: ev.Gesture("double", 0.0))
    assert asker.ask("Did light A come on?") == "double"
    assert voice.said == ["Did light A come on?"] and voice.stopped == 1


def test_presses_before_the_question_and_holds_do_not_answer_it():
    from talkstick.core import events as ev

    asker, voice, events = asker_with(lambda p: ev.Gesture("hold", 0.0), lambda p: ev.SpeechDone(p, 0.0))
    events.put(ev.Gesture("press", 0.0))
    started = time.monotonic()
    assert asker.ask("Can you hear me?") is None
    assert 0.3 <= time.monotonic() - started < 2 and voice.stopped == 0


def test_a_speaker_that_cannot_be_opened_is_noted():
    from talkstick.core import events as ev

    asker, _, _ = asker_with(lambda p: ev.DeviceNotice("no_speaker", 0.0), lambda p: ev.SpeechDone(p, 0.0))
    asker.say("Self test.")
    assert asker.no_speaker
