"""The panel on gpiozero: the talking-stick button (gestures in) and the lamps (LEDs out).

Imports ``talkstick.core`` (gestures, events, the Lights action), ``talkstick.worker``,
``talkstick.errors`` and gpiozero; the pin factory is chosen in ``pins`` and injected.
The wiring for the hardware guide is pure and imports no gpiozero: ``header`` (the 40-pin
header), ``resistors`` (LED resistor values), ``wiring`` (what connects where, the pin table)
and ``diagram`` (the same as an SVG picture).
"""
