"""Synthetic speech for tests and the benchmark: espeak-ng voices, in memory only.

Nothing here is anyone's voice: every clip is espeak-ng reading text we wrote, kept in memory.
"""

import functools
import random
import subprocess

import numpy as np

from talkstick.audio import RATE, read_wav, resample

KO_VOICES = ("ko", "ko+f2", "ko+m3", "ko+f4")

# Words for Korean sentences that are not check-in phrases: a couple talking about their day.
_KO_PARTS = {
    "who": ["나는", "저는", "우리는", "당신은", "엄마는", "친구가", "회사 사람들이", "아이들이"],
    "when": ["오늘", "어제", "아침에", "저녁에", "주말에", "요즘", "지난주에", "퇴근하고"],
    "what": ["회사에서 일이 많아서", "집에 늦게 와서", "밥을 같이 먹을 때", "전화를 안 받아서",
             "이야기를 할 때", "약속을 잊어버려서", "설거지를 안 해서", "휴대폰만 봐서",
             "아이 숙제를 도와줄 때", "운전을 하면서"],
    "feel": ["정말 속상했어요", "조금 외로웠어요", "화가 났어요", "마음이 무거웠어요",
             "힘들다고 느꼈어요", "서운한 마음이 들었어요", "걱정이 됐어요", "기분이 좋았어요",
             "고마웠어요", "피곤했어요"],
    "short": ["그래요", "음", "글쎄요", "알겠어요", "그러니까", "잠깐만요", "그런 것 같아요",
              "아마도", "진짜요", "그렇지", "어떻게 말하지", "그게 말이에요"],
}


@functools.lru_cache(maxsize=2048)
def _espeak(text, voice, speed, pitch):
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch),
                          "--stdout", text], capture_output=True, check=True, timeout=60).stdout
    samples, rate = read_wav(wav)
    return resample(samples, rate, RATE)


def synth(text, voice="ko", speed=160, pitch=50):
    """int16 samples at 16 kHz, trimmed of espeak-ng's leading and trailing silence."""
    return trim(_espeak(text, voice, speed, pitch)).copy()


def trim(samples, threshold=30):
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return samples[loud[0]:loud[-1] + 1] if len(loud) else samples[:0]


def silence(seconds):
    return np.zeros(int(RATE * seconds), dtype=np.int16)


def ko_sentences(rng, avoid=()):
    """Endless Korean sentences (mostly distinct), none containing a wording in ``avoid``."""
    seen, p = set(), _KO_PARTS
    while True:
        if rng.random() < 0.2:
            text = rng.choice(p["short"])
        else:
            text = " ".join([rng.choice(p["who"]), rng.choice(p["when"]), rng.choice(p["what"]),
                             rng.choice(p["feel"])])
        if text in seen and len(seen) < 3000:
            continue
        seen.add(text)
        if not any(w in text for w in avoid):
            yield text


def voice_choices(rng):
    return rng.choice(KO_VOICES), rng.choice((140, 160, 185)), rng.choice((40, 50, 60))


def talk(rng, seconds, avoid=()):
    """Continuous negative speech: sentences with natural pauses, about ``seconds`` long."""
    parts, total = [], 0.0
    for text in ko_sentences(rng, avoid):
        clip = synth(text, *voice_choices(rng))
        pause = silence(rng.uniform(0.3, 1.2))
        parts += [clip, pause]
        total += (len(clip) + len(pause)) / RATE
        if total >= seconds:
            break
    return np.concatenate(parts)


def seeded(seed=7):
    return random.Random(seed)
