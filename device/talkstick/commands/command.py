"""What a subcommand gives ``main``: its frozen options class and the function to run."""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Command:
    """``run(options, stop) -> int``; ``options`` is built from the parsed arguments whose
    names are the fields of ``options_class``. ``graceful``: SIGINT and SIGTERM set ``stop``
    (the session ends tidily) instead of interrupting at once."""

    options_class: type
    run: object
    graceful: bool = False

    def options(self, parsed):
        """The frozen options, from an argparse namespace (which goes no further)."""
        return self.options_class(**{f.name: getattr(parsed, f.name) for f in fields(self.options_class)})
