"""The Vosk calls talkstick makes, bound to libvosk without running ``vosk/__init__.py``.

``import vosk`` imports ``requests`` (for its model downloader), and ``requests`` imports
``urllib3``, which creates an AF_INET6 socket bound to ``::1`` at import. A device that opens
no network socket cannot take that path. The vosk wheel's own binding is two files: the cffi
type description ``vosk/vosk_cffi.py`` and ``libvosk.so``; this module loads both by file
path, as ``vosk/__init__.py`` does with ``ffi.dlopen``, and keeps the surface of vosk's
``Model`` and ``KaldiRecognizer`` that talkstick uses. It is the one place that touches
libvosk: objects of two bindings (``vosk.Model`` with this ``KaldiRecognizer``) do not mix.
"""

import importlib.util
import sys
from pathlib import Path

_LIBRARY = {"linux": "libvosk.so", "darwin": "libvosk.dyld", "win32": "libvosk.dll"}
_bound = None  # (ffi, lib), loaded on first use


def _binding():
    global _bound
    if _bound is None:
        _bound = _load()
    return _bound


def _load():
    spec = importlib.util.find_spec("vosk")  # a top-level package: found, not run
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the vosk package is not installed (pip install vosk)")
    folder = Path(spec.submodule_search_locations[0])
    cffi_spec = importlib.util.spec_from_file_location("talkstick_vosk_cffi", folder / "vosk_cffi.py")
    module = importlib.util.module_from_spec(cffi_spec)
    cffi_spec.loader.exec_module(module)
    library = folder / _LIBRARY.get(sys.platform, "libvosk.so")
    return module.ffi, module.ffi.dlopen(str(library))


def SetLogLevel(level):
    """Kaldi's log level: -1 quiet, 0 everything it logs while loading."""
    return _binding()[1].vosk_set_log_level(level)


class Model:
    """A loaded model folder; raises Exception("Failed to create a model") as vosk does."""

    def __init__(self, model_path):
        ffi, self._lib = _binding()
        self._handle = self._lib.vosk_model_new(str(model_path).encode("utf-8"))
        if self._handle == ffi.NULL:
            raise Exception("Failed to create a model")

    def __del__(self):
        if getattr(self, "_handle", None):
            self._lib.vosk_model_free(self._handle)

    def vosk_model_find_word(self, word):
        """The word's id, or -1 when it is not in the model's vocabulary."""
        return self._lib.vosk_model_find_word(self._handle, word.encode("utf-8"))


class KaldiRecognizer:
    """A recognizer for ``model`` at ``rate`` Hz, free or limited to ``grammar`` (a JSON list
    of phrases, written with ``ensure_ascii=False``)."""

    def __init__(self, model, rate, grammar=None):
        self._ffi, self._lib = _binding()
        if grammar is None:
            self._handle = self._lib.vosk_recognizer_new(model._handle, rate)
        else:
            self._handle = self._lib.vosk_recognizer_new_grm(model._handle, rate,
                                                             grammar.encode("utf-8"))
        if self._handle == self._ffi.NULL:
            raise Exception("Failed to create a recognizer")

    def __del__(self):
        if getattr(self, "_handle", None):
            self._lib.vosk_recognizer_free(self._handle)

    def SetWords(self, enable):
        self._lib.vosk_recognizer_set_words(self._handle, 1 if enable else 0)

    def SetMaxAlternatives(self, count):
        """Results as an n-best list, ``{"alternatives": [{"text", "confidence"}, …]}``; 0: one."""
        self._lib.vosk_recognizer_set_max_alternatives(self._handle, count)

    def AcceptWaveform(self, data):
        """True at the end of an utterance (by the model's endpoint rules)."""
        result = self._lib.vosk_recognizer_accept_waveform(self._handle, data, len(data))
        if result < 0:
            raise Exception("Failed to process waveform")
        return result

    def Result(self):
        return self._text(self._lib.vosk_recognizer_result(self._handle))

    def PartialResult(self):
        return self._text(self._lib.vosk_recognizer_partial_result(self._handle))

    def FinalResult(self):
        return self._text(self._lib.vosk_recognizer_final_result(self._handle))

    def _text(self, pointer):
        return self._ffi.string(pointer).decode("utf-8")
