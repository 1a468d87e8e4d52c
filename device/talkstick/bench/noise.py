"""Room noise for the benchmark, synthesized in memory: pink, brown, a fan's hum, a street,
other people talking (chatter: two at the next table; babble: four further off).

Levels are set as a signal-to-noise ratio against the speech the noise goes under (RMS of the
speech's loud part), so "10 dB" means the same thing for a quiet voice and a loud one.
"""

import numpy as np

from talkstick.audio import RATE

KINDS = ("pink", "brown", "hum", "traffic", "chatter", "babble")
TALKING = ("chatter", "babble")  # the rooms made of other people's talk


def coloured(n, rng, exponent, low_hz=60.0):
    """Noise whose power falls as 1/f**exponent (1: pink, 2: brown) above ``low_hz``, unit RMS.

    Nothing below ``low_hz``: a microphone does not pass the slow drift that 1/f noise would
    otherwise be made of (and an energy gate would take that drift for speech).
    """
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[f < low_hz] = 0
    shaped = np.fft.irfft(spectrum / np.maximum(f, low_hz) ** (exponent / 2), n)
    return shaped / (np.sqrt(np.mean(shaped ** 2)) or 1.0)


def hum(n, rng):
    """A fan or a fridge: mains hum and its harmonics over soft low-passed noise, unit RMS."""
    t = np.arange(n) / RATE
    base = rng.choice((50.0, 60.0))
    tone = sum(np.sin(2 * np.pi * base * k * t + rng.uniform(0, 6.3)) / k for k in (1, 2, 3, 4))
    sound = tone + 2.0 * coloured(n, rng, 1.5)
    return sound / np.sqrt(np.mean(sound ** 2))


def traffic(n, rng):
    """A street through a window: low rumble that swells as each car passes, unit RMS."""
    t = np.arange(n) / RATE
    swell = np.full(n, 0.3)
    passing = rng.uniform(-2.0, 4.0)  # the first car may already be going by
    while passing < n / RATE + 4.0:
        swell += rng.uniform(0.5, 1.5) * np.exp(-((t - passing) / rng.uniform(1.0, 2.5)) ** 2)
        passing += rng.uniform(3.0, 10.0)
    sound = coloured(n, rng, 1.7, low_hz=40.0) * swell
    return sound / (np.sqrt(np.mean(sound ** 2)) or 1.0)


def voices(n, rng, talk, gains):
    """Speakers talking at once, one per gain, each from a random point of its own talk."""
    mix = np.zeros(n)
    for gain in gains:
        voice = talk(n / RATE + 1.0).astype(float)[:n]
        shift = int(rng.integers(0, max(1, len(voice))))
        mix[:len(voice)] += gain * np.roll(voice, shift)
    return mix / (np.sqrt(np.mean(mix ** 2)) or 1.0)


def chatter(n, rng, talk):
    """Two people at the next table, one a little further off: ``talk(seconds)`` gives one
    speaker's speech. Fewer and nearer than babble, so their words can be made out."""
    return voices(n, rng, talk, (1.0, rng.uniform(0.4, 0.8)))


def babble(n, rng, talk):
    """Several people talking at once, far away: ``talk(seconds)`` gives one speaker's speech."""
    return voices(n, rng, talk, (1.0,) * 4)


def make(kind, n, rng, talk=None):
    """``n`` samples of unit-RMS noise of ``kind`` (one of KINDS)."""
    if kind == "pink":
        return coloured(n, rng, 1.0)
    if kind == "brown":
        return coloured(n, rng, 2.0)
    if kind == "hum":
        return hum(n, rng)
    if kind == "traffic":
        return traffic(n, rng)
    if kind == "chatter":
        return chatter(n, rng, talk)
    if kind == "babble":
        return babble(n, rng, talk)
    raise ValueError(f"unknown noise {kind!r} (accepted: {', '.join(KINDS)})")


def speech_rms(samples):
    """RMS of the loud half of 20 ms frames: the speech, not the pauses between words."""
    frame = RATE // 50
    n = len(samples) // frame
    if n == 0:
        return 0.0
    levels = np.sqrt(np.mean(samples[:n * frame].reshape(n, frame).astype(float) ** 2, axis=1))
    loud = np.sort(levels)[n // 2:]
    return float(np.sqrt(np.mean(loud ** 2)))


def scaled(samples, gain):
    return np.clip(samples.astype(float) * gain, -32768, 32767).astype(np.int16)


def mix(speech, noise, snr_db, level=None):
    """``speech`` with unit-RMS ``noise`` under it at ``snr_db`` (None: clean), as int16."""
    if snr_db is None:
        return speech
    level = speech_rms(speech) if level is None else level
    noisy = speech.astype(float) + noise[:len(speech)] * level / 10 ** (snr_db / 20)
    return np.clip(noisy, -32768, 32767).astype(np.int16)
