"""`talkstick check` warns of an intent a pack has wordings for that no script listens for."""

import shutil

from talkstick.commands.check import pack_warnings
from talkstick.script.files import PROMPTS_DIR, SHARED


def test_every_intent_of_the_shipped_packs_is_listened_for_somewhere():
    assert pack_warnings() == []


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
    [warning] = pack_warnings(tmp_path)
    assert warning.startswith(f"{phrases}:{line}: [phrases] feeling_check: no step of any script "
                              "listens for it (scripts: ")
    assert warning.endswith("add it to a step's `on` table or drop it")


def test_a_stem_whose_question_holds_the_answer_it_waits_for_is_named_at_its_line(tmp_path):
    # Stop 28 took "지금 괜찮 아요" out of the appointment wordings: the sender's opener asks
    # "…지금 괜찮아요?", and the device would hear the question as the receiver's yes.
    shutil.copytree(PROMPTS_DIR / "ko", tmp_path / "ko")
    phrases = tmp_path / "ko" / "phrases.toml"
    text = phrases.read_text(encoding="utf-8")
    assert 'appointment_ok = ["지금 좋아요", "좋아요"]' in text
    phrases.write_text(text.replace('appointment_ok = ["지금 좋아요", "좋아요"]',
                                    'appointment_ok = ["지금 좋아요", "지금 괜찮 아요"]'), encoding="utf-8")
    asking = {}
    for script in sorted((tmp_path / "ko").glob("*.toml")):
        for n, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("stem = ") and line.endswith('지금 괜찮아요?"'):
                asking[script] = n
    assert len(asking) == 3  # the three scripts that start with an appointment
    warnings = pack_warnings(tmp_path)
    assert sorted(warnings) == sorted(
        f"{script}:{n}: step 'appointment': stem: the question '지금 괜찮아요?' holds '지금 괜찮 아요', "
        "a wording of appointment_ok, which this step listens for: the question would be heard "
        "as its answer (word the question or the answer otherwise)" for script, n in asking.items())
