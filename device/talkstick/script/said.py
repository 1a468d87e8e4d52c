"""Every wording a script and its pack can make the device say, each under a stable prompt id.

What the prompt cache renders ahead and what `talkstick record` walks a therapist through: the
pack's device prompts ("device/welcome", "device/welcome.brief") and each step's wordings
("imago-dialogue/sending", "…/sending.brief", "…/mirroring.cue", "…/sending.stem"). Only the
device's own words, from the data files; never anything said at the table.
"""

import string
from dataclasses import dataclass

from talkstick.core.dialogue import fill as fill_in

# A step's wordings and the suffix of their prompt id ("stem": a sentence opener, where the
# script gives one).
STEP_WORDINGS = (("prompt", ""), ("brief", ".brief"), ("cue_prompt", ".cue"), ("stem", ".stem"))
NAMES = ("sender", "receiver")


@dataclass(frozen=True)
class Wording:
    """One prompt: ``id`` ("device/break", "imago-dialogue/sending.brief") and its template."""

    id: str
    template: str

    @property
    def fixed(self):
        """True unless the text holds something only a session knows (a time, a place)."""
        return placeholders(self.template) <= {*NAMES, "minutes"}

    @property
    def has_names(self):
        return any("{" + name + "}" in self.template for name in NAMES)

    def texts(self, names, minutes):
        """What the device says for it, with either partner as the Sender."""
        a, b = names
        return sorted({fill(self.template, a, b, minutes), fill(self.template, b, a, minutes)})

    def filled(self, sender, receiver, minutes):
        return fill(self.template, sender, receiver, minutes)


def role_words(pack):
    """What a name-free recording calls the partners: the pack's labels for the roles
    ("Sender", "Receiver"; "말하는 사람", "듣는 사람")."""
    words = [pack.labels.get(role, role) for role in NAMES]
    return tuple(w[:1].upper() + w[1:] for w in words)


def fill(template, sender, receiver, minutes):
    """A template as the dialogue fills it (with core.dialogue's own ``fill``). A placeholder only
    known in a session ({time}, {elapsed}, {where}) is left as it is: that text is rendered
    when it is said, and cannot be recorded."""
    return fill_in(template, sender=sender, receiver=receiver, minutes=minutes)


def placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def wordings(pack, script, verbosity=None):
    """The pack's device prompts, then the script's steps' wordings, in script order.

    ``verbosity`` None: every wording (what `record` walks); "guided"/"brief"/"silent": only
    those a session at that verbosity can say (what the cache renders ahead).
    """
    out = [Wording(f"device/{key}", text) for key, text in pack.prompts.items()]
    if verbosity in (None, "brief"):
        out += [Wording(f"device/{key}.brief", text) for key, text in pack.brief.items()]
    for step in script.steps.values():
        for field, suffix in STEP_WORDINGS:
            text = getattr(step, field, "") or ""
            if not text or (field == "brief" and verbosity not in (None, "brief")):
                continue
            out.append(Wording(f"{script.id}/{step.id}{suffix}", text))
    return [w for w in out if w.template.strip()]
