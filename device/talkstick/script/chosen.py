"""The pack and script that the dialogue settings choose: what `talkstick run` loads."""

from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script


def load_chosen(dialogue):
    """(Pack, Script) for a ``DialogueSettings``: its language's pack and its script."""
    return load_pack(dialogue.language), load_script(script_path(dialogue.script, dialogue.language))
