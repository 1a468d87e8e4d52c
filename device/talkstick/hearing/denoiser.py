"""A noisy room's noise taken out before the cleaner: RNNoise, a small recurrent network.

RNNoise (BSD-3, from Xiph) works on 10 ms frames at 48 kHz: the 16 kHz audio is resampled up
by three, denoised and resampled back, all streaming. It runs only while the room is noisy
(floor.py: its floor above an RMS of 30, as the cleaner judges); in a
quiet room the audio goes through untouched, because there RNNoise cost words (on the
benchmark's tuning split 40 of 117 quiet clips heard with it, 77 without). In noise it gained
them (5 dB: 138 of 222 against 47; 10 dB: 93 of 157 against 57).
Cost while on: about 7 % of a core here (stop 31, 20 s of noise: 58 ms of CPU per audio second in
the library, pyrnnoise's RNNoise 0.2 with its larger network, built for SSE2 only; 9 ms in the
resampling).

The library comes from the ``pyrnnoise`` package (the ``denoise`` extra), loaded through ctypes
without importing the package: its Python side imports ``requests``, and the device opens no
socket. Where it is missing the cleaner works alone, and the log says so once.
"""

import ctypes
import importlib.util
import logging
from pathlib import Path

import numpy as np

from talkstick.hearing.floor import NOISY_RMS, WINDOW_S, RoomFloor, levels_of

log = logging.getLogger(__name__)
_said = []  # the missing library is logged once a process
FRAME_16K = 160   # 10 ms: one RNNoise frame (480 samples at 48 kHz)
UP = 3


def library_path():
    """Where pyrnnoise keeps librnnoise.so, or None (found without importing the package)."""
    spec = importlib.util.find_spec("pyrnnoise")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "librnnoise.so"
    return path if path.exists() else None


def load_library(path):
    lib = ctypes.CDLL(str(path))
    lib.rnnoise_create.argtypes = [ctypes.c_void_p]
    lib.rnnoise_create.restype = ctypes.c_void_p
    lib.rnnoise_destroy.argtypes = [ctypes.c_void_p]
    lib.rnnoise_process_frame.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_float)] * 2
    lib.rnnoise_process_frame.restype = ctypes.c_float
    return lib


def denoiser(noisy_rms=NOISY_RMS, window_s=WINDOW_S, short_window_s=None):
    """A Denoiser, or None where librnnoise is not installed (or will not load)."""
    path = library_path()
    try:
        if path is None:
            raise OSError("the pyrnnoise package is not installed")
        lib = load_library(path)
    except OSError as e:
        if not _said:
            _said.append(True)
            log.warning("no RNNoise (%s): in a noisy room the recognizer hears less "
                        "(pip install 'talkstick[denoise]')", e)
        return None
    return Denoiser(lib, noisy_rms, window_s, short_window_s)


def lowpass(taps=121, cutoff_hz=7600.0, rate=16000 * UP):
    """A windowed-sinc low-pass below the 16 kHz audio's Nyquist, for both resamplings."""
    n = np.arange(taps) - (taps - 1) / 2
    h = np.sinc(2 * cutoff_hz / rate * n) * np.hanning(taps)
    return (h / h.sum()).astype(np.float32)


class Denoiser:
    """int16 16 kHz samples in, as many out, less a remainder under 10 ms that waits for the
    next call (the devices' 20 ms blocks never leave one).

    ``short_window_s``: the same room judged over that many seconds as well (``short_noisy``),
    for the detector's bar on a lone "네", where it is not the window RNNoise runs by.
    """

    def __init__(self, lib, noisy_rms=NOISY_RMS, window_s=WINDOW_S, short_window_s=None):
        self.lib = lib
        self.floor = RoomFloor(noisy_rms, window_s)
        self.short_floor = RoomFloor(noisy_rms, short_window_s) if short_window_s else self.floor
        self.state = lib.rnnoise_create(None)
        self.h = lowpass()
        self.left = np.zeros(0, np.int16)
        self._reset_filters()
        self.frame_in = np.zeros(FRAME_16K * UP, np.float32)
        self.frame_out = np.zeros(FRAME_16K * UP, np.float32)
        self._in = self.frame_in.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        self._out = self.frame_out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))

    def close(self):
        if self.state:
            self.lib.rnnoise_destroy(self.state)
            self.state = None

    __del__ = close

    def _reset_filters(self):
        self.up_history = np.zeros(len(self.h) - 1, np.float32)
        self.down_history = np.zeros(len(self.h) - 1, np.float32)

    @property
    def on(self):
        return self.floor.noisy

    @property
    def short_noisy(self):
        """Whether the room is noisy over ``short_window_s`` (over the window RNNoise runs by
        where that is None)."""
        return self.short_floor.noisy

    def __call__(self, samples, spare=False):
        """``spare``: RNNoise is not run even where the room is noisy (the floor still hears the
        audio): the detector has given up the utterance these samples are of."""
        data = np.concatenate([self.left, samples]) if self.left.size else np.asarray(samples)
        whole = len(data) - len(data) % FRAME_16K
        self.left = data[whole:].copy()
        frames = data[:whole].reshape(-1, FRAME_16K)
        levels, out = levels_of(frames), []
        if self.short_floor is not self.floor:
            self.short_floor.hear_levels(levels)
        for frame, noisy in zip(frames, self.floor.hear_levels(levels), strict=True):
            if noisy and not spare:
                out.append(self._denoise(frame))
            else:
                if self.up_history.any():
                    self._reset_filters()  # the next noisy stretch starts clean
                out.append(frame)
        return np.concatenate(out) if out else np.zeros(0, np.int16)

    def _denoise(self, frame):
        stuffed = np.zeros(FRAME_16K * UP, np.float32)
        stuffed[::UP] = frame.astype(np.float32) * UP
        up = np.convolve(np.concatenate([self.up_history, stuffed]), self.h, "valid")
        self.up_history = np.concatenate([self.up_history, stuffed])[-(len(self.h) - 1):]
        self.frame_in[:] = up
        self.lib.rnnoise_process_frame(self.state, self._out, self._in)
        down = np.convolve(np.concatenate([self.down_history, self.frame_out]), self.h, "valid")
        self.down_history = np.concatenate([self.down_history, self.frame_out])[-(len(self.h) - 1):]
        return np.clip(down[::UP], -32768, 32767).astype(np.int16)
