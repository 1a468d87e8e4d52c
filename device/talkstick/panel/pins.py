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
            Device.ensure_pin_factory()  # sets Device.pin_factory; returns nothing
        return Device.pin_factory, False
    except BadPinFactory as e:
        if require:
            raise TalkstickError(f"no GPIO could be opened ({e}); on a Pi check that lgpio is "
                                 "installed and the user is in the gpio group") from None
        log.info("no GPIO on this machine: running the simulator on mock pins")
        return mock_factory(), True
