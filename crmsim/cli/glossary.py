"""``crmsim glossary``: the English / Chinese terms of the domain texts."""

from __future__ import annotations

import argparse

from crmsim.cli.options import add_command

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim glossary``."""
    command = add_command(commands, "glossary")
    command.add_argument("--csv", action="store_true",
                         help="print CSV (columns english, chinese) instead of a table")
    command.set_defaults(handler=_glossary)


def _glossary(args: argparse.Namespace) -> int:
    from crmsim.language.glossary import format_glossary, glossary_table

    if args.csv:
        print(glossary_table().to_csv(index=False), end="")
    else:
        print(format_glossary())
    return 0
