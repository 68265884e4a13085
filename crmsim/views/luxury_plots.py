"""Figures for luxury verdicts, frontier maps, break-evens, experiments and sensitivity.

Every function returns a :class:`matplotlib.figure.Figure`, draws with
:func:`crmsim.views.style.classroom_style` (large type, readable when projected, fonts for the
current display language of :mod:`crmsim.language.translate`) and colours each level with
:data:`crmsim.views.style.LEVEL_COLOURS`, the same in every figure. Pass ``ax=`` to draw into an
existing axes where offered.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.luxury import luxury_verdicts
>>> fig = plot_verdicts(luxury_verdicts(Scenario(segments=(Segment(name="typical"),))))
>>> fig.axes[0].get_ylabel()
'present value per customer (currency)'
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import QuadMesh
from matplotlib.colors import ListedColormap
from matplotlib.contour import ContourSet
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.ticker import Locator, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from crmsim.common.numbers import format_number
from crmsim.language.translate import (
    column_label,
    level_label,
    parameter_label,
    quantity_label,
    segment_label,
    tr,
    verdict_label,
)
from crmsim.views.style import classroom_style, level_colour, number_ticks

__all__ = [
    "plot_break_even",
    "plot_frontier",
    "plot_frontier_check",
    "plot_luxury_ratio",
    "plot_portfolio",
    "plot_replications",
    "plot_sobol",
    "plot_sweep",
    "plot_tornado",
    "plot_verdicts",
    "refresh_break_even",
    "refresh_frontier",
]

_ORDER = ("transactional", "preferred", "partnership", "alliance")


def _colour(level: str, levels=_ORDER) -> str:
    levels = list(levels)
    return level_colour(level, levels.index(level) if level in levels else 0)


def _axes(ax, figsize=(9, 5.5)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    return ax.figure, ax


def _step(cheaper: str, level: str, sep: str = " → ") -> str:
    return f"{level_label(cheaper)}{sep}{level_label(level)}"


def plot_verdicts(verdicts: pd.DataFrame, *, segment: str | None = None, ax=None):
    """Extra cost against extra return of each step up the ladder, with the verdict.

    Bars are coloured by the level stepped up to (hatched: cost, solid: return); whiskers
    show bootstrap intervals of the extra profit when the verdicts come from simulation.
    """
    with classroom_style():
        segs = list(dict.fromkeys(verdicts["segment"]))
        segment = segment or segs[0]
        rows = verdicts[verdicts["segment"] == segment].reset_index(drop=True)
        fig, ax = _axes(ax)
        x = np.arange(len(rows))
        width = 0.38
        for i, row in rows.iterrows():
            colour = _colour(row["level"])
            ax.bar(x[i] - width / 2, row["extra_cost"], width, color="white",
                   edgecolor=colour, hatch="//", linewidth=2)
            ax.bar(x[i] + width / 2, row["extra_return"], width, color=colour)
            top = max(row["extra_cost"], row["extra_return"], 0.0)
            low, high = row.get("extra_profit_low"), row.get("extra_profit_high")
            whisker = low is not None and np.isfinite(low)
            if whisker:  # the label goes over the whisker too
                top = max(top, row["extra_return"] + high - row["extra_profit"])
            ratio = row["luxury_ratio"]
            ratio_text = "" if not np.isfinite(ratio) else "\n" + tr(
                "luxury.ratio", ratio=format_number(ratio, digits=2, significant=True))
            ax.annotate(f"{verdict_label(row['verdict'])}{ratio_text}", (x[i], top),
                        ha="center",
                        va="bottom", xytext=(0, 4), textcoords="offset points",
                        fontweight="bold")
            if whisker:
                mid = row["extra_return"]
                ax.errorbar(x[i] + width / 2, mid, yerr=[[row["extra_profit"] - low],
                            [high - row["extra_profit"]]], color="black", capsize=6)
        ax.axhline(0, color="black", linewidth=0.8)
        bottom, top = ax.get_ylim()  # room for the two-line labels over the tallest bar
        ax.set_ylim(bottom, top + 0.2 * (top - bottom))
        ax.set_xticks(x, [_step(r.cheaper_level, r.level, " →\n") for r in rows.itertuples()])
        ax.set_ylabel(tr("luxury_plots.verdicts.ylabel"))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("luxury_plots.verdicts.title", segment=segment_label(segment)))
        ax.legend(handles=[Patch(facecolor="white", edgecolor="black", hatch="//",
                                 label=tr("luxury.extra_cost")),
                           Patch(facecolor="grey", label=tr("luxury.extra_return"))],
                  loc="best")
    return fig


def plot_luxury_ratio(verdicts: pd.DataFrame, *, ax=None):
    """Luxury ratio (extra cost ÷ extra return) per segment and step, log scale, 1 marked."""
    with classroom_style():
        fig, ax = _axes(ax, figsize=(9, 1.2 + 0.6 * len(verdicts)))
        labels = []
        for i, row in enumerate(verdicts.itertuples()):
            ratio = row.luxury_ratio if np.isfinite(row.luxury_ratio) else np.nan
            ax.plot(ratio, i, "o", markersize=12, color=_colour(row.level))
            low = getattr(row, "ratio_low", np.nan)
            high = getattr(row, "ratio_high", np.nan)
            if np.isfinite(low) and np.isfinite(high):
                ax.hlines(i, max(low, 1e-3), high, color=_colour(row.level), linewidth=3)
            labels.append(tr("luxury_plots.ratio.row", segment=segment_label(row.segment),
                             step=_step(row.cheaper_level, row.level),
                             verdict=verdict_label(row.verdict)))
        ax.axvline(1.0, color="black", linestyle="--")
        ax.set_xscale("log")
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlabel(tr("luxury_plots.ratio.xlabel"))
        ax.set_title(tr("luxury_plots.ratio.title"))
    return fig


def plot_frontier(fmap, *, ax=None, show_luxury: bool = True):
    """Best level over the two map parameters; dashed lines where deep levels start paying.

    Filled colours: the level earning most per customer. Dashed lines (in the level's
    colour, outlined in black) bound the region where partnership, and alliance, pay against
    the next cheaper level; outside them these levels are luxurious. Between the grid's
    points each level's value is read off the plane through its four neighbours (bilinear
    interpolation), and the colours and the dashed lines are drawn from those same values, so
    an edge runs where its colours meet. The title names the levels with a dashed edge, and
    says so of a level that pays nowhere (or everywhere) on the map, which has no edge to
    draw. The legend sits under the map, hiding none of it. :func:`refresh_frontier` sets the
    drawing to another map of the same grid.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.analysis.frontier import frontier_map
    >>> fmap = frontier_map(Scenario(segments=(Segment(name="typical"),)), n_points=5)
    >>> ax = plot_frontier(fmap).axes[0]
    >>> [t.get_text() for t in ax.get_legend().get_texts()] == [
    ...     level_label(fmap.levels[i]) for i in sorted(set(fmap.best_index.flat))]
    True
    """
    with classroom_style():
        fig, ax = _axes(ax, figsize=(8, 6.5))
        levels = list(fmap.levels)
        cmap = ListedColormap([_colour(lv, levels) for lv in levels])
        fine_x, fine_y, fine_value = _fine_values(fmap)
        ax.pcolormesh(
            _cell_edges(fine_x, fmap.x),
            _cell_edges(fine_y, fmap.y),
            np.argmax(fine_value, axis=-1),
            cmap=cmap,
            vmin=-0.5,
            vmax=len(levels) - 0.5,
            rasterized=True,
        )
        # at most five steps, fewer on a panel too small for their labels; the labels'
        # size is fixed here, so the room is reckoned with the size they are drawn at
        for axis in ("x", "y"):
            ax.tick_params(axis=axis, labelsize=mpl.rcParams[f"{axis}tick.labelsize"])
        ax.xaxis.set_major_locator(_FittingTicks(5))
        ax.yaxis.set_major_locator(_FittingTicks(5))
        _frontier_texts(ax, fmap, show_luxury)
        _luxury_contours(ax, fmap, fine_x, fine_y, fine_value, show_luxury)
        _frontier_legend(ax, fmap)
        ax.grid(False)
    return fig


# points of the finer grid the map is drawn on, along each axis (at least): enough that
# its cells are a pixel or two wide on a projected map, few enough to draw quickly
_FINE_POINTS = 200


def _fine_values(fmap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The map's axes on a finer grid holding every point of the map, and each level's
    value per customer there, bilinearly interpolated (shape (n_y, n_x, n_levels)).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> toy = SimpleNamespace(x=np.array([0.0, 1.0]), y=np.array([0.0, 1.0]),
    ...                       value=np.array([[[0.0], [1.0]], [[2.0], [3.0]]]))
    >>> x, y, value = _fine_values(toy)
    >>> len(x), float(x[100]), float(value[100, 100, 0])  # the middle: the mean of four
    (201, 0.5, 1.5)
    """
    from scipy.interpolate import RegularGridInterpolator

    x, y = np.asarray(fmap.x, dtype=float), np.asarray(fmap.y, dtype=float)
    fine_x, fine_y = _finer(x), _finer(y)
    grid_y, grid_x = np.meshgrid(fine_y, fine_x, indexing="ij")
    interpolate = RegularGridInterpolator((y, x), np.asarray(fmap.value, dtype=float))
    return fine_x, fine_y, interpolate((grid_y, grid_x))


def _cell_edges(fine: np.ndarray, values) -> np.ndarray:
    """Edges of the cells around the points ``fine``: halfway between two, and half a step
    of the map's own points ``values`` beyond the first and the last (the map reaches as
    far as around its points, and the ticks at its ends stay inside the axes).

    Examples
    --------
    >>> _cell_edges(np.array([0.0, 0.5, 1.0]), [0.0, 1.0]).tolist()
    [-0.5, 0.25, 0.75, 1.5]
    """
    values = np.asarray(values, dtype=float)
    first, last = (values[1] - values[0], values[-1] - values[-2]) if len(values) > 1 else (1, 1)
    return np.concatenate([[fine[0] - first / 2], 0.5 * (fine[1:] + fine[:-1]),
                           [fine[-1] + last / 2]])


def _finer(values: np.ndarray) -> np.ndarray:
    """``values`` with evenly spaced points between each two (every value kept)."""
    if len(values) < 2:
        return values
    per_step = -(-_FINE_POINTS // (len(values) - 1))
    steps = np.linspace(0.0, 1.0, per_step, endpoint=False)
    inner = values[:-1, None] + steps[None, :] * np.diff(values)[:, None]
    return np.append(inner.ravel(), values[-1])


class _FittingTicks(Locator):
    """Round ticks, at most ``most`` steps apart and fewer when the axis is too short for
    their labels side by side (matplotlib's room estimate from the axis length in points and
    the tick labels' size: three sizes a label across, two up)."""

    def __init__(self, most: int) -> None:
        self.most = most

    def __call__(self):
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin, vmax):
        room = self.axis.get_tick_space() if self.axis is not None else self.most
        nbins = max(1, min(self.most, room))
        return MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)


def refresh_frontier(ax, fmap, *, show_luxury: bool = True) -> bool:
    """Set the map :func:`plot_frontier` drew on ``ax`` to ``fmap`` in place: the colours,
    the dashed contours, the legend, the labels and the title (a redraw without rebuilding
    the axes).

    ``fmap`` is a map over the grid and levels of the map drawn (of another segment, or
    with other fixed parameters). Returns False, leaving ``ax`` as it was, when ``ax`` holds
    no map with as many points (draw the map anew then).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.analysis.frontier import frontier_map
    >>> alone = Scenario(segments=(Segment(name="typical"),))
    >>> ax = plot_frontier(frontier_map(alone, n_points=4)).axes[0]
    >>> refresh_frontier(ax, frontier_map(alone, n_points=4, fixed={"mutual_need": 0.2}))
    True
    """
    mesh = next((c for c in ax.collections if isinstance(c, QuadMesh)), None)
    fine_x, fine_y, fine_value = _fine_values(fmap)
    if mesh is None or np.shape(mesh.get_array()) != fine_value.shape[:2]:
        return False
    with classroom_style():
        mesh.set_array(np.argmax(fine_value, axis=-1))
        for contours in [c for c in ax.collections if isinstance(c, ContourSet)]:
            contours.remove()
        _frontier_texts(ax, fmap, show_luxury)
        _luxury_contours(ax, fmap, fine_x, fine_y, fine_value, show_luxury)
        if _legend_texts(ax) != [label for _i, label in _frontier_levels(fmap)]:
            _frontier_legend(ax, fmap)  # other levels on the map
    return True


def _where_pays(fmap) -> list[tuple[str, str]]:
    """Each level deeper than the second with where it pays on the map: ``"edge"`` (a dashed
    line bounds the region), ``"nowhere"`` or ``"everywhere"`` (no line to draw)."""
    where = []
    for lv in list(fmap.levels)[2:]:
        share = float(fmap.pays(lv).mean())
        where.append((lv, "nowhere" if share == 0 else "everywhere" if share == 1 else "edge"))
    return where


def _where_pays_lines(fmap) -> list[str]:
    """The title's lines on where the deeper levels pay: the dashed edge, or that there is
    none because the level pays nowhere (or everywhere) on the map."""
    lines = []
    for case in ("edge", "nowhere", "everywhere"):
        labels = [level_label(lv) for lv, found in _where_pays(fmap) if found == case]
        if not labels:
            continue
        listed = tr("report.list_sep").join(labels[:-1])
        lines.append(tr(f"luxury_plots.frontier.{case}" + ("_many" if listed else ""),
                        levels=listed + tr("report.and") + labels[-1] if listed
                        else labels[-1]))
    return lines


def _luxury_contours(ax, fmap, fine_x, fine_y, fine_value, show_luxury: bool) -> None:
    """The dashed bounds of the regions where partnership and alliance pay: where the
    interpolated values of the level and the next cheaper one (:func:`_fine_values`) meet,
    so that the line runs where the colours change between these two levels."""
    if not show_luxury:
        return
    levels = list(fmap.levels)
    # on to the map's outer edges, where the colours are those of the outermost points
    xs, ys = (np.concatenate([[edges[0]], fine, [edges[-1]]]) for edges, fine in (
        (_cell_edges(fine_x, fmap.x), fine_x), (_cell_edges(fine_y, fmap.y), fine_y)))
    for i, (lv, found) in enumerate(_where_pays(fmap), start=2):
        if found == "edge":
            contours = ax.contour(
                xs,
                ys,
                np.pad(fine_value[..., i] - fine_value[..., i - 1], 1, mode="edge"),
                levels=[0.0],
                colors=[_colour(lv, levels)],
                linestyles="--",
                linewidths=2.0,
            )
            # one dashed line, each dash outlined in black: readable on any colour
            contours.set_path_effects([withStroke(linewidth=4.0, foreground="black")])


def _frontier_levels(fmap) -> list[tuple[int, str]]:
    """Index and label of each level present on the map, as the legend lists them."""
    present = sorted(set(fmap.best_index.ravel().tolist()))
    return [(i, level_label(fmap.levels[i])) for i in present]


def _frontier_legend(ax, fmap) -> None:
    """The levels' colours in a row or two under the map's axis label (the map's title
    names what the colours are), so the legend covers no part of the map at any size."""
    levels = list(fmap.levels)
    present = _frontier_levels(fmap)
    ax.legend(
        handles=[Patch(color=_colour(levels[i], levels), label=label) for i, label in present],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=ax.transAxes
        + ScaledTranslation(0.0, -_under_x_label(ax) / 72, ax.figure.dpi_scale_trans),
        ncols=len(present) if len(present) <= 2 else 2,
        frameon=False,
        handlelength=1.2,
        borderaxespad=0.0,
    )


def _under_x_label(ax) -> float:
    """Points from the bottom of ``ax`` to below its x tick labels and x label, from the
    sizes of the current style."""
    rc = mpl.rcParams
    tick = FontProperties(size=rc["xtick.labelsize"]).get_size_in_points()
    label = FontProperties(size=rc["axes.labelsize"]).get_size_in_points()
    lines = max(1, len(ax.get_xlabel().splitlines()))
    return (max(rc["xtick.major.size"], 0.0) + rc["xtick.major.pad"] + 1.25 * tick
            + rc["axes.labelpad"] + 1.25 * label * lines + 0.3 * label)


def _legend_texts(ax) -> list[str] | None:
    legend = ax.get_legend()
    return None if legend is None else [t.get_text() for t in legend.get_texts()]


def _frontier_texts(ax, fmap, show_luxury: bool) -> None:
    ax.set_xlabel(parameter_label(fmap.x_path, unit=True))
    ax.set_ylabel(parameter_label(fmap.y_path, unit=True))
    fixed = tr("sep.list").join(
        f"{parameter_label(p, unit=True)} = {format_number(v)}"
        if isinstance(v, float | int)
        else f"{parameter_label(p)} = {v}"
        for p, v in fmap.fixed
    )
    ax.set_title(
        tr("luxury_plots.frontier.title", segment=segment_label(fmap.segment))
        + ("\n" + tr("luxury_plots.frontier.fixed", fixed=fixed) if fixed else "")
        + "".join("\n" + line for line in (_where_pays_lines(fmap) if show_luxury else []))
    )


def plot_frontier_check(table: pd.DataFrame, *, ax=None):
    """Analytic values (crosses) against Monte Carlo means with confidence bars, per point."""
    with classroom_style():
        fig, ax = _axes(ax)
        x_path, y_path = table.columns[:2]
        points = list(dict.fromkeys(zip(table[x_path], table[y_path], strict=True)))
        levels = list(dict.fromkeys(table["level"]))
        width = 0.8 / len(levels)
        for j, lv in enumerate(levels):
            rows = table[table["level"] == lv]
            xs = np.arange(len(points)) + (j - (len(levels) - 1) / 2) * width
            ax.errorbar(xs, rows["mc_mean"], yerr=[rows["mc_mean"] - rows["mc_low"],
                        rows["mc_high"] - rows["mc_mean"]], fmt="o", color=_colour(lv),
                        capsize=5, markersize=8,
                        label=tr("luxury_plots.check.legend", level=level_label(lv)))
            ax.plot(xs, rows["analytic_value"], "x", color="black", markersize=10)
        ax.set_xticks(range(len(points)),
                      [f"{parameter_label(x_path, unit=True)} {format_number(a)}\n"
                       f"{parameter_label(y_path, unit=True)} {format_number(b)}"
                       for a, b in points])
        ax.set_ylabel(tr("axis.value_per_customer"))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("luxury_plots.check.title"))
        ax.legend(loc="best")
    return fig


def plot_break_even(result, *, ax=None):
    """Extra profit of the level over the scanned parameter, with the break-even marked.

    :func:`refresh_break_even` sets the drawing to another result along the same parameter.
    """
    with classroom_style():
        fig, ax = _axes(ax)
        colour = _colour(result.level)
        ax.plot(result.grid, result.extra_profit, color=colour, linewidth=3)
        ax.axhline(0, color="black", linewidth=1)
        _break_even_marks(ax, result)
        xlabel, ylabel, _areas = _break_even_labels(result)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(result.statement)
    return fig


def refresh_break_even(ax, result) -> bool:
    """Set the drawing :func:`plot_break_even` made on ``ax`` to ``result`` in place: the
    curve, the shaded areas, the break-even lines, the limits and the title.

    Returns False, leaving ``ax`` as it was, when ``result`` is read along another parameter
    or between other levels (other labels: draw it anew then). The legend follows the areas
    the new curve has.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.analysis.break_even_points import break_even
    >>> alone = Scenario(segments=(Segment(name="typical"),))
    >>> ax = plot_break_even(break_even(alone, parameter="switching_cost")).axes[0]
    >>> needy = Scenario(segments=(Segment(name="typical", mutual_need=0.9),))
    >>> refresh_break_even(ax, break_even(needy, parameter="switching_cost"))
    True
    >>> refresh_break_even(ax, break_even(alone, parameter="mutual_importance"))
    False
    """
    xlabel, ylabel, areas = _break_even_labels(result)
    if (xlabel, ylabel) != (ax.get_xlabel(), ax.get_ylabel()) or not set(
            _legend_texts(ax) or ()) <= set(areas):
        return False
    with classroom_style():
        curve, _zero, *marks = ax.lines
        curve.set_data(result.grid, result.extra_profit)
        for artist in [*ax.collections, *marks]:
            artist.remove()
        _break_even_marks(ax, result)
        ax.relim()
        ax.autoscale_view()
        ax.set_title(result.statement)
    return True


def _break_even_marks(ax, result) -> None:
    """The areas where the level pays (level colour) and where it is luxurious (grey), a
    dashed line at each break-even, and a legend of the areas the curve has (none empty)."""
    _xlabel, _ylabel, (pays, luxurious) = _break_even_labels(result)
    profit = np.asarray(result.extra_profit, dtype=float)
    for where, colour, label in ((profit > 0, _colour(result.level), pays),
                                 (profit < 0, "grey", luxurious)):
        if where.any():
            ax.fill_between(result.grid, profit, 0, where=where, color=colour, alpha=0.25,
                            label=label)
    for value in result.values:
        ax.axvline(value, color="black", linestyle="--")
    if ax.collections:
        ax.legend(loc="best")
    elif ax.get_legend() is not None:
        ax.get_legend().remove()


def _break_even_labels(result) -> tuple[str, str, tuple[str, str]]:
    """The x label, y label and the legend's two entries (where the level pays, where it is
    luxurious) of :func:`plot_break_even`."""
    label = level_label(result.level)
    return (
        parameter_label(result.parameter, unit=True),
        tr("luxury_plots.break_even.ylabel", cheaper=level_label(result.cheaper_level)),
        (tr("luxury_plots.break_even.pays", level=label),
         tr("luxury_plots.break_even.luxurious", level=label)),
    )


def plot_replications(frame: pd.DataFrame, *, segment: str | None = None,
                      confidence: float = 0.95, ax=None):
    """Value per customer of each plan across replications: runs, mean and CI."""
    from crmsim.analysis.experiments import mean_ci

    with classroom_style():
        fig, ax = _axes(ax)
        segment = segment or frame["segment"].iloc[0]
        rows = frame[frame["segment"] == segment]
        plans = list(dict.fromkeys(rows["plan"]))
        rng = np.random.default_rng(0)  # jitter only
        for i, plan in enumerate(plans):
            sel = rows[rows["plan"] == plan]
            colour = _colour(sel["level"].iloc[0])
            ax.plot(i + rng.uniform(-0.15, 0.15, len(sel)), sel["value_per_customer"], "o",
                    color=colour, alpha=0.35)
            mean, _, low, high = mean_ci(sel["value_per_customer"], confidence=confidence)
            ax.errorbar(i + 0.3, mean, yerr=[[mean - low], [high - mean]], fmt="D",
                        color=colour, capsize=8, markersize=10)
        ax.set_xticks(range(len(plans)), [level_label(p) for p in plans])
        ax.set_ylabel(tr("axis.value_per_customer"))
        ax.yaxis.set_major_formatter(number_ticks())
        n = rows["replication"].nunique()
        ax.set_title(tr("luxury_plots.replications.title", segment=segment_label(segment), n=n,
                        confidence=confidence))
    return fig


def plot_sweep(frame: pd.DataFrame, x: str, *, y: str = "value_per_customer",
               segment: str | None = None, ax=None):
    """Mean ``y`` per level against parameter ``x`` (with a 95 % band over replications)."""
    from crmsim.analysis.experiments import mean_ci

    with classroom_style():
        fig, ax = _axes(ax)
        segment = segment or frame["segment"].iloc[0]
        rows = frame[frame["segment"] == segment]
        for plan, sel in rows.groupby("plan", sort=False):
            stats = [(v, *mean_ci(g[y])) for v, g in sel.groupby(x)]
            xs = np.array([s[0] for s in stats], dtype=float)
            mean = np.array([s[1] for s in stats])
            colour = _colour(sel["level"].iloc[0])
            ax.plot(xs, mean, "-o", color=colour, linewidth=2.5, label=level_label(plan))
            low, high = np.array([s[3] for s in stats]), np.array([s[4] for s in stats])
            if np.isfinite(low).all():
                ax.fill_between(xs, low, high, color=colour, alpha=0.2)
        ax.set_xlabel(parameter_label(x, unit=True))
        ax.set_ylabel(column_label(y))
        ax.yaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("luxury_plots.sweep.title", segment=segment_label(segment),
                        quantity=quantity_label(y), parameter=parameter_label(x)))
        ax.legend(loc="best")
    return fig


def plot_tornado(frame: pd.DataFrame, *, level: str | None = None, ax=None):
    """Tornado: the output at each parameter's low and high value, widest swing on top.

    The output is named by ``frame.attrs["output"]`` (set by
    :func:`crmsim.analysis.sensitivity.tornado`) or a column ``output`` (the report's
    ``tornado.csv``); the extra profit's axis gives its unit and the step it measures.
    """
    with classroom_style():
        level = level or frame["level"].iloc[0]
        rows = frame[frame["level"] == level].reset_index(drop=True)
        fig, ax = _axes(ax, figsize=(9, 1.5 + 0.55 * len(rows)))
        base = rows["base"].iloc[0]
        colour = _colour(level)
        for i, row in rows.iterrows():
            ax.barh(i, row["output_low"] - base, left=base, color="white", edgecolor=colour,
                    hatch="//", linewidth=2)
            ax.barh(i, row["output_high"] - base, left=base, color=colour)
        ax.axvline(base, color="black")
        if frame.attrs.get("output") == "luxury_ratio":
            ax.axvline(1.0, color="black", linestyle="--")
        ax.set_yticks(range(len(rows)),
                      [f"{parameter_label(p, unit=True)} "
                       f"({format_number(lo)} / {format_number(hi)})"
                       for p, lo, hi in zip(rows["parameter"], rows["low"], rows["high"],
                                            strict=True)])
        ax.invert_yaxis()
        # the output: named in the frame's attrs, or in its column (as in tornado.csv)
        name = frame.attrs.get("output") or (
            str(frame["output"].iloc[0]) if "output" in frame else "output")
        output = quantity_label(name)
        # extra profit is money per customer of the step up from the next cheaper level;
        # any other output of money names the currency too
        if name == "extra_profit":
            xlabel = tr("luxury_plots.tornado.xlabel_extra", quantity=output,
                        level=level_label(level))
        else:
            xlabel = tr("luxury_plots.tornado.xlabel", quantity=column_label(name),
                        level=level_label(level))
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(number_ticks())
        ax.set_title(tr("luxury_plots.tornado.title", quantity=output))
    return fig


def plot_sobol(frame: pd.DataFrame, *, ax=None):
    """First-order (S1) and total (ST) Sobol indices with their confidence half-widths."""
    with classroom_style():
        fig, ax = _axes(ax, figsize=(9, 1.5 + 0.6 * len(frame)))
        y = np.arange(len(frame))
        ax.barh(y - 0.2, frame["S1"], 0.4, xerr=frame["S1_conf"], color="#1b9e77",
                label=tr("luxury_plots.sobol.first"), capsize=4)
        ax.barh(y + 0.2, frame["ST"], 0.4, xerr=frame["ST_conf"], color="#7570b3",
                label=tr("luxury_plots.sobol.total"), capsize=4)
        ax.set_yticks(y, [parameter_label(p) for p in frame["parameter"]])
        ax.invert_yaxis()
        ax.set_xlabel(tr("luxury_plots.sobol.xlabel"))
        output = quantity_label(frame.attrs.get("output", "output"))
        ax.set_title(tr("luxury_plots.sobol.title", quantity=output))
        ax.legend(loc="lower right")
    return fig


def plot_portfolio(frame: pd.DataFrame, *, top: int = 10, ax=None):
    """Total discounted profit of the best plans under staff capacity.

    Each bar is split into one coloured cell per segment showing its level; bars of plans
    that leave account-manager contacts unserved are labelled with the served share.
    """
    with classroom_style():
        rows = frame.head(top).reset_index(drop=True)
        segments = [c for c in frame.columns if c not in {
            "discounted_profit", "served_fraction", "rank", "individually_best"}]
        fig, ax = _axes(ax, figsize=(10, 1.5 + 0.6 * len(rows)))
        ax.barh(range(len(rows)), rows["discounted_profit"], color="#bbbbbb")
        right = rows["discounted_profit"].max()
        for i, row in rows.iterrows():
            for k, seg in enumerate(segments):
                ax.plot(right * (1.03 + 0.05 * k), i, "s", markersize=16,
                        color=_colour(row[seg]), clip_on=False)
            note = "" if row["served_fraction"] >= 0.999 else \
                "  " + tr("luxury_plots.portfolio.served", share=row["served_fraction"])
            star = "  " + tr("luxury_plots.portfolio.best") if row["individually_best"] else ""
            ax.annotate(note + star, (0, i), xytext=(4, 0), textcoords="offset points",
                        va="center")
        ax.set_yticks(range(len(rows)), [f"#{r}" for r in rows["rank"]])
        ax.invert_yaxis()
        ax.set_xlabel(tr("luxury_plots.portfolio.xlabel"))
        ax.xaxis.set_major_formatter(number_ticks())
        levels = list(dict.fromkeys(v for s in segments for v in rows[s]))
        ax.legend(handles=[Patch(color=_colour(lv), label=level_label(lv)) for lv in levels],
                  title=tr("luxury_plots.portfolio.legend",
                           segments=tr("sep.list").join(map(segment_label, segments))),
                  loc="lower right")
        ax.set_title(tr("luxury_plots.portfolio.title"))
    return fig
