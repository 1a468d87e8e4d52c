"""Fetching an official small Vosk model: resumable, checked, installed in one step.

The archive streams to ``<dest_root>/.partial/<name>.zip.part`` (an interrupted download
resumes with an HTTP Range request), is checked against a pinned SHA-256, unpacked into a
temporary folder beside the destination, given a manifest of its files' sizes and SHA-256
(manifest.py) and renamed into ``<dest_root>/<lang>``. A model already there is replaced only
once the new one is complete, so Ctrl-C or an error leaves either the resumable ``.part`` file
or the previous state, never a half-unpacked model.
"""

import http.client
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from talkstick.errors import ModelError
from talkstick.hearing.manifest import file_sha256, write_manifest
from talkstick.hearing.models import is_model_dir

log = logging.getLogger(__name__)

# lang -> (url, sha256 of the zip, folder inside the zip). The Vosk site publishes no
# checksums; these are pinned by other projects that downloaded the same archives:
#   en, de, fr: kercre123/wirepod-pi-yocto meta-wirepod/recipes-vosk/vosk-model/
#               vosk-model-small-{en-us_0.15,de_0.15,fr_0.22}.bb (SRC_URI[model.sha256sum]);
#               en also adamency/numen get-model.sh.
#   ko, es:     the same sum in five or more unrelated projects each, with the archive size
#               (ko 86,914,329 bytes, es 39,817,833 bytes); no single repository path could be
#               retrieved to cite. Check them on the first real download.
BASE = "https://alphacephei.com/vosk/models/"
CATALOG = {
    "en": (BASE + "vosk-model-small-en-us-0.15.zip",
           "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
           "vosk-model-small-en-us-0.15"),
    "ko": (BASE + "vosk-model-small-ko-0.22.zip",
           "eea36124087fed26c59996a4761519458e3bd185e8ea9d9865ad8760c4a1d989",
           "vosk-model-small-ko-0.22"),
    "de": (BASE + "vosk-model-small-de-0.15.zip",
           "b7e53c90b1f0a38456f4cd62b366ecd58803cd97cd42b06438e2c131713d5e43",
           "vosk-model-small-de-0.15"),
    "fr": (BASE + "vosk-model-small-fr-0.22.zip",
           "cabf6180e177eb9b3a9a9d43a437bd5e549f3a7d09525e5d69a3fed787be12ad",
           "vosk-model-small-fr-0.22"),
    "es": (BASE + "vosk-model-small-es-0.42.zip",
           "09b239888f633ef2f0b4e09736e3d9936acfd810bc65d53fad45261762c6511f",
           "vosk-model-small-es-0.42"),
}

CHUNK = 256 * 1024
MAX_UNPACKED = 2 * 1024**3  # the small models unpack to < 300 MB; refuse zip bombs
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def download_model(lang, dest_root, *, catalog=CATALOG, opener=None, progress=None, timeout=30):
    """Download, verify and install the model for ``lang``; returns ``<dest_root>/<lang>``.

    ``opener`` is a urllib OpenerDirector (built here when None); ``progress(done, total)``
    is called as bytes arrive (``total`` is None when the server does not say).
    """
    if lang not in catalog:
        raise ModelError(f"no download known for language {lang!r} (known: {', '.join(sorted(catalog))})")
    url, sha256, name = catalog[lang]
    dest_root = Path(dest_root)
    part = dest_root / ".partial" / f"{name}.zip.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    opener = opener or urllib.request.build_opener()
    try:
        _fetch(url, part, opener, progress, timeout)
    except ModelError:
        _remove_if_empty(part.parent)  # nothing to resume: leave no trace
        raise
    got = file_sha256(part)
    if got != sha256:
        part.unlink()
        _remove_if_empty(part.parent)
        raise ModelError(f"{url}: checksum mismatch: expected SHA-256 {sha256}, got {got}; "
                         "the download was deleted, run again to retry")
    target = _install(part, dest_root, lang, name)
    part.unlink()
    _remove_if_empty(part.parent)
    return target


def _fetch(url, part, opener, progress, timeout):
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "talkstick", "Range": f"bytes={have}-"} if have else {"User-Agent": "talkstick"}
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:
            log.info("%s: the partial file is already complete (%d bytes)", part, have)
            return  # the checksum decides whether it really is the archive
        raise ModelError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        raise ModelError(f"cannot reach {url}: {getattr(e, 'reason', e)}") from None
    with response:
        start, total = _start_and_total(response, have)
        if have and start == 0:
            log.info("%s: server ignored the resume request; starting over", url)
        _stream(response, part, start, total, progress, url)


def _start_and_total(response, have):
    """Where the body starts in the file, and the file's full size (None if unknown)."""
    length = response.headers.get("Content-Length")
    if response.status == 206:
        match = CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if match and int(match[1]) == have:
            return have, None if match[3] == "*" else int(match[3])
        raise ModelError(f"{response.url}: unexpected Content-Range "
                         f"{response.headers.get('Content-Range')!r} for a resume from byte {have}")
    return 0, int(length) if length and length.isdigit() else None


def _stream(response, part, start, total, progress, url):
    done = start
    try:
        with open(part, "r+b" if start else "wb") as f:
            f.truncate(start)
            f.seek(start)
            while block := response.read(CHUNK):
                f.write(block)
                done += len(block)
                if progress:
                    progress(done, total)
    except (OSError, http.client.HTTPException) as e:
        raise ModelError(f"{url}: download interrupted at {_mb(done)} ({e}); "
                         "run the command again to resume") from None
    if total is not None and done < total:
        raise ModelError(f"{url}: connection closed at {_mb(done)} of {_mb(total)}; "
                         "run the command again to resume")


def _install(archive, dest_root, lang, name):
    unpack = Path(tempfile.mkdtemp(prefix=f".{lang}-unpack-", dir=dest_root))
    try:
        try:
            with zipfile.ZipFile(archive) as z:
                _safe_extract(z, unpack, archive)
        except zipfile.BadZipFile as e:
            archive.unlink()
            raise ModelError(f"{archive}: not a valid zip archive ({e}); deleted it, "
                             "run again to retry") from None
        model = _model_folder(unpack, name, archive)
        write_manifest(model)  # what the device checks the sizes against on every start
        target = dest_root / lang
        _swap_in(model, target)
        return target
    finally:
        shutil.rmtree(unpack, ignore_errors=True)


def _safe_extract(z, into, archive):
    entries = z.infolist()
    for entry in entries:
        parts = PurePosixPath(entry.filename).parts
        is_link = (entry.external_attr >> 16) & 0o170000 == 0o120000
        if entry.filename.startswith("/") or ".." in parts or "\\" in entry.filename or is_link:
            raise ModelError(f"{archive}: unsafe entry {entry.filename!r} in the archive; refusing it")
    if sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise ModelError(f"{archive}: unpacks to more than {_mb(MAX_UNPACKED)}; refusing it")
    z.extractall(into)


def _model_folder(unpack, name, archive):
    for candidate in (unpack / name, unpack):
        if is_model_dir(candidate):
            return candidate
    inner = [p for p in unpack.iterdir() if p.is_dir() and is_model_dir(p)]
    if len(inner) == 1:
        return inner[0]
    raise ModelError(f"{archive}: the archive holds no Vosk model (no am/final.mdl and conf/model.conf)")


def _swap_in(model, target):
    """Rename the new model into place; an old one is moved aside first and deleted after,
    and put back if the new one cannot be moved in."""
    if not target.exists():
        os.replace(model, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent)) / "model"
    os.replace(target, old)
    try:
        os.replace(model, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old.parent, ignore_errors=True)


def _remove_if_empty(folder):
    try:
        folder.rmdir()
    except OSError:
        pass


def _mb(n):
    return f"{n / 1e6:.1f} MB"


class Progress:
    """A ``progress(done, total)`` callback that shows percent, MB and rate: one line redrawn
    with \\r on a terminal, otherwise (a log, a pipe) a line at every 10 %."""

    def __init__(self, label, stream=None, clock=time.monotonic):
        self.label, self.stream, self.clock = label, stream or sys.stderr, clock
        self.tty = self.stream.isatty()
        self.first = self.last_draw = None
        self.step = -1

    def __call__(self, done, total):
        now = self.clock()
        if self.first is None:
            self.first = (now, done)  # a resumed download starts part-way: rate counts new bytes
        step = done * 10 // total if total else done // 10_000_000
        if self.tty and (self.last_draw is None or now - self.last_draw >= 0.2 or done == total):
            self.last_draw = now
            self.stream.write(f"\r{self.describe(done, total, now)}\033[K")
        elif not self.tty and step != self.step:
            self.stream.write(self.describe(done, total, now) + "\n")
        self.step = step
        self.stream.flush()

    def describe(self, done, total, now):
        start, start_done = self.first
        rate = (done - start_done) / (now - start) if now > start else 0.0
        size = f"{_mb(done)} of {_mb(total)}" if total else _mb(done)
        percent = f"{100 * done // total:3d}% " if total else ""
        return f"{self.label}: {percent}{size} at {rate / 1e6:.1f} MB/s"

    def finish(self):
        """Ends the redrawn line so the next message starts on its own."""
        if self.tty and self.last_draw is not None:
            self.stream.write("\n")
            self.stream.flush()
