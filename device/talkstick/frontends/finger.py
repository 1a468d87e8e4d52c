"""A finger for the mock button pin: headless commands and simulator keys press it like a hand."""


class Finger:
    """Presses a mock button pin the way a hand would, so gestures go through the real Button."""

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
        elif kind in ("double", "triple"):
            for n in range(2 if kind == "double" else 3):
                if n:
                    self.wait(min(0.12, s.double_press_s / 2))
                self._down_up(0.08)
        elif kind == "hold":
            self._down_up((s.hold_s + s.long_hold_s) / 2)
        elif kind == "long_hold":
            self._down_up(s.long_hold_s + 0.2)
        else:
            raise ValueError(f"unknown gesture {kind!r}")
