"""Unit and property tests for :mod:`crmsim.model.markov`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

from crmsim.common import ScenarioError
from crmsim.model import (
    BetaGeometricCohort,
    MarkovRewardProcess,
    discount_factors,
    periods_before_absorption,
    sbg_log_likelihood,
)


def alive_lost(p_stay: float, margin: float = 10.0, rate: float = 0.0) -> MarkovRewardProcess:
    return MarkovRewardProcess(
        states=("alive", "lost"),
        transition=[[p_stay, 1.0 - p_stay], [0.0, 1.0]],
        reward=[margin, 0.0],
        discount_rate=rate,
    )


# --------------------------------------------------------------------------------------
# MarkovRewardProcess: exact small chains
# --------------------------------------------------------------------------------------


class TestTwoStateByHand:
    """Alive/lost chain: stay with probability p, margin m at the start of alive periods."""

    p, m, i = 0.7, 12.0, 0.1

    @property
    def mrp(self) -> MarkovRewardProcess:
        return alive_lost(self.p, self.m, self.i)

    def test_infinite_value_is_geometric_sum(self):
        d = 1 / (1 + self.i)
        assert self.mrp.value() == pytest.approx([self.m / (1 - d * self.p), 0.0], rel=1e-12)

    @pytest.mark.parametrize("horizon", [0, 1, 2, 5, 17])
    def test_finite_value_is_partial_geometric_sum(self, horizon):
        q = self.p / (1 + self.i)
        expected = self.m * (1 - q ** (horizon + 1)) / (1 - q)
        assert self.mrp.value(horizon) == pytest.approx([expected, 0.0], rel=1e-12)

    def test_occupancy_by_hand(self):
        occ = self.mrp.occupancy({"alive": 1000}, 4)
        alive = 1000 * self.p ** np.arange(4)
        np.testing.assert_allclose(occ, np.column_stack([alive, 1000 - alive]), rtol=1e-12)

    def test_discounted_cash_flow_by_hand(self):
        cash = self.mrp.discounted_cash_flow("alive", 4)
        expected = self.m * (self.p / (1 + self.i)) ** np.arange(4)
        np.testing.assert_allclose(cash, expected, rtol=1e-12)

    def test_cash_flow_sums_to_finite_value(self):
        cash = self.mrp.discounted_cash_flow({"alive": 3.0}, 9)
        assert cash.sum() == pytest.approx(3.0 * self.mrp.value(horizon=8)[0], rel=1e-12)


def test_value_horizon_zero_is_reward():
    mrp = MarkovRewardProcess(
        states=("a", "b", "c"),
        transition=[[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.0, 0.0, 1.0]],
        reward=[5.0, -2.0, 0.5],
        discount_rate=0.05,
    )
    np.testing.assert_array_equal(mrp.value(horizon=0), mrp.reward)


def test_finite_value_converges_to_infinite_value():
    mrp = MarkovRewardProcess(
        states=("new", "repeat", "lost"),
        transition=[[0.1, 0.6, 0.3], [0.0, 0.85, 0.15], [0.05, 0.0, 0.95]],
        reward=[3.0, 8.0, -0.5],
        discount_rate=0.08,
    )
    gaps = [np.abs(mrp.value(h) - mrp.value()).max() for h in (10, 50, 200, 800)]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-12 * np.abs(mrp.value()).max()


def test_occupancy_rows_sum_to_initial_total():
    mrp = MarkovRewardProcess(
        states=("a", "b", "c"),
        transition=[[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]],
        reward=[0, 0, 0],
    )
    occ = mrp.occupancy([10.0, 20.0, 70.0], 25)
    assert occ.shape == (25, 3)
    np.testing.assert_allclose(occ.sum(axis=1), 100.0, rtol=1e-12)
    np.testing.assert_array_equal(occ[0], [10.0, 20.0, 70.0])


def test_occupancy_accepts_name_mapping_and_vector_alike():
    mrp = alive_lost(0.6)
    by_name = mrp.occupancy("alive", 3)
    by_map = mrp.occupancy({"alive": 1}, 3)
    by_vec = mrp.occupancy(np.array([1.0, 0.0]), 3)
    np.testing.assert_array_equal(by_name, by_map)
    np.testing.assert_array_equal(by_name, by_vec)
    assert mrp.occupancy("alive", 0).shape == (0, 2)


def test_absorbing_state_absorbs():
    mrp = MarkovRewardProcess(
        states=("new", "loyal", "lost"),
        transition=[[0.0, 0.5, 0.5], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
        reward=[1.0, 2.0, 0.0],
    )
    assert mrp.absorbing_states() == ("lost",)
    np.testing.assert_array_equal(mrp.occupancy("lost", 6), np.tile([0.0, 0.0, 1.0], (6, 1)))
    late = mrp.occupancy("new", 2000)[-1]
    assert late == pytest.approx([0.0, 0.0, 1.0], abs=1e-12)


@pytest.mark.parametrize("p", [0.0, 0.3, 0.75, 0.99])
def test_expected_periods_before_absorption_geometric(p):
    """Staying with probability p: the number of alive periods is geometric, mean 1/(1-p)."""
    periods = alive_lost(p).expected_periods_before_absorption()
    assert periods == pytest.approx([1.0 / (1.0 - p), 0.0], rel=1e-12)


def test_expected_periods_match_undiscounted_unit_reward_value():
    mrp = MarkovRewardProcess(
        states=("new", "repeat", "loyal", "lost"),
        transition=[
            [0.1, 0.5, 0.0, 0.4],
            [0.0, 0.3, 0.5, 0.2],
            [0.0, 0.05, 0.9, 0.05],
            [0.0, 0.0, 0.0, 1.0],
        ],
        reward=[1.0, 1.0, 1.0, 0.0],
    )
    np.testing.assert_allclose(mrp.value(), mrp.expected_periods_before_absorption(), rtol=1e-12)
    np.testing.assert_allclose(mrp.value(horizon=3000), mrp.value(), rtol=1e-10)


def test_undiscounted_infinite_value_diverges_with_paying_absorbing_state():
    mrp = MarkovRewardProcess(
        states=("alive", "lost"), transition=[[0.5, 0.5], [0.0, 1.0]], reward=[1.0, -2.0]
    )
    with pytest.raises(ScenarioError, match=r"absorbing state 'lost' pays reward -2"):
        mrp.value()
    assert mrp.with_reward([1.0, 0.0]).value() == pytest.approx([2.0, 0.0])


def test_undiscounted_infinite_value_diverges_without_absorption():
    mrp = MarkovRewardProcess(
        states=("a", "b"), transition=[[0.5, 0.5], [0.5, 0.5]], reward=[1.0, 1.0]
    )
    with pytest.raises(
        ScenarioError, match=r"diverges without discounting.*received discount_rate 0\.$"
    ):
        mrp.value()
    assert mrp.value(horizon=3) == pytest.approx([4.0, 4.0])
    discounted = MarkovRewardProcess(
        states=("a", "b"),
        transition=[[0.5, 0.5], [0.5, 0.5]],
        reward=[1.0, 1.0],
        discount_rate=0.25,
    )
    assert discounted.value() == pytest.approx([5.0, 5.0])


def test_expected_periods_needs_an_absorbing_state():
    mrp = MarkovRewardProcess(states=("a", "b"), transition=[[0.5, 0.5], [0.5, 0.5]], reward=[0, 0])
    with pytest.raises(ScenarioError, match=r"needs at least one absorbing state.*'a', 'b'"):
        mrp.expected_periods_before_absorption()


def test_expected_periods_rejects_closed_non_absorbing_class():
    mrp = MarkovRewardProcess(
        states=("x", "y", "lost"),
        transition=[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
        reward=[0, 0, 0],
    )
    with pytest.raises(ScenarioError, match=r"state 'x' can never reach an absorbing state"):
        mrp.expected_periods_before_absorption()


def test_stacked_periods_match_each_chain_on_its_own():
    chains = [
        [[0.1, 0.5, 0.4], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
        [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.0, 0.0, 1.0]],
        [[1.0, 0.0, 0.0], [0.5, 0.25, 0.25], [0.0, 0.0, 1.0]],  # two absorbing states
    ]
    states = ("new", "loyal", "lost")
    stacked = periods_before_absorption(chains, states)
    each = [
        MarkovRewardProcess(
            states=states, transition=P, reward=[0, 0, 0]
        ).expected_periods_before_absorption()
        for P in chains
    ]
    np.testing.assert_allclose(stacked, each, rtol=1e-12)
    assert stacked[2].tolist() == pytest.approx([0.0, 1 / 0.75, 0.0], rel=1e-12)


def test_stacked_periods_name_the_state_of_the_chain_that_fails():
    states = ("x", "y", "lost")
    fine = [[0.5, 0.0, 0.5], [0.0, 0.5, 0.5], [0.0, 0.0, 1.0]]
    leaky = [[0.5, 0.0, 0.5], [0.0, 0.999, 0.0], [0.0, 0.0, 1.0]]  # row 'y' sums to 0.999
    with pytest.raises(ScenarioError, match=r"row 'y' must sum to 1; received 0\.999"):
        periods_before_absorption([fine, leaky], states)
    stuck = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    with pytest.raises(ScenarioError, match=r"state 'x' can never reach an absorbing state"):
        periods_before_absorption([fine, stuck], states)
    assert periods_before_absorption([fine, fine], states).shape == (2, 3)


def test_discount_factors():
    np.testing.assert_allclose(discount_factors(0.1, 4), 1.1 ** -np.arange(4), rtol=1e-15)
    np.testing.assert_array_equal(discount_factors(0.0, 3), [1.0, 1.0, 1.0])
    assert discount_factors(0.2, 0).shape == (0,)
    with pytest.raises(ScenarioError, match=r"discount_rate\) must be a number in \[0, inf\)"):
        discount_factors(-0.1, 3)


def test_arrays_are_read_only_copies():
    source = np.array([[0.5, 0.5], [0.0, 1.0]])
    mrp = MarkovRewardProcess(states=("a", "b"), transition=source, reward=[1, 0])
    source[0, 0] = 0.9
    assert mrp.transition[0, 0] == 0.5
    for array in (mrp.transition, mrp.reward, mrp.value()):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1.0
    assert mrp.transition.dtype == np.float64
    assert mrp.reward.dtype == np.float64


def test_equality_hash_and_with_reward():
    a = alive_lost(0.8, 5.0, 0.1)
    b = alive_lost(0.8, 5.0, 0.1)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    c = a.with_reward([7.0, 0.0])
    assert c != a
    assert c.reward.tolist() == [7.0, 0.0]
    assert c.transition is not None
    np.testing.assert_array_equal(c.transition, a.transition)
    assert c.value()[0] == pytest.approx(7.0 / 5.0 * a.value()[0])


def test_index_and_n_states():
    mrp = alive_lost(0.5)
    assert mrp.n_states == 2
    assert [mrp.index(s) for s in mrp.states] == [0, 1]


# --------------------------------------------------------------------------------------
# Hypothesis properties
# --------------------------------------------------------------------------------------


@st.composite
def stochastic_matrices(draw, max_n: int = 6):
    n = draw(st.integers(1, max_n))
    raw = draw(arrays(np.float64, (n, n), elements=st.floats(0.0, 1.0, allow_nan=False, width=32)))
    raw = raw + 1e-3  # every row positive before normalising
    return raw / raw.sum(axis=1, keepdims=True)


@settings(max_examples=60, deadline=None)
@given(
    transition=stochastic_matrices(),
    data=st.data(),
    n_periods=st.integers(0, 40),
)
def test_property_occupancy_non_negative_and_conserves_mass(transition, data, n_periods):
    n = transition.shape[0]
    initial = data.draw(arrays(np.float64, n, elements=st.floats(0.0, 1e6, allow_nan=False)))
    mrp = MarkovRewardProcess(
        states=tuple(f"s{k}" for k in range(n)), transition=transition, reward=np.zeros(n)
    )
    occ = mrp.occupancy(initial, n_periods)
    assert occ.shape == (n_periods, n)
    assert (occ >= 0.0).all()
    np.testing.assert_allclose(occ.sum(axis=1), initial.sum(), rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    transition=stochastic_matrices(),
    data=st.data(),
    rate=st.floats(0.0, 0.5),
)
def test_property_value_monotone_in_horizon_for_non_negative_rewards(transition, data, rate):
    n = transition.shape[0]
    reward = data.draw(arrays(np.float64, n, elements=st.floats(0.0, 1e3, allow_nan=False)))
    mrp = MarkovRewardProcess(
        states=tuple(f"s{k}" for k in range(n)),
        transition=transition,
        reward=reward,
        discount_rate=rate,
    )
    values = np.array([mrp.value(h) for h in range(12)])
    assert (np.diff(values, axis=0) >= -1e-9).all()
    if rate > 1e-6:
        assert (values <= mrp.value() + 1e-7 * (1 + np.abs(mrp.value()))).all()


# --------------------------------------------------------------------------------------
# Validation messages
# --------------------------------------------------------------------------------------


def make(**changes):
    kwargs = {
        "states": ("new", "lost"),
        "transition": [[0.9, 0.1], [0.0, 1.0]],
        "reward": [1.0, 0.0],
        "discount_rate": 0.1,
    }
    kwargs.update(changes)
    return MarkovRewardProcess(**kwargs)


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        (
            {"transition": [[0.83, 0.1], [0.0, 1.0]]},
            r"^MarkovRewardProcess\.transition row 'new' must sum to 1; received 0\.93\.$",
        ),
        (
            {"transition": [[1.1, -0.1], [0.0, 1.0]]},
            r"^MarkovRewardProcess\.transition\['new', 'new'\] must be a number in \[0, 1\]; "
            r"received 1\.1\.$",
        ),
        (
            {"transition": [[0.9, 0.1], [1.1, -0.1]]},
            r"^MarkovRewardProcess\.transition\['lost', 'new'\] must be a number in \[0, 1\]; "
            r"received 1\.1\.$",
        ),
        (
            {"transition": [[0.9, 0.1], [0.0, float("nan")]]},
            r"^MarkovRewardProcess\.transition\['lost', 'lost'\] must be a number in \[0, 1\]; "
            r"received NaN\.$",
        ),
        (
            {"transition": [[0.9, 0.1, 0.0], [0.0, 1.0, 0.0]]},
            r"^MarkovRewardProcess\.transition must have shape \(2, 2\)"
            r".*received shape \(2, 3\)\.$",
        ),
        (
            {"reward": [1.0, 0.0, 2.0]},
            r"^MarkovRewardProcess\.reward must have shape \(2,\).*received shape \(3,\)\.$",
        ),
        (
            {"reward": [float("nan"), 0.0]},
            r"^MarkovRewardProcess\.reward\['new'\] must be a finite number; received NaN\.$",
        ),
        (
            {"discount_rate": -0.05},
            r"^MarkovRewardProcess\.discount_rate must be a number in \[0, inf\); "
            r"received -0\.05\.$",
        ),
        (
            {"states": ("new", "new")},
            r"^MarkovRewardProcess\.states must be unique; received 'new' twice\.$",
        ),
        (
            {"states": ("new", "")},
            r"^MarkovRewardProcess\.states must contain non-empty strings; received ''\.$",
        ),
    ],
)
def test_constructor_validation_messages(changes, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        make(**changes)


def test_negative_probability_named_with_value():
    with pytest.raises(
        ScenarioError,
        match=r"^MarkovRewardProcess\.transition\['new', 'lost'\] must be a number in \[0, 1\]; "
        r"received -0\.1\.$",
    ):
        make(transition=[[1.0, -0.1], [0.0, 1.0]])


def test_unknown_state_lists_allowed_names():
    mrp = make()
    pattern = r"^MarkovRewardProcess\.state must be one of 'new', 'lost'; received 'gone'\.$"
    with pytest.raises(ScenarioError, match=pattern):
        mrp.index("gone")
    with pytest.raises(ScenarioError, match=pattern):
        mrp.occupancy("gone", 3)
    with pytest.raises(ScenarioError, match=pattern):
        mrp.occupancy({"gone": 1.0}, 3)


@pytest.mark.parametrize(
    ("initial", "pattern"),
    [
        ([1.0], r"occupancy\(initial\) must have shape \(2,\).*received shape \(1,\)\."),
        (
            [1.0, -2.0],
            r"occupancy\(initial\)\['lost'\] must be a number in \[0, inf\); "
            r"received -2\.",
        ),
        (
            {"new": -1},
            r"occupancy\(initial\)\['new'\] must be a number in \[0, inf\); "
            r"received -1\.",
        ),
    ],
)
def test_occupancy_initial_validation(initial, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        make().occupancy(initial, 3)


def test_horizon_and_periods_validation():
    with pytest.raises(ScenarioError, match=r"value\(horizon\) must be a whole number in \[0"):
        make().value(horizon=-1)
    with pytest.raises(ScenarioError, match=r"occupancy\(n_periods\) must be a whole number"):
        make().occupancy("new", 2.5)


# --------------------------------------------------------------------------------------
# BetaGeometricCohort
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("alpha", "beta"), [(0.704, 1.182), (3.8, 15.2), (1.5, 0.3)])
def test_sbg_identities(alpha, beta):
    c = BetaGeometricCohort(alpha=alpha, beta=beta)
    t = np.arange(1, 30)
    s = c.survival(np.arange(0, 30))
    assert s[0] == 1.0
    np.testing.assert_allclose(s[:-1] - s[1:], c.churn_probability(t), rtol=1e-10)
    np.testing.assert_allclose(s[1:] / s[:-1], c.retention_rate(t), rtol=1e-10)
    assert c.churn_probability(1)[()] == pytest.approx(c.mean_churn_probability())
    # closed form of S(t) by the product of retention rates
    np.testing.assert_allclose(s[1:], np.cumprod(c.retention_rate(t)), rtol=1e-10)


def test_sbg_expected_lifetime():
    c = BetaGeometricCohort(alpha=3.0, beta=5.0)
    assert c.expected_lifetime() == pytest.approx((3 + 5 - 1) / (3 - 1))
    # E[T] = sum_{t>=0} S(t)
    assert c.survival(np.arange(0, 200_000)).sum() == pytest.approx(3.5, rel=1e-4)
    assert math.isinf(BetaGeometricCohort(alpha=1.0, beta=2.0).expected_lifetime())


@pytest.mark.parametrize("renewals", [0, 1, 4])
def test_sbg_derl_equals_direct_sum(renewals):
    c = BetaGeometricCohort(alpha=1.3, beta=2.4)
    rate = 0.12
    n = renewals + 1
    t = np.arange(n, n + 5000)
    direct = (c.survival(t) / c.survival(n - 1)) @ (1 + rate) ** -(t - n)
    assert c.discounted_expected_residual_lifetime(rate, renewals) == pytest.approx(
        direct, rel=1e-10
    )


@pytest.mark.parametrize(
    ("alpha", "beta", "rate"),
    [(1.0, 0.05, 0.001), (0.05, 1000.0, 0.001), (50.0, 1e5, 0.01), (1e5, 1e5, 0.1)],
)
def test_sbg_derl_where_scipy_hyp2f1_fails(alpha, beta, rate):
    """scipy's hyp2f1 gives NaN or wrong numbers here; compare with a long direct sum."""
    c = BetaGeometricCohort(alpha=alpha, beta=beta)
    k = np.arange(0, 200_000)
    log_s = special.betaln(alpha, beta + 1 + k) - special.betaln(alpha, beta)
    direct = np.exp(log_s - k * np.log1p(rate)).sum()
    assert c.discounted_expected_residual_lifetime(rate, 0) == pytest.approx(direct, rel=1e-9)


def test_sbg_derl_zero_rate_is_expected_residual_lifetime():
    c = BetaGeometricCohort(alpha=2.5, beta=4.0)
    # a just-joined customer (0 renewals): residual lifetime E[T] - 1
    assert c.discounted_expected_residual_lifetime(0.0, 0) == pytest.approx(
        c.expected_lifetime() - 1.0
    )
    assert math.isinf(
        BetaGeometricCohort(alpha=0.5, beta=1.0).discounted_expected_residual_lifetime(0.0)
    )


def test_sbg_matches_two_state_markov_chain_for_homogeneous_limit():
    """With alpha, beta -> inf at fixed mean, sBG tends to a constant churn rate.

    DERL is valued at the renewal itself (its first payment undiscounted), whereas the chain
    values the same future payments one period earlier: DERL = (V(alive) - m) * (1 + i).
    """
    c = BetaGeometricCohort(alpha=0.2e6, beta=0.8e6)
    mrp = alive_lost(0.8, 1.0, 0.1)
    assert c.discounted_expected_residual_lifetime(0.1, 0) == pytest.approx(
        (mrp.value()[0] - 1.0) * 1.1, rel=1e-4
    )
    np.testing.assert_allclose(c.survival(np.arange(6)), mrp.occupancy("alive", 6)[:, 0], rtol=1e-4)


def test_sbg_fit_recovers_parameters_from_exact_expectations():
    truth = BetaGeometricCohort(alpha=1.7, beta=4.2)
    survivors = 10_000.0 * truth.survival(np.arange(0, 10))
    fitted = BetaGeometricCohort.fit(survivors)
    assert fitted.alpha == pytest.approx(truth.alpha, rel=1e-5)
    assert fitted.beta == pytest.approx(truth.beta, rel=1e-5)


def test_sbg_fit_is_at_the_likelihood_maximum():
    survivors = np.array([500, 400, 350, 320, 300.0])
    fitted = BetaGeometricCohort.fit(survivors)

    def loglik(a, b):
        c = BetaGeometricCohort(alpha=a, beta=b)
        lost = survivors[:-1] - survivors[1:]
        return lost @ np.log(c.churn_probability(np.arange(1, 5))) + survivors[-1] * np.log(
            c.survival(4)
        )

    best = loglik(fitted.alpha, fitted.beta)
    for da, db in [(1.01, 1), (0.99, 1), (1, 1.01), (1, 0.99)]:
        assert loglik(fitted.alpha * da, fitted.beta * db) < best


def test_sbg_log_likelihood_is_the_one_the_fit_maximises():
    survivors = [500, 400, 350, 320, 300]
    c = BetaGeometricCohort(alpha=1.3, beta=2.1)
    lost = -np.diff(survivors)
    by_hand = lost @ np.log(c.churn_probability(np.arange(1, 5))) + survivors[-1] * np.log(
        c.survival(4))
    assert sbg_log_likelihood(1.3, 2.1, survivors) == pytest.approx(float(by_hand), rel=1e-12)
    fitted = BetaGeometricCohort.fit(survivors)
    best = sbg_log_likelihood(fitted.alpha, fitted.beta, survivors)
    for da, db in [(1.001, 1), (0.999, 1), (1, 1.001), (1, 0.999)]:
        assert sbg_log_likelihood(fitted.alpha * da, fitted.beta * db, survivors) < best


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        ((0.0, 1.0, [10, 5, 2]), r"^sbg_log_likelihood\(alpha\) must be a number in \(0, inf\)"),
        ((1.0, 1.0, [10, 5]), r"^sbg_log_likelihood\(survivors\) must hold at least 3"),
        ((1.0, 1.0, [10, 5, 7]), r"^sbg_log_likelihood\(survivors\)\[2\] must be a number "
                                 r"in \[0, 5\]; received 7\.$"),
    ],
)
def test_sbg_log_likelihood_validation(args, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        sbg_log_likelihood(*args)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        (
            {"alpha": 0.0, "beta": 1.0},
            r"^BetaGeometricCohort\.alpha must be a number in "
            r"\(0, inf\); received 0\.0\.$",
        ),
        (
            {"alpha": 1.0, "beta": -2},
            r"^BetaGeometricCohort\.beta must be a number in "
            r"\(0, inf\); received -2\.$",
        ),
        ({"alpha": float("nan"), "beta": 1.0}, r"^BetaGeometricCohort\.alpha .*received NaN\.$"),
        ({"alpha": 1.0, "beta": "2"}, r"^BetaGeometricCohort\.beta .*received '2' of type str\.$"),
    ],
)
def test_sbg_parameter_validation(kwargs, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        BetaGeometricCohort(**kwargs)


@pytest.mark.parametrize(
    ("survivors", "pattern"),
    [
        ([1000, 631], r"must hold at least 3 survivor counts"),
        (
            [1000, 631, 700, 500],
            r"^BetaGeometricCohort\.fit\(survivors\)\[2\] must be a number "
            r"in \[0, 631\]; received 700\.$",
        ),
        ([1000, -1, -2], r"\[1\] must be a number in \[0, 1000\]; received -1\.$"),
        ([1000, float("nan"), 3], r"\[1\] must be a number in \[0, 1000\]; received NaN\.$"),
        ([0, 0, 0], r"\[0\] must be a number in \(0, inf\); received 0\.$"),
        ([100, 100, 100], r"must show at least one churned customer"),
        ([[1, 2], [3, 4]], r"must hold at least 3 survivor counts"),
    ],
)
def test_sbg_fit_validation(survivors, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        BetaGeometricCohort.fit(survivors)


def test_sbg_period_validation():
    c = BetaGeometricCohort(alpha=1.0, beta=1.0)
    with pytest.raises(ScenarioError, match=r"survival\(periods\) must be whole numbers in \[0"):
        c.survival([0, 1.5])
    with pytest.raises(
        ScenarioError,
        match=r"churn_probability\(periods\).*\[1, inf\); "
        r"received 0\.$",
    ):
        c.churn_probability([0, 1])
    with pytest.raises(ScenarioError, match=r"n_renewals_so_far\) must be a whole number"):
        c.discounted_expected_residual_lifetime(0.1, -1)
    with pytest.raises(ScenarioError, match=r"discount_rate\) must be a number in \[0, inf\)"):
        c.discounted_expected_residual_lifetime(-0.1)


def test_sbg_helpers_agree_with_scipy_beta_functions():
    c = BetaGeometricCohort(alpha=0.668, beta=3.806)
    t = np.array([0, 3, 12])
    expected = special.beta(0.668, 3.806 + t) / special.beta(0.668, 3.806)
    np.testing.assert_allclose(c.survival(t), expected, rtol=1e-12)
