"""The panel on gpiozero's own mock pins: button gestures in (Button), LED pin levels out (Lamps)."""

import itertools
import queue
import re
import threading
import time
from pathlib import Path

import pytest

from talkstick.core.actions import Lights
from talkstick.core.events import Gesture
from talkstick.errors import TalkstickError
from talkstick.panel.button import Button
from talkstick.panel.lamps import Lamps, breath
from talkstick.settings import PanelSettings, load_settings

OFF = (0.0, 0.0, 0.0)
DARK = Lights(turn=("off", "off"), color=OFF, step_mode="off")
BAR = (5, 6, 16, 19, 20)


@pytest.fixture
def factory(mock_factory):
    return mock_factory


@pytest.fixture
def clock(fake_clock):
    return fake_clock


@pytest.fixture
def posted():
    return queue.Queue()


def make_button(factory, posted, clock=time.monotonic, **changes):
    return Button(PanelSettings(**changes), posted.put, clock=clock, pin_factory=factory)


def make_lamps(factory, **changes):
    return Lamps(PanelSettings(**changes), pin_factory=factory)


def next_gesture(posted, timeout=2.0):
    return posted.get(timeout=timeout)


def wait_until(predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def tap(pin, clock, down_at, up_at):
    clock.now = down_at
    pin.drive_low()
    clock.now = up_at
    pin.drive_high()


# -- the button ---------------------------------------------------------------------------


def test_a_press_is_posted_once_the_double_window_has_passed(factory, posted, clock):
    with make_button(factory, posted, clock):
        button = factory.pin(17)
        tap(button, clock, 10.0, 10.1)
        clock.now = 10.6
        # stamped with the clock after the window: it was not posted before
        assert next_gesture(posted) == Gesture("press", 10.6)


def test_two_quick_presses_are_one_double(factory, posted, clock):
    with make_button(factory, posted, clock):
        button = factory.pin(17)
        tap(button, clock, 1.0, 1.1)
        tap(button, clock, 1.3, 1.4)
        clock.now = 1.9  # no third press in the window: it stands as a double
        assert next_gesture(posted) == Gesture("double", 1.9)
        clock.now = 5.0
        tap(button, clock, 5.0, 5.1)  # a sentinel: nothing else came in between
        clock.now = 6.0
        assert next_gesture(posted) == Gesture("press", 6.0)


def test_three_quick_presses_are_one_triple_at_the_third_release(factory, posted, clock):
    with make_button(factory, posted, clock):
        button = factory.pin(17)
        for down, up in ((1.0, 1.1), (1.3, 1.4), (1.6, 1.7)):
            tap(button, clock, down, up)
        assert next_gesture(posted) == Gesture("triple", 1.7)
        clock.now = 5.0
        tap(button, clock, 5.0, 5.1)  # a sentinel: nothing else came in between
        clock.now = 6.0
        assert next_gesture(posted) == Gesture("press", 6.0)


def test_a_hold_is_posted_while_the_button_is_still_down(factory, posted, clock):
    with make_button(factory, posted, clock):
        button = factory.pin(17)
        clock.now = 1.0
        button.drive_low()
        clock.now = 3.0
        assert next_gesture(posted) == Gesture("hold", 3.0)
        assert button.state is False  # not released: someone who needs a break gets it at once
        clock.now = 3.5
        button.drive_high()
        tap(button, clock, 4.0, 4.1)  # a sentinel: the release itself posted nothing
        clock.now = 5.0
        assert next_gesture(posted) == Gesture("press", 5.0)


def test_hold_then_long_hold_are_posted_while_still_held_and_the_release_says_nothing(factory, posted, clock):
    with make_button(factory, posted, clock):
        button = factory.pin(17)
        clock.now = 1.0
        button.drive_low()
        clock.now = 2.6
        assert next_gesture(posted) == Gesture("hold", 2.6)
        clock.now = 6.0
        assert next_gesture(posted) == Gesture("long_hold", 6.0)
        assert button.state is False  # still held
        clock.now = 7.0
        button.drive_high()
        tap(button, clock, 8.0, 8.1)
        clock.now = 9.0
        assert next_gesture(posted) == Gesture("press", 9.0)


def test_a_pull_down_button_presses_when_driven_high(factory, posted, clock):
    with make_button(factory, posted, clock, button=27, button_pull_up=False):
        button = factory.pin(27)
        clock.now = 1.0
        button.drive_high()
        clock.now = 1.1
        button.drive_low()
        clock.now = 2.0
        assert next_gesture(posted) == Gesture("press", 2.0)


def test_gestures_on_the_real_clock(factory, posted):
    """What ships: time.monotonic and the worker's own pace, no fake clock."""
    with make_button(factory, posted, double_press_s=0.15, hold_s=0.5, long_hold_s=2.0):
        button = factory.pin(17)
        started = time.monotonic()
        button.drive_low()
        button.drive_high()
        gesture = next_gesture(posted)
        assert gesture.kind == "press" and gesture.at - started >= 0.15
        button.drive_low()
        time.sleep(0.6)
        button.drive_high()
        assert next_gesture(posted).kind == "hold"


# -- the lights ---------------------------------------------------------------------------


def test_turn_leds_steady_then_off_at_the_set_brightness(factory):
    with make_lamps(factory, brightness=0.5) as lamps:
        a, b = factory.pin(12), factory.pin(13)
        lamps.show(Lights(turn=("steady", "off"), color=OFF, step_mode="off"))
        assert (a.state, b.state) == (0.5, 0.0)
        lamps.show(Lights(turn=("off", "steady"), color=OFF, step_mode="off"))
        assert (a.state, b.state) == (0.0, 0.5)
        a.assert_states([0.0, 0.5, 0.0])
        assert len(a.states) == 3
        b.assert_states([0.0, 0.5])
        assert len(b.states) == 2


def test_unchanged_lights_write_nothing_and_start_no_thread(factory):
    lights = Lights(turn=("breathing", "steady"), color=(1.0, 0.0, 0.0), step_mode="blink", bar=0.5)
    with make_lamps(factory, bargraph=BAR) as lamps:
        lamps.show(lights)
        threads = set(threading.enumerate())
        writes = len(factory.pin(13).states), len(factory.pin(16).states)
        for _ in range(20):
            lamps.show(lights)
            lamps.show(Lights(turn=lights.turn, color=lights.color, step_mode="blink", bar=0.5001))
        assert set(threading.enumerate()) == threads
        assert (len(factory.pin(13).states), len(factory.pin(16).states)) == writes


def test_breathing_rises_and_stops_at_the_brightness(factory):
    with make_lamps(factory, brightness=0.4) as lamps:
        a = factory.pin(12)
        lamps.show(Lights(turn=("breathing", "off"), color=OFF, step_mode="off"))
        wait_until(lambda: any(0.3 < s.state <= 0.4 for s in a.states))
        assert max(s.state for s in a.states) <= 0.4
        assert len({s.state for s in a.states}) > 10  # a fade, not a blink
        lamps.show(DARK)
        assert a.state == 0.0
        count = len(a.states)
        time.sleep(0.1)  # several breath steps: the breath has really stopped
        assert len(a.states) == count


def test_a_breath_goes_from_dark_to_the_peak_and_back():
    values = list(itertools.islice(breath(0.5, period_s=2.0, fps=10), 40))
    assert values[:20] == values[20:]  # it repeats every period
    assert values[0] == 0.0 and max(values) == pytest.approx(0.5) and values.index(max(values)) == 10
    assert values[1:11] == sorted(values[1:11]) and values[10:20] == sorted(values[10:20], reverse=True)


def test_step_colour_is_scaled_by_brightness(factory):
    with make_lamps(factory, brightness=0.5) as lamps:
        r, g, b = (factory.pin(n) for n in (22, 23, 24))
        lamps.show(Lights(turn=("off", "off"), color=(1.0, 0.5, 0.0), step_mode="steady"))
        assert (r.state, g.state, b.state) == (0.5, 0.25, 0.0)
        lamps.show(DARK)
        assert (r.state, g.state, b.state) == (0.0, 0.0, 0.0)


def test_common_anode_rgb_is_driven_inverted(factory):
    with make_lamps(factory, rgb_common_anode=True) as lamps:
        r, g, b = (factory.pin(n) for n in (22, 23, 24))
        assert (r.state, g.state, b.state) == (1.0, 1.0, 1.0)  # dark
        lamps.show(Lights(turn=("off", "off"), color=(1.0, 0.0, 0.25), step_mode="steady"))
        assert (r.state, g.state, b.state) == (0.0, 1.0, 0.75)


def test_blink_turns_the_step_led_off_and_on_again(factory):
    with make_lamps(factory) as lamps:
        g = factory.pin(23)
        lamps.show(Lights(turn=("off", "off"), color=(0.0, 1.0, 0.0), step_mode="blink"))
        wait_until(lambda: len(g.states) >= 4)
        g.assert_states([0.0, 1.0, 0.0, 1.0])
        lamps.show(Lights(turn=("off", "off"), color=(0.0, 1.0, 0.0), step_mode="steady"))
        assert g.state == 1.0


def test_pulse_fades_the_step_led(factory):
    with make_lamps(factory, brightness=0.8) as lamps:
        b = factory.pin(24)
        lamps.show(Lights(turn=("off", "off"), color=(0.0, 0.0, 1.0), step_mode="pulse"))
        wait_until(lambda: any(0.0 < s.state < 0.8 for s in b.states))
        wait_until(lambda: any(s.state == pytest.approx(0.8) for s in b.states))
        assert max(s.state for s in b.states) == pytest.approx(0.8)


@pytest.mark.parametrize("fraction, levels", [
    (1.0, [1, 1, 1, 1, 1]), (0.5, [1, 1, 0.5, 0, 0]), (0.2, [1, 0, 0, 0, 0]),
    (0.0, [0, 0, 0, 0, 0]), (None, [0, 0, 0, 0, 0]), (1.7, [1, 1, 1, 1, 1]),
])
def test_bar_graph_shows_the_fraction_left(factory, fraction, levels):
    with make_lamps(factory, bargraph=BAR, brightness=0.5) as lamps:
        lamps.show(Lights(turn=("off", "off"), color=OFF, step_mode="off", bar=0.6))
        lamps.show(Lights(turn=("off", "off"), color=OFF, step_mode="off", bar=fraction))
        assert [factory.pin(n).state for n in BAR] == [0.5 * v for v in levels]


def test_without_a_bar_graph_the_bar_is_ignored(factory):
    with make_lamps(factory) as lamps:
        assert lamps.bar is None
        lamps.show(Lights(turn=("off", "off"), color=OFF, step_mode="off", bar=0.5))
        assert all(len(factory.pin(n).states) == 1 for n in BAR)


@pytest.mark.parametrize("lights", [
    Lights(turn=("dancing", "off"), color=OFF, step_mode="off"),
    Lights(turn=("off", "off"), color=(1.0, 0.0, 0.0), step_mode="disco"),
    Lights(turn=("off",), color=OFF, step_mode="off"),
])
def test_unknown_modes_are_refused(factory, lights):
    with make_lamps(factory) as lamps, pytest.raises(ValueError):
        lamps.show(lights)


# -- building and closing -----------------------------------------------------------------


def test_close_stops_the_worker_and_frees_the_pins(factory, posted):
    button, lamps = make_button(factory, posted), make_lamps(factory)
    assert button.alive()
    lamps.show(Lights(turn=("breathing", "off"), color=(1.0, 0.0, 0.0), step_mode="pulse"))
    button.close()
    lamps.close()
    assert not button.alive() and not button.thread.is_alive()
    make_button(factory, posted).close()  # the same pins can be claimed again
    make_lamps(factory).close()


def test_a_pin_that_cannot_be_opened_is_a_talkstick_error_and_frees_the_rest(factory, posted):
    with pytest.raises(TalkstickError, match=r"\[panel\] pins"):
        make_lamps(factory, bargraph=(5, 99))
    make_lamps(factory, bargraph=(5, 6)).close()
    with pytest.raises(TalkstickError, match=r"button: .*\[panel\] pins"):
        make_button(factory, posted, button=99)


def test_the_default_pin_factory_is_gpiozeros(factory, posted):
    with Button(PanelSettings(), posted.put) as button, Lamps(PanelSettings()) as lamps:
        assert button.button.pin_factory is factory
        lamps.show(Lights(turn=("steady", "off"), color=OFF, step_mode="off"))
        assert factory.pin(12).state == 1.0


# -- the hardware guide -------------------------------------------------------------------

GUIDE = Path(__file__).resolve().parents[1] / "hardware" / "README.md"
# The guide's bar graph, first segment first. It keeps clear of I²S (GPIO 18-21), I²C (2, 3),
# the HAT ID EEPROM (0, 1), the serial console (14, 15) and the default pins.
BAR_EXAMPLE = [5, 6, 16, 26, 27, 25, 4, 7, 8, 9]
KEEP_FREE = {0, 1, 2, 3, 14, 15, 18, 19, 20, 21}


def guide_rows(columns):
    """The cells of every Markdown table row in the guide with ``columns`` columns."""
    rows = []
    for line in GUIDE.read_text().splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == columns:
                rows.append(cells)
    return rows


def guide_pin_rows():
    """(key, pin, physical pin) for each row of the guide's pin tables: the [panel] key for a
    GPIO ("step_rgb"), "" for a ground or 3.3 V wire."""
    rows = [cells for cells in guide_rows(6)
            if re.fullmatch(r"GPIO\d+|GND|3V3", cells[2]) and cells[3].isdigit()]
    return [(re.match(r"`(\w+)`", key)[1] if key else "", pin, int(physical))
            for _, key, pin, physical, _, _ in rows]


def test_the_guides_pin_tables_match_the_header_and_the_defaults(factory):
    rows = guide_pin_rows()
    assert len(rows) == 9 + 11  # the defaults, then the ten-segment bar graph and its ground
    header = factory.board_info.headers["J8"].pins
    for _, pin, physical in rows:
        assert header[physical].name == pin, f"pin {physical} is {header[physical].name}, the guide says {pin}"
    by_key = {}
    for key, pin, _ in rows:
        if key:
            by_key.setdefault(key, []).append(int(pin.removeprefix("GPIO")))
    d = PanelSettings()
    assert (by_key["button"], by_key["led_a"], by_key["led_b"]) == ([d.button], [d.led_a], [d.led_b])
    assert by_key["step_rgb"] == list(d.step_rgb)
    assert by_key["bargraph"] == BAR_EXAMPLE
    assert [pin for key, pin, _ in rows if not key] == ["GND"] * 4


def test_the_guides_bar_graph_keeps_clear_of_audio_boards_and_of_the_defaults():
    d = PanelSettings()
    taken = KEEP_FREE | {d.button, d.led_a, d.led_b, *d.step_rgb}
    assert len(set(BAR_EXAMPLE)) == 10 and not set(BAR_EXAMPLE) & taken


def test_the_guides_other_pin_numbers_are_where_it_says(factory):
    """The "pins to keep free" and the amplifier's tables: GPIO numbers and physical pins agree."""
    gpio = {pin.name: number for number, pin in factory.board_info.headers["J8"].pins.items()}
    free = [(c[0], c[1]) for c in guide_rows(3) if re.fullmatch(r"[\d, ]+", c[0] + c[1])]
    assert {int(n) for numbers, _ in free for n in numbers.split(",")} >= KEEP_FREE
    for numbers, places in free:
        assert [gpio[f"GPIO{n.strip()}"] for n in numbers.split(",")] == [int(p) for p in places.split(",")]
    amplifier = [(c[1], int(c[2])) for c in guide_rows(3) if re.fullmatch(r"GPIO\d+", c[1])]
    assert [name for name, _ in amplifier] == ["GPIO18", "GPIO19", "GPIO21"]
    assert all(gpio[name] == physical for name, physical in amplifier)


def test_the_guides_panel_section_is_a_valid_config_with_the_defaults(tmp_path):
    block = re.search(r"```toml\n(\[panel\]\n.*?)```", GUIDE.read_text(), re.S).group(1)
    config = tmp_path / "config.toml"
    config.write_text(block)
    assert load_settings(config, environ={}).panel == PanelSettings()
    assert f"bargraph = []              # e.g. {BAR_EXAMPLE[:5]}" in block
    config.write_text(block.replace("bargraph = []", f"bargraph = {BAR_EXAMPLE[:5]}"))
    assert load_settings(config, environ={}).panel.bargraph == tuple(BAR_EXAMPLE[:5])
