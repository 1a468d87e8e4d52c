"""A recorded take made ready to keep: silence trimmed, loudness evened out. Pure numpy.

The level of a quiet room is measured from the take's quietest frames, so the same code works
for a USB microphone in an office and for the virtual microphone in the tests.
"""

import numpy as np

FRAME_S = 0.02
MARGIN_S = 0.15        # silence kept before and after the speech
TARGET_RMS_DB = -20.0  # loudness of the speech, dB of full scale
PEAK_DB = -1.0         # no sample louder than this
MIN_LEVEL = 60.0       # an RMS below this (of 32767) is silence, however quiet the room


def frame_levels(samples, rate):
    """RMS of each 20 ms frame."""
    size = max(1, int(rate * FRAME_S))
    usable = len(samples) // size * size
    frames = np.asarray(samples[:usable], dtype=np.float64).reshape(-1, size)
    return np.sqrt((frames ** 2).mean(axis=1)) if len(frames) else np.zeros(0)


def speech_threshold(levels, floor=None):
    """The level above which a frame is speech: four times the room's (its quietest tenth)."""
    if floor is None:
        floor = float(np.percentile(levels, 10)) if len(levels) else 0.0
    return max(MIN_LEVEL, 4.0 * floor)


def trim(samples, rate, threshold=None):
    """The take from just before its first loud frame to just after its last; empty if none."""
    levels = frame_levels(samples, rate)
    threshold = speech_threshold(levels) if threshold is None else threshold
    loud = np.flatnonzero(levels > threshold)
    if not len(loud):
        return np.zeros(0, np.int16)
    size = int(rate * FRAME_S)
    margin = int(rate * MARGIN_S)
    start = max(0, loud[0] * size - margin)
    end = min(len(samples), (loud[-1] + 1) * size + margin)
    return np.asarray(samples[start:end], dtype=np.int16)


def normalise(samples, target_db=TARGET_RMS_DB, peak_db=PEAK_DB):
    """Scale to the target RMS, but never past the peak limit."""
    x = np.asarray(samples, dtype=np.float64)
    if not len(x):
        return np.zeros(0, np.int16)
    rms, peak = np.sqrt((x ** 2).mean()), np.abs(x).max()
    if rms <= 0 or peak <= 0:
        return np.zeros(len(x), np.int16)
    gain = min(32767 * 10 ** (target_db / 20) / rms, 32767 * 10 ** (peak_db / 20) / peak)
    return np.clip(np.round(x * gain), -32768, 32767).astype(np.int16)


def level_db(samples):
    """RMS in dB of full scale (-inf for silence)."""
    x = np.asarray(samples, dtype=np.float64)
    rms = np.sqrt((x ** 2).mean()) if len(x) else 0.0
    return 20 * np.log10(rms / 32767) if rms > 0 else float("-inf")
