"""The panel on gpiozero: the talking-stick button (gestures in) and the lamps (LEDs out).

Imports ``talkstick.core`` (gestures, events, the Lights action), ``talkstick.worker``,
``talkstick.errors`` and gpiozero; the pin factory is chosen in ``pins`` and injected.
"""
