"""``crmsim run`` and ``crmsim compare``: a scenario file's report, two scenarios side by side."""

from __future__ import annotations

import argparse
import shlex
import time
from pathlib import Path

from crmsim.cli.options import add_command, check_output_file, positive_whole_number, show_progress
from crmsim.cli.scenario_source import scenario_help, scenario_source
from crmsim.language.translate import (
    column_label,
    level_label,
    money_label,
    segment_label,
    tr,
)

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim run`` and ``crmsim compare``."""
    run = add_command(commands, "run")
    run.add_argument("file", help=scenario_help())
    _add_replication_options(run, seed_default=None)
    run.add_argument("--out", type=Path, default=None,
                     help="report folder (default: crmsim-report/<file or preset name>)")
    run.add_argument("--frontier-points", type=positive_whole_number, default=21,
                     help="grid points per axis of the frontier maps (default: 21)")
    run.set_defaults(handler=_run)

    compare = add_command(commands, "compare")
    compare.add_argument("a", help=scenario_help("scenario A"))
    compare.add_argument("b", help=scenario_help("scenario B"))
    _add_replication_options(compare, seed_default=0)
    compare.add_argument("--out", type=Path, default=None, help="also write the table as CSV")
    compare.set_defaults(handler=_compare)


def _add_replication_options(command: argparse.ArgumentParser, *,
                             seed_default: int | None) -> None:
    command.add_argument("--replications", type=positive_whole_number, default=30,
                         help="SimPy replications (default: 30)")
    command.add_argument("--seed", type=int, default=seed_default,
                         help="random seed (default: "
                         + ("fresh entropy, recorded in the manifest)" if seed_default is None
                            else f"{seed_default})"))
    command.add_argument("--workers", type=positive_whole_number, default=1,
                         help="processes for the replications (default: 1)")
    command.add_argument("--no-progress", action="store_true", help="no progress bars")


def _sigterm_as_interrupt() -> None:
    """Stop on SIGTERM as on Ctrl+C: the report's files written so far stay complete."""
    import signal

    def handler(signum, frame):  # pragma: no cover - exercised in a subprocess
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _run(args: argparse.Namespace) -> int:
    from crmsim.common.numbers import format_number
    from crmsim.views.report import write_report

    source = scenario_source("FILE", args.file)
    scenario = source.load()
    out = args.out if args.out is not None else Path("crmsim-report") / source.stem
    _sigterm_as_interrupt()
    started = time.perf_counter()
    result = write_report(
        scenario, out, n_replications=args.replications, seed=args.seed,
        workers=args.workers, progress=show_progress(args),
        frontier_points=args.frontier_points, source=source.path,
        command="crmsim " + shlex.join(args.argv),
    )
    print(tr("cli.run.start", name=scenario.name, n=args.replications,
             seed=result.manifest["seed"]))
    for row in result.analysis.best.itertuples():
        print(tr("cli.run.best" if row.clear else "cli.run.best_unclear",
                 segment=segment_label(row.segment), level=level_label(row.best_level),
                 value=money_label(format_number(round(row.value_per_customer)))))
    print(tr("cli.run.wrote", report=result.out_dir / "report.html", n=len(result.files) - 1,
             seconds=time.perf_counter() - started))
    return 0


def _compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from crmsim.analysis.compare import compare_scenarios
    from crmsim.common.numbers import format_number

    check_output_file("--out", args.out)
    a, b = scenario_source("A", args.a).load(), scenario_source("B", args.b).load()
    table = compare_scenarios(a, b, n_replications=args.replications, seed=args.seed,
                              workers=args.workers, progress=show_progress(args))
    print(tr("cli.compare.start", a=args.a, b=args.b, n=args.replications, seed=args.seed,
             confidence=int(100 * 0.95)))
    shown = table.drop(columns=["n_replications"]).copy()
    shown["significant"] = shown["significant"].map({True: tr("cli.yes"), False: tr("cli.no")})
    shown["metric"] = [column_label(name) for name in shown["metric"]]  # money: its unit
    with pd.option_context("display.unicode.east_asian_width", True):  # 贴现利润 is 8 wide
        print(shown.to_string(index=False, float_format=format_number))
    if args.out is not None:
        from crmsim.common.files import atomic_open
        from crmsim.common.text import csv_safe

        with atomic_open(args.out, "w", encoding="utf-8", newline="") as handle:
            csv_safe(table).to_csv(handle, index=False)
        print(tr("cli.wrote", path=args.out))
    return 0
