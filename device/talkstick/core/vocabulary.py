"""The words the dialogue is written in: intents, gestures, triggers, roles and device prompts.

Scripts and packs (``talkstick.script``) are checked against these names, and the engine acts on
them, so they live here, at the bottom, where both can import them.
"""

INTENTS = (
    "appointment_ok", "did_i_get_it", "is_there_more", "yes", "no", "thats_all",
    "got_it_all", "you_make_sense", "feeling_check", "pause", "repeat",
)
# Intents the engine handles in every step, whatever the script says.
ALWAYS_HEARD = ("pause", "repeat")

GESTURES = ("press", "double", "hold", "long_hold")
# The gestures a script may route; hold (a break) and long_hold (the end) mean the same everywhere.
GESTURE_KEYS = ("press", "double")
# Moves that are not heard or pressed: after the device's prompt, after the last round.
AUTO_KEYS = ("spoken", "all_sent")
ON_KEYS = INTENTS + GESTURE_KEYS + AUTO_KEYS

END = "end"  # the step id every script ends at
SPEAKERS = ("sender", "receiver", "both", "device")
TURNS = ("speak", "respond")
VERBOSITY = ("guided", "brief", "silent")

# Wording every pack must give: the engine speaks these outside any one script's steps.
DEVICE_PROMPTS = (
    "welcome", "break", "resume", "end", "turn_long", "chunk_long", "no_model", "no_microphone",
    "no_speaker",
)
