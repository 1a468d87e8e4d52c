"""`talkstick run`: builds the devices at the edge, runs one session, closes everything."""

import logging
import queue
import signal
import sys
import threading
import time

from talkstick.engine import Dialogue
from talkstick.errors import AudioError, ModelError
from talkstick.script import load_chosen
from talkstick.settings import load_settings

log = logging.getLogger(__name__)


def add_run_command(sub):
    p = sub.add_parser(
        "run", help="run the dialogue (the simulator where there is no GPIO)",
        description="Run a dialogue session. On a Raspberry Pi the button and LEDs are real; "
        "elsewhere the simulator draws them in the terminal (space = press, d = double press, "
        "h = hold for a break, e = end, 1-9 = heard phrases, q = quit). With --headless, "
        "write commands on stdin (press, double, hold, long_hold, say INTENT, wait SECONDS, "
        "quit) and read one JSON object per change on stdout.")
    p.add_argument("--config", metavar="FILE", help="config file (default: "
                   "~/.config/talkstick/config.toml, then /etc/talkstick/config.toml)")
    p.add_argument("--language", "--lang", dest="language", help="language pack, e.g. en or ko")
    p.add_argument("--script", help="script name in the pack (default imago-dialogue) or a path")
    p.add_argument("--verbosity", choices=("guided", "brief", "silent"),
                   help="guided: full prompts; brief: short ones; silent: LEDs only")
    p.add_argument("--simulate", action="store_true", help="use the simulator even on a Pi")
    p.add_argument("--headless", action="store_true",
                   help="no terminal drawing: commands on stdin, JSON lines on stdout")
    p.add_argument("--no-voice", dest="voice", action="store_false", default=None,
                   help="do not speak (same as voice.enabled = false)")
    p.add_argument("--no-listen", dest="listen", action="store_false", default=None,
                   help="do not listen; the button moves the dialogue on")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides the config)")
    p.add_argument("--repeat", action="store_true",
                   help="after a session, wait with the lights off until the button is pressed, "
                   "then start the next one (the service runs this way)")
    p.add_argument("--gpio", action="store_true",
                   help="require real GPIO: fail instead of falling back to the simulator")
    p.set_defaults(run=run)


def run(args):
    settings = load_settings(args.config, overrides={
        "dialogue.language": args.language, "dialogue.script": args.script,
        "dialogue.verbosity": args.verbosity, "voice.enabled": args.voice,
        "listen.enabled": args.listen})
    d = settings.dialogue
    pack, script = load_chosen(d)
    events, stop = queue.Queue(), threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with Devices(settings, pack, script, events, stop, args) as devices:
        while True:
            dialogue = Dialogue(script, pack.prompts, d.names or pack.names, verbosity=d.verbosity,
                                turn_seconds=d.turn_minutes * 60, break_minutes=d.break_minutes)
            reason = devices.session(dialogue).run(devices.notices)
            log.info("session over: %s", reason)
            devices.notices = []  # each degradation is said once, not once a session
            if not args.repeat or not wait_for_press(events, stop):
                return 0


def wait_for_press(events, stop):
    """Between sessions: True once the button is pressed, False when asked to stop."""
    from talkstick.events import Gesture

    while not stop.is_set():
        try:
            event = events.get(timeout=0.5)
        except queue.Empty:
            continue
        if isinstance(event, Gesture) and event.kind == "press":
            return True
    return False


class Devices:
    """Everything with a thread or a handle, built at the edge and closed in reverse order."""

    def __init__(self, settings, pack, script, events, stop, args):
        self.settings, self.pack, self.script = settings, pack, script
        self.events, self.stop, self.args = events, stop, args
        self.notices, self.closers = [], []
        self.speaking = threading.Event()

    def __enter__(self):
        from talkstick.panel import Panel
        from talkstick.pins import choose_pin_factory

        headless = self.args.headless
        self.factory, self.simulated = choose_pin_factory(self.args.simulate or headless,
                                                          require=self.args.gpio)
        self.panel = self._keep(Panel(self.settings.panel, self.events.put, pin_factory=self.factory))
        self.speaker = self._speaker()
        self.listener = self._listener()
        self.display = self._display()
        return self

    def __exit__(self, *exc):
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("closing a device failed")

    def _keep(self, device):
        self.closers.append(device.close)
        return device

    def _speaker(self):
        v = self.settings.voice
        if not v.enabled:
            return None
        from talkstick.speaker import Speaker

        return self._keep(Speaker(self.events.put, voice=v.voice or self.pack.voice, rate=v.rate,
                                  volume=v.volume, device=v.device or None, speaking=self.speaking))

    def _listener(self):
        listen = self.settings.listen
        if not listen.enabled:
            return None
        import os

        from talkstick.models import load_model, resolve_model

        try:
            choice = resolve_model(self.pack.language, flag=self.args.model,
                                   config=listen.model or None, environ=os.environ)
        except ModelError as e:
            log.warning("%s", e)
            choice = None
        if choice is None:
            log.warning("no speech model for %r: button only. Get one with: talkstick model "
                        "download %s", self.pack.language, self.pack.language)
            self.notices.append("no_model")
            return None
        from talkstick.listener import Listener

        print(f"loading the speech model ({choice.source})…", file=sys.stderr, flush=True)
        started = time.monotonic()
        model = load_model(choice.path)
        log.info("model loaded in %.1f s", time.monotonic() - started)
        try:
            listener = Listener(model, self.pack.phrases, self.events.put, filler=self.pack.filler,
                                device=listen.device or None, speaking=self.speaking,
                                tail_s=listen.tail_s)
        except AudioError as e:
            log.warning("%s", e)
            self.notices.append("no_microphone")
            return None
        return self._keep(listener)

    def session(self, dialogue):
        from talkstick.session import Session

        return Session(dialogue, self.events, self.stop, panel=self.panel, speaker=self.speaker,
                       listener=self.listener, display=self.display)

    def _display(self):
        from talkstick.pins import Finger

        finger = Finger(self.factory.pin(self.settings.panel.button), self.settings.panel,
                        self.stop.wait)
        if self.args.headless:
            from talkstick.headless import CommandReader, JsonDisplay

            CommandReader(sys.stdin, finger, self.events.put, self.stop, time.monotonic,
                          sys.stderr).start()
            return JsonDisplay(sys.stdout)
        if self.simulated:
            from talkstick.simulator import Simulator

            sim = Simulator(finger, self.events.put, self.stop, self.pack, self.settings,
                            script=self.script)
            self._keep(sim)
            return sim
        return None
