"""Where packs and scripts are: the prompts shipped inside the package."""

import importlib.resources
from pathlib import Path

# The top-level prompts/ folder of the source tree, installed as the package talkstick.prompts
# (pyproject.toml maps it), so a wheel, a checkout and the service all read the same files.
PROMPTS_DIR = Path(importlib.resources.files("talkstick.prompts"))
SHARED = ("pack.toml", "phrases.toml")  # a pack's own files; every other .toml is a script


def available_languages(root=PROMPTS_DIR):
    return sorted(p.name for p in Path(root).iterdir() if (p / "pack.toml").is_file())


def shipped_files(root=PROMPTS_DIR):
    """Every pack and script shipped: each language's pack.toml, then its scripts."""
    files = []
    for lang in available_languages(root):
        folder = Path(root) / lang
        files += [folder / "pack.toml"]
        files += sorted(p for p in folder.glob("*.toml") if p.name not in SHARED)
    return files


def script_path(name, lang, root=PROMPTS_DIR):
    """A script by name in a language pack, or by path."""
    path = Path(name)
    if path.suffix == ".toml" or len(path.parts) > 1:
        return path
    return Path(root) / lang / f"{name}.toml"
