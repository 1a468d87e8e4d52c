"""The device's voice: renderers turn a prompt's text into samples; the speaker plays them.

A ``Renderer`` turns text into samples: espeak-ng (``renderer``), piper (``piper``, the
optional extra), a therapist's recordings (``recorded``), the synthesizers wrapped by the
prompt cache (``cache``); ``choice`` picks and stacks them. ``recorder`` and ``takes`` make
the recordings (`talkstick record`). Imports ``talkstick.core`` (events), ``talkstick.audio``,
``talkstick.worker``, ``talkstick.portaudio`` and ``talkstick.errors``; pyttsx3, piper and
sounddevice are imported where a device is opened.
"""
