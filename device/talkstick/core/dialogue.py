"""The dialogue core: ``Dialogue.handle(event) -> actions``. Pure: no threads, no I/O, no clock.

The shell feeds it button gestures, heard intents, speech-finished notices and timer ticks,
each stamped with the time it happened, and carries out the actions it returns.
"""

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.lights import DARK, break_lights, step_lights
from talkstick.core.vocabulary import END

BAR_STEPS = 20  # the bar graph moves in 5 % steps, so ticks do not flood the LEDs


class Dialogue:
    def __init__(self, script, prompts, names, *, verbosity="guided", turn_seconds=600.0,
                 break_minutes=20):
        self.script, self.prompts, self.names = script, prompts, tuple(names)
        self.verbosity, self.turn_seconds, self.break_minutes = verbosity, turn_seconds, break_minutes
        self.phase = "ready"  # ready, running, break, ended
        self.step = script.steps[script.start]
        self.sender = 0
        self.sent = [0, 0]
        self.talk = [0.0, 0.0]
        self.turn_cued = [False, False]
        self.started = self.step_started = self.last_tick = 0.0
        self.warned = self.cued = False
        self.lights = DARK
        self.speaking = set()
        self.last_said = None

    # -- the one entry point -------------------------------------------------------------
    def handle(self, event):
        if self.phase == "ended":
            return []
        out = []
        if isinstance(event, ev.Start):
            self._start(event.at, out)
        elif isinstance(event, ev.Gesture):
            self._gesture(event, out)
        elif isinstance(event, ev.Heard):
            self._heard(event, out)
        elif isinstance(event, ev.SpeechDone):
            self._spoken(event, out)
        elif isinstance(event, ev.Tick):
            self._tick(event.at, out)
        elif isinstance(event, ev.DeviceNotice):
            self._say(f"device.{event.what}", self.prompts.get(event.what, ""), out, always=True)
        return out

    def elapsed(self, at):
        return at - self.step_started

    def snapshot(self, at):
        """What a display shows: plain data, JSON-ready."""
        lights = self.lights
        return {
            "t": round(at - self.started, 3), "phase": self.phase, "step": self.step.id,
            "sender": "AB"[self.sender],
            "leds": {"a": lights.turn[0], "b": lights.turn[1], "step": lights.step_mode,
                     "color": [round(c, 3) for c in lights.color], "bar": lights.bar},
        }

    # -- events ------------------------------------------------------------------------
    def _start(self, at, out):
        self.phase, self.started, self.last_tick = "running", at, at
        self._say("device.welcome", self.prompts["welcome"], out)
        self._enter(self.step.id, at, out)

    def _gesture(self, event, out):
        if self.speaking:
            self.speaking.clear()
            out.append(act.StopSpeech())
        if event.kind == "long_hold":
            return self._end("ended", out)
        if self.phase == "break":
            if event.kind == "press":
                self._resume(event.at, out)
            return None
        if self.phase != "running":
            return None
        if event.kind == "hold":
            return self._break(event.at, out)
        target = self.step.on.get(event.kind)
        if target:
            return self._go(target, event.at, out)
        if event.kind == "double":
            return self._repeat(out)
        return None

    def _heard(self, event, out):
        if self.phase != "running":
            return None
        if event.intent == "pause":
            return self._break(event.at, out)
        target = self.step.on.get(event.intent)
        if target:
            return self._go(target, event.at, out)
        if event.intent == "repeat":
            return self._repeat(out)
        return None

    def _spoken(self, event, out):
        self.speaking.discard(event.prompt_id)
        # A prompt cut short (barge-in, or a repeat restarting it) is not a prompt heard out.
        if (self.phase == "running" and event.prompt_id == self.step.id and not event.interrupted
                and "spoken" in self.step.on):
            self._go(self.step.on["spoken"], event.at, out)

    def _tick(self, at, out):
        if self.phase != "running":
            return
        step = self.step
        if step.speaker == "sender" and step.turn == "speak":
            self.talk[self.sender] += at - self.last_tick
        self.last_tick = at
        if step.timing.warn and not self.warned and self.elapsed(at) >= step.timing.warn:
            self.warned = True
        self._cue(at, out)
        self._show(at, out)

    def _cue(self, at, out):
        """The step's long-chunk cue, then the sender's turn budget: one at a time, never over
        other words (a cue that is due waits until the device has finished speaking)."""
        if self.speaking:
            return
        step, t = self.step, self.step.timing
        if t.cue and not self.cued and self.elapsed(at) >= t.cue:
            self.cued = True
            key = step.cue_prompt or (self.prompts["chunk_long"] if step.speaker == "sender" else "")
            if self._say(f"{step.id}.cue", key, out):
                return
        if self.talk[self.sender] >= self.turn_seconds and not self.turn_cued[self.sender]:
            self.turn_cued[self.sender] = True
            self._say("device.turn_long", self.prompts["turn_long"], out)

    # -- moves -------------------------------------------------------------------------
    def _go(self, target, at, out):
        if target == END:
            return self._end("done", out)
        return self._enter(target, at, out)

    def _enter(self, step_id, at, out):
        step = self.script.steps[step_id]
        if step.swap:
            self.sent[self.sender] += 1
            if min(self.sent) >= self.script.rounds:
                return self._go(step.on["all_sent"], at, out)
            self.sender = 1 - self.sender
        self.step, self.step_started, self.last_tick = step, at, at
        self.warned = self.cued = False
        said = self._say(step.id, self._wording(step), out)
        self._show(at, out, force=True)
        out.append(act.Listen(step.listens))
        if not said and "spoken" in step.on:
            self._go(step.on["spoken"], at, out)
        return None

    def _break(self, at, out):
        self.phase, self.break_started = "break", at
        self._say("device.break", self.prompts["break"], out)
        self.lights = break_lights()
        out += [self.lights, act.Listen(())]

    def _resume(self, at, out):
        self.phase = "running"
        paused = at - self.break_started
        self.step_started += paused
        self.last_tick = at
        self._say("device.resume", self.prompts["resume"], out)
        self._say(self.step.id, self._wording(self.step), out)
        self._show(at, out, force=True)
        out.append(act.Listen(self.step.listens))

    def _repeat(self, out):
        if self.last_said:
            self._say(*self.last_said, out, always=True)

    def _end(self, reason, out):
        if reason == "ended":
            self._say("device.end", self.prompts["end"], out)
        self.phase = "ended"
        self.lights = DARK
        out += [DARK, act.Listen(()), act.End(reason)]

    # -- output ------------------------------------------------------------------------
    def _wording(self, step):
        if self.verbosity == "brief" and step.brief:
            return step.brief
        return step.prompt

    def _say(self, prompt_id, template, out, always=False):
        """Queue a prompt; in silent mode only a repeat asked for and device notices speak."""
        if not template:
            return False
        self.last_said = (prompt_id, template)
        if self.verbosity == "silent" and not always:
            return False
        sender, receiver = self.names[self.sender], self.names[1 - self.sender]
        text = template.format(sender=sender, receiver=receiver, minutes=self.break_minutes)
        self.speaking.add(prompt_id)
        out.append(act.Say(prompt_id, text))
        return True

    def _show(self, at, out, force=False):
        target = self.step.timing.target
        bar = None
        if target:
            left = max(0.0, 1.0 - self.elapsed(at) / target)
            bar = round(left * BAR_STEPS) / BAR_STEPS
        lights = step_lights(self.step, self.sender, self.warned, bar)
        if force or lights != self.lights:
            self.lights = lights
            out.append(lights)
