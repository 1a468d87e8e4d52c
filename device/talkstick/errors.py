"""The one family of exceptions talkstick raises on purpose."""


class TalkstickError(Exception):
    """Base of every error talkstick reports to its user."""


class ScriptError(TalkstickError, ValueError):
    """A dialogue script or language pack is not valid.

    ``problems`` holds one line per problem, each naming the file, the step id and the field.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ConfigError(TalkstickError, ValueError):
    """A configuration file, environment variable or flag holds a value we cannot use."""


class ModelError(TalkstickError, RuntimeError):
    """A speech model is missing, broken, or could not be fetched."""


class AudioError(TalkstickError, RuntimeError):
    """An audio device (microphone or speaker) cannot be opened or has gone away."""
