"""``crmsim new-scenario`` and ``crmsim validate``: write a template or a preset's copy, check a
scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmsim.cli.options import add_command, check_output_file
from crmsim.cli.scenario_source import scenario_help, scenario_source
from crmsim.common.errors import ScenarioError
from crmsim.language.translate import tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim new-scenario`` and ``crmsim validate``."""
    from crmsim.scenario.presets import preset_names

    new = add_command(commands, "new-scenario")
    new.add_argument("file", type=Path, help="the scenario file to create")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.add_argument("--preset", default=None, metavar="NAME",
                     help="start from this preset's commented file instead of the template "
                     f"({', '.join(preset_names())}); its name and description become the "
                     "file's own, to be changed")
    new.set_defaults(handler=_new_scenario)

    validate = add_command(commands, "validate")
    validate.add_argument("file", help=scenario_help("the scenario to check"))
    validate.set_defaults(handler=_validate)


def _new_scenario(args: argparse.Namespace) -> int:
    from crmsim.scenario.template import write_template

    check_output_file("FILE", args.file)
    try:
        path = write_template(args.file, overwrite=args.force, preset=args.preset)
    except FileExistsError:
        raise ScenarioError(
            f"{args.file} already exists; expected a new file name (or --force to replace it)."
        ) from None
    if args.preset is None:
        print(tr("cli.new_scenario.wrote", path=path))
    else:
        print(tr("cli.new_scenario.wrote_preset", path=path, preset=args.preset))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from crmsim.scenario.presets import preset_text
    from crmsim.scenario.problems import file_problems, problems_in_text

    source = scenario_source("FILE", args.file)
    if source.path is not None:
        found = file_problems(source.path)
    else:
        found = problems_in_text(preset_text(source.given), source=source.given)
    for line in found:
        print(line)
    if found:
        key = "cli.validate.problems" if len(found) > 1 else "cli.validate.problem"
        print(tr(key, n=len(found), file=args.file), file=sys.stderr)
        return 1
    scenario = source.load()
    print(tr("cli.validate.valid", file=args.file, name=scenario.name,
             n_segments=len(scenario.segments), n_levels=len(scenario.levels)))
    return 0
