"""The ``crmsim`` command.

A user mistake (bad scenario file, bad option) prints one sentence and exits with status 2;
no traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from crmsim._validate import ScenarioError

__all__ = ["main"]


def _load(args: argparse.Namespace):
    if args.scenario:
        from crmsim.scenario_io import load_scenario

        return load_scenario(args.scenario)
    from crmsim.presets import DEFAULT_PRESET, preset

    return preset(args.preset or DEFAULT_PRESET)


def _demo(args: argparse.Namespace) -> int:
    from crmsim.demo import format_summary, run_demo

    scenario = _load(args)
    started = time.perf_counter()
    print(f"crmsim demo: '{scenario.name}', {scenario.horizon_months} months; each segment at "
          f"each of {len(scenario.levels)} levels, the others as planned (same customers, "
          f"seed {args.seed})")
    output = run_demo(scenario, out_dir=args.out, seed=args.seed, plots=not args.no_plots)
    print(format_summary(output.table))
    print("\nCLV = discounted profit per customer at the start (incl. customers they "
          "referred); 'expected' is the analytic value.")
    print(f"\nWrote {len(output.files)} files to {output.out_dir.resolve()} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def _parser() -> argparse.ArgumentParser:
    from crmsim import __version__

    parser = argparse.ArgumentParser(
        prog="crmsim",
        description="Customer lifecycles under four relationship levels, and when "
        "partnership or alliance become luxurious.",
    )
    parser.add_argument("--version", action="version", version=f"crmsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="run the default scenario at every level; print and save the results"
    )
    source = demo.add_mutually_exclusive_group()
    source.add_argument("--preset", help="built-in scenario (default: classroom)")
    source.add_argument("--scenario", type=Path, help="scenario TOML file")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--out", type=Path, default=Path("crmsim-output/demo"),
                      help="output folder (default: crmsim-output/demo)")
    demo.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crmsim`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except ScenarioError as error:
        print(f"crmsim: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crmsim: interrupted; files already written are complete.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
