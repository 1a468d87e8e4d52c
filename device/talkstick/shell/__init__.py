"""The running device: the session loop around the pure core, and the wiring of its devices.

Imports every layer below it (core, script, hearing, voice, panel, frontends) and builds each
device at the edge; nothing imports the shell but the commands.
"""
