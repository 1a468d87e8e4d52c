"""Headless mode's output: one JSON object per line whenever what a person would see or hear
changes (documented in the README, "Headless")."""

import json
import math

from talkstick.core import events as ev
from talkstick.core.actions import End, Listen, Say


class JsonDisplay:
    """Writes one JSON object per line whenever what a person would see or hear changes, and a
    last one (with ``reason``) when the session ends or is stopped.

    ``names`` are the partners' names as the dialogue says them; ``close()`` writes the last
    line of a session that was stopped rather than ended (quit, end of input, a signal).
    """

    def __init__(self, out, names=None):
        self.out, self.names = out, list(names) if names else None
        self.state, self.cause, self.last = None, None, None
        self.listening, self.swaps, self.sender, self.over = [], 0, None, False

    def event(self, event):
        if isinstance(event, ev.Start):  # a new session (--repeat): its own rounds
            self.listening, self.swaps, self.sender, self.over = [], 0, None, False
        elif isinstance(event, ev.Resume):  # a session cut off goes on: its round so far
            p = event.position
            self.listening, self.swaps, self.sender, self.over = [], sum(p.sent), "AB"[p.sender], False
            self.cause = "restored"
        if isinstance(event, ev.Gesture):
            self.cause = event.kind
        elif isinstance(event, ev.Heard):
            self.cause = f"heard:{event.intent}"
        elif isinstance(event, ev.DeviceNotice):
            self.cause = f"notice:{event.what}"
        elif isinstance(event, ev.SpeechDone):
            self.cause = f"spoken:{event.prompt_id}"

    def show(self, snapshot, actions):
        self._follow(snapshot, actions)
        said = [a for a in actions if isinstance(a, Say)]
        ended = next((a.reason for a in actions if isinstance(a, End)), None)
        record = self._record(snapshot)
        state = {k: v for k, v in record.items() if k not in ("t", "cause")}
        if "break" in state:  # a break's clock is told in whole minutes, not every tick
            state["break"] = {k: v for k, v in state["break"].items() if k != "left_s"}
        if state == self.state and not said and not self.cause and not ended:
            return
        self.state, self.cause = state, None
        for a in said or [None]:
            if a:
                record.update(prompt=a.prompt_id, text=a.text)
            self._write(record)
            record["cause"] = None  # one event, several prompts: the cause is told once
        if ended:  # the menu's end is a choice made: the session it chose comes next
            self._finish(snapshot, "menu" if snapshot["phase"] == "menu" else "ended", ended)

    def close(self):
        if self.last is not None and not self.over:
            self._finish(self.last, "stopped", "stopped")

    def _follow(self, snapshot, actions):
        """What the snapshot leaves out: what is listened for now, and the round."""
        for action in actions:
            if isinstance(action, Listen):
                self.listening = list(action.intents)
        if self.sender is not None and snapshot["sender"] != self.sender:
            self.swaps += 1  # each partner sends once a round
        self.sender, self.last = snapshot["sender"], snapshot

    def _record(self, snapshot, **extra):
        receiver = "AB"[1 - "AB".index(snapshot["sender"])]
        if "break" in snapshot:  # "on a break: 18 min left"
            rest = snapshot["break"]
            extra = {"break": {**rest, "left_min": math.ceil(rest["left_s"] / 60)}, **extra}
        return {**snapshot, "receiver": receiver, "names": snapshot.get("names", self.names),
                "round": snapshot.get("round", self.swaps // 2 + 1), "listening": self.listening,
                "prompt": None, "text": None, "cause": self.cause, "reason": None, **extra}

    def _finish(self, snapshot, phase, reason):
        self.over = True
        self._write(self._record(snapshot, phase=phase, listening=[], cause=None, reason=reason))

    def _write(self, record):
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()
