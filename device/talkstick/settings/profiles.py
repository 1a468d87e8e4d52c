"""Profiles: a set of defaults for one kind of use, chosen with ``dialogue.profile``.

A profile only changes keys left at their default: a value from the config file, the
environment or a flag still wins, except where the profile promises something (therapist mode
stores nothing), which such a value may not break.
"""

from talkstick.settings.values import error, set_value

# profile -> {"section.key": value}: the defaults it brings
PROFILES = {
    "home": {},
    "therapist": {"dialogue.verbosity": "brief", "history.enabled": False,
                  "dialogue.resume_hours": 0.0},
}
# What a profile promises: a key set elsewhere to another value is refused.
STORES_NOTHING = "therapist mode stores nothing"
PROMISES = {"therapist": {"history.enabled": (False, STORES_NOTHING),
                          "dialogue.resume_hours": (0.0, STORES_NOTHING)}}


def apply_profile(settings):
    """``settings`` with its profile's defaults under the keys still at their default."""
    name = settings.dialogue.profile
    where = f"profile {name} ({settings.origin('dialogue.profile')})"
    for dotted, (value, why) in PROMISES.get(name, {}).items():
        section, _, key = dotted.partition(".")
        if settings.origin(dotted) != "default" and getattr(getattr(settings, section), key) != value:
            raise error(f"{settings.origin(dotted)}: {why}: [{section}] {key} must be "
                        f"{_toml(value)} with dialogue.profile = \"{name}\" (set at "
                        f"{settings.origin('dialogue.profile')})")
    for dotted, value in PROFILES[name].items():
        if settings.origin(dotted) == "default":
            settings = set_value(settings, dotted, value, where)
    return settings


def _toml(value):
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"
