"""The main job: run the default scenario at every level and write tables and figures.

Examples
--------
>>> import tempfile
>>> from crmsim import Scenario, Segment
>>> out = run_demo(Scenario(segments=(Segment(name="smb", n_customers=20),),
...                         horizon_months=12), out_dir=tempfile.mkdtemp(), seed=1)
>>> sorted(p.name for p in out.files)[:3]
['cash_flows.csv', 'cumulative_profit.png', 'customers.csv']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd

from crmsim.analysis.compare import (
    LevelComparison,
    best_by_expected,
    compare_levels,
    run_standard_errors,
)
from crmsim.common.files import atomic_open, write_text_atomic
from crmsim.common.numbers import format_number
from crmsim.common.text import csv_safe
from crmsim.language.translate import (
    display_width,
    level_label,
    money_label,
    pad,
    segment_label,
    tr,
)
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES

__all__ = ["DemoOutput", "format_summary", "run_demo"]


@dataclass(frozen=True, slots=True)
class DemoOutput:
    """Where the demo wrote its files, and the comparison behind them."""

    out_dir: Path
    files: tuple[Path, ...]
    comparison: LevelComparison
    table: pd.DataFrame


def _table(comparison: LevelComparison) -> pd.DataFrame:
    """Simulated summary with the analytic expectation of the value per customer beside it.

    ``kept`` counts the customers of month 0 still buying at the end (``buying_end`` also
    counts those won later); ``value_per_customer_se`` is the run's standard error
    (:func:`crmsim.analysis.compare.run_standard_errors`).
    """
    simulated = comparison.summary
    expected = compare_levels(comparison.scenario, engine="analytic").summary[
        ["segment", "level", "value_per_customer"]
    ]
    customers = comparison.customers
    first = customers[(customers["start_month"] == 0) & (customers["referred_by"] < 0)]
    kept = (first["final_state"].isin(BUYING_STATES)
            .groupby([first["segment"], first["level"]]).sum().rename("kept").reset_index())
    table = (simulated.merge(expected, on=["segment", "level"], suffixes=("", "_expected"))
             .merge(kept, on=["segment", "level"], how="left")
             .merge(run_standard_errors(comparison), on=["segment", "level"], how="left"))
    table["kept"] = table["kept"].fillna(0).astype(int)
    return table[
        ["segment", "level", "customers_start", "kept", "buying_end", "discounted_profit",
         "value_per_customer", "value_per_customer_se", "value_per_customer_expected",
         "served_fraction"]
    ]


def format_summary(table: pd.DataFrame) -> str:
    """Readable text of the demo table, one block per segment, best level marked.

    The best level is the one with the highest *expected* value per customer (analytic
    engine), the same answer as the dashboard and the report; it is marked "too close to
    call" when the runner-up is within two standard errors of this run
    (:func:`crmsim.analysis.compare.best_by_expected`). In the current display language
    (:mod:`crmsim.language.translate`); columns stay aligned in a terminal in Chinese too.
    """
    best = best_by_expected(table).set_index("segment")

    def money(value: float) -> str:  # whole currency units
        return format_number(round(value))

    # headers: the columns of money name the currency; each column two spaces wider
    headers = [tr("demo.col.kept"), money_label(tr("demo.col.discounted_profit")),
               money_label(tr("demo.col.clv")), money_label(tr("demo.col.clv_expected"))]
    widths = [max(12, display_width(text)) + 2 for text in headers]
    lines = []
    for segment, rows in table.groupby("segment", sort=False):
        pick = best.loc[segment]
        lines.append("\n" + tr("demo.segment", segment=segment_label(segment),
                               n=int(rows["customers_start"].iloc[0])))
        lines.append("  " + pad(tr("demo.col.level"), 14) + "".join(
            pad(text, width, ">") for text, width in zip(headers, widths, strict=True)))
        for _, row in rows.iterrows():
            mark = ""
            if row["level"] == pick["best_level"]:
                mark = "  " + (tr("demo.best_close", other=level_label(pick["runner_up"]))
                               if pick["too_close"] else tr("demo.best"))
            cells = [format_number(row["kept"]), money(row["discounted_profit"]),
                     money(row["value_per_customer"]), money(row["value_per_customer_expected"])]
            lines.append(f"  {pad(level_label(row['level']), 14)}"
                         + "".join(pad(text, width, ">")
                                   for text, width in zip(cells, widths, strict=True))
                         + mark)
    return "\n".join(lines)


def _save_figure(fig, path: Path) -> Path:
    with atomic_open(path, "wb") as handle:
        fig.savefig(handle, format="png", dpi=110)
    return path


def run_demo(scenario: Scenario, *, out_dir: str | Path, seed: int | None = None,
             plots: bool = True) -> DemoOutput:
    """Run ``scenario`` at every level (SimPy, common random numbers); write CSVs and PNGs.

    Files: ``summary.csv``, ``occupancy.csv``, ``cash_flows.csv``, ``customers.csv``,
    ``manifest.json`` (seed, version, scenario) and, with ``plots``, ``occupancy.png``,
    ``value_by_level.png``, ``cumulative_profit.png``. Every file is written atomically.
    """
    from crmsim.common.version import __version__
    from crmsim.scenario.toml_io import scenario_to_dict

    out = Path(out_dir)
    comparison = compare_levels(scenario, engine="simpy", seed=seed)
    table = _table(comparison)
    files = []
    for name, frame in (("summary", table), ("occupancy", comparison.occupancy),
                        ("cash_flows", comparison.cash_flows),
                        ("customers", comparison.customers)):
        path = out / f"{name}.csv"
        with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
            csv_safe(frame).to_csv(handle, index=False)
        files.append(path)
    manifest = {
        "crmsim_version": __version__,
        "engine": "simpy",
        "seed_entropy": comparison.seed_entropy,
        "levels": list(comparison.levels),
        "scenario": scenario_to_dict(scenario),
    }
    files.append(write_text_atomic(out / "manifest.json", json.dumps(manifest, indent=2)))
    if plots:
        files.extend(_figures(comparison, out))
    return DemoOutput(out, tuple(files), comparison, table)


def _figures(comparison: LevelComparison, out: Path) -> list[Path]:
    """The demo's figures, made for a projector: per-segment panels, full numbers."""
    import matplotlib.pyplot as plt

    from crmsim.analysis.luxury import assess_comparison
    from crmsim.views.plots import (
        plot_cumulative_profit_by_segment,
        plot_occupancy_by_level,
        plot_value_by_segment,
    )
    from crmsim.views.style import classroom_style

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    expected = compare_levels(comparison.scenario, engine="analytic")
    verdicts = assess_comparison(expected).verdicts
    drawings = (
        ("occupancy", lambda: plot_occupancy_by_level(comparison.occupancy,
                                                      title=tr("demo.occupancy.title"))),
        ("value_by_level", lambda: plot_value_by_segment(expected.summary, verdicts=verdicts,
                                                         title=tr("demo.value.title"))),
        ("cumulative_profit", lambda: plot_cumulative_profit_by_segment(comparison.cash_flows)),
    )
    paths = []
    with classroom_style():
        for name, draw in drawings:
            fig = draw()
            paths.append(_save_figure(fig, out / f"{name}.png"))
            plt.close(fig)
    return paths
