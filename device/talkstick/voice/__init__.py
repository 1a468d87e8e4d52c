"""The device's voice: renderers turn a prompt's text into samples; the speaker plays them.

A ``Renderer`` (``renderer``) is the seam for other voices (piper, recorded packs, a prompt
cache). Imports ``talkstick.core`` (events), ``talkstick.audio``, ``talkstick.worker``,
``talkstick.portaudio`` and ``talkstick.errors``; pyttsx3 and sounddevice are imported where a
device is opened.
"""
