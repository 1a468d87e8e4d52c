"""Whatever a script, pack or config file holds, its loader returns a valid object or raises its
own error (ScriptError, ConfigError) whose every problem is one printable line naming the file
and the line. Property-based (hypothesis), over random TOML documents written by a tiny writer
below and over mutations of the shipped files; deterministic (derandomize) and bounded.
"""

import copy
import math
import re
import tomllib
import typing
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from talkstick.commands.check import check_file
from talkstick.core.vocabulary import DEVICE_PROMPTS, END, INTENTS, ON_KEYS
from talkstick.errors import ConfigError, ScriptError
from talkstick.script.files import PROMPTS_DIR
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.settings import SECTIONS, describe_defaults, load_settings
from talkstick.tomlfile.lines import key_lines

# With derandomize the same cases run every time, so CI cannot flake: 2,300 cases in all.
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=800,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LINE = re.compile(r"\.toml:\d+: ")  # FILE:LINE: what is wrong


# A tiny TOML writer: top-level and nested tables as [headers], lists of tables as [[headers]],
# everything else inline, but lists of three or more one item a line and text with a newline as
# a '''multi-line''' string where it can be; Raw text goes in as it is (deep nesting).
class Raw(str):
    pass


def dumps(table):
    return "\n".join(_lines(table, ())) + "\n"


def _lines(table, path):
    lines = [f"{_key(k)} = {_value(v)}" for k, v in table.items() if not _is_table(v) and not _is_tables(v)]
    for k, v in table.items():
        here = ".".join(_key(p) for p in (*path, k))
        if _is_table(v):
            lines += ["", f"[{here}]", *_lines(v, (*path, k))]
        elif _is_tables(v):
            for item in v:
                lines += ["", f"[[{here}]]", *_lines(item, (*path, k))]
    return lines


def _is_table(v):
    return isinstance(v, dict)


def _is_tables(v):
    return isinstance(v, list) and v and all(isinstance(i, dict) for i in v)


def _key(k):
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _string(k)


def _string(s):
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                         if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in s) + '"'


def _multi_line(s):
    """Text a literal multi-line string holds exactly (a newline just after the quotes is not)."""
    return ("\n" in s and not s.startswith("\n") and "'''" not in s and not s.endswith("'")
            and all(c.isprintable() or c in "\n\t" for c in s))


def _value(v):
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and _multi_line(v):
        return f"'''{v}'''"
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, date | time):
        return v.isoformat()
    if isinstance(v, list) and len(v) >= 3:
        return "[\n" + "".join(f"  {_value(i)},\n" for i in v) + "]"
    if isinstance(v, list):
        return "[" + ", ".join(_value(i) for i in v) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_value(i)}" for k, i in v.items()) + "}"


# What the documents are made of: the words the loaders know, and anything at all.
WORDS = ["script", "steps", "id", "start", "rounds", "title", "speaker", "prompt", "turn", "on",
         "timing", "color", "swap", "brief", "cue_prompt", "target", "warn", "cue", "pack",
         "prompts", "phrases", "filler", "words", "names", "voice", "language", "labels",
         *SECTIONS, "verbosity", "button", "bargraph", "step_rgb", "rate", "enabled",
         *ON_KEYS[:4], *DEVICE_PROMPTS[:3], END, "sender", "device"]
KEYS = st.sampled_from(WORDS) | st.text(max_size=6)
SCALARS = st.one_of(
    st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.sampled_from(["sender", "device", "end", "30s", "1m", "#00ff00", "red", "{sender}", "{",
                     "guided", "en", "ko", "Sam", ""]),
    st.dates(), st.times(), st.datetimes(min_value=datetime(1, 1, 1, 0, 0, 1)),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=10)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=5)
ODD = ["\x00", "\x1b[31m", "\n", "\r", "\t", "\x7f", "\u2028", "\ufeff", "'", '"', "\\"]


def _places(node, places):
    """Every (container, key) in a document, tables and lists alike."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        places.append((node, key))
        if isinstance(value, dict | list):
            _places(value, places)
    return places


@st.composite
def mutated(draw, shipped):
    """A shipped file's table, changed in one to three places."""
    doc = copy.deepcopy(shipped)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(doc, [])
        if not places:
            break
        node, key = draw(st.sampled_from(places))
        change = draw(st.sampled_from(["drop", "retype", "odd", "number", "deep", "rename"]))
        if change == "drop":
            del node[key]
        elif change == "retype":
            node[key] = draw(VALUES)
        elif change == "odd":
            node[key] = f"{node[key] if isinstance(node[key], str) else ''}{draw(st.sampled_from(ODD))}"
        elif change == "number":
            node[key] = draw(st.sampled_from([math.nan, math.inf, -math.inf, 0, -1, 10**30, 1e308]))
        elif change == "deep":
            n = draw(st.sampled_from([40, 300, 700]))
            node[key] = Raw("[" * n + "1" + "]" * n)
        elif isinstance(node, dict):
            node[draw(st.sampled_from(ODD)) + str(key)] = node.pop(key)
    return doc


@st.composite
def damaged(draw, text):
    """The bytes of a written document, perhaps broken: invalid UTF-8, cut short, a stray byte."""
    data = text.encode()
    at = draw(st.integers(0, len(data)))
    change = draw(st.sampled_from(["none"] * 4 + ["utf8", "cut", "byte"]))
    if change == "utf8":
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"])) + data[at:]
    if change == "cut":
        return data[:at]
    if change == "byte":
        return data[:at] + bytes([draw(st.integers(0, 127))]) + data[at:]
    return data


def shipped(relative):
    return tomllib.loads((PROMPTS_DIR / relative).read_text(encoding="utf-8"))


SCRIPTS = [shipped("en/imago-dialogue.toml"), shipped("ko/imago-dialogue.toml")]
PACK, PHRASES = shipped("en/pack.toml"), shipped("en/phrases.toml")
CONFIG = tomllib.loads(re.sub(r"^# (\w+ = )", r"\1", describe_defaults(), flags=re.M))


def document(*tables):
    """Bytes of a mutated shipped table or a random document, perhaps damaged."""
    return (st.one_of(*(mutated(t) for t in tables), DOCUMENTS, DOCUMENTS.map(lambda d: {**tables[0], **d}))
            .map(dumps).flatmap(damaged))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def outcome(load, *args):
    """(object, []) or (None, problems) from a loader; anything else it raises fails the test."""
    try:
        loaded = load(*args)
    except ScriptError as e:
        assert e.problems and str(e) == "\n".join(e.problems)
        event(f"refused: {_kind(e.problems[0])}")
        return None, e.problems
    except ConfigError as e:
        event(f"refused: {_kind(str(e))}")
        return None, [str(e)]
    event("loaded")
    return loaded, []


def _kind(problem):
    """A problem's kind, for `pytest --hypothesis-show-statistics`."""
    return "not UTF-8" if "not UTF-8" in problem else "not TOML" if "not valid TOML" in problem else "checked"


def assert_one_line_each(problems, path):
    for p in problems:
        assert p.isprintable(), p  # no newline, no control character, no raw escape sequence
        assert p.startswith(str(path)), p
        assert LINE.search(p), f"no line number: {p}"


def assert_check_agrees(path, loaded):
    problems = check_file(path)
    assert all(p.isprintable() for p in problems), problems
    assert bool(problems) != loaded, problems


@FUZZ
@given(data=document(*SCRIPTS))
def test_any_script_loads_whole_or_says_where_on_one_line(folder, data):
    path = folder / "script.toml"
    path.write_bytes(data)
    script, problems = outcome(load_script, path)
    assert_one_line_each(problems, path)
    if script is not None:
        assert script.start in script.steps and 1 <= script.rounds <= 10
        for step in script.steps.values():
            assert isinstance(step.id, str) and isinstance(step.prompt, str)
            assert all(t == END or t in script.steps for t in step.on.values())
            for seconds in (step.timing.target, step.timing.warn, step.timing.cue):
                assert seconds is None or 0 < seconds <= 86400
    if b"steps" in data or b"script" in data:
        assert_check_agrees(path, script is not None)


@settings(FUZZ, max_examples=400)
@given(pack=document(PACK), phrases=document(PHRASES))
def test_any_pack_loads_whole_or_says_where_on_one_line(folder, pack, phrases):
    (folder / "xx").mkdir(exist_ok=True)
    (folder / "xx" / "script.toml").write_bytes((PROMPTS_DIR / "en" / "imago-dialogue.toml").read_bytes())
    (folder / "xx" / "pack.toml").write_bytes(pack)
    (folder / "xx" / "phrases.toml").write_bytes(phrases)
    loaded, problems = outcome(load_pack, "xx", folder)
    assert_one_line_each(problems, folder / "xx")
    if loaded is not None:
        assert set(loaded.phrases) == set(INTENTS) and all(loaded.phrases.values())
        assert all(isinstance(w, str) for ws in loaded.phrases.values() for w in ws)
        assert len(loaded.names) == 2 and all(isinstance(n, str) for n in loaded.names)
        assert all(isinstance(loaded.prompts[k], str) for k in DEVICE_PROMPTS)
    assert_check_agrees(folder / "xx" / "pack.toml", loaded is not None)


@settings(FUZZ, max_examples=600)
@given(data=document(CONFIG))
def test_any_config_loads_whole_or_says_where_on_one_line(folder, data):
    path = folder / "config.toml"
    path.write_bytes(data)
    loaded, problems = outcome(load_settings, path, {})
    assert_one_line_each(problems, path)
    if loaded is not None:
        for section in SECTIONS:
            values = getattr(loaded, section)
            hints = typing.get_type_hints(type(values))
            for name, value in vars(values).items():
                assert isinstance(value, hints[name]), (section, name, value)
                assert not isinstance(value, float) or math.isfinite(value)
        assert all(isinstance(n, str) for n in loaded.dialogue.names)
    assert all(p.isprintable() for p in check_file(path))


@settings(FUZZ, max_examples=200)
@given(doc=st.dictionaries(KEYS, VALUES.filter(lambda v: "nan" not in repr(v)), max_size=5))
def test_the_writer_writes_toml_that_reads_back_the_same(doc):
    assert tomllib.loads(dumps(doc)) == doc


def _paths(node, path=()):
    """Every key path in a parsed document: (key, index, key, …)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield (*path, key)
        if isinstance(value, dict | list):
            yield from _paths(value, (*path, key))


@settings(FUZZ, max_examples=300)
@given(doc=DOCUMENTS)
def test_every_key_is_found_on_the_line_that_writes_it(doc):
    text = dumps(doc)
    lines, written = key_lines(text), text.splitlines()
    for path in _paths(tomllib.loads(text)):
        assert path in lines, path
        if isinstance(path[-1], str):
            assert _key(path[-1]) in written[lines[path] - 1], (path, lines[path])
