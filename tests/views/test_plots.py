"""Demo and report figures made for a projector or a page: per-segment panels, full numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from crmsim import Scenario, Segment
from crmsim.analysis.compare import compare_levels
from crmsim.analysis.luxury import assess_comparison
from crmsim.views.plots import (
    plot_cumulative_profit_by_segment,
    plot_occupancy_by_level,
    plot_value_by_segment,
)


@pytest.fixture(scope="module")
def comparison():
    return compare_levels(
        Scenario(
            segments=(
                Segment(name="smb", n_customers=300),
                Segment(
                    name="key",
                    n_customers=12,
                    annual_wallet=2_000_000.0,
                    mutual_importance=0.9,
                    switching_cost=0.9,
                ),
            ),
            horizon_months=24,
        ),
        engine="analytic",
    )


def _shown(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def _tick_texts(ax):
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_yticklabels()]


def test_each_segment_gets_its_own_panel_and_scale(comparison):
    fig = plot_value_by_segment(comparison.summary)
    axes = _shown(fig)
    assert [ax.get_title() for ax in axes] == ["smb", "key"]
    (_, small_top), (_, big_top) = axes[0].get_ylim(), axes[1].get_ylim()
    assert big_top > 50 * small_top  # key accounts do not flatten the small bars
    plt.close(fig)


def test_luxurious_levels_are_marked_with_a_word(comparison):
    verdicts = assess_comparison(comparison).verdicts
    fig = plot_value_by_segment(comparison.summary, verdicts=verdicts)
    for ax, segment in zip(_shown(fig), ["smb", "key"], strict=True):
        marked = sum(t.get_text() == "luxurious" for t in ax.texts)
        expected = int(
            ((verdicts["segment"] == segment) & (verdicts["verdict"] == "luxurious")).sum()
        )
        assert marked == expected
    assert (verdicts["verdict"] == "luxurious").any()
    plt.close(fig)


def test_money_axes_have_full_numbers_and_no_offset(comparison):
    fig = plot_cumulative_profit_by_segment(comparison.cash_flows)
    axes = _shown(fig)
    assert [ax.get_title() for ax in axes] == ["smb", "key"]
    texts = _tick_texts(axes[1])
    assert any("," in t for t in texts)
    assert all(ax.yaxis.get_offset_text().get_text() == "" for ax in axes)
    plt.close(fig)


def test_the_offset_check_catches_matplotlib_defaults():
    """Companion: a plain matplotlib axis of large numbers shows a 1e8-style offset."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [300_000_001.0, 300_000_002.0])
    fig.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() != ""
    plt.close(fig)


def test_occupancy_is_a_grid_not_a_strip(comparison):
    fig = plot_occupancy_by_level(comparison.occupancy)
    axes = _shown(fig)
    assert len(axes) == 4
    assert len({round(ax.get_position().y0, 3) for ax in axes}) == 2  # two rows
    width, height = fig.get_size_inches()
    assert width / height < 2
    plt.close(fig)
