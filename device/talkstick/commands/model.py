"""`talkstick model download|check|where`: get a speech model and check it knows the phrases."""

import sys
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.errors import ModelError, ScriptError
from talkstick.hearing.download import CATALOG, Progress, download_model
from talkstick.hearing.models import examine_model, how_to_get, models_dir, resolve_model
from talkstick.script.pack import load_pack, load_phrases, phrase_words
from talkstick.settings import load_settings

DESCRIPTION = """\
Get and check the offline Vosk speech model the device listens with. Nothing is needed at run
time but the model folder: downloading is the only time talkstick touches the network.

examples:
  talkstick model download en        fetch the small English model (about 40 MB) and verify it
  talkstick model where --lang ko    show which Korean model would be used, and why
  talkstick model check --lang ko    list check-in phrase words the model cannot recognise
"""


@dataclass(frozen=True)
class DownloadOptions:
    lang: str
    dir: Path | None


@dataclass(frozen=True)
class WhereOptions:
    lang: str | None
    model: str | None


@dataclass(frozen=True)
class CheckOptions:
    lang: str | None
    model: str | None
    phrases: Path | None


def add_parser(subparsers):
    model = subparsers.add_parser(
        "model", help="download, locate and check the speech model", description=DESCRIPTION)
    sub = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    p = sub.add_parser(
        "download", help="fetch, verify and install an official small Vosk model",
        description="Download the official small Vosk model for a language, verify its SHA-256 "
        "and unpack it into the data folder (an interrupted download resumes when run again). "
        "Example: talkstick model download en")
    p.add_argument("lang", metavar="LANG", help=f"language to fetch ({', '.join(sorted(CATALOG))})")
    p.add_argument("--dir", metavar="D", type=Path, help="folder to install into, as D/LANG "
                   "(default: $XDG_DATA_HOME/talkstick/models, i.e. ~/.local/share/talkstick/models)")
    p.set_defaults(command=Command(DownloadOptions, run_download))
    p = sub.add_parser(
        "check", help="list phrase words the model does not know",
        description="Print every word of the check-in phrases that is missing from the model's "
        "vocabulary: the listener can never hear those. Exit status 1 if any are missing. "
        "Example: talkstick model check --lang ko")
    _add_lang(p)
    p.add_argument("--model", metavar="PATH", help="model folder to check (default: the one "
                   "'talkstick model where' finds)")
    p.add_argument("--phrases", metavar="FILE", type=Path, help="a phrases.toml to check instead "
                   "of the language pack's (e.g. one you are editing)")
    p.set_defaults(command=Command(CheckOptions, run_check))
    p = sub.add_parser(
        "where", help="show which model would be used and where that choice came from",
        description="Print the model folder the device would use for a language and where that "
        "choice came from (--model, TALKSTICK_LISTEN_MODEL, the listen.model setting, an installed "
        "vosk_model_<lang> package, or the data folder). Example: talkstick model where --lang ko")
    _add_lang(p)
    p.add_argument("--model", metavar="PATH", help="a model folder to check as the flag would")
    p.set_defaults(command=Command(WhereOptions, run_where))


def _add_lang(parser):
    parser.add_argument("--lang", metavar="L", help="language (default: the dialogue.language "
                        "setting, en unless configured)")


def run_download(options, stop):
    target_root = options.dir or models_dir(load_settings())
    progress = Progress(f"vosk model {options.lang}")
    try:
        path = download_model(options.lang, target_root, progress=progress)
    except KeyboardInterrupt:
        progress.finish()
        print("talkstick: interrupted; run the same command again to resume", file=sys.stderr)
        raise
    except ModelError:
        progress.finish()
        raise
    progress.finish()
    print(f"installed {path}")
    return 0


def run_where(options, stop):
    lang, choice = _choose(options)
    if choice is None:
        print(_missing(lang), file=sys.stderr)
        return 1
    print(f"{choice.path}\t(from {choice.source})")
    return 0


def run_check(options, stop):
    lang, choice = _choose(options)
    if choice is None:
        raise ModelError(_missing(lang))
    phrases = _phrases(lang, options.phrases)
    uses = phrase_words(phrases)
    # a damaged model can crash libvosk: it is only ever loaded in a child process here
    how, missing = examine_model(choice.path, [w for ws in phrases.values() for w in ws], list(uses),
                                 stop=stop)
    print(f"{choice.path}: {how}", file=sys.stderr)
    for word in missing:
        intent, wording = uses[word][0]
        print(f"missing {word}\t{intent}: \"{wording}\"")
    print(f"{len(missing)} of {len(uses)} phrase words missing from {choice.path} "
          f"(from {choice.source})", file=sys.stderr)
    return 1 if missing else 0


def _phrases(lang, path):
    if path is None:
        return load_pack(lang).phrases
    problems = []
    phrases, _ = load_phrases(path, problems)
    if problems:
        raise ScriptError(problems)
    return phrases


def _missing(lang):
    """No model for ``lang``: how to get one; a download only where the catalog has one."""
    if lang in CATALOG:
        return f"no Vosk model found for {lang!r}: {how_to_get(lang)}"
    return (f"no Vosk model found for {lang!r}, and no official small model is known for it "
            f"(downloads: {', '.join(sorted(CATALOG))}): get one from "
            "https://alphacephei.com/vosk/models and give its folder with --model, the "
            "listen.model setting or TALKSTICK_LISTEN_MODEL")


def _choose(options):
    settings = load_settings(overrides={"--model": ("listen.model", options.model)})
    lang = options.lang or settings.dialogue.language
    return lang, resolve_model(lang, settings)
