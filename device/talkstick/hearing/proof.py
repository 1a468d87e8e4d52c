"""Proving a speech model in a child process, where a crash in Kaldi cannot take the device.

A damaged model does not always fail politely: a truncated ``graph/HCLr.fst`` loads, then
libvosk dies of SIGSEGV when a recognizer is made; a truncated ``am/final.mdl`` makes
``vosk_model_new`` return NULL. So before the device loads a model it cannot vouch for by a
manifest, a child (``python -m talkstick.hearing.proof MODEL``) loads it, makes a recognizer
with a grammar of the pack's wordings (given as JSON on stdin), decodes a second of generated
audio and exits 0. A signal, another exit status or no answer in time means damaged.
Asked for words too (``prove_words``), the child also says which of them the model's
vocabulary lacks, as JSON on stdout: `talkstick doctor` and `selftest` never load a model
themselves.
"""

import json
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np

from talkstick.audio import RATE
from talkstick.errors import ModelError

KALDI_PREFIX = re.compile(r"^ERROR:? (\(\S+\) )?")  # "ERROR (VoskAPI:Read():kaldi-matrix.cc:1620) "
TIMEOUT_S = 90.0  # the Korean model proves in about 2 s here; a Pi 3 is several times slower


@dataclass(frozen=True)
class Proof:
    """A passed trial load: how long it took and the words asked about that the model lacks."""

    seconds: float
    missing: tuple = ()


def prove_model(path, wordings, *, timeout_s=TIMEOUT_S, stop=None, python=sys.executable):
    """Return the seconds the proof took, or raise ModelError saying why ``path`` is damaged.

    ``stop`` (an Event) ends the proof early: the child is killed and ModelError raised.
    """
    return _prove(path, sorted(set(wordings)), timeout_s, stop, python)[0]


def prove_words(path, wordings, words, *, timeout_s=TIMEOUT_S, stop=None, python=sys.executable):
    """The proof of ``prove_model``, and which of ``words`` the model's vocabulary lacks (each
    once, in order): a Proof, or ModelError saying why ``path`` is damaged."""
    request = {"grammar": sorted(set(wordings)), "words": list(dict.fromkeys(words))}
    took, out = _prove(path, request, timeout_s, stop, python)
    try:
        missing = json.loads(out.strip().splitlines()[-1])["missing"]
    except (IndexError, ValueError, KeyError, TypeError):
        raise ModelError(f"{path}: the trial load passed but gave no word list") from None
    return Proof(took, tuple(missing))


def _prove(path, request, timeout_s, stop, python):
    """(seconds, the child's stdout) of a passed trial load of ``path``."""
    started = time.monotonic()
    try:
        child = subprocess.Popen([python, "-m", "talkstick.hearing.proof", str(path)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    except OSError as e:
        raise ModelError(f"{path}: cannot start a trial load ({python}: {e.strerror})") from None
    try:
        out, err = _wait(child, json.dumps(request, ensure_ascii=False), timeout_s, stop)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        raise ModelError(f"{path}: a trial load in a child process failed: {_why(child.returncode, err)}")
    return time.monotonic() - started, out or ""


def _wait(child, grammar, timeout_s, stop):
    """The child's (stdout, stderr) once it exits; ModelError when it runs out of time or is
    stopped."""
    deadline = time.monotonic() + timeout_s
    pending = grammar
    while True:
        try:
            return child.communicate(pending, timeout=min(0.2, max(0.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            pending = None  # communicate has sent the input; later calls only read
        if stop is not None and stop.is_set():
            raise ModelError(f"{child.args[-1]}: the trial load was stopped")
        if time.monotonic() >= deadline:
            raise ModelError(f"{child.args[-1]}: a trial load in a child process did not finish "
                             f"within {timeout_s:g} s")


def _why(code, err):
    if code < 0:
        try:
            return f"libvosk crashed with {signal.Signals(-code).name}"
        except ValueError:
            return f"libvosk crashed with signal {-code}"
    lines = [line.strip() for line in (err or "").splitlines() if line.strip()]
    errors = [KALDI_PREFIX.sub("", line) for line in lines if line.startswith("ERROR")]
    return (errors or lines[-1:] or [f"exit status {code}"])[0][:300]


def trial_audio(seconds=1.0, seed=0):
    """Quiet noise around a voice-like hum: enough to make the decoder search its graph."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(RATE * seconds)) / RATE
    hum = np.sin(2 * np.pi * 140 * t) + 0.5 * np.sin(2 * np.pi * 420 * t) + 0.3 * np.sin(2 * np.pi * 1100 * t)
    envelope = ((t > 0.25 * seconds) & (t < 0.8 * seconds)).astype(float)
    audio = 6000 * hum * envelope + rng.normal(0, 200, t.size)
    return np.clip(audio, -32768, 32767).astype(np.int16)


def main(argv=None):
    """The child: load, make a recognizer, decode, exit 0. Kaldi's own log goes to stderr,
    where the parent reads the reason of a failure; the words asked about that the model
    lacks go to stdout as JSON. The request on stdin is the grammar (a list of wordings), or
    {"grammar": [...], "words": [...]}."""
    from talkstick.hearing import vosk_api

    path = (argv if argv is not None else sys.argv[1:])[0]
    request = json.loads(sys.stdin.read())
    grammar, words = (request, []) if isinstance(request, list) else (request["grammar"], request["words"])
    vosk_api.SetLogLevel(0)
    try:
        model = vosk_api.Model(path)
        recognizer = vosk_api.KaldiRecognizer(model, RATE, json.dumps(grammar, ensure_ascii=False)
                                              if grammar else None)
        recognizer.SetWords(True)
        audio = trial_audio()
        for start in range(0, audio.size, RATE // 5):
            recognizer.AcceptWaveform(audio[start:start + RATE // 5].tobytes())
            json.loads(recognizer.PartialResult())
        json.loads(recognizer.FinalResult())
        missing = [w for w in words if model.vosk_model_find_word(w) == -1]
    except Exception as e:  # vosk raises bare Exceptions: all of them mean "damaged"
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    print(json.dumps({"missing": missing}))  # ASCII-escaped: whatever the child's locale
    return 0


if __name__ == "__main__":
    sys.exit(main())
