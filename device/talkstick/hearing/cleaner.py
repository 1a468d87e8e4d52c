"""The room taken out of the audio before the gate and the recognizer hear it.

WebRTC's audio processing (the ``webrtc-noise-gain`` package, as voice satellites use it) in
10 ms chunks: automatic gain always, so a soft voice across the table reaches the level the
model knows; noise suppression only once the room has a noise floor. In a quiet room the
suppressor's work costs words (on the benchmark's tuning split, 45 of 87 quiet clips heard
with it against 79 without), and in a noisy one it gains them (10 dB: 75 of 128 against 35).
One processor works at a time, chosen chunk by chunk by the room's floor (floor.py: the
suppressor while the room is noisy). Cost: about 0.2 % of a core. Where the package is
missing (a 32-bit Pi has no wheel) the audio goes through as it is, and the log says so once.
"""

import logging

import numpy as np

from talkstick.hearing.floor import NOISY_RMS, WINDOW_S, RoomFloor

log = logging.getLogger(__name__)
_said = []  # the missing package is logged once a process, however many listeners are made
CHUNK_BYTES = 320  # 10 ms of 16 kHz 16-bit mono: what WebRTC's processing takes at a time
# The room, as the benchmark's tuning split chose it: gain on (its target, -9 dBFS, heard the
# same as -3 and -15), suppression level 3 of 0-4 (2 and 4 heard fewer), and suppression on
# once the room's floor has an RMS above 30 (floor.py; 15 heard the same, 100 fewer).
CLEAN = {"gain_dbfs": 9, "suppression": 3, "noisy_rms": NOISY_RMS}


def cleaner(settings=CLEAN, window_s=WINDOW_S):
    """A Cleaner for these settings, or None where WebRTC's is not installed."""
    try:
        from webrtc_noise_gain import AudioProcessor
    except ImportError:
        if _said:
            return None
        _said.append(True)
        log.warning("webrtc-noise-gain is not installed: the room's noise and a soft voice go "
                    "to the recognizer as they are (pip install webrtc-noise-gain)")
        return None
    return Cleaner(AudioProcessor, **settings, window_s=window_s)


class Cleaner:
    def __init__(self, processor, *, gain_dbfs, suppression, noisy_rms, window_s=WINDOW_S):
        self.plain = processor(gain_dbfs, 0)
        self.suppressed = processor(gain_dbfs, suppression)
        self.floor = RoomFloor(noisy_rms, window_s)
        self.left = b""

    def __call__(self, samples):
        """int16 samples in, as many cleaned out (less any remainder under 10 ms, kept for the
        next call: the 20 ms blocks of the devices never leave one)."""
        data = self.left + samples.tobytes()
        whole = len(data) - len(data) % CHUNK_BYTES
        self.left = data[whole:]
        chunks = np.frombuffer(data[:whole], dtype=np.int16).reshape(-1, CHUNK_BYTES // 2)
        out = []
        for i, noisy in zip(range(0, whole, CHUNK_BYTES), self.floor.hear_frames(chunks), strict=True):
            processor = self.suppressed if noisy else self.plain
            out.append(processor.Process10ms(data[i:i + CHUNK_BYTES]).audio)
        return np.frombuffer(b"".join(out), dtype=np.int16)
