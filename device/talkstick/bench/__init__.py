"""The benchmark and the speech it runs on: generated, in memory, never on the device's path.

``talkstick bench`` and the tests import it; the running device never does. Imports
``talkstick.hearing``, ``talkstick.voice`` (the first-sound figure, ``voice``),
``talkstick.script``, ``talkstick.core`` and ``talkstick.audio``.
"""
