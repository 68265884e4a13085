"""``crmsim calibrate transitions|cohort``: estimates from a client's data into a scenario file.

The estimators are in :mod:`crmsim.analysis.calibration`; this module prints their tables in
the current language and writes the calibrated scenario, with where its numbers come from in
a comment at the top of the file; the comments of the scenario file it starts from are kept.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from crmsim.cli.options import add_command, check_output_file, confidence, months
from crmsim.language.translate import get_language, level_label, segment_label, state_label, tr

__all__ = ["add_commands", "calibrated_file_text"]


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


def _merge(document, values) -> None:
    """Set ``values`` (scenario-file layout) into the tomlkit ``document`` where they differ.

    Tables are merged key by key and arrays of tables item by item, so every comment,
    blank line and key order of the file stays; only changed numbers are rewritten.
    """
    for key, value in values.items():
        old = document.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            _merge(old, value)
        elif (isinstance(value, list) and isinstance(old, list) and len(old) == len(value)
              and all(isinstance(v, dict) and isinstance(o, dict)
                      for v, o in zip(value, old, strict=True))):
            for new_item, old_item in zip(value, old, strict=True):
                _merge(old_item, new_item)
        elif old != value:
            document[key] = value


def calibrated_file_text(source_text: str, scenario, comment: list[str]) -> str:
    r"""The text of the scenario file ``source_text`` holding ``scenario``, comments kept.

    The calibrated numbers replace the old ones in place (:mod:`tomlkit`); ``comment`` goes
    on top. If the merged file would not read back as ``scenario`` (a layout the merge does
    not know), the file is written afresh from the scenario instead.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.scenario.toml_io import scenario_to_toml
    >>> base = Scenario(segments=(Segment(name="smb"),))
    >>> text = scenario_to_toml(base).replace("churn_new =", "# from the 2024 audit\nchurn_new =")
    >>> import dataclasses
    >>> new = dataclasses.replace(base, lifecycle=dataclasses.replace(base.lifecycle,
    ...                                                               churn_new=0.05))
    >>> out = calibrated_file_text(text, new, ["calibrated"])
    >>> "# from the 2024 audit\nchurn_new = 0.05" in out, out.startswith("# calibrated\n")
    (True, True)
    """
    import tomlkit

    from crmsim.common.errors import ScenarioError
    from crmsim.scenario.toml_io import scenario_from_toml, scenario_to_dict, scenario_to_toml

    header = "".join(f"# {line}\n" for line in comment)
    try:
        document = tomlkit.parse(source_text)
        _merge(document, scenario_to_dict(scenario))
        text = header + tomlkit.dumps(document)
        if scenario_from_toml(text) == scenario:
            return text
    except (tomlkit.exceptions.TOMLKitError, ScenarioError):
        pass
    return header + scenario_to_toml(scenario)


def _write(scenario, path: Path, comment: list[str], source: Path) -> Path:
    from crmsim.common.files import write_text_atomic

    text = calibrated_file_text(source.read_text(encoding="utf-8"), scenario, comment)
    return write_text_atomic(path, text)


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
    from crmsim.common.errors import ScenarioError
    from crmsim.scenario.toml_io import load_scenario

    check_output_file("--write", args.write)
    check_output_file("--table", args.table)
    scenario = load_scenario(args.scenario)
    history = read_history(args.history)
    table = estimate_transitions(history, confidence=args.confidence)
    if table.empty:
        raise ScenarioError(
            f"{args.history}: the history must show at least one customer in two consecutive "
            f"months (a move from month t to t + 1); received {len(history)} row"
            f"{'' if len(history) == 1 else 's'} without one."
        )
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
        from crmsim.common.text import csv_safe

        with atomic_open(args.table, "w", encoding="utf-8", newline="") as handle:
            csv_safe(table).to_csv(handle, index=False)
    if args.write is not None:
        _write(calibrated_scenario(scenario, estimates), args.write, [
            f"lifecycle calibrated by 'crmsim calibrate transitions' from {args.history}",
            f"(reference segment '{ref}' at level '{lvl}'; {len(history)} customer-months).",
        ], args.scenario)
        print("\n" + tr("calibrate.transitions.wrote", path=args.write, scenario=args.scenario))
    else:
        print("\n" + tr("calibrate.nothing_written"))
    return 0


def _cohort(args: argparse.Namespace) -> int:
    from crmsim.analysis.calibration import fit_cohort, read_cohort
    from crmsim.common.errors import ScenarioError
    from crmsim.scenario.toml_io import load_scenario

    check_output_file("--write", args.write)
    scenario = load_scenario(args.scenario)
    survivors = read_cohort(args.cohort)
    fit = fit_cohort(survivors, confidence=args.confidence)
    if fit.degenerate and args.write is not None:
        raise ScenarioError(
            f"{args.cohort}: the sBG fit is degenerate ({fit.degenerate}); expected a cohort "
            "whose fit is regular before a scenario is written; nothing was written (run "
            "without --write to see the estimate with its profile-likelihood interval)."
        )
    monthly = fit.monthly_churn(args.period_months)
    print(tr("calibrate.cohort.start", file=args.cohort, periods=len(survivors) - 1,
             size=survivors[0], confidence=args.confidence))
    # alpha and beta are symbols, the same in every language
    if fit.degenerate:
        unknown = tr("calibrate.cohort.not_identified")
        print(f"  alpha      = {fit.alpha:.3g}  {unknown}")
        print(f"  beta       = {fit.beta:.3g}  {unknown}")
        print(tr("calibrate.cohort.degenerate", reason=fit.degenerate))
    else:
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
        ], args.scenario)
        print(tr("calibrate.wrote", path=args.write))
    else:
        print(tr("calibrate.nothing_written"))
    return 0
