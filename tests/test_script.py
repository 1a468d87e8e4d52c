import textwrap

import pytest

from talkstick.commands.check import check_file
from talkstick.core.vocabulary import INTENTS
from talkstick.errors import ScriptError
from talkstick.script.files import PROMPTS_DIR, available_languages
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script

SHIPPED = sorted(p for p in PROMPTS_DIR.glob("*/*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_is_valid(path):
    assert check_file(path) == []


@pytest.mark.parametrize("lang", available_languages())
def test_every_pack_has_every_intent_and_the_default_script(lang):
    pack = load_pack(lang)
    assert set(pack.phrases) == set(INTENTS)
    assert load_script(pack.folder / "imago-dialogue.toml").id == "imago-dialogue"


# English is the reference, so comparing it with itself could not fail: only translations.
@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_every_translation_routes_its_steps_like_english(lang):
    script = load_script(load_pack(lang).folder / "imago-dialogue.toml")
    english = load_script(PROMPTS_DIR / "en" / "imago-dialogue.toml")
    assert {k: dict(s.on) for k, s in script.steps.items()} == {
        k: dict(s.on) for k, s in english.steps.items()}


def test_the_default_script_covers_the_protocol():
    script = load_script(PROMPTS_DIR / "en" / "imago-dialogue.toml")
    for step in ("appointment", "sending", "mirroring", "summary", "validation", "empathy",
                 "switch", "closing"):
        assert step in script.steps
    assert script.steps["more"].on["yes"] == "sending"
    assert script.steps["more"].on["thats_all"] == "summary"
    assert script.steps["switch"].swap


GOOD = """
[script]
start = "a"
[[steps]]
id = "a"
speaker = "sender"
prompt = "Hello {sender}"
[steps.on]
press = "b"
[[steps]]
id = "b"
speaker = "device"
prompt = "Bye"
[steps.on]
spoken = "end"
"""


def problems(tmp_path, text):
    path = tmp_path / "broken.toml"
    path.write_text(textwrap.dedent(text))
    with pytest.raises(ScriptError) as info:
        load_script(path)
    assert all(p.startswith(str(path)) for p in info.value.problems)
    return "\n".join(info.value.problems)


def test_a_minimal_script_loads(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(GOOD)
    assert list(load_script(path).steps) == ["a", "b"]


@pytest.mark.parametrize("change, expected", [
    (('press = "b"', 'press = "nowhere"'), "step 'a': on.press: no step 'nowhere'"),
    (('press = "b"', 'prees = "b"'), "step 'a': on.prees: unknown trigger"),
    (('speaker = "sender"', 'speaker = "both partners"'), "step 'a': speaker: 'both partners' is not one of"),
    (('spoken = "end"', 'spoken = "a"'), "step 'b': on: no way from here to 'end'"),
    (('press = "b"', 'press = "end"'), "step 'b': id: unreachable from start 'a'"),
    (('start = "a"', 'start = "z"'), "[script] start: 'z' is not a step id"),
    (('prompt = "Bye"', 'prompt = "Bye {partner}"'), "step 'b': prompt: unknown placeholder {partner}"),
    (('prompt = "Bye"', 'prompt = "Bye"\ncolour = "red"'), "step 'b': colour: unknown key"),
    (('prompt = "Bye"', 'prompt = "Bye"\ncolor = "mauve"'), "step 'b': color: 'mauve' is not a colour"),
    (('prompt = "Bye"', 'prompt = "Bye"\n[steps.timing]\ncue = "soon"'), "step 'b': timing.cue: 'soon' is not a duration"),
    (('prompt = "Bye"', 'prompt = "Bye"\n[steps.timing]\nwarn = -3'), "step 'b': timing.warn: -3 must be longer than zero"),
    (('prompt = "Bye"', 'prompt = "Bye"\n[steps.timing]\ntarget = "15s"\nwarn = "10s"'),
     "step 'b': timing.warn: 10 s comes before timing.target (15 s); accepted: target <= warn <= cue"),
    (('id = "b"', 'id = "a"'), "step 'a': id: used twice"),
    (('[script]', '[script]\nrounds = "two"'), "[script] rounds: must be a whole number"),
    (('prompt = "Bye"', 'prompt = "Bye"\nswap = true'), "step 'b': on.all_sent: a swap step needs"),
    (('speaker = "device"', 'speaker = "device"\nprompt = 3'), "not valid TOML"),
])
def test_broken_scripts_name_file_step_and_field(tmp_path, change, expected):
    assert expected in problems(tmp_path, GOOD.replace(*change))


def test_check_command_exit_status(tmp_path, capsys):
    from talkstick.commands.main import main

    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(GOOD)
    bad.write_text(GOOD.replace('press = "b"', 'press = "c"'))
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"error {bad}:9: step 'a': on.press: no step 'c'" in out
    assert main(["check"]) == 0


def test_prompts_readme_documents_every_step_key():
    from talkstick.core.vocabulary import ON_KEYS
    from talkstick.script.checks import STEP_KEYS, TIMING_KEYS

    readme = (PROMPTS_DIR / "README.md").read_text()
    for key in [*STEP_KEYS, *ON_KEYS, *TIMING_KEYS]:
        assert f"`{key}`" in readme, key


def test_check_without_files_also_checks_what_run_would_use(monkeypatch, capsys):
    from talkstick.commands.main import main

    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")
    monkeypatch.setenv("TALKSTICK_DIALOGUE_LANGUAGE", "fr")
    assert main(["check"]) == 1
    assert "no language pack 'fr' (installed: en, ko)" in capsys.readouterr().out
