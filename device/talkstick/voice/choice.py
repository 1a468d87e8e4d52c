"""Which voice speaks: piper where it is installed and has a voice for the language, else
espeak-ng; then the prompt cache and a recorded pack around it.

``voice.engine`` is "auto" (piper where it can, else espeak-ng: a 32-bit OS, Korean),
"piper" (asked for: a fallback is a warning) or "espeak". A fallback is one log line, never a
traceback: the device speaks either way.
"""

import logging

from talkstick.voice.cache import CachedRenderer
from talkstick.voice.recorded import RecordedRenderer
from talkstick.voice.renderer import EspeakRenderer

log = logging.getLogger(__name__)
ENGINES = ("auto", "piper", "espeak")
_said = set()  # fallbacks already logged: a speaker restarted does not say it again


def make_synth(engine, language, voice=None, rate=None, volume=None):
    """The synthesizer ``engine`` asks for, or espeak-ng with one line saying why not."""
    if engine in ("auto", "piper"):
        try:
            from talkstick.voice.piper import PiperRenderer, piper_voice

            model, config = piper_voice(language)
            return PiperRenderer(model, config, rate, volume)
        except LookupError as e:  # not installed, or no voice for the language
            _once(logging.WARNING if engine == "piper" else logging.INFO,
                  "piper: %s; speaking with espeak-ng", str(e))
        except Exception as e:  # noqa: BLE001 - a model or runtime that will not load
            _once(logging.WARNING, "piper failed to load (%s: %s); speaking with espeak-ng",
                  type(e).__name__, " ".join(str(e).split())[:200])
    return EspeakRenderer(voice, rate, volume)


def _once(level, message, *args):
    if (message, args) not in _said:
        _said.add((message, args))
        log.log(level, message, *args)


def renderer_factory(engine, language, voice=None, rate=None, volume=None, *, cache=None,
                     recorded=None):
    """A function that makes the speaker's renderer on the speaker's thread: recorded prompts
    first (``recorded``: text -> WAV), then the ``cache`` (a PromptCache), then synthesis."""

    def make():
        renderer = make_synth(engine, language, voice, rate, volume)
        if cache is not None:
            renderer = CachedRenderer(renderer, cache)
        if recorded:
            renderer = RecordedRenderer(renderer, recorded)
        return renderer

    return make
