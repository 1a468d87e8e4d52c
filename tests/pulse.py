"""A private PulseAudio server for tests: a null sink `speaker` and a virtual microphone `mic`.

Whatever the code under test plays goes to the null sink, whose monitor we record
(`start_recording`, `stop_recording`); whatever a test `feed`s goes into the pipe source at
real time, as a microphone would deliver it, with a quiet room's hiss in between (or exact
digital zeros, `digital_silence(True)`). `unplug_mic` unloads the pipe source (streams on the
default source then hear the silent source `silence`), `unplug_speaker` the null sink,
`kill_server` / `restart_server` take the whole sound server away and bring it back on the same
socket, and `freeze_server` / `thaw_server` stop and continue it. Both the ALSA device "pulse" and "default" reach the server. Everything lives in one temp dir, so
parallel test runs do not meet; module-pipe-source makes (and removes) the FIFO itself.
"""

import collections
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

RATE = 16000
BLOCK = RATE // 10  # the feeder writes 100 ms every 100 ms


class PulseServer:
    """Started by `start()`, which also points this process (`os.environ`, PortAudio) at it."""

    def __init__(self, block=BLOCK):
        self.block, self.dir, self.env = block, None, {}
        self._saved_env, self._mic_module, self._sink_module = {}, None, None
        self._zeros = False  # digital silence between fed audio instead of hiss
        self._pending, self._cond = collections.deque(), threading.Condition()
        self._pending_samples, self._fifo_fd = 0, None
        self._halt = threading.Event()
        self._hiss = np.random.default_rng(0)
        self._feeder = self._monitor = self._proc = None

    # -- server --------------------------------------------------------------------------
    def start(self):
        self.dir = tempfile.mkdtemp(prefix="talkstick-pulse-")
        self.fifo = os.path.join(self.dir, "mic.fifo")
        socket = os.path.join(self.dir, "native")
        self.env = {
            "XDG_RUNTIME_DIR": self.dir, "PULSE_SERVER": f"unix:{socket}",
            "PULSE_RUNTIME_PATH": os.path.join(self.dir, "runtime"),
            "PULSE_STATE_PATH": os.path.join(self.dir, "state"),
            "PULSE_COOKIE": os.path.join(self.dir, "cookie"),
        }
        try:
            self._daemon(socket)
            self._load_devices()
        except Exception:
            self.stop()
            raise
        self._use_env()
        self._halt.clear()
        self._feeder = threading.Thread(target=self._feed_loop, name="mic-feeder", daemon=True)
        self._feeder.start()
        return self

    def _load_devices(self):
        self._sink_module = self._load_sink()
        self._mic_module = self._load_mic()
        loaded = time.monotonic()
        self._monitor = MonitorRecorder(self._child_env()).start()
        return loaded

    def _daemon(self, socket):
        log = os.path.join(self.dir, "pulseaudio.log")
        # -n: no default.pa, so nothing but these modules (no real hardware, no session bus).
        # Not daemonized, so the server is our child: we can always reap or kill it.
        cmd = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
               f"--log-target=file:{log}",
               "-L", f"module-native-protocol-unix auth-anonymous=1 socket={socket}",
               # While the mic is unplugged, streams that follow the default fall back to this
               # silent source, not to speaker.monitor (and our monitor recording is never on
               # the default source, so replugging does not move it to the mic).
               "-L", "module-null-source source_name=silence"]
        self._proc = subprocess.Popen(cmd, env=self._child_env(), stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self._proc.poll() is None:
            if subprocess.run(["pactl", "info"], env=self._child_env(), capture_output=True,
                              timeout=10).returncode == 0:
                return
            self._halt.wait(0.05)
        raise RuntimeError(f"pulseaudio did not start: {self._log_tail(log)}")

    def _log_tail(self, log):
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                return " | ".join(line.strip() for line in f.readlines()[-8:])
        except OSError:
            return "(no log)"

    def pactl(self, *args):
        proc = subprocess.run(["pactl", *args], env=self._child_env(), capture_output=True,
                              text=True, timeout=10)
        if proc.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout.strip()

    def _child_env(self):
        return dict(os.environ, **self.env)

    def _use_env(self):
        """Point this process at the server too; PortAudio reads the devices only when it starts."""
        for key, value in self.env.items():
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value
        _restart_portaudio()

    def _restore_env(self):
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()

    def stop(self):
        self._halt.set()
        if self._feeder:
            self._feeder.join(timeout=5)
            self._feeder = None
        self._close_fifo()
        self._stop_monitor()
        if self.dir:
            self._kill_daemon()
            self._restore_env()
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def _kill_daemon(self):
        if not self._proc:
            return
        subprocess.run(["pulseaudio", "-k"], env=self._child_env(), capture_output=True, timeout=10)
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)
        self._proc = None

    def kill_server(self):
        """The sound server dies at once (SIGKILL): every stream on it breaks."""
        self._stop_monitor()
        self._proc.kill()
        self._proc.wait(timeout=5)
        self._proc = None
        for stale in ("native", "mic.fifo"):  # a killed server leaves its socket and FIFO
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self.dir, stale))

    def restart_server(self):
        """A new server on the same socket, with the same sink and microphone; returns the
        time.monotonic() its devices were there. PortAudio in this process is not told: the
        code under test must find the devices again itself."""
        self._daemon(os.path.join(self.dir, "native"))
        return self._load_devices()

    def freeze_server(self):
        """The sound server hangs (SIGSTOP): streams stay open, but nothing flows."""
        self._proc.send_signal(signal.SIGSTOP)

    def thaw_server(self):
        self._proc.send_signal(signal.SIGCONT)

    def _stop_monitor(self):
        if self._monitor:
            self._monitor.stop()
            self._monitor = None

    # -- speaker -------------------------------------------------------------------------
    def _load_sink(self):
        index = self.pactl("load-module", "module-null-sink", "sink_name=speaker")
        self.pactl("set-default-sink", "speaker")
        return index

    def unplug_speaker(self):
        """Unload the null sink: the speaker is gone (and the monitor recording with it)."""
        self._stop_monitor()
        self.pactl("unload-module", self._sink_module)
        self._sink_module = None

    def replug_speaker(self):
        """Load the sink again; returns once its monitor is recorded again (about 2 s) with
        the time.monotonic() the sink came back."""
        self._sink_module = self._load_sink()
        back = time.monotonic()
        self._monitor = MonitorRecorder(self._child_env()).start()
        return back

    # -- microphone ----------------------------------------------------------------------
    def _load_mic(self):
        index = self.pactl("load-module", "module-pipe-source", "source_name=mic",
                           f"file={self.fifo}", "format=s16le", f"rate={RATE}", "channels=1")
        self.pactl("set-default-source", "mic")
        return index

    def unplug_mic(self):
        """Unload the pipe source: the microphone is gone, as if its cable were pulled."""
        self.pactl("unload-module", self._mic_module)
        self._mic_module = None

    def replug_mic(self):
        self._mic_module = self._load_mic()

    def digital_silence(self, on=True):
        """Between fed audio, exact zeros (a muted or broken microphone) instead of hiss."""
        self._zeros = on

    def feed(self, samples):
        """Queue int16 samples at 16 kHz for the microphone; they go out in real time."""
        samples = np.asarray(samples, dtype=np.int16).ravel()
        with self._cond:
            self._pending.append(samples)
            self._pending_samples += len(samples)

    def wait_fed(self, timeout):
        """True once everything fed so far has gone into the microphone (or been lost, unplugged)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending_samples == 0, timeout)

    def _feed_loop(self):
        due = time.monotonic()
        while not self._halt.is_set():
            block, fed = self._next_block()
            self._write(block)
            with self._cond:
                self._pending_samples -= fed
                self._cond.notify_all()
            due += self.block / RATE
            self._halt.wait(max(0.0, due - time.monotonic()))

    def _next_block(self):
        """The next block of fed audio, padded with a quiet room's hiss so the source never stalls.

        A real microphone never delivers exact zeros; the listener takes a long run of them for
        an unplugged microphone.
        """
        block, filled = self._hiss.integers(-3, 4, self.block).astype(np.int16), 0
        if self._zeros:
            block[:] = 0
        with self._cond:
            while self._pending and filled < self.block:
                head = self._pending.popleft()
                take = min(len(head), self.block - filled)
                block[filled:filled + take] = head[:take]
                filled += take
                if take < len(head):
                    self._pending.appendleft(head[take:])
        return block, filled

    def _write(self, block):
        """Write one block; while the mic is unplugged the audio is lost, as it would be."""
        try:
            if self._fifo_fd is None:
                self._fifo_fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.write(self._fifo_fd, block.tobytes())
        except BlockingIOError:
            pass  # the source lags behind; dropping beats blocking the clock
        except OSError:  # FileNotFoundError, ENXIO, BrokenPipeError: unplugged or replugged
            self._close_fifo()

    def _close_fifo(self):
        if self._fifo_fd is not None:
            os.close(self._fifo_fd)
            self._fifo_fd = None

    # -- speaker monitor -----------------------------------------------------------------
    # The monitor is read from start to stop, recording or not: a null sink that nobody
    # listens to runs in 2-second gulps, and playback into it takes twice as long as it lasts.
    def start_recording(self):
        """Keep what is played to the `speaker` sink from now on, in memory, at 16 kHz mono."""
        self._monitor.keep(True)

    def recorded(self):
        """What has been recorded so far, without stopping."""
        return self._monitor.samples()

    def wait_recorded(self, seconds, timeout=10):
        """Wait until the recording holds ``seconds`` of audio; True if it does."""
        deadline = time.monotonic() + timeout
        while len(self.recorded()) < seconds * RATE:
            if time.monotonic() > deadline:
                return False
            threading.Event().wait(0.01)
        return True

    def stop_recording(self, loud_ms_at_least=0, timeout=5):
        """Stop keeping what is played and return it.

        With ``loud_ms_at_least``, first wait (up to ``timeout`` s) until that much of the
        recording is loud: under load, a clip that ``sd.play(blocking=True)`` has finished
        writing can still sit in the ALSA plugin's and the server's buffers, and stopping at once
        then records nothing of it. A test that asserts the same amount still fails if it never
        comes.
        """
        deadline = time.monotonic() + timeout
        while (loud_ms_at_least and loud_ms(self.recorded()) < loud_ms_at_least
               and time.monotonic() < deadline):
            threading.Event().wait(0.02)
        samples = self._monitor.samples()
        self._monitor.keep(False)
        return samples


class MonitorRecorder:
    def __init__(self, env):
        self.env, self.data, self.lock = env, bytearray(), threading.Lock()
        self.keeping, self.proc, self.thread = False, None, None
        self.flowing = threading.Event()

    def start(self):
        self.proc = subprocess.Popen(
            ["parec", "-d", "speaker.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.thread = threading.Thread(target=self._read, name="monitor", daemon=True)
        self.thread.start()
        # The sink's first gulp ends about 2 s after it was made; then audio flows in 20 ms steps.
        if not self.flowing.wait(10):
            raise RuntimeError("the speaker.monitor recording did not start within 10 s")
        return self

    def keep(self, on):
        with self.lock:
            self.keeping, self.data = on, bytearray()

    def _read(self):
        while chunk := self.proc.stdout.read1(4096):
            self.flowing.set()
            with self.lock:
                if self.keeping:
                    self.data += chunk

    def samples(self):
        with self.lock:
            usable = len(self.data) // 2 * 2
            return np.frombuffer(bytes(self.data[:usable]), dtype=np.int16)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.thread.join(timeout=5)


def loud_windows(samples, threshold=300, window_ms=10, rate=RATE):
    """One bool per window: is its RMS over ``threshold``?"""
    size = rate * window_ms // 1000
    usable = len(samples) // size * size
    windows = np.asarray(samples[:usable], dtype=np.float64).reshape(-1, size)
    return np.sqrt((windows ** 2).mean(axis=1)) > threshold


def loud_ms(samples, threshold=300, window_ms=10, rate=RATE):
    return int(loud_windows(samples, threshold, window_ms, rate).sum()) * window_ms


def has_sound(samples, min_ms=100, threshold=300, rate=RATE):
    """True if the recording is loud (RMS over ``threshold``) for at least ``min_ms`` in all."""
    return loud_ms(samples, threshold, rate=rate) >= min_ms


def quiet_tail_ms(samples, threshold=300, window_ms=10, rate=RATE):
    """How long the recording has been quiet at its end."""
    loud = loud_windows(samples, threshold, window_ms, rate)
    hits = np.flatnonzero(loud)
    return (len(loud) - (hits[-1] + 1 if len(hits) else 0)) * window_ms


def speech(text, voice="en-us", rate=RATE):
    """What espeak-ng says for ``text``, as int16 samples at ``rate``: audio to feed the mic."""
    from talkstick.audio import read_wav, resample

    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], capture_output=True,
                         check=True, timeout=30).stdout
    samples, source_rate = read_wav(wav)
    return resample(samples, source_rate, rate)


def _die_with_parent():
    """In the child: a test run killed outright takes its audio server with it (Linux)."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _restart_portaudio():
    """Make an imported sounddevice see the server: PortAudio lists devices only at start."""
    sd = sys.modules.get("sounddevice")
    if sd is not None:
        sd._terminate()
        sd._initialize()
