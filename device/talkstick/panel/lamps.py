"""The lamps: the two turn LEDs, the RGB step LED and the optional bar graph, on gpiozero.

``show`` carries out the engine's ``actions.Lights``; breathing, blinking and pulsing run on
gpiozero's own background threads.
"""

import itertools
import math

from gpiozero import PWMLED, RGBLED, LEDBarGraph

from talkstick.panel.parts import Parts

BREATH_S = 3.0          # one slow in-and-out of a "breathing" turn LED
BLINK_S = (0.5, 0.5)    # on, off: the step LED's "blink" (the step ran long)
PULSE_S = (1.0, 1.0)    # fade in, fade out: the step LED's "pulse" (a break)
FPS = 25                # PWM updates per second while breathing, as gpiozero's own pulse
BAR_LEVELS = 32         # brightness steps per bar LED; finer changes are not redrawn


class Lamps:
    """The LEDs of a ``PanelSettings``; ``pin_factory`` is gpiozero's (None: its default)."""

    def __init__(self, settings, *, pin_factory=None):
        self.settings, self._shown = settings, {}
        self.parts = Parts(pin_factory)
        with self.parts.opening("LEDs"):
            s, open_ = settings, self.parts.open
            self.turn_leds = tuple(open_(PWMLED, pin) for pin in (s.led_a, s.led_b))
            self.step_led = open_(RGBLED, *s.step_rgb, active_high=not s.rgb_common_anode)
            self.bar = open_(LEDBarGraph, *s.bargraph, pwm=True) if s.bargraph else None

    def show(self, lights):
        """Show ``lights``; a part already showing what is asked is left alone, so calling
        this several times a second with the same Lights costs nothing and never restarts
        a blink or a breath."""
        for key, led, mode in zip(("a", "b"), self.turn_leds, lights.turn, strict=True):
            if self._changed(key, mode):
                self._show_turn(led, mode)
        step = (lights.step_mode, tuple(lights.color))
        if self._changed("step", step):
            self._show_step(*step)
        if self.bar is not None:
            level = self._bar_level(lights.bar)
            if self._changed("bar", level):
                self._show_bar(level)

    def _changed(self, key, state):
        if self._shown.get(key) == state:
            return False
        self._shown[key] = state
        return True

    def _show_turn(self, led, mode):
        peak = self.settings.brightness
        led.source = None  # ends a breath, if there was one
        if mode == "off":
            led.off()
        elif mode == "steady":
            led.value = peak
        elif mode == "breathing":
            # PWMLED.pulse always rises to full: a source of scaled values honours brightness
            led.source_delay = 1 / FPS
            led.source = breath(peak)
        else:
            raise ValueError(f"unknown turn LED mode {mode!r}")

    def _show_step(self, mode, color):
        on = tuple(self.settings.brightness * c for c in color)
        if mode == "off" or not any(on):
            self.step_led.off()
        elif mode == "steady":
            self.step_led.value = on
        elif mode == "blink":
            self.step_led.blink(*BLINK_S, on_color=on)
        elif mode == "pulse":
            self.step_led.pulse(*PULSE_S, on_color=on)
        elif mode == "breathing":  # slower and softer than a pulse: an appointment come due
            self.step_led.pulse(BREATH_S / 2, BREATH_S / 2, on_color=on)
        else:
            raise ValueError(f"unknown step LED mode {mode!r}")

    def _bar_level(self, fraction):
        """The bar's lit length in LEDs, rounded to BAR_LEVELS steps; None is dark."""
        if fraction is None:
            return 0
        lit = len(self.bar) * min(1.0, max(0.0, float(fraction)))
        return round(lit * BAR_LEVELS) / BAR_LEVELS

    def _show_bar(self, lit):
        # LEDBarGraph.value fills the bar the same way, but always at full brightness
        peak = self.settings.brightness
        for index, led in enumerate(self.bar):
            led.value = peak * min(1.0, max(0.0, lit - index))

    def close(self):
        self.parts.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def breath(peak, period_s=BREATH_S, fps=FPS):
    """Endless PWM values from 0 up to ``peak`` and back, one per 1/fps s: a slow breath."""
    steps = max(2, int(period_s * fps))
    return itertools.cycle([peak * (1 - math.cos(2 * math.pi * i / steps)) / 2
                            for i in range(steps)])
