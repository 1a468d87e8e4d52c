"""`talkstick check` warns of an intent a pack has wordings for that no script listens for."""

import shutil

from talkstick.commands.check import unheard_warnings
from talkstick.script.files import PROMPTS_DIR, SHARED


def test_every_intent_of_the_shipped_packs_is_listened_for_somewhere():
    assert unheard_warnings() == []


def test_an_intent_no_step_acts_on_is_named_with_its_line_in_phrases_toml(tmp_path):
    shutil.copytree(PROMPTS_DIR / "ko", tmp_path / "ko")
    for script in (tmp_path / "ko").glob("*.toml"):
        if script.name not in SHARED:
            lines = script.read_text(encoding="utf-8").splitlines(keepends=True)
            script.write_text("".join(x for x in lines if not x.startswith("feeling_check =")),
                              encoding="utf-8")
    phrases = tmp_path / "ko" / "phrases.toml"
    line = next(n for n, text in enumerate(phrases.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("feeling_check ="))
    [warning] = unheard_warnings(tmp_path)
    assert warning.startswith(f"{phrases}:{line}: [phrases] feeling_check: no step of any script "
                              "listens for it (scripts: ")
    assert warning.endswith("add it to a step's `on` table or drop it")
