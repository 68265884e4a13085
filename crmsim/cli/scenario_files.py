"""``crmsim new-scenario`` and ``crmsim validate``: write a template, check a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmsim.cli.options import add_command, check_output_file
from crmsim.common.errors import ScenarioError
from crmsim.language.translate import tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim new-scenario`` and ``crmsim validate``."""
    new = add_command(commands, "new-scenario")
    new.add_argument("file", type=Path, help="the scenario file to create")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(handler=_new_scenario)

    validate = add_command(commands, "validate")
    validate.add_argument("file", type=Path, help="scenario TOML file")
    validate.set_defaults(handler=_validate)


def _new_scenario(args: argparse.Namespace) -> int:
    from crmsim.scenario.template import write_template

    check_output_file("FILE", args.file)
    try:
        path = write_template(args.file, overwrite=args.force)
    except FileExistsError:
        raise ScenarioError(
            f"{args.file} already exists; expected a new file name (or --force to replace it)."
        ) from None
    print(tr("cli.new_scenario.wrote", path=path))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from crmsim.scenario.problems import file_problems

    found = file_problems(args.file)
    for line in found:
        print(line)
    if found:
        key = "cli.validate.problems" if len(found) > 1 else "cli.validate.problem"
        print(tr(key, n=len(found), file=args.file), file=sys.stderr)
        return 1
    from crmsim.scenario.toml_io import load_scenario

    scenario = load_scenario(args.file)
    print(tr("cli.validate.valid", file=args.file, name=scenario.name,
             n_segments=len(scenario.segments), n_levels=len(scenario.levels)))
    return 0
