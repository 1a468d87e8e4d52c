"""`talkstick bench`: detection latency, false advances, CPU and memory, against plain Vosk."""

from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.commands.numbers import number_in


@dataclass(frozen=True)
class BenchOptions:
    lang: str
    model: str | None
    negative_minutes: float
    session_minutes: float
    seed: int
    json: bool


def add_parser(sub):
    p = sub.add_parser(
        "bench", help="measure detection latency, false advances, CPU and memory",
        description="Generate a reproducible speech set with espeak-ng (several voices and "
        "speeds, phrases alone and inside longer speech, minutes of talk without any "
        "check-in phrase) and run the listener's core and a plain Vosk final-result loop on "
        "it, side by side. Prints latency (median, p95), hits, false advances per hour, CPU "
        "seconds per audio second over a simulated session, and peak memory above the model.\n\n"
        "example: talkstick bench --lang ko --negative-minutes 10")
    p.add_argument("--lang", default="ko", help="language pack and model (default: ko, the model "
                   "tests use)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.add_argument("--negative-minutes", type=number_in(0.5, 600), default=10.0, metavar="M",
                   help="minutes of speech with no check-in phrase, 0.5 to 600 (default 10)")
    p.add_argument("--session-minutes", type=number_in(0.5, 600), default=10.0, metavar="M",
                   help="length of the simulated session for the CPU figure, 0.5 to 600 (default 10)")
    p.add_argument("--seed", type=number_in(0, 2**32 - 1, int), default=7,
                   help="seed for the generated set, 0 or more (default 7)")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    p.set_defaults(command=Command(BenchOptions, run))


def run(options, stop):
    from talkstick.bench.measure import run_bench
    from talkstick.hearing.models import require_model
    from talkstick.script.pack import load_pack
    from talkstick.settings import load_settings

    pack = load_pack(options.lang)
    settings = load_settings(overrides={"--model": ("listen.model", options.model)})
    choice = require_model(options.lang, settings)
    run_bench(pack, choice.path, seed=options.seed, negative_minutes=options.negative_minutes,
              session_minutes=options.session_minutes, as_json=options.json)
    return 0
