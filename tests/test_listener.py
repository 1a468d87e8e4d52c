"""The live listener: a real sounddevice stream on the PulseAudio virtual microphone."""

import logging
import queue
import threading
import time

import numpy as np
import pytest

from rooms import room
from talkstick.bench import corpus
from talkstick.core import events as ev
from talkstick.hearing.listener import Listener
from talkstick.script.pack import load_pack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def model(ko_model):
    return ko_model


@pytest.fixture
def listener(pulse, model):
    events, speaking = queue.Queue(), threading.Event()
    pack = load_pack("ko")
    listener = Listener(model, pack.phrases, events.put, filler=pack.filler, device="pulse",
                        speaking=speaking, tail_s=0.3)
    listener.listen_for(("is_there_more", "thats_all", "yes", "no"))
    yield listener, events, speaking, pack
    listener.close()


def next_event(events, kind, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event = events.get(timeout=deadline - time.monotonic())
        except queue.Empty:
            break
        if isinstance(event, kind):
            return event
    return None


def say(pulse, text):
    pulse.feed(np.concatenate([corpus.synth(text), corpus.silence(0.8)]))


def test_a_phrase_said_into_the_microphone_is_heard(pulse, listener):
    listener, events, _, pack = listener
    say(pulse, pack.phrases["is_there_more"][0])
    heard = next_event(events, ev.Heard, timeout=10)
    assert heard is not None and heard.intent == "is_there_more"


def test_nothing_is_heard_while_the_device_speaks(pulse, listener):
    listener, events, speaking, pack = listener
    speaking.set()
    say(pulse, pack.phrases["thats_all"][0])
    pulse.wait_fed(10)
    time.sleep(1.0)  # the device's voice is still coming out of the speaker and the mic's buffers
    speaking.clear()
    assert next_event(events, ev.Heard, timeout=1.0) is None
    say(pulse, pack.phrases["thats_all"][0])
    heard = next_event(events, ev.Heard, timeout=10)
    assert heard is not None and heard.intent == "thats_all"


def test_an_unplugged_microphone_is_said_once_and_hearing_comes_back(pulse, listener):
    listener, events, _, pack = listener
    pulse.unplug_mic()
    try:
        notice = next_event(events, ev.DeviceNotice, timeout=15)
        assert notice is not None and notice.what == "no_microphone"
    finally:
        pulse.replug_mic()
    assert next_event(events, ev.DeviceNotice, timeout=2) is None
    deadline = time.monotonic() + 30
    heard = None
    while heard is None and time.monotonic() < deadline:
        say(pulse, pack.phrases["yes"][0])
        heard = next_event(events, ev.Heard, timeout=4)
    assert heard is not None and heard.intent == "yes"


def test_a_room_where_others_talk_is_said_once_out_loud_and_in_the_log(pulse, listener, caplog):
    listener, events, _, _ = listener
    caplog.set_level(logging.WARNING, logger="talkstick.hearing.listener")
    pulse.feed(room("babble", 30, seed=5, snr_db=5))  # one stretch of 27 s the gate never closes in
    notice = next_event(events, ev.DeviceNotice, timeout=40)
    assert notice is not None and notice.what == "noisy_room"
    pulse.feed(room("chatter", 10, seed=4))        # the room goes on talking: said no more
    assert pulse.wait_fed(timeout=60)
    assert next_event(events, ev.DeviceNotice, timeout=1) is None
    said = [r for r in caplog.records if "other people's talk" in r.getMessage()]
    assert len(said) == 1
