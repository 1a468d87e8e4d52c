"""Ways to drive and watch a session: headless JSON lines, the terminal simulator, a finger.

The finger presses the mock button pin, so every frontend goes through the real gesture code.
Imports ``talkstick.core``, ``talkstick.script``, ``talkstick.worker`` and ``talkstick.errors``.
"""
