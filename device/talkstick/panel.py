"""The panel: the talking-stick button and the LEDs, on gpiozero.

The button's callbacks only note when it went down and up; one worker thread turns those
times into gestures (``Gestures``) and posts ``events.Gesture``. ``show`` carries out the
engine's ``actions.Lights``.
"""

import itertools
import logging
import math
import queue
import threading
import time

from gpiozero import PWMLED, RGBLED, Button, LEDBarGraph
from gpiozero.exc import GPIOZeroError

from talkstick.errors import TalkstickError
from talkstick.events import Gesture
from talkstick.gestures import Gestures

log = logging.getLogger(__name__)

BREATH_S = 3.0          # one slow in-and-out of a "breathing" turn LED
BLINK_S = (0.5, 0.5)    # on, off: the step LED's "blink" (the step ran long)
PULSE_S = (1.0, 1.0)    # fade in, fade out: the step LED's "pulse" (a break)
FPS = 25                # PWM updates per second while breathing, as gpiozero's own pulse
BAR_LEVELS = 32         # brightness steps per bar LED; finer changes are not redrawn


class Panel:
    """The button, two turn LEDs (one per partner), the RGB step LED and an optional bar graph.

    ``settings`` is a ``PanelSettings``; ``post(event)`` receives ``Gesture`` events;
    ``clock`` stamps them; ``pin_factory`` is gpiozero's (None: gpiozero's default).
    """

    def __init__(self, settings, post, *, clock=time.monotonic, pin_factory=None, tick_s=0.02):
        self.settings, self.post, self.clock, self.tick_s = settings, post, clock, tick_s
        self._devices, self._shown = [], {}
        self._edges = queue.SimpleQueue()
        self._gestures = self._new_gestures()
        try:
            self._build(settings, pin_factory)
        except (GPIOZeroError, OSError) as e:
            self._close_devices()
            raise TalkstickError(
                f"cannot open the button and LEDs: {type(e).__name__}: {e} (check the [panel] "
                "pins and that this user is in the gpio group; see hardware/README.md)") from e
        self.button.when_pressed = lambda: self._edges.put((True, self.clock()))
        self.button.when_released = lambda: self._edges.put((False, self.clock()))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="panel", daemon=True)
        self._thread.start()

    def _build(self, s, factory):
        self.button = self._keep(Button(s.button, pull_up=s.button_pull_up,
                                        bounce_time=s.bounce_s or None, pin_factory=factory))
        self.turn_leds = tuple(self._keep(PWMLED(pin, pin_factory=factory))
                               for pin in (s.led_a, s.led_b))
        self.step_led = self._keep(RGBLED(*s.step_rgb, active_high=not s.rgb_common_anode,
                                          pin_factory=factory))
        self.bar = None
        if s.bargraph:
            self.bar = self._keep(LEDBarGraph(*s.bargraph, pwm=True, pin_factory=factory))

    def _keep(self, device):
        self._devices.append(device)
        return device

    def _new_gestures(self):
        s = self.settings
        return Gestures(s.double_press_s, s.hold_s, s.long_hold_s)

    # -- the button ------------------------------------------------------------------------

    def _run(self):
        while not self._stop.is_set():
            try:
                self._step()
            except Exception:
                log.exception("the button worker failed; starting it over")
                self._gestures = self._new_gestures()
            self._stop.wait(self._pause())

    def _step(self):
        while True:
            try:
                down, at = self._edges.get_nowait()
            except queue.Empty:
                break
            (self._gestures.pressed if down else self._gestures.released)(at)
        now = self.clock()
        for kind in self._gestures.poll(now):
            log.debug("gesture %s", kind)
            self.post(Gesture(kind, now))

    def _pause(self):
        # Poll every tick whatever the deadline: a press can come at any moment.
        deadline = self._gestures.next_deadline()
        if deadline is None:
            return self.tick_s
        return min(self.tick_s, max(0.0, deadline - self.clock()))

    # -- the lights ------------------------------------------------------------------------

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

    # -- the end ---------------------------------------------------------------------------

    def close(self):
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
            if self._thread.is_alive():
                log.warning("the button worker did not stop within 2 s")
        self._close_devices()

    def _close_devices(self):
        while self._devices:
            device = self._devices.pop()
            try:
                device.close()
            except Exception:
                log.exception("closing %r failed", device)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def breath(peak, period_s=BREATH_S, fps=FPS):
    """Endless PWM values from 0 up to ``peak`` and back, one per 1/fps s: a slow breath."""
    steps = max(2, int(period_s * fps))
    return itertools.cycle([peak * (1 - math.cos(2 * math.pi * i / steps)) / 2
                            for i in range(steps)])
