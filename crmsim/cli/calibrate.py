"""``crmsim calibrate transitions|cohort``: estimates from a client's data into a scenario file.

The estimators are in :mod:`crmsim.analysis.calibration`; this module prints their tables in
the current language and writes the calibrated scenario with
:func:`crmsim.scenario.toml_edit.edited_scenario_file`: the values rounded by
:func:`crmsim.analysis.calibration.written_rate` (the printed estimate is the written number),
where they come from in the header block at the top of the file; the comments of the
scenario file it starts from are kept.

Every argument that can be checked is checked first (output files, the ``--segment`` and
``--level`` against the scenario), and all the work, the edited file included, is done
before anything is printed: a mistake prints its one sentence and nothing else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmsim.cli.options import (
    add_command,
    check_not_overwriting,
    check_output_file,
    confidence,
    months,
)
from crmsim.cli.scenario_source import ScenarioSource, scenario_help, scenario_source
from crmsim.language.translate import get_language, level_label, segment_label, state_label, tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim calibrate transitions`` and ``crmsim calibrate cohort``."""
    calibrate = add_command(commands, "calibrate")
    kinds = calibrate.add_subparsers(dest="kind", required=True, metavar="KIND")
    trans = add_command(kinds, "calibrate.transitions")
    trans.add_argument("history", type=Path, help="history CSV")
    trans.add_argument("--segment", help="reference segment of the scenario (default: first)")
    trans.add_argument(
        "--level", help="level the customers were observed at (default: the cheapest)"
    )
    trans.add_argument("--table", type=Path, help="also write every estimate as CSV")
    trans.set_defaults(handler=_transitions)
    cohort = add_command(kinds, "calibrate.cohort")
    cohort.add_argument("cohort", type=Path, help="cohort retention CSV")
    cohort.add_argument(
        "--period-months",
        type=months,
        default=12.0,
        help="months per period of the table (default: 12)",
    )
    cohort.add_argument(
        "--field",
        default="churn_repeat",
        choices=("churn_new", "churn_repeat", "churn_loyal"),
        help="lifecycle field to set (default: churn_repeat)",
    )
    cohort.set_defaults(handler=_cohort)
    for sub in (trans, cohort):
        sub.add_argument(
            "--scenario",
            required=True,
            help=scenario_help("the scenario the estimates start from"),
        )
        sub.add_argument(
            "--write",
            type=Path,
            help="write the calibrated scenario here: the --scenario file (or preset) with "
            "the estimates "
            "set, each rounded at the second significant digit of its standard error (1 to "
            "4 significant digits, as printed), and a header block at the top that the next "
            "calibration of the file replaces; every other line is kept",
        )
        sub.add_argument(
            "--confidence",
            type=confidence,
            default=0.95,
            help="confidence level of the intervals (default: 0.95)",
        )


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
    notes = {}
    if "note" in shown:  # a sentence reads from the left
        width = max(map(len, shown["note"]), default=0)
        notes[tr("calibrate.col.note")] = lambda v: f"{v:<{width}}"
    shown.columns = [tr(f"calibrate.col.{column}") for column in shown.columns]
    with pd.option_context("display.unicode.east_asian_width", True):
        return shown.to_string(index=False, float_format=lambda v: f"{v:.4f}", formatters=notes)


def _preset_text(source: ScenarioSource) -> str | None:
    """The commented text of the preset ``source`` names (None for a scenario file): what a
    calibrated copy of a preset starts from."""
    from crmsim.scenario.presets import preset_text

    return None if source.preset is None else preset_text(source.preset)


def _transitions(args: argparse.Namespace) -> int:
    from crmsim.analysis.calibration import (
        calibrated_scenario,
        estimate_transitions,
        lifecycle_from_transitions,
        read_history,
    )
    from crmsim.common.checks import check_choice
    from crmsim.common.errors import ScenarioError
    from crmsim.common.files import write_text_atomic
    from crmsim.scenario.toml_edit import edited_scenario_file

    # every argument is checked before the work, and the work is done before anything is
    # printed: a mistake costs nothing and prints its one sentence alone
    check_output_file("--write", args.write)
    check_output_file("--table", args.table)
    source = scenario_source("--scenario", args.scenario)
    check_not_overwriting({"--write": args.write, "--table": args.table},
                          {"the history CSV": args.history, "the --scenario file": source.path},
                          may_replace={"--write": "the --scenario file"})
    scenario = source.load()
    ref = check_choice("--segment", args.segment or scenario.segments[0].name,
                       [seg.name for seg in scenario.segments])
    lvl = check_choice("--level", args.level or scenario.level_names[0], scenario.level_names)
    history = read_history(args.history)
    table = estimate_transitions(history, confidence=args.confidence)
    if table.empty:
        raise ScenarioError(
            f"{args.history}: the history must show at least one customer in two consecutive "
            f"months (a move from month t to t + 1); received {len(history)} row"
            f"{'' if len(history) == 1 else 's'} without one."
        )
    estimates = lifecycle_from_transitions(scenario, table, segment=ref, level=lvl)
    # the values as written: rounded to the digits their intervals justify
    calibrated = calibrated_scenario(scenario, estimates, rounded=True, confidence=args.confidence)
    fields = list(estimates.dropna(subset=["estimate"])["field"])  # NaN: nothing is set
    written = {f: getattr(calibrated.lifecycle, f) for f in fields}
    # a rate no observed move informs (its maximum-likelihood estimate 0), and one clipped
    # to 0 although moves were observed, each get a note, a warning and a header line
    unseen = (estimates["n"] == 0) & (estimates["estimate"] == 0.0)
    clipped = (estimates["n"] > 0) & (estimates["clip"] != "")
    warnings, comments = [], []
    for r, none, clip in zip(estimates.itertuples(), unseen, clipped, strict=True):
        if none:  # a rate with a floor still moves some at 0: never "they never leave"
            kind = "churn" if r.field.startswith("churn_") else "rate"
            key = f"calibrate.none_moved.{'floor' if r.clip == 'floor' else kind}"
            comments.append(_none_moved_comment(r, args.confidence))
        elif clip:
            key = f"calibrate.clipped.{r.clip}"
            comments.append(_clipped_comment(r))
        else:
            continue
        warnings.append((key, r))
    edited = None
    if args.write is not None:
        edited = edited_scenario_file(
            source.path or source.given,
            {"lifecycle": written},
            [
                f"lifecycle calibrated by 'crmsim calibrate transitions' from {args.history}",
                f"(reference segment '{ref}' at level '{lvl}'; {len(history)} customer-months;",
                "values rounded to the digits their intervals justify).",
                *comments,
            ],
            expected=calibrated,
            source_text=_preset_text(source),
        )

    print(tr("calibrate.transitions.start", file=args.history, confidence=args.confidence))
    print(_table(table[table["n"] > 0]))
    print(
        "\n"
        + tr(
            "calibrate.transitions.base",
            segment=segment_label(ref),
            level=level_label(lvl, levels=scenario.levels),
        )
    )
    shown = estimates.assign(
        estimate=[repr(written[f]) if f in written else v
                  for f, v in zip(estimates["field"], estimates["estimate"], strict=True)],
        note=[
            tr("calibrate.note.none_moved", n_from=r.n_from)
            if none
            else tr(f"calibrate.note.clipped.{r.clip}", n=r.n, floor=r.floor)
            if clip
            else ""
            for r, none, clip in zip(estimates.itertuples(), unseen, clipped, strict=True)
        ],
    )
    print(
        _table(shown[["field", "observed", "n_from", "estimate", "low", "high", "current", "note"]])
    )
    for key, r in warnings:
        print(
            tr(
                key,
                field=r.field,
                n=r.n,
                n_from=r.n_from,
                from_state=state_label(r.from_state),
                to_state=state_label(r.to_state),
                observed=r.observed,
                floor=r.floor,
                confidence=args.confidence,
                high=r.high,
            ),
            file=sys.stderr,
        )
    if args.table is not None:
        from crmsim.common.files import atomic_open
        from crmsim.common.text import csv_safe

        with atomic_open(args.table, "w", encoding="utf-8", newline="") as handle:
            csv_safe(_with_notes(table, args.confidence)).to_csv(handle, index=False)
    if edited is not None:
        write_text_atomic(args.write, edited)
        print("\n" + tr("calibrate.transitions.wrote", path=args.write, scenario=args.scenario))
    else:
        print("\n" + tr("calibrate.nothing_written"))
    return 0


def _none_moved_comment(row, confidence: float) -> str:
    """The line of the written file's header comment about a rate that no move informs."""
    then = (
        f"even at 0 the scenario's other mechanisms (such as complaints) give the reference "
        f"segment {row.floor:.4f} a month"
        if row.clip == "floor"
        else "a churn of 0 means they never leave"
        if row.field.startswith("churn_")
        else "a rate of 0 means none ever does"
    )
    return (
        f"{row.field} = 0: none of {row.n_from} observed monthly moves of "
        f"{row.from_state} customers went to {row.to_state} ({confidence:.0%} interval "
        f"up to {row.high:.4f}); {then}."
    )


def _clipped_comment(row) -> str:
    """The line of the written file's header comment about a rate clipped to 0 although
    moves were observed (``row.clip`` says why)."""
    why = (
        f"even at 0 the scenario's other mechanisms (such as complaints) give the reference "
        f"segment {row.floor:.4f} a month, so the model shows more of these moves than the data"
        if row.clip == "floor"
        else f"the other monthly chances of {row.from_state} customers leave it no room, so the "
        "model shows fewer of these moves than the data"
    )
    return (
        f"{row.field} = 0 although {row.n} of {row.n_from} observed monthly moves of "
        f"{row.from_state} customers went to {row.to_state} ({row.observed:.4f}): {why}."
    )


def _with_notes(table, confidence: float):
    """The transitions table with a ``note`` on every move of the lifecycle never observed
    (the CSV is read by programs: the note is the same in every language)."""
    from crmsim.analysis.calibration import LIFECYCLE_CELLS

    cells = set(LIFECYCLE_CELLS.values())
    return table.assign(
        note=[
            f"none of {r.n_from} moved: 0 is the maximum-likelihood estimate of p, "
            f"{confidence:.0%} upper bound {r.high:.4f}"
            if r.n == 0 and (r.from_state, r.to_state) in cells
            else ""
            for r in table.itertuples()
        ]
    )


def _cohort(args: argparse.Namespace) -> int:
    import pandas as pd

    from crmsim.analysis.calibration import (
        calibrated_scenario,
        fit_cohort,
        read_cohort,
        written_rate,
    )
    from crmsim.common.errors import ScenarioError
    from crmsim.common.files import write_text_atomic
    from crmsim.scenario.toml_edit import edited_scenario_file

    # as for transitions: arguments first, then the work, then the printing
    check_output_file("--write", args.write)
    source = scenario_source("--scenario", args.scenario)
    check_not_overwriting({"--write": args.write},
                          {"the cohort CSV": args.cohort, "the --scenario file": source.path},
                          may_replace={"--write": "the --scenario file"})
    scenario = source.load()
    survivors = read_cohort(args.cohort)
    fit = fit_cohort(survivors, confidence=args.confidence)
    if fit.degenerate and args.write is not None:
        raise ScenarioError(
            f"{args.cohort}: the sBG fit is degenerate ({fit.degenerate}); expected a cohort "
            "whose fit is regular before a scenario is written; nothing was written (run "
            "without --write to see the estimate with its profile-likelihood interval)."
        )
    monthly = fit.monthly_churn(args.period_months)
    # the value as written: rounded to the digits its interval justifies
    low, high = fit.monthly_churn_interval(args.period_months)
    estimate = pd.DataFrame({"field": [args.field], "estimate": [monthly], "low": [low],
                             "high": [high]})
    try:
        calibrated = calibrated_scenario(
            scenario, estimate, rounded=True, confidence=args.confidence
        )
        value = getattr(calibrated.lifecycle, args.field)
    except ScenarioError:  # not a valid rate for this scenario: fine to look at
        if args.write is not None:
            raise
        value = written_rate(monthly, low, high, args.confidence)
    edited = None
    if args.write is not None:
        edited = edited_scenario_file(
            source.path or source.given,
            {"lifecycle": {args.field: value}},
            [
                f"lifecycle.{args.field} calibrated by 'crmsim calibrate cohort' from "
                f"{args.cohort}:",
                f"sBG alpha = {fit.alpha:.6g}, beta = {fit.beta:.6g}; mean churn "
                f"{fit.mean_churn:.6g} per {args.period_months:g}-month period; monthly "
                f"{monthly:.6g}, written rounded to the digits its interval justifies.",
            ],
            expected=calibrated,
            source_text=_preset_text(source),
        )

    print(
        tr(
            "calibrate.cohort.start",
            file=args.cohort,
            periods=len(survivors) - 1,
            size=survivors[0],
            confidence=args.confidence,
        )
    )
    # alpha and beta are symbols, the same in every language
    if fit.degenerate:
        unknown = tr("calibrate.cohort.not_identified")
        print(f"  alpha      = {fit.alpha:.3g}  {unknown}")
        print(f"  beta       = {fit.beta:.3g}  {unknown}")
        print(tr("calibrate.cohort.degenerate", reason=fit.degenerate))
    else:
        print(f"  alpha      = {fit.alpha:.3f}  [{fit.alpha_low:.3f}, {fit.alpha_high:.3f}]")
        print(f"  beta       = {fit.beta:.3f}  [{fit.beta_low:.3f}, {fit.beta_high:.3f}]")
    print(
        tr(
            "calibrate.cohort.mean_churn",
            value=fit.mean_churn,
            low=fit.mean_churn_low,
            high=fit.mean_churn_high,
        )
    )
    print(
        tr(
            "calibrate.cohort.monthly",
            value=repr(value),
            low=low,
            high=high,
            months=args.period_months,
            field=args.field,
        )
    )
    if edited is not None:
        write_text_atomic(args.write, edited)
        print(tr("calibrate.wrote", path=args.write))
    else:
        print(tr("calibrate.nothing_written"))
    return 0
