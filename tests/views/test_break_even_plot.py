"""The break-even chart's legend lists the areas the chart has: where the level pays, where it
is luxurious, or both, also when a slider redraws it in place."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pytest

from crmsim import preset
from crmsim.analysis.break_even_points import break_even
from crmsim.language.translate import tr
from crmsim.views.luxury_plots import plot_break_even, refresh_break_even

PAYS = tr("luxury_plots.break_even.pays", level="partnership")
LUXURIOUS = tr("luxury_plots.break_even.luxurious", level="partnership")
KEY_ACCOUNTS = preset("classroom").segment_alone("key accounts")
CROSSING = break_even(KEY_ACCOUNTS, parameter="switching_cost")  # pays above about 0.25


def _shifted(offset: float):
    """The crossing result moved up or down: paying, or luxurious, over the whole range."""
    profit = np.asarray(CROSSING.extra_profit, dtype=float)
    shift = offset * (np.abs(profit).max() + 1.0)
    return dataclasses.replace(CROSSING, extra_profit=profit + shift)


def _legend(fig) -> list[str]:
    legend = fig.axes[0].get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def test_the_example_crosses_zero():
    profit = np.asarray(CROSSING.extra_profit)
    assert (profit > 0).any() and (profit < 0).any()


@pytest.mark.parametrize(("result", "expected"), [
    (CROSSING, [PAYS, LUXURIOUS]),
    (_shifted(+2.0), [PAYS]),
    (_shifted(-2.0), [LUXURIOUS]),
])
def test_the_legend_lists_only_the_areas_drawn(result, expected):
    assert CROSSING.level == "partnership"
    fig = plot_break_even(result)
    assert _legend(fig) == expected
    plt.close(fig)


def test_a_slider_that_changes_the_areas_updates_the_legend_in_place():
    fig = plot_break_even(CROSSING)
    ax = fig.axes[0]
    assert refresh_break_even(ax, _shifted(+2.0))
    assert _legend(fig) == [PAYS]
    assert refresh_break_even(ax, _shifted(-2.0))
    assert _legend(fig) == [LUXURIOUS]
    assert refresh_break_even(ax, CROSSING)
    assert _legend(fig) == [PAYS, LUXURIOUS]
    plt.close(fig)
