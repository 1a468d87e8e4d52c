"""Energy gate: which audio is speech, so the recognizer only spends CPU on speech.

Frames of 20 ms are compared with the noise floor: the quietest frame of the last two seconds
(speech always has gaps; a fan or a hum does not), times ``ratio``, never below ``floor``.
A segment opens on the first loud frame (with a little pre-roll, so word onsets are not cut)
and closes after ``hangover_s`` of quiet. That close is also our end-of-utterance signal,
much sooner than Vosk's own 0.5 s endpoint. A shorter quiet (``pause_s``) inside a segment is
a pause: the utterance may be over, so the detector decodes it while the gate waits, and it
may then ask the gate to end this segment after another length of quiet (``end_after``): less
where what it heard at the pause was already a whole wording, more where it was the first words
of one. Speech coming back puts the hangover back.

A segment that stays open for many seconds is no one speaking at the table: people pause for
breath. It is a room where others talk on (a café, a television), whose talk fills every pause
and keeps the floor low; ``open_s`` says how long the segment has been open, so that the
detector can tell (detector.py, ``NOISY_ROOM_S``).
"""

import collections

import numpy as np

from talkstick.audio import RATE
from talkstick.hearing.floor import levels_of


class Gate:
    def __init__(self, *, rate=RATE, frame_s=0.02, hangover_s=0.18, pause_s=0.08, preroll_s=0.25,
                 floor=150.0, ratio=4.0, window_s=2.0, ceiling=1500.0):
        self.frame = int(rate * frame_s)
        self.rate = rate
        self.hang_frames = max(1, round(hangover_s / frame_s))
        self.pause_frames = min(self.hang_frames, max(1, round(pause_s / frame_s)))
        self.pre_frames = max(1, round(preroll_s / frame_s))
        self.preroll_s = self.pre_frames * frame_s
        self.floor, self.ratio = floor, ratio
        # Start as if the room had been quiet, so speech at the very start is not its own floor.
        self.recent = collections.deque([floor / ratio] * max(1, round(window_s / frame_s)),
                                        maxlen=max(1, round(window_s / frame_s)))
        self.ceiling = ceiling  # however loud the room, talk louder than this is speech
        self.pos = 0  # samples judged so far: the gate's audio clock
        self.reset()

    def reset(self):
        self.active = False
        self.hang = self.hang_frames  # quiet frames that end the open segment
        self.opened = 0  # the gate's clock (samples) when the open segment began
        self.quiet = 0
        self.pre = []
        self.leftover = np.zeros(0, dtype=np.int16)

    def _loud(self, rms):
        self.recent.append(rms)
        return rms > max(self.floor, min(min(self.recent) * self.ratio, self.ceiling))

    def end_after(self, seconds=None):
        """End the open segment after ``seconds`` of quiet instead of ``hangover_s`` (None: after
        ``hangover_s`` again), unless speech comes back first (in 20 ms frames, and never before
        the frame after the pause that asked)."""
        self.hang = self.hang_frames if seconds is None else max(
            self.pause_frames, round(seconds * self.rate / self.frame))

    @property
    def open_s(self):
        """Seconds the segment has been open (0 while closed)."""
        return (self.pos - self.opened) / self.rate if self.active else 0.0

    def push(self, samples):
        """Feed int16 samples; returns events (kind, samples, seconds).

        ("start", pre-roll + first loud frame, time the pre-roll begins), ("audio", frame, None),
        ("pause", None, None) once ``pause_s`` is quiet, ("end", None, time of the end of the
        last loud frame).
        """
        data = np.concatenate([self.leftover, samples]) if self.leftover.size else samples
        n = len(data) // self.frame
        self.leftover = data[n * self.frame:]
        frames = data[:n * self.frame].reshape(n, self.frame)
        levels = levels_of(frames)
        out = []
        for frame, level in zip(frames, levels, strict=True):
            self.pos += self.frame
            loud = self._loud(level)
            if not self.active:
                self.pre = (self.pre + [frame])[-self.pre_frames:]
                if loud:
                    self.active, self.quiet, self.opened = True, 0, self.pos
                    self.hang = self.hang_frames
                    start = (self.pos - len(self.pre) * self.frame) / self.rate
                    out.append(("start", np.concatenate(self.pre), start))
                    self.pre = []
                continue
            out.append(("audio", frame, None))
            self.quiet = 0 if loud else self.quiet + 1
            if loud:
                self.hang = self.hang_frames
            if self.quiet == self.pause_frames:
                out.append(("pause", None, None))
            if self.quiet >= self.hang:
                self.active = False
                out.append(("end", None, (self.pos - self.quiet * self.frame) / self.rate))
        return out
