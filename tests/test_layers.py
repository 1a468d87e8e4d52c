"""The folders are the layers: each subpackage imports only what its docstring allows, the
core stays pure, and no two modules import each other round a cycle.

The imports are read from the source (every ``import`` statement, also those inside
functions), so a late import cannot slip past the rule.
"""

import ast
import sys
from pathlib import Path

import pytest

import talkstick

PACKAGE = Path(talkstick.__file__).parent

# Shared leaves anyone may import, and what each layer may import of talkstick besides itself.
LEAVES = {"errors", "audio", "worker", "settings", "portaudio", "tomlfile"}
ALLOWED = {
    "core": set(),
    "script": {"core", "errors", "prompts", "tomlfile"},
    "hearing": {"core", "errors", "audio", "worker", "portaudio"},
    "voice": {"core", "errors", "audio", "worker", "portaudio"},
    "panel": {"core", "errors", "worker"},
    "frontends": {"core", "script", "errors", "worker"},
    "shell": {"core", "script", "hearing", "voice", "panel", "frontends"} | LEAVES,
    "bench": {"core", "script", "hearing", "voice", "errors", "audio"},
    "commands": {"core", "script", "hearing", "voice", "panel", "frontends", "shell", "bench"} | LEAVES,
}
LEAF_ALLOWED = {"errors": set(), "audio": set(), "worker": set(), "portaudio": set(),
                "settings": {"errors", "tomlfile"}, "tomlfile": set(),
                "__init__": set(), "__main__": {"commands"}}
# The core is pure: no threads, no clock, no I/O. Only these parts of the standard library.
PURE_STDLIB = {"dataclasses", "typing", "itertools", "math", "enum", "functools", "types",
               "collections", "string", "re", "__future__"}


def modules():
    """name ("core.dialogue") -> path, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(path):
    """Every module name an import statement in ``path`` names (absolute, as written)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write talkstick.… in full"
            names.add(node.module)
            # "from talkstick.core import events" imports the module talkstick.core.events
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def ours(names, known):
    """The talkstick modules among ``names``, as keys of ``known`` ("core.events")."""
    out = set()
    for name in names:
        if name == "talkstick" or not name.startswith("talkstick."):
            continue
        short = name.removeprefix("talkstick.")
        if short in known:
            out.add(short)
    return out


MODULES = modules()
GRAPH = {name: ours(imports(path), MODULES) - {name} for name, path in MODULES.items()}


def layer(name):
    return name.split(".")[0]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_imports_only_what_its_layer_may(name):
    own = layer(name)
    allowed = ALLOWED.get(own, LEAF_ALLOWED.get(own)) | {own}
    wrong = sorted(m for m in GRAPH[name] if layer(m) not in allowed)
    assert not wrong, f"talkstick.{name} may not import {', '.join(wrong)} (layer {own!r} may import {sorted(allowed)})"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer(n) == "core"))
def test_the_core_imports_no_threads_clock_or_io(name):
    outside = {n.split(".")[0] for n in imports(MODULES[name]) if not n.startswith("talkstick")}
    assert outside <= PURE_STDLIB, f"talkstick.{name} imports {sorted(outside - PURE_STDLIB)}"


def test_every_layer_says_what_lives_there_and_what_it_may_import():
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
        assert doc, f"{folder.name}/__init__.py has no docstring"
        if folder.name in ALLOWED:
            assert "import" in doc.lower(), f"{folder.name}: the docstring does not say what it may import"


def test_no_import_cycles():
    """Depth-first search for a back edge; the cycle found is named in full."""
    state, path = {}, []

    def visit(node):
        state[node] = "open"
        path.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = "done"

    sys.setrecursionlimit(max(1000, 10 * len(GRAPH)))
    for node in sorted(GRAPH):
        if node not in state:
            visit(node)


def test_the_rule_sees_a_violation(tmp_path):
    """The walker is not vacuous: a core module importing threading or the shell is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("import threading\ndef f():\n    from talkstick.shell import session\n")
    assert {"threading", "talkstick.shell", "talkstick.shell.session"} <= imports(bad)
    assert ours(imports(bad), MODULES) == {"shell", "shell.session"}


def test_the_running_device_never_imports_the_benchmark():
    reach, todo = set(), ["commands.run"]
    while todo:
        for target in GRAPH[todo.pop()] - reach:
            reach.add(target)
            todo.append(target)
    assert not {m for m in reach if layer(m) == "bench"}


def test_only_the_settings_read_the_environment():
    """Settings are built once from defaults < file < environment < flags; nothing else looks."""
    readers = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
                readers.append(name)
    assert sorted(set(readers)) == ["settings.loader"]
