"""Staff limits: payroll in the money, and the two engines agreeing where staff bind.

Agreement: for an ample, a tight and a starved regime of account managers, and the same
three for the complaint desk, the value per customer of each segment agrees between the
SimPy engine (mean of ``N_REPLICATIONS`` replications, fixed seed) and the analytic engine
within ``max(Z standard errors, REL of the analytic value)``. The tolerance, the number of
replications and the seed were fixed before looking at any result. Each regime has a
companion test showing that a 10 % error in either direction of any segment's value would
be caught by the same check.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crmsim import (
    ComplaintDesk,
    FollowUp,
    Lifecycle,
    LostCustomerAnalysis,
    Programme,
    SatisfactionSurvey,
    Scenario,
    Segment,
    Staff,
    evaluate,
    preset,
)
from crmsim.engines import lines_per_customer, simulate
from crmsim.model import segment_dynamics

Z = 4.0  # tolerance in standard errors, fixed in advance
REL = 0.05  # ... or this share of the analytic value, whichever is larger
N_REPLICATIONS = 12  # fixed in advance, never tuned to make a seed pass
SEED = 20261201
MIX = {"potential": 0.2, "target": 0.1, "new": 0.3, "repeat": 0.3, "loyal": 0.1}


def _segment(name: str, n: int, wallet: float, complaints: float = 2.0, **kw) -> Segment:
    return Segment(
        name=name,
        n_customers=n,
        annual_wallet=wallet,
        initial_mix=MIX,
        referrals_per_year=0.2,
        complaints_per_year=complaints,
        **kw,
    )


# Account managers: long partnership contacts (deepest level, served first) and short
# preferred contacts every three months compete for one pool of manager hours.
MANAGED = Scenario(
    segments=(
        _segment("key", 100, 1_000_000, mutual_importance=0.9, switching_cost=0.9),
        _segment("important", 500, 150_000, mutual_importance=0.6, switching_cost=0.5),
        _segment("ordinary", 600, 20_000),
    ),
    plan={"key": "partnership", "important": "preferred", "ordinary": "preferred"},
    horizon_months=36,
)
MANAGER_REGIMES = {"ample": 40, "tight": 20, "starved": 6}

# Complaint desk: many complaints, long handling; no account managers needed.
DESK = Scenario(
    segments=(
        _segment(
            "important", 400, 150_000, complaints=6.0, mutual_importance=0.6, switching_cost=0.5
        ),
        _segment("ordinary", 800, 40_000, complaints=6.0),
    ),
    plan={"important": "preferred", "ordinary": "transactional"},
    horizon_months=36,
)
DESK_REGIMES = {"ample": 25, "tight": 14, "starved": 9}


def _with_managers(n: int) -> Scenario:
    return dataclasses.replace(MANAGED, staff=Staff(n_account_managers=n))


def _with_desk(n: int) -> Scenario:
    return dataclasses.replace(DESK, complaints=ComplaintDesk(n_staff=n, hours_per_complaint=8.0))


def _replicated(
    scenario: Scenario, n_replications: int = N_REPLICATIONS
) -> tuple[np.ndarray, np.ndarray, list]:
    runs = [simulate(scenario, seed=s) for s in np.random.SeedSequence(SEED).spawn(n_replications)]
    values = np.array([r.summary["value_per_customer"].to_numpy() for r in runs])
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(n_replications), runs


def _disagreements(mean: np.ndarray, se: np.ndarray, expected: np.ndarray) -> list[int]:
    """Segments whose simulated mean is outside max(Z SE, REL |expected|) of ``expected``."""
    tolerance = np.maximum(Z * se, REL * np.abs(expected))
    return [i for i in range(len(expected)) if abs(mean[i] - expected[i]) > tolerance[i]]


def _catches_every_ten_percent_error(
    mean: np.ndarray, se: np.ndarray, expected: np.ndarray
) -> bool:
    """True when any segment's value 10 % too low or too high would be a disagreement."""
    for i in range(len(expected)):
        for factor in (0.9, 1.1):
            wrong = expected.copy()
            wrong[i] *= factor
            if i not in _disagreements(mean, se, wrong):
                return False
    return True


@pytest.fixture(scope="module")
def manager_runs():
    out = {}
    for regime, n in MANAGER_REGIMES.items():
        scenario = _with_managers(n)
        out[regime] = (scenario, evaluate(scenario), *_replicated(scenario))
    return out


@pytest.fixture(scope="module")
def desk_runs():
    out = {}
    for regime, n in DESK_REGIMES.items():
        scenario = _with_desk(n)
        out[regime] = (scenario, evaluate(scenario), *_replicated(scenario))
    return out


def test_manager_regimes_are_ample_tight_and_starved():
    served = {
        r: evaluate(_with_managers(n)).summary.set_index("segment")["served_fraction"]
        for r, n in MANAGER_REGIMES.items()
    }
    assert (served["ample"] == 1.0).all()
    assert served["tight"]["key"] > 0.99 and 0.2 < served["tight"]["ordinary"] < 0.95
    assert served["starved"]["key"] < 0.8 and served["starved"]["ordinary"] < 0.1


def test_desk_regimes_are_ample_tight_and_starved():
    in_time = {
        r: evaluate(_with_desk(n)).extra["complaints_in_time"] for r, n in DESK_REGIMES.items()
    }
    assert in_time["ample"] > 0.99
    assert 0.6 < in_time["tight"] < 0.95
    assert in_time["starved"] < 0.6


STAFF_REGIMES = [("manager_runs", regime) for regime in MANAGER_REGIMES] + [
    ("desk_runs", regime) for regime in DESK_REGIMES
]
"""Every (limited role, regime) pair: account managers and the complaint desk, each ample,
tight and starved."""


@pytest.mark.slow
@pytest.mark.parametrize(("runs", "regime"), STAFF_REGIMES)
def test_engines_agree_under_staff_limits(request, runs, regime):
    _, analytic, mean, se, _ = request.getfixturevalue(runs)[regime]
    expected = analytic.summary["value_per_customer"].to_numpy()
    assert _disagreements(mean, se, expected) == []


@pytest.mark.slow
@pytest.mark.parametrize(("runs", "regime"), STAFF_REGIMES)
def test_the_agreement_check_catches_a_ten_percent_error(request, runs, regime):
    _, analytic, mean, se, _ = request.getfixturevalue(runs)[regime]
    expected = analytic.summary["value_per_customer"].to_numpy()
    assert _catches_every_ten_percent_error(mean, se, expected)


@pytest.mark.slow
def test_served_fractions_per_segment_agree(manager_runs):
    """Deepest level first: both engines serve each segment about the same share."""
    for regime, (_, analytic, _, _, runs) in manager_runs.items():
        simulated = np.mean([r.summary["served_fraction"].to_numpy() for r in runs], axis=0)
        expected = analytic.summary["served_fraction"].to_numpy()
        np.testing.assert_allclose(simulated, expected, atol=0.05, err_msg=regime)


@pytest.mark.slow
def test_complaints_answered_in_time_agree(desk_runs):
    for regime, (_, analytic, _, _, runs) in desk_runs.items():
        simulated = np.mean([r.extra["complaints_in_time"] for r in runs])
        assert simulated == pytest.approx(analytic.extra["complaints_in_time"], abs=0.03), regime


# --------------------------------------------------------------------------------------
# staff as payroll
# --------------------------------------------------------------------------------------


def test_idle_managers_are_paid():
    """Nobody needs a manager at the transactional level: the whole payroll is idle."""
    scenario = _with_managers(3).with_plan("transactional")
    for res in (evaluate(scenario), simulate(scenario, seed=1)):
        managers = res.staff.query("role == 'account_managers'")
        assert (managers["worked_hours"] == 0.0).all()
        assert (managers["payroll"] == 3 * 140.0 * 60.0).all()
        np.testing.assert_allclose(managers["idle_cost"], managers["payroll"])
        paid = float((managers["payroll"] * managers["discount_factor"]).sum())
        assert res.total_discounted_profit() == pytest.approx(
            res.cash_flows["discounted_profit"].sum() - paid
        )


def test_over_and_under_staffing_both_cost_money():
    profit = {n: evaluate(_with_managers(n)).total_discounted_profit() for n in (0, 20, 120)}
    assert profit[0] < profit[20]  # too few: customers neglected
    assert profit[120] < profit[20]  # too many: idle payroll


def test_classroom_profit_depends_on_the_number_of_account_managers():
    classroom = preset("classroom")
    profits = [
        evaluate(
            dataclasses.replace(
                classroom, staff=dataclasses.replace(classroom.staff, n_account_managers=n)
            )
        ).total_discounted_profit()
        for n in (2, 12)
    ]
    assert profits[0] != pytest.approx(profits[1], rel=1e-3)


def test_segments_are_charged_only_for_manager_hours_worked():
    """With no managers no contact is worked: the hourly rate no longer matters to a segment."""

    def relationship_cost(n: int | None, rate: float) -> float:
        scenario = dataclasses.replace(
            MANAGED, staff=Staff(n_account_managers=n, cost_per_hour=rate)
        )
        return float(
            lines_per_customer(evaluate(scenario)).loc[("key", "partnership"), "relationship_cost"]
        )

    assert relationship_cost(0, 60.0) == pytest.approx(relationship_cost(0, 120.0))
    assert relationship_cost(None, 120.0) > relationship_cost(None, 60.0)  # per worked hour


def test_worked_hours_are_the_served_contacts():
    """Worked manager hours equal the hours of the contacts served, in both engines."""
    scenario = _with_managers(20)
    res = evaluate(scenario)
    worked = res.staff.query("role == 'account_managers'")["worked_hours"].to_numpy()
    assert (worked <= 20 * 140.0 + 1e-9).all()
    sim = simulate(scenario, seed=3)
    sim_worked = sim.staff.query("role == 'account_managers'")["worked_hours"].to_numpy()
    assert (sim_worked <= 20 * 140.0 + 1e-9).all()
    assert sim_worked.sum() == pytest.approx(worked.sum(), rel=0.05)


def test_unlimited_staff_have_no_payroll():
    scenario = dataclasses.replace(MANAGED, staff=Staff(), horizon_months=12)
    for res in (evaluate(scenario), simulate(scenario, seed=1)):
        assert res.staff.empty
        assert res.idle_staff_cost() == 0.0
        assert res.total_discounted_profit() == res.cash_flows["discounted_profit"].sum()


def test_deepest_level_is_served_first_exact_trace():
    """Hours for exactly one contact: the alliance customer gets it, the partner does not."""
    still = Lifecycle(
        new_to_repeat=0.0,
        repeat_to_loyal=0.0,
        loyal_to_repeat=0.0,
        churn_new=0.0,
        churn_repeat=0.0,
        churn_loyal=0.0,
        win_back=0.0,
        lost_to_gone=0.0,
        potential_gone=0.0,
        target_gone=0.0,
    )
    segments = tuple(
        Segment(
            name=name,
            n_customers=1,
            initial_mix={"repeat": 1.0},
            complaints_per_year=0.0,
            referrals_per_year=0.0,
        )
        for name in ("p", "a")
    )
    base = Scenario(
        segments=segments,
        lifecycle=still,
        horizon_months=4,
        plan={"p": "partnership", "a": "alliance"},
    )
    hours = segment_dynamics(base, "a", "alliance").manager_hours_per_month
    assert hours > segment_dynamics(base, "p", "partnership").manager_hours_per_month
    scenario = dataclasses.replace(
        base, staff=Staff(n_account_managers=1, hours_per_manager_per_month=max(hours, 1.0))
    )
    for res in (evaluate(scenario), simulate(scenario, seed=0)):
        served = res.summary.set_index("segment")["served_fraction"]
        assert (served["a"], served["p"]) == (1.0, 0.0)


# --------------------------------------------------------------------------------------
# levers that use staff: lapsed follow-up (fewer manager hours), a call centre and surveys
# (more complaints at a limited desk), with the lessons of lost-customer analysis changing
# the dynamics within the horizon
# --------------------------------------------------------------------------------------

LEVERED = dataclasses.replace(
    _with_managers(14),
    complaints=ComplaintDesk(n_staff=5, hours_per_complaint=4.0),
    follow_up=FollowUp(missed_share=0.3, reminder_catch=0.5),
    satisfaction=SatisfactionSurvey(every_months=3),
    lost_customers=LostCustomerAnalysis(analysed_share=1.0, delay_months=12),
    programmes=(Programme(name="hotline", kind="call_centre", voice_share=0.4),),
)


LEVERED_REPLICATIONS = 32
"""The key segment (100 customers) is the noisiest here: 12 replications left its standard
error at about 2.2 % of its value, too wide for the companion test to catch a 10 % error on
both sides; 32 bring it to about 1.3 %. Chosen for the check's power; the tolerance is
unchanged."""


@pytest.fixture(scope="module")
def levered_runs():
    return evaluate(LEVERED), *_replicated(LEVERED, LEVERED_REPLICATIONS)


@pytest.mark.slow
def test_engines_agree_with_levers_that_use_staff(levered_runs):
    analytic, mean, se, _ = levered_runs
    assert 0.6 < analytic.extra["complaints_in_time"] < 0.95  # the desk binds
    assert 0.6 < analytic.extra["served_fraction"] < 0.95  # so do the managers
    expected = analytic.summary["value_per_customer"].to_numpy()
    assert _disagreements(mean, se, expected) == []


@pytest.mark.slow
def test_the_levered_agreement_check_catches_a_ten_percent_error(levered_runs):
    analytic, mean, se, _ = levered_runs
    expected = analytic.summary["value_per_customer"].to_numpy()
    assert _catches_every_ten_percent_error(mean, se, expected)
