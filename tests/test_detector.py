"""The recognition core on the real Korean Vosk model, fed espeak-ng speech."""

import json
import subprocess
import sys
import wave

import numpy as np
import pytest

from rooms import room
from talkstick.audio import RATE
from talkstick.bench import corpus
from talkstick.bench.measure import step_intents
from talkstick.commands.detect import detections
from talkstick.core.vocabulary import INTENTS
from talkstick.hearing.detector import NOISY_ROOM_S, Detector
from talkstick.script.pack import load_pack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def model(ko_model):
    return ko_model


@pytest.fixture(scope="module")
def pack():
    return load_pack("ko")


def heard(model, pack, audio, intents=INTENTS):
    detector = Detector(model, pack.phrases, filler=pack.filler)
    detector.listen_for(intents)
    return list(detections(detector, audio))


def alone(text, voice="ko", speed=160):
    return np.concatenate([corpus.silence(0.6), corpus.synth(text, voice, speed), corpus.silence(0.2)])


# Intents whose first wording is not recognised reliably from espeak-ng's Korean voices by the
# small model. got_it_all since the audio is cleaned first (hearing/cleaner.py): "빠진 거 있어요"
# from the voices ko, ko+f2 and ko+m3 at 140-180 wpm, 5 of 15 heard against 10 of 15 raw (its
# first word, a tense "빠", comes back as "것"); "놓친 거 있어요" was worse either way (2 of 15).
# The summary step also takes "제대로 들었어요", and the benchmark's tuning split as a whole
# gained with the cleaning (per step and all at once: see the README).
WEAK = ("got_it_all",)


def test_each_intent_is_heard_from_its_first_wording(model, pack):
    missed = []
    for intent, wordings in pack.phrases.items():
        if intent in WEAK:
            continue
        found = heard(model, pack, alone(wordings[0]), step_intents(pack, intent))
        if [d.intent for d in found] != [intent]:
            missed.append((intent, wordings[0], [d.intent for d in found]))
    assert missed == []


def test_most_wordings_in_most_voices_are_heard_right_and_none_wrong(model, pack):
    right = wrong = total = 0
    for intent, wordings in pack.phrases.items():
        for wording in wordings:
            for voice in corpus.KO_VOICES:
                total += 1
                audio = alone(wording, voice)
                found = [d.intent for d in heard(model, pack, audio, step_intents(pack, intent))]
                right += found == [intent]
                wrong += any(f != intent for f in found)
    assert wrong == 0
    assert right / total >= 0.75, f"{right} of {total}"  # measured: 82 % with espeak-ng voices


def test_two_minutes_of_talk_without_a_phrase_advance_nothing(model, pack):
    avoid = [w for ws in pack.phrases.values() for w in ws]
    talk = corpus.talk(corpus.seeded(11), 120, avoid)
    assert heard(model, pack, talk) == []


@pytest.mark.parametrize("kind", ["chatter", "babble"])
def test_other_people_talking_in_the_room_is_a_noisy_room_and_talk_at_the_table_is_not(
        model, pack, kind):
    detector = Detector(model, pack.phrases, filler=pack.filler)
    detector.listen_for(INTENTS)
    list(detections(detector, room(None, 30)))
    assert not detector.noisy_room                 # a speaker at the table pauses for breath
    detector = Detector(model, pack.phrases, filler=pack.filler)
    detector.listen_for(INTENTS)
    list(detections(detector, room(kind, 30)))
    assert detector.noisy_room                     # their talk fills the pauses: never closed
    assert NOISY_ROOM_S <= detector.noisy_room_at <= 30


def test_a_phrase_set_apart_inside_longer_speech_with_its_timing(model, pack):
    rng = corpus.seeded(3)
    avoid = [w for ws in pack.phrases.values() for w in ws]
    gap = corpus.silence(0.7)
    timed = 0
    for wording in pack.phrases["yes"]:
        before, after = corpus.talk(rng, 6, avoid), corpus.talk(rng, 4, avoid)
        phrase = corpus.synth(wording)
        audio = np.concatenate([before, gap, phrase, gap, after, corpus.silence(1.0)])
        found = heard(model, pack, audio, ("is_there_more", "thats_all", "yes", "no"))
        assert [d.intent for d in found] in (["yes"], [])
        start = (len(before) + len(gap)) / RATE
        end = start + len(phrase) / RATE
        for d in found:
            assert abs(d.start - start) < 0.3 and abs(d.end - end) < 0.3
            assert 0 < d.at - end < 0.5
            timed += 1
    assert timed >= 2, f"heard {timed} of {len(pack.phrases['yes'])} wordings"


def test_only_the_intents_listened_for_are_heard(model, pack):
    audio = alone(pack.phrases["thats_all"][0])
    assert heard(model, pack, audio, ("yes", "no")) == []


def test_nothing_is_fed_to_the_recognizer_when_not_listening_or_in_silence(model, pack):
    detector = Detector(model, pack.phrases, filler=pack.filler)
    list(detections(detector, alone(pack.phrases["yes"][0])))
    assert detector.fed_s == 0
    detector.listen_for(("yes",))
    list(detections(detector, corpus.silence(5)))
    assert detector.fed_s == 0


def test_detect_command_prints_one_json_object_per_detection(model, pack, tmp_path):
    audio = np.concatenate([alone(pack.phrases["is_there_more"][0]), corpus.silence(0.5),
                            alone(pack.phrases["yes"][0]), corpus.silence(0.5)])
    path = tmp_path / "take.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(audio.tobytes())
    proc = subprocess.run([sys.executable, "-m", "talkstick", "detect", str(path), "--lang", "ko",
                           "--step", "more"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [x["intent"] for x in lines] == ["is_there_more", "yes"]
    assert set(lines[0]) == {"intent", "text", "start", "end", "at"}
    assert lines[0]["start"] < lines[0]["end"] < lines[0]["at"]
    assert "other people talk" not in proc.stderr


def test_detect_says_on_stderr_when_others_talk_in_the_recordings_room(model, tmp_path):
    path = tmp_path / "cafe.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(room("babble", 30).tobytes())
    proc = subprocess.run([sys.executable, "-m", "talkstick", "detect", str(path), "--lang", "ko"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if "other people talk" in line]
    assert len(said) == 1 and said[0].startswith("talkstick: at ")
    assert all(json.loads(line) for line in proc.stdout.splitlines())  # stdout stays detections


@pytest.mark.parametrize("name, why", [
    ("notes.wav", "cannot read as a 16-bit PCM WAV file (file does not start with RIFF id)"),
    ("missing.wav", "cannot open this file (No such file or directory)"),
    (".", "cannot open this file (Is a directory)"),
])
def test_detect_refuses_a_file_it_cannot_read_as_a_usage_error_naming_it(tmp_path, name, why):
    (tmp_path / "notes.wav").write_text("not audio")
    path = tmp_path / name
    proc = subprocess.run([sys.executable, "-m", "talkstick", "detect", str(path), "--lang", "ko"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2  # the user's argument, not an audio device (6)
    assert proc.stderr.splitlines() == [f"talkstick: {path}: {why}"]
