"""gpiozero devices opened together and closed together, with one error for a bad pin."""

import contextlib
import logging

from gpiozero.exc import GPIOZeroError

from talkstick.errors import TalkstickError

log = logging.getLogger(__name__)


class Parts:
    """Opens gpiozero devices on one pin factory; ``close()`` closes them, last first."""

    def __init__(self, pin_factory):
        self.pin_factory, self.devices = pin_factory, []

    def open(self, kind, *args, **kwargs):
        device = kind(*args, pin_factory=self.pin_factory, **kwargs)
        self.devices.append(device)
        return device

    @contextlib.contextmanager
    def opening(self, what):
        """Open parts inside this block; a pin that cannot be had closes them all and is one
        TalkstickError that says what to check."""
        try:
            yield self
        except (GPIOZeroError, OSError) as e:
            self.close()
            raise TalkstickError(
                f"cannot open the {what}: {type(e).__name__}: {e} (check the [panel] pins and "
                "that this user is in the gpio group; see hardware/README.md)") from e

    def close(self):
        while self.devices:
            device = self.devices.pop()
            try:
                device.close()
            except Exception:
                log.exception("closing %r failed", device)
