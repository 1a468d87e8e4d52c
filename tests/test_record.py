"""Recorded voice packs: `talkstick record` with the PulseAudio virtual microphone, then a
headless session that plays the recordings instead of synthesis.

espeak-ng speech stands in for the therapist: it is written into the virtual microphone
while `record` listens, and keys are typed on its stdin as its questions appear.
"""

import json
import os
import subprocess
import sys
import wave

import numpy as np
import pytest

from parts import need_espeak
from pulse import has_sound, speech
from running import Running
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.said import Wording, role_words, wordings
from talkstick.script.steps import load_script
from talkstick.voice import takes
from talkstick.voice.recorded import RecordedRenderer, Recordings

RATE = 16000


# -- the take: trimmed and evened out -------------------------------------------------------
def test_a_take_is_trimmed_to_its_speech_and_evened_out():
    need_espeak()
    said = speech("Take at least twenty minutes apart.") // 8  # a quiet speaker
    hiss = np.random.default_rng(1).integers(-20, 21, RATE * 2).astype(np.int16)
    take = np.concatenate([hiss, said, hiss])
    trimmed = takes.trim(take, RATE)
    speech_s, trimmed_s = len(said) / RATE, len(trimmed) / RATE
    assert speech_s - 0.3 <= trimmed_s <= speech_s + 2 * takes.MARGIN_S + 0.05
    out = takes.normalise(trimmed)
    peak_db = 20 * np.log10(np.abs(out.astype(float)).max() / 32767)
    # louder, up to the target loudness or the peak limit, whichever comes first
    assert takes.level_db(out) > takes.level_db(trimmed) + 6
    assert abs(takes.level_db(out) - takes.TARGET_RMS_DB) < 0.5 or abs(peak_db - takes.PEAK_DB) < 0.2
    assert peak_db <= takes.PEAK_DB + 0.01


def test_a_take_of_room_noise_only_is_empty():
    hiss = np.random.default_rng(2).integers(-20, 21, RATE * 3).astype(np.int16)
    assert len(takes.trim(hiss, RATE)) == 0
    assert len(takes.normalise(np.zeros(0, np.int16))) == 0


# -- the pack folder ------------------------------------------------------------------------
def test_a_recording_counts_only_for_the_text_it_says(tmp_path):
    recordings = Recordings(tmp_path)
    w = Wording("device/turn_long", "{sender}, close your turn, so {receiver} gets time.")
    roles = ("Sender", "Receiver")
    said = w.filled(*roles, 20)
    assert said == "Sender, close your turn, so Receiver gets time."
    recordings.save(w.id, said, np.ones(2205, np.int16), 22050)
    assert (tmp_path / "device" / "turn_long.wav").is_file()
    assert not [p for p in tmp_path.rglob(".new-*")]
    again = Recordings(tmp_path)  # read back from index.json
    table, missing = again.table([w], ("Sam", "Alex"), roles, 20)
    # played whoever is sending, for the names the device says
    assert set(table) == {"Sam, close your turn, so Alex gets time.",
                          "Alex, close your turn, so Sam gets time."} and missing == []
    edited = Wording(w.id, "{sender}, please close your turn.")
    assert again.table([edited], ("Sam", "Alex"), roles, 20) == ({}, [w.id])


def test_prompts_with_a_time_of_the_session_are_not_recordable():
    assert Wording("device/appoint_done", "See you at {time}.").fixed is False
    assert Wording("device/break", "Take {minutes} minutes, {sender}.").fixed is True


def test_the_recorded_renderer_prefers_the_recording_and_synthesizes_the_rest(tmp_path, caplog):
    class Synth:  # stands in for the synthesizer underneath
        def __init__(self):
            self.said = []

        def render(self, text):
            self.said.append(text)
            return np.zeros(10, np.int16), 22050

        def close(self):
            pass

    recordings = Recordings(tmp_path)
    recordings.save("device/end", "Goodbye.", np.full(100, 7, np.int16), 22050)
    synth = Synth()
    renderer = RecordedRenderer(synth, {"Goodbye.": recordings.path("device/end")})
    samples, rate = renderer.render("Goodbye.")
    assert rate == 22050 and list(samples[:3]) == [7, 7, 7] and synth.said == []
    renderer.render("Something else.")
    assert synth.said == ["Something else."]
    recordings.path("device/end").write_bytes(b"RIFF....")  # damaged on disk
    renderer.render("Goodbye.")
    assert synth.said[-1] == "Goodbye."
    assert "cannot be read" in caplog.text and "Traceback" not in caplog.text


def test_every_prompt_of_both_packs_has_a_name_free_reading():
    for lang in ("en", "ko"):
        pack = load_pack(lang)
        script = load_script(script_path("imago-dialogue", lang))
        roles = role_words(pack)
        for w in wordings(pack, script):
            if w.fixed:
                text = w.filled(*roles, 20)
                assert "{" not in text and all(n not in text for n in pack.names), (lang, w.id)


# -- end to end: the virtual microphone, then a session -------------------------------------
def wav_seconds(path):
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def contains(text):
    return lambda line: text in line


@pytest.mark.e2e
def test_record_then_a_session_plays_the_recordings(pulse, tmp_path):
    need_espeak()
    folder = tmp_path / "voices"
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent", XDG_STATE_HOME=str(tmp_path / "state"),
               TALKSTICK_LISTEN_DEVICE="pulse", TALKSTICK_VOICE_DEVICE="pulse",
               TALKSTICK_VOICE_ENGINE="espeak", **pulse.env)
    short, long = speech("Welcome, both of you."), speech(
        "This first take goes on for quite a while and it will not be kept at all.")
    again = speech("Let's pause here for a while.")
    record = Running(["record", "--lang", "en", "--pack", str(folder)], env, json=False)
    shown = []

    def next_prompt():
        shown.append(record.until(contains("[" + str(len(shown) + 1) + "/")).split()[1])
        record.until(contains("Enter: record"))

    try:
        next_prompt()                                     # the first: record it, keep it
        record.send("")
        record.until(contains("recording"))
        pulse.feed(np.concatenate([np.zeros(RATE // 2, np.int16), short]))
        record.until(contains("Enter: keep"))
        record.send("")
        record.until(contains("kept:"))
        next_prompt()                                     # the second: a take, a re-take, keep
        record.send("")
        record.until(contains("recording"))
        pulse.feed(long)
        record.until(contains("Enter: keep"))
        record.send("r")
        record.until(contains("recording"))
        pulse.feed(again)
        record.until(contains("Enter: keep"))
        record.send("")
        record.until(contains("kept:"))
        next_prompt()                                     # the third: skip
        record.send("s")
        next_prompt()                                     # the fourth: quit
        record.send("q")
        record.until(contains("done."))
        assert record.proc.wait(timeout=30) == 0
    finally:
        record.kill()
    assert shown[:2] == ["device/welcome", "device/break"]
    welcome, brk = folder / "device" / "welcome.wav", folder / "device" / "break.wav"
    skipped = folder.joinpath(*shown[2].split("/")).with_suffix(".wav")
    assert welcome.is_file() and brk.is_file() and not skipped.exists()
    # trimmed: the speech and a little margin, not the half second of room before it
    assert len(short) / RATE - 0.3 < wav_seconds(welcome) < len(short) / RATE + 0.45
    # the re-take was kept, not the first, longer take
    assert abs(wav_seconds(brk) - len(again) / RATE) < 0.45
    samples = np.frombuffer(wave.open(str(welcome)).readframes(10**7), np.int16)
    assert abs(takes.level_db(samples) - takes.TARGET_RMS_DB) < 1.5 or \
        np.abs(samples.astype(float)).max() > 0.85 * 32767
    listed = subprocess.run([sys.executable, "-m", "talkstick", "record", "--lang", "en",
                             "--pack", str(folder), "--missing"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert listed.returncode == 0
    assert f"{shown[2]}:" in listed.stdout and "device/welcome:" not in listed.stdout
    assert "device/break:" not in listed.stdout

    # A session with the pack: the welcome is the 1.5 s recording, not 7 s of synthesis.
    env["TALKSTICK_VOICE_RECORDINGS"] = str(folder)
    pulse.start_recording()
    session = Running(["run", "--headless", "--lang", "en", "--no-listen"], env, json=False)
    try:
        started = session.until(lambda line: '"prompt": "device.welcome"' in line)
        done = session.until(contains('"cause": "spoken:device.welcome"'))
        took = json.loads(done)["t"] - json.loads(started)["t"]
        log = session.finish("quit", timeout=30)
    finally:
        session.kill()
        heard = pulse.stop_recording()
    assert took < wav_seconds(welcome) + 1.5, f"the welcome took {took:.1f} s: synthesized?"
    assert has_sound(heard, min_ms=500)
    assert "recorded voice pack" in log and "2 of" in log and "record --missing" in log
    assert "Traceback" not in log


def test_the_device_finds_recordings_of_every_exercise_and_counts_the_missing(tmp_path, caplog):
    """The exercise may be chosen on the device from its menu: recordings of the pack's other
    scripts are played too; the count in the log is the chosen script's."""
    from talkstick.settings import load_settings
    from talkstick.shell.voices import voice_for

    pack = load_pack("en")
    chosen = load_script(script_path("imago-dialogue", "en"))
    other = next(load_script(p) for p in sorted(pack.folder.glob("*.toml"))
                 if p.name not in ("pack.toml", "phrases.toml") and p.stem != "imago-dialogue")
    roles = role_words(pack)
    recordings = Recordings(tmp_path)
    step = next(w for w in wordings(pack, other) if w.fixed and w.id.startswith(other.id + "/"))
    welcome = next(w for w in wordings(pack, chosen) if w.id == "device/welcome")
    for w in (step, welcome):
        recordings.save(w.id, w.filled(*roles, 20), np.ones(100, np.int16), 22050)
    settings = load_settings(environ={"TALKSTICK_VOICE_RECORDINGS": str(tmp_path),
                                      "XDG_STATE_HOME": str(tmp_path / "state")})
    voice = voice_for(settings, pack, chosen)
    assert "device/welcome" not in voice.missing and len(voice.missing) > 5
    expected = set(step.texts(pack.names, 20)) | set(welcome.texts(pack.names, 20))
    assert set(voice.recorded) == expected
    assert not expected & set(voice.warm)  # recorded: nothing to render ahead
    assert f"1 of {len(voice.missing) + 1} prompts recorded" in caplog.text
