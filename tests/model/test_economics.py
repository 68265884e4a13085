"""Relationship economics say what the texts say (domain.md §1, §3), read through the public API.

Partnership or above pays only where supplier and customer are important to each other,
neither side's bargaining power controls the other, they need each other and switching
costs are high; size alone does not decide. Every claim here is a direction with the
account's size held fixed, measured with the analytic engine (exact), so a strict
inequality is certain. Nothing in the model states these conditions: they must emerge
from the mechanisms of :mod:`crmsim.model.mechanisms`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crmsim import Scenario, Segment
from crmsim.analysis import best_levels, both_sides, frontier_map, luxury_verdicts
from crmsim.engines import level_lines
from crmsim.model import CASH_INDEX, CASH_SIGNS, served_regime
from crmsim.scenario import apply_parameters, default_level, preset, preset_names

WALLET = 1_000_000.0  # size held fixed in every directional test
GRID = np.linspace(0.0, 1.0, 21)
STRATEGIC = {"mutual_importance": 0.9, "mutual_need": 0.75, "switching_cost": 0.85,
             "customer_power": 0.5}


def key(wallet: float = WALLET, **fields) -> Scenario:
    """One large account; fields default to a strategic pair (the classroom's key accounts)."""
    seg = Segment(name="key", annual_wallet=wallet, **{**STRATEGIC, **fields})
    return Scenario(segments=(seg,))


def deep_region(scenario: Scenario, x: str, y: str) -> np.ndarray:
    """Where partnership or alliance earns most, on a 21 × 21 map of ``x`` × ``y``."""
    fmap = frontier_map(scenario, x=x, y=y, x_values=GRID, y_values=GRID)
    return fmap.at_least("partnership")


def assert_strictly_larger(larger: np.ndarray, smaller: np.ndarray) -> None:
    assert (smaller <= larger).all(), "raising the condition lost partnership somewhere"
    assert larger.sum() >= smaller.sum() + 10, (larger.sum(), smaller.sum())


def value(scenario: Scenario, level: str, segment: str | None = None) -> float:
    return float(level_lines(scenario, segment, levels=[level])[0] @ CASH_SIGNS)


# -- the texts' four conditions, each enlarging the partnership-and-above region -----------


def test_raising_mutual_importance_enlarges_the_deep_region():
    low = deep_region(key(mutual_importance=0.5), "switching_cost", "mutual_need")
    high = deep_region(key(mutual_importance=0.9), "switching_cost", "mutual_need")
    assert_strictly_larger(high, low)


def test_raising_switching_cost_enlarges_the_deep_region():
    low = deep_region(key(switching_cost=0.5), "mutual_importance", "mutual_need")
    high = deep_region(key(switching_cost=0.9), "mutual_importance", "mutual_need")
    assert_strictly_larger(high, low)


@pytest.mark.parametrize("dominant", [0.15, 0.85], ids=["firm dominates", "customer dominates"])
def test_balancing_bargaining_power_enlarges_the_deep_region(dominant):
    lopsided = deep_region(key(customer_power=dominant), "mutual_importance", "switching_cost")
    balanced = deep_region(key(customer_power=0.5), "mutual_importance", "switching_cost")
    assert_strictly_larger(balanced, lopsided)


def test_one_side_in_full_control_leaves_no_room_for_partnership():
    for power in (0.0, 1.0):
        assert not deep_region(key(customer_power=power), "mutual_importance",
                               "switching_cost").any()


def test_raising_mutual_need_enlarges_the_deep_region_and_both_sides_gains():
    low = deep_region(key(mutual_need=0.4), "mutual_importance", "switching_cost")
    high = deep_region(key(mutual_need=0.9), "mutual_importance", "switching_cost")
    assert_strictly_larger(high, low)
    # "need each other": both sides gain more from the partnership
    gains = [both_sides(key(mutual_need=n), levels=["partnership"]).iloc[0] for n in (0.4, 0.9)]
    assert gains[1]["firm_extra"] > gains[0]["firm_extra"]
    assert gains[1]["customer_gain"] > gains[0]["customer_gain"]


@pytest.mark.parametrize("wallet", [1e6, 1e7, 1e8])
def test_low_importance_and_switching_cost_make_partnership_luxurious_at_any_size(wallet):
    for mi, sc in [(0.1, 0.1), (0.2, 0.2), (0.1, 0.9), (0.9, 0.1)]:
        scenario = key(wallet, mutual_importance=mi, switching_cost=sc)
        verdicts = luxury_verdicts(scenario).set_index("level")["verdict"]
        assert verdicts["partnership"] == "luxurious", (wallet, mi, sc)
        assert verdicts["alliance"] == "luxurious", (wallet, mi, sc)


def test_size_does_not_decide_once_an_account_is_large():
    small = frontier_map(key(2e6), x_values=GRID, y_values=GRID).best_index
    large = frontier_map(key(2e8), x_values=GRID, y_values=GRID).best_index
    assert (small == large).mean() >= 0.95


def test_the_map_of_key_accounts_has_each_region_where_the_texts_put_it():
    fmap = frontier_map(key(), x_values=GRID, y_values=GRID)
    best = fmap.best_level
    assert best[0, 0] == "preferred" and best[-1, 0] == "preferred" and best[0, -1] == "preferred"
    assert best[-1, -1] == "alliance"
    mi, sc = np.meshgrid(fmap.x, fmap.y)
    assert (best[(mi == 0.9) & (sc == 0.85)] == "partnership").all()
    # alliance only inside partnership's region, and both need high importance and switching
    assert (fmap.at_least("alliance") <= fmap.pays("partnership")).all()
    assert (mi[fmap.region("alliance")] >= 0.7).all() and (sc[fmap.region("alliance")] >= 0.7).all()
    assert 0 < fmap.region("alliance").sum() < fmap.region("partnership").sum()


# -- each mechanism, everything else fixed ----------------------------------------------------


def with_level(scenario: Scenario, level: str, **fields) -> Scenario:
    levels = tuple(dataclasses.replace(lv, **fields) if lv.name == level else lv
                   for lv in scenario.levels)
    return dataclasses.replace(scenario, levels=levels)


@pytest.mark.parametrize(
    ("field", "low", "high", "level", "sign"),
    [
        ("joint_growth_rate", 0.1, 0.4, "alliance", +1),
        ("supply_chain_saving", 0.02, 0.15, "alliance", +1),
        ("co_creation_rate", 0.05, 0.2, "partnership", +1),
        ("information_uplift", 0.0, 0.1, "partnership", +1),
        ("exit_cost_share", 0.0, 0.5, "alliance", -1),
        ("setup_share", 0.05, 0.4, "alliance", -1),
        ("manager_hours_per_million", 10.0, 60.0, "partnership", -1),
        ("reactivation_share", 0.1, 1.0, "partnership", -1),
    ],
)
def test_each_level_mechanism_moves_value_the_right_way(field, low, high, level, sign):
    base = key(mutual_importance=0.8, switching_cost=0.6)
    lo = value(with_level(base, level, **{field: low}), level)
    hi = value(with_level(base, level, **{field: high}), level)
    assert sign * (hi - lo) > 0.005 * abs(lo), (lo, hi)


def test_set_up_and_manager_time_grow_with_the_account():
    partnership = default_level("partnership")
    for wallet in (1e5, 1e6):
        assert partnership.setup_cost_for(10 * wallet) > 5 * partnership.setup_cost_for(wallet)
        hours = partnership.manager_hours_for
        assert hours(10 * wallet) > 5 * hours(wallet)
    small, large = key(1e5), key(1e7)
    ratio = (level_lines(large, levels=["partnership"])[0, CASH_INDEX["setup_cost"]]
             / level_lines(small, levels=["partnership"])[0, CASH_INDEX["setup_cost"]])
    assert 50 < ratio < 100  # a floor plus a part proportional to the wallet


def test_a_won_back_customer_pays_re_activation_not_a_new_set_up():
    base = apply_parameters(key(), {"lifecycle.win_back": 0.2, "lifecycle.churn_repeat": 0.1})
    full = with_level(base, "partnership", reactivation_share=1.0)
    cheap = with_level(base, "partnership", reactivation_share=0.0)
    setup = CASH_INDEX["setup_cost"]
    paid_full = level_lines(full, levels=["partnership"])[0, setup]
    paid_cheap = level_lines(cheap, levels=["partnership"])[0, setup]
    assert paid_cheap < 0.9 * paid_full
    # without win-backs the re-activation share changes nothing
    never = apply_parameters(base, {"lifecycle.win_back": 0.0})
    paid = [level_lines(with_level(never, "partnership", reactivation_share=share),
                        levels=["partnership"]) for share in (1.0, 0.0)]
    np.testing.assert_allclose(paid[0], paid[1])


def test_a_customer_who_gains_more_is_more_loyal():
    churn = [served_regime(s, s.segments[0], s.level("partnership")).churn_prob("repeat")
             for s in (key(gain_loyalty=0.0), key(gain_loyalty=10.0))]
    assert churn[1] < 0.8 * churn[0]
    # and the gain grows with what joint work creates: mutual need raises it
    shares = [both_sides(key(mutual_need=n), levels=["alliance"]).iloc[0]["customer_gain_share"]
              for n in (0.3, 0.9)]
    assert shares[1] > 1.5 * shares[0]


def test_bargaining_power_decides_the_split_of_what_is_created_jointly():
    rows = [both_sides(key(customer_power=p), levels=["partnership"]).iloc[0]
            for p in (0.3, 0.7)]
    firm_share = [level_lines(key(customer_power=p), levels=["partnership"])[0,
                                                                      CASH_INDEX["co_created_value"]]
                  for p in (0.3, 0.7)]
    assert rows[1]["co_created_share"] > rows[0]["co_created_share"]
    assert firm_share[1] < firm_share[0]


# -- the shipped presets show every verdict ---------------------------------------------------


def test_classroom_verdicts_follow_the_dell_example():
    best = best_levels(preset("classroom")).set_index("segment")["best_level"]
    assert best["ordinary customers"] == "transactional"
    assert best["important customers"] == "preferred"
    assert best["key accounts"] == "partnership"


def test_a_shipped_strategic_pair_pays_an_alliance():
    best = best_levels(preset("b2b_supplier")).set_index("segment")["best_level"]
    assert best["important customers"] == "alliance"


@pytest.mark.parametrize("name", preset_names())
def test_losses_stay_within_a_small_multiple_of_what_a_customer_spends(name):
    scenario = preset(name)
    years = scenario.horizon_months / 12
    for seg in scenario.segments:
        worst = min(value(scenario, lv, seg.name) for lv in scenario.level_names)
        assert worst > -2.0 * seg.annual_wallet * years, (seg.name, worst)
