"""Drive the pure engine the way the shell does, with an injected clock."""

from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.dialogue import Dialogue
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script


class Table:
    """A dialogue plus a fake clock; speech finishes at once unless told otherwise."""

    def __init__(self, lang="en", script="imago-dialogue", auto_speech=True, **options):
        pack = load_pack(lang)
        prompts = pack.prompts_for(options.get("verbosity", "guided"))
        self.dialogue = Dialogue(load_script(script_path(script, lang)), prompts, pack.names,
                                 **options)
        self.now, self.auto_speech, self.log = 0.0, auto_speech, []

    def send(self, event):
        out = self.dialogue.handle(event)
        self.log += out
        if self.auto_speech:
            for a in [a for a in out if isinstance(a, act.Say)]:
                out += self.send(ev.SpeechDone(a.prompt_id, self.now))
        return out

    def start(self):
        return self.send(ev.Start(self.now))

    def wait(self, seconds, tick=0.25):
        out, end = [], self.now + seconds
        while self.now < end:
            self.now = min(end, self.now + tick)
            out += self.send(ev.Tick(self.now))
        return out

    def press(self, kind="press"):
        return self.send(ev.Gesture(kind, self.now))

    def hear(self, intent):
        return self.send(ev.Heard(intent, self.now))

    @property
    def step(self):
        return self.dialogue.step.id


def said(actions):
    return [a.prompt_id for a in actions if isinstance(a, act.Say)]


def of(actions, kind):
    return [a for a in actions if isinstance(a, kind)]
