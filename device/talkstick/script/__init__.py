"""Dialogue scripts and language packs: TOML data loaded into frozen dataclasses and checked.

Every problem names the file and line, the step id and the field. Imports ``talkstick.core``
(the vocabulary), ``talkstick.errors``, ``talkstick.tomlfile`` (reading a file, naming a line)
and itself; the shipped files are ``talkstick.prompts``.
"""
