"""Dialogue scripts and language packs: TOML data loaded into frozen dataclasses and checked.

Every problem names the file, the step id and the field. Imports ``talkstick.core`` (the
vocabulary), ``talkstick.errors`` and itself; the shipped files are ``talkstick.prompts``.
"""
