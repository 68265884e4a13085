"""Notebook 01: touch points, churn and win-back move customers through the lifecycle.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = lifecycle_explorer()
>>> buying = ["new", "repeat", "loyal"]
>>> before = w.data.set_index("state").iloc[:, -1][buying].sum()
>>> w.controls["churn_factor"].value = 2.0
>>> bool(w.data.set_index("state").iloc[:, -1][buying].sum() < before)
True
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.transforms import Bbox

from crmsim.analysis.teaching import expected_flows, scaled_churn
from crmsim.common.numbers import format_number
from crmsim.language.translate import segment_label, state_label, tr, use_language
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import STATE_LABELS_ZH, STATES
from crmsim.views.plots import plot_occupancy, restack_occupancy
from crmsim.views.style import STATE_COLOURS
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    cached_evaluate,
    default_scenario,
    segment_options,
)

__all__ = ["LifecycleExplorer", "lifecycle_explorer"]

_FLOW_POS = {
    "potential": (0.0, 1.0), "target": (1.0, 1.0), "new": (2.0, 1.0), "repeat": (3.0, 1.0),
    "loyal": (4.0, 1.0), "lost": (3.0, -0.25), "non_customer": (0.5, -0.25),
    "word of mouth": (1.0, 2.1),
}
_NUMBER_PAD = 0.15  # padding of a flow number's white box (fraction of its font size)
_FLOW_BEND = {("lost", "new"): 0.25, ("new", "lost"): 0.25, ("repeat", "loyal"): 0.35,
              ("loyal", "repeat"): 0.35, ("repeat", "lost"): 0.0, ("loyal", "lost"): -0.2}


def _flow_width(customers_per_month: float, top: float) -> float:
    """Line width of an arrow carrying ``customers_per_month`` (``top``: the largest flow)."""
    return 0.6 + 9.0 * customers_per_month / top


def _top_flow(flows: pd.DataFrame) -> float:
    return max(float(flows["customers_per_month"].max()), 1e-9) if len(flows) else 1.0


def _state_text(state: str, mean_occupancy: pd.Series) -> str:
    n = mean_occupancy.get(state)
    return state_label(state) + (f"\n{format_number(n)}" if n is not None else "")


def _draw_flows(ax, flows: pd.DataFrame, mean_occupancy: pd.Series) -> dict:
    """Lifecycle flow diagram: boxes per state, arrows as wide as the monthly flow.

    Returns the artists :func:`_update_flows` changes: the axes, per (source, target) the
    arrow and its number (placed by :func:`_place_numbers`), per state its box.
    """
    top = _top_flow(flows)
    arrows = {}
    for row in flows.itertuples(index=False):
        (x0, y0), (x1, y1) = _FLOW_POS[row.source], _FLOW_POS[row.target]
        width = _flow_width(row.customers_per_month, top)
        bend = _FLOW_BEND.get((row.source, row.target), 0.12)
        arrow = ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                            arrowprops=dict(arrowstyle="-|>", lw=width, color="#4a6fa5",
                                            alpha=0.55, shrinkA=24, shrinkB=24,
                                            mutation_scale=12 + width,
                                            connectionstyle=f"arc3,rad={bend}"))
        number = ax.text(0.0, 0.0, format_number(row.customers_per_month), ha="center",
                         va="center", fontsize=9, color="#1f3b63",
                         bbox=dict(boxstyle=f"round,pad={_NUMBER_PAD}", fc="white", ec="none",
                                   alpha=0.8))
        arrows[(row.source, row.target)] = (arrow, number)
    boxes = {}
    for state, (x, y) in _FLOW_POS.items():
        colour = STATE_COLOURS.get(state, "#ffffff")
        boxes[state] = ax.text(x, y, _state_text(state, mean_occupancy), ha="center",
                               va="center", fontsize=10,
                               bbox=dict(boxstyle="round,pad=0.4", fc=colour, ec="#333333"))
    ax.set_xlim(-0.5, 4.5)
    ax.set_ylim(-0.7, 2.5)
    ax.set_axis_off()
    ax.set_title(tr("widgets.flows.title"), fontsize=12)
    artists = {"axes": ax, "arrows": arrows, "boxes": boxes}
    _place_numbers(artists)
    return artists


def _update_flows(artists: dict, flows: pd.DataFrame, mean_occupancy: pd.Series) -> bool:
    """Set the arrows, numbers and boxes :func:`_draw_flows` drew to new flows; False when
    the flows run between other states (the diagram must be drawn anew)."""
    arrows = artists["arrows"]
    if list(zip(flows["source"], flows["target"], strict=True)) != list(arrows):
        return False
    top = _top_flow(flows)
    for row in flows.itertuples(index=False):
        arrow, number = arrows[(row.source, row.target)]
        width = _flow_width(row.customers_per_month, top)
        arrow.arrow_patch.set_linewidth(width)
        arrow.arrowprops["mutation_scale"] = 12 + width  # read when the arrow is placed
        number.set_text(format_number(row.customers_per_month))
    for state, box in artists["boxes"].items():
        box.set_text(_state_text(state, mean_occupancy))
    _place_numbers(artists)
    return True


def _place_numbers(artists: dict) -> None:
    """Put each flow's number beside its arrow, clear of every arrow, box and other number.

    The candidates lie beside the arrow's middle, then a little before and after it, on the
    outer side of its bend first, then the inner side, each as far from the arrow's centre
    line as half the line's width and half the number's size along the normal plus a gap,
    then a little further. The numbers with the fewest free candidates go first; each takes
    its first candidate that overlaps nothing already there and stays in the panel (when
    none is free, the one overlapping least). The placement depends only on the texts and
    the arrows' widths, so updating the numbers places them as drawing them anew does.
    """
    ax, arrows = artists["axes"], artists["arrows"]
    if not arrows:
        return
    renderer = ax.figure.canvas.get_renderer()
    px = ax.figure.dpi / 72  # pixels per point
    strokes = []  # per arrow: its centre line, densely sampled, and half its line's width
    for arrow, _number in arrows.values():
        arrow.update_positions(renderer)
        patch = arrow.arrow_patch
        path = patch.get_transform().transform_path(patch.get_path())
        # (one pixel more than half the line's width: the samples are a pixel or two apart)
        strokes.append((np.concatenate([segment(np.linspace(0.0, 1.0, 100))
                                        for segment, _code in path.iter_bezier()]),
                        patch.get_linewidth() * px / 2 + 1.0))
    boxes = np.array([_padded_extent(box, renderer, 0.4 * box.get_fontsize() * px).extents
                      for box in artists["boxes"].values()]).reshape(-1, 4)
    numbers = [number for _arrow, number in arrows.values()]
    options = [_candidates(ax, arrow, _padded_extent(number, renderer,
                                                     _NUMBER_PAD * number.get_fontsize() * px),
                           half_width + 2.0 * px)
               for (arrow, number), (_line, half_width) in zip(arrows.values(), strokes,
                                                               strict=True)]
    # what a place clashes with that does not move: the panel's edge, the boxes, the arrows
    fixed = [_clashes(places, ax.bbox.extents, boxes, strokes) for places in options]
    taken = np.empty((0, 4))
    # the numbers with the fewest free places go first; each takes its first place that
    # overlaps nothing (else the one overlapping least)
    for k in sorted(range(len(numbers)), key=lambda k: (np.count_nonzero(fixed[k] == 0), k)):
        counts = fixed[k] + _overlapping(options[k], taken).sum(axis=1)
        x0, y0, x1, y1 = chosen = options[k][np.argmin(counts)]
        taken = np.vstack([taken, chosen])
        numbers[k].set_position(ax.transData.inverted().transform([(x0 + x1) / 2,
                                                                   (y0 + y1) / 2]))


def _candidates(ax, arrow, size: Bbox, clearance: float) -> np.ndarray:
    """Places (rows of x0, y0, x1, y1 in pixels) for a number of ``size`` beside ``arrow``,
    best first: nearest the arrow's line and middle, on the outer side of its bend first."""
    w, h = size.width, size.height
    start, end = ax.transData.transform([arrow.xyann, arrow.xy])
    bend = float(arrow.arrowprops["connectionstyle"].rpartition("=")[2])
    # arc3: a quadratic curve through the control point ``middle + bend * (dy, -dx)``
    (x0, y0), (x1, y1) = start, end
    control = (start + end) / 2 + bend * np.array([y1 - y0, x0 - x1])
    t = np.array([0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8])[:, None]
    at = (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t**2 * end
    tangent = (1 - t) * (control - start) + t * (end - control)
    normal = tangent[:, ::-1] * [1.0, -1.0]
    normal /= np.maximum(np.hypot(*normal.T), 1e-9)[:, None]
    further = np.array([0.0, 0.5, 1.0, 2.0, 3.0])[:, None] * h
    # from the line to the number's centre: clearance, half its extent along the normal
    reach = clearance + further + (np.abs(normal[:, 0]) * w + np.abs(normal[:, 1]) * h) / 2
    sides = np.array([1.0, -1.0]) * (1.0 if bend >= 0 else -1.0)
    centres = (at[None, :, None, :]
               + sides[None, None, :, None] * reach[:, :, None, None] * normal[None, :, None, :])
    half = np.array([w / 2, h / 2])
    centres = centres.reshape(-1, 2)
    return np.column_stack([centres - half, centres + half])


def _padded_extent(text, renderer, pad: float) -> Bbox:
    """The window extent of ``text`` with its box's padding (pixels)."""
    return text.get_window_extent(renderer).padded(pad)


def _overlapping(places: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which of ``places`` overlap which of ``others`` (rows of x0, y0, x1, y1)."""
    p, o = places[:, None, :], others[None, :, :]
    return ((p[..., 0] < o[..., 2]) & (o[..., 0] < p[..., 2])
            & (p[..., 1] < o[..., 3]) & (o[..., 1] < p[..., 3]))


def _clashes(places: np.ndarray, inside: np.ndarray, boxes: np.ndarray,
             strokes: list) -> np.ndarray:
    """For each of ``places``: how many ``boxes`` and arrow ``strokes`` (sampled centre line,
    half width) it overlaps, one more when it leaves ``inside`` (x0, y0, x1, y1)."""
    leaves = ~((places[:, 0] >= inside[0]) & (places[:, 1] >= inside[1])
               & (places[:, 2] <= inside[2]) & (places[:, 3] <= inside[3]))
    count = leaves.astype(int) + _overlapping(places, boxes).sum(axis=1)
    for line, half_width in strokes:
        # only the points near any of the places can touch one
        near = ((line >= places[:, :2].min(axis=0) - half_width)
                & (line <= places[:, 2:].max(axis=0) + half_width)).all(axis=1)
        if not near.any():
            continue
        x, y = line[None, near, 0], line[None, near, 1]
        count += ((places[:, [0]] - half_width <= x) & (x <= places[:, [2]] + half_width)
                  & (places[:, [1]] - half_width <= y) & (y <= places[:, [3]] + half_width)
                  ).any(axis=1)
    return count


class LifecycleExplorer(Explorer):
    """The explorer of notebook 01 (see :func:`lifecycle_explorer`)."""

    title_key = "widgets.lifecycle.title"
    figsize = (14.0, 5.2)
    margins: ClassVar[dict] = {"left": 0.06, "right": 0.99,
                              "bottom": 0.11, "top": 0.9, "wspace": 0.42}
    width_ratios = (1.0, 1.15)

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        segments = [(tr("widgets.all_segments"), "all segments"),
                    *segment_options([seg.name for seg in scenario.segments])]
        acq, life = scenario.acquisition, scenario.lifecycle
        controls = {
            "touch_points": W.FloatSlider(
                value=acq.touch_points_per_month, min=0.0, max=5.0, step=0.25,
                description=tr("widgets.lifecycle.touch_points"), **SLIDER_OPTIONS),
            "churn_factor": W.FloatSlider(
                value=1.0, min=0.0, max=3.0, step=0.25,
                description=tr("widgets.lifecycle.churn_factor"), **SLIDER_OPTIONS),
            "win_back": W.FloatSlider(
                value=life.win_back, min=0.0, max=0.2, step=0.01,
                description=tr("widgets.lifecycle.win_back"), **SLIDER_OPTIONS),
            "segment": W.Dropdown(options=segments, value="all segments",
                                  description=tr("widgets.lifecycle.show"),
                                  style={"description_width": "initial"}),
        }
        super().__init__(controls, intro=tr("widgets.lifecycle.intro"))

    def scenario_now(self) -> Scenario:
        """The scenario the controls describe."""
        c = self.controls
        s = scaled_churn(self.scenario, c["churn_factor"].value)
        return dataclasses.replace(
            s,
            acquisition=dataclasses.replace(s.acquisition,
                                            touch_points_per_month=c["touch_points"].value),
            lifecycle=dataclasses.replace(s.lifecycle, win_back=c["win_back"].value),
        )

    def compute(self) -> None:
        self.result = cached_evaluate(self.scenario_now())
        self.flows, self._mean_occupancy = self._flows()
        occ = self._occupancy()
        first, last = occ["month"].min(), occ["month"].max()
        table = occ[occ["month"].isin([first, last])].pivot_table(
            index="state", columns="month", values="customers", aggfunc="sum"
        ).reindex(list(STATES))
        self.data = pd.DataFrame({
            "state": list(STATES),
            "中文": [STATE_LABELS_ZH[s] for s in STATES],
            "customers at month 0": table[first].to_numpy(),
            f"customers at month {last}": table[last].to_numpy(),
        })

    def _display_table(self) -> pd.DataFrame:
        first, last = self.data.columns[2:4]
        return super()._display_table().rename(columns={
            first: tr("widgets.lifecycle.customers_at", month=first.rpartition(" ")[2]),
            last: tr("widgets.lifecycle.customers_at", month=last.rpartition(" ")[2]),
        })

    def _occupancy(self) -> pd.DataFrame:
        occ = self.result.occupancy
        seg = self.controls["segment"].value
        return occ if seg == "all segments" else occ[occ["segment"] == seg]

    def draw(self) -> None:
        ax1, ax2 = self.axes
        occ = self._occupancy()
        plot_occupancy(occ[occ["state"] != "non_customer"], ax=ax1, title=self._title())
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.lifecycle.ylabel"))
        self._flow_artists = _draw_flows(ax2, self.flows, self._mean_occupancy)

    def refresh(self) -> bool:
        ax1, ax2 = self.axes
        flows, mean_occ = self.flows, self._mean_occupancy
        if not _update_flows(self._flow_artists, flows, mean_occ):
            ax2.clear()  # flows between other states: this diagram (only) drawn anew
            self._flow_artists = _draw_flows(ax2, flows, mean_occ)
        occ = self._occupancy()
        restack_occupancy(ax1, occ[occ["state"] != "non_customer"])
        ax1.set_title(self._title())
        return True

    def _title(self) -> str:
        seg = self.controls["segment"].value
        shown = tr("widgets.all_segments") if seg == "all segments" else segment_label(seg)
        return tr("widgets.lifecycle.occupancy_title", segment=shown)

    def _flows(self) -> tuple[pd.DataFrame, pd.Series]:
        """Expected monthly flows between the states of the segment(s) shown, and the mean
        customers per state."""
        occ = self._occupancy()
        shown = self.result
        if self.controls["segment"].value != "all segments":
            shown = dataclasses.replace(self.result, occupancy=occ)
        mean = occ.groupby("state")["customers"].sum() / occ["month"].nunique()
        return expected_flows(shown), mean


def lifecycle_explorer(scenario: Scenario | None = None, *, lang: str | None = None) -> Explorer:
    """Notebook 01: touch points, churn and win-back move customers through the lifecycle.

    Controls: ``touch_points``, ``churn_factor``, ``win_back``, ``segment``. The figure
    shows expected occupancy per state (stacked areas) and a flow diagram; ``data`` holds
    customers per state at the first and last month. ``lang`` ("en" or "zh", default the
    current language) is the language of every label.
    """
    with use_language(lang):
        return LifecycleExplorer(scenario or default_scenario())
