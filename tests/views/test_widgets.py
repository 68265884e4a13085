"""Drive every explorer like a user: change a control, check the output changed as it should."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from crmsim.scenario import preset
from crmsim.views import (
    clv_distribution_explorer,
    customer_worth_explorer,
    levels_explorer,
    lifecycle_explorer,
    luxury_map_explorer,
    retention_levers_explorer,
    segments_staff_explorer,
)


@pytest.fixture(scope="module")
def classroom():
    return preset("classroom")


def _redraw(explorer, control, value):
    before = (explorer.n_redraws, explorer.image.value)
    explorer.controls[control].value = value
    assert explorer.n_redraws == before[0] + 1
    assert explorer.image.value != before[1]  # the picture changed
    assert explorer.image.value[:4] == b"\x89PNG"


def _buying(occupancy):
    return occupancy[occupancy["state"].isin(["new", "repeat", "loyal"])]


def test_lifecycle_more_churn_fewer_buying_customers(classroom):
    w = lifecycle_explorer(classroom)
    end = _buying(w.result.occupancy).query("month == 59")["customers"].sum()
    _redraw(w, "churn_factor", 2.0)
    end_more_churn = _buying(w.result.occupancy).query("month == 59")["customers"].sum()
    assert end_more_churn < 0.9 * end
    assert w.data.shape[0] == 7
    # the stacked areas on the figure follow the data
    assert len(w.axes[0].collections) >= 6


def test_lifecycle_touch_points_zero_stops_acquisition(classroom):
    w = lifecycle_explorer(classroom)
    _redraw(w, "touch_points", 0.0)
    flows = w.flows
    assert flows.query("source == 'potential' and target == 'target'").empty
    _redraw(w, "segment", "prospects")
    assert "prospects" in w.axes[0].get_title()


def test_customer_worth_discounting_lowers_the_total():
    w = customer_worth_explorer()
    assert w.result.total == 100_000.0
    line = w.axes[1].lines[1]
    before = np.asarray(line.get_ydata()).copy()
    _redraw(w, "discount_rate", 0.10)
    assert w.result.total == pytest.approx(67_590.24, abs=0.01)
    after = np.asarray(w.axes[1].lines[1].get_ydata())
    assert after[-1] < before[-1]
    assert w.data["value"].iloc[-1] == pytest.approx(w.result.total)


def test_clv_distribution_runs_on_button_only(classroom):
    w = clv_distribution_explorer(classroom, segment="important customers", n_customers=60)
    n = w.n_redraws
    w.controls["n_customers"].value = 100  # not live: waits for the button
    assert w.n_redraws == n
    w.controls["simulate"].click()
    assert w.n_redraws == n + 1
    assert len(w.result["values"]) == 100
    expected, mean, half = w.data["value"].iloc[:3]
    assert abs(mean - expected) < max(4 * half / 1.96, 1e-9) + 1e-6  # 4 SE, unlimited staff


def test_levels_same_levels_and_switching_cost_matters(classroom):
    w = levels_explorer(classroom, segment="key accounts")
    assert list(w.data["level"]) == ["transactional", "preferred", "partnership", "alliance"]
    partnership = w.data.set_index("level").loc["partnership", "value per customer"]
    _redraw(w, "switching_cost", 0.0)
    low = w.data.set_index("level").loc["partnership", "value per customer"]
    assert low < partnership
    assert len(w.axes[0].lines) == 4


def test_levels_simpy_uses_common_random_numbers(classroom):
    w = levels_explorer(classroom, segment="key accounts", seed=3)
    _redraw(w, "engine", "simpy")
    assert w.result.engine == "simpy"
    assert w.result.seed_entropy == 3
    _redraw(w, "seed", 4)
    assert w.result.seed_entropy == 4


def test_levels_segment_change_resets_sliders(classroom):
    w = levels_explorer(classroom, segment="key accounts")
    n = w.n_redraws
    w.controls["segment"].value = "ordinary customers"
    assert w.n_redraws == n + 1  # one redraw, not one per slider
    assert w.controls["switching_cost"].value == classroom.segment(
        "ordinary customers").switching_cost


def test_segments_staff_fewer_managers_fewer_contacts_served():
    w = segments_staff_explorer(preset("dell"))
    _redraw(w, "level:key accounts", "alliance")
    served = float(w.data["contacts served"].min())
    _redraw(w, "n_account_managers", 1)
    assert float(w.data["contacts served"].min()) < served
    assert w.result.scenario.staff.n_account_managers == 1


def test_retention_levers_no_programme_equals_baseline(classroom):
    w = retention_levers_explorer(classroom)
    _redraw(w, "programme", "none")
    base, levers = w.data["discounted profit"]
    assert levers == pytest.approx(base)
    _redraw(w, "programme", "club")
    _redraw(w, "churn_reduction", 0.3)
    assert w.data["buying at end"].iloc[1] > w.data["buying at end"].iloc[0]


def test_retention_levers_service_recovery_raises_loyalty(classroom):
    w = retention_levers_explorer(classroom)
    _redraw(w, "service_recovery_strength", 0.0)
    loyal0 = w.result["levers"].occupancy.query("state == 'loyal'")["customers"].sum()
    _redraw(w, "service_recovery_strength", 0.9)
    loyal9 = w.result["levers"].occupancy.query("state == 'loyal'")["customers"].sum()
    assert loyal9 > loyal0


def test_luxury_map_customer_power_shrinks_partnership(classroom):
    w = luxury_map_explorer(classroom, segment="key accounts", n_points=12)
    deep = w.fmap.at_least("partnership").mean()
    assert 0 < deep < 1  # balanced power: partnership pays for part of the map
    assert w.result is w.fmap and w.fmap.best_level.shape == (12, 12)
    assert "switching cost" in w.status.value and w.rule_check.power_balanced
    _redraw(w, "customer_power", 0.9)  # the customer dominates
    assert w.fmap.at_least("partnership").mean() < deep
    assert not w.rule_check.power_balanced
    step = w.data.set_index("step up").loc["preferred → partnership"]
    assert step["verdict"] == "luxurious"
    assert w.last_redraw_seconds < 5.0


def test_luxury_map_mutual_need_opens_the_alliance_corner(classroom):
    w = luxury_map_explorer(classroom, segment="key accounts", n_points=12)
    assert w.controls["mutual_need"].value == classroom.segment("key accounts").mutual_need
    _redraw(w, "mutual_need", 0.1)  # they hardly need each other
    low = w.fmap.at_least("partnership").mean(), w.fmap.region("alliance").mean()
    _redraw(w, "mutual_need", 1.0)
    assert w.fmap.at_least("partnership").mean() > low[0]
    assert w.fmap.region("alliance").mean() > low[1] == 0


def test_luxury_map_simulation_check_on_button_only(classroom):
    w = luxury_map_explorer(classroom, segment="key accounts", n_points=8)
    n = w.n_redraws
    w.controls["n_replications"].value = 2  # not live
    assert w.n_redraws == n and w.check is None
    w.controls["check"].click()
    assert w.check is not None and set(w.check["n_replications"]) == {2}
    assert len(w.check) == 3 * len(classroom.level_names)
    w.controls["discount_rate"].value = 0.2  # a new map drops the stale check
    assert w.check is None


def test_preset_segment_names_are_shown_in_chinese_and_the_values_stay_names(classroom):
    w = segments_staff_explorer(preset("dell"), lang="zh")
    assert w.controls["level:T-type"].description == "T型客户"
    ticks = [t.get_text() for t in w.figure.axes[1].get_xticklabels()]
    assert ticks == ["T型客户", "R型客户", "大客户"]
    assert list(w.data["segment"]) == ["T-type", "R-type", "key accounts"]  # data: names
    assert list(w.display_table()["客户群"]) == ticks
    english = segments_staff_explorer(preset("dell"), lang="en")
    assert [t.get_text() for t in english.figure.axes[1].get_xticklabels()] == [
        "T-type", "R-type", "key accounts"]
    assert english.controls["level:T-type"].description == "T-type"
    lux = luxury_map_explorer(classroom, segment="key accounts", n_points=6, lang="zh")
    assert lux.controls["segment"].label == "大客户"
    assert lux.controls["segment"].value == "key accounts"
    assert lux.figure.axes[0].get_title().startswith("大客户的最佳关系层次")
    assert "对大客户而言" in lux.status.value
    life = lifecycle_explorer(classroom, lang="zh")
    assert ("重要客户", "important customers") in life.controls["segment"].options
    life.controls["segment"].value = "important customers"
    assert "（重要客户）" in life.figure.axes[0].get_title()


def test_staff_explorer_hours_needed_exceed_capacity_exactly_when_contacts_are_missed():
    """The bar of hours needed is the segments' own contact hours (a floor plus a part per
    million of wallet), so it passes the managers' hours when, and only when, contacts are
    missed."""
    from crmsim.views.widgets.segments_staff import segments_staff_explorer

    explorer = segments_staff_explorer()
    for managers in (1, 2, 6):
        explorer.controls["n_account_managers"].value = managers
        needed = float(explorer.data["manager hours needed per month"].sum())
        served = float(explorer.result.extra["served_fraction"])
        staff = explorer.result.scenario.staff
        capacity = staff.n_account_managers * staff.hours_per_manager_per_month
        assert (needed > capacity) == (served < 1.0), managers


def _flow_label_clashes(explorer) -> list[tuple]:
    """Which flow numbers of the lifecycle diagram overlap another number, an arrow's stroke
    or a state's box, measured on the drawn figure (pixels)."""
    figure = explorer.figure
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    artists = explorer._flow_artists
    numbers = {key: number.get_bbox_patch().get_window_extent(renderer)
               for key, (_arrow, number) in artists["arrows"].items()}
    strokes = {}
    for key, (arrow, _number) in artists["arrows"].items():
        patch = arrow.arrow_patch
        path = patch.get_transform().transform_path(patch.get_path())
        points = np.concatenate([segment(np.linspace(0.0, 1.0, 200))
                                 for segment, _code in path.iter_bezier()])
        strokes[key] = (points, patch.get_linewidth() * figure.dpi / 72 / 2)
    boxes = {state: box.get_bbox_patch().get_window_extent(renderer)
             for state, box in artists["boxes"].items()}
    clashes = [(a, b) for a, b in itertools.combinations(numbers, 2)
               if numbers[a].overlaps(numbers[b])]
    for key, extent in numbers.items():
        clashes += [(key, arrow) for arrow, (points, half_width) in strokes.items()
                    if extent.padded(half_width).count_contains(points)]
        clashes += [(key, state) for state, box in boxes.items() if extent.overlaps(box)]
    return clashes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lifecycle_flow_numbers_clear_each_other_the_arrows_and_the_boxes(classroom, lang):
    w = lifecycle_explorer(classroom, lang=lang)
    assert len(w._flow_artists["arrows"]) >= 10
    assert _flow_label_clashes(w) == []
    # other numbers and widths (updated in place), other flows, another segment
    for control, value in (("churn_factor", 3.0), ("touch_points", 0.0),
                           ("segment", "key accounts")):
        w.controls[control].value = value
        assert _flow_label_clashes(w) == [], (control, value)


def test_flow_numbers_on_their_arrows_are_caught(classroom):
    """The check above catches numbers drawn on their arrows' middles (the former placement)."""
    w = lifecycle_explorer(classroom)
    ax = w.axes[1]
    for arrow, number in w._flow_artists["arrows"].values():
        (x0, y0), (x1, y1) = ax.transData.transform([arrow.xyann, arrow.xy])
        bend = float(arrow.arrowprops["connectionstyle"].rpartition("=")[2])
        middle = ((x0 + x1) / 2 + bend * (y1 - y0) / 2, (y0 + y1) / 2 - bend * (x1 - x0) / 2)
        number.set_position(ax.transData.inverted().transform(middle))
    clashes = _flow_label_clashes(w)
    assert len({number for number, _other in clashes}) >= 10


@pytest.mark.parametrize(
    ("lang", "customers", "cost"),
    [
        ("en", "buying at end (customers)", "cost per member per month (currency)"),
        ("zh", "期末仍在购买（客户数）", "每位会员每月成本（货币单位）"),
    ],
)
def test_tables_and_sliders_name_their_unit(classroom, lang, customers, cost):
    """A count of customers and a programme's cost say what they count: customers, currency."""
    from crmsim.views.dashboard import Dashboard

    retention = retention_levers_explorer(classroom, lang=lang)
    assert retention.controls["cost_per_member_per_month"].description == cost
    for explorer in (
        retention,
        levels_explorer(classroom, lang=lang),
        Dashboard(preset="classroom", lang=lang).view,
    ):
        assert customers in explorer.display_table().columns
        assert customers in explorer.table_html.value
