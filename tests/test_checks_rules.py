"""The load-time checks, one rule at a time: every problem names the file, the table or step,
and the field, says what is wrong and what is accepted; a wrongly typed table is a problem,
never a crash."""

import pytest

from talkstick.core.vocabulary import ON_KEYS
from talkstick.errors import ScriptError
from talkstick.script.checks import SCRIPT_KEYS, STEP_KEYS, check_graph, check_step, check_table
from talkstick.script.steps import Step, load_script

WHERE = "s.toml"
OK_STEP = {"id": "a", "speaker": "sender", "prompt": "Hello {sender}"}


def table_problems(label, table, known):
    problems = []
    check_table(WHERE, label, table, known, problems)
    return problems


def step_problems(**changes):
    raw = {k: v for k, v in {**OK_STEP, **changes}.items() if v is not None}
    problems = []
    check_step(WHERE, "step 'a'", raw, problems)
    return problems


# -- tables: unknown keys and types ------------------------------------------------------------
@pytest.mark.parametrize("label, table, known, expected", [
    ("", {"stepz": []}, {"script": dict, "steps": list},
     "s.toml: stepz: unknown key (accepted: script, steps)"),
    ("[script]", {"titel": "x"}, SCRIPT_KEYS,
     "s.toml: [script] titel: unknown key (accepted: id, title, start, rounds, description, minutes)"),
    ("step 'a'", {"colour": "red"}, {"id": str, "color": str},
     "s.toml: step 'a': colour: unknown key (accepted: id, color)"),
])
def test_an_unknown_key_names_where_it_is_and_what_is_accepted(label, table, known, expected):
    assert table_problems(label, table, known) == [expected]


@pytest.mark.parametrize("key, value, expected", [
    ("prompt", 3, "prompt: must be text, got 3"),
    ("swap", "yes", "swap: must be true or false, got 'yes'"),
    ("on", "end", "on: must be a table, got 'end'"),
    ("timing", ["1m"], "timing: must be a table, got ['1m']"),
])
def test_a_wrongly_typed_step_value_says_the_type_it_must_be(key, value, expected):
    assert table_problems("step 'a'", {key: value}, STEP_KEYS) == [f"s.toml: step 'a': {expected}"]


@pytest.mark.parametrize("value, written", [("two", "'two'"), (True, "true"), (2.0, "2.0")])
def test_rounds_must_be_a_whole_number_and_true_is_not_one(value, written):
    assert table_problems("[script]", {"rounds": value}, SCRIPT_KEYS) == [
        f"s.toml: [script] rounds: must be a whole number, got {written}"]


def test_steps_must_be_a_list_of_tables():
    assert table_problems("", {"steps": "x"}, {"steps": list}) == [
        "s.toml: steps: must be a list of tables, got 'x'"]


def test_a_well_typed_table_has_no_problems():
    assert table_problems("[script]", {"start": "a", "rounds": 2, "title": "t"}, SCRIPT_KEYS) == []


# -- one step's fields ---------------------------------------------------------------------------
def test_a_good_step_has_no_problems():
    assert step_problems(turn="respond", brief="{receiver}", cue_prompt="{minutes}",
                         on={"press": "b", "spoken": "end"}, timing={"target": "1m"}) == []


@pytest.mark.parametrize("changes, expected", [
    ({"speaker": None}, "speaker: missing (accepted: sender, receiver, both, device)"),
    ({"speaker": "chair"}, "speaker: 'chair' is not one of sender, receiver, both, device"),
    ({"turn": "listen"}, "turn: 'listen' is not one of speak, respond"),
    ({"prompt": None}, "prompt: missing (the words the device says in this step)"),
    ({"prompt": "Hi {partner}"},
     "prompt: unknown placeholder {partner} (accepted: minutes, receiver, sender)"),
    ({"brief": "Hi {partner}"},
     "brief: unknown placeholder {partner} (accepted: minutes, receiver, sender)"),
    ({"cue_prompt": "Hi {name}"},
     "cue_prompt: unknown placeholder {name} (accepted: minutes, receiver, sender)"),
    ({"prompt": "Hi {sender"},
     "prompt: expected '}' before end of string (write {{ and }} for a literal brace)"),
    ({"on": {"prees": "b"}}, f"on.prees: unknown trigger (accepted: {', '.join(ON_KEYS)})"),
    ({"on": {"press": 3}}, "on.press: must be a step id, got 3"),
    ({"swap": True}, "on.all_sent: a swap step needs the step to go to once every partner has sent"),
    ({"swap": True, "on": {"press": "b"}},
     "on.all_sent: a swap step needs the step to go to once every partner has sent"),
    ({"timing": {"soon": "1m"}}, "timing.soon: unknown key (accepted: target, warn, cue, lapse)"),
])
def test_a_bad_step_field_names_the_field_and_what_is_accepted(changes, expected):
    assert step_problems(**changes) == [f"s.toml: step 'a': {expected}"]


@pytest.mark.parametrize("changes", [{"on": "b"}, {"on": ["b"]}, {"timing": "1m"}, {"timing": 60}])
def test_a_table_of_the_wrong_type_is_left_to_the_type_check(changes):
    assert step_problems(**changes) == []


def test_a_swap_step_with_somewhere_to_go_after_the_last_round_is_fine():
    assert step_problems(swap=True, on={"press": "b", "all_sent": "end"}) == []


# -- the graph -----------------------------------------------------------------------------------
@pytest.mark.parametrize("start", [["a"], {"id": "a"}, 3])
def test_a_start_that_is_not_a_step_id_is_a_problem_whatever_its_type(start):
    problems = []
    check_graph(WHERE, start, {"a": Step(id="a", speaker="sender", prompt="", on={"press": "end"})},
                problems)
    assert len(problems) == 1 and problems[0].startswith("s.toml: [script] start: ")
    assert "is not a step id" in problems[0]


def test_a_target_that_is_not_text_leads_nowhere():
    steps = {"a": Step(id="a", speaker="sender", prompt="", on={"press": ["end"], "double": "end"}),
             "b": Step(id="b", speaker="sender", prompt="", on={"press": {"to": "a"}})}
    problems = []
    check_graph(WHERE, "a", steps, problems)
    assert problems == ["s.toml: step 'b': id: unreachable from start 'a'"]


# -- a wrong type in a script file is a problem named in full, never a crash ----------------------
GOOD = """
[script]
start = "a"
[[steps]]
id = "a"
speaker = "sender"
prompt = "Hello"
[steps.on]
press = "end"
"""


@pytest.mark.parametrize("change, expected", [
    (('prompt = "Hello"', 'prompt = "Hello"\ntiming = "1m"'), ":8: step 'a': timing: must be a table, got '1m'"),
    (('prompt = "Hello"\n[steps.on]\npress = "end"', 'prompt = "Hello"\non = "end"'),
     ":8: step 'a': on: must be a table, got 'end'"),
    (('press = "end"', 'press = ["end", "a"]'), ":9: step 'a': on.press: must be a step id, got ['end', 'a']"),
    (('[script]\nstart = "a"', 'script = 3'), ":2: script: must be a table, got 3"),
    (('start = "a"', 'start = ["a"]'), ":3: [script] start: must be text, got ['a']"),
])
def test_a_wrongly_typed_table_in_a_script_is_reported_not_a_crash(tmp_path, change, expected):
    path = tmp_path / "s.toml"
    path.write_text(GOOD.replace(*change))
    assert any(p.startswith(f"{path}{expected}") for p in script_problems(path)), expected


def test_steps_that_are_not_a_list_of_tables_are_reported(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("steps = 3\n")
    assert script_problems(path)[0].startswith(f"{path}:1: steps: must be a list of tables, got 3")


def script_problems(path):
    with pytest.raises(ScriptError) as info:
        load_script(path)
    return info.value.problems


# -- placeholders the engine could not fill in ------------------------------------------------------
FILL = " (accepted: {sender}, {receiver}, {minutes} as they are; {{ and }} for a literal brace)"


@pytest.mark.parametrize("prompt", ["{sender:>12}, {receiver:<8}", "{minutes:d} minutes", "{sender!r}"])
def test_a_format_that_fits_the_names_and_the_minutes_is_accepted(prompt):
    assert step_problems(prompt=prompt) == []


@pytest.mark.parametrize("prompt, error", [
    ("{sender!x}", "Unknown conversion specifier x"),
    ("{minutes:s}", "Unknown format code 's' for object of type 'int'"),
    ("{receiver:d}", "Unknown format code 'd' for object of type 'str'"),
])
def test_a_format_the_engine_could_not_apply_is_a_problem(prompt, error):
    assert step_problems(prompt=prompt) == [f"s.toml: step 'a': prompt: cannot be filled in: {error}" + FILL]


def test_a_swap_step_whose_on_is_not_a_table_still_needs_all_sent():
    assert step_problems(swap=True, on=3) == [
        "s.toml: step 'a': on.all_sent: a swap step needs the step to go to once every partner has sent"]


# -- graph problems name the line they are about ------------------------------------------------------
GRAPH = """\
[script]
start = "a"

[[steps]]
id = "a"
speaker = "sender"
prompt = "Hello"
[steps.on]
press = "nowhere"
double = "end"
yes = "c"

[[steps]]
id = "b"
speaker = "sender"
prompt = "Lost"
[steps.on]
press = "end"

[[steps]]
id = "c"
speaker = "sender"
prompt = "Round and round"
[steps.on]
press = "c"
"""


def test_graph_problems_name_the_line_of_the_target_the_id_and_the_on_table(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(GRAPH)
    assert script_problems(path) == [
        f"{path}:9: step 'a': on.press: no step 'nowhere' (accepted: a step id or 'end')",
        f"{path}:14: step 'b': id: unreachable from start 'a'",
        f"{path}:24: step 'c': on: no way from here to 'end'",
    ]


@pytest.mark.parametrize("count, accepted", [
    (6, "'s1', 's2', 's3', 's4', 's5', 's6'"),
    (7, "'s1', 's2', 's3', 's4', 's5', 's6', …"),
])
def test_a_bad_start_lists_the_first_six_step_ids(tmp_path, count, accepted):
    steps = "".join(f'[[steps]]\nid = "s{n}"\nspeaker = "device"\nprompt = "p"\non = {{ spoken = "end" }}\n'
                    for n in range(1, count + 1))
    path = tmp_path / "s.toml"
    path.write_text(f'[script]\nstart = "z"\n{steps}')
    assert script_problems(path) == [
        f"{path}:2: [script] start: 'z' is not a step id (accepted: {accepted})"]
