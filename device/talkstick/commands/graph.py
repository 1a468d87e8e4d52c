"""`talkstick check --graph FILE`: a map of one script, as SVG or Graphviz dot."""

import sys
from pathlib import Path

from talkstick.errors import TalkstickError
from talkstick.script.chosen import load_chosen
from talkstick.script.files import SHARED
from talkstick.script.graph import dot, svg
from talkstick.script.steps import load_script
from talkstick.settings import load_settings
from talkstick.tomlfile.source import is_dir


def draw_graph(names, out):
    """Draw the one script among ``names`` (files or folders), or with none the script
    `talkstick run` would use, to ``out``: dot when it ends in .dot, else SVG."""
    script = _the_script(names)
    text = dot(script) if str(out).lower().endswith(".dot") else svg(script)
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as e:
        raise TalkstickError(f"{out}: cannot write the map: {e.strerror}") from None
    print(f"map of {script.path} written to {out}", file=sys.stderr)


def _the_script(names):
    if not names:
        return load_chosen(load_settings())[1]
    found = []
    for name in names:
        paths = sorted(Path(name).glob("*.toml")) if is_dir(name) else [Path(name)]
        found += [p for p in paths if p.name not in SHARED and _is_script(p)]
    if len(found) != 1:
        got = ", ".join(str(p) for p in found) or "none"
        raise TalkstickError(f"--graph draws one script; the files given hold {len(found)} "
                             f"({got}): name one script file, e.g. talkstick check "
                             "prompts/en/imago-dialogue.toml --graph map.svg")
    return load_script(found[0])


def _is_script(path):
    try:
        load_script(path)
    except TalkstickError:
        return False
    return True
