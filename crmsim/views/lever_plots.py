"""Which retention lever pays for which segment, as one figure (matplotlib).

Draws the table of :func:`crmsim.analysis.levers.lever_payoffs`; text is in the current
display language (:mod:`crmsim.language.translate`).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmsim import preset
>>> from crmsim.analysis.levers import DEFAULT_LEVERS, lever_payoffs
>>> table = lever_payoffs(preset("classroom"), [DEFAULT_LEVERS["survey"]])
>>> fig = plot_lever_payoffs(table)
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['satisfaction survey']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import FuncNorm, LinearSegmentedColormap
from matplotlib.figure import Figure

from crmsim.analysis.levers import PAYS_FROM
from crmsim.common.numbers import format_number
from crmsim.language.translate import level_label, lever_label, segment_label, tr
from crmsim.views.style import classroom_style

__all__ = ["LEVER_CMAP", "plot_lever_payoffs"]

LEVER_CMAP = LinearSegmentedColormap.from_list(
    "crmsim_lever_payoffs", ["#b3261e", "#f4c7c3", "#f7f7f7", "#c7e9c0", "#1b7837"]
)
"""Red (the lever loses money on the segment) through white to green (it pays)."""


def _signed_sqrt(x):
    return np.sign(x) * np.sqrt(np.abs(x))


def _signed_square(x):
    return np.sign(x) * np.square(x)


def _cell_text(value: float) -> str:
    """A cell's change per customer: whole currency units, a first digit below 0.5, "0" for
    no change; a sign on gains.

    Examples
    --------
    >>> _cell_text(1234.4), _cell_text(-0.04), _cell_text(0.001)
    ('+1,234', '-0.04', '0')
    """
    if abs(value) < PAYS_FROM:
        return "0"
    text = format_number(round(value)) if abs(value) >= 0.5 else format_number(value, digits=1)
    return "+" + text if value > 0 else text


def plot_lever_payoffs(
    table: pd.DataFrame, *, clip: float = 0.25, title: str | None = None
) -> Figure:
    """A heatmap of levers × segments: colour = the change of value per customer as a share
    of the segment's value without the lever, number = the change in currency.

    Parameters
    ----------
    table : DataFrame
        From :func:`crmsim.analysis.levers.lever_payoffs` (lever, segment, level,
        value_change, value_change_share).
    clip : float
        Shares beyond ±``clip`` get the full colour (a square-root scale makes small
        changes visible).
    title : str, optional
        Default: "Which lever pays for which segment?".

    Returns
    -------
    Figure
    """
    levers = list(dict.fromkeys(table["lever"]))
    segments = list(dict.fromkeys(table["segment"]))
    indexed = table.set_index(["lever", "segment"])
    share = indexed["value_change_share"].unstack().reindex(index=levers, columns=segments)
    change = indexed["value_change"].unstack().reindex(index=levers, columns=segments)
    levels = indexed["level"].groupby(level="segment").first().reindex(segments)
    with classroom_style():
        width = 3.0 + 2.3 * len(segments)
        height = 2.0 + 0.62 * len(levers)
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
        norm = FuncNorm((_signed_sqrt, _signed_square), vmin=-clip, vmax=clip)
        shown = np.clip(share.to_numpy(dtype=float), -clip, clip)
        quiet = np.abs(change.to_numpy(dtype=float)) < PAYS_FROM
        shown[quiet] = 0.0
        cmap = LEVER_CMAP.with_extremes(bad="#d9d9d9")
        image = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, norm=norm, aspect="auto")
        for i in range(len(levers)):
            for j in range(len(segments)):
                value = float(change.iat[i, j])
                text = _cell_text(value)
                strong = abs(shown[i, j]) > 0.6 * clip if np.isfinite(shown[i, j]) else False
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontweight="bold",
                    color="white" if strong else "black",
                )
        ax.set_xticks(
            range(len(segments)),
            [
                tr(
                    "plots.lever_payoffs.segment",
                    segment=segment_label(s),
                    level=level_label(levels[s]),
                )
                for s in segments
            ],
        )
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(levers)), [lever_label(k) for k in levers])
        ax.tick_params(length=0)
        ax.grid(False)
        for side in ax.spines.values():
            side.set_visible(False)
        ticks = sorted({0.0, *(s * t for t in (0.01, 0.1, clip) if t <= clip for s in (-1, 1))})
        bar = fig.colorbar(image, ax=ax, ticks=ticks, shrink=0.9)
        bar.ax.set_yticklabels([f"{format_number(100 * t)} %" for t in ticks])
        bar.set_label(tr("plots.lever_payoffs.colour"))
        ax.set_title(title or tr("plots.lever_payoffs.title"), fontweight="bold")
        fig.supxlabel(tr("plots.lever_payoffs.note"), fontsize="medium", fontstyle="italic")
    return fig
