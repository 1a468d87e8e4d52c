"""The dialogue core: ``Dialogue.handle(event) -> actions``. Pure: no threads, no I/O, no clock.

The shell feeds it button gestures, heard intents, speech-finished notices and timer ticks,
each stamped with the time it happened, and carries out the actions it returns.
"""

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.appointment import appointment_at, one_more_hour
from talkstick.core.breaks import Break
from talkstick.core.lights import DARK, step_lights
from talkstick.core.position import restore
from talkstick.core.timewords import TimeWords
from talkstick.core.vocabulary import END, INTENTS

BAR_STEPS = 20  # the bar graph moves in 5 % steps, so ticks do not flood the LEDs


class Dialogue:
    def __init__(self, script, prompts, names, *, verbosity="guided", turn_seconds=600.0,
                 break_minutes=20, time_words=None, keep_appointments=True, step_names=None):
        self.script, self.prompts, self.names = script, prompts, tuple(names)
        self.step_names = dict(step_names or {})  # step id -> the pack's label, for "where"
        self.rest = None  # the Break, while on one
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
        # choosing when to come back: the wall clock at Start, and the hours chosen so far
        self.time_words = time_words or TimeWords()
        self.keep_appointments = keep_appointments  # False: a mode that stores nothing
        self.wall, self.utc_offset, self.hours = None, 0, 0
        self.trail = []  # (step id, sender, sent) on entering each step: the way back

    # -- the one entry point -------------------------------------------------------------
    def handle(self, event):
        if self.phase == "ended":
            return []
        out = []
        if isinstance(event, ev.Start):
            self.wall, self.utc_offset = event.wall, event.utc_offset
            self._start(event.at, out)
        elif isinstance(event, ev.Resume):
            self.wall, self.utc_offset = event.wall, event.utc_offset
            out += restore(self, event.position, event.at)
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
        elif isinstance(event, ev.Facilitator):
            self._facilitate(event, out)
        return out

    def elapsed(self, at):
        return at - self.step_started

    def snapshot(self, at):
        """What a display shows: plain data, JSON-ready."""
        lights = self.lights
        snapshot = {
            "t": round(at - self.started, 3), "phase": self.phase, "step": self.step.id,
            "sender": "AB"[self.sender],
            "leds": {"a": lights.turn[0], "b": lights.turn[1], "step": lights.step_mode,
                     "color": [round(c, 3) for c in lights.color], "bar": lights.bar},
        }
        if self.phase == "break":
            snapshot["break"] = self.rest.snapshot(at)
        return snapshot

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
                self._break_press(event.at, out)
            return None
        if self.phase != "running":
            return None
        if self.step.appoint:
            return self._choose(event, out)
        if event.kind == "hold":
            return self._break(event.at, out)
        if event.kind == "triple":
            return self._stem(out)
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
        if self.phase == "break":
            self._show_break(at, out)
        if self.phase != "running":
            return
        step = self.step
        if step.speaker == "sender" and step.turn == "speak":
            self.talk[self.sender] += at - self.last_tick
        self.last_tick = at
        if self._lapsed(at, out):
            return
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
    def _go(self, target, at, out, quiet=False):
        if target == END:
            return self._end("done", out)
        return self._enter(target, at, out, quiet)

    def _enter(self, step_id, at, out, quiet=False):
        step = self.script.steps[step_id]
        before = (step_id, self.sender, tuple(self.sent))
        if step.swap:
            self.sent[self.sender] += 1
            if min(self.sent) >= self.script.rounds:
                return self._go(step.on["all_sent"], at, out, quiet)
            self.sender = 1 - self.sender
        self.trail.append(before)
        self.step, self.step_started, self.last_tick = step, at, at
        self.warned = self.cued = False
        self.hours = 0
        said = not quiet and self._say(step.id, self._wording(step), out)
        self._show(at, out, force=True)
        out.append(act.Listen(step.listens))
        if not said and "spoken" in step.on:
            self._go(step.on["spoken"], at, out, quiet)
        return None

    def _facilitate(self, event, out):
        """The facilitator's button: a press steps forward (the step's first move, as
        ``forward`` finds it), a double press back to the step before; neither speaks."""
        if self.phase != "running" or event.kind not in ("press", "double"):
            return
        if self.speaking:
            self.speaking.clear()
            out.append(act.StopSpeech())
        if event.kind == "press":
            # the steps this Sender has been through: a move back to one of them is a loop
            # ("there is more"), not the way on
            been = {sid for sid, sender, _ in self.trail if sender == self.sender}
            target = forward(self.step, been)
            if target:
                self._go(target, event.at, out, quiet=True)
        elif len(self.trail) > 1:
            self.trail.pop()
            # a step that moves on by itself once said would only lead here again
            while len(self.trail) > 1 and "spoken" in self.script.steps[self.trail[-1][0]].on:
                self.trail.pop()
            step_id, self.sender, sent = self.trail.pop()
            self.sent = list(sent)
            self._enter(step_id, event.at, out, quiet=True)

    def _break(self, at, out):
        self.phase, self.rest = "break", Break(self.break_minutes, at)
        self._say("device.break", self.prompts["break"], out)
        self._show_break(at, out, force=True)
        out.append(act.Listen(()))

    def _break_press(self, at, out):
        """A press on a break: once the minutes are up it starts again; before, it asks to
        confirm, and only a second press within ``breaks.CONFIRM_S`` starts again."""
        if self.rest.press(at):
            return self._resume(at, out)
        elapsed = int(self.rest.elapsed(at) // 60)
        self._say("device.break_confirm",
                  fill(self.prompts.get("break_confirm", ""), elapsed=elapsed), out)
        return self._show_break(at, out)

    def _resume(self, at, out):
        self.phase = "running"
        self.step_started += self.rest.elapsed(at)  # the step's clock stood still
        self.last_tick, self.rest = at, None
        out += self.welcome_back(at, "resume")

    def welcome_back(self, at, key):
        """Back from a break (``key`` "resume") or a restart ("restored"): say so and where
        they were, then the step's words again; on a break still running, only its lights."""
        out = []
        self._say(f"device.{key}", fill(self.prompts.get(key, ""), where=self._where()), out)
        if self.phase == "break":
            self._show_break(at, out, force=True)
            out.append(act.Listen(()))
            return out
        said = self._say(self.step.id, self._wording(self.step), out)
        self._show(at, out, force=True)
        out.append(act.Listen(self.step.listens))
        if not said and "spoken" in self.step.on:  # silent: a step that moves on once said
            self._go(self.step.on["spoken"], at, out)
        return out

    def _where(self):
        """Where they were, as a template _say fills in: the step's own ``where``, else the
        pack's, built from the step's label."""
        if self.step.where:
            return self.step.where
        name = self.step_names.get(self.step.id, self.step.id)
        return fill(self.prompts.get("where", ""), step=name.replace("{", "{{").replace("}", "}}"))

    def _show_break(self, at, out, force=False):
        lights = self.rest.lights(at)
        if force or lights != self.lights:
            self.lights = lights
            out.append(lights)

    def _stem(self, out):
        """The step's sentence opener, asked for: said even in silent mode; a step without one
        says its last prompt again."""
        if self.step.stem:
            return self._say(f"{self.step.id}.stem", self.step.stem, out, always=True)
        return self._repeat(out)

    def _repeat(self, out):
        if self.last_said:
            self._say(*self.last_said, out, always=True)

    def _end(self, reason, out):
        if reason == "ended":
            self._say("device.end", self.prompts["end"], out)
        self.phase = "ended"
        self.lights = DARK
        out += [DARK, act.Listen(()), act.End(reason)]

    # -- choosing when to come back (an appoint step) ------------------------------------
    def _choose(self, event, out):
        """A press adds an hour (said with the time it makes), a double press confirms, a hold
        goes back as a lapse would; the lapse counts from the last press."""
        self.step_started = event.at
        if event.kind == "press":
            self.hours = one_more_hour(self.hours)
            key = "appoint_hour" if self.hours == 1 else "appoint_hours"
            return self._say_time(f"{self.step.id}.hours", key, event.at, out)
        if event.kind == "double" and self.hours:
            key = "appoint_done" if self.keep_appointments else "appoint_noted"
            if self.keep_appointments:
                out.append(act.Appoint(self._appointment(event.at)))
            self._say_time(f"device.{key}", key, event.at, out)
            return self._end("rescheduled", out)
        if event.kind == "double":
            return self._repeat(out)  # no hour chosen yet: the step's prompt again
        if event.kind == "hold":
            return self._go(self.step.on["lapse"], event.at, out)
        return None

    def _lapsed(self, at, out):
        """A step with timing.lapse goes back (on.lapse) once that long passes untouched."""
        lapse = self.step.timing.lapse
        if lapse and "lapse" in self.step.on and self.elapsed(at) >= lapse:
            self._go(self.step.on["lapse"], at, out)
            return True
        return False

    def _appointment(self, at):
        wall = (self.wall or 0.0) + (at - self.started)
        return appointment_at(wall, self.hours)

    def _say_time(self, prompt_id, key, at, out):
        """Say a time prompt: always, even in silent mode, since the time is chosen by ear."""
        words = self.time_words
        when = words.time(self._appointment(at), self.utc_offset)
        template = fill(self.prompts.get(key, ""), time=when, hours=words.count(self.hours))
        return self._say(prompt_id, template, out, always=True)

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


# The moves a facilitator's "forward" tries, in turn: the press, the end of the prompt, what is
# heard, the end of the rounds, the double press.
FORWARD = ("press", "spoken", *INTENTS, "all_sent", "double")


def forward(step, been=()):
    """The step a facilitator's press leads to: the first move in FORWARD order to a step not
    ``been`` through (so "there is more" does not go round for ever), else the first move;
    None where the step has no move."""
    moves = [step.on[key] for key in FORWARD if key in step.on]
    return next((target for target in moves if target not in been), moves[0] if moves else None)


def fill(template, **values):
    """``template`` with ``values`` filled in and every other placeholder left as it is: for
    ``_say`` to fill in later ({sender}, {receiver}, {minutes}), or, in ``script.said``, for a
    prompt that only a session can finish ({time}, {where})."""
    return template.format_map(_Kept(values))


class _Kept(dict):
    def __missing__(self, key):
        return "{" + key + "}"
