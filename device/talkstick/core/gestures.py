"""Button gestures from press and release times: press, double, triple, hold and long_hold.

Pure: no clock, no threads, no pins. The panel feeds it the times the button went down and
up, and polls it; the times are whatever clock the caller uses (seconds).
"""


class Gestures:
    """Turns one button's presses and releases into the names in ``events.GESTURES``.

    - a short press is a "press" once ``double_s`` has passed after its release with no
      second press (so that it cannot still become a double);
    - a second short press starting within that window is a "double" once the window after
      its release has passed with no third press;
    - a third short press starting within that window is a "triple" (at its release);
    - a press held ``hold_s`` is a "hold" as soon as the threshold is reached, while the
      button is still down: someone who needs a break gets it at once, and is not left
      holding on until the session ends;
    - a press still held at ``long_hold_s`` is then also a "long_hold"; the release of a
      held press reports nothing.

    If short presses are followed within the window by a press that is held, they are
    reported (a "press" or a "double") once it reaches ``hold_s``, then the hold as usual.
    """

    RUNS = ("press", "double", "triple")  # a run of short presses, each within the window

    def __init__(self, double_s, hold_s, long_hold_s):
        if not 0 < double_s < hold_s < long_hold_s:
            raise ValueError(f"need 0 < double_s < hold_s < long_hold_s, got "
                             f"{double_s} / {hold_s} / {long_hold_s}")
        self.double_s, self.hold_s, self.long_hold_s = double_s, hold_s, long_hold_s
        self._thresholds = (("hold", hold_s), ("long_hold", long_hold_s))  # in the order reached
        self._down = None        # when the button went down; None while it is up
        self._run = 0            # short presses released so far in this run, up to 3
        self._held = 0           # thresholds already reported for this press: 1 hold, 2 long
        self._waiting = None     # release time of a run's last press, while it may yet grow
        self._ready = []

    @property
    def is_down(self):
        return self._down is not None

    def pressed(self, at):
        if self._down is not None:  # a repeated edge (bounce the pin did not filter)
            return
        self._settle(at)  # a run whose window has passed is reported, and a new one begins
        self._waiting = None
        self._down, self._held = at, 0

    def released(self, at):
        if self._down is None:
            return
        self._settle(at)  # thresholds crossed since the last poll come first
        self._down = None
        if self._held:
            return
        self._run += 1
        if self._run == len(self.RUNS):
            self._report_run()
        else:
            self._waiting = at

    def poll(self, at):
        """The gestures complete at ``at`` and not reported before, oldest first."""
        self._settle(at)
        ready, self._ready = self._ready, []
        return ready

    def next_deadline(self):
        """The time a poll may next report something without a new edge, or None."""
        if self._down is None:
            return None if self._waiting is None else self._waiting + self.double_s
        due = self._thresholds[self._held:]
        return self._down + due[0][1] if due else None

    def _settle(self, now):
        if self._down is None:
            if self._waiting is not None and now >= self._waiting + self.double_s:
                self._report_run()
            return
        held = now - self._down
        if self._run and held >= self.hold_s:
            self._report_run()  # this press is no short press: the run before it stands alone
        for n, (name, threshold) in enumerate(self._thresholds):
            if held >= threshold and self._held <= n:
                self._held = n + 1
                self._ready.append(name)

    def _report_run(self):
        self._ready.append(self.RUNS[self._run - 1])
        self._run, self._waiting = 0, None
