"""``crmsim demo``: the default scenario at every level, summarised and saved."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crmsim.cli.options import add_command
from crmsim.language.translate import tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim demo``."""
    demo = add_command(commands, "demo")
    source = demo.add_mutually_exclusive_group()
    source.add_argument("--preset", help="built-in scenario (default: classroom)")
    source.add_argument("--scenario", type=Path, help="scenario TOML file")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--out", type=Path, default=Path("crmsim-output/demo"),
                      help="output folder (default: crmsim-output/demo)")
    demo.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    demo.set_defaults(handler=_demo)


def _scenario(args: argparse.Namespace):
    if args.scenario:
        from crmsim.scenario.toml_io import load_scenario

        return load_scenario(args.scenario)
    from crmsim.scenario.presets import DEFAULT_PRESET, preset

    return preset(args.preset or DEFAULT_PRESET)


def _demo(args: argparse.Namespace) -> int:
    from crmsim.views.demo import format_summary, run_demo

    scenario = _scenario(args)
    started = time.perf_counter()
    print(tr("cli.demo.start", name=scenario.name, months=scenario.horizon_months,
             n_levels=len(scenario.levels), seed=args.seed))
    output = run_demo(scenario, out_dir=args.out, seed=args.seed, plots=not args.no_plots)
    print(format_summary(output.table))
    print("\n" + tr("cli.demo.clv_note"))
    print("\n" + tr("cli.demo.wrote", n=len(output.files), folder=output.out_dir.resolve(),
                    seconds=time.perf_counter() - started))
    return 0
