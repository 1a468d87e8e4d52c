"""Settings: frozen dataclasses built once from defaults < config file < environment < flags.

``sections`` holds the dataclasses (every field with its doc and accepted range) and writes
them out as a commented config file; ``loader`` reads the file, the environment and the flags
(the one module that reads ``os.environ``); ``values`` checks one value against its field.
A leaf: imports only ``talkstick.errors`` and ``talkstick.tomlfile``.
"""

from talkstick.settings.loader import (
    default_config_paths,
    default_data_dir,
    default_state_dir,
    load_settings,
    show_tracebacks,
)
from talkstick.settings.sections import (
    ALIASES,
    SECTIONS,
    DialogueSettings,
    ListenSettings,
    PanelSettings,
    Settings,
    VoiceSettings,
    describe_defaults,
)

__all__ = [
    "ALIASES", "SECTIONS", "DialogueSettings", "ListenSettings", "PanelSettings", "Settings",
    "VoiceSettings", "default_config_paths", "default_data_dir", "default_state_dir", "describe_defaults",
    "load_settings", "show_tracebacks",
]
