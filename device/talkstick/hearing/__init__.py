"""Hearing the check-in phrases: microphone -> denoiser -> cleaner -> energy gate -> Vosk ->
intents, and the models.

Only intents leave this package: never words, never audio. Imports ``talkstick.core``,
``talkstick.audio``, ``talkstick.worker``, ``talkstick.portaudio`` and ``talkstick.errors``;
vosk and sounddevice are imported where a model or a device is opened.
"""
