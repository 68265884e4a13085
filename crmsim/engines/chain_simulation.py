"""The SimPy engine on any finite Markov chain, and on a Beta-heterogeneous churn cohort.

These let the event-driven engine and the analytic engine (:mod:`crmsim.model.markov`) be
compared on the same input: :func:`simulate_chain` moves individual customers through a
:class:`~crmsim.model.markov.MarkovRewardProcess`, each waking only when it changes state
(customers wait in a calendar of month buckets that the SimPy clock works through);
:func:`simulate_cohort` gives every customer its own churn probability drawn from a Beta
distribution (the shifted-beta-geometric model) and wakes it once, when it churns.

Examples
--------
>>> import numpy as np
>>> from crmsim.model.markov import MarkovRewardProcess
>>> chain = MarkovRewardProcess(states=("alive", "dead"),
...                             transition=np.array([[0.9, 0.1], [0.0, 1.0]]),
...                             reward=np.array([10.0, 0.0]), discount_rate=0.01)
>>> sim = simulate_chain(chain, {"alive": 1000}, n_periods=12, seed=7)
>>> int(sim.occupancy.query("period == 0 and state == 'alive'")["customers"].iloc[0])
1000
>>> sim.seed_entropy
7
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy

from crmsim.common.checks import check_int
from crmsim.common.errors import ScenarioError
from crmsim.engines.simulation import UniformRows, run_without_collector, seed_sequence
from crmsim.model.markov import BetaGeometricCohort, MarkovRewardProcess

__all__ = ["ChainSimulation", "CohortSimulation", "simulate_chain", "simulate_cohort"]

_WIDTH = 16


@dataclass(frozen=True, slots=True)
class ChainSimulation:
    """Result of :func:`simulate_chain`.

    Attributes
    ----------
    occupancy : DataFrame
        period, state, customers (count at the start of the period).
    customers : DataFrame
        customer, start_state, discounted_reward (periods 0..n_periods-1),
        absorbed_period (first period spent in an absorbing state, -1 if none within the
        horizon), final_state.
    seed_entropy : int
    n_events : int
        State changes simulated.
    """

    occupancy: pd.DataFrame
    customers: pd.DataFrame
    seed_entropy: int
    n_events: int


def _cumulative_rows(P: np.ndarray) -> list[tuple[tuple[float, int], ...]]:
    rows = []
    for i, row in enumerate(P):
        off = row.copy()
        off[i] = 0.0
        total = off.sum()
        nz = np.flatnonzero(off)
        rows.append(
            tuple(zip((np.cumsum(off[nz]) / total).tolist(), nz.tolist(), strict=True))
            if total > 0
            else ()
        )
    return rows


def simulate_chain(
    chain: MarkovRewardProcess,
    initial: Mapping[str, int] | Sequence[int],
    n_periods: int,
    *,
    seed: int | np.random.SeedSequence | None = None,
) -> ChainSimulation:
    """Simulate customers moving through ``chain`` for periods ``0 .. n_periods-1``.

    Each customer draws how long it stays in its state (geometric, from its own row of
    uniforms) and where it goes next, and waits for that period in the calendar: one
    bucket per period, which a SimPy process empties as the clock reaches it. All state
    changes of a period are whole-period events that use no resource, so one SimPy event
    per period with changes replaces one per change; a customer's numbers depend only on its
    own draws, never on the order within a bucket.

    Parameters
    ----------
    chain : MarkovRewardProcess
        States, per-period transitions, reward paid at the start of each period, discount.
    initial : mapping or sequence of int
        Customers starting in each state (``{"alive": 1000}`` or one count per state).
    n_periods : int
    seed : int or SeedSequence, optional

    Returns
    -------
    ChainSimulation
    """
    n_periods = check_int("n_periods", n_periods, low=1)
    counts = chain._initial_vector(initial, "simulate_chain")  # validated, non-negative
    if not np.allclose(counts, np.round(counts)):
        raise ScenarioError(
            f"simulate_chain(initial) must hold whole numbers of customers; received {counts}."
        )
    counts = np.round(counts).astype(int)
    seq = seed_sequence(seed)
    n_customers = int(counts.sum())
    rows = UniformRows(seq, (0,), n_customers, _WIDTH)
    P = np.asarray(chain.transition)
    with np.errstate(divide="ignore"):
        log_stay = np.log(np.diag(P)).tolist()
    moves = _cumulative_rows(P)
    absorbing = [bool(P[i, i] == 1.0) for i in range(chain.n_states)]
    reward = np.asarray(chain.reward).tolist()
    d = 1.0 / (1.0 + chain.discount_rate)
    cum = [0.0, *np.cumsum([d**t for t in range(n_periods)]).tolist()]
    diff = [[0] * (n_periods + 1) for _ in range(chain.n_states)]
    start_state = np.repeat(np.arange(chain.n_states), counts)
    value_of, absorbed_of, final_of = [0.0] * n_customers, [-1] * n_customers, [0] * n_customers
    # the calendar: calendar[t] holds the customers who start (t = 0) or change state at the
    # start of period t, each as (uid, new state, value so far, absorbed period, draws, draws used)
    calendar: list[list[tuple]] = [[] for _ in range(n_periods)]
    calendar[0] = [(uid, int(s), 0.0, -1, rows.row(uid), 0) for uid, s in enumerate(start_state)]
    n_events = 0
    log1p, inf = math.log1p, math.inf

    def wake(t: int) -> None:
        """Move every customer whose state changes at ``t``; file each under its next change."""
        # the hot loop: everything it touches is a local or a closure variable
        nonlocal n_events
        bucket, calendar[t] = calendar[t], []
        for uid, state, value, absorbed, draws, pos in bucket:
            if absorbed < 0 and absorbing[state]:
                absorbed = t
            if pos + 2 > len(draws):
                draws = np.concatenate((draws, rows.more(uid, len(draws))))
            u_time = draws.item(pos)
            u_where = draws.item(pos + 1)
            pos += 2
            stay = log_stay[state]
            if stay == 0.0:
                end = n_periods + 1
            elif stay == -inf:
                end = t + 1
            else:
                end = t + int(log1p(-u_time) / stay) + 1
            stop = end if end < n_periods else n_periods
            occupancy = diff[state]
            occupancy[t] += 1
            occupancy[stop] -= 1
            value += reward[state] * (cum[stop] - cum[t])
            if end >= n_periods:
                value_of[uid], absorbed_of[uid], final_of[uid] = value, absorbed, state
                continue
            n_events += 1
            for bound, dest in moves[state]:  # noqa: B007 - dest is read after the loop
                if u_where < bound:
                    break
            # the last destination if rounding left u_where above every bound
            calendar[end].append((uid, dest, value, absorbed, draws, pos))

    def clock(env: simpy.Environment):
        """The SimPy clock: wake each period's customers, skipping periods with none."""
        for t in range(n_periods):
            if calendar[t]:
                yield env.timeout(t - env.now)
                wake(t)

    env = simpy.Environment()
    env.process(clock(env))
    run_without_collector(env)
    occupancy = np.cumsum(np.asarray(diff).T[:-1], axis=0)
    occ_frame = pd.DataFrame(
        {
            "period": np.repeat(np.arange(n_periods), chain.n_states),
            "state": np.tile(np.array(chain.states, dtype=object), n_periods),
            "customers": occupancy.reshape(-1),
        }
    )
    names = np.array(chain.states, dtype=object)
    customers = pd.DataFrame(
        {
            "customer": np.arange(n_customers),
            "start_state": names[start_state],
            "discounted_reward": np.array(value_of, dtype=float),
            "absorbed_period": np.array(absorbed_of, dtype=np.int64),
            "final_state": names[np.array(final_of, dtype=np.intp)],
        }
    )
    return ChainSimulation(occ_frame, customers, seq.entropy, n_events)


@dataclass(frozen=True, slots=True)
class CohortSimulation:
    """Result of :func:`simulate_cohort`.

    Attributes
    ----------
    survivors : DataFrame
        period, alive: customers still active at period t (t = 0 .. n_periods).
    lifetimes : ndarray
        Period in which each customer churned (n_periods + 1 if still alive at the end).
    churn_probabilities : ndarray
        Each customer's own churn probability, drawn from Beta(alpha, beta).
    seed_entropy : int
    """

    survivors: pd.DataFrame
    lifetimes: np.ndarray
    churn_probabilities: np.ndarray
    seed_entropy: int


def simulate_cohort(
    cohort: BetaGeometricCohort,
    n_customers: int,
    n_periods: int,
    *,
    seed: int | np.random.SeedSequence | None = None,
) -> CohortSimulation:
    """Simulate a contractual cohort whose churn probabilities follow Beta(alpha, beta).

    Each customer draws its churn probability ``theta`` once, then at each renewal
    (t = 1, 2, ...) churns with probability ``theta``; its process sleeps until then.

    Examples
    --------
    >>> from crmsim.model.markov import BetaGeometricCohort
    >>> sim = simulate_cohort(BetaGeometricCohort(alpha=0.704, beta=1.182), 2000, 7, seed=3)
    >>> int(sim.survivors["alive"].iloc[0])
    2000
    """
    n_customers = check_int("n_customers", n_customers, low=1)
    n_periods = check_int("n_periods", n_periods, low=1)
    seq = seed_sequence(seed)
    theta_seq, time_seq = seq.spawn(2)
    theta = np.random.default_rng(theta_seq).beta(cohort.alpha, cohort.beta, n_customers)
    u = np.random.default_rng(time_seq).random(n_customers)
    env = simpy.Environment()
    lifetimes = np.full(n_customers, n_periods + 1)

    def customer(env: simpy.Environment, i: int, p: float, u_i: float):
        if p <= 0.0:
            return
        k = 1 if p >= 1.0 else int(math.log1p(-u_i) / math.log1p(-p)) + 1
        if k <= n_periods:
            yield env.timeout(k)
            lifetimes[i] = k

    for i in range(n_customers):
        env.process(customer(env, i, float(theta[i]), float(u[i])))
    env.run()
    periods = np.arange(n_periods + 1)
    alive = (lifetimes[None, :] > periods[:, None]).sum(axis=1)
    return CohortSimulation(
        pd.DataFrame({"period": periods, "alive": alive}), lifetimes, theta, seq.entropy
    )
