"""Reading 16-bit WAV data into memory, and changing its sample rate."""

import io
import wave

import numpy as np


def read_wav(source):
    """(int16 mono samples, sample rate) from a path or WAV bytes; stereo is averaged."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    with wave.open(source, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
        channels, rate = w.getnchannels(), w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples.astype(np.int16), rate


def resample(samples, rate, to_rate):
    """Linear interpolation: plenty for speech prompts and test audio."""
    if rate == to_rate or len(samples) == 0:
        return np.asarray(samples, dtype=np.int16)
    count = int(round(len(samples) * to_rate / rate))
    positions = np.arange(count) * (rate / to_rate)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.int16)
