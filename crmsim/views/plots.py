"""Figures of single runs and level comparisons (matplotlib), one colour per level.

Every function takes tidy frames, draws on an ``Axes`` (a new figure if none is given) and
returns the figure, so the same plot serves notebooks, the CLI and reports. Text is in the
current display language (:mod:`crmsim.language.translate`), with a font that has its glyphs.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.compare import compare_levels
>>> cmp = compare_levels(Scenario(segments=(Segment(name="smb", n_customers=30),)),
...                      engine="analytic")
>>> fig = plot_value_by_level(cmp.summary)
>>> fig.axes[0].get_ylabel()
'value per customer (present value, currency)'
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmsim.language.translate import level_label, segment_label, state_label, tr
from crmsim.scenario.states import STATES
from crmsim.views.style import STATE_COLOURS, language_style, level_colour, number_ticks

__all__ = ["plot_cumulative_profit", "plot_occupancy", "plot_value_by_level"]


def _axes(ax: Axes | None, figsize=(9, 5)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def plot_occupancy(occupancy: pd.DataFrame, *, title: str | None = None,
                   ax: Axes | None = None) -> Figure:
    """Stacked area of customers per lifecycle state over the months (summed over segments).

    Parameters
    ----------
    occupancy : DataFrame
        month, state, customers (other columns are summed over).
    """
    with language_style():
        fig, ax = _axes(ax)
        table = occupancy.pivot_table(index="month", columns="state", values="customers",
                                      aggfunc="sum").reindex(columns=list(STATES), fill_value=0)
        ax.stackplot(table.index, table.to_numpy().T,
                     labels=[state_label(s) for s in table.columns],
                     colors=[STATE_COLOURS[s] for s in table.columns])
        ax.set_xlabel(tr("axis.month"))
        ax.set_ylabel(tr("axis.customers"))
        ax.set_title(title or tr("plots.occupancy.title"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.set_xlim(table.index.min(), table.index.max())
    return fig


def plot_value_by_level(summary: pd.DataFrame, *, column: str = "value_per_customer",
                        interval: tuple[str, str] | None = None,
                        ax: Axes | None = None) -> Figure:
    """Grouped bars: one group per segment, one bar per level (level colours).

    ``interval`` names the columns of a lower and upper bound, drawn as error bars.
    """
    with language_style():
        fig, ax = _axes(ax)
        segments = list(dict.fromkeys(summary["segment"]))
        levels = list(dict.fromkeys(summary["level"]))
        width = 0.8 / max(len(levels), 1)
        x = np.arange(len(segments))
        for k, level in enumerate(levels):
            rows = summary[summary["level"] == level].set_index("segment").reindex(segments)
            errors = None
            if interval is not None:
                mean = rows[column].to_numpy()
                errors = np.nan_to_num(np.vstack([mean - rows[interval[0]].to_numpy(),
                                                  rows[interval[1]].to_numpy() - mean]))
            ax.bar(x + (k - (len(levels) - 1) / 2) * width, rows[column], width, yerr=errors,
                   capsize=4 if errors is not None else 0, label=level_label(level),
                   color=level_colour(level, k))
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xticks(x, [segment_label(s) for s in segments])
        ax.set_xlabel(tr("axis.segment"))
        ax.set_ylabel(tr("plots.value_by_level.ylabel")
                      if column == "value_per_customer" else column)
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("plots.value_by_level.title"))
        ax.legend(title=tr("legend.level"), frameon=False)
    return fig


def plot_cumulative_profit(cash_flows: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Cumulative discounted profit over the months, one line per level (all segments)."""
    with language_style():
        fig, ax = _axes(ax)
        by_level = cash_flows.groupby(["level", "month"], sort=False)["discounted_profit"].sum()
        for k, level in enumerate(dict.fromkeys(cash_flows["level"])):
            series = by_level.loc[level].sort_index().cumsum()
            ax.plot(series.index, series.to_numpy(), label=level_label(level),
                    color=level_colour(level, k), linewidth=2.5)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xlabel(tr("axis.month"))
        ax.set_ylabel(tr("plots.cumulative_profit.ylabel"))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("plots.cumulative_profit.title"))
        ax.legend(title=tr("legend.level"), frameon=False)
    return fig
