"""Headless mode's output: one JSON object per line whenever what a person would see or hear
changes (documented in the README, "Headless")."""

import json

from talkstick.core import events as ev
from talkstick.core.actions import Say


class JsonDisplay:
    """Writes one JSON object per line whenever what a person would see or hear changes."""

    def __init__(self, out):
        self.out, self.state, self.cause = out, None, None

    def event(self, event):
        if isinstance(event, ev.Gesture):
            self.cause = event.kind
        elif isinstance(event, ev.Heard):
            self.cause = f"heard:{event.intent}"
        elif isinstance(event, ev.DeviceNotice):
            self.cause = f"notice:{event.what}"
        elif isinstance(event, ev.SpeechDone):
            self.cause = f"spoken:{event.prompt_id}"

    def show(self, snapshot, actions):
        said = [a for a in actions if isinstance(a, Say)]
        state = {k: v for k, v in snapshot.items() if k != "t"}
        if state == self.state and not said and not self.cause:
            return
        self.state = state
        record = dict(snapshot, prompt=None, text=None, cause=self.cause)
        self.cause = None
        for a in said or [None]:
            if a:
                record.update(prompt=a.prompt_id, text=a.text)
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
            record["cause"] = None  # one event, several prompts: the cause is told once
        self.out.flush()
