"""Analytic engine: internal consistency, queueing formulas and staff limits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crmsim import ComplaintDesk, Scenario, Segment, Staff, evaluate
from crmsim.engines import erlang_c_wait_probability

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


def test_occupancy_without_referrals_conserves_customers():
    seg = Segment(name="s", n_customers=250, initial_mix=MIX, referrals_per_year=0.0)
    res = evaluate(Scenario(segments=(seg,)), plan="alliance")
    totals = res.occupancy.groupby("month")["customers"].sum()
    np.testing.assert_allclose(totals, 250.0)


def test_too_few_account_managers_lower_the_served_share_and_the_value():
    seg = Segment(name="key", n_customers=50, annual_wallet=1_000_000, mutual_importance=0.9,
                  switching_cost=0.9)
    plenty = evaluate(Scenario(segments=(seg,), staff=Staff(n_account_managers=10)),
                      plan="partnership").summary.iloc[0]
    scarce = evaluate(Scenario(segments=(seg,), staff=Staff(n_account_managers=1)),
                      plan="partnership").summary.iloc[0]
    assert plenty["served_fraction"] == 1.0
    assert 0.0 < scarce["served_fraction"] < 0.5
    assert scarce["discounted_profit"] < plenty["discounted_profit"]


def test_served_share_uses_all_capacity_when_overloaded():
    seg = Segment(name="key", n_customers=50, referrals_per_year=0.0)
    scenario = Scenario(segments=(seg,), staff=Staff(n_account_managers=1))
    res = evaluate(scenario, plan="partnership")
    phi = res.summary["served_fraction"].iloc[0]
    buying = res.occupancy[res.occupancy["state"].isin(["new", "repeat", "loyal"])]
    mean_buying = buying.groupby("month")["customers"].sum().mean()
    assert phi * mean_buying * 12.0 == pytest.approx(140.0, rel=1e-6)


def test_a_small_complaint_desk_loses_customers():
    seg = Segment(name="s", n_customers=2000, complaints_per_year=6.0)
    roomy = evaluate(Scenario(segments=(seg,), complaints=ComplaintDesk(n_staff=20)))
    tight = evaluate(Scenario(segments=(seg,), complaints=ComplaintDesk(n_staff=5)))
    assert tight.extra["complaints_in_time"] < roomy.extra["complaints_in_time"]
    assert tight.summary["buying_end"].iloc[0] < roomy.summary["buying_end"].iloc[0]
