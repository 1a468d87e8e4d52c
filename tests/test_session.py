"""The shell's dispatch loop: a real queue, a real stop Event, the real pure dialogue from the
shipped English script, an injected clock, and small recording fakes for its devices."""

import queue
import threading
import time

import pytest

from dialogue import of
from talkstick.core import actions as act
from talkstick.core import events as ev
from talkstick.core.dialogue import Dialogue
from talkstick.core.lights import DARK
from talkstick.script.files import script_path
from talkstick.script.pack import load_pack
from talkstick.script.steps import load_script
from talkstick.shell.session import SETTLE_EVENTS, Session, wait_for_press

DEADLINE = 3.0   # real seconds any one wait in this file may take
TICK = 0.01      # real seconds between ticks, so a test never waits long for one
DRAIN = 5.0      # clock seconds the goodbye may take; the fake clock only moves when told
ROUND = [("press", "mirroring"), ("press", "accuracy"), ("press", "more"), ("double", "summary"),
         ("press", "summary_check"), ("press", "validation"), ("press", "empathy"),
         ("press", "empathy_check")]


def dialogue():
    pack = load_pack("en")
    return Dialogue(load_script(script_path("imago-dialogue", "en")), pack.prompts, pack.names)


class Lamps:
    def __init__(self):
        self.shown = []

    def show(self, lights):
        self.shown.append(lights)


class Listener:
    def __init__(self):
        self.intents = []

    def listen_for(self, intents):
        self.intents.append(intents)


class Speaker:
    """Says nothing; answers SpeechDone at once for the prompt ids in ``answers`` (every one
    when None), as the real speaker does when it finishes. ``asked`` lets a test wait for a
    prompt to be handed over."""

    def __init__(self, events, clock, answers=None):
        self.events, self.clock, self.answers = events, clock, answers
        self.said, self.stops, self.asked = [], 0, queue.Queue()

    def say(self, prompt_id, text):
        self.said.append((prompt_id, text))
        self.asked.put(prompt_id)
        if self.answers is None or prompt_id in self.answers:
            self.events.put(ev.SpeechDone(prompt_id, self.clock()))

    def stop_speech(self):
        self.stops += 1

    def ids(self):
        return [prompt_id for prompt_id, _ in self.said]


class Display:
    """Records the events shown; ``shown`` gets (phase, step) after every event handled."""

    def __init__(self):
        self.events, self.shown = [], queue.Queue()

    def event(self, event):
        self.events.append(event)

    def show(self, snapshot, actions):
        self.shown.put((snapshot["phase"], snapshot["step"]))


class Call:
    """``fn(*args)`` on a thread, so a test can act while it runs and never waits unbounded."""

    def __init__(self, stop, fn, *args):
        self.stop, self.out = stop, []
        self.thread = threading.Thread(target=lambda: self.out.append(fn(*args)), daemon=True)
        self.thread.start()

    def alive_after(self, seconds):
        self.thread.join(seconds)
        return self.thread.is_alive()

    def result(self, timeout=DEADLINE):
        if self.alive_after(timeout):
            self.stop.set()
            self.thread.join(timeout)
            pytest.fail(f"still running after {timeout} s")
        return self.out[0]


def wait_for(items, want, timeout=DEADLINE):
    """Read ``items`` until ``want`` comes, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        while items.get(timeout=max(0.0, deadline - time.monotonic())) != want:
            pass
    except queue.Empty:
        pytest.fail(f"no {want!r} within {timeout} s")


@pytest.fixture
def events():
    return queue.Queue()


@pytest.fixture
def stop():
    return threading.Event()


@pytest.fixture
def session(events, stop, fake_clock):
    def make(**devices):
        return Session(dialogue(), events, stop, clock=fake_clock, tick_s=TICK, drain_s=DRAIN,
                       **devices)
    return make


def run(session, notices=()):
    return Call(session.stop, session.run, notices).result()


def test_start_is_said_and_every_action_reaches_its_device(session, events, fake_clock):
    speaker, lamps, listener = Speaker(events, fake_clock), Lamps(), Listener()
    s = session(speaker=speaker, lamps=lamps, listener=listener)
    events.put(ev.Gesture("long_hold", 0.0))
    assert run(s) == "ended"
    pure = dialogue()
    expected = pure.handle(ev.Start(0.0)) + pure.handle(ev.Gesture("long_hold", 0.0))
    assert speaker.ids() == ["device.welcome", "appointment", "device.end"]
    assert speaker.said == [(a.prompt_id, a.text) for a in of(expected, act.Say)]
    assert speaker.stops == 1                       # the long hold cut the appointment prompt
    assert lamps.shown == of(expected, act.Lights) and lamps.shown[-1] == DARK
    assert listener.intents == [a.intents for a in of(expected, act.Listen)]
    assert listener.intents[-1] == ()
    assert s.pending == set()                       # the goodbye was heard out


def test_a_say_without_a_speaker_is_answered_at_once_so_spoken_moves_happen(
        events, stop, fake_clock, tmp_path):
    display = Display()
    script = tmp_path / "goodbye.toml"  # one device step: on spoken, the end
    script.write_text('[[steps]]\nid = "goodbye"\nspeaker = "device"\nprompt = "Goodbye."\n'
                      '[steps.on]\nspoken = "end"\n')
    pack = load_pack("en")
    s = Session(Dialogue(load_script(script), pack.prompts, pack.names), events, stop,
                clock=fake_clock, tick_s=TICK, drain_s=DRAIN, display=display)
    assert run(s) == "done"
    done = [e.prompt_id for e in display.events if isinstance(e, ev.SpeechDone)]
    assert done == ["device.welcome", "goodbye"]
    assert s.pending == set()


def test_stop_speech_stops_the_speaker_and_forgets_what_was_pending(session, events, fake_clock):
    # Only the goodbye is ever finished: were the cut prompts still pending, the drain would
    # wait for them until the deadline of this test.
    speaker = Speaker(events, fake_clock, answers={"device.end"})
    s = session(speaker=speaker)
    events.put(ev.Gesture("press", 0.0))
    events.put(ev.Gesture("long_hold", 0.0))
    assert run(s) == "ended"
    assert speaker.ids() == ["device.welcome", "appointment", "sending", "device.end"]
    assert speaker.stops == 2
    assert s.pending == set()


def test_device_notices_are_handled_and_said_after_the_welcome(session, events, fake_clock):
    speaker, display = Speaker(events, fake_clock), Display()
    s = session(speaker=speaker, display=display)
    events.put(ev.Gesture("long_hold", 0.0))
    assert run(s, notices=["no_model", "no_speaker"]) == "ended"
    assert speaker.ids() == ["device.welcome", "appointment", "device.no_model",
                             "device.no_speaker", "device.end"]
    prompts = load_pack("en").prompts
    assert speaker.said[2:4] == [("device.no_model", prompts["no_model"]),
                                 ("device.no_speaker", prompts["no_speaker"])]
    assert ev.DeviceNotice("no_model", 0.0) in display.events


def test_a_whole_dialogue_by_button_returns_done(session, events, stop, fake_clock):
    lamps, display = Lamps(), Display()
    s = session(lamps=lamps, display=display)
    running = Call(stop, s.run)
    wait_for(display.shown, ("running", "appointment"))
    moves = [("press", "sending"), *ROUND, ("press", "sending"), *ROUND, ("press", "closing")]
    for kind, step in moves:
        events.put(ev.Gesture(kind, fake_clock()))
        wait_for(display.shown, ("running", step))
    events.put(ev.Gesture("press", fake_clock()))   # goodbye, and once it is said, the end
    assert running.result() == "done"
    assert s.dialogue.sender == 1                   # B sent too
    assert lamps.shown[-1] == DARK


def test_stop_ends_a_running_session(session, stop):
    display = Display()
    running = Call(stop, session(display=display).run)
    wait_for(display.shown, ("running", "appointment"))
    assert running.alive_after(5 * TICK)            # ticking along, waiting for the partners
    stop.set()
    assert running.result() == "stopped"


class BusyDisplay(Display):
    """Stalls the loop once, in showing ``step`` (as a slow disk stalls the position's save),
    until ``go`` is set; ``busy`` is set while it stalls."""

    def __init__(self, step):
        super().__init__()
        self.step, self.busy, self.go = step, threading.Event(), threading.Event()

    def show(self, snapshot, actions):
        super().show(snapshot, actions)
        if snapshot["step"] == self.step and not self.busy.is_set():
            self.busy.set()
            self.go.wait(DEADLINE)


def test_what_was_queued_when_the_stop_came_is_handled_before_it_stops(
        session, events, stop, fake_clock):
    # The end of headless input can come while the loop is busy: the press made before it
    # still counts, and so does the SpeechDone its goodbye queues (no speaker), to the end.
    display = BusyDisplay("closing")
    running = Call(stop, session(display=display).run)
    wait_for(display.shown, ("running", "appointment"))
    moves = [("press", "sending"), *ROUND, ("press", "sending"), *ROUND, ("press", "closing")]
    for kind, step in moves:
        events.put(ev.Gesture(kind, fake_clock()))
        wait_for(display.shown, ("running", step))
    assert display.busy.wait(DEADLINE)
    events.put(ev.Gesture("press", fake_clock()))   # goodbye, made while the loop is busy
    stop.set()                                      # and then the input ends
    display.go.set()
    assert running.result() == "done"
    assert events.empty()


def test_a_flood_queued_at_the_stop_is_cut_short_and_the_lights_go_out(session, events, stop):
    stop.set()
    for n in range(SETTLE_EVENTS + 5):
        events.put(ev.Heard("thats_all", float(n)))  # heard nowhere in the appointment step
    lamps = Lamps()
    assert run(session(lamps=lamps)) == "stopped"
    left = [events.get_nowait() for _ in range(events.qsize())]
    assert sum(isinstance(e, ev.Heard) for e in left) == 5 and lamps.shown[-1] == DARK


def test_the_drain_reads_on_until_the_last_words_are_said(session, events, fake_clock):
    speaker = Speaker(events, fake_clock, answers=())
    s = session(speaker=speaker)
    running = Call(s.stop, s.run)
    events.put(ev.Gesture("long_hold", 0.0))
    wait_for(speaker.asked, "device.end")
    assert running.alive_after(0.3)                 # still saying goodbye
    events.put(ev.Gesture("press", 0.0))            # someone presses during the goodbye
    assert running.alive_after(0.3)
    events.put(ev.SpeechDone("device.end", 0.0))
    assert running.result() == "ended"
    assert s.pending == set() and events.empty()


def test_the_drain_gives_up_at_its_deadline_on_the_clock(session, events, fake_clock):
    speaker = Speaker(events, fake_clock, answers=())
    s = session(speaker=speaker)
    running = Call(s.stop, s.run)
    events.put(ev.Gesture("long_hold", 0.0))
    wait_for(speaker.asked, "device.end")
    assert running.alive_after(0.2)
    deadline = time.monotonic() + DEADLINE
    # Moved on each time round, since the drain may read the clock for its deadline only now.
    while time.monotonic() < deadline and running.alive_after(0.05):
        fake_clock.advance(DRAIN)
    assert running.result() == "ended"
    assert s.pending == {"device.end"}              # never finished; the session ends anyway


def test_wait_for_press_passes_over_everything_but_a_press(events, stop):
    after = ev.Gesture("double", 9.0)
    for event in [ev.Gesture("double", 0.0), ev.Gesture("hold", 1.0), ev.Gesture("long_hold", 2.0),
                  ev.Heard("yes", 3.0), ev.Tick(4.0), ev.Gesture("press", 5.0), after]:
        events.put(event)
    assert Call(stop, wait_for_press, events, stop).result() is True
    assert events.get_nowait() == after             # it stopped reading at the press
    assert events.empty()


def test_wait_for_press_returns_false_when_asked_to_stop(events, stop):
    waiting = Call(stop, wait_for_press, events, stop)
    events.put(ev.Gesture("double", 0.0))
    assert waiting.alive_after(0.1)
    stop.set()
    assert waiting.result() is False
