"""The ``talkstick`` command: ``main`` wires, and each subcommand is one module here.

A subcommand module adds its parser and names a ``Command``: a frozen options class, built by
``main`` from the parsed arguments, and the function that runs with it. May import anything.
"""
