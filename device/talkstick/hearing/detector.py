"""The recognition core: audio blocks in, detections out. No threads, no devices.

The same code runs on the live microphone (listener.py) and on a WAV file (detect.py, the
benchmark): the caller feeds int16 blocks and the core keeps its own audio clock.

The audio is cleaned first (denoiser.py: RNNoise in a noisy room; cleaner.py: gain, and
noise suppression where noise is left), so that the gate and Vosk hear the voice rather than
the room.

An utterance is kept in memory and decoded only when it may be over: at the gate's first
short pause, so that Vosk works while the gate waits out its hangover. Talk that runs past
``max_utterance_s`` is dropped without being decoded at all: a check-in phrase is short, and
the CPU goes to what could be one. (Decoding as the audio comes in spent most of it on talk.)
3 s: on the cleaned audio the benchmark's slowest speakers (110 wpm) were heard as often as
with 4 s, and 4 s decoded 27 % of a session's audio against 8 %.

With ``settle_at_pause``, the decode is also finished there (Vosk's final result, about 14 ms
here) when what was heard may be a wording, so that the end of the utterance costs nothing and
the answer comes as the gate's hangover ends. If speech comes back after that pause, the
utterance so far is decoded again from the start, in a fresh recognizer. (The benchmark's
design "ahead", graded in stop 21 and not taken: it answered 9-11 ms sooner, but on the tuning
split talk was taken for a check-in 43 times against 33, all the added ones in grammars that
hold "네", where talk is most often taken for a lone "네". The device finishes the decode at
the end.)

With ``answer_first`` (the benchmark's design "answer", graded in stop 22 and not taken: on
the tuning split it took false advances from 36 to 25, short of the third fewer it was to
reach, for 62 fewer "네" heard after talk), a one-syllable
wording ("네") is taken only as an answer: the first thing said since the device last spoke
(its prompt asks the question) or last heard a check-in (a partner's "감정이 맞나요?"). Once
anything else has been said, a lone "네" is a word in talk, and talk is where the recognizer
finds one: it was nearly every false advance on the benchmark (stop 21). An utterance that was
only silence, a click, or a wording too unsure to take leaves the answer open, so a "네" said
again is still heard.

With ``again_faster`` (speeds; the benchmark's design "brisk" has one, 1.12), an utterance that
is no wording, and was not given up as talk, is decoded once more in a fresh recognizer per
speed, resampled that much faster: quicker, and higher in pitch and formants, as a smaller and
quicker speaker would say it. The small Korean model hears some voices and slow speech better so
(on the tuning split, slow "다시 들려 주세요" from a low voice came back as "더 사실 네 쉬고" and, 1.12 times
faster, as itself). What the second hearing finds is taken only if it is a wording of two
syllables or more under the same guard, its words timed on the real clock: talk heard again came
back as a lone "네". The utterance's audio is kept for this in memory, never written, and dropped
with the utterance.
(Graded in stop 24 and not taken: on the tuning split 494 -> 589 hits, but talk was taken for a
check-in 47 times against 32; the device hears each utterance once.)
Without ``again_after_filler`` (the design "wary") an utterance whose first hearing has a filler
word at an edge is not heard again: that word is talk's, and the edge trim never lets it go
(every false advance brisk added in a replay of the tuning split's talk was one, "뭐 맞습 니다"
heard again as "맞습 니다"). Not taken either: 541 hits, 42 false advances.
The design "agreed" asks more of the hearings again, so that talk has no second chance: with
``again_doubt`` an utterance is heard again only where the first hearing was less sure than that
of some word (talk heard surely as "더 있죠" came back "더 있어요" faster); without
``again_inside`` a wording the first hearing's words held ("뭐 맞습 니다" -> "맞습 니다") is no
vote, since the first hearing judged those words; and with ``again_agree`` that many hearings
(of 1.12, 1.06 and 1.18) must agree on the intent. The speeds are decoded in order, and no
further once the outcome is settled. (Graded in stop 25 and not taken: on the tuning split 500 ->
582 hits with 34 -> 33 false advances, but on the held-out split 21 -> 31: those three rules were
found on the tuning split's talk and do not hold back talk in other voices and rooms.)

With ``talk_extra`` (1: a word said twice), an utterance is given up as talk once a partial
result holds that many words more than the longest wording. Slow speech comes back with more
pieces in its partials than in its final result: on the tuning split a clear "다시 말해 주세요"
at 110 wpm was given up so, and heard when decoded to the end. The benchmark's design "patient"
has 2: graded in stop 29 and not taken (tuning split 445 -> 448 hits of 798, short of the 8 more
its rule asked, false advances 22 -> 23; held-out 456 -> 446).

The end of an utterance follows what was heard at its pause (since stop 32; the benchmark's
design "lasting"). With ``end_on_wording``, an utterance whose decode at a pause is already a
whole wording of two syllables or more is over after that much quiet instead of the gate's
hangover: of the ~220 ms from the end of a check-in to the answer, 180 ms was that quiet. A
shorter quiet everywhere cut slow speech in two at a pause inside a wording ("여기까지 … 할게요",
stop 31's "brief"), where the decode at the pause is not yet a wording; and a lone "네" still
waits, since it is what talk is most often taken for. With ``wait_inside``, an utterance whose
decode at a pause is the first words of a wording, not yet a whole one, waits longer than the
hangover before it is over: a pause inside a wording is not the end of it. None for either: the
gate's hangover ends every utterance, as until stop 31. With ``recheck`` (the benchmark's design
"follow"), the partial result is looked at again at each frame of quiet after the pause, and the
quiet set again by it: Vosk's partial lags the audio, and in a replay of the held-out split's
check-ins most of those that waited the full hangover had an empty or short partial at the pause.
(Graded in stop 32 and not taken: its tuning split's median latency was 189 ms against lasting's
191, where its rule asked 5 ms less; on the held-out split 194 against 204.)

A room where other people talk (a café, a television) keeps the gate open: their talk fills
the pauses a speaker at the table leaves, so an utterance never ends and check-ins are not heard
(stop 29: the benchmark's talking rooms were heard 1 time in 336). ``noisy_room`` turns true
once a segment has stayed open ``NOISY_ROOM_S`` (the device's own voice closes it), and the
listener says once that the button is the way on there.

Each utterance gets a recognizer of its own (made in about 0.6 ms): Vosk's word times then
count from the utterance's first sample, and nothing of one utterance leaks into the next
(Reset() alone lets decoded words through).
"""

import json
import logging

import numpy as np

from talkstick.audio import RATE
from talkstick.hearing.cleaner import CLEAN, cleaner
from talkstick.hearing.denoiser import denoiser
from talkstick.hearing.floor import WINDOW_S as ROOM_WINDOW_S
from talkstick.hearing.gate import Gate
from talkstick.hearing.matcher import Detection, Phrasebook, Word, syllables

log = logging.getLogger(__name__)
# The gate the listener uses. Against a noisy room's floor the default 4x (12 dB) missed
# check-ins said 10 dB above the noise, and its 1500 ceiling kept the gate open for good in
# noise louder than that; 2.5x with no ceiling heard more on the benchmark's tuning split
# (`talkstick bench`) with no more false advances.
GATE = {"ratio": 2.5, "ceiling": float("inf")}
# Every word of a wording at least this sure. In 30 minutes of noisy talk the false advances
# were single words heard at 0.58-0.67 (the floor was 0.5); but a clear "네" itself comes back
# at 0.61-0.77 (Vosk's confidence varies from run to run on the same audio), so 0.7 lost it half
# the time: 0.6 takes the lowest false ones and keeps "네".
MIN_CONF = 0.6
# In a noisy room (while RNNoise works) a one-syllable wording ("네") is what talk and noise
# most often come back as: 10 minutes of the tuning split's talk gave six false "네" at
# 0.72-0.90 with RNNoise on and none without it, and true ones mostly come back at 1.0. Held
# to 0.95 everywhere, the false advances in those 10 minutes fell from 10 to 3 for 14 fewer hits
# of 650; in a quiet room the floor stays MIN_CONF, where "네" is the answer the prompts ask for.
SHORT_CONF = 0.95
# The quiet that ends an utterance whose decode at its pause is already a whole wording of two
# syllables or more, and the quiet one waits out where that decode is the first words of a
# wording. Stop 32 (`talkstick bench --lang ko --design lasting`, beside kept's 0.18 s for every
# utterance, seed 7): on the tuning split the median latency went 215 -> 190 ms for 446 hits of
# 798 against 441 and 22 false advances against 24; on the held-out split 227 -> 204 ms, 451
# hits against 455, 36 false advances against 36. 0.12 s alone ("early") heard 434 in that run;
# a second run of lasting heard 434 and 448 again at 191 and 204 ms: the hits move that much
# between runs, the latency held.
END_ON_WORDING_S = 0.12
WAIT_INSIDE_S = 0.26
# A segment open this long is the room's talk, not a speaker at the table (gate.py, open_s).
# Over the benchmark's talk, half a minute at a time with no prompt to close the gate, the
# longest segment in the tuning split's quiet rooms, pink noise and hum was 8.4 s (40 half
# minutes), and where others talked 6.7-31 s, 10 s or more in 13 of 17: 10 s was chosen there.
# On the held-out split (reported only): at most 7.4 s in 42 half minutes of quiet rooms, brown
# noise and traffic, and 10 s or more in 7 of 14 of babble. `talkstick bench` prints both.
NOISY_ROOM_S = 10.0
# Why an utterance was not taken, when it was nothing anyone said (``answer_first`` still waits).
NOT_TALK = frozenset({"silence", "too short", "low confidence"})


class Detector:
    def __init__(self, model, phrases, *, filler=(), min_conf=MIN_CONF, short_conf=SHORT_CONF,
                 max_utterance_s=3.0, guard="robust", gate=None, recognizer=None, clean=CLEAN,
                 denoise=True, trim_filler=False, trim_inner=True, room_window_s=ROOM_WINDOW_S,
                 settle_at_pause=False, answer_first=False, beside=False, paced=False,
                 again_faster=(), again_after_filler=True, again_agree=1, again_doubt=None,
                 again_inside=True, talk_extra=1, long_conf=None,
                 end_on_wording=END_ON_WORDING_S, wait_inside=WAIT_INSIDE_S, recheck=False,
                 short_conf_window_s=None, spare_given_up=False):
        self.model = model
        self.book = Phrasebook(phrases, filler, guard=guard, trim_filler=trim_filler,
                               trim_inner=trim_inner, beside=beside, paced=paced,
                               talk_extra=talk_extra, long_conf=long_conf)
        self.min_conf, self.short_conf, self.max_utterance_s = min_conf, short_conf, max_utterance_s
        self.gate = gate or Gate(**GATE)
        self.make = recognizer or self._recognizer
        # None: no RNNoise. A lone "네" is held to short_conf while RNNoise works, or, with
        # short_conf_window_s, while the room's floor over that many seconds is noisy (the
        # benchmark's design "steady", graded in stop 34 and not taken: floor.py).
        self.denoise = (denoiser(window_s=room_window_s, short_window_s=short_conf_window_s)
                        if denoise else None)
        self.clean = cleaner(clean, room_window_s) if clean else None  # None: the audio as it comes
        # True: no RNNoise on the rest of an utterance given up as talk (the design "spared")
        self.spare_given_up = spare_given_up
        self.grammars = {}     # intents -> grammar JSON, worked out once per step
        self.intents = ()
        self.rec = None
        self.fed_s = 0.0       # audio seconds given to Vosk: what the gate saves is the rest
        self.rejected = {}     # reason -> count, for the benchmark; never the words
        self.settle_at_pause = settle_at_pause
        self.settled = 0       # utterances finished at a pause, and decoded again after one
        self.redone = 0        # (counts, for tests and diagnostics; never the words)
        self._settled = None   # the final result, finished at a pause while the gate waited
        self._heard = []       # the audio this recognizer was given (with settle_at_pause or
                               # again_faster), to decode over again; in memory only
        self.answer_first = answer_first
        self._talked = False   # since the device spoke or heard a check-in, something else was said
        self.again_faster = tuple(again_faster)  # the speeds an utterance that is no wording is
        self.again = 0         # heard again at, in order; how many were (a count, never the words)
        self.again_agree = again_agree  # how many of those hearings must agree on the intent
        self.again_after_filler = again_after_filler  # False: not where a filler word was at an edge
        self.again_doubt = again_doubt    # a confidence: heard again only where a word was less sure
        self.again_inside = again_inside  # False: a wording among the first hearing's words is no vote
        self.end_on_wording = end_on_wording  # seconds of quiet after a whole wording, or None
        self.wait_inside = wait_inside        # ... after the first words of one, or None
        self.recheck = recheck                # the partial looked at again at each quiet frame
        self._segment_start = None
        self._pending, self._gave_up = [], None
        self.noisy_room_at = None  # when a segment had stayed open NOISY_ROOM_S (audio s), if one has

    @property
    def now(self):
        return self.gate.pos / RATE

    def _recognizer(self, grammar):
        from talkstick.hearing import vosk_api  # not `import vosk`: that opens a socket

        rec = vosk_api.KaldiRecognizer(self.model, RATE, grammar)
        rec.SetWords(True)
        return rec

    def listen_for(self, intents):
        """Switch grammar; an empty tuple stops feeding the recognizer at all."""
        intents = tuple(intents)
        if intents == self.intents:
            return
        self.intents = intents
        if intents and intents not in self.grammars:
            known = (lambda w: self.model.vosk_model_find_word(w) != -1) if self.model else None
            self.grammars[intents] = json.dumps(self.book.grammar(intents, known), ensure_ascii=False)
        self._drop_segment()
        self._fresh()

    def reset(self):
        """Forget the audio so far (the device is speaking: its own voice is not evidence)."""
        if self._segment_start is not None:
            self._fresh()
        self._drop_segment()

    def skip(self, count):
        """Let ``count`` samples of audio time pass without hearing them (muted)."""
        self.gate.pos += count

    def _fresh(self):
        self.rec = self.make(self.grammars[self.intents]) if self.intents else None
        self._heard = []

    def _drop_segment(self):
        """The device spoke or the step changed: what is said next may answer it."""
        self._talked = False
        self._segment_start = None
        self._pending, self._settled = [], None
        self.gate.reset()

    def feed(self, block):
        """Feed int16 samples (numpy array or bytes); returns a list of Detections."""
        samples = np.frombuffer(block, dtype=np.int16) if isinstance(block, bytes | bytearray) else block
        if self.rec is None:
            self.skip(len(samples))
            return []
        spare = (self.spare_given_up and self._gave_up is not None
                 and self._segment_start is not None)  # the device's design: one look
        samples = self.front_end(samples, spare)
        found = []
        for kind, audio, t in self.gate.push(samples):
            if kind == "start":
                self._segment_start, self._segment_s, self._gave_up = t, 0.0, None
                self._settled = None
                self._keep(audio)
            elif self._segment_start is None:
                continue
            elif kind == "audio":
                self._keep(audio)
            elif kind == "pause":
                self._end_by(self._decode())
            elif kind == "end":
                if self._settled is None:  # else all since the pause is the gate's quiet
                    self._decode()
                hit = self._finish(t)
                self._fresh()
                if hit:
                    found.append(hit)
        if (self.recheck and self._segment_start is not None and not self.settle_at_pause
                and self.gate.active and self.gate.quiet > self.gate.pause_frames):
            self._end_by(self._decode())  # Vosk's partial lags the audio: look again
        if self.noisy_room_at is None and self.gate.open_s >= NOISY_ROOM_S:
            self.noisy_room_at = self.now
        return found

    def front_end(self, samples, spare=False):
        """``samples`` as the gate and the recognizer hear them: RNNoise (where the room is
        noisy, unless ``spare``), then WebRTC's gain and suppression."""
        if self.denoise is not None:
            samples = self.denoise(samples, spare=spare)
        if self.clean is not None:
            samples = self.clean(samples)
        return samples

    @property
    def noisy_room(self):
        """Whether a segment has stayed open ``NOISY_ROOM_S``: other people talk in the room."""
        return self.noisy_room_at is not None

    def _keep(self, audio):
        if self._gave_up:
            return
        self._segment_s += len(audio) / RATE
        if self._segment_s > self.max_utterance_s:  # longer than any check-in: talk
            self._gave_up, self._pending = "too long", []
            return
        self._pending.append(audio)

    def _end_by(self, partial):
        """Set how much quiet ends the utterance by the partial result at a pause."""
        if not partial:
            return
        if self.end_on_wording and self.book.whole(partial, self.intents):
            self.gate.end_after(self.end_on_wording)
        elif self.wait_inside and self.book.starts(partial, self.intents):
            self.gate.end_after(self.wait_inside)
        elif self.recheck:
            self.gate.end_after(None)  # the partial has moved on from a wording: the hangover

    def _decode(self):
        """Decode what is kept (one Vosk call), then give up early on what is plainly talk.
        Returns the partial result's words (None when there was nothing to decode)."""
        if not self._pending:
            return None
        audio = np.concatenate(self._pending)
        self._pending = []
        if self._settled is not None:  # speech came back after the pause it was finished at
            audio = np.concatenate([*self._heard, audio])
            self._settled = None
            self.redone += 1
            self._fresh()
        self.fed_s += len(audio) / RATE
        if self.settle_at_pause or self.again_faster:
            self._heard.append(audio)
        self.rec.AcceptWaveform(audio.tobytes())
        partial = json.loads(self.rec.PartialResult()).get("partial", "").split()
        if self.book.plainly_talk(partial):
            self._gave_up = "talk"
        elif self.settle_at_pause and self.book.may_be(partial, self.intents):
            self._settled = self.rec.FinalResult()
            self.settled += 1
        return partial

    def _finish(self, end_t):
        start = self._segment_start
        self._segment_start = None
        if self._gave_up:  # not worth decoding to the end
            return self._reject(self._gave_up)
        noisy = self.denoise is not None and self.denoise.short_noisy
        def heard(result, speed=1.0):
            return [Word(w["word"], w.get("conf", 1.0), start + w["start"] * speed,
                         start + w["end"] * speed) for w in json.loads(result).get("result", [])]
        def match(words):
            return self.book.match_words(
                words, self.intents, min_conf=self.min_conf,
                short_conf=self.short_conf if noisy else 0.0, segment_s=end_t - start - self.gate.preroll_s)
        first = heard(self._settled or self.rec.FinalResult())
        intent, reason, words = match(first)
        if intent is None and self.again_faster and self._heard and self._doubtful(first):
            intent, words = self._hear_again(first, lambda speed: match(heard(self._faster(speed), speed)))
        if intent is None:
            return self._reject(reason)
        text = " ".join(w.word for w in words)
        if self.answer_first and self._talked and syllables(text) == 1:
            return self._reject("not an answer")
        self._talked = False  # a check-in heard: what follows may answer it
        return Detection(intent, text, words[0].start, words[-1].end, self.now)

    def _doubtful(self, first):
        """Whether an utterance the first hearing found no wording in may be heard again."""
        if not self.again_after_filler and self.book.filler_at_edge(first):
            return False  # talk's word at an edge, which the edge trim never lets go
        return self.again_doubt is None or not first or min(w.conf for w in first) < self.again_doubt

    def _hear_again(self, first, match):
        """(intent, words) of the faster hearings, once ``again_agree`` of them agree, else
        (None, []). A hearing counts only if it is a wording of two syllables or more (never a
        lone "네"), and, without ``again_inside``, not one the first hearing's words held."""
        said, votes = [w.word for w in first], {}
        for n, speed in enumerate(self.again_faster):
            if max(votes.values(), default=0) + len(self.again_faster) - n < self.again_agree:
                break  # the hearings left cannot agree
            intent, _, words = match(speed)
            if intent is None:
                continue
            text = [w.word for w in words]
            if syllables(" ".join(text)) < 2:
                continue
            if not self.again_inside and any(said[i:i + len(text)] == text
                                             for i in range(len(said) - len(text) + 1)):
                continue
            votes[intent] = votes.get(intent, 0) + 1
            if votes[intent] >= self.again_agree:
                return intent, words
        return None, []

    def _faster(self, speed):
        """The utterance decoded again, ``speed`` times faster (resampled: quicker, and higher in
        pitch and formants, as a smaller and quicker speaker says it); Vosk's final result."""
        audio = np.concatenate(self._heard).astype(np.float32)
        n = int(len(audio) / speed)
        faster = np.interp(np.arange(n) * speed, np.arange(len(audio)), audio)
        self.again += 1
        self.fed_s += n / RATE
        rec = self.make(self.grammars[self.intents])
        rec.AcceptWaveform(faster.astype(np.int16).tobytes())
        return rec.FinalResult()

    def _reject(self, reason):
        self.rejected[reason] = self.rejected.get(reason, 0) + 1
        self._talked = self._talked or reason not in NOT_TALK
        return None
