"""`talkstick bench`: recognition on a tuning and a held-out split, false advances, CPU, memory."""

import json
from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.commands.numbers import number_in
from talkstick.errors import ConfigError

# the designs of bench/designs.py (not imported here: `--help` stays quick), then "both" and "all";
# the default is the device's own (designs.DEVICE)
DESIGN_CHOICES = ("before", "trim", "cleaned", "nearforms", "denoised", "short", "after", "guard",
                  "floor", "apart", "inner", "calm", "ahead", "answer", "beside", "paced", "brisk",
                  "wary", "agreed", "asked", "kept", "patient", "lenient", "brief", "early", "lasting",
                  "follow", "wide", "steady", "spared", "narrow", "quick", "both", "all")


@dataclass(frozen=True)
class BenchOptions:
    lang: str
    model: str | None
    negative_minutes: float | None  # None (and below): the default of what runs, bench or screen
    session_minutes: float
    clips_per_wording: int | None
    design: str
    seed: int
    json: bool
    voice: bool = False
    screen: list | None = None  # [intent, wording…]
    ceiling: bool = False


def add_parser(sub):
    p = sub.add_parser(
        "bench", help="measure recognition on tuning and held-out speech, false advances, CPU, memory",
        description="Generate a reproducible speech set with espeak-ng and grade the listener's "
        "recognition on it, per step of the default script (with that step's grammar) and with "
        "every intent at once. The set has two splits fixed by --seed: a tuning split and a "
        "held-out split with other voices, speaking rates (110-200 wpm), pitches and room "
        "noises (pink, brown, hum, a street, and other people talking: each split has a talking "
        "room of its own voices; quiet, 20, 10 and 5 dB). Designs are judged on the "
        "tuning split; the held-out split is reported beside it. Per step: hits, wrong intents, "
        "wrong intents that move the step on (by the script's `on` table), false advances in "
        "minutes of talk with no check-in phrase; then latency (median, p95), CPU against a "
        "plain always-on Vosk loop over a simulated session, and memory above the model. "
        "Progress goes to stderr. The full run (the defaults: the device's own design) takes "
        "about 45 minutes on 2 cores.\n\n"
        "example: talkstick bench --lang ko\n"
        "example: talkstick bench --negative-minutes 1 --clips-per-wording 1 --design after\n"
        'example: talkstick bench --lang ko --screen no "아니 예요" "틀렸 어요"\n'
        "example: talkstick bench --lang ko --ceiling")
    p.add_argument("--lang", default="ko", help="language pack and model (default: ko, the model "
                   "tests use)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (default: found as for run)")
    p.add_argument("--negative-minutes", type=number_in(0.5, 600), metavar="M",
                   help="minutes of talk with no check-in phrase per split, heard with every "
                   "step's grammar, 0.5 to 600 (default 30: the figure the targets are set on; "
                   "8 with --screen)")
    p.add_argument("--session-minutes", type=number_in(0.5, 600), default=10.0, metavar="M",
                   help="length of the simulated session for the CPU figure, 0.5 to 600 (default 10)")
    p.add_argument("--clips-per-wording", type=number_in(1, 100, int), metavar="N",
                   help="positive clips per wording per split, 1 to 100 (default 6; 24 with --screen)")
    p.add_argument("--design", choices=DESIGN_CHOICES, default="lasting",
                   help="before: the recognition as issue 10 found it; trim: stop 13's phrase "
                   "guard and gate on the audio as it comes; cleaned: stop 14's (trim's, with "
                   "WebRTC gain and noise suppression first); nearforms: cleaned's, with "
                   "near-forms of the wordings in the filler; denoised: nearforms', with RNNoise "
                   "first in a noisy room; short: stop 15's (denoised's, with a one-syllable "
                   "wording heard in a noisy room only at 0.95); after: stop 18's (short's, "
                   "with the edge trim never letting go of a filler word); guard: trim's phrase "
                   "guard with before's gate and talk limit; floor: after's, with the room judged "
                   "noisy over five seconds, not two (graded, not taken); apart: after's, with one "
                   "doubtful word inside a wording let go, and wordings that share no word "
                   "between intents a step tells apart (graded, not taken); inner: after's, with "
                   "apart's inner trim only; calm: stop 20's (apart's, with the one long pause "
                   "wording); ahead: calm's, with the decode finished at the first pause "
                   "when it may be a wording (graded, not taken); answer: calm's, with a lone "
                   "\"네\" taken only as the first thing said after the device spoke or heard a "
                   "check-in (graded, not taken); beside: calm's, with one extra word beside a "
                   "wording of three syllables or more let go however sure, unless it is a filler "
                   "word (graded, not taken); paced: beside's, with the speaking-rate check over "
                   "the wording's own words where the gate heard less (graded, not taken); brisk: "
                   "calm's, with an utterance that is no wording heard again 12 %% faster (a wording "
                   "of two syllables or more taken from it; graded, not taken); wary: brisk's, "
                   "with no second hearing where the first heard a filler word at an edge "
                   "(graded, not taken); agreed: calm's, with an utterance that is no wording, "
                   "where the first hearing was unsure, heard again 12, 6 and 18 %% faster and "
                   "taken if two of those agree on a wording the first hearing's words did not "
                   "hold (graded, not taken); asked: calm's, with "
                   "\"지금 좋아요\" the one appointment wording: not the question's own words, nor "
                   "talk's \"좋아요\" (graded, not taken); kept: as it was from stop 28 to 31 "
                   "(calm's without the question's own words, \"지금 괜찮 아요\"); patient: kept's, "
                   "with an utterance given up as talk only once a partial holds two words past "
                   "the longest wording (slow speech; graded, not taken); lenient: kept's, with a "
                   "wording of three syllables or more taken with one word as unsure as 0.5 "
                   "(graded, not taken); brief: kept's, with an utterance over after 0.14 s of "
                   "quiet, not 0.18 (graded, not taken); early: kept's, with an utterance over "
                   "after 0.12 s of quiet where its decode at the first pause is already a whole "
                   "wording of two syllables or more; lasting: early's, with an utterance whose "
                   "decode at a pause is the first words of a wording over only after 0.26 s: as "
                   "it is now, since stop 32; follow: lasting's, with the partial result looked at "
                   "again at each frame of quiet after the pause (graded, not taken); wide: "
                   "lasting's, with 155 everyday words more in the filler, none said in the "
                   "bench's talk (graded, not taken); steady: lasting's, with the room judged "
                   "noisy over five seconds, not two, for RNNoise and suppression, and a lone \"네\" "
                   "held to 0.95 as lasting holds it (graded, not taken); spared: lasting's, with no "
                   "RNNoise on the rest of an utterance once it is given up as talk (graded, not "
                   "taken); narrow: lasting's, decoding with a beam of 8 and at most 2000 active "
                   "states, not the model's 10 and 3000 (graded, not taken); quick: "
                   "after's, with an utterance over after 0.12 s of quiet, not 0.18; both: "
                   "after and calm side by side; all: the thirty-two. A wording two "
                   "designs share is heard on the same clips by both")
    p.add_argument("--seed", type=number_in(0, 2**32 - 1, int), default=7,
                   help="seed for the splits and the generated set, 0 or more (default 7)")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    p.add_argument("--voice", action="store_true",
                   help="instead: the voice's event-to-first-sound (median, p95) without and with "
                   "the prompt cache, over every prompt of the pack's default script, as the "
                   "config's voice.engine speaks (--lang chooses the pack; a few minutes)")
    p.add_argument("--screen", nargs="+", metavar=("INTENT", "WORDING"),
                   help="instead: screen wordings for one intent (the pack's own and these) on "
                   "the tuning split only, each heard alone for it with the grammar of the step "
                   "that listens for the most intents beside it, by --design: hits, those in a "
                   "quiet room, wrong intents, talk taken for it, median latency (a few minutes; "
                   "`talkstick phrases --lang ko` lists the intents)")
    p.add_argument("--ceiling", action="store_true",
                   help="instead: the most any design could hear with this model, per step on "
                   "both splits: every clip cut to its phrase (a perfect gate) and decoded once "
                   "with no guard, in its room and dry, raw and through the device's front end (either "
                   "counts), with the device's grammar and with the "
                   "step's wordings alone; heard when the best hypothesis holds the intent alone, "
                   "and when any of the 10 best holds it; beside it the design's live listener, and "
                   "the reasons it gave where it missed what the cut held (--clips-per-wording, "
                   "--seed, --design; about 20 minutes on 2 cores)")
    p.set_defaults(command=Command(BenchOptions, run))


def run(options, stop):
    if options.voice:
        return run_voice(options)
    if options.screen:
        return run_screen(options)
    if options.ceiling:
        return run_ceiling(options)
    from talkstick.bench.measure import run_bench

    pack, choice = pack_and_model(options)
    designs = {"both": ("after", "calm"), "all": DESIGN_CHOICES[:-2]}.get(
        options.design, (options.design,))
    run_bench(pack, choice.path, seed=options.seed, session_minutes=options.session_minutes,
              designs=designs, as_json=options.json, **sizes(options))
    return 0


def run_screen(options):
    """`bench --screen`: bench/screen.py, wordings for one intent on the tuning split."""
    from talkstick.bench.screen import check_candidates, screen

    pack, model = one_design(options, "--screen")
    intent, *wordings = options.screen
    figures = screen(pack, model, intent, check_candidates(pack, model, intent, wordings),
                     seed=options.seed, design=options.design, **sizes(options))
    print_screen(figures, options.json)
    return 0


def run_ceiling(options):
    """`bench --ceiling`: bench/ceiling.py, what the model can hear at best."""
    from talkstick.bench.ceiling import ceiling

    pack, model = one_design(options, "--ceiling")
    given = sizes(options)
    given.pop("negative_minutes", None)  # no talk: false advances need the live listener
    figures = ceiling(pack, model, seed=options.seed, design=options.design, **given)
    print_ceiling(figures, options.json)
    return 0


def one_design(options, flag):
    """The pack and the model, loaded with the decoder of the one design ``flag`` hears."""
    from talkstick.bench.designs import DESIGNS
    from talkstick.hearing.models import load_model

    if options.design in ("both", "all"):
        raise ConfigError(f"{flag} hears one design, not {options.design!r}: leave --design out "
                          "(the device's) or name one")
    pack, choice = pack_and_model(options)
    return pack, load_model(choice.path, DESIGNS[options.design].decoder)


def sizes(options):
    """The set's sizes the user gave; the rest are the defaults of what runs (``run_bench``'s
    and ``screen``'s: a screen hears more clips of fewer wordings, in less talk)."""
    given = {"negative_minutes": options.negative_minutes, "per_wording": options.clips_per_wording}
    return {name: value for name, value in given.items() if value is not None}


def pack_and_model(options):
    """The ``--lang`` pack, and the model ``run`` would find for it (or ``--model``)."""
    from talkstick.hearing.models import require_model
    from talkstick.script.pack import load_pack
    from talkstick.settings import load_settings

    settings = load_settings(overrides={"--model": ("listen.model", options.model)})
    return load_pack(options.lang), require_model(options.lang, settings)


def run_voice(options):
    """`bench --voice`: bench/voice.py, beside the recognition benchmark."""
    from talkstick.bench.voice import run_voice_bench
    from talkstick.script.chosen import load_chosen
    from talkstick.settings import load_settings

    settings = load_settings(overrides={"--lang": ("dialogue.language", options.lang)})
    pack, script = load_chosen(settings)
    run_voice_bench(pack, script, engine=settings.voice.engine,
                    device=settings.voice.device or None, as_json=options.json)
    return 0


def print_screen(figures, as_json=False):
    """The screen's table, padded by terminal columns (a Korean wording takes two a syllable)."""
    from talkstick.frontends.columns import pad, width

    rows = figures["rows"]
    names = [r["wording"] + ("  (pack)" if r["pack"] else "") for r in rows]
    columns = max(map(width, [*names, "wording"]))
    print(f"Wordings of {figures['intent']!r}, tuning split only (seed {figures['seed']}), design "
          f"{figures['design']}, heard beside "
          f"{', '.join(i for i in figures['beside'] if i != figures['intent'])}:")
    print(f"{pad('wording', columns)} {'heard':>8} {'quiet room':>10} {'wrong':>6} "
          f"{'talk taken for it':>17} {'for any':>7} {'median':>7}")
    for name, r in zip(names, rows, strict=True):
        median = f"{r['median_ms']:.0f} ms" if r["median_ms"] is not None else "–"
        print(f"{pad(name, columns)} {r['hits']:>3}/{r['clips']:<4} {r['quiet'][0]:>5}/{r['quiet'][1]:<4} "
              f"{r['wrong']:>6} {r['talk_taken']:>17} {r['talk_taken_any']:>7} {median:>7}")
    print(f"Talk: {figures['negative_minutes']:g} minutes, none of the wordings in it. A screen is "
          "tuning: judge a pack changed by it with `talkstick bench`, whose held-out split no "
          "screen hears.")
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))


def print_ceiling(figures, as_json=False):
    """Per grammar, per step: the share heard at best, in the clip's room and dry, tuning split
    beside held-out; the live listener beside the device's grammar."""
    splits = list(figures["splits"])
    print(f"The most any design could hear with this model (seed {figures['seed']}, "
          f"clips a wording: {figures['per_wording']}, design {figures['design']}'s wordings): each "
          "clip cut to its phrase and decoded once, no guard. best: the best hypothesis holds the "
          f"intent and no other the step listens for; any: one of the {figures['alternatives']} "
          "best holds it; live: the design's listener, hearing the whole clip.")
    for kind, about in (("device", "the device's (its wordings and filler)"),
                        ("wordings", "the step's wordings alone")):
        live = kind == "device"
        head = (f"{'clips':>6}" + (f" {'live':>5}" if live else "")
                + f" {'room best':>9} {'any':>5} {'dry best':>8} {'any':>5}")
        print(f"\nGrammar: {about}")
        print(f"{'':16}" + "".join(f"   {'— ' + s + ' —':^{len(head)}}" for s in splits))
        print(f"{'step':16}" + f"   {head}" * len(splits))
        for rows in zip(*(figures["splits"][s]["steps"] for s in splits), strict=True):
            print(f"{rows[0]['step']:16}" + "".join(f"   {ceiling_cells(r, kind, live)}" for r in rows))
    print("\nThe device's grammar, summed over the steps (best, any, clip-steps):")
    for split in splits:
        rows = figures["splits"][split]["steps"][:-1]
        total = sum(r["clips"] for r in rows)
        fronts = "; ".join(f"{room} {front} " + "/".join(
            str(sum(r[f"device {room} {front} {n}"] for r in rows)) for n in ("best", "any"))
            for room in ("room", "dry") for front in ("raw", "cleaned"))
        rooms = figures["splits"][split]["rooms"]
        print(f"  {split}, by front end: {fronts} (of {total})")
        print(f"  {split}, in its room, by room (either; raw; cleaned): " + ", ".join(
            f"{room} " + "; ".join("/".join(map(str, t[f])) for f in ("either", "raw", "cleaned"))
            + f" of {t['clips']}" for room, t in sorted(rooms.items())))
        against = figures["splits"][split]["live"]
        reasons = ", ".join(f"{reason} {n}" for reason, n in
                            sorted(against["reasons"].items(), key=lambda item: -item[1]))
        print(f"  {split}, the live listener against the cut through its front end (best): both "
              f"{against['both']}, the cut only {against['cut only']} (the guard's reasons: "
              f"{reasons or 'none'}), live only {against['live only']}, neither {against['neither']}")
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))


def ceiling_cells(row, kind, live=False):
    n = row["clips"]
    share = (lambda key: f"{100 * row[key] / n:.0f} %") if n else (lambda key: "-")
    return (f"{n:>6}" + (f" {share('live'):>5}" if live else "")
            + f" {share(kind + ' room best'):>9} {share(kind + ' room any'):>5} "
            f"{share(kind + ' dry best'):>8} {share(kind + ' dry any'):>5}")
