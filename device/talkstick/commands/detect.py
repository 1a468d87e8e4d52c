"""`talkstick detect FILE.wav`: the listener's own core on a recording, block by block."""

import json
import sys
import wave
from dataclasses import dataclass

import numpy as np

from talkstick.audio import BLOCK_S, RATE, read_wav, resample
from talkstick.commands.command import Command
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import TalkstickError

USAGE = 2  # as argparse exits for a bad argument: the file named is the user's to fix


class UnreadableFile(TalkstickError, ValueError):
    """The WAV file given is missing, unreadable or not 16-bit PCM."""


@dataclass(frozen=True)
class DetectOptions:
    wav: str
    lang: str
    step: str | None
    intents: str | None
    model: str | None


def add_parser(sub):
    p = sub.add_parser(
        "detect", help="find check-in phrases in a WAV file, as the live listener would",
        description="Run the listener's recognition core on a WAV file, streamed in "
        "the same block size as live audio, and print one JSON object per detection: intent, "
        "text, start and end (audio seconds of the words) and at (when the event fired). A "
        "room where other people talk, which keeps the gate open 10 s, is said once on stderr. "
        "Useful to try a model, a phrase list or a microphone recording.\n\n"
        "example: talkstick detect take1.wav --lang ko --step more")
    p.add_argument("wav", metavar="FILE.wav", help="16-bit PCM WAV (16 kHz mono is best; "
                   "other rates are resampled, stereo averaged)")
    p.add_argument("--lang", default="en", help="language pack whose phrases to listen for")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--step", help="listen for what this step of the default script acts on")
    which.add_argument("--intents", help="comma-separated intents (default: all of them)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.set_defaults(command=Command(DetectOptions, run))


def read_samples(path):
    """int16 mono samples at 16 kHz: stereo is averaged, other rates resampled."""
    try:
        samples, rate = read_wav(str(path))
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot open this file ({e.strerror or e})") from None
    except (EOFError, ValueError, wave.Error) as e:
        why = f" ({e})" if str(e) else ""
        raise UnreadableFile(f"{path}: cannot read as a 16-bit PCM WAV file{why}") from None
    return resample(samples, rate, RATE)


def detections(detector, samples, block_s=BLOCK_S):
    block = int(RATE * block_s)
    for i in range(0, len(samples), block):
        yield from detector.feed(samples[i:i + block])
    yield from detector.feed(np.zeros(int(RATE * 0.5), dtype=np.int16))  # let the last one end


def intents_for(options, pack):
    from talkstick.script.steps import load_script

    if options.step:
        script = load_script(pack.folder / "imago-dialogue.toml")
        if options.step not in script.steps:
            raise TalkstickError(f"no step {options.step!r} (steps: {', '.join(script.steps)})")
        return script.steps[options.step].listens
    if options.intents:
        chosen = tuple(i.strip() for i in options.intents.split(",") if i.strip())
        unknown = [i for i in chosen if i not in INTENTS]
        if unknown:
            raise TalkstickError(f"unknown intent(s) {', '.join(unknown)} (known: {', '.join(INTENTS)})")
        return chosen
    return INTENTS


def run(options, stop):
    from talkstick.hearing.detector import NOISY_ROOM_S, Detector
    from talkstick.hearing.models import load_model, require_model, vet_model
    from talkstick.script.pack import load_pack
    from talkstick.settings import load_settings

    pack = load_pack(options.lang)
    intents = intents_for(options, pack)
    try:
        samples = read_samples(options.wav)
    except UnreadableFile as e:
        print(f"talkstick: {e}", file=sys.stderr)
        return USAGE
    settings = load_settings(overrides={"--model": ("listen.model", options.model)})
    choice = require_model(options.lang, settings)
    # a damaged model can crash libvosk: vetted (its manifest, or a trial load in a child
    # process) before this process loads it
    vet_model(choice.path, pack.wordings(), stop=stop)
    detector = Detector(load_model(choice.path), pack.phrases, filler=pack.filler)
    detector.listen_for(intents)
    for hit in detections(detector, samples):
        print(json.dumps({"intent": hit.intent, "text": hit.text, "start": round(hit.start, 3),
                          "end": round(hit.end, 3), "at": round(hit.at, 3)}, ensure_ascii=False),
              flush=True)
    if detector.noisy_room:
        print(f"talkstick: at {detector.noisy_room_at:.1f} s the gate had been open "
              f"{NOISY_ROOM_S:g} s: other people talk in this recording's room, where check-ins "
              "are seldom heard (the device says so once, and the button moves on)", file=sys.stderr)
    return 0
