"""Audio in memory: the rate and block size the device works in, WAV reading, resampling."""

import io
import wave

import numpy as np

RATE = 16000    # what the recognizer hears: 16 kHz mono int16
BLOCK_S = 0.02  # both devices work in 20 ms blocks: the gate judges 20 ms frames, and a
                # prompt stops within one block of a barge-in


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
    """Band-limited resampling by FFT (espeak-ng speaks at 22,050 Hz; Vosk wants 16,000)."""
    if rate == to_rate or len(samples) == 0:
        return np.asarray(samples, dtype=np.int16)
    spectrum = np.fft.rfft(np.asarray(samples, dtype=np.float64))
    count = int(round(len(samples) * to_rate / rate))
    out = np.fft.irfft(spectrum[: count // 2 + 1], count) * (count / len(samples))
    return np.clip(out, -32768, 32767).astype(np.int16)
