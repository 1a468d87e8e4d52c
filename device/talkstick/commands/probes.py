"""One look at one part, shared by `talkstick selftest` and `talkstick doctor`.

Each probe returns a ``Finding``: PASS, WARN, FAIL or SKIP, what was found, and what to do
about it. None of them keeps what it hears, and none loads the speech model in this
process: a damaged model can crash libvosk, so it is tried in a child (hearing/proof.py).
"""

import queue
import time
from dataclasses import dataclass

from talkstick.errors import ModelError

MIC_HINT = ("check that it is plugged in and listed by `arecord -l`, and that [listen] device "
            "names it (empty: the default input)")
PORTAUDIO_HINT = "install PortAudio: sudo apt-get install libportaudio2"
SILENCE = 1e-4  # -80 dBFS: below any real microphone's own hiss; exact zeros are a muted input


@dataclass(frozen=True)
class Finding:
    status: str  # PASS, WARN, FAIL or SKIP
    detail: str
    fix: str = ""


def _sounddevice():
    """sounddevice, or None where the PortAudio library is missing (its import fails)."""
    try:
        import sounddevice as sd
    except OSError:
        return None
    return sd


def microphone(listen, seconds=3.0, show=None):
    """Open the input and watch its level for ``seconds``; ``show(level)`` (0..1) draws it."""
    import numpy as np

    sd = _sounddevice()
    if sd is None:
        return Finding("FAIL", "PortAudio is not installed: no microphone can be opened", PORTAUDIO_HINT)
    blocks, peak = queue.Queue(), 0.0
    try:
        stream = sd.RawInputStream(samplerate=16000, channels=1, dtype="int16", blocksize=1600,
                                   device=listen.device or None,
                                   callback=lambda data, *_: blocks.put(bytes(data)))
    except (sd.PortAudioError, ValueError) as e:
        return Finding("FAIL", f"cannot open the microphone (tried {input_name(sd, listen.device)}: "
                       f"{' '.join(str(e).split())})", MIC_HINT)
    with stream:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                block = blocks.get(timeout=2)
            except queue.Empty:
                return Finding("FAIL", f"the microphone opened (tried {input_name(sd, listen.device)}) "
                               "but sent no sound for 2 s", MIC_HINT)
            samples = np.frombuffer(block, dtype=np.int16).astype(np.float32)
            level = float(np.sqrt(np.mean(samples ** 2))) / 32768
            peak = max(peak, level)
            if show:
                show(level)
    name = input_name(sd, listen.device)
    if peak < SILENCE:
        return Finding("FAIL", f"the microphone ({name}) gives only silence",
                       "check [listen] device and `arecord -l`, and that it is not muted (`alsamixer`)")
    return Finding("PASS", f"{name}: peak level {20 * np.log10(peak):.0f} dBFS over {seconds:g} s "
                   "(nothing kept)")


def input_name(sd, device):
    """The microphone tried, as the user would recognise it."""
    return _device_name(sd, device, "input")


def _device_name(sd, device, kind):
    if device:
        return repr(device)
    try:
        return f"{sd.query_devices(kind=kind)['name']!r} (the default {kind})"
    except (sd.PortAudioError, ValueError):
        return f"the default {kind}, but none is found"


def output_device(voice):
    """Can the speaker's stream (int16 mono at espeak-ng's rate) be opened on the device?"""
    from talkstick.voice.speaker import ESPEAK_RATE

    sd = _sounddevice()
    if sd is None:
        return Finding("FAIL", "PortAudio is not installed: no speaker can be opened", PORTAUDIO_HINT)
    name = _device_name(sd, voice.device, "output")
    try:
        sd.check_output_settings(device=voice.device or None, channels=1, dtype="int16",
                                 samplerate=ESPEAK_RATE)
    except (sd.PortAudioError, ValueError) as e:
        return Finding("FAIL", f"cannot open the speaker (tried {name}: {' '.join(str(e).split())})",
                       "check that it is plugged in and listed by `aplay -l`, and that [voice] "
                       "device names it (empty: the default output)")
    if not voice.enabled:
        return Finding("WARN", f"{name} opens, but [voice] enabled = false: prompts are not spoken",
                       "set [voice] enabled = true to hear the prompts")
    return Finding("PASS", f"{name} opens for playback")


def tts_voice(voice, pack):
    """Does espeak-ng (through pyttsx3) have the voice the pack or [voice] voice names?"""
    from talkstick.voice.renderer import find_voice, make_engine

    name = voice.voice or pack.voice
    try:
        found = find_voice(make_engine().getProperty("voices"), name)
    except Exception as e:  # noqa: BLE001 - pyttsx3 fails in many ways when espeak-ng is missing
        return Finding("FAIL", f"the text-to-speech engine does not start ({type(e).__name__}: {e})",
                       "install espeak-ng: sudo apt-get install espeak-ng")
    if found is None:
        where = "[voice] voice" if voice.voice else f"the {pack.name} pack's voice"
        return Finding("FAIL", f"espeak-ng has no voice {name!r} ({where})",
                       "`espeak-ng --voices` lists the voices; install espeak-ng-data or set "
                       "[voice] voice to one of them")
    return Finding("PASS", f"espeak-ng voice {name!r} ({found})")


def speech_model(settings, pack, stop=None):
    """The model for the pack's language, tried in a child process, knows every phrase word."""
    from talkstick.hearing.models import examine_model, how_to_get, resolve_model

    lang = pack.language
    if not settings.listen.enabled:
        return Finding("WARN", "[listen] enabled = false: the button alone moves the dialogue on",
                       "set [listen] enabled = true to use the check-in phrases")
    try:
        choice = resolve_model(lang, settings)
        if choice is None:
            return Finding("FAIL", f"no speech model for {lang!r}", how_to_get(lang))
        how, missing = examine_model(choice.path, pack.wordings(), list(pack.words()), stop=stop)
    except ModelError as e:
        return Finding("FAIL", str(e), f"get a fresh copy: talkstick model download {lang}; or give "
                       "an intact model folder with the listen.model setting")
    if missing:
        return Finding("FAIL", f"the model at {choice.path} lacks phrase words: {' '.join(missing)}",
                       f"`talkstick model check --lang {lang}` lists their phrases; use a larger "
                       f"model or other wordings in prompts/{lang}/phrases.toml")
    return Finding("PASS", f"{choice.path} ({choice.source}): {how}; it knows all "
                   f"{len(pack.words())} phrase words")


def cleaning():
    """Is WebRTC's audio processing there for the listener to clean the room with?"""
    from importlib.metadata import PackageNotFoundError, version

    try:
        from webrtc_noise_gain import AudioProcessor  # noqa: F401 - only whether it loads
    except ImportError as e:
        return Finding("WARN", f"webrtc-noise-gain does not load ({e}): the room's noise and a soft "
                       "voice reach the recognizer as they are, and fewer check-ins are heard",
                       "pip install webrtc-noise-gain (wheels for 64-bit x86 and ARM; on a 32-bit "
                       "Raspberry Pi OS there is none: the button always works)")
    try:
        which = f"webrtc-noise-gain {version('webrtc-noise-gain')}"
    except PackageNotFoundError:
        which = "webrtc-noise-gain"
    return Finding("PASS", f"{which}: automatic gain, and noise suppression in a noisy room")


def denoising():
    """Is RNNoise there for the listener to take a noisy room's noise out with?"""
    from importlib.metadata import PackageNotFoundError, version

    from talkstick.hearing.denoiser import library_path, load_library

    path = library_path()
    try:
        if path is None:
            raise OSError("the pyrnnoise package is not installed")
        load_library(path)
    except OSError as e:
        return Finding("WARN", f"no RNNoise ({e}): in a noisy room fewer check-ins are heard "
                       "(WebRTC's suppression alone)",
                       "pip install 'talkstick[denoise]' (scripts/setup installs it; wheels for "
                       "64-bit x86 and ARM)")
    try:
        which = f"pyrnnoise {version('pyrnnoise')}"
    except PackageNotFoundError:
        which = "pyrnnoise"
    return Finding("PASS", f"{which}: RNNoise runs while the room is noisy ({path})")


def gpio(panel, on_pi):
    """The pin factory, and the button's and every LED's pin opened and closed again."""
    from talkstick.panel.button import Button
    from talkstick.panel.lamps import Lamps
    from talkstick.panel.pins import choose_pin_factory

    factory, simulated = choose_pin_factory()
    if simulated and not on_pi:
        return Finding("WARN", "no GPIO here: the simulator will be used", "")
    if simulated:
        return Finding("FAIL", "this Raspberry Pi's GPIO cannot be opened",
                       "install lgpio (sudo apt-get install python3-lgpio) and add the user to "
                       "group gpio, or run: sudo talkstick install")
    try:
        with Lamps(panel, pin_factory=factory), Button(panel, lambda event: None, pin_factory=factory):
            pass
    except Exception as e:  # noqa: BLE001 - gpiozero's errors name the pin and the reason
        return Finding("FAIL", f"the pins cannot be opened ({type(e).__name__}: {e})",
                       "check [panel] pins with `talkstick wiring`; a running talkstick service "
                       "holds them (sudo systemctl stop talkstick)")
    return Finding("PASS", f"{type(factory).__name__}: the button (GPIO{panel.button}) and every "
                   "LED pin open")
