"""`talkstick record`: a therapist records the device's prompts in their own voice.

The one place talkstick writes audio: only the device's own prompts, one WAV per prompt id,
only when the therapist keeps a take. Nothing heard in a session is ever recorded.
"""

import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from talkstick.commands.command import Command
from talkstick.errors import AudioError
from talkstick.frontends.columns import wrap

DESCRIPTION = """\
Walk through every prompt of a script (the language pack's device prompts, then each step's
wordings): the text is shown and spoken, you record it, hear it back, and keep it, take it
again or skip it. A take ends when you press Enter or pause for 1.5 s; silence is trimmed and
the loudness evened out. Each kept take is one WAV per prompt id in the pack folder (default
<state dir>/voices/<language>); the device then plays your recording instead of its
synthetic voice, and synthesizes what is missing (the log says how many at start).

This is the only place talkstick writes audio, at your request, and only these prompts:
nothing said in a session is ever recorded.

Prompts that name the partners ({sender}, {receiver}) are recorded name-free: say the role
("Sender", "Receiver") where a name would go; the recording is played whoever is sending.
Prompts whose words change in a session (a time of day, how long a break has run) cannot be
recorded and are always synthesized.

keys (type, then Enter):  Enter record / keep   r re-take   s skip   q quit
It records from the config's [listen] device and plays on its [voice] device.

examples:
  talkstick record                           the default script, the config's language
  talkstick record --lang ko --exercise imago-dialogue
  talkstick record --missing                 list the prompts not recorded yet
"""


@dataclass(frozen=True)
class RecordOptions:
    config: str | None
    language: str | None
    exercise: str | None
    pack: str | None
    missing: bool
    redo: bool


def add_parser(sub):
    p = sub.add_parser("record", help="record the device's prompts in a therapist's own voice",
                       description=DESCRIPTION)
    p.add_argument("--config", metavar="FILE", help="config file (default: as for run)")
    p.add_argument("--language", "--lang", dest="language", help="language pack, e.g. en or ko")
    p.add_argument("--exercise", metavar="NAME", help="script name in the pack (default: the "
                   "config's, imago-dialogue) or a path to a .toml script")
    p.add_argument("--pack", metavar="DIR", help="folder of the recordings (default: "
                   "<state dir>/voices/<language>, where the device looks)")
    p.add_argument("--missing", action="store_true",
                   help="only list the prompts not recorded yet, then stop")
    p.add_argument("--redo", action="store_true",
                   help="also offer prompts recorded already (default: only the missing ones)")
    p.set_defaults(command=Command(RecordOptions, run, graceful=True))


def run(options, stop):
    from talkstick.script.chosen import load_chosen
    from talkstick.script.said import role_words, wordings
    from talkstick.settings import load_settings
    from talkstick.shell.voices import recordings_folder
    from talkstick.voice.recorded import Recordings

    settings = load_settings(options.config, overrides={
        "--language": ("dialogue.language", options.language),
        "--exercise": ("dialogue.script", options.exercise)})
    pack, script = load_chosen(settings)
    folder = Path(options.pack) if options.pack else Path(recordings_folder(settings, pack.language))
    recordings, roles = Recordings(folder), role_words(pack)
    minutes = settings.dialogue.break_minutes
    every = wordings(pack, script)
    todo = [w for w in every if w.fixed]
    left = [w for w in todo if not recordings.has(w.id, w.filled(*roles, minutes))]
    if options.missing:
        return list_missing(left, [w for w in every if not w.fixed], roles, minutes, folder)
    session = Studio(settings, pack, recordings, stop)
    print(f"Recording {len(left if not options.redo else todo)} prompts of {script.title} "
          f"({pack.name}) into {folder}", flush=True)
    return session.walk(left if not options.redo else todo, roles, minutes)


def list_missing(left, unrecordable, roles, minutes, folder):
    print(f"{len(left)} prompt(s) not recorded in {folder}:")
    for w in left:
        print(f"  {w.id}: {w.filled(*roles, minutes)}")
    if unrecordable:
        print(f"{len(unrecordable)} always synthesized (their words change in a session): "
              + ", ".join(w.id for w in unrecordable))
    return 0


class Studio:
    """The walk through the prompts: show, speak, record, play back, keep / re-take / skip."""

    def __init__(self, settings, pack, recordings, stop, stdin=None, out=None):
        from talkstick.voice.recorder import Recorder

        self.settings, self.pack, self.recordings, self.stop = settings, pack, recordings, stop
        self.out = out or sys.stdout
        self.keys = _lines(stdin or sys.stdin)
        self.recorder = Recorder(settings.listen.device or None)
        self.voice = None

    def say(self, *lines):
        for line in lines:
            print(line, file=self.out, flush=True)

    def walk(self, todo, roles, minutes):
        for n, w in enumerate(todo, 1):
            said = w.filled(*roles, minutes)
            self.say("", f"[{n}/{len(todo)}] {w.id}", *("  " + line for line in wrap(said, 76)))
            if w.has_names:
                self.say(f"  (say {roles[0]!r} / {roles[1]!r}, not a name: it is played for both)")
            if self._one(w, said) == "quit":
                break
        self.say("", "done. `talkstick record --missing` lists what is left.")
        return 0

    def _one(self, w, said):
        self._speak(said)
        key = self._ask("Enter: record   s: skip   q: quit")
        while key not in ("q", "s") and not self.stop.is_set():
            self.say("recording… (Enter or a pause ends it)")
            take = self._take()
            if take is None:
                key = self._ask("heard nothing.  Enter: record again   s: skip   q: quit")
                continue
            self.say(f"recorded {len(take[0]) / take[1]:.1f} s; playing it back")
            self._play(*take)
            key = self._ask("Enter: keep   r: re-take   s: skip   q: quit")
            if key == "r":
                continue  # straight into the next take
            if key not in ("q", "s"):
                self.recordings.save(w.id, said, *take)
                self.say(f"kept: {self.recordings.path(w.id)}")
                return "kept"
        return "skip" if key == "s" else "quit"

    def _take(self):
        try:
            return self.recorder.take(stopped=self._pressed)
        except Exception as e:  # noqa: BLE001 - PortAudioError, no such device: one line
            raise AudioError(f"cannot record from the microphone ({' '.join(str(e).split())}); "
                             "choose one with [listen] device (see talkstick detect)") from e

    def _ask(self, hint):
        self.say(hint + " >")
        while not self.stop.is_set():
            try:
                line = self.keys.get(timeout=0.2)
            except queue.Empty:
                continue
            return "q" if line is None else line.strip().lower()[:1]
        return "q"

    def _pressed(self):
        """Enter during a take ends it (the line is used up)."""
        if self.stop.is_set():
            return True
        try:
            line = self.keys.get_nowait()
        except queue.Empty:
            return False
        if line is None:
            self.keys.put(None)  # the end of input: the next question quits
        return True

    def _speak(self, text):
        v = self.settings.voice
        if not v.enabled:
            return
        if self.voice is None:
            from talkstick.voice.choice import make_synth

            self.voice = make_synth(v.engine, self.pack.language, v.voice or self.pack.voice,
                                    v.rate, v.volume)
        self._play(*self.voice.render(text))

    def _play(self, samples, rate):
        import sounddevice as sd

        try:
            sd.play(samples, rate, device=self.settings.voice.device or None, blocking=True)
        except Exception as e:  # noqa: BLE001 - no speaker: the text on screen is enough
            self.say(f"(cannot play: {' '.join(str(e).split())})")


def _lines(stream):
    """The lines typed, from a reader thread (None at the end), so a take can stop on Enter."""
    lines = queue.Queue()

    def read():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, name="keys", daemon=True).start()
    return lines
