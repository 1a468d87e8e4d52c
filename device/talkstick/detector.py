"""The recognition core: audio blocks in, detections out. No threads, no devices.

The same code runs on the live microphone (listener.py) and on a WAV file (detect.py, the
benchmark): the caller feeds int16 blocks and the core keeps its own audio clock.
"""

import json
import logging

import numpy as np

from talkstick.gate import RATE, Gate
from talkstick.matcher import Detection, Phrasebook, Word

log = logging.getLogger(__name__)


class Detector:
    def __init__(self, model, phrases, *, filler=(), min_conf=0.5, max_utterance_s=3.0,
                 gate=None, recognizer=None):
        import vosk

        self.model = model
        self.book = Phrasebook(phrases, filler)
        self.min_conf, self.max_utterance_s = min_conf, max_utterance_s
        self.gate = gate or Gate()
        self.make = recognizer or (lambda grammar: vosk.KaldiRecognizer(
            model, RATE, json.dumps(grammar, ensure_ascii=False)))
        self.recognizers = {}
        self.rec_time = {}     # Vosk's word times count all audio a recognizer ever had
        self.intents = ()
        self.rec = None
        self.fed_s = 0.0       # audio seconds given to Vosk: what the gate saves is the rest
        self.rejected = {}     # reason -> count, for the benchmark; never the words
        self._segment_start = None
        self._pending, self._talk = [], False

    @property
    def now(self):
        return self.gate.pos / RATE

    def listen_for(self, intents):
        """Switch grammar; an empty tuple stops feeding the recognizer at all."""
        intents = tuple(intents)
        if intents == self.intents:
            return
        self.intents = intents
        self._drop_segment()
        if not intents:
            self.rec = None
            return
        if intents not in self.recognizers:
            known = (lambda w: self.model.vosk_model_find_word(w) != -1) if self.model else None
            rec = self.make(self.book.grammar(intents, known))
            rec.SetWords(True)
            self.recognizers[intents] = rec
        self.rec = self.recognizers[intents]

    def reset(self):
        """Forget the audio so far (the device is speaking: its own voice is not evidence)."""
        self._drop_segment()
        self.gate.reset()

    def skip(self, count):
        """Let ``count`` samples of audio time pass without hearing them (muted)."""
        self.gate.pos += count

    def _drop_segment(self):
        if self.rec is not None and self._segment_start is not None:
            self.rec.FinalResult()  # flushes the decoder: Reset() alone leaks into the next one
        self._segment_start = None
        self._pending = []
        self.gate.reset()

    def feed(self, block):
        """Feed int16 samples (numpy array or bytes); returns a list of Detections."""
        samples = np.frombuffer(block, dtype=np.int16) if isinstance(block, bytes | bytearray) else block
        if self.rec is None:
            self.skip(len(samples))
            return []
        found = []
        for kind, audio, t in self.gate.push(samples):
            if kind == "start":
                self._segment_start, self._segment_fed, self._talk = t, 0.0, False
                self._offset = self.rec_time.get(id(self.rec), 0.0)
                self._accept(audio)
            elif kind == "audio" and self._segment_start is not None:
                if self._segment_fed < self.max_utterance_s and not self._talk:
                    self._accept(audio)
            elif kind == "end" and self._segment_start is not None:
                self._flush()
                hit = self._finish(t)
                if hit:
                    found.append(hit)
        self._flush()
        return found

    def _accept(self, audio):
        self._pending.append(audio)
        self._segment_fed += len(audio) / RATE
        self.fed_s += len(audio) / RATE
        self.rec_time[id(self.rec)] = self.rec_time.get(id(self.rec), 0.0) + len(audio) / RATE

    def _flush(self):
        """One Vosk call per block, then give up early on what is plainly talk."""
        if not self._pending:
            return
        self.rec.AcceptWaveform(np.concatenate(self._pending).tobytes())
        self._pending = []
        if self._segment_start is not None and not self._talk:
            partial = json.loads(self.rec.PartialResult()).get("partial", "").split()
            self._talk = self.book.plainly_talk(partial)

    def _finish(self, end_t):
        start, fed = self._segment_start, self._segment_fed
        self._segment_start = None
        if fed >= self.max_utterance_s or self._talk:  # talk: not a check-in, not worth decoding
            self.rec.FinalResult()  # Reset() alone leaves decoded frames for the next utterance
            reason = "talk" if self._talk else "too long"
            self.rejected[reason] = self.rejected.get(reason, 0) + 1
            return None
        result = json.loads(self.rec.FinalResult())
        self.rec.Reset()
        shift = start - self._offset
        words = [Word(w["word"], w.get("conf", 1.0), shift + w["start"], shift + w["end"])
                 for w in result.get("result", [])]
        intent, reason = self.book.match(words, self.intents, min_conf=self.min_conf,
                                         segment_s=end_t - start - self.gate.preroll_s)
        if intent is None:
            self.rejected[reason] = self.rejected.get(reason, 0) + 1
            return None
        words = self.book.utterance(words)
        return Detection(intent, " ".join(w.word for w in words), words[0].start, words[-1].end,
                         self.now)
