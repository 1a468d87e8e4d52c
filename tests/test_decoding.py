"""When the detector decodes: only utterances short enough to be a check-in, at their first pause
(and, with ``settle_at_pause``, finishes the decode there when it may be a wording).

A recording stand-in for Vosk's recognizer (the Detector's ``recognizer`` seam) shows what
would have been decoded; the real model is exercised in test_detector.py.
"""

import json

import numpy as np

from talkstick.audio import RATE
from talkstick.hearing.detector import Detector


def tone(seconds, amplitude=3000):
    t = np.arange(int(RATE * seconds)) / RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def talk(seconds):
    """Like speech to an energy gate: 200 ms syllables with 60 ms dips between them (a steady
    tone is not talk: after two seconds the gate takes it for the room's noise)."""
    syllable = np.concatenate([tone(0.2), quiet(0.06)])
    return np.tile(syllable, int(seconds / 0.26) + 1)[:int(RATE * seconds)]


def quiet(seconds):
    return np.random.default_rng(1).normal(0, 20, int(RATE * seconds)).astype(np.int16)


class Recognizer:
    """Remembers how much audio it was given and when; hears nothing."""

    def __init__(self, made, grammar):
        self.grammar, self.calls = grammar, []
        made.append(self)

    def AcceptWaveform(self, data):  # noqa: N802 - Vosk's names
        self.calls.append(len(data) // 2)
        return False

    def PartialResult(self):  # noqa: N802
        return '{"partial": ""}'

    def FinalResult(self):  # noqa: N802
        return json.dumps({"text": "", "result": []})


def detector(made):
    """The decoding alone, on the exact signals given (the cleaner and the denoiser have their
    own tests)."""
    d = Detector(None, {"yes": ["네"]}, recognizer=lambda grammar: Recognizer(made, grammar),
                 clean=None, denoise=False)
    d.listen_for(("yes",))
    return d


def feed(d, audio, block=320):
    """The detections, fed in blocks as a listener would."""
    return [f for i in range(0, len(audio), block) for f in d.feed(audio[i:i + block])]


def utterance():
    """Something said between two silences."""
    return np.concatenate([quiet(0.5), tone(0.6), quiet(0.5)])


def test_talk_longer_than_any_check_in_is_never_decoded():
    made = []
    d = detector(made)
    feed(d, np.concatenate([quiet(0.5), talk(5.0), quiet(1.0)]))
    assert d.fed_s == 0 and all(r.calls == [] for r in made)
    assert d.rejected == {"too long": 1}


def test_a_short_utterance_is_decoded_once_at_its_first_pause():
    made = []
    d = detector(made)
    feed(d, np.concatenate([quiet(0.5), tone(0.8)]))
    assert d.fed_s == 0                          # still speaking: nothing decoded yet
    feed(d, quiet(0.1))                          # the first 80 ms of quiet
    assert len(made[0].calls) == 1 and made[0].calls[0] / RATE >= 0.8
    feed(d, quiet(1.0))
    first, rest = made[0].calls                  # the end adds only the quiet after the pause
    assert rest / RATE <= 0.11
    assert d.rejected == {"silence": 1}


def test_every_utterance_gets_a_recognizer_of_its_own():
    made = []
    d = detector(made)
    feed(d, np.concatenate([quiet(0.5), tone(0.5), quiet(0.5), tone(0.5), quiet(0.5)]))
    used = [r for r in made if r.calls]
    assert len(used) == 2 and len(made) == 3     # a fresh one waits for the next utterance
    assert {r.grammar for r in made} == {json.dumps(["네", "[unk]"], ensure_ascii=False)}


def test_in_a_loud_steady_room_a_short_utterance_above_the_noise_is_still_decoded():
    """The gate follows the room: noise louder than the old fixed ceiling (1500) no longer
    holds it open for good, so speech 9 dB above the noise is an utterance of its own."""
    made = []
    d = detector(made)
    room = np.random.default_rng(2).normal(0, 2000, int(RATE * 6)).astype(np.int16)
    speech = tone(0.8, amplitude=8000)
    feed(d, np.concatenate([room[:RATE * 3], (speech + room[:len(speech)] // 2).astype(np.int16),
                            room[RATE * 3:]]))
    decoded = [sum(r.calls) / RATE for r in made if r.calls]
    # (the first two seconds, before the gate has learnt the room, may be one segment too)
    assert len(decoded) <= 2 and 0.8 <= decoded[-1] <= 1.4
    assert "too long" not in d.rejected


class Heard(Recognizer):
    """Hears "네" at 0.9 in whatever it is given."""

    def FinalResult(self):  # noqa: N802
        return json.dumps({"text": "네", "result": [{"word": "네", "conf": 0.9, "start": 0.25,
                                                     "end": 0.6}]})


def test_a_one_syllable_wording_needs_0_95_only_while_the_room_is_noisy():
    class Denoiser:  # stands in for RNNoise: the audio as it is, and whether the room is noisy
        on = False

        @property
        def short_noisy(self):  # one window, as the device's: the bar follows RNNoise
            return self.on

        def __call__(self, samples, spare=False):
            return samples

    heard = {}
    for noisy in (False, True):
        d = Detector(None, {"yes": ["네"]}, recognizer=lambda grammar: Heard([], grammar),
                     clean=None, denoise=False)
        d.denoise = Denoiser()
        d.denoise.on = noisy
        d.listen_for(("yes",))
        audio = np.concatenate([quiet(0.5), tone(0.35), quiet(1.0)])
        heard[noisy] = [f.intent for f in feed(d, audio)]
    assert heard == {False: ["yes"], True: []}


class Sparing:
    """Stands in for RNNoise: the audio as it is; remembers, per block, whether it was spared."""

    on = short_noisy = True

    def __init__(self):
        self.spared = []

    def __call__(self, samples, spare=False):
        self.spared.append(spare)
        return samples


def test_with_spare_given_up_talk_given_up_is_not_denoised_to_its_end():
    # design "spared": RNNoise does not run on what will never be decoded
    blocks = {}
    for spare in (False, True):
        d = Detector(None, {"yes": ["네"]}, recognizer=lambda grammar: Recognizer([], grammar),
                     clean=None, denoise=False, spare_given_up=spare)
        d.denoise = Sparing()
        d.listen_for(("yes",))
        feed(d, np.concatenate([quiet(0.5), talk(5.0), quiet(1.0), utterance()]))
        assert d.rejected["too long"] == 1
        blocks[spare] = d.denoise.spared
    assert not any(blocks[False])
    spared = blocks[True]
    first, last = spared.index(True), len(spared) - spared[::-1].index(True)
    talk_s = [n * 0.02 - 0.5 for n in (first, last)]          # into the talk (0.02 s blocks)
    assert all(spared[first:last])
    assert 2.7 <= talk_s[0] <= 2.85     # from the 3 s limit (the gate's 0.25 s pre-roll in it)
    assert 5.0 <= talk_s[1] <= 5.3      # to the gate's end of the segment
    assert not any(spared[last:])                              # and the next utterance is not


class Saying(Recognizer):
    """Hears "네" at 0.9 in whatever it is given, and notes when its final result is asked for."""

    def PartialResult(self):  # noqa: N802
        return json.dumps({"partial": "네" if self.calls else ""})

    def FinalResult(self):  # noqa: N802
        self.calls.append("final")
        return Heard.FinalResult(self)


def heard_at(settle, audio):
    made = []
    d = Detector(None, {"yes": ["네"]}, recognizer=lambda grammar: Saying(made, grammar),
                 clean=None, denoise=False, settle_at_pause=settle)
    d.listen_for(("yes",))
    found = [(f.intent, i) for i in range(0, len(audio), 320) for f in d.feed(audio[i:i + 320])]
    return found, [r.calls for r in made if r.calls], d


def test_with_settle_at_pause_the_decode_is_finished_at_the_pause_and_the_end_costs_nothing():
    audio = np.concatenate([quiet(0.5), tone(0.35), quiet(1.0)])
    found, calls, d = heard_at(True, audio)
    (first, final), = calls                       # one decode, finished at the pause
    assert final == "final" and first / RATE >= 0.35
    before, calls_before, _ = heard_at(False, audio)
    assert calls_before[0][-1] == "final" and len(calls_before[0]) == 3  # pause, end, final
    assert found == before and [i for i, _ in found] == ["yes"]  # the same answer, as soon
    assert (d.settled, d.redone) == (1, 0)


def test_speech_that_comes_back_after_a_settled_pause_is_decoded_again_from_the_start():
    # 0.12 s of quiet: past the first pause (0.08 s), short of the end of the utterance (0.18 s)
    audio = np.concatenate([quiet(0.5), tone(0.35), quiet(0.12), tone(0.35), quiet(1.0)])
    found, calls, d = heard_at(True, audio)
    settled_early, again = calls
    assert settled_early[-1] == "final"
    assert again[0] / RATE >= 0.35 + 0.12 + 0.35  # the whole utterance, in a fresh recognizer
    assert d.redone == 1 and [i for i, _ in found] == ["yes"]
    assert found == heard_at(False, audio)[0]


class Said(Recognizer):
    """Hears the next of ``said`` (words, each at ``conf``) in each utterance it is given."""

    def __init__(self, made, grammar, said):
        super().__init__(made, grammar)
        self.said = said

    def FinalResult(self):  # noqa: N802
        if not self.calls:
            return json.dumps({"text": "", "result": []})
        words, conf = self.said.pop(0)
        step = 0.5 / max(1, len(words.split()))
        return json.dumps({"text": words, "result": [
            {"word": w, "conf": conf, "start": 0.25 + i * step, "end": 0.25 + (i + 1) * step}
            for i, w in enumerate(words.split())]})


def answers(said, *, answer_first=True, between=lambda d: None):
    """The intents heard in one utterance per item of ``said``; ``between(d)`` runs after each."""
    phrases = {"yes": ["네", "맞아"], "is_there_more": ["더 있어요"]}
    d = Detector(None, phrases, filler=["그리고", "우리"], clean=None, denoise=False,
                 recognizer=lambda grammar: Said([], grammar, said), answer_first=answer_first)
    d.listen_for(("yes", "is_there_more"))
    heard = []
    for _ in range(len(said)):
        heard += [f.intent for f in feed(d, utterance())]
        between(d)
    return heard, d


def test_with_answer_first_a_lone_yes_after_talk_is_a_word_in_talk():
    said = [("그리고 우리", 1.0), ("네", 1.0)]
    assert answers(list(said), answer_first=False)[0] == ["yes"]
    heard, d = answers(list(said))
    assert heard == [] and d.rejected == {"not a wording": 1, "not an answer": 1}


def test_with_answer_first_a_lone_yes_answers_the_device_or_a_check_in_heard():
    # the device spoke after the talk: its prompt asked the question
    assert answers([("그리고 우리", 1.0), ("네", 1.0)], between=lambda d: d.reset())[0] == ["yes"]
    # a partner asked ("더 있어요?"), and the device heard it
    assert answers([("그리고", 1.0), ("더 있어요", 1.0), ("네", 1.0)])[0] == ["is_there_more", "yes"]
    # a wording of two syllables or more is heard after talk too
    assert answers([("그리고 우리", 1.0), ("맞아", 1.0)])[0] == ["yes"]


def test_with_answer_first_a_yes_said_again_is_still_an_answer():
    # the first "네" too unsure to take (and a click with no words in it) leave the answer open
    assert answers([("네", 0.3), ("", 1.0), ("네", 1.0)])[0] == ["yes"]
    # a lone "네" taken does not wait for a question again before the next one
    heard, d = answers([("네", 1.0), ("네", 1.0)])
    assert heard == ["yes", "yes"]


def test_with_beside_the_detection_is_the_wording_without_the_word_beside_it():
    def heard(**knobs):
        d = Detector(None, {"is_there_more": ["더 있어요"]}, filler=["그리고"], clean=None,
                     denoise=False, recognizer=lambda g: Said([], g, [("맞 더 있어요", 1.0)]),
                     **knobs)
        d.listen_for(("is_there_more",))
        return feed(d, utterance()), d

    found, d = heard()
    assert found == [] and d.rejected == {"not a wording": 1}
    found, _ = heard(beside=True)
    assert [(f.intent, f.text) for f in found] == [("is_there_more", "더 있어요")]
    assert found[0].start > 0.6  # timed from the wording's first word, not the word beside it


# -- again_faster: an utterance that is no wording heard again, sped up (the design "brisk") --

class Kept(Said):
    """Said's, keeping the audio it was given."""

    def AcceptWaveform(self, data):  # noqa: N802
        self.audio = np.concatenate([getattr(self, "audio", np.zeros(0, np.int16)),
                                     np.frombuffer(data, np.int16)])
        return super().AcceptWaveform(data)


def brisk(said, utterances=1, **knobs):
    """(detections, detector, recognizers used) for utterances of a 220 Hz tone."""
    made = []
    d = Detector(None, {"yes": ["네"], "is_there_more": ["더 있어요"]}, filler=["그리고"],
                 clean=None, denoise=False, recognizer=lambda g: Kept(made, g, said), **knobs)
    d.listen_for(("yes", "is_there_more"))
    found = feed(d, np.tile(utterance(), utterances))
    return found, d, [r for r in made if r.calls]


def test_with_again_faster_an_utterance_that_is_no_wording_is_heard_again_sped_up():
    found, d, used = brisk([("그리고 더", 1.0), ("더 있어요", 1.0)])
    assert found == [] and len(used) == 1 and d.again == 0         # off: heard once
    direct, d, _ = brisk([("더 있어요", 1.0)], again_faster=(1.12,))  # a wording first time: once
    assert d.again == 0
    found, d, (first, second) = brisk([("그리고 더", 1.0), ("더 있어요", 1.0)], again_faster=(1.12,))
    assert [(f.intent, f.text) for f in found] == [("is_there_more", "더 있어요")] and d.again == 1
    # the same utterance, 1.12 times quicker and higher (the 220 Hz tone at 246 Hz)
    assert len(second.audio) == int(len(first.audio) / 1.12)
    spectrum = np.abs(np.fft.rfft(second.audio))
    assert abs(np.argmax(spectrum) * RATE / len(second.audio) - 220 * 1.12) < 2
    assert d.fed_s == (len(first.audio) + len(second.audio)) / RATE
    # its words timed on the real clock: 0.25 s into the faster audio is 0.28 s into the utterance
    segment_start = direct[0].start - 0.25
    assert abs(found[0].start - (segment_start + 0.25 * 1.12)) < 1e-9
    # each utterance is heard again on its own audio, not the one's before
    _, d, used = brisk([("그리고", 1.0)] * 3 + [("더 있어요", 1.0)], utterances=2, again_faster=(1.12,))
    assert d.again == 2 and len(used[3].audio) == int(len(used[2].audio) / 1.12)


def test_with_again_faster_a_lone_yes_heard_again_is_not_taken():
    """Talk's "네:0.77" in a noisy room came back as "네:1.00" sped up (a replay of the tuning
    split's talk): a one-syllable wording needs the first hearing."""
    found, d, used = brisk([("그리고", 1.0), ("네", 1.0)], again_faster=(1.12,))
    assert found == [] and d.again == 1 and len(used) == 2
    assert d.rejected == {"not a wording": 1}


def test_with_again_faster_talk_given_up_is_not_heard_again():
    made = []
    d = Detector(None, {"yes": ["네"]}, recognizer=lambda grammar: Recognizer(made, grammar),
                 clean=None, denoise=False, again_faster=(1.12,))
    d.listen_for(("yes",))
    feed(d, np.concatenate([quiet(0.5), talk(5.0), quiet(1.0)]))
    assert d.again == 0 and d.fed_s == 0 and d.rejected == {"too long": 1}


def test_without_again_after_filler_a_filler_word_at_an_edge_keeps_the_first_hearing():
    """Talk that came back as "뭐 맞습 니다" (a filler word at an edge, which the edge trim never
    lets go) was "맞습 니다" sped up: the design "wary" does not hear such an utterance again."""
    found, d, _ = brisk([("그리고 더", 1.0), ("더 있어요", 1.0)], again_faster=(1.12,))
    assert [f.intent for f in found] == ["is_there_more"]              # brisk: heard again
    found, d, used = brisk([("그리고 더", 1.0), ("더 있어요", 1.0)], again_faster=(1.12,),
                           again_after_filler=False)
    assert found == [] and d.again == 0 and len(used) == 1
    found, d, _ = brisk([("더 그리고", 1.0), ("더 있어요", 1.0)], again_faster=(1.12,),
                        again_after_filler=False)                     # at the end too
    assert found == [] and d.again == 0
    found, d, _ = brisk([("더 맞", 1.0), ("더 있어요", 1.0)], again_faster=(1.12,),
                        again_after_filler=False)                     # no filler word: heard again
    assert [f.intent for f in found] == ["is_there_more"] and d.again == 1


# -- again_agree, again_doubt, again_inside: hearings again that must agree (the design "agreed") --

AGREED = {"again_faster": (1.12, 1.06, 1.18), "again_agree": 2}


def test_with_again_agree_two_hearings_again_must_agree_on_the_intent():
    more = ("더 있어요", 1.0)
    found, d, used = brisk([("그리고 더", 1.0), more, more], **AGREED)
    assert [(f.intent, f.text) for f in found] == [("is_there_more", "더 있어요")]
    assert d.again == 2 and len(used) == 3                      # settled: 1.18 is not decoded
    first, *faster = used
    assert [len(r.audio) for r in faster] == [int(len(first.audio) / 1.12), int(len(first.audio) / 1.06)]
    found, d, used = brisk([("그리고 더", 1.0), more, ("그리고", 1.0), more], **AGREED)
    assert [f.intent for f in found] == ["is_there_more"] and d.again == 3
    assert len(used[3].audio) == int(len(used[0].audio) / 1.18)
    found, d, _ = brisk([("그리고 더", 1.0), more, ("그리고", 1.0), ("그리고", 1.0)], **AGREED)
    assert found == [] and d.again == 3 and d.rejected == {"not a wording": 1}   # one vote: no
    found, d, used = brisk([("그리고 더", 1.0), ("그리고", 1.0), ("그리고", 1.0)], **AGREED)
    assert found == [] and d.again == 2 and len(used) == 3      # the last cannot make two: not heard
    found, d, _ = brisk([("그리고 더", 1.0), ("네", 1.0), ("네", 1.0)], **AGREED)
    assert found == [] and d.again == 2                          # a lone "네" is no vote


def test_with_again_doubt_a_first_hearing_sure_of_every_word_is_not_heard_again():
    """Talk heard surely as other words ("더 있죠") came back "더 있어요" faster (a replay of the
    tuning split's talk): a sure hearing of other words is talk's."""
    more = ("더 있어요", 1.0)
    found, d, used = brisk([("그리고 더", 0.95), more], again_faster=(1.12,), again_doubt=0.95)
    assert found == [] and d.again == 0 and len(used) == 1
    found, d, _ = brisk([("그리고 더", 0.94), more], again_faster=(1.12,), again_doubt=0.95)
    assert [f.intent for f in found] == ["is_there_more"] and d.again == 1
    found, d, _ = brisk([("", 1.0), more], again_faster=(1.12,), again_doubt=0.95)
    assert [f.intent for f in found] == ["is_there_more"] and d.again == 1   # no word heard: unsure


def test_without_again_inside_a_wording_among_the_first_hearings_words_is_no_vote():
    """Talk heard as "뭐 맞습 니다" (a filler word beside a wording, which the edge trim keeps) came
    back as "맞습 니다" faster: the first hearing had those words and judged them."""
    heard_first = ("그리고 더 있어요", 1.0)
    more = ("더 있어요", 1.0)
    found, _, _ = brisk([heard_first, more], again_faster=(1.12,))
    assert [f.intent for f in found] == ["is_there_more"]                  # brisk's: taken
    found, d, _ = brisk([heard_first, more, more, more], **AGREED, again_inside=False)
    assert found == [] and d.again == 2            # two hearings, neither a vote: the third cannot
    found, d, _ = brisk([("그리고 더 있", 1.0), more, more], **AGREED, again_inside=False)
    assert [f.intent for f in found] == ["is_there_more"] and d.again == 2  # new words: votes


class Slow(Said):
    """A slow "네": its partial holds pieces ("네 어 네") that its final result drops."""

    def PartialResult(self):  # noqa: N802
        return json.dumps({"partial": "네 어 네" if self.calls else ""})


def test_with_talk_extra_a_partial_with_pieces_a_final_result_drops_is_decoded_to_the_end():
    def heard(**knobs):
        made = []
        d = Detector(None, {"yes": ["네"]}, recognizer=lambda g: Slow(made, g, [("네", 1.0)]),
                     clean=None, denoise=False, **knobs)
        d.listen_for(("yes",))
        return [f.intent for f in feed(d, utterance())], d.rejected
    assert heard() == ([], {"talk": 1})             # three words: past the longest and a stutter
    assert heard(talk_extra=2) == (["yes"], {})


class Partly(Said):
    """Said's, with its partial result at each pause the next of ``partials`` (else what it will
    say: the decode at the pause already holds it)."""

    def __init__(self, made, grammar, said, partials=()):
        super().__init__(made, grammar, said)
        self.partials = list(partials)

    def PartialResult(self):  # noqa: N802
        if not self.calls:
            return json.dumps({"partial": ""})
        return json.dumps({"partial": self.partials.pop(0) if self.partials else self.said[0][0]})


PHRASES = {"yes": ["네"], "is_there_more": ["더 있어요"], "thats_all": ["여기까지 할게요"]}


def ends(said, audio, partials=(), end_on_wording=0.12, wait_inside=None, recheck=False):
    """(intent, seconds after the last loud sound when it was heard) per detection, and how many
    utterances were decoded."""
    made = []
    d = Detector(None, PHRASES, recognizer=lambda g: Partly(made, g, list(said), partials), clean=None,
                 denoise=False, end_on_wording=end_on_wording, wait_inside=wait_inside,
                 recheck=recheck)
    d.listen_for(tuple(PHRASES))
    last = (len(audio) - RATE) / RATE  # every audio here ends in a second of quiet
    return [(f.intent, round(f.at - last, 2)) for f in feed(d, audio)], len([r for r in made if r.calls])


def test_with_end_on_wording_a_whole_wording_at_the_pause_ends_the_utterance_sooner():
    audio = np.concatenate([quiet(0.5), tone(0.6), quiet(1.0)])
    assert ends([("더 있어요", 1.0)], audio) == ([("is_there_more", 0.12)], 1)
    assert ends([("더 있어요", 1.0)], audio, end_on_wording=None) == ([("is_there_more", 0.18)], 1)
    # a lone "네" is what talk is most often taken for: it waits out the full quiet
    assert ends([("네", 1.0)], audio) == ([("yes", 0.18)], 1)


def test_with_end_on_wording_a_pause_inside_a_wording_does_not_cut_it():
    # 0.14 s of quiet after "여기까지": the decode there is not yet a wording, so the gate waits
    audio = np.concatenate([quiet(0.5), tone(0.35), quiet(0.14), tone(0.35), quiet(1.0)])
    said = [("여기까지 할게요", 1.0)]
    assert ends(said, audio, partials=["여기까지", "여기까지 할게요"]) == ([("thats_all", 0.12)], 1)


def test_with_end_on_wording_speech_after_a_whole_wording_puts_the_full_quiet_back():
    # "더 있어요", 0.1 s of quiet (past the pause, short of 0.12), then more: one utterance, and
    # after what came back the decode is no wording, so the utterance waits the full 0.18 s
    audio = np.concatenate([quiet(0.5), tone(0.6), quiet(0.1), tone(0.3), quiet(1.0)])
    assert ends([("더 있어요", 1.0)], audio, partials=["더 있어요", "더 있어요 더"]) == (
        [("is_there_more", 0.18)], 1)


def test_with_wait_inside_a_pause_after_a_wordings_first_words_is_waited_out_longer():
    # 0.2 s of quiet after "여기까지": past the 0.18 s that would end it, within 0.26
    audio = np.concatenate([quiet(0.5), tone(0.35), quiet(0.2), tone(0.35), quiet(1.0)])
    partials = ["여기까지", "여기까지 할게요"]
    said = [("여기까지", 1.0), ("할게요", 1.0)]
    assert ends(said, audio, partials=list(partials)) == ([], 2)  # cut in two: neither a wording
    assert ends([("여기까지 할게요", 1.0)], audio, partials=list(partials), wait_inside=0.26) == (
        [("thats_all", 0.12)], 1)
    # a whole wording at the pause (or no wording's start) is not waited on
    audio = np.concatenate([quiet(0.5), tone(0.6), quiet(1.0)])
    assert ends([("더 있어요", 1.0)], audio, wait_inside=0.26) == ([("is_there_more", 0.12)], 1)


def test_with_recheck_a_partial_that_lags_the_audio_is_looked_at_again_in_the_quiet():
    # Vosk's partial at the pause often lacks the last word (or everything): here it is empty at
    # the pause and whole from the next frame on
    audio = np.concatenate([quiet(0.5), tone(0.6), quiet(1.0)])
    lagging = ["", "더 있어요", "더 있어요", "더 있어요", "더 있어요", "더 있어요"]
    said = [("더 있어요", 1.0)]
    assert ends(said, audio, partials=list(lagging)) == ([("is_there_more", 0.18)], 1)
    assert ends(said, audio, partials=list(lagging), recheck=True) == ([("is_there_more", 0.12)], 1)
    # and the first words at the pause, the whole wording once the partial catches up: no long wait
    catching = ["더", "더 있어요", "더 있어요", "더 있어요", "더 있어요", "더 있어요"]
    assert ends(said, audio, partials=list(catching), wait_inside=0.26) == ([("is_there_more", 0.26)], 1)
    assert ends(said, audio, partials=list(catching), wait_inside=0.26, recheck=True) == (
        [("is_there_more", 0.12)], 1)
