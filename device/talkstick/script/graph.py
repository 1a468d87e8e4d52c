"""A map of a script: its steps and moves as SVG (drawn here, no dependency) or Graphviz dot.

Pure: a Script in, text out. Steps are laid out in layers by their distance from the start
(breadth first), ``end`` last as the terminal node; each arrow is labelled with the gestures,
intents or automatic moves (``spoken``, ``all_sent``) that take it.
"""

from collections import deque
from html import escape

from talkstick.core.vocabulary import END, ON_KEYS

BOX_H, ROW_GAP, COL_GAP, MARGIN, CHAR_W = 46, 84, 60, 30, 7.4
FONTS = "DejaVu Sans, Noto Sans CJK KR, NanumGothic, Malgun Gothic, sans-serif"  # Korean too
BACK_STEP = 22  # how far each arrow going back up swings out to the right


def moves(script):
    """[(from, to, [keys])], one per pair of steps, keys in the vocabulary's order."""
    pairs = {}
    for sid, step in script.steps.items():
        for key in sorted(step.on, key=lambda k: ON_KEYS.index(k) if k in ON_KEYS else len(ON_KEYS)):
            pairs.setdefault((sid, step.on[key]), []).append(key)
    return [(a, b, keys) for (a, b), keys in pairs.items()]


def layers(script):
    """Step ids by breadth-first depth from the start; ``end`` alone in the last layer; a step
    the start cannot reach (the checks refuse those) in the layer before it."""
    depth, todo = {script.start: 0}, deque([script.start])
    while todo:
        sid = todo.popleft()
        for target in script.steps[sid].on.values():
            if target != END and target in script.steps and target not in depth:
                depth[target] = depth[sid] + 1
                todo.append(target)
    rows = [[] for _ in range(max(depth.values()) + 1)]
    for sid in depth:
        rows[depth[sid]].append(sid)
    stray = [sid for sid in script.steps if sid not in depth]
    return rows + ([stray] if stray else []) + [[END]]


def dot(script):
    """The script as a Graphviz digraph."""
    lines = [f"digraph {_dot_id(script.id)} {{", f"  label={_dot_id(script.title)}; labelloc=t;",
             "  rankdir=TB; node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];",
             "  edge [fontname=\"sans-serif\", fontsize=10];"]
    for sid, step in script.steps.items():
        lines.append(f"  {_dot_id(sid)} [label={_dot_id(_caption(step, sid))}, "
                     f"fillcolor=\"{_fill(step.color)}\"{', penwidth=2' if sid == script.start else ''}];")
    lines.append(f"  {_dot_id(END)} [shape=doublecircle, fillcolor=\"#dddddd\"];")
    for a, b, keys in moves(script):
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)} [label={_dot_id(', '.join(keys))}];")
    return "\n".join(lines + ["}"]) + "\n"


def _dot_id(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _caption(step, sid):
    parts = [step.speaker + (", swap" if step.swap else "")]
    if step.timing.target:
        parts.append(f"target {_clock(step.timing.target)}")
    return f"{sid}\n{' · '.join(parts)}"


def _clock(seconds):
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _fill(color):
    """The step LED's colour, lightened so that the text stays readable."""
    r, g, b = (round(255 * (0.62 + 0.38 * c)) for c in color)
    return f"#{r:02x}{g:02x}{b:02x}"


# -- SVG ---------------------------------------------------------------------------------------

def svg(script):
    """The script as a stand-alone SVG picture."""
    rows = layers(script)
    boxes = _place(script, rows)
    pairs = moves(script)
    router = Router(boxes, [(a, b) for a, b, _ in pairs])
    drawn = [(a, b, keys, *router.route(a, b)) for a, b, keys in pairs]
    shift = max(0.0, -router.left)  # arrows routed left of the boxes: move it all right
    width = max(router.right, max(x + w for x, _, w in boxes.values())) + shift + MARGIN
    height = MARGIN * 2 + 30 + len(rows) * (BOX_H + ROW_GAP) - ROW_GAP
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONTS}" font-size="12">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
           'fill="#444"/></marker></defs>',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{MARGIN}" y="{MARGIN}" font-size="16" font-weight="bold">'
           f'{escape(script.title)} ({escape(script.id)})</text>',
           f'<g transform="translate({shift:.1f},0)">']
    labels = []
    for a, b, keys, path, (lx, ly) in drawn:
        out.append(f'<path d="{path}" fill="none" stroke="#444" stroke-width="1.3" '
                   f'marker-end="url(#arrow)"><title>{escape(a)} → {escape(b)}</title></path>')
        labels.append(_label(lx, ly, ", ".join(keys)))
    for sid, (x, y, w) in boxes.items():
        out.append(_node(script, sid, x, y, w))
    return "\n".join(out + labels + ["</g>", "</svg>"]) + "\n"


def _place(script, rows):
    """{step id: (x, y, width)}: each layer a row, centred on the widest row."""
    sizes = {sid: max(60.0, CHAR_W * max(len(line) for line in _lines(script, sid)) + 20)
             for row in rows for sid in row}
    spans = [sum(sizes[s] for s in row) + COL_GAP * (len(row) - 1) for row in rows]
    widest, boxes = max(spans), {}
    for depth, (row, span) in enumerate(zip(rows, spans, strict=True)):
        x, y = MARGIN + (widest - span) / 2, MARGIN + 30 + depth * (BOX_H + ROW_GAP)
        for sid in row:
            boxes[sid] = (x, y, sizes[sid])
            x += sizes[sid] + COL_GAP
    return boxes


def _lines(script, sid):
    return [sid] if sid == END else _caption(script.steps[sid], sid).split("\n")


def _node(script, sid, x, y, w):
    if sid == END:
        cx, cy = x + w / 2, y + BOX_H / 2
        return (f'<g><circle cx="{cx:.1f}" cy="{cy:.1f}" r="24" fill="#dddddd" stroke="#222" '
                f'stroke-width="1.5"/><circle cx="{cx:.1f}" cy="{cy:.1f}" r="19" fill="none" '
                f'stroke="#222"/><text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" '
                f'font-weight="bold">{END}</text></g>')
    step = script.steps[sid]
    title, detail = _lines(script, sid)
    stroke = 3 if sid == script.start else 1.2
    return (f'<g><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BOX_H}" rx="9" '
            f'fill="{_fill(step.color)}" stroke="#222" stroke-width="{stroke}"/>'
            f'<text x="{x + w / 2:.1f}" y="{y + 19:.1f}" text-anchor="middle" font-weight="bold">'
            f'{escape(title)}</text><text x="{x + w / 2:.1f}" y="{y + 36:.1f}" '
            f'text-anchor="middle" font-size="11" fill="#333">{escape(detail)}</text></g>')


class Router:
    """Routes each arrow so that it crosses no box: to the next row down as a curve from bottom
    to top; along a row between the facing sides; further down in a lane left of every box in
    between; back up in a lane right of them; to itself as a loop. Each lane is its own."""

    def __init__(self, boxes, pairs=()):
        self.boxes = boxes
        self.ports = _ports(boxes, pairs)
        self.left = min(x for x, _, _ in boxes.values())
        self.right = max(x + w for x, _, w in boxes.values())
        self.lanes = {"left": 0, "right": 0}

    def route(self, a, b):
        """(SVG path, label point) of the arrow from step ``a`` to step ``b``."""
        (sx, sy, sw), (tx, ty, tw) = self.boxes[a], self.boxes[b]
        if a == b:
            x, y = sx + sw, sy + BOX_H / 2
            self.right = max(self.right, x + 60)
            return _curve((x, y - 10), (x + 45, y - 30), (x + 45, y + 30), (x, y + 10), 0.5)
        rows = round((ty - sy) / (BOX_H + ROW_GAP))
        if rows == 0:  # along the row: rightwards over the top, leftwards under the bottom
            up = tx > sx
            y0, bump = (sy, -34) if up else (sy + BOX_H, 34)
            p0, p3 = (sx + sw * (0.75 if up else 0.25), y0), (tx + tw * (0.25 if up else 0.75), y0)
            return _curve(p0, (p0[0], y0 + bump), (p3[0], y0 + bump), p3, 0.5, lift=0)
        if rows == 1:
            out, into = self.ports[(a, b)]
            p0, p3 = (sx + sw * out, sy + BOX_H), (tx + tw * into, ty)
            bend = (ty - sy - BOX_H) / 2
            return _curve(p0, (p0[0], p0[1] + bend), (p3[0], p3[1] - bend), p3, 0.5)
        side = self._side(a, b, "left" if rows > 0 else "right")
        self.lanes[side] += 1
        top, bottom = min(sy, ty), max(sy, ty) + BOX_H
        between = [(x, w) for x, y, w in self.boxes.values() if top <= y < bottom]
        if side == "left":
            lane = min(x for x, _ in between) - BACK_STEP * self.lanes[side]
            self.left = min(self.left, lane - 70)
            p0, p3 = (sx, sy + BOX_H / 2), (tx, ty + BOX_H / 2)
        else:
            lane = max(x + w for x, w in between) + BACK_STEP * self.lanes[side]
            self.right = max(self.right, lane + 70)
            p0, p3 = (sx + sw, sy + BOX_H / 2), (tx + tw, ty + BOX_H / 2)
        return _lane(p0, p3, lane)


    def _side(self, a, b, rather):
        """The side whose lane crosses fewer boxes on the way out of ``a`` and into ``b``
        (the boxes beyond each on its row); ``rather`` when it is a tie."""
        def beyond(sid, side):
            x, y, _ = self.boxes[sid]
            return sum(1 for bx, by, _ in self.boxes.values()
                       if by == y and (bx > x if side == "right" else bx < x))

        cost = {side: beyond(a, side) + beyond(b, side) for side in ("left", "right")}
        other = "left" if rather == "right" else "right"
        return other if cost[other] < cost[rather] else rather


def _ports(boxes, pairs):
    """{(from, to): (where it leaves the bottom, where it enters the top)} as fractions of the
    boxes' widths, for arrows to the next row down: spread out, in the order of the far ends,
    so that arrows from one box (or into one) and their labels do not lie on top of each other."""
    step = BOX_H + ROW_GAP
    down = [(a, b) for a, b in pairs if a != b and round((boxes[b][1] - boxes[a][1]) / step) == 1]
    ports = {}
    for end, far in ((0, 1), (1, 0)):
        for node in {pair[end] for pair in down}:
            mine = sorted((p for p in down if p[end] == node), key=lambda p: boxes[p[far]][0])
            for n, pair in enumerate(mine):
                ports.setdefault(pair, [0.5, 0.5])[end] = (n + 1) / (len(mine) + 1)
    return ports


def _curve(p0, p1, p2, p3, t, lift=0.0):
    """A cubic Bézier and the point at ``t`` along it (raised by ``lift``) for its label."""
    u = 1 - t
    mid = tuple(u ** 3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t ** 3 * d
                for a, b, c, d in zip(p0, p1, p2, p3, strict=True))
    path = (f"M{p0[0]:.1f},{p0[1]:.1f} C{p1[0]:.1f},{p1[1]:.1f} {p2[0]:.1f},{p2[1]:.1f} "
            f"{p3[0]:.1f},{p3[1]:.1f}")
    return path, (mid[0], mid[1] - lift)


def _lane(p0, p3, lane):
    """Out sideways to the ``lane`` x, along it, and in to the target's side, corners rounded."""
    r = 12 if lane > p0[0] else -12
    down = 12 if p3[1] > p0[1] else -12
    path = (f"M{p0[0]:.1f},{p0[1]:.1f} H{lane - r:.1f} Q{lane:.1f},{p0[1]:.1f} {lane:.1f},"
            f"{p0[1] + down:.1f} V{p3[1] - down:.1f} Q{lane:.1f},{p3[1]:.1f} {lane - r:.1f},"
            f"{p3[1]:.1f} H{p3[0]:.1f}")
    return path, (lane, (p0[1] + p3[1]) / 2)


def _label(x, y, text):
    w = CHAR_W * 0.9 * len(text) + 8
    return (f'<g><rect x="{x - w / 2:.1f}" y="{y - 9:.1f}" width="{w:.1f}" height="16" rx="3" '
            f'fill="white" fill-opacity="0.9"/><text x="{x:.1f}" y="{y + 3:.1f}" '
            f'text-anchor="middle" font-size="10.5" fill="#1a4d8f">{escape(text)}</text></g>')
