"""`talkstick check --graph`: a map of every shipped script, as SVG (parsed as XML) and dot."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from talkstick.core.vocabulary import END
from talkstick.script.files import SHARED, shipped_files
from talkstick.script.graph import dot, layers, moves, svg
from talkstick.script.steps import load_script

SCRIPTS = [p for p in shipped_files() if p.name not in SHARED]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_svg_map_is_xml_with_every_step_and_every_move(path):
    script = load_script(path)
    root = ET.fromstring(svg(script))
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert set(script.steps) | {END} <= set(texts)
    arrows = [t.text for t in root.iter(f"{SVG}title")]
    expected = moves(script)
    assert sorted(arrows) == sorted(f"{a} → {b}" for a, b, _ in expected)
    for _, _, keys in expected:
        assert ", ".join(keys) in texts
    assert {k for step in script.steps.values() for k in step.on} == {k for *_, keys in expected
                                                                      for k in keys}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_two_boxes_overlap(path):
    script = load_script(path)
    boxes = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
             for r in ET.fromstring(svg(script)).iter(f"{SVG}rect") if r.get("rx") == "9"]
    assert len(boxes) == len(script.steps)
    for n, (x, y, w, h) in enumerate(boxes):
        for (x2, y2, w2, h2) in boxes[n + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_layers_follow_the_distance_from_the_start_and_end_is_last():
    script = load_script(SCRIPTS[0])
    rows = layers(script)
    assert rows[0] == [script.start] and rows[-1] == [END]
    assert sorted(sid for row in rows[:-1] for sid in row) == sorted(script.steps)


def test_the_dot_graph_has_every_move():
    script = load_script(SCRIPTS[0])
    text = dot(script)
    assert text.startswith(f'digraph "{script.id}" {{') and text.rstrip().endswith("}")
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]+)"\];$', text, re.M)
    assert edges == [(a, b, ", ".join(keys)) for a, b, keys in moves(script)]


def test_check_graph_writes_the_map_of_the_script_named(tmp_path):
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent")
    script = SCRIPTS[0]
    for name in ("map.svg", "map.dot"):
        proc = subprocess.run([sys.executable, "-m", "talkstick", "check", str(script), "--graph",
                               str(tmp_path / name)], capture_output=True, text=True, timeout=60,
                              env=env)
        assert proc.returncode == 0, proc.stderr
    assert ET.parse(tmp_path / "map.svg").getroot().tag == f"{SVG}svg"
    assert (tmp_path / "map.dot").read_text().startswith("digraph")
    two = subprocess.run([sys.executable, "-m", "talkstick", "check", str(script.parent),
                          "--graph", str(tmp_path / "x.svg")], capture_output=True, text=True,
                         timeout=60, env=env)
    assert two.returncode == 1 and "--graph draws one script" in two.stderr
