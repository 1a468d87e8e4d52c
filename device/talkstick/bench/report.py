"""The benchmark's report: per design, per step, the tuning split beside the held-out split."""

TARGETS = ("targets on the held-out split, per step: hits >= 90 %, 0 false advances, "
           "0 advancing wrong intents; latency median <= 200 ms, p95 <= 400 ms; "
           "CPU <= 0.3x the plain loop; <= 40 MB above the model")


def hits(row):
    if not row["clips"]:
        return "-"
    return f"{row['hits']}/{row['clips']} {100 * row['hits'] / row['clips']:3.0f} %"


def cells(row):
    advancing = "-" if row["advancing"] is None else str(row["advancing"])
    return f"{hits(row):>14} {row['wrong']:>5} {advancing:>4} {row['false']:>5}"


def latency(row):
    if "median_ms" not in row:
        return "n/a"
    return f"{row['median_ms']:.0f} / {row['p95_ms']:.0f} ms"


def design_table(name, design, minutes):
    splits = list(design["steps"])
    lines = [f"design {name!r}: {design['about']}",
             f"{'':16}" + "".join(f"{'— ' + s + ' —':>31}" for s in splits),
             f"{'step':16}" + f"{'hits':>15} {'wrong':>5} {'adv':>4} {'false':>5}" * len(splits)]
    for rows in zip(*design["steps"].values(), strict=True):
        lines.append(f"{rows[0]['step']:16}" + "".join(" " + cells(r) for r in rows))
    overall = [rows[-1] for rows in design["steps"].values()]
    lines.append(f"{'latency med/p95':16}" + "".join(f"{latency(r):>31}" for r in overall))
    for level in design["rooms"][splits[0]]:
        tallies = [design["rooms"][s].get(level, [0, 0]) for s in splits]
        lines.append(f"{'hits, ' + level:16}" + "".join(
            f"{f'{h}/{n} {100 * h / n:3.0f} %' if n else '-':>31}" for h, n in tallies))
    lines.append(f"(wrong: another intent heard first; adv: of those, ones the step's `on` table "
                 f"moves on where the intent said would not; false: detections in {minutes:g} "
                 "min of talk per grammar)")
    return lines


def print_report(f):
    plain = f["plain"]
    for name, design in f["designs"].items():
        print("\n".join(design_table(name, design, f["negative_minutes"])))
        ours = design["cost"]
        ratio = ours["cpu_per_audio_s"] / plain["cpu_per_audio_s"] if plain["cpu_per_audio_s"] else 0
        print(f"CPU s per audio s over the session: {ours['cpu_per_audio_s']:.4f} vs "
              f"{plain['cpu_per_audio_s']:.4f} for the plain always-on loop ({ratio:.2f}x); "
              f"audio decoded {100 * ours['fed_fraction']:.0f} %; peak memory above the model "
              f"{ours['peak_mb']:.1f} MB")
        print()
    print(f"model resident: {f['model_mb']:.0f} MB. {TARGETS}")
