"""The ``crmsim`` command.

A user mistake (bad scenario file, bad option) prints one sentence and exits with status 2;
no traceback.
"""

from __future__ import annotations

import argparse
import shlex
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


def _new_scenario(args: argparse.Namespace) -> int:
    from crmsim.template import write_template

    try:
        path = write_template(args.file, overwrite=args.force)
    except FileExistsError:
        raise ScenarioError(
            f"{args.file} already exists; expected a new file name (or --force to replace it)."
        ) from None
    except OSError as exc:
        raise ScenarioError(
            f"{args.file}: cannot be written; received the error '{exc.strerror}'."
        ) from None
    print(f"Wrote a commented scenario template to {path}; edit it, then run "
          f"'crmsim validate {path}'.")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from crmsim.validation_report import problems

    found = problems(args.file)
    for line in found:
        print(line)
    if found:
        print(f"crmsim: {len(found)} problem{'s' if len(found) > 1 else ''} in {args.file}.",
              file=sys.stderr)
        return 1
    from crmsim.scenario_io import load_scenario

    scenario = load_scenario(args.file)
    print(f"{args.file}: valid scenario '{scenario.name}' with {len(scenario.segments)} "
          f"segment(s) and {len(scenario.levels)} levels.")
    return 0


def _sigterm_as_interrupt() -> None:
    import signal

    def handler(signum, frame):  # pragma: no cover - exercised in a subprocess
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _run(args: argparse.Namespace) -> int:
    from crmsim.report import write_report
    from crmsim.scenario_io import load_scenario

    scenario = load_scenario(args.file)
    out = args.out if args.out is not None else Path("crmsim-report") / Path(args.file).stem
    _sigterm_as_interrupt()
    started = time.perf_counter()
    result = write_report(
        scenario, out, n_replications=args.replications, seed=args.seed,
        workers=args.workers, progress=not args.no_progress,
        frontier_points=args.frontier_points, source=args.file,
        command="crmsim " + shlex.join(args.argv),
    )
    manifest = result.manifest
    print(f"crmsim run: '{scenario.name}', {args.replications} replications, "
          f"seed {manifest['seed']}")
    best = __import__("pandas").read_csv(result.out_dir / "best.csv")
    for row in best.itertuples():
        print(f"  {row.segment}: best level {row.best_level} "
              f"({row.value_per_customer:,.0f} per customer"
              f"{'' if row.clear else ', not clearly ahead'})")
    print(f"Wrote {result.out_dir / 'report.html'} and {len(result.files) - 1} other files "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from crmsim.compare import compare_scenarios
    from crmsim.scenario_io import load_scenario

    a, b = load_scenario(args.a), load_scenario(args.b)
    table = compare_scenarios(a, b, n_replications=args.replications, seed=args.seed,
                              workers=args.workers, progress=not args.no_progress)
    print(f"crmsim compare: B = {args.b} minus A = {args.a}; {args.replications} "
          f"replications on common random numbers (seed {args.seed}); "
          f"{int(100 * 0.95)}% intervals")
    shown = table.drop(columns=["n_replications"]).copy()
    shown["significant"] = shown["significant"].map({True: "yes", False: "no"})
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    if args.out is not None:
        from crmsim._files import atomic_open

        with atomic_open(args.out, "w", encoding="utf-8", newline="") as handle:
            table.to_csv(handle, index=False)
        print(f"Wrote {args.out}")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; received '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; received {value}")
    return value


def _add_run_options(command: argparse.ArgumentParser, *, seed_default: int | None) -> None:
    command.add_argument("--replications", type=_positive, default=30,
                         help="SimPy replications (default: 30)")
    command.add_argument("--seed", type=int, default=seed_default,
                         help="random seed (default: "
                         + ("fresh entropy, recorded in the manifest)" if seed_default is None
                            else f"{seed_default})"))
    command.add_argument("--workers", type=_positive, default=1,
                         help="processes for the replications (default: 1)")
    command.add_argument("--no-progress", action="store_true", help="no progress bars")


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

    new = commands.add_parser("new-scenario",
                              help="write a commented scenario template (every field explained)")
    new.add_argument("file", type=Path, help="the scenario file to create")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(handler=_new_scenario)

    validate = commands.add_parser(
        "validate", help="list every problem in a scenario file (exit status 1 if any)")
    validate.add_argument("file", type=Path, help="scenario TOML file")
    validate.set_defaults(handler=_validate)

    run = commands.add_parser(
        "run", help="run a scenario; write an HTML report, CSV tables and a manifest")
    run.add_argument("file", type=Path, help="scenario TOML file")
    _add_run_options(run, seed_default=None)
    run.add_argument("--out", type=Path, default=None,
                     help="report folder (default: crmsim-report/<file name>)")
    run.add_argument("--frontier-points", type=_positive, default=21,
                     help="grid points per axis of the frontier maps (default: 21)")
    run.set_defaults(handler=_run)

    compare = commands.add_parser(
        "compare", help="differences in outcomes between two scenarios (B minus A), with "
        "confidence intervals from common random numbers")
    compare.add_argument("a", type=Path, help="scenario A (TOML)")
    compare.add_argument("b", type=Path, help="scenario B (TOML)")
    _add_run_options(compare, seed_default=0)
    compare.add_argument("--out", type=Path, default=None, help="also write the table as CSV")
    compare.set_defaults(handler=_compare)

    from crmsim.calibration import add_calibrate_command

    add_calibrate_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crmsim`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]
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
