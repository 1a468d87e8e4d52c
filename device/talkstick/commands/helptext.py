"""How every command's ``--help`` lays out its description and epilog.

argparse either wraps a description into one paragraph (examples and lists run together) or,
raw, prints it as written (a long sentence runs past the terminal's edge). ``HelpText`` (the
layout of every ``Parser``, the class of talkstick's parser and of its subcommands') wraps
each paragraph (text between blank lines) to the terminal, and keeps as written a paragraph that
is set out on purpose: one with an indented line (a list, a table of examples), a line spaced
into columns, or an ``example:`` line.
"""

import argparse
import textwrap


def set_out(lines):
    """Lines laid out by hand: indented, spaced into columns, or an example."""
    return any(line.startswith((" ", "example:")) or "  " in line.strip() for line in lines)


class HelpText(argparse.RawDescriptionHelpFormatter):
    """Each paragraph wrapped to the terminal, unless laid out by hand (``set_out``)."""

    def _fill_text(self, text, width, indent):
        paragraphs = []
        for paragraph in text.strip("\n").split("\n\n"):
            lines = paragraph.split("\n")
            if set_out(lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(textwrap.fill(" ".join(line.strip() for line in lines), width,
                                                initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(paragraphs)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser laid out by ``HelpText``; subcommands made from it (``add_subparsers``
    makes them of its own class), and theirs, are laid out so too."""

    def __init__(self, *args, formatter_class=HelpText, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)
