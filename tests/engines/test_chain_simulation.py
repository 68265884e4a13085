"""SimPy engine on general chains and Beta-heterogeneous cohorts vs the analytic engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmsim import ScenarioError
from crmsim.engines import simulate_chain, simulate_cohort
from crmsim.model import BetaGeometricCohort, MarkovRewardProcess

Z = 4.0  # standard errors, fixed in advance

# a five-state recency/loyalty migration chain with an absorbing "lost" state
STATES = ("active", "lapsing", "dormant", "at_risk", "lost")
P = np.array(
    [
        [0.80, 0.15, 0.05, 0.00, 0.00],
        [0.30, 0.50, 0.15, 0.05, 0.00],
        [0.10, 0.10, 0.60, 0.15, 0.05],
        [0.05, 0.00, 0.10, 0.70, 0.15],
        [0.00, 0.00, 0.00, 0.00, 1.00],
    ]
)
CHAIN = MarkovRewardProcess(
    states=STATES, transition=P, reward=np.array([40.0, 15.0, 5.0, 2.0, 0.0]), discount_rate=0.01
)
N = 20_000


@pytest.fixture(scope="module")
def chain_run():
    return simulate_chain(CHAIN, {"active": N}, n_periods=36, seed=123)


def _occupancy_z(run, chain) -> float:
    expected = chain.occupancy({"active": N}, 36)
    observed = run.occupancy.pivot(index="period", columns="state", values="customers")
    observed = observed[list(STATES)].to_numpy()
    p = expected / N
    se = np.sqrt(N * p * (1 - p))
    mask = se > 0
    return float(np.max(np.abs(observed - expected)[mask] / se[mask]))


def _value_z(run, chain) -> float:
    values = run.customers["discounted_reward"].to_numpy()
    se = values.std(ddof=1) / np.sqrt(len(values))
    return abs(values.mean() - chain.value(35)[0]) / se


def test_chain_occupancy_agrees(chain_run):
    assert _occupancy_z(chain_run, CHAIN) < Z


def test_chain_value_agrees(chain_run):
    assert _value_z(chain_run, CHAIN) < Z


def _perturbed() -> MarkovRewardProcess:
    Q = P.copy()
    Q[0, 1] *= 1.1  # 10 % more lapsing from active
    Q[0, 0] = 1.0 - Q[0, 1:].sum()
    return MarkovRewardProcess(states=STATES, transition=Q, reward=CHAIN.reward, discount_rate=0.01)


def test_chain_checks_detect_a_ten_percent_rate_change(chain_run):
    wrong = _perturbed()
    assert _occupancy_z(chain_run, wrong) > Z
    assert _value_z(chain_run, wrong) > Z


def test_absorption_times_agree(chain_run):
    sim = simulate_chain(CHAIN, {"active": N}, n_periods=2_000, seed=9)
    periods = sim.customers["absorbed_period"].to_numpy()
    assert (periods > 0).all()
    se = periods.std(ddof=1) / np.sqrt(N)
    assert abs(periods.mean() - CHAIN.expected_periods_before_absorption()[0]) < Z * se


def test_chain_same_seed_same_result():
    a = simulate_chain(CHAIN, {"active": 200}, 24, seed=4)
    b = simulate_chain(CHAIN, {"active": 200}, 24, seed=4)
    c = simulate_chain(CHAIN, {"active": 200}, 24, seed=5)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert not a.customers["discounted_reward"].equals(c.customers["discounted_reward"])


def test_chain_ledger_agrees_with_occupancy(chain_run):
    """Each customer's start and final state and absorption period fit the state counts."""
    occ = chain_run.occupancy.pivot(index="period", columns="state", values="customers")
    ledger = chain_run.customers
    assert (ledger["customer"].to_numpy() == np.arange(N)).all()
    for column, period in (("start_state", 0), ("final_state", 35)):
        counts = ledger[column].value_counts().reindex(list(STATES), fill_value=0)
        assert (counts.to_numpy() == occ.loc[period, list(STATES)].to_numpy()).all()
    lost = ledger["final_state"] == "lost"
    assert (ledger.loc[lost, "absorbed_period"] > 0).all()
    assert (ledger.loc[~lost, "absorbed_period"] == -1).all()
    # customers lost by period t = the lost state's count at t
    lost_by = ledger.loc[lost, "absorbed_period"].value_counts().sort_index().cumsum()
    assert (lost_by.to_numpy() == occ.loc[lost_by.index, "lost"].to_numpy()).all()


def test_chain_rejects_fractional_customers():
    with pytest.raises(ScenarioError, match="whole numbers"):
        simulate_chain(CHAIN, {"active": 2.5}, 12, seed=1)


COHORT = BetaGeometricCohort(alpha=0.704, beta=1.182)  # Fader & Hardie (2007), "regular"


def _survival_z(sim, cohort, n) -> float:
    observed = sim.survivors["alive"].to_numpy() / n
    expected = cohort.survival(np.arange(len(observed)))
    se = np.sqrt(expected * (1 - expected) / n)
    return float(np.max(np.abs(observed - expected)[1:] / se[1:]))


def test_cohort_survival_agrees_with_sbg_curve():
    sim = simulate_cohort(COHORT, 50_000, 12, seed=2007)
    assert _survival_z(sim, COHORT, 50_000) < Z


def test_cohort_check_detects_a_ten_percent_change_in_mean_churn():
    sim = simulate_cohort(COHORT, 50_000, 12, seed=2007)
    # same heterogeneity (alpha + beta), mean churn alpha / (alpha + beta) up 10 %
    total = COHORT.alpha + COHORT.beta
    alpha = 1.1 * COHORT.alpha
    wrong = BetaGeometricCohort(alpha=alpha, beta=total - alpha)
    assert _survival_z(sim, wrong, 50_000) > Z


def test_heterogeneous_cohort_retention_rises_over_time():
    """Sorting: the most churn-prone leave first, so observed retention increases."""
    sim = simulate_cohort(COHORT, 50_000, 8, seed=1)
    alive = sim.survivors["alive"].to_numpy()
    retention = alive[1:] / alive[:-1]
    assert (np.diff(retention) > 0).all()
