"""The words the dialogue is written in: intents, gestures, triggers, roles and device prompts.

Scripts and packs (``talkstick.script``) are checked against these names, and the engine acts on
them, so they live here, at the bottom, where both can import them.
"""

INTENTS = (
    "appointment_ok", "did_i_get_it", "is_there_more", "yes", "no", "thats_all",
    "got_it_all", "feeling_check", "pause", "repeat",
)
# Intents the engine handles in every step, whatever the script says.
ALWAYS_HEARD = ("pause", "repeat")
# Intents that answer a question: said by the one asked, so never words the question itself
# holds ("지금 괜찮아요?" asked, "지금 괜찮아요" heard as the answer: `talkstick check` warns).
ANSWERS = ("appointment_ok", "yes", "no")

GESTURES = ("press", "double", "triple", "hold", "long_hold")
# The gestures a script may route; triple (the step's sentence opener), hold (a break) and
# long_hold (the end) mean the same everywhere.
GESTURE_KEYS = ("press", "double")
# Moves that are not heard or pressed: after the device's prompt, after the last round.
# "lapse": back to where the step says once its timing.lapse passes without a press.
AUTO_KEYS = ("spoken", "all_sent", "lapse")
ON_KEYS = INTENTS + GESTURE_KEYS + AUTO_KEYS

END = "end"  # the step id every script ends at
SPEAKERS = ("sender", "receiver", "both", "device")
TURNS = ("speak", "respond")
VERBOSITY = ("guided", "brief", "silent")

# Wording every pack must give: the engine speaks these outside any one script's steps.
DEVICE_PROMPTS = (
    "welcome", "break", "resume", "end", "turn_long", "chunk_long", "no_model", "no_microphone",
    "no_speaker", "noisy_room", "break_confirm", "restored", "where", "appoint_hour", "appoint_hours",
    "appoint_done", "appoint_noted", "menu",
)
# Device prompts that take more than {sender}, {receiver} and {minutes}: a press early in a
# break ({elapsed} minutes so far), coming back from a break or a restart ({where} they were:
# the step's own ``where``, else the pack's ``where`` built from the step's label, {step}).
PROMPT_PLACEHOLDERS = {
    "break_confirm": ("elapsed",), "resume": ("where",), "restored": ("where",), "where": ("step",),
    # choosing when to come back: {hours} from now, at {time} (the pack's [clock] wording)
    "appoint_hour": ("time",), "appoint_hours": ("hours", "time"), "appoint_done": ("time",),
    "appoint_noted": ("time",),  # the same where nothing is stored (the therapist profile)
}
