"""`talkstick detect FILE.wav`: the listener's own core on a recording, block by block."""

import json
import wave

import numpy as np

from talkstick.errors import AudioError, TalkstickError
from talkstick.gate import RATE
from talkstick.listener import BLOCK_S


def add_detect_command(sub):
    p = sub.add_parser(
        "detect", help="find check-in phrases in a WAV file, as the live listener would",
        description="Run the listener's recognition core on a WAV file, streamed in "
        "the same block size as live audio, and print one JSON object per detection: intent, "
        "text, start and end (audio seconds of the words) and at (when the event fired). "
        "Useful to try a model, a phrase list or a microphone recording.\n\n"
        "example: talkstick detect take1.wav --lang ko --step more")
    p.add_argument("wav", metavar="FILE.wav", help="16-bit PCM WAV (16 kHz mono is best; "
                   "other rates are resampled, stereo averaged)")
    p.add_argument("--lang", default="en", help="language pack whose phrases to listen for")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--step", help="listen for what this step of the default script acts on")
    which.add_argument("--intents", help="comma-separated intents (default: all of them)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.set_defaults(run=run_detect)


def read_samples(path):
    """int16 mono samples at 16 kHz: stereo is averaged, other rates resampled."""
    from talkstick.wav import read_wav, resample

    try:
        samples, rate = read_wav(str(path))
    except (OSError, EOFError, ValueError, wave.Error) as e:
        raise AudioError(f"{path}: cannot read as a 16-bit PCM WAV file ({e})") from None
    return resample(samples, rate, RATE)


def detections(detector, samples, block_s=BLOCK_S):
    block = int(RATE * block_s)
    for i in range(0, len(samples), block):
        yield from detector.feed(samples[i:i + block])
    yield from detector.feed(np.zeros(int(RATE * 0.5), dtype=np.int16))  # let the last one end


def intents_for(args, pack):
    from talkstick.pack import INTENTS
    from talkstick.script import load_script

    if args.step:
        script = load_script(pack.folder / "imago-dialogue.toml")
        if args.step not in script.steps:
            raise TalkstickError(f"no step {args.step!r} (steps: {', '.join(script.steps)})")
        return script.steps[args.step].listens
    if args.intents:
        chosen = tuple(i.strip() for i in args.intents.split(",") if i.strip())
        unknown = [i for i in chosen if i not in INTENTS]
        if unknown:
            raise TalkstickError(f"unknown intent(s) {', '.join(unknown)} (known: {', '.join(INTENTS)})")
        return chosen
    return INTENTS


def run_detect(args):
    import os

    from talkstick.detector import Detector
    from talkstick.models import load_model, require_model
    from talkstick.pack import load_pack

    pack = load_pack(args.lang)
    intents = intents_for(args, pack)
    samples = read_samples(args.wav)
    choice = require_model(args.lang, flag=args.model, environ=os.environ)
    detector = Detector(load_model(choice.path), pack.phrases, filler=pack.filler)
    detector.listen_for(intents)
    for hit in detections(detector, samples):
        print(json.dumps({"intent": hit.intent, "text": hit.text, "start": round(hit.start, 3),
                          "end": round(hit.end, 3), "at": round(hit.at, 3)}, ensure_ascii=False),
              flush=True)
    return 0
