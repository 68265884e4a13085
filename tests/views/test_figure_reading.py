"""Figures a projected room can read: the map's edges agree with its colours, legends hide
nothing of the map, and the dashboard's bars carry their values clear of each other."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.collections import QuadMesh
from matplotlib.contour import ContourSet

from crmsim.analysis.frontier import frontier_map
from crmsim.common.numbers import format_number, short_number
from crmsim.language.translate import use_language
from crmsim.scenario import preset
from crmsim.views.dashboard import Dashboard
from crmsim.views.luxury_plots import plot_frontier
from crmsim.views.style import classroom_style
from crmsim.views.widgets.luxury_map import luxury_map_explorer

FIXED = {"mutual_need": 0.75, "customer_power": 0.5, "annual_wallet": 1e6}


@pytest.fixture(scope="module")
def key_map():
    """The dashboard's map of the classroom's key accounts (preferred, then partnership)."""
    return frontier_map(preset("classroom"), segment="key accounts", n_points=15, fixed=FIXED)


def _overlap(a, b, slack: float = 1.0) -> bool:
    """Whether two boxes (pixels) share more than ``slack`` pixels each way."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > slack and min(a.y1, b.y1) - max(a.y0, b.y0) > slack


# -- the map's dashed edges ---------------------------------------------------------------
def _colour_at(mesh: QuadMesh, x: float, y: float) -> int:
    coords = mesh.get_coordinates()
    xs, ys = coords[0, :, 0], coords[:, 0, 1]
    i = np.clip(np.searchsorted(ys, y) - 1, 0, len(ys) - 2)
    j = np.clip(np.searchsorted(xs, x) - 1, 0, len(xs) - 2)
    return int(np.asarray(mesh.get_array()).reshape(len(ys) - 1, len(xs) - 1)[i, j])


def _edge_pieces(ax) -> list[np.ndarray]:
    """The vertices of each separate line of the map's dashed edges."""
    pieces = []
    for contours in (c for c in ax.collections if isinstance(c, ContourSet)):
        for path in contours.get_paths():
            starts = (
                np.flatnonzero(path.codes == path.MOVETO)
                if path.codes is not None
                else np.array([0])
            )
            pieces.extend(np.split(path.vertices, starts[1:]))
    return [p for p in pieces if len(p)]


def _edge_disagreements(ax, colours: set[int], near: float = 0.01) -> int:
    """Points of the dashed edges (vertices and the middles between them) that do not have
    both ``colours`` within ``near`` of the axes' span: where line and colours part."""
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    dx, dy = near * (x1 - x0), near * (y1 - y0)
    apart = 0
    for piece in _edge_pieces(ax):
        points = np.vstack([piece, 0.5 * (piece[1:] + piece[:-1])])
        for x, y in points:
            seen = {
                _colour_at(mesh, x + a, y + b)
                for a, b in ((0, 0), (dx, 0), (-dx, 0), (0, dy), (0, -dy))
            }
            apart += not colours <= seen
    return apart


def test_the_dashed_edge_is_one_line_where_the_colours_meet(key_map):
    ax = plot_frontier(key_map).axes[0]
    pieces = _edge_pieces(ax)
    assert len(pieces) == 1  # one line across the map, no loops at the cells' corners
    (line,) = pieces
    assert len(np.unique(np.round(line, 9), axis=0)) == len(line)  # never back on itself
    preferred, partnership = (key_map.levels.index(n) for n in ("preferred", "partnership"))
    assert _edge_disagreements(ax, {preferred, partnership}) == 0


def test_the_edge_check_catches_an_edge_cut_across_the_cells(key_map):
    """The map as drawn before: colour cells around the points and the dashed line of the
    0/1 'pays' grid, which cuts the cells' corners, away from where the colours change."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.pcolormesh(key_map.x, key_map.y, key_map.best_index, shading="nearest")
    ax.contour(key_map.x, key_map.y, key_map.pays("partnership").astype(float), levels=[0.5])
    preferred, partnership = (key_map.levels.index(n) for n in ("preferred", "partnership"))
    assert _edge_disagreements(ax, {preferred, partnership}) > 0
    plt.close(fig)


# -- the map's legend ------------------------------------------------------------------------
def _shown_ticks(ax) -> list:
    """The tick labels drawn: those within the axis limits."""
    shown = []
    for axis, (low, high) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
        shown += [
            label
            for tick, label in zip(
                axis.get_majorticklocs(), axis.get_majorticklabels(), strict=True
            )
            if low <= tick <= high and label.get_text()
        ]
    return shown


def _legend_problems(fig, map_ax) -> list[str]:
    """What a legend of the figure covers: the map, its tick labels, its axis label, or it
    leaves the figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [
        legend
        for legend in [*(ax.get_legend() for ax in fig.axes), *fig.legends]
        if legend is not None
    ]
    covered = {
        "map": map_ax.get_window_extent(renderer),
        "x label": map_ax.xaxis.label.get_window_extent(renderer),
        **{f"tick {t.get_text()}": t.get_window_extent(renderer) for t in _shown_ticks(map_ax)},
    }
    problems = []
    for legend in legends:
        box = legend.get_window_extent(renderer)
        problems += [
            f"legend over the {name}" for name, other in covered.items() if _overlap(box, other)
        ]
        if box.x0 < -1 or box.y0 < -1 or box.x1 > fig.bbox.x1 + 1 or box.y1 > fig.bbox.y1 + 1:
            problems.append("legend outside the figure")
    return problems


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("presentation", [False, True])
def test_the_dashboard_map_legend_hides_nothing(lang, presentation):
    view = Dashboard(preset="classroom", lang=lang, presentation=presentation).view
    map_ax = view.axes[2]
    with classroom_style(view.style_scale):
        assert _legend_problems(view.figure, map_ax) == []
    if presentation:  # the levels' legend under the bars and the map names the map's colours
        (levels,) = view.figure.legends
        shown = {t.get_text() for t in levels.get_texts()}
        assert map_ax.get_legend() is None
        with use_language(lang):
            own = plot_frontier(view.fmap).axes[0].get_legend()
        assert {t.get_text() for t in own.get_texts()} <= shown
    else:
        assert map_ax.get_legend() is not None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notebook_map_legends_hide_nothing(lang, key_map):
    explorer = luxury_map_explorer(lang=lang)  # notebook 04's explorer, 30 x 30
    assert _legend_problems(explorer.figure, explorer.axes[0]) == []
    alone = preset("classroom").segment_alone("key accounts")
    fig = plot_frontier(frontier_map(alone, n_points=30))  # the notebook's own cells
    assert _legend_problems(fig, fig.axes[0]) == []


def test_the_legend_check_catches_a_legend_in_the_maps_corner(key_map):
    fig = plot_frontier(key_map)
    ax = fig.axes[0]
    ax.legend(handles=ax.get_legend().legend_handles, loc="lower left")  # where it was
    assert "legend over the map" in _legend_problems(fig, ax)


# -- the value bars --------------------------------------------------------------------------
def _bar_label_problems(ax) -> list[str]:
    """Bars without their value written (in full, or all shortened), labels over other
    labels, over another bar, half over their own bar, or outside the axes."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bars = list(ax.patches)
    texts = [t for t in ax.texts if t.get_text()]
    problems = []
    heights = [b.get_height() for b in bars]
    forms = ([format_number(h) for h in heights],  # in full, or all shortened alike
             [short_number(h) for h in heights], [short_number(h, chinese=True) for h in heights])
    if [t.get_text() for t in texts] not in forms:
        problems.append("labels are not the bars' values")
    inside = ax.get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (k, box), bar in zip(enumerate(boxes), bars, strict=False):
        own = bar.get_window_extent(renderer)
        across = own.x0 - 1 <= box.x0 and box.x1 <= own.x1 + 1
        in_own = across and own.y0 - 1 <= box.y0 and box.y1 <= own.y1 + 1
        # a label longer than a short bar may run from inside its end on past its base
        past_base = across and (
            box.y1 <= own.y1 + 1 and box.y0 < own.y0
            if bar.get_height() >= 0
            else box.y0 >= own.y0 - 1 and box.y1 > own.y1
        )
        if _overlap(box, own) and not (in_own or past_base):
            problems.append(f"label {k} half over its bar")
        problems += [
            f"label {k} over bar {j}"
            for j, other in enumerate(bars)
            if j != k and _overlap(box, other.get_window_extent(renderer))
        ]
        if not (
            inside.x0 - 1 <= box.x0
            and box.x1 <= inside.x1 + 1
            and inside.y0 - 1 <= box.y0
            and box.y1 <= inside.y1 + 1
        ):
            problems.append(f"label {k} outside the axes")
    problems += [
        f"labels {a} and {b} overlap"
        for (a, box_a), (b, box_b) in itertools.combinations(enumerate(boxes), 2)
        if _overlap(box_a, box_b)
    ]
    return problems


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("presentation", [False, True])
def test_the_dashboard_bars_carry_their_values(lang, presentation):
    view = Dashboard(preset="classroom", lang=lang, presentation=presentation).view
    bars_ax = view.axes[1]
    with classroom_style(view.style_scale):
        assert _bar_label_problems(bars_ax) == []
    # a slider moved: the bars are updated in place, and so are their values
    view.controls["customer_power"].value = 0.9
    values = view.result.summary["value_per_customer"].to_numpy()
    assert [b.get_height() for b in bars_ax.patches] == pytest.approx(values)
    with classroom_style(view.style_scale):
        assert _bar_label_problems(bars_ax) == []


@pytest.mark.parametrize("presentation", [False, True])
def test_values_of_losing_levels_sit_clear_under_their_bars(presentation):
    view = Dashboard(preset="classroom", lang="en", presentation=presentation).view
    bars_ax = view.axes[1]
    for bar, value in zip(
        bars_ax.patches, [-20_000.0, 448_276.3, 585_101.4, -532_379.0], strict=True
    ):
        bar.set_height(value)
    bars_ax.relim()
    bars_ax.autoscale_view()
    with classroom_style(view.style_scale):
        assert _bar_label_problems(bars_ax) == []
        renderer = view.figure.canvas.get_renderer()
        small = bars_ax.texts[0].get_window_extent(renderer)
        assert small.y1 <= bars_ax.patches[0].get_window_extent(renderer).y0 + 1  # under it


def test_the_label_check_catches_labels_running_together():
    """matplotlib's plain bar labels (across, over each bar) run together on the
    presentation bars."""
    view = Dashboard(preset="classroom", lang="en", presentation=True).view
    bars_ax = view.axes[1]
    for text in list(bars_ax.texts):
        text.remove()
    for bars in bars_ax.containers:
        bars_ax.bar_label(
            bars, labels=[format_number(b.get_height()) for b in bars], fontsize=12 * 1.45
        )
    with classroom_style(view.style_scale):
        assert any("overlap" in p or "outside" in p for p in _bar_label_problems(bars_ax))
