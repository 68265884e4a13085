"""Analytic engine: internal consistency, queueing formulas and staff limits."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from crmsim import ComplaintDesk, Scenario, Segment, Staff, evaluate
from crmsim.engines import (
    erlang_c_wait_probability,
    evaluate_plans,
    level_lines,
    level_lines_batch,
    lines_per_customer,
    present_value_lines,
    priority_served_fractions,
    served_chain,
)
from crmsim.model import CASH_COMPONENTS, segment_dynamics

MIX = {"potential": 0.25, "new": 0.25, "repeat": 0.25, "loyal": 0.25}


def test_mm1_wait_probability_matches_closed_form():
    # M/M/1: P(W > t) = rho * exp(-(mu - lambda) t)
    lam, mu, t = 3.0, 5.0, 0.4
    assert erlang_c_wait_probability(1, lam, mu, t) == pytest.approx(
        lam / mu * math.exp(-(mu - lam) * t)
    )


def test_erlang_c_known_value():
    # 2 servers, offered load 1 Erlang: C(2, 1) = 1/3 (standard table value)
    assert erlang_c_wait_probability(2, 1.0, 1.0, 0.0) == pytest.approx(1 / 3)


def test_unstable_queue_always_waits():
    assert erlang_c_wait_probability(2, 5.0, 1.0, 10.0) == 1.0


def test_population_value_equals_mix_of_per_state_clv():
    """Two computations of one number: population cash flows vs per-state CLV × start mix."""
    seg = Segment(name="s", n_customers=400, initial_mix=MIX, referrals_per_year=0.5)
    res = evaluate(Scenario(segments=(seg,)), plan="preferred")
    clv = res.clv.set_index("start_state")["clv_with_referrals"]
    expected = sum(share * clv[state] for state, share in MIX.items()) * 400
    assert res.summary["discounted_profit"].iloc[0] == pytest.approx(expected, rel=1e-9)


KEY = Segment(
    name="key accounts",
    n_customers=20,
    annual_wallet=1_000_000.0,
    mutual_importance=0.9,
    switching_cost=0.9,
)


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(segments=(Segment(name="typical"),)),
        Scenario(segments=(KEY,), horizon_months=1),
        Scenario(segments=(KEY,), horizon_months=13, annual_discount_rate=0.0),
        Scenario(
            segments=(
                Segment(
                    name="x",
                    annual_wallet=5e6,
                    customer_power=0.8,
                    initial_mix={"potential": 0.4, "target": 0.1, "new": 0.5},
                ),
            )
        ),
        Scenario(
            segments=(
                Segment(name="s", initial_mix=MIX, referrals_per_year=2.0, complaints_per_year=6.0),
            ),
            horizon_months=30,
        ),
    ],
)
def test_batched_present_values_equal_the_month_by_month_evaluation(scenario):
    """Two uses of one chain: closed-form sums over many chains vs the monthly time path."""
    seg = scenario.segments[0]
    batched = present_value_lines([served_chain(scenario, seg, lv) for lv in scenario.levels])
    np.testing.assert_array_equal(level_lines(scenario), batched)
    for i, level in enumerate(scenario.level_names):
        month_by_month = lines_per_customer(evaluate(scenario, plan=level)).iloc[0]
        np.testing.assert_allclose(
            batched[i], month_by_month[list(CASH_COMPONENTS)].to_numpy(float), rtol=1e-10, atol=1e-6
        )


def test_a_batch_mixing_horizons_and_rates_equals_each_chain_alone():
    seg = Segment(name="s", initial_mix=MIX, referrals_per_year=1.0)
    scenarios = [
        Scenario(segments=(seg,), horizon_months=h, annual_discount_rate=r)
        for h, r in ((1, 0.1), (24, 0.0), (24, 0.1), (61, 0.3))
    ]
    chains = [served_chain(s, seg, lv) for s in scenarios for lv in s.levels]
    together = present_value_lines(chains)
    alone = np.concatenate([present_value_lines([c]) for c in chains])
    np.testing.assert_allclose(together, alone, rtol=1e-12, atol=1e-9)


def test_occupancy_without_referrals_conserves_customers():
    seg = Segment(name="s", n_customers=250, initial_mix=MIX, referrals_per_year=0.0)
    res = evaluate(Scenario(segments=(seg,)), plan="alliance")
    totals = res.occupancy.groupby("month")["customers"].sum()
    np.testing.assert_allclose(totals, 250.0)


def test_too_few_account_managers_lower_the_served_share_and_the_value():
    seg = Segment(
        name="key",
        n_customers=50,
        annual_wallet=1_000_000,
        mutual_importance=0.9,
        switching_cost=0.9,
    )
    plenty = evaluate(
        Scenario(segments=(seg,), staff=Staff(n_account_managers=20)), plan="partnership"
    ).summary.iloc[0]
    scarce = evaluate(
        Scenario(segments=(seg,), staff=Staff(n_account_managers=1)), plan="partnership"
    ).summary.iloc[0]
    assert plenty["served_fraction"] == 1.0
    assert 0.0 < scarce["served_fraction"] < 0.5
    assert scarce["discounted_profit"] < plenty["discounted_profit"]


def test_served_share_uses_all_capacity_when_overloaded():
    """Each month the managers work all the whole contacts that fit in their 140 hours."""
    seg = Segment(name="key", n_customers=200, referrals_per_year=0.0)
    scenario = Scenario(segments=(seg,), staff=Staff(n_account_managers=1))
    res = evaluate(scenario, plan="partnership")
    hours = segment_dynamics(scenario, "key", "partnership").manager_hours_per_month
    buying = res.occupancy[res.occupancy["state"].isin(["new", "repeat", "loyal"])]
    due = buying.groupby("month")["customers"].sum().to_numpy() * hours
    worked = res.staff.query("role == 'account_managers'")["worked_hours"].to_numpy()
    assert (due > 140.0).any()
    fits = hours * math.floor(140.0 / hours)  # whole contacts (cycle of one month)
    np.testing.assert_allclose(worked, np.minimum(due, fits), rtol=1e-9)
    phi = res.summary["served_fraction"].iloc[0]
    assert phi == pytest.approx(worked.sum() / due.sum(), rel=1e-9)


def test_a_small_complaint_desk_loses_customers():
    seg = Segment(name="s", n_customers=2000, complaints_per_year=6.0)
    roomy = evaluate(Scenario(segments=(seg,), complaints=ComplaintDesk(n_staff=20)))
    tight = evaluate(Scenario(segments=(seg,), complaints=ComplaintDesk(n_staff=5)))
    assert tight.extra["complaints_in_time"] < roomy.extra["complaints_in_time"]
    assert tight.summary["buying_end"].iloc[0] < roomy.summary["buying_end"].iloc[0]


def test_whole_contacts_that_fit_up_to_rounding_are_served():
    """420 hours hold 60 contacts of 7 hours even when the mean contact length comes out
    one unit in the last place above 7 (a demand-weighted mean is rounded)."""
    demand = np.array([743.6367999, 8.37])
    ranks = np.array([3, 1])
    seven = np.nextafter(7.0, 8.0)
    served = priority_served_fractions(420.0, demand, ranks, np.array([seven, 3.75]))
    assert served[0] * demand[0] == pytest.approx(420.0, rel=1e-12)  # 60 contacts
    assert served[1] == 0.0  # nothing left for the next level
    # companion: a contact really longer than 7 h leaves room for 59 only
    longer = priority_served_fractions(420.0, demand, ranks, np.array([7.01, 3.75]))
    assert longer[0] * demand[0] == pytest.approx(59 * 7.01, rel=1e-12)


def test_priority_of_many_scenarios_is_each_scenario_on_its_own():
    """Scenarios that fall short at different levels (or not at all), served together."""
    capacity = np.array([500.0, 100.0, 45.0, 10.0, 0.0])
    demand = np.array([[80.0, 150.0, 40.0, 9.0]] * 5)
    ranks = np.array([[3, 2, 2, 1], [3, 2, 2, 1], [1, 3, 2, 2], [2, 2, 3, 1], [3, 2, 1, 0]])
    contact = np.array([[6.0, 30.0, 5.0, 2.0]] * 5)
    together = priority_served_fractions(capacity, demand, ranks, contact)
    alone = [
        priority_served_fractions(c, d, r, h)
        for c, d, r, h in zip(capacity, demand, ranks, contact, strict=True)
    ]
    np.testing.assert_allclose(together, alone, rtol=1e-12)
    assert together[0].tolist() == [1.0, 1.0, 1.0, 1.0]  # enough for everyone
    hours = (together * demand).sum(-1)
    assert (hours <= capacity + 1e-9).all()
    # scenario 1: the deepest level takes its 80 h; the next level's contacts last 24.7 h on
    # average (4,700 / 190), none fits in the 20 h left, which go to the last level's 9 h
    assert together[1] * demand[1] == pytest.approx([80.0, 0.0, 0.0, 9.0], rel=1e-12)


def test_level_lines_batch_mixes_staffed_unlimited_and_segment_copies():
    staffed = Scenario(
        segments=(
            Segment(name="smb", n_customers=300),
            Segment(name="key", n_customers=10, annual_wallet=1e6),
        ),
        staff=Staff(n_account_managers=1),
    )
    free = Scenario(segments=staffed.segments)
    copy = dataclasses.replace(staffed.segment("key"), switching_cost=0.9)
    batch = level_lines_batch([staffed, free, (staffed, copy)], "key")
    np.testing.assert_array_equal(batch[0], level_lines(staffed, "key"))
    np.testing.assert_array_equal(batch[1], level_lines(free, "key"))
    varied = staffed.with_segment("key", switching_cost=0.9)
    np.testing.assert_allclose(batch[2], level_lines(varied, "key"), rtol=1e-12)
    assert not np.allclose(batch[0], batch[1])  # the shared manager binds


@pytest.mark.parametrize("staffed", [True, False])
def test_plans_evaluated_together_equal_one_evaluate_each(staffed):
    """Several plans through one month loop (a row each) = one evaluate per plan: every
    frame and the extras, with lessons of the lost-customer analysis switching mid-way."""
    import pandas as pd

    from crmsim.scenario.levers import LostCustomerAnalysis
    from crmsim.scenario.presets import preset

    scenario = dataclasses.replace(
        preset("classroom"), lost_customers=LostCustomerAnalysis(analysed_share=0.5)
    )
    if not staffed:
        scenario = dataclasses.replace(scenario, staff=Staff(), complaints=ComplaintDesk())
    plans = [None, "transactional", {"key accounts": "alliance"}, "partnership"]
    together = evaluate_plans(scenario, plans)
    assert len(together) == len(plans)
    for plan, run in zip(plans, together, strict=True):
        alone = evaluate(scenario, plan=plan)
        assert run.scenario == alone.scenario
        assert run.extra.keys() == alone.extra.keys()
        for key, value in alone.extra.items():
            assert run.extra[key] == (None if value is None else pytest.approx(value, rel=1e-12))
        for name in ("occupancy", "cash_flows", "summary", "clv", "staff"):
            pd.testing.assert_frame_equal(
                getattr(run, name), getattr(alone, name), check_exact=False, rtol=1e-12, atol=1e-9
            )
    assert evaluate_plans(scenario, []) == []
