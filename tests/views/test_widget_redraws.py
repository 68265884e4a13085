"""Moving a slider updates the drawn figure in place, and the figure is the one a full redraw
draws: the same data, texts, limits and ticks (and, with fixed margins, the same pixels), in
English and Chinese, and what it shows is what the library computes for the new value."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W
import numpy as np
import pytest
from PIL import Image

from crmsim.analysis.compare import compare_levels
from crmsim.analysis.teaching import lifetime_value_steps
from crmsim.engines.analytic import evaluate
from crmsim.scenario import preset
from crmsim.scenario.states import BUYING_STATES
from crmsim.views import (
    customer_worth_explorer,
    levels_explorer,
    lifecycle_explorer,
    luxury_map_explorer,
    retention_levers_explorer,
    segments_staff_explorer,
)
from crmsim.views.dashboard import SEGMENT_SLIDERS, Dashboard
from crmsim.views.fonts import cjk_font

SLIDERS = (W.FloatSlider, W.IntSlider, W.FloatLogSlider)


@pytest.fixture(scope="module")
def classroom():
    return preset("classroom")


def _vertices(artist) -> list:
    return [np.round(path.vertices, 9).tolist() for path in artist.get_paths()]


def _content(figure) -> list:
    """What a reader sees, artist by artist: data, texts, colours, limits, ticks, legends."""
    out: list = [figure.get_suptitle()]
    for ax in figure.axes:
        legend = ax.get_legend()
        out.append(
            {
                "visible": (ax.get_visible(), ax.axison),
                "labels": (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()),
                "limits": np.round([*ax.get_xlim(), *ax.get_ylim()], 9).tolist(),
                "ticks": (
                    [t.get_text() for t in ax.get_xticklabels()],
                    [t.get_text() for t in ax.get_yticklabels()],
                    np.round(ax.get_xticks(), 9).tolist(),
                    np.round(ax.get_yticks(), 9).tolist(),
                ),
                "lines": [
                    (
                        np.round(np.asarray(line.get_xdata(), float), 9).tolist(),
                        np.round(np.asarray(line.get_ydata(), float), 9).tolist(),
                        line.get_color(),
                        line.get_linewidth(),
                        line.get_marker(),
                    )
                    for line in ax.lines
                ],
                "patches": [
                    (
                        type(p).__name__,
                        np.round(
                            p.get_patch_transform().transform(p.get_path().vertices), 9
                        ).tolist(),
                        tuple(p.get_facecolor()),
                    )
                    for p in ax.patches
                ],
                "collections": [
                    (
                        type(c).__name__,
                        _vertices(c),
                        np.round(c.get_facecolor(), 9).tolist(),
                        None if c.get_array() is None else np.asarray(c.get_array()).tolist(),
                    )
                    for c in ax.collections
                ],
                "texts": [
                    (t.get_text(), np.round(t.get_position(), 9).tolist(), t.get_fontfamily())
                    for t in ax.texts
                ],
                "arrows": [
                    (
                        round(t.arrow_patch.get_linewidth(), 9),
                        round(t.arrow_patch.get_mutation_scale(), 9),
                    )
                    for t in ax.texts
                    if getattr(t, "arrow_patch", None) is not None
                ],
                "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            }
        )
    return out


def _pixels(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)))


def _another_value(slider):
    """A value on the slider's grid about a third of the way along, not its current one."""
    if isinstance(slider, W.FloatLogSlider):
        return float(slider.base ** round(slider.min + 0.35 * (slider.max - slider.min), 2))
    for share in (0.35, 0.7):
        value = slider.min + round(share * (slider.max - slider.min) / slider.step) * slider.step
        value = int(value) if isinstance(slider, W.IntSlider) else round(value, 9)
        if value != slider.value:
            return value
    raise AssertionError("no other value")  # pragma: no cover


def _check_every_control(explorer, *, same_pixels: bool, in_place: tuple[str, ...]) -> None:
    """Move each live control; the redrawn figure must equal a full redraw of the same state,
    and the controls in ``in_place`` must not have drawn the figure anew."""
    for name in explorer.live_controls:
        widget = explorer.controls[name]
        if isinstance(widget, SLIDERS):
            value = _another_value(widget)
        elif isinstance(widget, W.Dropdown | W.ToggleButtons):
            values = [v for _label, v in widget.options]
            value = values[(values.index(widget.value) + 1) % len(values)]
        else:
            continue
        full_draws, image = explorer.n_full_draws, explorer.image.value
        widget.value = value
        if isinstance(widget, SLIDERS):  # (two programme kinds may well draw the same)
            assert explorer.image.value != image, name  # the picture changed
        if name in in_place:
            assert explorer.n_full_draws == full_draws, f"{name} drew the figure anew"
        updated, pixels = _content(explorer.figure), _pixels(explorer)
        explorer.redraw(full=True)
        assert _content(explorer.figure) == updated, name
        if same_pixels:
            assert np.array_equal(_pixels(explorer), pixels), name


def _sliders(explorer) -> tuple[str, ...]:
    return tuple(n for n in explorer.live_controls if isinstance(explorer.controls[n], SLIDERS))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lifecycle_updates_in_place_as_a_full_redraw_would(classroom, lang):
    w = lifecycle_explorer(classroom, lang=lang)
    _check_every_control(w, same_pixels=True, in_place=(*_sliders(w), "segment"))


def test_customer_worth_updates_in_place_as_a_full_redraw_would():
    w = customer_worth_explorer()
    _check_every_control(w, same_pixels=True, in_place=_sliders(w))


def test_levels_updates_in_place_as_a_full_redraw_would(classroom):
    w = levels_explorer(classroom)
    _check_every_control(w, same_pixels=True, in_place=(*_sliders(w), "engine"))
    _check_segment_change(w, "important customers")  # (another tick label: drawn anew)


def _check_segment_change(explorer, segment: str) -> None:
    """Another segment (its sliders reset at once): the figure a full redraw draws."""
    explorer.controls["segment"].value = segment
    updated, pixels = _content(explorer.figure), _pixels(explorer)
    explorer.redraw(full=True)
    assert _content(explorer.figure) == updated
    assert np.array_equal(_pixels(explorer), pixels)


def test_segments_staff_updates_in_place_as_a_full_redraw_would():
    w = segments_staff_explorer()
    # another level per segment changes colours and labels: drawn anew
    _check_every_control(w, same_pixels=True, in_place=_sliders(w))


def test_retention_updates_in_place_as_a_full_redraw_would(classroom):
    w = retention_levers_explorer(classroom)
    _check_every_control(w, same_pixels=True, in_place=(*_sliders(w), "programme"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_luxury_map_updates_in_place_as_a_full_redraw_would(classroom, lang):
    w = luxury_map_explorer(classroom, n_points=5, lang=lang)
    # another parameter along the break-even: other labels, drawn anew
    _check_every_control(w, same_pixels=True, in_place=_sliders(w))
    full_draws = w.n_full_draws
    _check_segment_change(w, "important customers")  # its point, the checked points move
    assert w.n_full_draws == full_draws + 1  # the full redraw compared with, only


def test_luxury_map_draws_anew_when_the_check_is_run_or_dropped(classroom):
    w = luxury_map_explorer(classroom, n_points=5)
    w.controls["n_replications"].value = 2
    full_draws = w.n_full_draws
    w.controls["check"].click()  # the check's panel appears
    assert w.check is not None and w.n_full_draws == full_draws + 1
    _check_segment_change(w, "important customers")  # and goes: a new map drops the check
    assert w.check is None and w.n_full_draws == full_draws + 3  # (and the one compared with)
    w.controls["mutual_need"].value = 0.3  # in place again
    assert w.n_full_draws == full_draws + 3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dashboard_updates_in_place_as_a_full_redraw_would(lang):
    view = Dashboard(preset="classroom", lang=lang).view
    _check_every_control(view, same_pixels=True, in_place=("level", *SEGMENT_SLIDERS))
    _check_segment_change(view, "important customers")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_dashboard_updates_in_place_as_a_full_redraw_would(lang):
    # constrained layout places the panels to within a pixel differently from one layout to
    # the next (a full redraw after a full redraw too): the content must be the same
    view = Dashboard(preset="classroom", lang=lang, presentation=True).view
    _check_every_control(view, same_pixels=False, in_place=("level", *SEGMENT_SLIDERS))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_dashboard_in_place_is_pixel_for_pixel_a_full_redraw_at_its_layout(lang):
    # with the panels where the last layout put them, a full redraw draws the same pixels
    view = Dashboard(preset="classroom", lang=lang, presentation=True).view
    figure = view.figure
    for name in ("level", *SEGMENT_SLIDERS):
        widget = view.controls[name]
        if isinstance(widget, SLIDERS):
            widget.value = _another_value(widget)
        else:
            values = [v for _label, v in widget.options]
            widget.value = values[(values.index(widget.value) + 1) % len(values)]
        in_place = _pixels(view)
        engine = figure.get_layout_engine()
        figure.set_layout_engine("none")
        try:
            view.redraw(full=True)
        finally:
            figure.set_layout_engine(engine)
        assert np.array_equal(_pixels(view), in_place), name


def test_presentation_dashboard_lays_out_again_when_a_label_changes():
    view = Dashboard(preset="classroom", presentation=True).view
    positions = [ax.get_position().bounds for ax in view.axes]
    view.controls["annual_wallet"].value = 10_000.0  # values per customer: other ticks
    moved = [ax.get_position().bounds for ax in view.axes]
    assert moved != positions  # the y tick labels are narrower: the panels were placed again
    view.controls["switching_cost"].value = 0.3
    placed = [ax.get_position().bounds for ax in view.axes]
    view.controls["switching_cost"].value = 0.3001  # too small a move to change a tick label
    assert [ax.get_position().bounds for ax in view.axes] == placed  # kept, not laid out


def test_presentation_dashboard_moved_back_shows_the_same_picture_without_a_layout(monkeypatch):
    view = Dashboard(preset="classroom", presentation=True).view
    start = view.image.value
    level = view.controls["level"].value
    view.controls["level"].value = "alliance"  # another title: laid out again
    view.controls["level"].value = level
    assert view.image.value == start  # the picture it opened with
    view.controls["annual_wallet"].value = 10_000.0
    before = (view.image.value, [ax.get_position().bounds for ax in view.axes])
    view.controls["annual_wallet"].value = 2_000_000.0  # other tick labels: laid out again
    assert [ax.get_position().bounds for ax in view.axes] != before[1]
    layouts = []
    engine = type(view.figure.get_layout_engine())
    run = engine.execute
    monkeypatch.setattr(engine, "execute", lambda self, fig: layouts.append(1) or run(self, fig))
    view.controls["annual_wallet"].value = 10_000.0  # the labels of the first layout
    assert layouts == []
    assert (view.image.value, [ax.get_position().bounds for ax in view.axes]) == before
    view.controls["mutual_need"].value = 0.05  # texts no layout has seen: laid out
    assert layouts == [1]


def test_chinese_figures_keep_the_shipped_font_after_a_slider_moves():
    view = Dashboard(preset="classroom", lang="zh").view
    view.controls["switching_cost"].value = 0.3
    title = view.axes[0].title
    assert any("\u4e00" <= ch <= "\u9fff" for ch in title.get_text())
    assert title.get_fontfamily()[0] == cjk_font()
    life = lifecycle_explorer(lang="zh")
    life.controls["churn_factor"].value = 1.5
    boxes = [t for t in life.axes[1].texts if t.get_text().startswith("忠诚")]
    assert boxes and boxes[0].get_fontfamily()[0] == cjk_font()


def test_a_redraw_can_always_draw_anew(classroom):
    w = retention_levers_explorer(classroom)
    w.incremental = False
    full_draws = w.n_full_draws
    w.controls["handling_quality"].value = 0.2
    assert w.n_full_draws == full_draws + 1


# -- what is drawn is what the library computes for the new value ---------------------------
def test_lifecycle_areas_are_the_occupancy_the_library_computes(classroom):
    w = lifecycle_explorer(classroom)
    w.controls["churn_factor"].value = 2.0
    occ = evaluate(w.scenario_now()).occupancy
    shown = occ[occ["state"] != "non_customer"].groupby("month")["customers"].sum()
    top = w.axes[0].collections[-1].get_paths()[0].vertices  # the top band's outline
    heights = [max(y for x, y in top if x == month) for month in shown.index]
    assert np.allclose(heights, shown.to_numpy(), rtol=1e-12)


def test_customer_worth_labels_are_the_steps_the_library_computes():
    w = customer_worth_explorer()
    w.controls["discount_rate"].value = 0.12
    steps = lifetime_value_steps(**w.arguments())
    drawn = [t.get_position()[0] for t in w.axes[0].texts]
    assert np.allclose(drawn, steps["value"], rtol=1e-12)


def test_levels_bars_are_the_values_the_library_computes(classroom):
    w = levels_explorer(classroom)
    w.controls["switching_cost"].value = 0.15
    summary = compare_levels(w.scenario_now(), engine="analytic").summary
    heights = [bar.get_height() for bar in w.axes[2].patches]
    assert np.allclose(heights, summary["value_per_customer"], rtol=1e-12)


def test_segments_staff_bars_are_the_profits_the_library_computes():
    w = segments_staff_explorer()
    w.controls["n_account_managers"].value = 2
    summary = evaluate(w.scenario_now()).summary
    heights = [bar.get_height() for bar in w.axes[1].patches]
    assert np.allclose(heights, summary["discounted_profit"], rtol=1e-12)
    capacity = w.axes[0].lines[0].get_xdata()[0]
    staff = w.scenario_now().staff
    assert capacity == 2 * staff.hours_per_manager_per_month


def test_retention_lines_and_bars_are_what_the_library_computes(classroom):
    w = retention_levers_explorer(classroom)
    w.controls["service_recovery_strength"].value = 0.8
    base, now = evaluate(w.baseline()), evaluate(w.scenario_now())
    heights = [bar.get_height() for bar in w.axes[1].patches]
    assert np.allclose(
        heights, [base.total_discounted_profit(), now.total_discounted_profit()], rtol=1e-12
    )
    occ = now.occupancy
    buying = occ[occ["state"].isin(BUYING_STATES)].groupby("month")["customers"].sum()
    assert np.allclose(w.axes[0].lines[1].get_ydata(), buying.to_numpy(), rtol=1e-12)


def test_dashboard_bars_and_point_are_what_the_library_computes():
    view = Dashboard(preset="classroom").view
    view.controls["mutual_importance"].value = 0.35
    view.controls["switching_cost"].value = 0.65
    summary = compare_levels(
        view.scenario_now(), engine="analytic", segments=[view.segment]
    ).summary
    heights = [bar.get_height() for bar in view.axes[1].patches]
    assert np.allclose(heights, summary["value_per_customer"], rtol=1e-12)
    point = view.axes[2].lines[-1]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (0.35, 0.65)
