"""One look for every figure: a colour per level and per state, readable when projected.

Fonts follow the display language (:mod:`crmsim.language.translate`): in Chinese mode the
Chinese font crmsim ships (:func:`crmsim.views.fonts.cjk_font`) comes first, so Chinese labels
render with real glyphs instead of empty boxes on any machine.

Examples
--------
>>> level_colour("partnership")
'#d95f02'
>>> font_rc("en")
{}
>>> number_ticks()(25000.0, 0), number_ticks()(0.25, 0)
('25,000', '0.25')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import matplotlib as mpl
from matplotlib.ticker import FuncFormatter

from crmsim.common.numbers import format_number
from crmsim.common.text import PLAIN_TEXT_RC
from crmsim.language.translate import get_language, normalise_language

__all__ = [
    "LEVEL_COLOURS",
    "STATE_COLOURS",
    "classroom_style",
    "font_rc",
    "language_style",
    "level_colour",
    "number_ticks",
]

_LATIN_FALLBACK = "DejaVu Sans"  # ships with matplotlib: Latin, digits, arrows, ≥, ×, −

LEVEL_COLOURS: dict[str, str] = {
    "transactional": "#7f7f7f",
    "preferred": "#1b9e77",
    "partnership": "#d95f02",
    "alliance": "#7570b3",
}
"""Colour of each default level, the same in every figure (colour-blind safe Dark2)."""

_EXTRA = ("#e7298a", "#66a61e", "#e6ab02", "#a6761d")

STATE_COLOURS: dict[str, str] = {
    "potential": "#c6dbef",
    "target": "#6baed6",
    "new": "#fdd0a2",
    "repeat": "#fd8d3c",
    "loyal": "#a63603",
    "lost": "#969696",
    "non_customer": "#e0e0e0",
}
"""Colour of each lifecycle state in stacked occupancy plots."""


def level_colour(name: str, position: int = 0) -> str:
    """Colour of level ``name``; custom levels get a stable extra colour by position."""
    return LEVEL_COLOURS.get(name, _EXTRA[position % len(_EXTRA)])


def number_ticks() -> FuncFormatter:
    """A tick formatter writing each tick as :func:`crmsim.common.numbers.format_number` does.

    Thousands get separators (``25,000``), small numbers keep their decimals (``0.25``).
    A new formatter per axis: matplotlib ties a formatter to the axis it is set on.
    """
    return FuncFormatter(lambda value, _position: format_number(value))


def font_rc(lang: str | None = None) -> dict[str, Any]:
    """Matplotlib settings that make text in ``lang`` (default: current language) render.

    English: no change (your own fonts). Chinese: the font crmsim ships (or the one named by
    ``CRMSIM_CJK_FONT``, see :func:`crmsim.views.fonts.cjk_font`) first, then DejaVu Sans for
    any character it lacks, as concrete family names, so that text created under these settings
    keeps its font even when the figure is drawn later, outside them (as Jupyter does).
    """
    lang = get_language() if lang is None else normalise_language(lang)
    if lang == "en":
        return {}
    from crmsim.views.fonts import cjk_font

    family = cjk_font()
    sans = [family, *(f for f in mpl.rcParams["font.sans-serif"] if f != family)]
    return {"font.family": [family, _LATIN_FALLBACK], "font.sans-serif": sans}


@contextmanager
def language_style(lang: str | None = None) -> Iterator[None]:
    """The font settings of :func:`font_rc` and plain text (names drawn as written, no
    ``$...$`` math), for figures drawn with your own style.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with language_style("zh"):
    ...     fig, ax = plt.subplots()
    ...     title = ax.set_title("合作伙伴关系")
    >>> title.get_fontfamily()[0] != "sans-serif"
    True
    >>> plt.close(fig)
    """
    # names from scenario files are drawn as written: no $...$ math (PLAIN_TEXT_RC)
    with mpl.rc_context({**PLAIN_TEXT_RC, **font_rc(lang)}):
        yield


_SCALE: ContextVar[float] = ContextVar("crmsim_style_scale", default=1.0)


@contextmanager
def classroom_style(scale: float | None = None, *, lang: str | None = None) -> Iterator[None]:
    """Matplotlib settings for large, legible figures (``scale`` > 1 for presentation).

    ``scale`` defaults to that of the enclosing ``classroom_style`` block (1 outside any), so
    a plotting function that applies the style itself keeps a presentation scale chosen by
    its caller. Fonts follow ``lang`` (default: the current display language), see
    :func:`font_rc`.

    Examples
    --------
    >>> with classroom_style(1.5), classroom_style():
    ...     mpl.rcParams["font.size"]
    18.0
    """
    scale = _SCALE.get() if scale is None else scale
    rc = {
        "font.size": 12 * scale,
        "axes.titlesize": 14 * scale,
        "axes.labelsize": 12 * scale,
        "legend.fontsize": 11 * scale,
        "xtick.labelsize": 11 * scale,
        "ytick.labelsize": 11 * scale,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 100,
        **PLAIN_TEXT_RC,  # names from scenario files are drawn as written: no $...$ math
        **font_rc(lang),
    }
    token = _SCALE.set(scale)
    # matplotlib's inline backend switches interactive mode on when pyplot is first imported,
    # which may happen inside this block; restoring the settings would switch it off again and
    # a notebook would stop showing its later figures, so the mode is kept as the block left it
    interactive = mpl.is_interactive()
    try:
        with mpl.rc_context(rc):
            try:
                yield
            finally:
                interactive = mpl.is_interactive()
    finally:
        _SCALE.reset(token)
        mpl.interactive(interactive)
