"""The room's floor: when the denoiser and the cleaner's suppression take the room for noisy."""

from hypothesis import given
from hypothesis import strategies as st

from talkstick.hearing.floor import FRAME_S, RoomFloor


def heard(floor, level, frames):
    return [floor.hear(level) for _ in range(frames)]


def test_a_new_listener_in_a_noisy_room_is_ready_after_two_seconds():
    floor = RoomFloor(window_s=5.0)
    assert heard(floor, 100.0, 199) == [False] * 199
    assert floor.hear(100.0) is True and floor.noisy


def test_over_five_seconds_talk_must_run_five_without_a_pause_to_pass_for_noise():
    floor = RoomFloor(window_s=5.0)
    heard(floor, 5.0, 300)                     # a quiet room
    assert not any(heard(floor, 2000.0, 499))  # 4.99 s of talk without a 10 ms pause
    assert floor.hear(2000.0) is True          # five seconds: that is the room


def test_one_quiet_10_ms_makes_the_room_quiet_at_once():
    floor = RoomFloor()
    heard(floor, 100.0, 600)
    assert floor.noisy
    assert floor.hear(10.0) is False


def test_the_device_judges_over_two_seconds():
    floor = RoomFloor()
    heard(floor, 5.0, 300)
    assert heard(floor, 2000.0, 200)[-2:] == [False, True]


@given(st.lists(st.floats(0.0, 100.0), max_size=400), st.integers(1, 60), st.integers(1, 60))
def test_the_floor_is_the_quietest_level_in_the_window(levels, window, settle):
    floor = RoomFloor(noisy_rms=30.0, window_s=window * FRAME_S, settle_s=settle * FRAME_S)
    for n, level in enumerate(levels, 1):
        noisy = floor.hear(level)
        quietest = min(levels[max(0, n - window):n])
        assert floor.level == quietest
        assert noisy == (n >= min(settle, window) and quietest > 30.0)
