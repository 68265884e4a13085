"""Frontier maps: shape of the regions where deep levels pay, and agreement with simulation.

The regions are read from the analytic engine on the mechanisms; no code states where a
level should pay. The directional claims come from domain.md §1: partnership or above pays
only where both sides matter to each other, switching costs are high and neither side's
bargaining power controls the other.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from crmsim import Scenario, ScenarioError, Segment, Staff, evaluate, preset
from crmsim.analysis import frontier_check, frontier_map
from crmsim.engines import level_lines, lines_per_customer
from crmsim.model import CASH_SIGNS
from crmsim.scenario import apply_parameter, apply_parameters

LARGE = 600_000.0  # a large key account (50,000 a month): partnership pays somewhere
VERY_LARGE = 1_000_000.0


def key(wallet: float, **fields) -> Scenario:
    return Scenario(segments=(Segment(name="key", annual_wallet=wallet, **fields),))


def test_map_shape_frame_and_masks():
    fmap = frontier_map(key(VERY_LARGE), n_points=7)
    assert fmap.value.shape == (7, 7, 4)
    assert fmap.x_path == "segment:key.mutual_importance"
    assert fmap.y_path == "segment:key.switching_cost"
    frame = fmap.frame()
    assert len(frame) == 7 * 7 * 4
    assert frame["pays"].isna().sum() == 49  # the cheapest level has no step below
    best = frame.loc[frame.groupby([fmap.x_path, fmap.y_path])["value_per_customer"].idxmax()]
    assert (best["level"] == best["best_level"]).all()
    # 'pays' for the level above the best is False, for the best (if not cheapest) True
    np.testing.assert_array_equal(
        fmap.region("partnership"), fmap.pays("partnership") & ~fmap.pays("alliance")
    )
    with pytest.raises(ScenarioError, match="cheapest level"):
        fmap.pays("transactional")


def test_fast_batched_map_equals_point_by_point_evaluation():
    scenario = key(VERY_LARGE, customer_power=0.3)
    fmap = frontier_map(scenario, n_points=4)
    for j, sc in enumerate(fmap.y):
        for i, mi in enumerate(fmap.x):
            point = apply_parameters(scenario, {fmap.x_path: mi, fmap.y_path: sc})
            lines = level_lines(point)
            np.testing.assert_allclose(fmap.value[j, i], lines @ CASH_SIGNS, rtol=1e-10, atol=1e-6)


def test_staffed_map_equals_evaluate_at_each_point():
    """The whole grid through the staffed month loop at once = one evaluate per point."""
    scenario = preset("classroom")
    fmap = frontier_map(scenario, segment="key accounts", x_values=[0.3, 0.95], y_values=[0.2, 0.9])
    for j, sc in enumerate(fmap.y):
        for i, mi in enumerate(fmap.x):
            point = apply_parameters(scenario, {fmap.x_path: mi, fmap.y_path: sc})
            for k, lv in enumerate(fmap.levels):
                plan = dict(point.plan) | {"key accounts": lv}
                exact = lines_per_customer(evaluate(point, plan=plan)).loc[("key accounts", lv)]
                assert fmap.value[j, i, k] == pytest.approx(exact["value"], rel=1e-9, abs=1e-6)


def test_parallel_map_is_identical_to_serial():
    from concurrent.futures import ProcessPoolExecutor

    scenario = key(VERY_LARGE)
    serial = frontier_map(scenario, n_points=6)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = frontier_map(scenario, n_points=6, executor=pool)
    np.testing.assert_array_equal(serial.cost, parallel.cost)
    np.testing.assert_array_equal(serial.ret, parallel.ret)


def test_scenario_parameters_and_limited_staff_maps():
    scenario = key(VERY_LARGE, mutual_importance=0.9, switching_cost=0.9)
    general = frontier_map(
        scenario,
        x="annual_discount_rate",
        y="switching_cost",
        x_values=[0.05, 0.3],
        y_values=[0.2, 0.9],
    )
    assert general.value.shape == (2, 2, 4)
    # a higher discount rate lowers the value of a long relationship
    assert (general.value[:, 0, 2] > general.value[:, 1, 2]).all()
    staffed = apply_parameters(
        scenario, {"staff.n_account_managers": 1, "segment:key.n_customers": 20}
    )
    limited = frontier_map(
        staffed, x="staff.n_account_managers", y="switching_cost", x_values=[1, 4], y_values=[0.9]
    )
    assert list(limited.pays("partnership")[0]) == [False, True]
    with pytest.raises(ScenarioError, match="no upper bound"):
        frontier_map(scenario, x="annual_wallet")
    with pytest.raises(ScenarioError, match="different parameters"):
        frontier_map(scenario, x="switching_cost", y="segment:key.switching_cost")


# -- directional ----------------------------------------------------------------------------


def test_partnership_or_above_only_where_importance_and_switching_cost_both_high():
    fmap = frontier_map(key(LARGE), n_points=21)
    deep = fmap.at_least("partnership")
    mi, sc = np.meshgrid(fmap.x, fmap.y)
    assert deep.any(), "a large key account should have somewhere partnership pays"
    # both must be high, and neither makes up for the other being low (their product)
    assert (mi[deep] >= 0.45).all() and (sc[deep] >= 0.35).all()
    assert ((mi * sc)[deep] >= 0.35).all()
    assert deep[-1, -1]  # both at their highest
    assert not deep[-1, 0] and not deep[0, -1]  # only one of the two high: not enough
    # the region is an up-set: raising either characteristic never loses partnership
    assert (np.diff(deep.astype(int), axis=0) >= 0).all()
    assert (np.diff(deep.astype(int), axis=1) >= 0).all()


def test_partnership_needs_bargaining_power_that_neither_side_controls():
    fmap = frontier_map(
        key(LARGE, switching_cost=0.9), x="mutual_importance", y="customer_power", n_points=21
    )
    deep = fmap.at_least("partnership")
    power = np.broadcast_to(fmap.y[:, None], deep.shape)
    assert deep.any()
    assert not deep[0].any()  # firm fully dominant: customer invests nothing jointly
    assert not deep[power >= 0.85].any()  # customer dominant: it takes the value
    assert (power[deep] > 0.1).all() and (power[deep] < 0.85).all()
    # the region narrows as either side gains control: rows nest around the balance
    width = deep.sum(axis=1)
    peak = int(np.argmax(width))
    assert (np.diff(width[: peak + 1]) >= 0).all() and (np.diff(width[peak:]) <= 0).all()
    for farther, nearer in itertools.pairwise(deep[: peak + 1]):
        assert (farther <= nearer).all()
    for nearer, farther in itertools.pairwise(deep[peak:]):
        assert (farther <= nearer).all()


def test_customer_dominance_shrinks_where_partnership_pays():
    balanced = frontier_map(key(VERY_LARGE, customer_power=0.5), n_points=31)
    dominant = frontier_map(key(VERY_LARGE, customer_power=0.8), n_points=31)
    pays_b, pays_d = balanced.pays("partnership"), dominant.pays("partnership")
    assert pays_d.sum() < 0.5 * pays_b.sum()
    assert (pays_d <= pays_b).all()  # nowhere does dominance make partnership pay
    # the same through the third control of the map
    fixed = frontier_map(key(VERY_LARGE), n_points=31, fixed={"customer_power": 0.8})
    np.testing.assert_array_equal(fixed.pays("partnership"), pays_d)


def test_alliance_region_lies_inside_the_partnership_region():
    wallets = np.linspace(200_000, 8_000_000, 25)
    fmap = frontier_map(
        key(VERY_LARGE, switching_cost=0.9, mutual_need=0.9),
        x="mutual_importance",
        y="annual_wallet",
        y_values=wallets,
        n_points=25,
    )
    alliance, partnership = fmap.at_least("alliance"), fmap.pays("partnership")
    assert alliance.any() and not partnership.all()  # neither region is trivial
    assert (alliance <= partnership).all()
    assert (fmap.pays("alliance") <= partnership).all()
    assert alliance.sum() < 0.6 * partnership.sum()


# -- analytic vs Monte Carlo ----------------------------------------------------------------

POINTS = [(0.9, 0.9), (0.2, 0.6)]
TOLERANCE_SE = 4.0  # fixed in advance


@pytest.fixture(scope="module")
def checked():
    scenario = Scenario(
        segments=(Segment(name="key", n_customers=100, annual_wallet=VERY_LARGE),),
        horizon_months=36,
    )
    fmap = frontier_map(scenario, n_points=5)
    table = frontier_check(
        scenario,
        fmap,
        POINTS,
        n_replications=8,
        seed=20240601,
        executor="serial",
        progress_bar=False,
    )
    return scenario, fmap, table


@pytest.mark.slow
def test_analytic_frontier_agrees_with_simulation_and_the_check_catches_errors(checked):
    _, _, table = checked
    assert len(table) == len(POINTS) * 4
    assert (table["mc_se"] > 0).all()
    assert (table["z"].abs() <= TOLERANCE_SE).all(), table
    inside = (table["mc_low"] <= table["analytic_value"]) & (
        table["analytic_value"] <= table["mc_high"]
    )
    assert inside.mean() >= 0.75

    # companion (same simulation data, one test so the runs are not repeated on another
    # worker): the check catches a meaningfully wrong analytic model.
    scenario, fmap, _ = checked
    # a meaningfully wrong analytic model: repeat customers churn 50 % faster
    wrong = apply_parameter(scenario, "lifecycle.churn_repeat", 0.045)
    z = []
    for a, b in POINTS:
        point = apply_parameters(wrong, {fmap.x_path: a, fmap.y_path: b})
        values = level_lines(point) @ CASH_SIGNS
        rows = table[(table[fmap.x_path] == a) & (table[fmap.y_path] == b)]
        z.extend((rows["mc_mean"].to_numpy() - values) / rows["mc_se"].to_numpy())
    assert max(abs(v) for v in z) > TOLERANCE_SE


def test_limited_staff_uses_the_whole_scenario():
    scenario = Scenario(
        segments=(Segment(name="key", annual_wallet=VERY_LARGE, n_customers=20),),
        staff=Staff(n_account_managers=1),
    )
    fmap = frontier_map(scenario, x_values=[0.9], y_values=[0.9])
    assert not fmap.pays("partnership")[0, 0]
