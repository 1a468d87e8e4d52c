"""The dialogue scripts and wordings shipped with talkstick: data, read by talkstick.script."""
