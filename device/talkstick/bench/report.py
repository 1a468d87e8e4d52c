"""The benchmark's report: per design, per step, the tuning split beside the held-out split."""

import math

from talkstick.bench.noise import TALKING
from talkstick.bench.splits import HELD_OUT

TARGET_MINUTES = 30.0  # the talk per grammar issue 10's false-advance target is set on


def wilson(hits, n, z=1.96):
    """The 95 % interval of a hit rate from ``hits`` of ``n`` (Wilson's), in percent."""
    if not n:
        return 0.0, 100.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def rate(hits, n):
    """"33/78 42 % (32-53)": the hits, the rate and its 95 % interval (the sets are small: two
    designs whose intervals overlap are not told apart)."""
    if not n:
        return "-"
    low, high = wilson(hits, n)
    return f"{hits}/{n} {100 * hits / n:3.0f} % ({low:.0f}-{high:.0f})"


def cells(row):
    advancing = "-" if row["advancing"] is None else str(row["advancing"])
    return f"{rate(row['hits'], row['clips']):>22} {row['wrong']:>5} {advancing:>4} {row['false']:>5}"


def latency(row):
    if "median_ms" not in row:
        return "n/a"
    return f"{row['median_ms']:.0f} / {row['p95_ms']:.0f} ms"


def design_table(name, design, minutes):
    splits = list(design["steps"])
    lines = [f"design {name!r}: {design['about']}",
             f"{'':16}" + "".join(f"{'— ' + s + ' —':>39}" for s in splits),
             f"{'step':16}" + f"{'hits (95 % interval)':>23} {'wrong':>5} {'adv':>4} {'false':>5}"
             * len(splits)]
    for rows in zip(*design["steps"].values(), strict=True):
        lines.append(f"{rows[0]['step']:16}" + "".join(" " + cells(r) for r in rows))
    overall = [rows[-1] for rows in design["steps"].values()]
    lines.append(f"{'latency med/p95':16}" + "".join(f"{latency(r):>39}" for r in overall))
    for level in design["rooms"][splits[0]]:
        tallies = [design["rooms"][s].get(level, [0, 0]) for s in splits]
        # summed over the steps' grammars, which share clips: no interval (they are not independent)
        lines.append(f"{'hits, ' + level:16}" + "".join(
            f"{f'{h}/{n} {100 * h / n:3.0f} %' if n else '-':>39}" for h, n in tallies))
    for key in ("wordings", "voices"):
        for split in splits:
            lines.append(f"weakest {key}, {split}: {weakest(design.get(key, {}).get(split, {}))}")
    for split in splits:
        noises = design.get("noises", {}).get(split, {})
        lines.append(f"hits by room, {split}: " + ("; ".join(
            f"{kind} {100 * h / n:.0f} %" for kind, (h, n) in sorted(noises.items()) if n) or "-"))
    for split in splits:
        false = design.get("false_noises", {}).get(split, {})
        lines.append(f"false advances by room (the steps' grammars), {split}: " + ("; ".join(
            f"{kind} {f} in {n / 2:g} min" for kind, (f, n) in sorted(false.items())) or "-"))
    for split in splits:
        said = sorted(design.get("false_intents", {}).get(split, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append(f"false advances by intent heard (the steps' grammars), {split}: "
                     + ("; ".join(f"{intent} {n}" for intent, n in said) or "-"))
    for split in splits:
        rates = sorted(design.get("rates", {}).get(split, {}).items(), key=lambda kv: int(kv[0].split()[0]))
        lines.append(f"hits by speaking rate, {split}: " + ("; ".join(
            f"{r} {100 * h / n:.0f} %" for r, (h, n) in rates if n) or "-"))
    lines.append(f"(wrong: another intent heard first; adv: of those, ones the step's `on` table "
                 f"moves on where the intent said would not; false: detections in {minutes:g} "
                 "min of talk per grammar)")
    return lines


def weakest(tallies, count=4):
    """The wordings (or voices) heard least often over every step's grammar: where a better
    wording helps, and which voices the model hears worst."""
    ranked = sorted(tallies.items(), key=lambda item: item[1][0] / item[1][1] if item[1][1] else 1)
    return "; ".join(f"{w} {100 * h / n:.0f} %" for w, (h, n) in ranked[:count] if n) or "-"


def print_report(f):
    for name, design in f["designs"].items():
        print("\n".join(design_table(name, design, f["negative_minutes"])))
        ours = design["cost"]
        plain = design.get("plain", f["plain"])["cpu_per_audio_s"]
        print(f"CPU s per audio s over the session: {ours['cpu_per_audio_s']:.4f} vs "
              f"{plain:.4f} for the plain always-on loop fed beside it "
              f"({ratio(ours['cpu_per_audio_s'], plain):.2f}x); "
              f"audio decoded {100 * ours['fed_fraction']:.0f} %; peak memory above the model "
              f"{ours['peak_mb']:.1f} MB")
        if "cost_noisy" in design:
            noisy = design["cost_noisy"]["cpu_per_audio_s"]
            print(f"in a noisy room (the session with pink noise 10 dB under it): {noisy:.4f} "
                  f"({ratio(noisy, plain):.2f}x)")
        for line in target_lines(against_targets(design, plain, f["negative_minutes"])):
            print(line)
        print()
    for line in noisy_room_lines(f.get("noisy_room", {})):
        print(line)
    print(f"model resident: {f['model_mb']:.0f} MB")


def against_targets(design, plain, minutes):
    """Issue 10's targets beside the held-out split's figures: (target, figure, met) each.

    Hits are each step's with its own grammar. False advances are counted once per distinct
    grammar (steps that share a grammar hear the same talk), and none in less talk than the
    target is set on (``minutes`` a grammar) does not meet it. Advancing wrong intents are summed
    over the steps; latency is the all-intents row's, as the table prints it; CPU is the quiet
    session's against the plain loop fed beside it."""
    rows = design["steps"].get(HELD_OUT)
    if not rows:
        return []
    steps, overall, cost = rows[:-1], rows[-1], design["cost"]
    rates = [100 * r["hits"] / r["clips"] for r in steps if r["clips"]]
    false = sum(design.get("false_intents", {}).get(HELD_OUT, {}).values())
    advancing = sum(r["advancing"] or 0 for r in steps)
    cpu = ratio(cost["cpu_per_audio_s"], plain)
    met = []
    if rates:
        met.append(("hits per step >= 90 %", f"{min(rates):.0f}-{max(rates):.0f} %", min(rates) >= 90))
    met += [(f"0 false advances in {TARGET_MINUTES:g} min", f"{false} in {minutes:g}",
             false == 0 and minutes >= TARGET_MINUTES),
            ("0 advancing wrong intents", str(advancing), advancing == 0)]
    if "median_ms" in overall:
        met += [("latency median <= 200 ms", f"{overall['median_ms']:.0f} ms", overall["median_ms"] <= 200),
                ("latency p95 <= 400 ms", f"{overall['p95_ms']:.0f} ms", overall["p95_ms"] <= 400)]
    met += [("CPU <= 0.3x the plain loop", f"{cpu:.2f}x", cpu <= 0.3),
            ("<= 40 MB above the model", f"{cost['peak_mb']:.0f} MB", cost["peak_mb"] <= 40)]
    return met


def target_lines(met):
    """The held-out split against the targets, a line each, and how many are met."""
    if not met:
        return []
    width = max(len(target) for target, _, _ in met)
    return [f"held-out split against issue 10's targets ({sum(ok for *_, ok in met)} of "
            f"{len(met)} met; false advances summed over the distinct grammars, minutes of talk each):"] + [
        f"  {target:{width}}  {figure:>9}  {'met' if ok else 'not met'}" for target, figure, ok in met]


def ratio(cpu, plain):
    return cpu / plain if plain else 0


def noisy_room_lines(by_split):
    """Where the device said "noisy room" (a segment open NOISY_ROOM_S), per split: the rooms
    where other people talk (it should) against the others (it should not)."""
    lines = []
    for split, kinds in by_split.items():
        talking = [sum(kinds[k][i] for k in kinds if k in TALKING) for i in (0, 1)]
        other = [sum(kinds[k][i] for k in kinds if k not in TALKING) for i in (0, 1)]
        lines.append(f"noisy-room notice, {split}: in {talking[0]} of {talking[1]} half minutes of "
                     f"talk where others talk, {other[0]} of {other[1]} elsewhere (" + "; ".join(
                         f"{k} {h}/{n}" for k, (h, n) in sorted(kinds.items())) + ")")
    return lines
