"""Which gpiozero pin factory to use: the board's own, or mock pins for the simulator."""

import logging
import warnings

from gpiozero import Device
from gpiozero.exc import BadPinFactory
from gpiozero.pins.mock import MockFactory, MockPWMPin

from talkstick.errors import TalkstickError

log = logging.getLogger(__name__)


def mock_factory():
    return MockFactory(pin_class=MockPWMPin)


def choose_pin_factory(simulate=False, require=False):
    """(factory, simulated): real GPIO where the board has it, else the simulator's mock pins.

    With ``require`` (the service), no GPIO is an error: a Pi whose GPIO cannot be opened must
    not quietly run a simulator nobody sees.
    """
    if simulate:
        return mock_factory(), True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one fallback warning per library tried: noise here
            return Device.ensure_pin_factory(), False
    except BadPinFactory as e:
        if require:
            raise TalkstickError(f"no GPIO could be opened ({e}); on a Pi check that lgpio is "
                                 "installed and the user is in the gpio group") from None
        log.info("no GPIO on this machine: running the simulator on mock pins")
        return mock_factory(), True


class Finger:
    """Presses a mock button pin the way a hand would, so gestures go through the real Panel."""

    def __init__(self, pin, panel_settings, wait):
        self.pin, self.settings, self.wait = pin, panel_settings, wait

    def _down_up(self, held):
        down, up = ((self.pin.drive_low, self.pin.drive_high) if self.settings.button_pull_up
                    else (self.pin.drive_high, self.pin.drive_low))
        down()
        self.wait(held)
        up()

    def gesture(self, kind):
        """Do one gesture and wait until the button has told it apart from a double press."""
        self._gesture(kind)
        self.wait(self.settings.double_press_s + 0.1)

    def _gesture(self, kind):
        s = self.settings
        if kind == "press":
            self._down_up(0.08)
        elif kind == "double":
            self._down_up(0.08)
            self.wait(min(0.12, s.double_press_s / 2))
            self._down_up(0.08)
        elif kind == "hold":
            self._down_up((s.hold_s + s.long_hold_s) / 2)
        elif kind == "long_hold":
            self._down_up(s.long_hold_s + 0.2)
        else:
            raise ValueError(f"unknown gesture {kind!r}")
