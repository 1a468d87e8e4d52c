"""The exercise menu between sessions: the pure ``core.menu.Menu`` run by a ``Session`` on the
device's own button, lamps, speaker and display."""

import logging

from talkstick.core.menu import Menu
from talkstick.errors import ScriptError
from talkstick.script.files import SHARED
from talkstick.script.steps import load_script
from talkstick.script.targets import parse_targets

log = logging.getLogger(__name__)


def exercises(pack, default):
    """The scripts of ``pack`` that load, the ``default`` Script first: [(id, Script), ...].
    A script that does not load is left out (``talkstick check`` names its problems)."""
    found = [(default.id, default)]
    for path in sorted(p for p in pack.folder.glob("*.toml") if p.name not in SHARED):
        if path.resolve() == default.path.resolve():
            continue
        try:
            script = load_script(path)
        except ScriptError as e:
            log.warning("%s left out of the menu: %s", path.name, e.problems[0])
            continue
        if script.id not in dict(found):
            found.append((script.id, script))
    return found


def choose(devices, session):
    """Run the menu on the devices, in the Session ``session(menu)`` makes; the Script chosen
    (the one in use when there is nothing to choose between), or None when asked to stop."""
    scripts = exercises(devices.pack, devices.script)
    if len(scripts) < 2:
        return devices.script
    intro = devices.pack.prompts.get("menu", "")
    menu = Menu([(sid, script.title) for sid, script in scripts], intro=intro,
                timeout_s=devices.settings.dialogue.menu_seconds)
    session(menu).run()
    if menu.chosen is None:
        return None
    log.info("menu: %s (%s)", menu.chosen, menu.how)
    script = dict(scripts)[menu.chosen]
    use_script = getattr(devices.display, "use_script", None)  # the simulator's title
    if use_script:
        use_script(script)
    return script


def step_targets(settings, pack, script):
    """{step id: seconds} of ``dialogue.targets``, checked against the steps of every exercise
    the menu offers (a ScriptError naming where the setting was made)."""
    if not settings.dialogue.targets:
        return {}
    ids = {sid for _, s in exercises(pack, script) for sid in s.steps}
    return parse_targets(settings.dialogue.targets, settings.origin("dialogue.targets"), ids)
