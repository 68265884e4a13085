"""Regimes built as stacks (maps, scans, evaluate) equal regimes built one at a time.

:func:`crmsim.model.mechanisms.served_regimes` and :func:`dynamics_many` build the regimes
of many (segment, level) pairs in one pass of array arithmetic. Each pair's regime must be
the one it gets alone, whatever else is in the stack: the stack's arithmetic is elementwise,
so the only allowed difference is floating-point rounding (``RTOL``). The companion test
shows the comparison fails when a stack's pairs are taken in the wrong order.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crmsim import (
    FollowUp,
    LostCustomerAnalysis,
    Programme,
    Scenario,
    ScenarioError,
    Segment,
    Staff,
)
from crmsim.engines.analytic import level_lines, level_lines_batch
from crmsim.model import (
    dynamics_many,
    dynamics_of,
    dynamics_stack,
    served_regime,
    served_regimes,
)
from crmsim.scenario.paths import apply_parameter, scan_points

RTOL = 1e-12
FIELDS = (
    "ordinary",
    "complaint_prob",
    "after_good",
    "after_bad",
    "handled_well_prob",
    "referrals_per_month",
    "cash_per_wallet",
    "cash_fixed",
    "customer_gain",
)


def _segments(n: int, seed: int = 7) -> list[Segment]:
    """Segments differing in every number the mechanisms read, and in lead heat and tier."""
    rng = np.random.default_rng(seed)
    return [
        Segment(
            name=f"s{k}",
            annual_wallet=float(rng.uniform(1e3, 2e6)),
            gross_margin=float(rng.uniform(0.1, 0.6)),
            price_sensitivity=float(rng.uniform(0, 1)),
            relationship_orientation=float(rng.uniform(0, 1)),
            mutual_importance=float(rng.uniform(0, 1)),
            mutual_need=float(rng.uniform(0, 1)),
            customer_power=float(rng.uniform(0, 1)),
            switching_cost=float(rng.uniform(0, 1)),
            gain_loyalty=float(rng.uniform(0, 3)),
            complaints_per_year=float(rng.uniform(0, 4)),
            referrals_per_year=float(rng.uniform(0, 1)),
            lead_heat=("low", "medium", "high")[k % 3],
            value_tier=("ordinary", "important", "vip")[k % 3],
        )
        for k in range(n)
    ]


def _scenario(**changes) -> Scenario:
    """Every lever that changes a regime on: follow-up lapses, a call centre, a voucher,
    a club, lost-customer lessons from month 0."""
    base = Scenario(
        programmes=(
            Programme(name="club", kind="club", churn_reduction=0.1, cost_per_member_per_month=2),
            Programme(name="calls", kind="call_centre", voice_share=0.3),
            Programme(name="voucher", kind="voucher", start_uplift=0.05, cost_per_use=10.0),
        ),
        follow_up=FollowUp(missed_share=0.3, reminder_catch=0.5),
        lost_customers=LostCustomerAnalysis(analysed_share=0.5, delay_months=0),
    )
    return dataclasses.replace(base, **changes)


def _close(a, b) -> bool:
    return all(
        np.allclose(getattr(a, f), getattr(b, f), rtol=RTOL, atol=RTOL * 1e-3) for f in FIELDS
    )


@pytest.mark.parametrize("lessons", [False, True])
def test_a_stack_of_served_regimes_equals_each_regime_built_alone(lessons):
    scenario = _scenario()
    segments = _segments(12)
    levels = [scenario.levels[k % 4] for k in range(12)]  # lapses mixed where hours > 0
    stack = served_regimes(scenario, segments, levels, lessons=lessons)
    for k, (seg, lvl) in enumerate(zip(segments, levels, strict=True)):
        assert _close(stack.at(k), served_regime(scenario, seg, lvl, lessons=lessons)), k


def test_the_stack_comparison_fails_when_pairs_are_taken_in_the_wrong_order():
    scenario = _scenario()
    segments = _segments(4)
    levels = list(scenario.levels)
    stack = served_regimes(scenario, segments, levels)
    assert not _close(stack.at(1), served_regime(scenario, segments[2], levels[2]))
    assert not _close(stack.at(2), served_regime(scenario, segments[2], levels[1]))


def test_dynamics_built_together_equal_dynamics_built_alone():
    scenario = _scenario(lost_customers=LostCustomerAnalysis(analysed_share=0.5, delay_months=6))
    segments = _segments(8, seed=3)
    levels = [scenario.levels[k % 4] for k in range(8)]
    for k, dyn in enumerate(dynamics_many(scenario, segments, levels)):
        alone = dynamics_of(scenario, segments[k], levels[k])
        assert _close(dyn.served, alone.served) and _close(dyn.neglected, alone.neglected)
        assert _close(dyn.later.served, alone.later.served)
        assert dyn.change_month == alone.change_month == 6
        assert np.isclose(dyn.setup_cost, alone.setup_cost, rtol=RTOL)
        assert np.isclose(dyn.manager_hours_per_month, alone.manager_hours_per_month, rtol=RTOL)


def test_a_dynamics_stack_gives_each_pair_its_own_served_and_neglected_regimes():
    scenario = _scenario()  # lessons from month 0, follow-up lapses mixed into served months
    segments = _segments(6, seed=5)
    levels = [scenario.levels[k % 4] for k in range(6)]
    stack = dynamics_stack(scenario, segments, levels)
    alone = served_regimes(scenario, segments, levels, lessons=True)
    backwards = dynamics_stack(scenario, segments[::-1], levels[::-1])
    for f in FIELDS:
        np.testing.assert_array_equal(getattr(stack.served, f), getattr(alone, f))
        np.testing.assert_array_equal(
            getattr(stack.neglected, f), getattr(backwards.neglected, f)[::-1]
        )
    alliance = 3  # neglect takes the alliance's effects away
    assert not np.allclose(stack.neglected.ordinary[alliance], stack.served.ordinary[alliance])


def test_a_refused_pair_in_a_stack_is_named_in_the_error():
    scenario = Scenario()
    fine = Segment(name="fine")
    # price-sensitive, with nothing holding it: a churn the lifecycle row cannot take
    leaky = dataclasses.replace(Segment(name="leaky"), price_sensitivity=1.0)
    lifecycle = dataclasses.replace(scenario.lifecycle, churn_new=0.6, new_to_repeat=0.35)
    scenario = dataclasses.replace(scenario, lifecycle=lifecycle)
    served_regime(scenario, fine, scenario.level("transactional"))  # this one is accepted
    with pytest.raises(ScenarioError, match="segment 'leaky' at level 'transactional'"):
        served_regimes(scenario, [fine, leaky], [scenario.level("transactional")] * 2)


def test_a_stack_needs_one_level_per_segment():
    scenario = Scenario()
    with pytest.raises(ScenarioError, match="one level per segment; received 2 segments and 1"):
        served_regimes(scenario, _segments(2), scenario.levels[:1])


@pytest.mark.parametrize("path", ["segment:customers.switching_cost", "staff.cost_per_hour"])
def test_scan_points_give_the_lines_of_the_scenarios_they_stand_for(path):
    scenario = Scenario()
    values = [0.0, 0.4, 0.9] if path.startswith("segment") else [10.0, 80.0, 200.0]
    scanned = level_lines_batch(scan_points(scenario, path, values))
    for k, value in enumerate(values):
        exact = level_lines(apply_parameter(scenario, path, value))
        np.testing.assert_allclose(scanned[k], exact, rtol=RTOL, atol=1e-9)


def test_a_scan_refuses_a_value_with_the_sentence_of_apply_parameter():
    scenario = Scenario()
    path = "segment:customers.switching_cost"
    with pytest.raises(ScenarioError) as alone:
        apply_parameter(scenario, path, 1.5)
    with pytest.raises(ScenarioError) as scanned:
        scan_points(scenario, path, [0.5, 1.5])
    assert str(scanned.value) == str(alone.value)


def test_a_staffed_batch_mixing_rows_with_and_without_lessons_equals_each_row_alone():
    staffed = Scenario(
        segments=(
            Segment(name="key", n_customers=40, annual_wallet=500_000.0),
            Segment(name="smb", n_customers=400),
        ),
        staff=Staff(n_account_managers=1),
        horizon_months=36,
    )
    rows = [
        dataclasses.replace(
            staffed, lost_customers=LostCustomerAnalysis(analysed_share=0.5, delay_months=d)
        )
        for d in (0, 6, 60)  # from the start; within the horizon; after it (no change)
    ]
    segment = staffed.segment("key")
    varied = [(s, dataclasses.replace(segment, switching_cost=v)) for s in rows for v in (0.2, 0.8)]
    together = level_lines_batch(varied, "key")
    for k, (s, seg) in enumerate(varied):
        alone = level_lines(dataclasses.replace(s, segments=(seg, s.segment("smb"))), "key")
        np.testing.assert_allclose(together[k], alone, rtol=RTOL, atol=1e-9)


def test_a_staffed_map_larger_than_one_pass_of_the_month_loop_equals_its_points_alone():
    """23 × 23 points × 4 levels = 2,116 rows: more than one pass of the staffed month loop
    (each pass takes its own pairs from the varied segment's stack)."""
    from crmsim import preset
    from crmsim.analysis.frontier import frontier_map
    from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS

    scenario = preset("classroom")
    fmap = frontier_map(scenario, segment="key accounts", n_points=23)
    for row, col in [(0, 0), (7, 19), (11, 11), (22, 3), (22, 22)]:
        varied = scenario.with_segment(
            "key accounts", mutual_importance=fmap.x[col], switching_cost=fmap.y[row]
        )
        lines = level_lines(varied, "key accounts")
        np.testing.assert_allclose(fmap.cost[row, col], lines @ COST_WEIGHTS, rtol=RTOL)
        np.testing.assert_allclose(fmap.ret[row, col], lines @ RETURN_WEIGHTS, rtol=RTOL)
