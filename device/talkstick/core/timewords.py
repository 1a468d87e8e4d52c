"""How a pack says a time of day and a number of hours (its ``[clock]`` table).

Pure arithmetic on epoch seconds and the UTC offset the shell read with them: no clock and no
time zone database are consulted here.
"""

from dataclasses import dataclass

DAY_S = 24 * 3600


@dataclass(frozen=True)
class TimeWords:
    """``hours`` is 12 (with the ``am`` and ``pm`` words) or 24. ``on_the_hour`` and
    ``with_minutes`` word a time from {hour}, {minute} (two digits) and {ampm}. ``numbers``, if
    given, are the words said for 1 to 24 (for {hours} and the hour of a time) instead of digits.
    """

    hours: int = 12
    am: str = "am"
    pm: str = "pm"
    on_the_hour: str = "{hour} {ampm}"
    with_minutes: str = "{hour}:{minute} {ampm}"
    numbers: tuple = ()

    def count(self, n):
        """``n`` as said: the pack's word for it, else its digits."""
        return self.numbers[n - 1] if 1 <= n <= len(self.numbers) else str(n)

    def time(self, epoch, utc_offset=0):
        """The local time of day of ``epoch`` (seconds) at ``utc_offset`` (seconds east of UTC)."""
        local = int(epoch + utc_offset) % DAY_S
        hour, minute = local // 3600, local // 60 % 60
        ampm = self.am if hour < 12 else self.pm
        if self.hours == 12:
            hour = hour % 12 or 12
        template = self.on_the_hour if minute == 0 else self.with_minutes
        return template.format(hour=self.count(hour), minute=f"{minute:02d}", ampm=ampm)
