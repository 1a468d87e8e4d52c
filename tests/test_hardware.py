"""The hardware guide cannot drift: its pin tables, the committed wiring diagrams and the config
defaults are one and the same (regenerated and compared); its resistor values are recomputed
from the LEDs' forward voltages; its parts list adds up; the enclosure renders to a real STL."""

import os
import re
import shutil
import subprocess
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest

from parts import SETUP, require
from talkstick.commands.main import main
from talkstick.panel import diagram, header, resistors, wiring
from talkstick.settings import PanelSettings, load_settings

HARDWARE = Path(__file__).resolve().parents[1] / "hardware"
GUIDE = HARDWARE / "README.md"
BAR_EXAMPLE = (5, 6, 16, 26, 27, 25, 4, 7, 8, 9)  # as in tests/test_panel.py
REGENERATE = ("regenerate it: printf '' > /tmp/empty.toml; {env}.venv/bin/talkstick wiring "
              "--config /tmp/empty.toml --svg hardware/{name}")


def guide():
    return GUIDE.read_text(encoding="utf-8")


def table_rows(header_start, columns):
    """The cells of the rows of the first table whose header row starts with ``header_start``."""
    text = guide()
    rows = []
    for line in text[text.index(header_start):].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == columns, line
            rows.append(cells)
    return rows


# -- the header -----------------------------------------------------------------------------

def test_the_header_table_is_gpiozeros(mock_factory):
    pins = mock_factory.board_info.headers["J8"].pins
    assert header.HEADER == tuple(pins[n].name for n in range(1, 41))


@pytest.mark.parametrize(("name", "near", "expected"), [
    ("GND", [11], 9),  # same side, one row up, beats pin 14 (one row down, other side)
    ("GND", [32, 33], 34),
    ("GND", [15, 16, 18], 14),
    ("3V3", [15, 16, 18], 17),
    ("3V3", [3], 1),
    ("GND", [7], 9),  # two rows down on its own side, before pin 6 (a row up, across)
    ("GND", [32], 30),  # 30 and 34 are each a row away on its side: the lower number
])
def test_the_common_wire_goes_to_the_nearest_pin(name, near, expected):
    assert header.nearest(name, near) == expected


# -- resistors ------------------------------------------------------------------------------

# The test's own table: (colour, forward voltage, milliamps) -> ohms, as the guide shows them.
LEDS = [("red, orange, yellow, yellow-green", "2.0", 5, 270),
        ("blue, white, true green", "2.8", 5, 100),
        ("bar graph: red, yellow, yellow-green", "2.0", 2, 680),
        ("bar graph: blue, white, true green", "2.8", 2, 270)]
E12 = [10, 12, 15, 18, 22, 27, 33, 39, 47, 56, 68, 82]


def next_e12(ohms):
    return min(base * 10 ** power for base in E12 for power in range(6) if base * 10 ** power >= ohms)


def test_the_guides_resistor_table_is_recomputed_from_the_leds():
    rows = table_rows("| LED colour |", 6)
    assert [row[0] for row in rows] == [colour for colour, *_ in LEDS]
    for (colour, vf, ma, ohms), row in zip(LEDS, rows, strict=True):
        exact = (Decimal("3.3") - Decimal(vf)) / (Decimal(ma) / 1000)
        assert next_e12(exact) == ohms
        current = (Decimal("3.3") - Decimal(vf)) / ohms * 1000
        assert row == [colour, f"{vf} V", f"{ma} mA",
                       f"(3.3 − {vf}) / {Decimal(ma) / 1000} = {exact:.0f} Ω", f"**{ohms} Ω**",
                       f"{current:.1f} mA"], colour
        assert resistors.resistor(int(Decimal(vf) * 1000), ma) == ohms


@pytest.mark.parametrize(("ohms", "e12"), [(100, 100), (Decimal("100.001"), 120), (260, 270),
                                           (8, 10), (820, 820), (821, 1000), (99999, 100000)])
def test_resistors_round_up_to_the_next_e12_value(ohms, e12):
    assert resistors.e12_at_least(ohms) == e12 == next_e12(ohms)


def test_the_parts_list_has_the_resistors_the_wiring_uses():
    used = Counter(w.ohms for w in wiring.wires(PanelSettings()) if w.ohms)
    assert used == {270: 3, 100: 2}
    listed = {int(ohms): int(qty) for qty, ohms in
              re.findall(r"^\| (\d+) \| (\d+) Ω resistors", guide(), re.M)}
    assert listed == used
    bar = Counter(w.ohms for w in wiring.wires(PanelSettings(bargraph=BAR_EXAMPLE)) if w.group == "bar" and w.ohms)
    assert bar == {680: 10} and "ten 680 Ω resistors" in guide()


def test_the_guides_total_current_is_the_sum_over_every_led():
    total = sum(resistors.current_ma(resistors.BLUE_MV if w.ohms == 100 else resistors.RED_MV, w.ohms)
                for w in wiring.wires(PanelSettings(bargraph=BAR_EXAMPLE)) if w.ohms)
    assert f"**≈ {round(total)} mA**" in guide()
    assert total < 50


# -- the parts list -------------------------------------------------------------------------

def test_the_parts_list_adds_up():
    rows = table_rows("| qty | part |", 4)
    *parts, (_, total_label, _, total) = rows
    assert total_label == "**total**"
    prices = [Decimal(row[3]) for row in parts]
    assert sum(prices) == Decimal(total.strip("*"))
    assert "rough, 2026" in guide()


# -- the pin tables and the diagrams ---------------------------------------------------------

def test_the_guides_pin_tables_are_what_talkstick_wiring_prints():
    assert wiring.table(PanelSettings()) in guide()
    assert wiring.table(PanelSettings(bargraph=BAR_EXAMPLE), only="bar") in guide()


@pytest.mark.parametrize(("name", "panel", "env"), [
    ("wiring.svg", PanelSettings(), ""),
    ("wiring-bargraph.svg", PanelSettings(bargraph=BAR_EXAMPLE),
     f"TALKSTICK_PANEL_BARGRAPH={','.join(map(str, BAR_EXAMPLE))} ")])
def test_the_committed_diagrams_are_drawn_from_the_settings(name, panel, env):
    committed = (HARDWARE / name).read_text(encoding="utf-8")
    assert committed == diagram.svg(panel), REGENERATE.format(env=env, name=name)
    assert f"]({name})" in guide()


@pytest.mark.parametrize("panel", [
    PanelSettings(), PanelSettings(bargraph=BAR_EXAMPLE),
    PanelSettings(rgb_common_anode=True, button_pull_up=False, led_a=5, step_rgb=(18, 19, 20))])
def test_the_diagram_labels_every_wire_with_its_gpio_and_physical_pin(panel):
    drawn = diagram.svg(panel)
    assert drawn == diagram.svg(panel)  # the same bytes every time
    root = ElementTree.fromstring(drawn)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for w in wiring.wires(panel):
        assert str(w.physical) in texts
        assert any(t.split(" (")[0].split(") ")[-1] == w.pin for t in texts if t), w
        assert any(w.to in t for t in texts), w
        if w.ohms:
            assert f"{w.ohms} Ω" in texts
    assert sum(t.startswith("5V keep free") for t in texts) == 2


def test_a_common_anode_led_and_a_pull_down_button_go_to_3v3():
    wires = wiring.wires(PanelSettings(rgb_common_anode=True, button_pull_up=False))
    assert [(w.part, w.pin, w.physical) for w in wires if not w.key] == [
        ("button, other side", "3V3", 17), ("both turn LEDs", "GND", 34),
        ("step LED common anode", "3V3", 17)]


# -- talkstick wiring ---------------------------------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch):
    for name in [n for n in os.environ if n.startswith("TALKSTICK_")]:
        monkeypatch.delenv(name)


def test_the_command_prints_the_table_and_draws_the_diagram_of_a_config(tmp_path, capsys, clean_env):
    config = tmp_path / "config.toml"
    config.write_text("[panel]\nled_a = 5\nbargraph = [6, 16, 26]\nrgb_common_anode = true\n")
    out = tmp_path / "mine.svg"
    assert main(["wiring", "--config", str(config), "--svg", str(out)]) == 0
    panel = load_settings(config, environ={}).panel
    assert capsys.readouterr().out == wiring.table(panel)
    assert out.read_text(encoding="utf-8") == diagram.svg(panel)
    assert "| partner A turn LED | `led_a` | GPIO5 | 29 | 270 Ω |" in wiring.table(panel)


def test_the_command_refuses_a_bad_config_and_an_unwritable_file(tmp_path, capsys, clean_env):
    config = tmp_path / "config.toml"
    config.write_text("[panel]\nled_a = 17\n")
    assert main(["wiring", "--config", str(config)]) == 4
    assert "used twice" in capsys.readouterr().err
    config.write_text("")
    assert main(["wiring", "--config", str(config), "--svg", str(tmp_path / "no" / "x.svg")]) == 1
    assert "cannot write the diagram" in capsys.readouterr().err


def test_the_commands_help_teaches(capsys):
    with pytest.raises(SystemExit):
        main(["wiring", "--help"])
    text = capsys.readouterr().out
    for words in ("physical pin", "BCM", "TALKSTICK_PANEL_", "--svg", "examples:", "5V",
                  "hardware/README.md"):
        assert words in text


# -- the enclosure ------------------------------------------------------------------------------

def need_openscad():
    require("openscad", shutil.which("openscad") is not None, f"apt-get install openscad, {SETUP}")


def render(tmp_path, *defines):
    stl = tmp_path / "enclosure.stl"
    args = ["openscad", "-o", str(stl)] + [f"-D{d}" for d in defines] + [str(HARDWARE / "enclosure.scad")]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    return done, stl


def test_the_guides_enclosure_parameters_are_the_files():
    scad = (HARDWARE / "enclosure.scad").read_text()
    rows = table_rows("| parameter | default |", 3)
    assert len(rows) >= 10
    for names, default, _ in rows:
        names = re.findall(r"`(\w+)`", names)
        assert all(re.search(rf"^{name} = ", scad, re.M) for name in names), names
        if len(names) == 1:
            assert re.search(rf"^{names[0]} = {re.escape(default)};", scad, re.M), names


def test_the_enclosure_renders_to_an_stl_with_facets(tmp_path):
    need_openscad()
    started = time.monotonic()
    done, stl = render(tmp_path, 'part="both"')
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.monotonic() - started < 60
    text = stl.read_text()
    assert text.startswith("solid") and text.rstrip().endswith("endsolid OpenSCAD_Model")
    assert text.count("facet normal") > 1000
    xs = [float(v) for v in re.findall(r"vertex (\S+) ", text)]
    assert 200 < max(xs) - min(xs) < 230  # the box's length, from led_spacing = 180


def test_the_enclosure_refuses_parameters_that_do_not_fit(tmp_path):
    need_openscad()
    done, stl = render(tmp_path, "led_spacing=100")
    assert done.returncode != 0 and "raise led_spacing" in done.stderr
    assert not stl.exists()
