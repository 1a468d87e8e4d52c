"""The speaker on the real stack: pyttsx3 + espeak-ng, sounddevice into a private PulseAudio.

What was played is checked on the null sink's monitor. The queue and restart tests put a
tone-writing engine at pyttsx3's own seam (save_to_file + runAndWait); playback stays real.
"""

import logging
import os
import queue
import tempfile
import threading
import time
import wave

import numpy as np
import pytest
from pyttsx3.voice import Voice

from parts import need_espeak, need_portaudio
from pulse import RATE, has_sound, loud_ms, loud_windows
from talkstick.core import events as ev
from talkstick.voice.renderer import EspeakRenderer, find_voice
from talkstick.voice.speaker import Speaker

LONG = ("Welcome to the Imago Dialogue. Take a breath, and when you are both ready, the sender "
        "presses the button and begins to speak, slowly, one piece at a time.")


class Inbox:
    """Where the speaker posts its events."""

    def __init__(self):
        self.events = queue.Queue()

    def put(self, event):
        self.events.put(event)

    def take(self, count, timeout=10.0):
        deadline, got = time.monotonic() + timeout, []
        while len(got) < count:
            got.append(self.events.get(timeout=max(0.01, deadline - time.monotonic())))
        return got

    def empty(self):
        return self.events.empty()


class ToneEngine:
    """Stands in for pyttsx3: each word of the text becomes a quarter second of tone."""

    def __init__(self, failures=0):
        self.failures, self.job, self.threads, self.finished = failures, None, set(), []

    def connect(self, topic, callback):
        if topic == "finished-utterance":
            self.finished.append(callback)

    def getProperty(self, name):
        return [] if name == "voices" else None

    def setProperty(self, name, value):
        self.threads.add(threading.get_ident())

    def save_to_file(self, text, path):
        self.threads.add(threading.get_ident())
        self.job = (text, path)

    def runAndWait(self):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the engine fell over")
        text, path = self.job
        t = np.arange(int(22050 * 0.25 * len(text.split()))) / 22050
        with wave.open(path, "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(22050)
            w.writeframes((np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16).tobytes())
        for callback in self.finished:
            callback(name=None, completed=True)


@pytest.fixture
def inbox():
    return Inbox()


@pytest.fixture
def make_speaker(inbox):
    made = []

    def make(engine=None, **options):
        """A Speaker; with ``engine``, espeak's renderer on that stand-in pyttsx3 engine."""
        if engine is not None:
            options["renderer"] = lambda: EspeakRenderer(engine=engine)
        made.append(Speaker(inbox.put, **options))
        return made[-1]

    yield make
    for speaker in made:
        speaker.close()


def wait_for(flag, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not flag():
        assert time.monotonic() < deadline, "timed out"
        threading.Event().wait(0.005)


def done(prompt_id, interrupted=False):
    return ("done", prompt_id, interrupted)


def summary(events):
    return [done(e.prompt_id, e.interrupted) if isinstance(e, ev.SpeechDone) else e.what
            for e in events]


# -- voices ------------------------------------------------------------------------------
VOICES = [Voice("gmw/en", "English (Great Britain)", ["en-gb"]),
          Voice("gmw/en-us", "English (America)", ["en-us"]),
          Voice("gmw/en-us-nyc", "English (America, New York City)", ["en-us-nyc"]),
          Voice("ko", "Korean", ["ko"])]


@pytest.mark.parametrize("wanted, found", [
    ("en-us", "gmw/en-us"), ("EN-US", "gmw/en-us"), ("gmw/en-us", "gmw/en-us"), ("en", "gmw/en"),
    ("en-gb", "gmw/en"), ("ko", "ko"), ("ko+f2", "ko+f2"), ("en-us+m3", "gmw/en-us+m3"),
    ("English (America)", "gmw/en-us"), ("fr", None), ("", None),
])
def test_find_voice_by_espeak_name_language_or_title(wanted, found):
    assert find_voice(VOICES, wanted) == found


# -- queue, barge-in and restarts, with a tone engine -------------------------------------
@pytest.mark.e2e
def test_prompts_play_in_order_on_one_thread(pulse, inbox, make_speaker):
    engine = ToneEngine()
    speaker = make_speaker(engine=engine)
    pulse.start_recording()
    for prompt_id in ("a", "b", "c"):
        speaker.say(prompt_id, "one two")
    assert summary(inbox.take(3)) == [done("a"), done("b"), done("c")]
    assert has_sound(pulse.stop_recording(loud_ms_at_least=3 * 400), min_ms=3 * 400)
    assert engine.threads == {speaker.thread.ident}


@pytest.mark.e2e
def test_stop_speech_cuts_the_prompt_and_drops_the_queue(pulse, inbox, make_speaker):
    speaking = threading.Event()
    speaker = make_speaker(engine=ToneEngine(), speaking=speaking)
    for prompt_id, text in (("long", "word " * 20), ("b", "one"), ("c", "one")):
        speaker.say(prompt_id, text)
    wait_for(speaking.is_set)
    speaker.stop_speech()
    assert summary(inbox.take(3, timeout=1.0)) == [done("long", True), done("b", True),
                                                   done("c", True)]
    assert not speaking.is_set()
    speaker.say("d", "one")
    assert summary(inbox.take(1)) == [done("d")]


@pytest.mark.e2e
def test_a_failing_worker_is_logged_and_restarted(pulse, inbox, make_speaker, caplog):
    speaker = make_speaker(engine=ToneEngine(failures=1))
    with caplog.at_level(logging.DEBUG, logger="talkstick.worker"):
        speaker.say("a", "one")
        assert summary(inbox.take(1)) == [done("a", True)]
    failed = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in failed] == [
        "the speaker worker failed (RuntimeError: the engine fell over); restarting it"]
    assert failed[0].exc_info is None  # one line at WARNING; the traceback only at DEBUG
    assert speaker.failures == 1 and speaker.alive()
    pulse.start_recording()
    speaker.say("b", "one two")
    assert summary(inbox.take(1, timeout=5)) == [done("b")]
    assert has_sound(pulse.stop_recording(loud_ms_at_least=400), min_ms=400)


@pytest.mark.e2e
def test_close_cuts_speech_and_later_prompts_are_answered(pulse, inbox, make_speaker):
    speaking = threading.Event()
    speaker = make_speaker(engine=ToneEngine(), speaking=speaking)
    speaker.say("long", "word " * 20)
    wait_for(speaking.is_set)
    started = time.monotonic()
    speaker.close()
    assert time.monotonic() - started < 1.0
    assert not speaker.thread.is_alive()
    speaker.say("late", "one")
    assert summary(inbox.take(2, timeout=1.0)) == [done("long", True), done("late", True)]


def test_no_such_device_means_one_notice_and_speech_done_at_once(inbox, make_speaker, caplog):
    need_portaudio()
    speaker = make_speaker(device="no-such-speaker", engine=ToneEngine())
    with caplog.at_level(logging.WARNING, logger="talkstick.voice.speaker"):
        for prompt_id in ("a", "b", "c"):
            speaker.say(prompt_id, "one two three")
        events = inbox.take(4, timeout=2.0)
    assert summary(events) == ["no_speaker", done("a"), done("b"), done("c")]
    assert events[-1].at - events[0].at < 0.5  # nothing was played
    assert [r.message.split(":")[0] for r in caplog.records] == ["no speaker (No output device matching 'no-such-speaker')"]
    assert inbox.empty()


# -- the real voice ----------------------------------------------------------------------
@pytest.fixture
def voice(pulse):
    need_espeak()


@pytest.mark.e2e
def test_says_a_prompt_out_loud_soon_and_keeps_no_file(voice, pulse, inbox, make_speaker, capsys):
    speaking, before = threading.Event(), set(os.listdir(shm()))
    speaker = make_speaker(voice="en-us", rate=160, volume=0.9, speaking=speaking)
    pulse.start_recording()
    mark = len(pulse.recorded())
    speaker.say("hello", "Hello. Are you both ready to begin?")
    wait_for(speaking.is_set)
    ours = [d for d in set(os.listdir(shm())) - before if d.startswith("talkstick-voice-")]
    assert len(ours) == 1 and os.listdir(os.path.join(shm(), ours[0])) == []  # read, then gone
    assert summary(inbox.take(1)) == [done("hello")]
    assert not speaking.is_set()
    played = pulse.stop_recording(loud_ms_at_least=800)
    assert has_sound(played, min_ms=800)
    first_ms = (np.flatnonzero(loud_windows(played[mark:]))[0]) * 10
    assert first_ms < 500, f"the first sound came {first_ms} ms after say()"
    assert speaker.renderer.voice_id == "gmw/en-us"
    speaker.close()
    assert not set(os.listdir(shm())) - before
    assert capsys.readouterr().out == ""  # stdout carries headless JSON: pyttsx3 must not print


@pytest.mark.e2e
def test_korean_voice(voice, pulse, inbox, make_speaker):
    speaker = make_speaker(voice="ko")
    pulse.start_recording()
    speaker.say("ko", "더 있어요?")
    assert summary(inbox.take(1)) == [done("ko")]
    assert has_sound(pulse.stop_recording(loud_ms_at_least=300), min_ms=300)
    assert speaker.renderer.voice_id == "ko"


@pytest.mark.e2e
def test_barge_in_goes_quiet_at_once(voice, pulse, inbox, make_speaker):
    speaking = threading.Event()
    speaker = make_speaker(voice="en-us", speaking=speaking)
    pulse.start_recording()
    speaker.say("welcome", LONG)
    wait_for(speaking.is_set)
    threading.Event().wait(0.5)
    mark, started = len(pulse.recorded()), time.monotonic()
    speaker.stop_speech()
    assert summary(inbox.take(1, timeout=1.0)) == [done("welcome", True)]
    took = time.monotonic() - started
    assert took < 0.1, f"stop() took {took * 1000:.0f} ms"
    assert pulse.wait_recorded(mark / RATE + 1.0)
    played = pulse.stop_recording()
    assert loud_ms(played[:mark]) >= 300
    after = played[mark + RATE // 10:]
    assert loud_ms(after) == 0, f"still {loud_ms(after)} ms of sound 100 ms after stop()"


def shm():
    return "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
