"""``crmsim calibrate transitions|cohort``: estimates from a client's data into a scenario file.

The estimators are in :mod:`crmsim.analysis.calibration`; this module prints their tables in
the current language and writes the calibrated scenario, with where its numbers come from in
a comment at the top of the file.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from crmsim.cli.options import add_command, confidence, months
from crmsim.language.translate import get_language, level_label, segment_label, state_label, tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim calibrate transitions`` and ``crmsim calibrate cohort``."""
    calibrate = add_command(commands, "calibrate")
    kinds = calibrate.add_subparsers(dest="kind", required=True, metavar="KIND")
    trans = add_command(kinds, "calibrate.transitions")
    trans.add_argument("history", type=Path, help="history CSV")
    trans.add_argument("--segment", help="reference segment of the scenario (default: first)")
    trans.add_argument("--level", help="level the customers were observed at "
                       "(default: the cheapest)")
    trans.add_argument("--table", type=Path, help="also write every estimate as CSV")
    trans.set_defaults(handler=_transitions)
    cohort = add_command(kinds, "calibrate.cohort")
    cohort.add_argument("cohort", type=Path, help="cohort retention CSV")
    cohort.add_argument("--period-months", type=months, default=12.0,
                        help="months per period of the table (default: 12)")
    cohort.add_argument("--field", default="churn_repeat",
                        choices=("churn_new", "churn_repeat", "churn_loyal"),
                        help="lifecycle field to set (default: churn_repeat)")
    cohort.set_defaults(handler=_cohort)
    for sub in (trans, cohort):
        sub.add_argument("--scenario", type=Path, required=True,
                         help="scenario TOML file the estimates start from")
        sub.add_argument("--write", type=Path, help="write the calibrated scenario here")
        sub.add_argument("--confidence", type=confidence, default=0.95,
                         help="confidence level of the intervals (default: 0.95)")


def _write(scenario, path: Path, comment: list[str]) -> Path:
    from crmsim.common.files import write_text_atomic
    from crmsim.scenario.toml_io import scenario_to_toml

    header = "".join(f"# {line}\n" for line in comment)
    return write_text_atomic(path, header + scenario_to_toml(scenario))


def _table(frame) -> str:
    """``frame`` as printed: headers, state names and the unsegmented segment translated."""
    import pandas as pd

    from crmsim.analysis.calibration import UNSEGMENTED

    shown = frame.copy()
    if get_language() != "en":
        for column in ("from_state", "to_state"):
            if column in shown:
                shown[column] = shown[column].map(state_label)
    if "segment" in shown:
        shown["segment"] = shown["segment"].replace(UNSEGMENTED, tr("calibrate.all"))
    shown.columns = [tr(f"calibrate.col.{column}") for column in shown.columns]
    with pd.option_context("display.unicode.east_asian_width", True):
        return shown.to_string(index=False, float_format=lambda v: f"{v:.4f}")


def _transitions(args: argparse.Namespace) -> int:
    from crmsim.analysis.calibration import (
        calibrated_scenario,
        estimate_transitions,
        lifecycle_from_transitions,
        read_history,
    )
    from crmsim.scenario.toml_io import load_scenario

    scenario = load_scenario(args.scenario)
    history = read_history(args.history)
    table = estimate_transitions(history, confidence=args.confidence)
    print(tr("calibrate.transitions.start", file=args.history, confidence=args.confidence))
    print(_table(table[table["n"] > 0]))
    estimates = lifecycle_from_transitions(scenario, table, segment=args.segment,
                                           level=args.level)
    ref = args.segment or scenario.segments[0].name
    lvl = args.level or scenario.level_names[0]
    print("\n" + tr("calibrate.transitions.base", segment=segment_label(ref),
                    level=level_label(lvl, levels=scenario.levels)))
    print(_table(estimates[["field", "observed", "n_from", "estimate", "low", "high",
                            "current"]]))
    if args.table is not None:
        from crmsim.common.files import atomic_open

        with atomic_open(args.table, "w", encoding="utf-8", newline="") as handle:
            table.to_csv(handle, index=False)
    if args.write is not None:
        _write(calibrated_scenario(scenario, estimates), args.write, [
            f"lifecycle calibrated by 'crmsim calibrate transitions' from {args.history}",
            f"(reference segment '{ref}' at level '{lvl}'; {len(history)} customer-months).",
        ])
        print("\n" + tr("calibrate.transitions.wrote", path=args.write, scenario=args.scenario))
    else:
        print("\n" + tr("calibrate.nothing_written"))
    return 0


def _cohort(args: argparse.Namespace) -> int:
    from crmsim.analysis.calibration import fit_cohort, read_cohort
    from crmsim.scenario.toml_io import load_scenario

    scenario = load_scenario(args.scenario)
    survivors = read_cohort(args.cohort)
    fit = fit_cohort(survivors, confidence=args.confidence)
    monthly = fit.monthly_churn(args.period_months)
    print(tr("calibrate.cohort.start", file=args.cohort, periods=len(survivors) - 1,
             size=survivors[0], confidence=args.confidence))
    # alpha and beta are symbols, the same in every language
    print(f"  alpha      = {fit.alpha:.3f}  [{fit.alpha_low:.3f}, {fit.alpha_high:.3f}]")
    print(f"  beta       = {fit.beta:.3f}  [{fit.beta_low:.3f}, {fit.beta_high:.3f}]")
    print(tr("calibrate.cohort.mean_churn", value=fit.mean_churn, low=fit.mean_churn_low,
             high=fit.mean_churn_high))
    print(tr("calibrate.cohort.monthly", value=monthly, months=args.period_months,
             field=args.field))
    if args.write is not None:
        life = dataclasses.replace(scenario.lifecycle, **{args.field: monthly})
        _write(dataclasses.replace(scenario, lifecycle=life), args.write, [
            f"lifecycle.{args.field} calibrated by 'crmsim calibrate cohort' from "
            f"{args.cohort}:",
            f"sBG alpha = {fit.alpha:.6g}, beta = {fit.beta:.6g}; mean churn "
            f"{fit.mean_churn:.6g} per {args.period_months:g}-month period.",
        ])
        print(tr("calibrate.wrote", path=args.write))
    else:
        print(tr("calibrate.nothing_written"))
    return 0
