"""Where the running talkstick came from, and how pip puts the same one into the service's venv.

pip records how it installed a distribution (direct_url.json, PEP 610): from a folder (a
checkout, editable or not: built into a wheel first), from a wheel file (installed again if it
is still there), or from the package index (no record: the same name and version from it).
A checkout is copied before it is built, so the build writes nothing into it and picks up no
leftovers of an earlier one (a reused build/lib ships files deleted since).
"""

import importlib.metadata
import importlib.resources
import json
import shutil
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from talkstick.hearing.models import package_model

SERVICE = "talkstick.service"
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                    "*.py[cod]", ".pytest_cache", ".ruff_cache", ".hypothesis",
                                    ".mutation", "mutants")


@dataclass(frozen=True)
class Package:
    """A distribution and where to install it from: ``origin`` is "checkout", "wheel" or
    "index"; ``location`` the checkout's folder or the wheel's path."""

    name: str
    version: str
    origin: str
    location: Path | None = None

    def describe(self):
        return {"checkout": f"built from {self.location}", "wheel": f"from {self.location}",
                "index": "from the package index"}[self.origin]


def this_package(dist=None):
    """The running talkstick (or ``dist``, an importlib.metadata Distribution) as a Package."""
    dist = dist or importlib.metadata.distribution("talkstick")
    name, version = dist.metadata["Name"], dist.version
    info = json.loads(dist.read_text("direct_url.json") or "{}")
    url = urllib.parse.urlparse(info.get("url", ""))
    path = Path(urllib.request.url2pathname(url.path)) if url.scheme == "file" else None
    if path and "dir_info" in info:
        return Package(name, version, "checkout", path)
    if path and path.suffix == ".whl" and path.is_file():
        return Package(name, version, "wheel", path)
    return Package(name, version, "index")


def model_package(lang):
    """The distribution of the ``vosk_model_<lang>`` package the running talkstick finds its
    model in (to install in the venv too), or None."""
    found = package_model(lang)
    module = found.path.parent.name if found else None
    names = importlib.metadata.packages_distributions().get(module, []) if module else []
    if not names:
        return None
    dist = importlib.metadata.distribution(names[0])
    return Package(dist.metadata["Name"], dist.version, "index")


def copy_source(checkout, to):
    """A fresh copy of ``checkout`` at ``to``, without builds, venvs and caches, to build from."""
    if to.exists():
        shutil.rmtree(to)
    shutil.copytree(checkout, to, ignore=NOT_SOURCE, symlinks=True)


def pip_commands(package, python, wheels, extras=(), force=False, build_from=None):
    """The commands that install ``package`` with ``python`` (the venv's own); a checkout is
    built into a wheel in ``wheels`` first, from ``build_from`` (its copy) if given."""
    pip = (str(python), "-m", "pip", "install", "--quiet") + ("--force-reinstall", "--no-deps") * force
    extra = f"[{','.join(extras)}]" if extras else ""
    if package.origin == "checkout":
        wheel = Path(wheels) / f"{_wheel_name(package.name)}-{package.version}-py3-none-any.whl"
        return ((str(python), "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                 str(wheels), str(build_from or package.location)), (*pip, f"{wheel}{extra}"))
    if package.origin == "wheel":
        return ((*pip, f"{package.location}{extra}"),)
    return ((*pip, f"{package.name}{extra}=={package.version}"),)


def installed(venv, package):
    """``package``'s name and version are installed in the virtualenv ``venv``."""
    want = f"{_wheel_name(package.name)}-{package.version}.dist-info"
    return any(p.name.lower() == want for p in Path(venv).glob("lib/python3*/site-packages/*.dist-info"))


def unit_text():
    """The unit that ships inside the package (the top-level systemd/ folder, mapped to
    talkstick.systemd in a wheel and in a checkout alike)."""
    return importlib.resources.files("talkstick.systemd").joinpath(SERVICE).read_text()


def _wheel_name(name):
    """A distribution's name as wheel and .dist-info names spell it."""
    return name.replace("-", "_").replace(".", "_").lower()
