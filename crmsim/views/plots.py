"""Figures of single runs and level comparisons (matplotlib), one colour per level.

Every function takes tidy frames, draws on an ``Axes`` (a new figure if none is given) and
returns the figure, so the same plot serves notebooks, the CLI and reports. Text is in the
current display language (:mod:`crmsim.language.translate`), with a font that has its glyphs.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.compare import compare_levels
>>> cmp = compare_levels(Scenario(segments=(Segment(name="smb", n_customers=30),)),
...                      engine="analytic")
>>> fig = plot_value_by_level(cmp.summary)
>>> fig.axes[0].get_ylabel()
'value per customer (present value, currency)'

For a projector or a page, one panel per segment, each on its own scale:

>>> from crmsim.analysis.luxury import assess_comparison
>>> verdicts = assess_comparison(cmp).verdicts
>>> fig = plot_value_by_segment(cmp.summary, verdicts=verdicts)
>>> [t.get_text() for t in fig.axes[0].texts if t.get_text() == "luxurious"]
['luxurious', 'luxurious']
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import collections as mcoll
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke
from matplotlib.text import Annotation, Text

from crmsim.common.numbers import format_number, short_number
from crmsim.language.translate import (
    column_label,
    get_language,
    level_label,
    segment_label,
    state_label,
    tr,
    verdict_label,
)
from crmsim.scenario.states import STATES
from crmsim.views.style import STATE_COLOURS, language_style, level_colour, number_ticks

__all__ = [
    "cumulative_profit_by_level",
    "label_bars",
    "occupancy_by_state",
    "plot_cumulative_profit",
    "plot_cumulative_profit_by_segment",
    "plot_occupancy",
    "plot_occupancy_by_level",
    "plot_value_by_level",
    "plot_value_by_segment",
    "restack_occupancy",
]

# the areas of a stack plot take new outlines in place where matplotlib can (3.11: fill_between
# areas with set_data, and data limits recomputed from collections)
_FILL_AREA = (getattr(mcoll, "FillBetweenPolyCollection", None)
              if mpl.__version_info__ >= (3, 11) else None)


def _axes(ax: Axes | None, figsize=(9, 5)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def occupancy_by_state(occupancy: pd.DataFrame) -> pd.DataFrame:
    """Customers per month (rows) and lifecycle state (columns, in the order of
    :data:`crmsim.scenario.states.STATES`), summed over the other columns: what
    :func:`plot_occupancy` stacks.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": [0, 0, 0, 1, 1], "segment": ["a", "b", "a", "a", "a"],
    ...                       "state": ["new", "new", "loyal", "new", "loyal"],
    ...                       "customers": [1.0, 2.0, 0.0, 1.0, 4.0]})
    >>> occupancy_by_state(frame)[["new", "loyal", "lost"]].to_numpy().tolist()
    [[3.0, 0.0, 0.0], [1.0, 4.0, 0.0]]
    """
    summed = occupancy.groupby(["month", "state"])["customers"].sum()
    return summed.unstack("state").reindex(columns=list(STATES), fill_value=0)


def plot_occupancy(occupancy: pd.DataFrame, *, title: str | None = None,
                   ax: Axes | None = None) -> Figure:
    """Stacked area of customers per lifecycle state over the months (summed over segments).

    Parameters
    ----------
    occupancy : DataFrame
        month, state, customers (other columns are summed over).
    """
    with language_style():
        fig, ax = _axes(ax)
        table = _stack(ax, occupancy, labels=True)
        ax.set_xlabel(tr("axis.month"))
        ax.set_ylabel(tr("axis.customers"))
        ax.set_title(title or tr("plots.occupancy.title"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.set_xlim(table.index.min(), table.index.max())
    return fig


def restack_occupancy(ax: Axes, occupancy: pd.DataFrame) -> None:
    """Set the stacked areas :func:`plot_occupancy` drew on ``ax`` to those of
    ``occupancy``, keeping its labels, title and legend (a redraw without rebuilding the axes).

    The areas keep their artists and take the new outlines in place (as many states, the same
    colours); the limits are those :func:`plot_occupancy` would set: the months, and
    customers from 0.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> frame = pd.DataFrame({"month": [0, 0, 1, 1], "state": ["new", "loyal"] * 2,
    ...                       "customers": [1.0, 0.0, 1.0, 4.0]})
    >>> ax = plot_occupancy(frame).axes[0]
    >>> restack_occupancy(ax, frame.assign(customers=2 * frame["customers"]))
    >>> float(ax.dataLim.y1), ax.get_legend() is not None
    (10.0, True)
    """
    table = occupancy_by_state(occupancy)
    areas = [c for c in ax.collections if _FILL_AREA and isinstance(c, _FILL_AREA)]
    if areas and len(areas) == len(table.columns) == len(ax.collections):
        # the bounds stackplot fills between: 0, then the running totals state by state
        y = table.to_numpy().T
        tops = np.cumsum(y, axis=0, dtype=np.promote_types(y.dtype, np.float32))
        for area, bottom, top in zip(areas, [0.0, *tops[:-1]], tops, strict=True):
            area.set_data(table.index, bottom, top)
        ax.relim()  # the areas alone set the data limits
        ax.autoscale_view()
    else:  # other states drawn (or none): new areas
        for collection in list(ax.collections):
            collection.remove()
        ax.ignore_existing_data_limits = True  # the new areas alone set the data limits
        _stack(ax, occupancy, labels=False)
    ax.set_xlim(table.index.min(), table.index.max())


def _stack(ax: Axes, occupancy: pd.DataFrame, *, labels: bool) -> pd.DataFrame:
    table = occupancy_by_state(occupancy)
    ax.stackplot(table.index, table.to_numpy().T,
                 labels=[state_label(s) for s in table.columns] if labels else (),
                 colors=[STATE_COLOURS[s] for s in table.columns])
    return table


def plot_value_by_level(summary: pd.DataFrame, *, column: str = "value_per_customer",
                        interval: tuple[str, str] | None = None,
                        ax: Axes | None = None) -> Figure:
    """Grouped bars: one group per segment, one bar per level (level colours).

    ``interval`` names the columns of a lower and upper bound, drawn as error bars.
    """
    with language_style():
        fig, ax = _axes(ax)
        segments = list(dict.fromkeys(summary["segment"]))
        levels = list(dict.fromkeys(summary["level"]))
        width = 0.8 / max(len(levels), 1)
        x = np.arange(len(segments))
        for k, level in enumerate(levels):
            rows = summary[summary["level"] == level].set_index("segment").reindex(segments)
            errors = None
            if interval is not None:
                mean = rows[column].to_numpy()
                errors = np.nan_to_num(np.vstack([mean - rows[interval[0]].to_numpy(),
                                                  rows[interval[1]].to_numpy() - mean]))
            ax.bar(x + (k - (len(levels) - 1) / 2) * width, rows[column], width, yerr=errors,
                   capsize=4 if errors is not None else 0, label=level_label(level),
                   color=level_colour(level, k))
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xticks(x, [segment_label(s) for s in segments])
        ax.set_xlabel(tr("axis.segment"))
        ax.set_ylabel(tr("plots.value_by_level.ylabel")
                      if column == "value_per_customer" else column_label(column))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("plots.value_by_level.title"))
        ax.legend(title=tr("legend.level"), frameon=False)
    return fig


def label_bars(ax: Axes) -> list[Text]:
    """Write each bar's value on the bars of ``ax`` (:func:`crmsim.common.numbers.format_number`),
    so a room reads the values without an axis.

    A label reads its bar's height whenever the figure is drawn (a bar set to another height
    shows its new value) and is placed then, at the size the bar is drawn: across when it is
    no wider than the bar, else upright; inside the bar's end when the bar is long enough
    (in black or white, whichever stands out on the bar), else just beyond it: above a
    positive bar, below a negative one. When one value is too long for both places, the
    values of the axes are all shortened (2.31M, in Chinese 231万;
    :func:`crmsim.common.numbers.short_number`) rather than run across the zero line; a
    short value still too long lies on the bar from its end, outlined. The axis gets room
    for labels beyond the bars.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, ax = plt.subplots()
    >>> bars = ax.bar([0, 1], [1250.0, -40.0])
    >>> labels = label_bars(ax)
    >>> bars[0].set_height(1500.0)
    >>> fig.canvas.draw()  # placed, and read off their bars, when drawn
    >>> [t.get_text() for t in labels]
    ['1,500', '-40']
    """
    values = _BarValues()
    labels = [_BarValue(bar, values) for container in ax.containers
              if isinstance(container, BarContainer) for bar in container]
    values.labels = labels
    for label in labels:
        ax.add_artist(label)
    ax.margins(y=0.12)
    return labels


class _BarValues:
    """The value labels of one axes' bars: all in full, or all shortened when one of them
    fits neither in nor beyond its bar (so the numbers read alike)."""

    def __init__(self) -> None:
        self.labels: list[_BarValue] = []
        self._drawn: tuple | None = None  # what the choice was made for
        self._short = False

    def short(self, renderer) -> bool:
        """Whether the labels are shortened, for the bars as they are drawn now."""
        shown = [label for label in self.labels if label.bar.get_visible()]
        drawn = (id(renderer), tuple(label.bar.get_window_extent(renderer).bounds
                                     for label in shown))
        if drawn != self._drawn:
            self._drawn = drawn
            self._short = not all(label.fits(label.full_text(), renderer)[0] for label in shown)
        return self._short


class _BarValue(Annotation):
    """The value of one bar, placed on it when drawn (see :func:`label_bars`): at the bar's
    end (data coordinates), a few points inside or beyond it."""

    _PAD_POINTS = 3.0

    def __init__(self, bar, values: _BarValues) -> None:
        super().__init__(format_number(bar.get_height()), (0.0, 0.0), xytext=(0.0, 0.0),
                         textcoords="offset points", ha="center",
                         fontsize=mpl.rcParams["axes.labelsize"], annotation_clip=False)
        self.bar = bar
        self.group = values
        self.chinese = get_language() == "zh"  # the language the figure is made in
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        if renderer is not None and self.get_visible() and self.bar.get_visible():
            self.place(renderer)
        super().draw(renderer)

    def full_text(self) -> str:
        return format_number(self.bar.get_height())

    def fits(self, text: str, renderer) -> tuple[bool, bool]:
        """Set ``text``, across or upright as the bar's width allows; whether it fits
        beside the bar's end (inside or beyond), and whether inside."""
        bar = self.bar
        box = bar.get_window_extent(renderer)
        room = self.axes.get_window_extent(renderer)
        pad = renderer.points_to_pixels(self._PAD_POINTS)
        self.set_text(text)
        self.set_rotation(0)
        if Text.get_window_extent(self, renderer).width > box.width:
            self.set_rotation(90)
        length = Text.get_window_extent(self, renderer).height + pad
        end = box.y1 if bar.get_height() >= 0 else box.y0
        beyond = room.y1 - end if bar.get_height() >= 0 else end - room.y0  # past its end
        within = length + pad <= box.height
        return within or length <= beyond, within

    def place(self, renderer) -> None:
        """Text, direction, position and colour for the bar as it is drawn now."""
        bar = self.bar
        value = bar.get_height()
        self.set_path_effects([])
        text = self.full_text()
        if self.group.short(renderer):
            text = short_number(value, chinese=self.chinese)
        fits, within = self.fits(text, renderer)
        inside = within or not fits
        up = value >= 0
        outward = 1.0 if up else -1.0
        self.set_verticalalignment("top" if up == inside else "bottom")
        self.xy = (bar.get_x() + 0.5 * bar.get_width(), bar.get_y() + value)
        self.xyann = (0.0, (-1.0 if inside else 1.0) * outward * self._PAD_POINTS)
        shade = np.dot(to_rgb(bar.get_facecolor()), (0.299, 0.587, 0.114))
        if not inside:
            self.set_color(mpl.rcParams["text.color"])
        elif within:
            self.set_color("white" if shade < 0.55 else "black")
        else:  # too long for the bar and for the room past it: from its end on, outlined
            self.set_color("black")
            self.set_path_effects([withStroke(linewidth=3, foreground="white")])


def cumulative_profit_by_level(cash_flows: pd.DataFrame) -> dict[str, pd.Series]:
    """Cumulative discounted profit by month (all segments), per level in the order the
    levels first appear: the lines of :func:`plot_cumulative_profit`.

    Examples
    --------
    >>> frame = pd.DataFrame({"level": ["a", "a", "b"], "month": [1, 0, 0],
    ...                       "discounted_profit": [2.0, 1.0, 5.0]})
    >>> {k: v.tolist() for k, v in cumulative_profit_by_level(frame).items()}
    {'a': [1.0, 3.0], 'b': [5.0]}
    """
    by_level = cash_flows.groupby(["level", "month"], sort=False)["discounted_profit"].sum()
    return {level: by_level.loc[level].sort_index().cumsum()
            for level in dict.fromkeys(cash_flows["level"])}


def plot_cumulative_profit(cash_flows: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Cumulative discounted profit over the months, one line per level (all segments)."""
    with language_style():
        fig, ax = _axes(ax)
        for k, (level, series) in enumerate(cumulative_profit_by_level(cash_flows).items()):
            ax.plot(series.index, series.to_numpy(), label=level_label(level),
                    color=level_colour(level, k), linewidth=2.5)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xlabel(tr("axis.month"))
        ax.set_ylabel(tr("plots.cumulative_profit.ylabel"))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("plots.cumulative_profit.title"))
        ax.legend(title=tr("legend.level"), frameon=False)
    return fig


def _grid(n: int, *, width: float = 11.0, panel_height: float = 3.6,
          sharey: bool = False) -> tuple[Figure, list[Axes]]:
    """``n`` panels in two columns (one when ``n`` is 1), sized for a 16:9 slide or a page."""
    cols = 1 if n == 1 else 2
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width, 0.8 + panel_height * rows),
                             sharey=sharey, layout="constrained", squeeze=False)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _value_label(fig: Figure, axes: list[Axes], label: str) -> None:
    """The value axis' label of a :func:`_grid`: on the one row's first panel, or once for
    the figure when panels are stacked (a label per panel would run into the next)."""
    if len(axes) > 2:
        fig.supylabel(label)
    else:
        axes[0].set_ylabel(label)


def _luxurious_levels(verdicts: pd.DataFrame | None, segment: str) -> set[str]:
    if verdicts is None or not len(verdicts):
        return set()
    rows = verdicts[(verdicts["segment"] == segment) & (verdicts["verdict"] == "luxurious")]
    return set(rows["level"])


def plot_value_by_segment(summary: pd.DataFrame, *, column: str = "value_per_customer",
                          interval: tuple[str, str] | None = None,
                          verdicts: pd.DataFrame | None = None,
                          title: str | None = None) -> Figure:
    """One panel per segment, one bar per level, each panel on its own scale.

    A segment worth 200 a customer and one worth 500,000 are both readable, and every bar
    carries its value. With ``verdicts`` (of :func:`crmsim.analysis.luxury.assess_levels`),
    the levels whose step up is luxurious say so under their value, and a note under the
    panels explains the mark (only when a level carries it).

    Parameters
    ----------
    summary : DataFrame
        segment, level and ``column`` (and the ``interval`` columns, drawn as error bars).
    verdicts : DataFrame, optional
        segment, level, verdict.
    """
    with language_style():
        segments = list(dict.fromkeys(summary["segment"]))
        fig, axes = _grid(len(segments))
        for ax, segment in zip(axes, segments, strict=True):
            rows = summary[summary["segment"] == segment]
            levels = list(rows["level"])
            values = rows[column].to_numpy(dtype=float)
            errors = None
            ends = values  # where each bar's label goes: past its whisker, if any
            if interval is not None:
                errors = np.nan_to_num(np.vstack([values - rows[interval[0]].to_numpy(),
                                                  rows[interval[1]].to_numpy() - values]))
                ends = np.where(values >= 0, values + errors[1], values - errors[0])
            x = np.arange(len(levels))
            ax.bar(x, values, 0.7, yerr=errors, capsize=5 if errors is not None else 0,
                   color=[level_colour(level, k) for k, level in enumerate(levels)])
            ax.axhline(0.0, color="black", linewidth=0.8)
            luxurious = _luxurious_levels(verdicts, segment)
            span = max(float(np.nanmax(np.abs(ends))), 1e-9)
            for k, (level, value, end) in enumerate(zip(levels, values, ends, strict=True)):
                label = format_number(round(value))
                above = value >= 0
                ax.annotate(label, (k, end), xytext=(0, 4 if above else -4),
                            textcoords="offset points", ha="center",
                            va="bottom" if above else "top", fontweight="bold")
                if level in luxurious:
                    ax.annotate(verdict_label("luxurious"), (k, end),
                                xytext=(0, 20 if above else -20), textcoords="offset points",
                                ha="center", va="bottom" if above else "top",
                                color="#b3261e", fontstyle="italic")
            bottom, top = ax.get_ylim()
            ax.set_ylim(min(bottom, -0.05 * span) - 0.3 * span * (bottom < 0),
                        max(top, 0.05 * span) + 0.3 * span * (top > 0))
            ax.set_xticks(x, [level_label(level) for level in levels])
            ax.yaxis.set_major_formatter(number_ticks())
            ax.set_title(segment_label(segment), fontweight="bold")
            ax.grid(axis="x", visible=False)
        _value_label(fig, axes, tr("plots.value_by_level.ylabel"))
        fig.suptitle(title or tr("plots.value_by_level.title"))
        if any(_luxurious_levels(verdicts, segment) for segment in segments):
            fig.supxlabel(tr("plots.luxurious_note"), color="#b3261e", fontstyle="italic")
    return fig


def plot_cumulative_profit_by_segment(cash_flows: pd.DataFrame, *,
                                      title: str | None = None) -> Figure:
    """Cumulative discounted profit over the months: one panel per segment, a line per level.

    Each panel has its own scale with full numbers (thousands separators, no offset).
    """
    with language_style():
        segments = list(dict.fromkeys(cash_flows["segment"]))
        levels = list(dict.fromkeys(cash_flows["level"]))
        fig, axes = _grid(len(segments), panel_height=3.3)
        totals = cash_flows.groupby(["segment", "level", "month"], sort=False)[
            "discounted_profit"].sum()
        for ax, segment in zip(axes, segments, strict=True):
            for k, level in enumerate(levels):
                if (segment, level) not in totals.index.droplevel("month"):
                    continue
                series = totals.loc[(segment, level)].sort_index().cumsum()
                ax.plot(series.index, series.to_numpy(), label=level_label(level),
                        color=level_colour(level, k), linewidth=2.5)
            ax.axhline(0.0, color="black", linewidth=0.8)
            ax.yaxis.set_major_formatter(number_ticks())
            ax.set_title(segment_label(segment), fontweight="bold")
            ax.set_xlabel(tr("axis.month"))
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels),
                   frameon=False)
        _value_label(fig, axes, tr("plots.cumulative_profit.ylabel"))
        fig.suptitle(title or tr("plots.cumulative_profit.title"))
    return fig


def plot_occupancy_by_level(occupancy: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Customers per lifecycle state over the months, one panel per level, in a grid.

    ``occupancy`` has a ``level`` column (e.g. :attr:`LevelComparison.occupancy`); the panels
    share one scale and one legend.
    """
    with language_style():
        levels = list(dict.fromkeys(occupancy["level"]))
        fig, axes = _grid(len(levels), panel_height=3.2, sharey=True)
        for ax, level in zip(axes, levels, strict=True):
            plot_occupancy(occupancy[occupancy["level"] == level], title=level_label(level),
                           ax=ax)
            ax.get_legend().remove()
            ax.title.set_fontweight("bold")
            ax.yaxis.set_major_formatter(number_ticks())
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels),
                   frameon=False)
        fig.suptitle(title or tr("plots.occupancy.title"))
    return fig
