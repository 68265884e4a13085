"""The dashboard's "where does it pay? (discovery)" button, driven in a kernel (no browser)."""

from __future__ import annotations

import html
import sys
import time

import matplotlib
import pytest

matplotlib.use("Agg")

from crmsim.analysis.discovery import box_text, compare_with_rule, discover
from crmsim.language.translate import use_language
from crmsim.views.dashboard import Dashboard
from crmsim.views.dashboard.app import DISCOVERY_POINTS, PRESENTATION_SCALE


def _direct(board: Dashboard):
    view = board.view
    alone = view.scenario_now().segment_alone(view.segment, unlimited_staff=True)
    return discover(
        alone, segment=view.segment, level="partnership", n_points=DISCOVERY_POINTS, seed=0
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_button_shows_the_box_the_rule_and_the_figure(lang):
    board = Dashboard(preset="classroom", lang=lang)
    view = board.view
    assert view.discovery_text.value == "" and view.discovery_image.layout.display == "none"
    label = "where does it pay? (discovery)" if lang == "en" else "在哪些情况下值得？（情景发现）"
    assert view.discovery_button.description == label
    start = time.perf_counter()
    view.discovery_button.click()
    seconds = time.perf_counter() - start
    assert seconds < 10  # well under a second on an idle machine; the kernel is not held long
    direct = _direct(board)
    with use_language(lang):
        assert html.escape(box_text(direct)) in view.discovery_text.value
        assert html.escape(compare_with_rule(direct).text()) in view.discovery_text.value
    assert direct.boxes and view.discovery_image.layout.display != "none"
    assert view.discovery_image.value[:4] == b"\x89PNG"
    assert not view.discovery_button.disabled


def test_the_sentence_follows_the_sliders_values_held_fixed():
    """The points behind the result are those of discover() on the segment as the sliders set
    it (the held traits at the sliders' values)."""
    board = Dashboard(preset="classroom", lang="en")
    view = board.view
    view.discovery_button.click()
    shown = view.discovery.values.to_frame()
    direct = _direct(board).values.to_frame()
    assert shown.equals(direct)


def test_another_segment_clears_the_result():
    board = Dashboard(preset="classroom", lang="en")
    view = board.view
    view.discovery_button.click()
    assert view.discovery_text.value
    board.controls["segment"].value = "important customers"
    assert view.discovery is None and view.discovery_text.value == ""
    assert view.discovery_image.layout.display == "none"


def test_without_the_extra_the_button_says_which_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "prim", None)  # what an install without prim looks like
    board = Dashboard(preset="classroom", lang="zh")
    board.view.discovery_button.click()
    assert "pip install &#x27;crmsim[discovery]&#x27;" in board.view.discovery_text.value
    assert board.view.discovery is None and not board.view.discovery_button.disabled


def test_the_figure_follows_presentation_mode_like_the_charts():
    """In presentation mode the box figure's texts are as large as the charts' beside it (its
    legend, ticks, labels and title grow by the presentation scale, not stay at normal size)."""
    normal = Dashboard(preset="classroom", lang="en")
    shown = Dashboard(preset="classroom", lang="en", presentation=True)
    found = _direct(normal)

    def sizes(view):
        ax = view.discovery_figure(found).axes[0]
        return {
            "legend": ax.get_legend().get_texts()[0].get_fontsize(),
            "tick": ax.get_yticklabels()[0].get_fontsize(),
            "label": ax.yaxis.label.get_fontsize(),
            "title": ax.title.get_fontsize(),
        }

    small, large = sizes(normal.view), sizes(shown.view)
    assert large == pytest.approx({k: PRESENTATION_SCALE * v for k, v in small.items()})
    chart_tick = shown.view.axes[0].get_yticklabels()[0].get_fontsize()
    assert large["tick"] == pytest.approx(chart_tick)
