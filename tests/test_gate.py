import numpy as np

from talkstick.audio import RATE
from talkstick.hearing.gate import Gate


def tone(seconds, amplitude=3000):
    t = np.arange(int(RATE * seconds)) / RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def quiet(seconds, amplitude=20, seed=1):
    return np.random.default_rng(seed).normal(0, amplitude, int(RATE * seconds)).astype(np.int16)


def events(gate, audio, block=800):
    out = []
    for i in range(0, len(audio), block):
        out += [(k, t) for k, _, t in gate.push(audio[i:i + block])]
    return out


def test_a_word_opens_a_segment_with_pre_roll_and_closes_after_the_hangover():
    gate = Gate(hangover_s=0.18, preroll_s=0.2)
    marks = [e for e in events(gate, np.concatenate([quiet(1.0), tone(0.5), quiet(1.0)]))
             if e[0] != "audio"]
    assert [k for k, _ in marks] == ["start", "pause", "end"]
    assert abs(marks[0][1] - 0.8) < 0.03   # one pre-roll before the first loud frame at 1.0 s
    assert abs(marks[2][1] - 1.5) < 0.03   # the end is where the sound stopped, not the hangover


def test_short_pauses_inside_speech_do_not_split_it():
    gate = Gate(hangover_s=0.18, pause_s=0.08)
    audio = np.concatenate([quiet(0.5), tone(0.3), quiet(0.1), tone(0.3), quiet(1.0)])
    assert [k for k, _ in events(gate, audio) if k != "audio"] == ["start", "pause", "pause", "end"]


def test_a_pause_comes_before_the_end_so_decoding_can_overlap_the_hangover():
    gate = Gate(hangover_s=0.18, pause_s=0.08)
    heard, pos = [], 0
    for block in np.array_split(np.concatenate([quiet(0.5), tone(0.4), quiet(0.5)]), 45):
        pos += len(block)
        heard += [(k, pos / RATE) for k, _, _ in gate.push(block) if k in ("pause", "end")]
    (pause, paused_at), (end, ended_at) = heard
    assert (pause, end) == ("pause", "end")
    assert abs(paused_at - 0.98) < 0.03 and abs(ended_at - 1.08) < 0.03  # 80 ms, then 180 ms


def test_silence_is_never_passed_on():
    gate = Gate()
    assert events(gate, quiet(5.0)) == []


def test_the_noise_floor_follows_a_steady_hum():
    gate = Gate()
    hum = tone(3.0, amplitude=400)                 # louder than the fixed floor, but steady
    marks = [e for e in events(gate, hum) if e[0] != "audio"]
    # The gate starts as if the room had been quiet, so the hum opens one segment; once the
    # two-second window holds nothing but hum, the hum is the floor and the segment closes.
    assert [k for k, _ in marks] == ["start", "pause", "end"]
    assert marks[0][1] == 0.0
    assert abs(marks[2][1] - 2.0) < 0.03
    assert not gate.active
    voice = np.concatenate([tone(0.4, amplitude=6000), tone(1.0, amplitude=400)])
    marks = [e for e in events(gate, voice) if e[0] != "audio"]
    assert [k for k, _ in marks] == ["start", "pause", "end"]
    assert abs(marks[0][1] - (3.0 - gate.preroll_s)) < 0.03  # speech over the hum opens one
    assert abs(marks[2][1] - 3.4) < 0.03           # and the hum after it is quiet again


def test_open_s_counts_how_long_a_segment_has_been_open():
    gate = Gate()
    events(gate, quiet(1.0))
    assert gate.open_s == 0.0
    events(gate, tone(2.0))
    assert abs(gate.open_s - 2.0) < 0.05           # from its first loud frame
    events(gate, quiet(0.5))
    assert not gate.active and gate.open_s == 0.0  # closed: nothing is open
    events(gate, tone(1.0))
    gate.reset()                                   # the device speaks: the segment is over
    assert gate.open_s == 0.0


def test_end_after_shortens_this_segments_quiet_until_speech_comes_back():
    def ended_after(audio, at_pause):
        gate, heard, pos = Gate(hangover_s=0.18, pause_s=0.08), [], 0
        for block in np.array_split(audio, len(audio) // gate.frame):  # one frame at a time
            pos += len(block)
            for kind, _, _ in gate.push(block):
                if kind == "pause":
                    at_pause(gate)
                if kind == "end":
                    heard.append(round(pos / RATE, 2))
        return heard
    said = np.concatenate([quiet(0.5), tone(0.4), quiet(0.5)])
    assert ended_after(said, lambda gate: None) == [1.08]              # 0.18 s of quiet
    assert ended_after(said, lambda gate: gate.end_after(0.12)) == [1.02]
    assert ended_after(said, lambda gate: gate.end_after(0.01)) == [1.0]  # the frame after the pause
    # asked at the first pause only (0.98 s); speech comes back at 1.0 s and ends at 1.2 s
    again = np.concatenate([quiet(0.5), tone(0.4), quiet(0.1), tone(0.2), quiet(0.5)])
    asked = []
    def first_pause(gate):
        if not asked:
            asked.append(gate.end_after(0.12))
    assert ended_after(again, first_pause) == [1.38]  # 0.18 s of quiet again
    assert ended_after(said, lambda gate: (gate.end_after(0.3), gate.end_after(None))) == [1.08]
