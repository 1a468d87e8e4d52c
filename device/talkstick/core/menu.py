"""The exercise menu on the device: the button chooses the next dialogue. Pure: no threads, no
I/O, no clock; the shell feeds it the same events as a ``Dialogue`` and carries out its actions.

A press says the next exercise's title, a double press chooses the one just said, a hold goes
back to the default (and says it); the step LED shows the place in the list, one colour each.
Nothing chosen within ``timeout_s`` of the last gesture: the default. A long hold chooses the
default at once.
"""

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.lights import DARK

# One colour a place in the list (r, g, b); a longer list starts over, and the bar graph tells
# the places apart.
COLORS = ((1.0, 1.0, 1.0), (0.0, 1.0, 0.0), (0.0, 0.3, 1.0), (1.0, 0.8, 0.0), (0.0, 1.0, 1.0),
          (1.0, 0.0, 1.0), (1.0, 0.35, 0.0), (0.5, 0.0, 1.0), (1.0, 0.0, 0.0))
TIMEOUT_S = 30.0


def menu_lights(position, count):
    """The step LED in the place's colour, the bar graph filled to the place, turn LEDs off."""
    return act.Lights(turn=("off", "off"), color=COLORS[position % len(COLORS)],
                      step_mode="steady", bar=(position + 1) / count)


class Menu:
    """``choices`` are (id, title) pairs; ``default`` is the place of the default choice.
    ``intro`` is said first (how to use the menu). ``chosen`` is the id once chosen, with
    ``how`` ("chosen", "timeout", "default")."""

    def __init__(self, choices, default=0, *, intro="", timeout_s=TIMEOUT_S):
        if not choices or not 0 <= default < len(choices):
            raise ValueError(f"need a default among {len(choices)} choices, got {default}")
        self.choices, self.default, self.intro = tuple(choices), default, intro
        self.timeout_s = timeout_s
        self.position, self.phase = default, "ready"
        self.started = self.last_gesture = 0.0
        self.chosen = self.how = None
        self.speaking = set()
        self.lights = DARK

    def handle(self, event):
        if self.chosen is not None:
            return []
        out = []
        if isinstance(event, ev.Start):
            self.phase, self.started, self.last_gesture = "menu", event.at, event.at
            if self.intro:
                self._say("menu.intro", self.intro, out)
            self._move(self.default, out)
            out.append(act.Listen(()))  # the button chooses; nothing said at the table counts
        elif isinstance(event, ev.Gesture) and self.phase == "menu":
            self._gesture(event, out)
        elif isinstance(event, ev.SpeechDone):
            self.speaking.discard(event.prompt_id)
        elif isinstance(event, ev.Tick) and event.at - self.last_gesture >= self.timeout_s:
            self._choose(self.default, "timeout", out)
        return out

    def snapshot(self, at):
        """What a display shows, shaped as the dialogue's snapshot, with the menu's own part."""
        lights = self.lights
        return {
            "t": round(at - self.started, 3), "phase": "menu", "step": self.choices[self.position][0],
            "sender": "A",
            "leds": {"a": lights.turn[0], "b": lights.turn[1], "step": lights.step_mode,
                     "color": [round(c, 3) for c in lights.color], "bar": lights.bar},
            "menu": {"choices": [c[0] for c in self.choices], "position": self.position,
                     "default": self.default, "chosen": self.chosen,
                     "left": round(max(0.0, self.timeout_s - (at - self.last_gesture)), 1)},
        }

    def _gesture(self, event, out):
        self.last_gesture = event.at
        if self.speaking:
            self.speaking.clear()
            out.append(act.StopSpeech())
        if event.kind == "press":
            self._move((self.position + 1) % len(self.choices), out)
        elif event.kind == "double":
            self._choose(self.position, "chosen", out)
        elif event.kind == "hold":
            self._move(self.default, out)
        elif event.kind == "long_hold":
            self._choose(self.default, "default", out)

    def _move(self, position, out):
        self.position = position
        choice_id, title = self.choices[position]
        self._say(f"menu.{choice_id}", title, out)
        self.lights = menu_lights(position, len(self.choices))
        out.append(self.lights)

    def _choose(self, position, how, out):
        self.position, self.how = position, how
        self.chosen = self.choices[position][0]
        self.lights = DARK
        out += [DARK, act.End(how)]

    def _say(self, prompt_id, text, out):
        self.speaking.add(prompt_id)
        out.append(act.Say(prompt_id, text))
