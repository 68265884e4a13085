"""The SimPy engine against the analytic engine: agreement within sampling error.

Tolerances are fixed in advance at 4 standard errors, seeds are fixed so CI is
deterministic, and each check has a companion showing it would catch a 10 % change of one
rate. With unlimited staff and homogeneous customers the two engines sample / compute the
same monthly chain, so any systematic gap is a bug.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crmsim import (
    Acquisition,
    Expectation,
    FollowUp,
    Lifecycle,
    LostCustomerAnalysis,
    Programme,
    SatisfactionSurvey,
    Scenario,
    Segment,
    evaluate,
)
from crmsim.engines import expected_months_to_churn, segment_outlook, simulate, simulate_chain
from crmsim.model import MarkovRewardProcess, segment_dynamics
from crmsim.scenario import STATES

Z = 4.0  # tolerance in standard errors, fixed before looking at any result
MIX = {"potential": 0.2, "target": 0.1, "new": 0.3, "repeat": 0.3, "loyal": 0.1}


def _scenario(n: int, **segment) -> Scenario:
    seg = Segment(name="s", n_customers=n, initial_mix=MIX, **segment)
    return Scenario(segments=(seg,), horizon_months=48)


def _occupancy_z(sim, ana, months=(6, 24, 47)) -> float:
    """Largest |sim - expected| / SE over states and months (binomial SE per cell)."""
    n = sim.occupancy.query("month == 0")["customers"].sum()
    worst = 0.0
    for month in months:
        observed = sim.occupancy.loc[sim.occupancy["month"] == month, "customers"].to_numpy()
        expected = ana.occupancy.loc[ana.occupancy["month"] == month, "customers"].to_numpy()
        p = expected / n
        se = np.sqrt(n * p * (1 - p))
        mask = se > 0
        worst = max(worst, float(np.max(np.abs(observed - expected)[mask] / se[mask])))
    return worst


def _own_values(sim, scenario, level: str):
    """(simulated own discounted values, analytic CLV) of the initial customers, per
    start state."""
    dyn = segment_dynamics(scenario, "s", level)
    outlook = segment_outlook(
        dyn, n_months=scenario.horizon_months, monthly_rate=scenario.monthly_discount_rate
    )
    ledger = sim.customers.query("referred_by == -1").sort_values("customer")
    # initial customers are created state by state in STATES order
    counts = [round(MIX.get(s, 0.0) * scenario.segments[0].n_customers) for s in STATES]
    start_states = np.repeat(np.arange(len(STATES)), counts)
    for i in np.unique(start_states):
        yield ledger["discounted_value"].to_numpy()[start_states == i], outlook.clv[i]


def _own_value_z(sim, scenario, level: str) -> float:
    """|mean own discounted value - analytic CLV| / SE, per start state, worst case."""
    worst = 0.0
    for values, clv in _own_values(sim, scenario, level):
        se = values.std(ddof=1) / np.sqrt(len(values))
        worst = max(worst, abs(values.mean() - clv) / se)
    return worst


@pytest.fixture(scope="module")
def no_referral_runs():
    scenario = _scenario(20_000, referrals_per_year=0.0)
    return {
        level: (scenario, simulate(scenario, plan=level, seed=20261123))
        for level in ("transactional", "partnership")
    }


@pytest.mark.parametrize("level", ["transactional", "partnership"])
def test_occupancy_agrees_with_analytic(no_referral_runs, level):
    scenario, sim = no_referral_runs[level]
    assert _occupancy_z(sim, evaluate(scenario, plan=level)) < Z


@pytest.mark.parametrize("level", ["transactional", "partnership"])
def test_own_discounted_value_agrees_with_analytic(no_referral_runs, level):
    scenario, sim = no_referral_runs[level]
    assert _own_value_z(sim, scenario, level) < Z


def test_occupancy_check_detects_a_ten_percent_churn_change(no_referral_runs):
    scenario, sim = no_referral_runs["transactional"]
    life = scenario.lifecycle
    wrong = dataclasses.replace(
        scenario, lifecycle=dataclasses.replace(life, churn_repeat=life.churn_repeat * 1.1)
    )
    assert _occupancy_z(sim, evaluate(wrong, plan="transactional")) > Z


def test_value_check_detects_a_ten_percent_margin_change(no_referral_runs):
    scenario, sim = no_referral_runs["transactional"]
    seg = scenario.segments[0]
    wrong = scenario.with_segment("s", gross_margin=seg.gross_margin * 1.1)
    assert _own_value_z(sim, wrong, "transactional") > Z


def _replicated_value(scenario: Scenario, level: str, n_replications: int):
    seeds = np.random.SeedSequence(99).spawn(n_replications)
    values = np.array(
        [
            simulate(scenario, plan=level, seed=s).summary["value_per_customer"].iloc[0]
            for s in seeds
        ]
    )
    return values.mean(), values.std(ddof=1) / np.sqrt(n_replications)


REFERRING = {"referrals_per_year": 0.3, "complaints_per_year": 3.0}


@pytest.fixture(scope="module")
def replicated_preferred():
    scenario = _scenario(1500, **REFERRING)
    return scenario, _replicated_value(scenario, "preferred", 16)


@pytest.mark.slow
def test_population_value_with_referrals_and_complaints_agrees(replicated_preferred):
    """Referrals spawn customers and complaints change states: the population value agrees."""
    scenario, (mean, se) = replicated_preferred
    expected = evaluate(scenario, plan="preferred").summary["value_per_customer"].iloc[0]
    assert abs(mean - expected) < Z * se


@pytest.mark.slow
def test_population_value_check_detects_a_ten_percent_wallet_change(replicated_preferred):
    scenario, (mean, se) = replicated_preferred
    wrong = scenario.with_segment("s", annual_wallet=12_000 * 1.1)
    expected = evaluate(wrong, plan="preferred").summary["value_per_customer"].iloc[0]
    assert abs(mean - expected) > Z * se


@pytest.mark.slow
def test_population_value_agrees_at_alliance_level():
    scenario = _scenario(1500, **REFERRING)
    mean, se = _replicated_value(scenario, "alliance", 16)
    expected = evaluate(scenario, plan="alliance").summary["value_per_customer"].iloc[0]
    assert abs(mean - expected) < Z * se


def _churn_chain(scenario: Scenario, level: str) -> MarkovRewardProcess:
    P = segment_dynamics(scenario, "s", level).served.transition()
    return MarkovRewardProcess(states=STATES, transition=P, reward=np.zeros(len(STATES)))


def _months_to_churn_z(scenario: Scenario, expected_from: Scenario) -> float:
    chain = _churn_chain(scenario, "preferred")
    absorbing = chain.transition.copy()
    for s in ("lost", "non_customer"):
        i = STATES.index(s)
        absorbing[i] = 0.0
        absorbing[i, i] = 1.0
    chain = dataclasses.replace(chain, transition=absorbing)
    sim = simulate_chain(chain, {"new": 50_000}, n_periods=3_000, seed=5)
    months = sim.customers["absorbed_period"].to_numpy()
    assert (months >= 0).all()  # every customer churned within the horizon
    P = segment_dynamics(expected_from, "s", "preferred").served.transition()
    expected = expected_months_to_churn(P)[STATES.index("new")]
    return abs(months.mean() - expected) / (months.std(ddof=1) / np.sqrt(len(months)))


def test_time_to_churn_agrees_with_analytic():
    scenario = _scenario(1)
    assert _months_to_churn_z(scenario, scenario) < Z


def test_time_to_churn_check_detects_a_ten_percent_churn_change():
    scenario = _scenario(1)
    life = scenario.lifecycle
    wrong = dataclasses.replace(
        scenario,
        lifecycle=Lifecycle(
            **{
                **{f.name: getattr(life, f.name) for f in dataclasses.fields(life)},
                "churn_repeat": life.churn_repeat * 1.1,
            }
        ),
    )
    assert _months_to_churn_z(scenario, wrong) > Z


# -- the retention levers (issue: programmes, follow-up, surveys, lost customers, ...) ----
# Each lever is switched on alone; the two engines must agree on occupancy (4 SE per cell)
# and on each start state's own discounted value within max(4 SE, 5 %).

LEVERS = {
    "club": {
        "programmes": (
            Programme(
                name="c",
                kind="club",
                cost_per_member_per_month=2.0,
                churn_reduction=0.3,
                share_of_wallet_uplift=0.03,
            ),
        )
    },
    "voucher": {
        "programmes": (Programme(name="v", kind="voucher", start_uplift=0.2, cost_per_use=40.0),)
    },
    "call centre": {
        "programmes": (
            Programme(name="h", kind="call_centre", voice_share=0.5, cost_per_member_per_month=1.0),
        )
    },
    "follow-up": {"follow_up": FollowUp(missed_share=0.4, reminder_catch=0.5)},
    "survey": {"satisfaction": SatisfactionSurvey(every_months=2, finds_share=0.8)},
    "lost-customer analysis": {
        "lost_customers": LostCustomerAnalysis(
            analysed_share=1.0, churn_cut=0.5, win_back_gain=0.2, delay_months=12
        )
    },
    "after-sale touch points": {
        "acquisition": Acquisition(
            after_sale_touch_points_per_month=3.0, repeat_per_after_sale_touch=0.1
        )
    },
    "expectation": {"expectation": Expectation(service_share_important=0.05, sow_response=3.0)},
}
LEVER_SEGMENT = {"value_tier": "important", "complaints_per_year": 3.0, "referrals_per_year": 0.0}


def _lever_scenario(name: str, n: int = 12_000) -> Scenario:
    return dataclasses.replace(_scenario(n, **LEVER_SEGMENT), **LEVERS[name])


@pytest.fixture(scope="module")
def lever_runs():
    return {
        name: (scenario := _lever_scenario(name), simulate(scenario, plan="partnership", seed=7))
        for name in LEVERS
    }


def _value_gap(sim, scenario: Scenario, level: str) -> float:
    """Worst |mean own value - analytic CLV| over start states, in units of the allowed
    gap max(4 SE, 5 % of the analytic value)."""
    worst = 0.0
    for values, clv in _own_values(sim, scenario, level):
        se = values.std(ddof=1) / np.sqrt(len(values))
        worst = max(worst, abs(values.mean() - clv) / max(Z * se, 0.05 * abs(clv)))
    return worst


@pytest.mark.parametrize("lever", list(LEVERS))
def test_each_lever_agrees_between_engines(lever_runs, lever):
    scenario, sim = lever_runs[lever]
    assert _occupancy_z(sim, evaluate(scenario, plan="partnership")) < Z
    assert _value_gap(sim, scenario, "partnership") < 1.0


@pytest.mark.parametrize("lever", ["survey", "lost-customer analysis", "follow-up"])
def test_lever_agreement_check_detects_the_lever_switched_off(lever_runs, lever):
    """The simulated run with the lever on is far from the analytic numbers without it."""
    scenario, sim = lever_runs[lever]
    without = _scenario(scenario.segments[0].n_customers, **LEVER_SEGMENT)
    assert _occupancy_z(sim, evaluate(without, plan="partnership")) > Z
