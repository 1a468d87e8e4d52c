"""The appointment's chime: two soft bell tones, made in numpy (no sound file ships).

Played through the speaker's own path (``Speaker.chime``), so it takes its turn with the
prompts and a lost speaker costs only the sound: the lamps still glow.
"""

import numpy as np

TONES = ((659.25, 0.55), (987.77, 0.9))  # E5 then B5, a fifth up: (Hz, seconds)
LOUDNESS = 0.18   # of full scale: a chime to notice, not an alarm
ATTACK_S = 0.01   # a fade in this short avoids a click
DECAY_S = 0.35    # the bell dies away by e every this many seconds


def chime(rate, loudness=LOUDNESS):
    """The chime as int16 mono samples at ``rate`` Hz (about 1.5 s)."""
    return np.concatenate([_tone(hz, seconds, rate, loudness) for hz, seconds in TONES])


def _tone(hz, seconds, rate, loudness):
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.minimum(1.0, t / ATTACK_S) * np.exp(-t / DECAY_S)
    envelope[-int(0.02 * rate):] *= np.linspace(1.0, 0.0, int(0.02 * rate))  # no click at the end
    wave = np.sin(2 * np.pi * hz * t) + 0.25 * np.sin(4 * np.pi * hz * t)  # a touch of overtone
    return (wave / 1.25 * envelope * loudness * 32767).astype(np.int16)
