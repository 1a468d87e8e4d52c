"""The private audio server itself: its microphone hears what is fed, and can be unplugged."""

import queue
import time

import numpy as np
import pytest

from parts import need_espeak
from pulse import RATE, has_sound, loud_ms, speech

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hello():
    need_espeak()
    return speech("hello, is there more?")


class Capture:
    """A RawInputStream on the ALSA 'pulse' device, as the listener will open it."""

    def __init__(self, device="pulse"):
        import sounddevice as sd

        self.blocks = queue.Queue()
        self.stream = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16",
                                        device=device, blocksize=RATE // 10,
                                        callback=lambda data, *_: self.blocks.put(bytes(data)))

    def __enter__(self):
        self.stream.start()
        return self

    def __exit__(self, *exc):
        self.stream.close()

    def take(self, seconds, timeout=10):
        """The next ``seconds`` of audio; fails if the microphone stalls."""
        want, got, deadline = int(seconds * RATE) * 2, bytearray(), time.monotonic() + timeout
        while len(got) < want:
            got += self.blocks.get(timeout=max(0.01, deadline - time.monotonic()))
        return np.frombuffer(bytes(got), dtype=np.int16)


def test_the_microphone_hears_what_is_fed(pulse, hello):
    with Capture() as mic:
        mic.take(0.2)
        pulse.feed(hello)
        heard = mic.take(len(hello) / RATE + 0.5)
    assert pulse.wait_fed(timeout=5)
    assert abs(loud_ms(heard) - loud_ms(hello)) <= 100, (loud_ms(heard), loud_ms(hello))


def test_the_microphone_keeps_running_on_silence(pulse):
    with Capture() as mic:
        started = time.monotonic()
        quiet = mic.take(1.0)
        took = time.monotonic() - started
    assert not has_sound(quiet, min_ms=10)
    assert 0.7 < took < 2.0, took  # real time, not a burst from a buffer, not a stall


def test_unplug_and_replug_the_microphone(pulse, hello):
    pulse.unplug_mic()
    try:
        assert "\tmic\t" not in pulse.pactl("list", "short", "sources")
        pulse.feed(hello)
        assert pulse.wait_fed(timeout=len(hello) / RATE + 5)  # fed into nothing: lost
    finally:
        pulse.replug_mic()
    assert "\tmic\t" in pulse.pactl("list", "short", "sources")
    with Capture() as mic:
        mic.take(0.2)
        pulse.feed(hello)
        heard = mic.take(len(hello) / RATE + 0.5)
    assert has_sound(heard, min_ms=loud_ms(hello) - 100)


def test_the_monitor_records_what_is_played(pulse, hello):
    import sounddevice as sd

    pulse.start_recording()
    sd.play(hello, RATE, device="pulse", blocking=True)
    played = pulse.stop_recording(loud_ms_at_least=loud_ms(hello) - 150)
    assert has_sound(played, min_ms=loud_ms(hello) - 150)
    pulse.start_recording()
    assert pulse.wait_recorded(0.3)
    assert not has_sound(pulse.stop_recording(), min_ms=10)


def test_unplug_and_replug_the_speaker(pulse, hello):
    import sounddevice as sd

    pulse.unplug_speaker()
    try:
        assert "\tspeaker\t" not in pulse.pactl("list", "short", "sinks")
        with pytest.raises(sd.PortAudioError):
            sd.play(hello, RATE, device="pulse", blocking=True)
    finally:
        pulse.replug_speaker()
    pulse.start_recording()
    sd.play(hello, RATE, device="pulse", blocking=True)
    enough = loud_ms(hello) - 150
    assert has_sound(pulse.stop_recording(loud_ms_at_least=enough), min_ms=enough)


def test_digital_silence_is_exact_zeros(pulse):
    pulse.digital_silence(True)
    try:
        with Capture() as mic:
            mic.take(0.3)  # what the source had buffered
            quiet = mic.take(0.5)
    finally:
        pulse.digital_silence(False)
    assert not quiet[-RATE // 4:].any()
    with Capture() as mic:
        mic.take(0.3)
        assert np.count_nonzero(mic.take(0.5)) > RATE // 4  # a quiet room's hiss again


def test_kill_and_restart_the_server(pulse, hello):
    """Once the server is back, PortAudio started over (as the device must do) plays and hears."""
    import sounddevice as sd

    pulse.kill_server()
    try:
        with pytest.raises(sd.PortAudioError):
            sd.play(hello, RATE, device="pulse", blocking=True)
    finally:
        pulse.restart_server()
    sd._terminate()
    sd._initialize()
    pulse.start_recording()
    sd.play(hello, RATE, device="pulse", blocking=True)
    enough = loud_ms(hello) - 150
    assert has_sound(pulse.stop_recording(loud_ms_at_least=enough), min_ms=enough)
    with Capture() as mic:
        mic.take(0.2)
        pulse.feed(hello)
        heard = mic.take(len(hello) / RATE + 0.5)
    assert has_sound(heard, min_ms=loud_ms(hello) - 100)
