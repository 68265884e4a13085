"""``crmsim demo``: the default scenario at every level, summarised and saved."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crmsim.cli.options import add_command
from crmsim.cli.scenario_source import scenario_help, scenario_source
from crmsim.language.translate import tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim demo``."""
    demo = add_command(commands, "demo")
    source = demo.add_mutually_exclusive_group()
    source.add_argument("--scenario", default=None,
                        help=scenario_help("the scenario (default: classroom)"))
    source.add_argument("--preset", default=None, help="the same as --scenario")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--out", type=Path, default=Path("crmsim-output/demo"),
                      help="output folder (default: crmsim-output/demo)")
    demo.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from crmsim.scenario.presets import DEFAULT_PRESET
    from crmsim.views.demo import format_summary, run_demo

    option, given = ("--preset", args.preset) if args.preset else ("--scenario", args.scenario)
    scenario = scenario_source(option, given or DEFAULT_PRESET).load()
    started = time.perf_counter()
    print(tr("cli.demo.start", name=scenario.name, months=scenario.horizon_months,
             n_levels=len(scenario.levels), seed=args.seed))
    output = run_demo(scenario, out_dir=args.out, seed=args.seed, plots=not args.no_plots)
    print(format_summary(output.table))
    print("\n" + tr("cli.demo.clv_note"))
    print("\n" + tr("cli.demo.wrote", n=len(output.files), folder=output.out_dir.resolve(),
                    seconds=time.perf_counter() - started))
    return 0
