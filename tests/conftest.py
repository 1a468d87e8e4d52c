"""Shared fixtures. Helpers that tests import live beside this file (parts.py, pulse.py)."""

import pytest

from parts import need_portaudio, need_pulseaudio
from pulse import PulseServer


@pytest.fixture(scope="session")
def pulse():
    """A private PulseAudio server for the whole run; sounddevice in this process uses it."""
    need_pulseaudio()
    need_portaudio()
    server = PulseServer().start()
    yield server
    server.stop()
