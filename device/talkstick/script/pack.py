"""Language packs: the check-in phrases and the device's own wording for one language.

A pack is the folder ``prompts/<lang>/``: ``phrases.toml`` (intent -> wordings),
``pack.toml`` (voice and the wording every script shares) and the dialogue scripts.
"""

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from talkstick.core.timewords import TimeWords
from talkstick.core.vocabulary import DEVICE_PROMPTS, INTENTS, PROMPT_PLACEHOLDERS
from talkstick.errors import ScriptError
from talkstick.script.checks import check_table, placeholder_problems
from talkstick.script.files import PROMPTS_DIR, available_languages
from talkstick.script.labels import load_labels
from talkstick.script.selftest_words import load_selftest_words
from talkstick.script.timewords import load_time_words
from talkstick.tomlfile.quoting import one_line, shown, shown_key
from talkstick.tomlfile.source import is_file, problem, read_source

PACK_KEYS = {"language": str, "name": str, "voice": str, "names": object}  # names: checked below


@dataclass(frozen=True)
class Pack:
    language: str
    name: str
    voice: str
    names: tuple
    prompts: dict
    phrases: dict
    folder: Path
    filler: tuple = ()
    labels: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # script/labels.py
    brief: dict = field(default_factory=dict)  # shorter device prompts for verbosity "brief"
    time_words: TimeWords = TimeWords()  # [clock]: how a time is said (script/timewords.py)
    selftest: dict = field(default_factory=dict)  # [selftest]: `selftest --spoken` (script/selftest_words.py)

    def prompts_for(self, verbosity):
        """The device's own prompts at a verbosity: ``brief`` takes the short wording where
        the pack gives one."""
        return {**self.prompts, **self.brief} if verbosity == "brief" else dict(self.prompts)

    def wordings(self):
        """Every wording of every intent, in order."""
        return [w for ws in self.phrases.values() for w in ws]

    def words(self):
        """word -> [(intent, wording), ...] for every word of every wording, in order."""
        return phrase_words(self.phrases)


def phrase_words(phrases):
    """word -> [(intent, wording), ...] for every word of every wording, in order."""
    uses = {}
    for intent, wordings in phrases.items():
        for wording in wordings:
            for word in wording.split():
                uses.setdefault(word, []).append((intent, wording))
    return uses


def load_pack(lang, root=PROMPTS_DIR):
    folder = Path(root) / lang
    if not is_file(folder / "pack.toml"):
        known = ", ".join(available_languages(root)) or "none"
        raise ScriptError([one_line(f"{folder}: no language pack {shown(lang)} (installed: {known})")])
    problems = []
    source = read_source(folder / "pack.toml", problems)
    meta, prompts, brief = _load_pack_file(source, problems) if source is not None else ({}, {}, {})
    phrases, filler = load_phrases(folder / "phrases.toml", problems)
    labels = load_labels(source, problems) if source is not None else None
    time_words = load_time_words(source, problems) if source is not None else TimeWords()
    selftest = load_selftest_words(source, problems) if source is not None else {}
    if problems:
        raise ScriptError([one_line(p) for p in problems])
    return Pack(
        language=meta.get("language", lang), name=meta.get("name", lang),
        voice=meta.get("voice", lang), names=tuple(meta.get("names", ("A", "B"))),
        prompts=prompts, phrases=phrases, folder=folder, filler=filler, labels=labels, brief=brief,
        time_words=time_words, selftest=selftest,
    )


def _load_pack_file(source, problems):
    """([pack], [prompts], [brief]) of a pack.toml read as a Source."""
    for key in sorted(set(source.data) - {"pack", "prompts", "brief", "labels", "clock", "selftest"}):
        problems.append(problem(source, (key,), f"[{shown_key(key)}]: unknown table "
                                "(accepted: [pack], [prompts], [brief], [labels], [clock], [selftest])"))
    meta = _table(source, "pack", problems) or {}
    check_table(source, "[pack]", meta, PACK_KEYS, problems, keys=("pack",))
    names = meta.get("names", ["A", "B"])
    if not (isinstance(names, list) and len(names) == 2 and all(_is_words(n) for n in names)):
        problems.append(problem(source, ("pack", "names"), "[pack] names: must be a list of two "
                                f"names, got {shown(names)}"))
    every = f"every pack words {', '.join(DEVICE_PROMPTS)}"
    prompts = _table(source, "prompts", problems, required=every)
    if prompts is not None:
        _check_prompts(source, "prompts", prompts, every, problems)
    brief = _table(source, "brief", problems)
    if brief is not None:
        _check_prompts(source, "brief", brief, None, problems)
    return meta, dict(prompts or {}), dict(brief or {})


def _check_prompts(source, table, prompts, every, problems):
    """[prompts] words every device prompt (``every`` says so); [brief] may word some."""
    for key in DEVICE_PROMPTS if every else sorted(set(prompts) & set(DEVICE_PROMPTS)):
        if not _is_words(prompts.get(key)):
            got = "missing" if key not in prompts else f"must be text, got {shown(prompts[key])}"
            problems.append(problem(source, (table, key), f"[{table}] {key}: {got} ({every})"))
        for message in placeholder_problems(prompts.get(key), PROMPT_PLACEHOLDERS.get(key, ())):
            problems.append(problem(source, (table, key), f"[{table}] {key}: {message}"))
    for key in sorted(set(prompts) - set(DEVICE_PROMPTS)):
        problems.append(problem(source, (table, key), f"[{table}] {shown_key(key)}: unknown "
                                f"prompt (accepted: {', '.join(DEVICE_PROMPTS)})"))


def _table(source, key, problems, required=None):
    """``[key]`` of the file; {} when it is optional and absent; None, with the problem, when it
    is not a table or is ``required`` (what it must hold) and absent: its parts go unchecked."""
    table = source.data.get(key, None if required else {})
    if isinstance(table, dict):
        return table
    got = f"missing ({required})" if table is None else f"must be a table, got {shown(table)}"
    problems.append(problem(source, (key,), f"[{key}]: {got}"))
    return None


def _is_words(text):
    """Text a person could say or read: not blank and without control characters."""
    return isinstance(text, str) and bool(text.strip()) and text.replace("\n", " ").isprintable()


def load_phrases(path, problems):
    """(intent -> wordings, filler words) from a phrases.toml; problems are added to the list."""
    source = read_source(path, problems)
    return ({}, ()) if source is None else phrases_in(source, problems)


def phrases_in(source, problems):
    """(intent -> wordings, filler words) from a phrases.toml already read (a Source)."""
    for key in sorted(set(source.data) - {"phrases", "filler"}):
        problems.append(problem(source, (key,), f"[{shown_key(key)}]: unknown table "
                                "(accepted: [phrases], [filler])"))
    table = _table(source, "phrases", problems, required=f"every pack lists wordings for each of "
                   f"{', '.join(INTENTS)}")
    phrases = {} if table is None else _phrases(source, table, problems)
    filler = _table(source, "filler", problems)
    return phrases, () if filler is None else _filler(source, filler, problems)


def _phrases(source, table, problems):
    phrases = {}
    for intent in sorted(set(table) - set(INTENTS)):
        problems.append(problem(source, ("phrases", intent), f"[phrases] {shown_key(intent)}: "
                                f"unknown intent (accepted: {', '.join(INTENTS)})"))
    for intent in INTENTS:
        wordings = table.get(intent)
        if not (isinstance(wordings, list) and wordings and all(_is_words(w) for w in wordings)):
            got = "missing" if intent not in table else f"got {shown(wordings)}"
            problems.append(problem(source, ("phrases", intent), f"[phrases] {intent}: must be a "
                                    f"non-empty list of wordings, e.g. [\"yes\", \"that's right\"]; {got}"))
            continue
        phrases[intent] = tuple(" ".join(w.lower().split()) for w in wordings)
    return phrases


def _filler(source, table, problems):
    """Common words that give ordinary talk somewhere to land other than the phrase words."""
    for key in sorted(set(table) - {"words"}):
        problems.append(problem(source, ("filler", key), f"[filler] {shown_key(key)}: unknown key "
                                "(accepted: words)"))
    words = table.get("words", [])
    if not (isinstance(words, list) and all(_is_words(w) for w in words)):
        problems.append(problem(source, ("filler", "words"), "[filler] words: must be a list of "
                                f"words, e.g. [\"well\", \"so\"]; got {shown(words)}"))
        return ()
    return tuple(words)
