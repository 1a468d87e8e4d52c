"""Language packs: the check-in phrases and the device's own wording for one language.

A pack is the folder ``prompts/<lang>/``: ``phrases.toml`` (intent -> wordings),
``pack.toml`` (voice and the wording every script shares) and the dialogue scripts.
"""

from dataclasses import dataclass
from pathlib import Path

from talkstick.core.vocabulary import DEVICE_PROMPTS, INTENTS
from talkstick.errors import ScriptError
from talkstick.script.files import PROMPTS_DIR, available_languages, read_toml

PACK_KEYS = {"language", "name", "voice", "names"}


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
    if not (folder / "pack.toml").is_file():
        known = ", ".join(available_languages(root)) or "none"
        raise ScriptError([f"{folder}: no language pack {lang!r} (installed: {known})"])
    problems = []
    meta, prompts = _load_pack_file(folder / "pack.toml", problems)
    phrases, filler = load_phrases(folder / "phrases.toml", problems)
    if problems:
        raise ScriptError(problems)
    return Pack(
        language=meta.get("language", lang), name=meta.get("name", lang),
        voice=meta.get("voice", lang), names=tuple(meta.get("names", ("A", "B"))),
        prompts=prompts, phrases=phrases, folder=folder, filler=filler,
    )


def _load_pack_file(path, problems):
    data = read_toml(path, problems)
    if data is None:
        return {}, {}
    for key in sorted(set(data) - {"pack", "prompts"}):
        problems.append(f"{path}: [{key}]: unknown table (accepted: [pack], [prompts])")
    meta = data.get("pack", {})
    for key in sorted(set(meta) - PACK_KEYS):
        problems.append(f"{path}: [pack] {key}: unknown key (accepted: {', '.join(sorted(PACK_KEYS))})")
    names = meta.get("names", ("A", "B"))
    if not (isinstance(names, list) and len(names) == 2 and all(isinstance(n, str) for n in names)):
        problems.append(f"{path}: [pack] names: must be a list of two names, got {names!r}")
    prompts = data.get("prompts", {})
    for key in DEVICE_PROMPTS:
        if not isinstance(prompts.get(key), str) or not prompts[key].strip():
            problems.append(f"{path}: [prompts] {key}: missing "
                            f"(every pack words {', '.join(DEVICE_PROMPTS)})")
    for key in sorted(set(prompts) - set(DEVICE_PROMPTS)):
        problems.append(f"{path}: [prompts] {key}: unknown prompt (accepted: {', '.join(DEVICE_PROMPTS)})")
    return meta, dict(prompts)


def load_phrases(path, problems):
    """(intent -> wordings, filler words) from a phrases.toml; problems are added to the list."""
    data = read_toml(path, problems)
    if data is None:
        return {}, ()
    for key in sorted(set(data) - {"phrases", "filler"}):
        problems.append(f"{path}: [{key}]: unknown table (accepted: [phrases], [filler])")
    return _phrases(path, data.get("phrases", {}), problems), _filler(path, data.get("filler", {}), problems)


def _phrases(path, table, problems):
    phrases = {}
    for intent in sorted(set(table) - set(INTENTS)):
        problems.append(f"{path}: [phrases] {intent}: unknown intent (accepted: {', '.join(INTENTS)})")
    for intent in INTENTS:
        wordings = table.get(intent)
        texts = wordings if isinstance(wordings, list) else []
        if not texts or not all(isinstance(w, str) and w.strip() for w in texts):
            problems.append(f"{path}: [phrases] {intent}: must be a non-empty list of wordings")
            continue
        phrases[intent] = tuple(" ".join(w.lower().split()) for w in wordings)
    return phrases


def _filler(path, table, problems):
    """Common words that give ordinary talk somewhere to land other than the phrase words."""
    for key in sorted(set(table) - {"words"}):
        problems.append(f"{path}: [filler] {key}: unknown key (accepted: words)")
    words = table.get("words", [])
    if not (isinstance(words, list) and all(isinstance(w, str) and w.strip() for w in words)):
        problems.append(f"{path}: [filler] words: must be a list of words")
        return ()
    return tuple(words)
