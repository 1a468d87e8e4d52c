"""The history's plot: each partner's time per step of one session, drawn with matplotlib
(an optional extra: ``pip install 'talkstick[plot]'``)."""

from talkstick.errors import TalkstickError

COLORS = {"A": "#d95f02", "B": "#1b9e77", "both": "#999999"}


def step_minutes(entry):
    """(step ids in the order first reached, {who: [minutes per step]}): who is A, B, or
    "both" (the two together, or the device speaking); a step visited twice adds up."""
    order, spent = [], {}
    for s in entry.get("steps", []):
        step, who = s.get("step"), s.get("speaking")
        who = who if who in ("A", "B") else "both"
        if step not in order:
            order.append(step)
        spent[(step, who)] = spent.get((step, who), 0.0) + float(s.get("seconds", 0)) / 60
    return order, {who: [spent.get((step, who), 0.0) for step in order] for who in COLORS}


def plot_steps(entry, path):
    """Draw ``entry`` (one history record) to the PNG ``path``."""
    try:
        import matplotlib
    except ImportError:
        raise TalkstickError("--plot needs matplotlib, which is not installed; install it with: "
                             "pip install 'talkstick[plot]' (or: pip install matplotlib)") from None
    matplotlib.use("Agg")  # a file, no window: works on a Pi without a desktop
    from matplotlib import pyplot

    order, minutes = step_minutes(entry)
    figure, axes = pyplot.subplots(figsize=(max(6.0, 0.7 * len(order) + 2), 4.5))
    width = 0.27
    for n, (who, values) in enumerate(minutes.items()):
        label = {"A": "partner A", "B": "partner B", "both": "together / device"}[who]
        axes.bar([x + (n - 1) * width for x in range(len(order))], values, width, label=label,
                 color=COLORS[who])
    axes.set_xticks(range(len(order)), order, rotation=35, ha="right")
    axes.set_ylabel("minutes")
    axes.set_title(f"{entry.get('exercise', '')}, {str(entry.get('started', '')).replace('T', ' ')}"
                   "\ntime per step (a description of the session, not a score)", fontsize=10)
    axes.legend(frameon=False)
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=120)
    except OSError as e:
        raise TalkstickError(f"{path}: cannot write the plot: {e.strerror}") from None
    finally:
        pyplot.close(figure)
