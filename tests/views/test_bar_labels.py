"""Values written on bars (``label_bars``): in full where they fit, shortened where they do
not, read off the bar whenever the figure is drawn."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from crmsim.language.translate import use_language
from crmsim.views.plots import label_bars
from crmsim.views.style import language_style

VALUES = [2_311_464_000.0, 2_311_464_000.0, 2_311_464_000.0]  # three bars of one height


def _labels(size: tuple[float, float], lang: str = "en"):
    """(text, label box, bar box) of each bar of VALUES drawn at ``size`` inches."""
    with use_language(lang), language_style(), plt.rc_context({"axes.labelsize": 18}):
        fig, ax = plt.subplots(figsize=size, dpi=100)
        bars = ax.bar(range(len(VALUES)), VALUES, width=1.0, color="#1b9e77")
        labels = label_bars(ax)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        placed = [(label.get_text(), label.get_window_extent(renderer),
                   bar.get_window_extent(renderer))
                  for label, bar in zip(labels, bars, strict=True)]
    plt.close(fig)
    return placed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_value_that_fits_is_written_in_full(lang):
    assert {text for text, _, _ in _labels((10, 8), lang)} == {"2,311,464,000"}


@pytest.mark.parametrize("lang, short", [("en", "2.31bn"), ("zh", "23.1亿")])
def test_a_value_too_long_for_its_bar_and_the_room_beyond_is_shortened(lang, short):
    placed = _labels((3.0, 2.4), lang)
    assert {text for text, _, _ in placed} == {short}
    for _, label, bar in placed:  # inside its bar, clear of the zero line
        assert bar.y0 - 0.5 <= label.y0 and label.y1 <= bar.y1 + 0.5


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(2.6, 2.4), (3.2, 3.4), (4.5, 4.0), (10, 8)])
def test_the_values_of_one_chart_are_all_full_or_all_short(lang, size):
    heights = [2_311_464.0, 2_767_036.0, 1_320_831.0, -3_390_561.0]  # a dashboard's values
    with use_language(lang), language_style(), plt.rc_context({"axes.labelsize": 18}):
        fig, ax = plt.subplots(figsize=size, dpi=100)
        ax.bar(range(len(heights)), heights, width=1.0)
        labels = label_bars(ax)
        fig.canvas.draw()
    plt.close(fig)
    texts = [label.get_text() for label in labels]
    full = [text.replace(",", "").lstrip("-").isdigit() for text in texts]
    assert all(full) or not any(full), texts
