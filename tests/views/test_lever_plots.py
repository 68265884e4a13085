"""The lever heatmap (crmsim.views.lever_plots)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from crmsim import preset
from crmsim.analysis.levers import DEFAULT_LEVERS, PAYS_FROM, lever_payoffs
from crmsim.common.numbers import format_number
from crmsim.language.translate import use_language
from crmsim.views.lever_plots import plot_lever_payoffs


@pytest.fixture(scope="module")
def table():
    levers = [DEFAULT_LEVERS[k] for k in ("survey", "club", "extra_service")]
    return lever_payoffs(preset("classroom"), levers)


def test_every_cell_shows_its_change_per_customer(table):
    fig = plot_lever_payoffs(table)
    ax = fig.axes[0]
    texts = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    levers = list(dict.fromkeys(table["lever"]))
    segments = list(dict.fromkeys(table["segment"]))
    assert len(texts) == len(levers) * len(segments)
    for row in table.itertuples():
        shown = texts[(levers.index(row.lever), segments.index(row.segment))]
        change = row.value_change
        if abs(change) < PAYS_FROM:
            assert shown == "0"
        elif abs(change) >= 0.5:
            assert shown == ("+" if change > 0 else "") + format_number(round(change))
        else:
            assert float(shown) == pytest.approx(change, rel=0.5)
        assert shown.startswith("+") == bool(row.pays)
    plt.close(fig)


def test_labels_follow_the_language(table):
    with use_language("zh"):
        fig = plot_lever_payoffs(table)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "满意度调查",
        "客户俱乐部",
        "额外服务（贵宾、重要客户）",
    ]
    assert ax.get_xticklabels()[2].get_text() == "大客户\n（合作伙伴关系）"
    assert ax.get_title() == "哪个措施对哪个客户群值得？"
    plt.close(fig)
