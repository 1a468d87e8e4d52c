"""`talkstick soak`: hours of a session's sound through the real listener, watching for growth."""

from dataclasses import dataclass

from talkstick.commands.command import Command


@dataclass(frozen=True)
class SoakOptions:
    minutes: float
    every: float
    lang: str
    model: str | None
    seed: int


def add_parser(sub):
    p = sub.add_parser(
        "soak", help="run the listener over hours of generated speech; report memory growth",
        description="Feed generated speech (espeak-ng Korean talk, check-in phrases and the "
        "device's prompts) through the real listener (its worker thread, its queue and the "
        "recognizer with the real model) as fast as it decodes, switching the grammar step by "
        "step as a session does. Prints resident memory, threads and open files after a "
        "2-minute warm-up, every few minutes of audio and at the end, with the growth per hour "
        "of audio and how long it took. Ctrl-C ends it early with the figures so far. Not a "
        "test: a measurement to run now and then (an hour of audio takes some minutes).\n\n"
        "example: talkstick soak --minutes 60")
    p.add_argument("--minutes", type=float, default=60.0, metavar="M",
                   help="minutes of audio to feed after the warm-up (default 60)")
    p.add_argument("--every", type=float, default=5.0, metavar="M",
                   help="print the figures every M minutes of audio (default 5)")
    p.add_argument("--lang", default="ko", help="language pack and model (default: ko, the model "
                   "tests use)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.add_argument("--seed", type=int, default=7, help="seed for the generated speech (default 7)")
    p.set_defaults(command=Command(SoakOptions, run, graceful=True))


def run(options, stop):
    from talkstick.bench.soak import run_soak
    from talkstick.hearing.models import require_model
    from talkstick.script.pack import load_pack
    from talkstick.settings import load_settings

    pack = load_pack(options.lang)
    settings = load_settings(overrides={"--model": ("listen.model", options.model)})
    choice = require_model(options.lang, settings)
    run_soak(pack, choice.path, minutes=options.minutes, every_minutes=options.every,
             seed=options.seed, stop=stop)
    return 0
