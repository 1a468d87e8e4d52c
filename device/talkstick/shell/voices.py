"""The speaker's voice as the settings ask: the engine, the prompt cache, a recorded pack.

Everything the device may say in a session is known at start (the pack's prompts and the
script's wordings, with the partners' typed names), so it is all handed to the speaker to
render ahead into the cache. Nothing heard at the table goes near the cache.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from talkstick.script.said import role_words, wordings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Voice:
    renderer: object  # makes the speaker's renderer, on the speaker's thread
    warm: tuple       # texts to render ahead, the first to be said first
    missing: tuple    # ids of prompts a recorded pack lacks ((): no pack)
    recorded: dict    # text the device says -> the WAV of a recorded pack that says it


def cache_folder(settings):
    return settings.state_dir / "cache" / "prompts"


def recordings_folder(settings, language):
    chosen = settings.voice.recordings
    return Path(chosen).expanduser() if chosen else settings.state_dir / "voices" / language


def voice_for(settings, pack, script):
    from talkstick.voice.cache import PromptCache
    from talkstick.voice.choice import renderer_factory

    v, d = settings.voice, settings.dialogue
    names, minutes = d.names or pack.names, d.break_minutes
    said = [w for w in wordings(pack, script, d.verbosity) if w.fixed]
    recorded, missing = _recorded(settings, pack, script, names, minutes)
    cache = PromptCache(cache_folder(settings), v.cache_mb * 2**20) if v.cache_mb else None
    warm = tuple(dict.fromkeys(t for w in said for t in w.texts(names, minutes)
                               if t not in recorded)) if cache else ()
    make = renderer_factory(v.engine, pack.language, v.voice or pack.voice, v.rate, v.volume,
                            cache=cache, recorded=recorded)
    return Voice(make, warm, tuple(missing), recorded)


def _recorded(settings, pack, script, names, minutes):
    """(text -> WAV, missing ids) of the recorded pack, if there is one; said once in the log."""
    from talkstick.voice.recorded import Recordings

    folder = recordings_folder(settings, pack.language)
    if not folder.is_dir():
        return {}, []
    recordings, roles = Recordings(folder), role_words(pack)
    every = [w for w in wordings(pack, script) if w.fixed]
    table, missing = recordings.table(every, names, roles, minutes)
    for other in _other_scripts(pack, script):  # chosen on the device from its menu
        more = [w for w in wordings(pack, other) if w.fixed and w.id.startswith(f"{other.id}/")]
        table = {**recordings.table(more, names, roles, minutes)[0], **table}
    log.log(logging.WARNING if missing else logging.INFO,
            "recorded voice pack %s: %d of %d prompts recorded%s", folder,
            len(every) - len(missing), len(every),
            f"; the other {len(missing)} are synthesized (talkstick record --missing lists "
            "them)" if missing else "")
    return table, missing


def _other_scripts(pack, script):
    """The pack's other scripts that load (`talkstick check` reports those that do not)."""
    from talkstick.errors import ScriptError
    from talkstick.script.files import SHARED
    from talkstick.script.steps import load_script

    found = []
    for path in sorted(pack.folder.glob("*.toml")):
        if path.name in SHARED or path.resolve() == script.path.resolve():
            continue
        try:
            found.append(load_script(path))
        except (ScriptError, OSError):
            continue
    return found
