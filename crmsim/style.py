"""One look for every figure: a colour per level and per state, readable when projected.

Examples
--------
>>> level_colour("partnership")
'#d95f02'
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl

__all__ = ["LEVEL_COLOURS", "STATE_COLOURS", "classroom_style", "level_colour"]

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


@contextmanager
def classroom_style(scale: float = 1.0):
    """Matplotlib settings for large, legible figures (``scale`` > 1 for presentation)."""
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
    }
    with mpl.rc_context(rc):
        yield
