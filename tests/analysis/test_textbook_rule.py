"""The texts' corner set beside a luxury map: the verdicts are the map's, the rule only compared."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crmsim import Scenario, ScenarioError, Segment
from crmsim.analysis.frontier import FrontierMap, frontier_map
from crmsim.analysis.textbook_rule import RULE_BALANCED, RULE_HIGH, textbook_rule_check

LEVELS = ("transactional", "preferred", "partnership", "alliance")
GRID = np.array([0.0, 0.25, 0.5, 0.75, 1.0])


def _map(best: np.ndarray, x_path: str = "segment:s.mutual_importance",
         y_path: str = "segment:s.switching_cost") -> FrontierMap:
    """A map whose best level index at each point is ``best`` (rows: y, columns: x)."""
    n_y, n_x = best.shape
    value = np.zeros((n_y, n_x, len(LEVELS)))
    for i in range(n_y):
        for j in range(n_x):
            value[i, j, best[i, j]] = 1.0
    return FrontierMap(segment="s", x_path=x_path, y_path=y_path, x=GRID, y=GRID,
                       levels=LEVELS, cost=np.zeros_like(value), ret=value)


def _best_where(mask: np.ndarray, level: int = 2) -> np.ndarray:
    return np.where(mask, level, 1)


def test_the_shares_count_the_maps_region_and_the_texts_corner():
    xx, yy = np.meshgrid(GRID, GRID)
    # the model: partnership best from mutual importance 0.5 and switching cost 0.75 on
    region = (xx >= 0.5) & (yy >= 0.75)
    fmap = _map(_best_where(region))
    check = textbook_rule_check(fmap, customer_power=0.5)
    assert RULE_HIGH == 0.6 and RULE_BALANCED == (0.3, 0.7)
    assert check.power_balanced and check.level == "partnership"
    assert check.region_share == pytest.approx(6 / 25)
    assert check.region_in_corner == pytest.approx(4 / 6)  # corner: x, y in {0.75, 1}
    assert check.corner_in_region == pytest.approx(1.0)
    assert check.agreement == pytest.approx(23 / 25)
    # the customer dominates: the rule says no partnership anywhere; the map is unchanged
    dominated = textbook_rule_check(fmap, customer_power=0.9)
    assert not dominated.power_balanced
    assert dominated.region_share == check.region_share
    assert dominated.agreement == pytest.approx(19 / 25)


def test_deeper_levels_count_as_partnership_or_above_and_the_level_can_change():
    xx, yy = np.meshgrid(GRID, GRID)
    best = np.where((xx >= 0.75) & (yy >= 0.75), 3, 1)  # alliance in the corner only
    check = textbook_rule_check(_map(best), customer_power=0.3)
    assert check.region_share == pytest.approx(4 / 25) and check.agreement == 1.0
    alliance = textbook_rule_check(_map(best), customer_power=0.3, level="alliance")
    assert alliance.level == "alliance" and alliance.region_share == pytest.approx(4 / 25)


def test_an_empty_region_gives_nan_for_the_share_inside_the_corner():
    check = textbook_rule_check(_map(np.ones((5, 5), dtype=int)), customer_power=0.5)
    assert check.region_share == 0.0 and math.isnan(check.region_in_corner)
    assert check.corner_in_region == 0.0


def test_mistakes_are_one_sentence():
    best = np.ones((5, 5), dtype=int)
    with pytest.raises(ScenarioError, match=r"mutual importance \(x\) and switching cost \(y\)"):
        textbook_rule_check(_map(best, x_path="segment:s.customer_power"), 0.5)
    with pytest.raises(ScenarioError, match="customer_power"):
        textbook_rule_check(_map(best), 1.5)
    with pytest.raises(ScenarioError, match="level"):
        textbook_rule_check(_map(best), 0.5, level="friendship")


def test_on_a_model_map_more_customer_power_shrinks_the_region_the_rule_is_not_used():
    key = Segment(name="key accounts", annual_wallet=600_000.0)
    scenario = Scenario(segments=(key,))
    balanced = frontier_map(scenario, n_points=9, fixed={"customer_power": 0.5})
    dominant = frontier_map(scenario, n_points=9, fixed={"customer_power": 0.9})
    low = textbook_rule_check(balanced, 0.5)
    high = textbook_rule_check(dominant, 0.9)
    assert 0 < low.region_share < 1
    assert high.region_share < low.region_share
    assert low.region_share == pytest.approx(float(balanced.at_least("partnership").mean()))
