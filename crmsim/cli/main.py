"""The ``crmsim`` command: the parser, the ``--lang`` pre-parse and :func:`main`.

Each command group lives in its own module with an ``add_commands(commands)`` function that
declares its options and imports nothing heavy; a command's handler imports what it needs
when it runs, so ``crmsim --help`` and ``crmsim validate`` start quickly.

A user mistake (bad scenario file, bad option) prints one sentence and exits with status 2;
no traceback. So does a command whose optional extra is not installed, and a failure of the
operating system to write an output (a missing or read-only folder, a file where a folder
goes, a full disk): one sentence naming the path and the reason. ``crmsim --lang zh
COMMAND``, ``crmsim COMMAND --lang zh`` (or ``CRMSIM_LANG=zh``) prints messages and writes
figures and reports in simplified Chinese; so does ``crmsim --lang zh --help`` for the
description, the commands' one-line summaries and argparse's own words, and a usage error
(``CommandParser``) is one Chinese sentence. Option help and error messages about scenario
files stay in English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crmsim.cli import (
    calibrate,
    classroom,
    consultant,
    course,
    dashboard,
    demo,
    discover,
    glossary,
    scenario_files,
)
from crmsim.cli.options import CommandParser, add_language_option
from crmsim.common.errors import ScenarioError
from crmsim.common.extras import MissingExtraError
from crmsim.language.translate import get_language, normalise_language, tr, use_language

__all__ = ["build_parser", "main"]

COMMAND_GROUPS = (demo, scenario_files, consultant, calibrate, discover, glossary, dashboard,
                  classroom, course)
"""The modules whose ``add_commands`` add the sub-commands, in the order ``--help`` lists them."""


def _help_language(argv: Sequence[str]) -> str:
    """The language to build the parser in: ``--lang`` in ``argv``, else the current one.

    A tiny pre-parse, so that ``crmsim --lang zh --help`` is Chinese. An invalid value gives
    English here; the parse proper (or the command) then reports it.

    Examples
    --------
    >>> _help_language(["--lang", "zh-CN", "demo", "--seed", "3"]), _help_language(["demo"])
    ('zh', 'en')
    >>> _help_language(["--lang"]), _help_language(["--lang=fr", "--help"])
    ('en', 'en')
    """
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang")
    try:
        known, _ = pre.parse_known_args(argv)
        return normalise_language(known.lang) if known.lang else get_language()
    except (argparse.ArgumentError, ScenarioError):
        return "en"


def build_parser() -> argparse.ArgumentParser:
    """The ``crmsim`` argument parser.

    Its description and the commands' one-line summaries are in the current language; option
    help stays English. Every parsed command has a ``handler`` that takes the namespace and
    returns the exit status.

    Examples
    --------
    >>> parser = build_parser()
    >>> args = parser.parse_args(["validate", "client.toml"])
    >>> args.command, str(args.file), args.handler.__name__
    ('validate', 'client.toml', '_validate')
    """
    from crmsim.common.version import __version__

    parser = CommandParser(prog="crmsim", description=tr("cli.help.description"))
    parser.add_argument("--version", action="version", version=f"crmsim {__version__}")
    add_language_option(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crmsim`` command; returns the exit status."""
    argv = list(argv) if argv is not None else sys.argv[1:]
    with use_language(_help_language(argv)):
        args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        with use_language(args.lang):
            try:
                return args.handler(args)
            except KeyboardInterrupt:
                print(tr("cli.interrupted"), file=sys.stderr)
                return 130
    except ScenarioError as error:
        print(f"crmsim: {error}", file=sys.stderr)
        return 2
    except MissingExtraError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"crmsim: {_not_written(error)}", file=sys.stderr)
        return 2


def _not_written(error: OSError) -> str:
    """The sentence for an operating-system failure while writing: the path and the reason.

    Examples
    --------
    >>> _not_written(FileNotFoundError(2, "No such file or directory", "/proc/nope"))
    "/proc/nope: cannot be written; received the error 'No such file or directory'."
    >>> _not_written(OSError("disk full"))
    "the outputs cannot be written; received the error 'disk full'."
    """
    reason = error.strerror or str(error) or type(error).__name__
    what = f"{error.filename}:" if error.filename is not None else "the outputs"
    return f"{what} cannot be written; received the error '{reason}'."
