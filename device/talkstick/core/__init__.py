"""The pure dialogue core: events in, actions out. No threads, no clock, no I/O.

``Dialogue.handle(event) -> [actions]`` is the whole interface. Modules here import only each
other and the pure parts of the standard library (a test walks the imports to keep it so).
"""
