"""The pack and script that the settings choose: what `talkstick run` loads and `check` checks.

A choice that names no installed pack or script is a problem named where the choice was made
(the config file and line, the environment variable or the flag), not where the loader looked.
"""

from pathlib import Path

from talkstick.errors import ScriptError
from talkstick.script.files import PROMPTS_DIR, SHARED, available_languages, script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.tomlfile.quoting import one_line, shown
from talkstick.tomlfile.source import is_file


def load_chosen(settings, root=PROMPTS_DIR):
    """(Pack, Script) of ``settings.dialogue``: its language's pack and its script.

    ``settings`` is a talkstick.settings.Settings; ``settings.origin("dialogue.language")``
    says where a choice was set ("FILE:LINE: [dialogue] language", a variable or a flag)."""
    chosen, folder = settings.dialogue, Path(root) / settings.dialogue.language
    installed = available_languages(root)
    if chosen.language not in installed:
        raise _refused(settings, "language", f"no language pack {shown(chosen.language)} "
                       f"(installed: {', '.join(installed) or 'none'})")
    key, name = chosen_key(settings)
    path = script_path(name, chosen.language, root) if key == "script" else folder / f"{name}.toml"
    if not is_file(path) or (key == "exercise" and Path(name).name != name):
        scripts = sorted(p.stem for p in folder.glob("*.toml") if p.name not in SHARED)
        also = "; or a path to a .toml script" if key == "script" else ""
        raise _refused(settings, key, f"no {key} {shown(name)} in language pack {chosen.language} "
                       f"(installed: {', '.join(scripts)}{also})")
    return load_pack(chosen.language, root), load_script(path)


def chosen_key(settings):
    """("script", name) when a script of one's own is set at the level of the exercise or above
    (file < environment < flag), else ("exercise", name)."""
    chosen = settings.dialogue
    if chosen.script and _level(settings, "script") >= _level(settings, "exercise"):
        return "script", chosen.script
    return "exercise", chosen.exercise


def _level(settings, key):
    origin = settings.origin(f"dialogue.{key}")
    if origin == "default":
        return 0
    return 3 if origin.startswith("-") else 2 if origin.startswith("environment variable") else 1


def _refused(settings, key, text):
    """A ScriptError naming where ``dialogue.<key>`` was set: its default, a file, variable or flag."""
    origin = settings.origin(f"dialogue.{key}")
    where = f"{settings.source}: [dialogue] {key} (the default)" if origin == "default" else origin
    return ScriptError([one_line(f"{where}: {text}")])
