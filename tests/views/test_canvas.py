"""The explorers' canvas draws, pixel for pixel, what matplotlib's own Agg canvas draws (it only
remembers shaped texts, glyph bitmaps and font metrics), and its PNG is the drawing."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import crmsim.views.widgets.base as explorer_base
from crmsim.views.canvas import TextCachingCanvas, rgb_png
from crmsim.views.dashboard import Dashboard
from crmsim.views.style import classroom_style, language_style


def _drawn(canvas) -> np.ndarray:
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _texts_figure(shift: float = 0.0) -> Figure:
    """Texts of every kind an explorer draws: Latin and Chinese, rotated, several lines, bold,
    small and large, mathtext, not antialiased; ``shift`` moves one text right (pixels)."""
    with language_style("zh"), classroom_style(1.45):
        fig = Figure(figsize=(6, 4), dpi=108)
        ax = fig.add_subplot()
        ax.plot([0, 1, 2], [3, 1, 2], label="合作伙伴关系 partnership")
        ax.set_title("每位客户的价值\nvalue per customer", fontweight="bold")
        ax.set_xlabel("转换成本 switching cost")
        ax.set_ylabel("value (25,000 ¥)")
        ax.tick_params(axis="x", labelrotation=37)
        ax.text(0.5, 2.5, r"$\alpha = 0.35$", fontsize=9)
        ax.text(1.2, 1.5, "no antialias 客户", antialiased=False, fontsize=15)
        ax.annotate(
            "loyal 忠诚",
            (1, 1),
            xytext=(10 + shift, 20),
            textcoords="offset pixels",
            fontsize=11,
        )
        ax.legend(title="关系层次")
    return fig


def test_the_canvas_draws_the_pixels_matplotlib_draws_again_and_again():
    fig = _texts_figure()
    fast = TextCachingCanvas(fig)
    first, again = _drawn(fast), _drawn(fast)  # the second draw from the caches
    assert np.array_equal(first, again)
    assert np.array_equal(first, _drawn(FigureCanvasAgg(fig)))


def test_a_text_moved_by_a_fraction_of_a_pixel_is_drawn_where_matplotlib_draws_it():
    # the comparison sees a quarter of a pixel (glyphs are rendered at subpixel offsets) ...
    before = _drawn(FigureCanvasAgg(_texts_figure()))
    moved_fig = _texts_figure(shift=0.25)
    moved = _drawn(FigureCanvasAgg(moved_fig))
    assert not np.array_equal(before, moved)
    # ... and the remembered glyphs are kept per subpixel offset
    fast = TextCachingCanvas(_texts_figure())
    _drawn(fast)
    fast = TextCachingCanvas(moved_fig)
    assert np.array_equal(_drawn(fast), moved)


def test_opaque_figures_are_sent_as_rgb_and_transparent_ones_keep_their_alpha():
    for facecolor, mode in (("white", "RGB"), ("none", "RGBA")):
        fig = _texts_figure()
        fig.patch.set_facecolor(facecolor)
        canvas = TextCachingCanvas(fig)
        drawn = _drawn(canvas)
        image = Image.open(io.BytesIO(rgb_png(canvas)))
        assert image.mode == mode
        assert np.array_equal(np.asarray(image.convert("RGBA")), drawn)


def _stock_png(canvas, compress_level: int = 1) -> bytes:
    """How the explorers encoded before: the RGBA buffer as it is."""
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def _rgba(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("presentation", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dashboard_shows_what_matplotlibs_canvas_shows(monkeypatch, lang, presentation):
    """Two dashboards moved alike, one drawing on matplotlib's canvas: the same pictures."""
    now = Dashboard(preset="classroom", lang=lang, presentation=presentation).view
    with monkeypatch.context() as patch:
        patch.setattr(explorer_base, "TextCachingCanvas", FigureCanvasAgg)
        patch.setattr(explorer_base, "rgb_png", _stock_png)
        stock = Dashboard(preset="classroom", lang=lang, presentation=presentation).view
        assert type(stock.figure.canvas) is FigureCanvasAgg
        moves = [
            ("switching_cost", 0.1),
            ("mutual_need", 0.9),
            ("annual_wallet", 3000.0),
            ("level", "alliance"),
        ]
        assert np.array_equal(_rgba(now.image.value), _rgba(stock.image.value))
        for name, value in moves:
            now.controls[name].value = value
            stock.controls[name].value = value
            assert np.array_equal(_rgba(now.image.value), _rgba(stock.image.value)), name
