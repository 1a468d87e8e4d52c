"""`talkstick run`: a dialogue session on the device (or the simulator), until it ends."""

from dataclasses import dataclass

from talkstick.commands.command import Command
from talkstick.core.vocabulary import VERBOSITY
from talkstick.script.chosen import load_chosen
from talkstick.settings import load_settings
from talkstick.shell.devices import Devices, Frontend
from talkstick.shell.notify import Notifier
from talkstick.shell.session import run_sessions


@dataclass(frozen=True)
class RunOptions:
    config: str | None
    language: str | None
    script: str | None
    exercise: str | None
    verbosity: str | None
    voice: bool | None
    listen: bool | None
    model: str | None
    simulate: bool
    headless: bool
    repeat: bool
    gpio: bool
    menu: bool = False
    profile: str | None = None


def add_parser(sub):
    p = sub.add_parser(
        "run", help="run the dialogue (the simulator where there is no GPIO)",
        description="Run a dialogue session. On a Raspberry Pi the button and LEDs are real; "
        "elsewhere the simulator draws them in the terminal (space = press, d = double press, "
        "t = triple press: the step's sentence opener, h = hold for a break, e = end, 1-9 = "
        "heard phrases, q = quit). With --headless, write commands on stdin (press, double, "
        "triple, hold, long_hold, say INTENT, wait SECONDS, quit) and read one JSON object per "
        "change on stdout.")
    p.add_argument("--config", metavar="FILE", help="config file (default: "
                   "~/.config/talkstick/config.toml, then /etc/talkstick/config.toml)")
    p.add_argument("--language", "--lang", dest="language", help="language pack, e.g. en or ko")
    p.add_argument("--exercise", metavar="NAME", help="the exercise to run (default "
                   "imago-dialogue; `talkstick exercises` lists them with their length)")
    p.add_argument("--script", help="a script of your own: a path to a .toml file (overrides "
                   "--exercise and the config)")
    p.add_argument("--verbosity", choices=VERBOSITY,
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
                   "then start the next one (the service runs this way). A time the partners "
                   "chose to come back (appointment.json in the state folder: the time only) "
                   "is kept: then the step LED glows and a soft chime plays until a press")
    p.add_argument("--menu", action="store_true",
                   help="start with the spoken exercise menu: press = next exercise (its title "
                   "said, the step LED a colour for each place), double press = start it, hold = "
                   "back to the default; nothing chosen within [dialogue] menu_seconds (30 s): the "
                   "default. With --repeat the menu also comes between sessions (dialogue.menu)")
    p.add_argument("--profile", choices=("home", "therapist"),
                   help="therapist: brief prompts, nothing stored, the facilitator's button "
                   "([panel] facilitator_pin) and step times ([dialogue] targets)")
    p.add_argument("--gpio", action="store_true",
                   help="require real GPIO: fail instead of falling back to the simulator")
    p.set_defaults(command=Command(RunOptions, run, graceful=True))


def run(options, stop):
    settings = load_settings(options.config, overrides={
        "--language": ("dialogue.language", options.language),
        "--script": ("dialogue.script", options.script),
        "--exercise": ("dialogue.exercise", options.exercise),
        "--verbosity": ("dialogue.verbosity", options.verbosity),
        "--profile": ("dialogue.profile", options.profile),
        "--no-voice": ("voice.enabled", options.voice),
        "--no-listen": ("listen.enabled", options.listen),
        "--model": ("listen.model", options.model)})
    pack, script = load_chosen(settings)
    frontend = Frontend(simulate=options.simulate, headless=options.headless, gpio=options.gpio)
    notifier = Notifier(settings.notify_socket)
    try:
        with Devices(settings, pack, script, stop, frontend, notifier) as devices:
            notifier.ready()  # the button and lamps are up; the model may still be loading
            run_sessions(devices, repeat=options.repeat, menu=options.menu)
            notifier.stopping()
    finally:
        notifier.close()
    return 0
