"""Analytic engine: exact expected values of a scenario from its Markov reward process.

Each segment's customers follow the monthly chain of :mod:`crmsim.model.mechanisms`.
:func:`chain_arrays` is the one place that turns a level's monthly dynamics into the chain's
arithmetic, for K regimes at once (:class:`ChainArrays`):

* customers move by ``P``, complaints included (:meth:`~crmsim.model.mechanisms.Regime.transition`);
* each referral adds a target customer: the population moves by ``M = P + referrals ⊗ e_target``;
* expected cash in month ``t`` is ``x[t] @ cash``, except the level's set-up cost, which is
  paid at month 0 for customers already buying (they are moved to the level) and one month
  after each later start (a move from a non-buying state into ``new``); a lost customer won
  back pays the re-activation cost instead.

Two uses read those arrays:

* time paths (:func:`segment_outlook`, behind :func:`evaluate`): expected occupancy
  ``x[t+1] = x[t] @ M`` month by month, cash per month, and a customer's lifetime value
  per starting state;
* present values in batches (:func:`present_value_lines`, behind :func:`level_lines` and
  frontier maps): the discounted sums over the horizon in closed form, by binary doubling,
  for thousands of chains in one go.

Both discount month ``t`` by ``(1 + monthly rate) ** -t``; that the two agree is tested.

With staff limits the months cannot be summed in closed form (each month's staffing depends
on who is a customer then), so the month loop runs on arrays of G scenarios × K segments at
once: :func:`evaluate` runs one scenario with its paths recorded, and
:func:`level_lines_batch` runs every point and level of a frontier map, a break-even scan or
a sensitivity design together (a 50 × 50 map of a classroom segment with shared staff is one
pass of 60 months over 10,000 scenarios). Frames are built once, at the public API
(:func:`crmsim.engines.results.result_frames`).

Staff limits enter month by month as a fluid approximation of the SimPy engine's service
rules (:mod:`crmsim.engines.simulation`), computed forward in time (month ``t``'s staffing
depends only on who is a customer in month ``t``, so no fixed point is needed):

* account managers are a pooled budget of ``n × hours per manager`` hours a month, given to
  the contacts due that month **level by level, deepest level first** (an alliance's
  contacts before a partnership's before a preferred customer's: a firm short of managers
  keeps its most committed relationships, as key-account management prescribes), and in
  random order within a level. The expected contact hours due at level ``L`` in month
  ``t`` are ``D_L(t) = Σ buying customers × manager hours per month``; the level is served a
  share ``φ_L(t) = min(1, what the deeper levels left / D_L(t))``, rounded down to whole
  contacts when it falls short (the hours too few for one more contact pass on to the next
  level) (:func:`priority_served_fractions`). That share of its customer-months follows the
  served regime, the rest the *neglected* one (see :mod:`crmsim.model.mechanisms`);
* complaint desk: complaints arrive spread over the month; below capacity and without a
  backlog the desk is an M/M/c queue at the month's arrival rate and the chance a complaint
  waits longer than the response target comes from the Erlang C formula; above capacity a
  backlog builds up and drains later, followed as a fluid (:func:`desk_month`). Complaints
  answered late are handled badly.

Existing customers of a level with a contact cycle of several months have their first
contacts spread over the first cycle, and are served until then (as in the SimPy engine).
What the fluid leaves out, measured against the SimPy engine (``tests/engines/
test_staffing.py``): random swings in the demand for hours (a lower level gets a little more
in the SimPy engine when a deeper level's demand happens to dip, about 3 points of served
share in a tight regime). Values per customer agree within a few per cent in ample, tight
and starved regimes.

Staff are payroll: the hours paid but not worked are idle cost, reported in
``Results.staff`` (:func:`crmsim.engines.results.staff_frame`). With unlimited staff the
analytic engine is exact for the chain the SimPy engine samples; under staff limits the two
agree within a few per cent (tested for ample, tight and starved staff).

Examples
--------
>>> from crmsim import Scenario, Segment, evaluate
>>> res = evaluate(Scenario(segments=(Segment(name="smb", n_customers=10),)))
>>> sorted(res.summary.columns)[:3]
['buying_end', 'buying_months', 'customers_start']
>>> bool(res.summary["discounted_profit"].iloc[0] > 0)
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crmsim.common.checks import check_choice
from crmsim.engines.results import Results, clv_frame, result_frames, staff_frame
from crmsim.model.markov import periods_before_absorption
from crmsim.model.mechanisms import (
    CASH_COMPONENTS,
    CASH_INDEX,
    CASH_SIGNS,
    DynamicsStack,
    Regime,
    SegmentDynamics,
    dynamics_stack,
    lessons_month,
    served_regime,
    served_regimes,
)
from crmsim.scenario.levels import RelationshipLevel
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.segments import Segment
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = [
    "ChainArrays",
    "SegmentOutlook",
    "ServedChain",
    "chain_arrays",
    "desk_month",
    "erlang_c_wait_probability",
    "evaluate",
    "evaluate_plans",
    "expected_customer_months",
    "expected_months_to_churn",
    "level_lines",
    "level_lines_batch",
    "matrix_powers",
    "power_and_sum",
    "present_value_lines",
    "priority_served_fractions",
    "segment_chain",
    "segment_outlook",
    "served_chain",
]

_S = {name: i for i, name in enumerate(STATES)}
_BUYING = np.array([s in BUYING_STATES for s in STATES])
_TARGET = _S["target"]
_NEW = _S["new"]
_LOST = _S["lost"]
_SETUP = CASH_INDEX["setup_cost"]
_MONTH_DAYS = 365.25 / 12.0
_ROUNDING = 1e-9  # hours left over for one more contact, up to floating-point rounding

# --------------------------------------------------------------------------------------
# the chain's arithmetic, for K regimes at once
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainArrays:
    """The monthly chain of K segment-level regimes, stacked along the first axis.

    Built by :func:`chain_arrays` (see the module docstring for the arithmetic).

    Attributes
    ----------
    transition : ndarray of shape (K, n_states, n_states)
        ``P``: a customer's moves in a month, complaints included.
    referrals : ndarray of shape (K, n_states)
        Expected referred targets per customer-month in each state.
    growth : ndarray of shape (K, n_states, n_states)
        ``M = P + referrals ⊗ e_target``: expected customers next month, per customer now,
        the targets they refer included.
    cash : ndarray of shape (K, n_states, n_cash_lines)
        Expected cash per customer-month, positive amounts in
        :data:`~crmsim.model.mechanisms.CASH_COMPONENTS` order; the set-up column is zero
        (set-up is paid on moves: ``setup_next`` and ``start_setup``).
    setup_next : ndarray of shape (K, n_states)
        Set-up paid next month per customer-month in each state: the chance of starting to
        buy (a move from a non-buying state into ``new``) times the level's set-up cost, or
        times its re-activation cost for a move from ``lost``.
    start_setup : ndarray of shape (K, n_states)
        Set-up paid at month 0 per customer starting in each state (buying customers are
        moved to the level).
    """

    transition: np.ndarray
    referrals: np.ndarray
    growth: np.ndarray
    cash: np.ndarray
    setup_next: np.ndarray
    start_setup: np.ndarray


def chain_arrays(
    transition: np.ndarray,
    referrals: np.ndarray,
    cash: np.ndarray,
    setup_cost: np.ndarray,
    reactivation_cost: np.ndarray | None = None,
) -> ChainArrays:
    """The chain arrays of K regimes: the one place of the analytic engine's arithmetic.

    Parameters
    ----------
    transition : array of shape (K, n_states, n_states)
        Monthly moves, complaints included.
    referrals : array of shape (K, n_states)
        Expected referred targets per customer-month.
    cash : array of shape (K, n_states, n_cash_lines)
        Expected cash per customer-month (its set-up column is ignored).
    setup_cost : array of shape (K,)
        The level's set-up cost.
    reactivation_cost : array of shape (K,), optional
        What a lost customer won back pays instead (default: the set-up cost).

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> regime = served_regime(Scenario(), Segment(name="smb"), Scenario().level("preferred"))
    >>> chains = chain_arrays(regime.transition()[None], regime.referrals_per_month[None],
    ...                       regime.cash[None], np.array([500.0]))
    >>> growth = chains.growth[0].sum(axis=1) - 1.0  # each row: 1 + referrals
    >>> bool(np.allclose(growth, chains.referrals[0]))
    True
    >>> chains.start_setup[0].tolist()  # set-up at month 0: only buying states pay it
    [0.0, 0.0, 500.0, 500.0, 500.0, 0.0, 0.0]
    >>> won_back = chain_arrays(regime.transition()[None], regime.referrals_per_month[None],
    ...                         regime.cash[None], np.array([500.0]), np.array([100.0]))
    >>> lost = STATES.index("lost")
    >>> bool(np.isclose(won_back.setup_next[0, lost], 100.0 * regime.transition()[lost, _NEW]))
    True
    """
    P = np.asarray(transition, dtype=float)
    refs = np.asarray(referrals, dtype=float)
    setup = np.asarray(setup_cost, dtype=float)
    again = setup if reactivation_cost is None else np.asarray(reactivation_cost, dtype=float)
    on_start = np.where(_BUYING, 0.0, 1.0)[None, :] * setup[:, None]  # (K, n_states)
    on_start[:, _LOST] = again
    M = P.copy()
    M[:, :, _TARGET] += refs
    per_month = np.array(cash, dtype=float)
    per_month[:, :, _SETUP] = 0.0
    return ChainArrays(
        transition=P,
        referrals=refs,
        growth=M,
        cash=per_month,
        setup_next=P[:, :, _NEW] * on_start,
        start_setup=np.where(_BUYING, 1.0, 0.0)[None, :] * setup[:, None],
    )


def segment_chain(
    dyn: SegmentDynamics,
    *,
    served_fraction: float = 1.0,
    handled_well_factor: float | None = None,
) -> ChainArrays:
    """The chain of one segment at one level (K = 1), served and neglected months mixed.

    Parameters
    ----------
    dyn : SegmentDynamics
    served_fraction : float
        Share of customer-months that follow the served regime; the rest follow the
        neglected one.
    handled_well_factor : float, optional
        Scales the chance a complaint is handled well (the share of complaints answered
        within the response target); None means unlimited desk staff.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.model.mechanisms import segment_dynamics
    >>> dyn = segment_dynamics(Scenario(segments=(Segment(name="smb"),)), "smb", "partnership")
    >>> full, half = segment_chain(dyn), segment_chain(dyn, served_fraction=0.5)
    >>> repeat, lost = STATES.index("repeat"), STATES.index("lost")
    >>> bool(full.transition[0, repeat, lost] < half.transition[0, repeat, lost])
    True
    """
    return _chains(dyn, served_fraction, handled_well_factor)


def _chains(
    dyn: SegmentDynamics | DynamicsStack,
    served_fraction: float | np.ndarray,
    handled_well_factor: float | None,
) -> ChainArrays:
    """:func:`segment_chain` of one segment (K = 1) or of every pair of a stack (K pairs)."""
    mix = _mix(dyn, served_fraction)
    P = _mixed_transition(mix, handled_well_factor)
    referrals = sum(w * r.referrals_per_month for r, w in mix)
    cash = sum(w * r.cash for r, w in mix)
    if P.ndim == 2:  # one segment
        P, referrals, cash = P[None], referrals[None], cash[None]
    return chain_arrays(
        P,
        referrals,
        cash,
        np.atleast_1d(np.asarray(dyn.setup_cost, dtype=float)),
        np.atleast_1d(np.asarray(dyn.reactivation_cost, dtype=float)),
    )


def _mix(
    dyn: SegmentDynamics | DynamicsStack, served_fraction: float | np.ndarray
) -> list[tuple[Regime, float | np.ndarray]]:
    """The served and the neglected regime with their weights ``s`` and ``1 - s``; a regime
    of weight 0 is left out. For a stack, ``s`` holds one weight per pair, shaped to
    broadcast over the arrays it weighs."""
    return [
        (r, w)
        for r, w in ((dyn.served, served_fraction), (dyn.neglected, 1.0 - served_fraction))
        if np.any(w > 0)
    ]


def _mixed_transition(
    mix: list[tuple[Regime, float | np.ndarray]], handled_well_factor: float | None
) -> np.ndarray:
    """Monthly moves of the served and neglected months mixed (see :func:`segment_chain`)."""
    return sum(w * r.transition(_handled(r, handled_well_factor)) for r, w in mix)


def _handled(regime: Regime, factor: float | None) -> float | None:
    return None if factor is None else regime.handled_well_prob * factor


def _discounted_lines(
    chains: ChainArrays,
    start: np.ndarray,
    n_months: int,
    discount: float,
    *,
    with_referrals: bool = True,
    later: ChainArrays | None = None,
    change_month: int = 0,
) -> np.ndarray:
    """(K, m, n_cash_lines) present value of each cash line over ``n_months``.

    ``start`` (K, m, n_states) holds m starting distributions per chain; month ``t`` is
    discounted by ``discount ** t``. The population moves by ``growth`` (or by
    ``transition`` without referrals). With ``S = sum_(t<H) d^t x_t`` the discounted
    occupancy, each line is ``S @ cash``; set-up is ``x_0 @ start_setup`` plus what is paid
    one month after each month but the last, ``d (S - d^(H-1) x_(H-1)) @ setup_next``.
    With ``later``, months from ``change_month`` on follow the later chains: the first
    phase's sums run to ``change_month`` and the second starts from ``d^c x_c``.
    """

    def moves(c: ChainArrays) -> np.ndarray:
        return c.growth if with_referrals else c.transition

    lines = np.zeros((*start.shape[:-1], chains.cash.shape[-1]))
    setup = (start * chains.start_setup[:, None, :]).sum(-1)
    phases = [(chains, n_months)]
    if later is not None and 0 < change_month < n_months:
        phases = [(chains, change_month), (later, n_months - change_month)]
    x = start  # discounted occupancy at the phase's first month
    for number, (c, months) in enumerate(phases):
        last_phase = number == len(phases) - 1
        power, total = power_and_sum(discount * moves(c), months - 1)
        occupied = x @ (total + power)  # sum over the phase's months
        paid_from = occupied - x @ power if last_phase else occupied
        lines += occupied @ c.cash
        setup += discount * (paid_from * c.setup_next[:, None, :]).sum(-1)
        if not last_phase:
            x = (x @ power) @ (discount * moves(c))
    lines[..., _SETUP] = setup
    return lines


@dataclass(frozen=True, slots=True)
class SegmentOutlook:
    """Expected trajectory of one segment at one level (:func:`segment_outlook`).

    Attributes
    ----------
    occupancy : ndarray of shape (n_months, n_states)
        Expected customers in each state at the start of each month.
    cash : ndarray of shape (n_months, n_cash_lines)
        Expected cash per month, positive amounts.
    clv : ndarray of shape (n_states,)
        Expected discounted value of one customer per starting state, own cash only.
    clv_with_referrals : ndarray of shape (n_states,)
        The same including the customers it refers (and they refer).
    mean_buying : float
        Mean customers in buying states per month.
    chain : ChainArrays
        The chain behind it (K = 1).
    """

    occupancy: np.ndarray
    cash: np.ndarray
    clv: np.ndarray
    clv_with_referrals: np.ndarray
    mean_buying: float
    chain: ChainArrays


def erlang_c_wait_probability(
    n_servers: int, arrivals_per_month: float, services_per_month: float, wait_months: float
) -> float:
    """Chance that an M/M/c customer waits longer than ``wait_months`` (Erlang C).

    Returns 1 when the queue is unstable (load at or above capacity).

    Examples
    --------
    >>> round(erlang_c_wait_probability(1, 0.5, 1.0, 0.0), 3)  # M/M/1: P(wait > 0) = load
    0.5
    """
    n, lam, mu, wait = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (n_servers, arrivals_per_month, services_per_month, wait_months)
        )
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.asarray(_erlang_c(n, lam, mu, wait))
        out[lam / mu >= n] = 1.0  # unstable: the queue grows without end
    out[lam <= 0] = 0.0  # nobody comes
    return float(out) if out.ndim == 0 else out


def _erlang_c(n: np.ndarray | int, lam: np.ndarray, mu: np.ndarray, wait: np.ndarray) -> np.ndarray:
    """:func:`erlang_c_wait_probability` on arrays of one shape for loads below capacity and
    no negative arrivals (errors silenced by the caller).

    ``n`` may be one whole number for all queues: the same recursion without the masks.
    """
    load = lam / mu
    # Erlang B by the stable recursion, then Erlang C
    if isinstance(n, int):
        blocking = 1.0
        for k in range(1, n + 1):
            carried = load * blocking
            blocking = carried / (k + carried)
    else:
        blocking = np.ones(n.shape)
        for k in range(1, int(n.max(initial=0)) + 1):
            carried = load * blocking
            blocking = np.where(k <= n, carried / (k + carried), blocking)
    wait_prob = n * blocking / (n - load * (1.0 - blocking))
    return wait_prob * np.exp((lam - n * mu) * wait)


def segment_outlook(
    dyn: SegmentDynamics,
    *,
    n_months: int,
    monthly_rate: float,
    served_fraction: float = 1.0,
    handled_well_factor: float | None = None,
) -> SegmentOutlook:
    """Expected occupancy, cash flows and CLV of one segment at one level.

    ``served_fraction`` and ``handled_well_factor`` as for :func:`segment_chain`.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.model.mechanisms import segment_dynamics
    >>> scenario = Scenario(segments=(Segment(name="smb", n_customers=100),))
    >>> dyn = segment_dynamics(scenario, "smb", "preferred")
    >>> outlook = segment_outlook(dyn, n_months=12, monthly_rate=0.01)
    >>> outlook.occupancy.shape, outlook.cash.shape
    ((12, 7), (12, 10))
    >>> bool(outlook.clv_with_referrals[STATES.index("loyal")] > 0)
    True
    """
    chain, later = (
        _chains(d, served_fraction, handled_well_factor) for d in (dyn, dyn.later or dyn)
    )
    x0 = np.asarray(dyn.segment.initial_shares(), dtype=float) * dyn.segment.n_customers
    change = dyn.change_month if dyn.later is not None else n_months
    (occupancy,), (cash,), clv = _outlooks(chain, later, x0[None], change, n_months, monthly_rate)
    mean_buying = float(occupancy[:, _BUYING].sum(axis=1).mean())
    return SegmentOutlook(occupancy, cash, clv[0, 0], clv[1, 0], mean_buying, chain)


def _outlooks(
    chain: ChainArrays,
    later: ChainArrays,
    x0: np.ndarray,
    change: int,
    n_months: int,
    monthly_rate: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(occupancy (K, T, S), cash (K, T, C), CLV (2, K, S)) of K chains followed month by month.

    ``x0`` (K, S) holds the customers at month 0; from month ``change`` the chains are
    ``later``. CLV row 0 counts a customer's own cash, row 1 adds the customers it refers.
    The months' matrix powers and the present values run on all K chains at once; the small
    products per chain stay per chain.
    """
    change = min(change, n_months)
    k_count = x0.shape[0]
    powers = matrix_powers(chain.growth, change)  # (change, K, S, S)
    occupancy = [x0[k] @ powers[:, k] for k in range(k_count)]
    cash = [occupancy[k] @ chain.cash[k] for k in range(k_count)]
    setup_next = [occupancy[k] @ chain.setup_next[k] for k in range(k_count)]  # paid next month
    if change < n_months:
        more_powers = matrix_powers(later.growth, n_months - change)
        for k in range(k_count):
            x = occupancy[k][-1] @ chain.growth[k]
            more = x @ more_powers[:, k]
            occupancy[k] = np.concatenate([occupancy[k], more])
            cash[k] = np.concatenate([cash[k], more @ later.cash[k]])
            setup_next[k] = np.concatenate([setup_next[k], more @ later.setup_next[k]])
    # set-up: at month 0 for customers already buying, later one month after each (re)start
    for k in range(k_count):
        cash[k][0, _SETUP] = float(occupancy[k][0] @ chain.start_setup[k])
        cash[k][1:, _SETUP] = setup_next[k][:-1]
    one_each = np.broadcast_to(np.eye(len(STATES)), (k_count, len(STATES), len(STATES)))
    discount = 1.0 / (1.0 + monthly_rate)
    phased = {"later": later, "change_month": change}
    own = _discounted_lines(chain, one_each, n_months, discount, with_referrals=False, **phased)
    everyone = _discounted_lines(chain, one_each, n_months, discount, **phased)
    clv = np.array([[lines[k] @ CASH_SIGNS for k in range(k_count)] for lines in (own, everyone)])
    return np.array(occupancy), np.array(cash), clv


def matrix_powers(A: np.ndarray, n: int) -> np.ndarray:
    """``A**0 .. A**(n-1)`` stacked into an ``(n, k, k)`` array.

    ``A`` may also be a stack of matrices ``(..., k, k)``; the powers are then
    ``(n, ..., k, k)``.

    Examples
    --------
    >>> matrix_powers(np.array([[0.5]]), 3)[:, 0, 0].tolist()
    [1.0, 0.5, 0.25]
    """
    out = np.empty((n, *A.shape))
    out[0] = np.eye(A.shape[-1])
    for t in range(1, n):
        np.matmul(out[t - 1], A, out=out[t])
    return out


def expected_months_to_churn(P: np.ndarray) -> np.ndarray:
    """Expected months before first reaching ``lost`` or ``non_customer``, per start state.

    Absorbing states get 0; the chain is made absorbing at both states first. ``P`` may be
    one chain (n_states, n_states) or a stack of them (..., n_states, n_states).

    Examples
    --------
    >>> P = np.eye(len(STATES))
    >>> P[_S["loyal"]] = 0.0
    >>> P[_S["loyal"], [_S["loyal"], _S["lost"]]] = 0.75, 0.25  # a quarter leave each month
    >>> float(expected_months_to_churn(P)[_S["loyal"]])
    4.0
    """
    absorbing = [_S["lost"], _S["non_customer"]]
    Q = np.array(P, dtype=float)
    Q[..., absorbing, :] = 0.0
    Q[..., absorbing, absorbing] = 1.0
    return periods_before_absorption(Q, STATES)


def priority_served_fractions(
    capacity_hours: float,
    demand_hours: np.ndarray,
    ranks: np.ndarray,
    contact_hours: np.ndarray | None = None,
) -> np.ndarray:
    """Share of each group's contact hours served when the deepest level goes first.

    The account managers' ``capacity_hours`` of a month go to the groups of the highest
    rank first; groups of equal rank share in proportion to their demand. A level that
    cannot be served in full gets only whole contacts (``floor(hours left / contact
    hours)`` of them, with the level's demand-weighted mean contact length): the rest of
    the hours are too few for another of its contacts and pass on to the next level, as in
    the SimPy engine's monthly plan.

    Parameters
    ----------
    capacity_hours : float
        Manager hours available in the month.
    demand_hours : array of shape (n_groups,)
        Contact hours due in the month per group.
    ranks : array of shape (n_groups,)
        Priority of each group (its level's position in ``scenario.levels``).
    contact_hours : array of shape (n_groups,), optional
        Hours of one contact per group; None treats hours as divisible (a pure fluid).

    Examples
    --------
    >>> priority_served_fractions(100.0, np.array([80.0, 40.0, 0.0]), np.array([3, 2, 1]))
    array([1. , 0.5, 1. ])
    >>> priority_served_fractions(100.0, np.array([150.0, 40.0]), np.array([3, 2]),
    ...                           np.array([30.0, 5.0])).tolist()  # 3 contacts, 10 h left
    [0.6, 0.25]
    """
    demand = np.asarray(demand_hours, dtype=float)
    ranks = np.broadcast_to(np.asarray(ranks), demand.shape)
    groups = _rank_groups(ranks)  # (..., R, K)
    per_group = groups @ demand[..., None]  # (..., R, 1)
    sized = None
    if contact_hours is not None:
        sized = (groups @ (demand * np.asarray(contact_hours))[..., None])[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        hours = np.maximum(np.asarray(capacity_hours, dtype=float), 0.0)[..., None]
        served = _priority(hours, per_group[..., 0], sized)
    return (served[..., None, :] @ groups)[..., 0, :]


def _rank_groups(ranks: np.ndarray) -> np.ndarray:
    """(..., R, K) one row of ones per rank found in ``ranks`` (..., K), highest rank first."""
    order = np.unique(ranks)[::-1]
    return (ranks[..., None, :] == order[:, None]).astype(float)


def _priority(available: np.ndarray, need: np.ndarray, sized: np.ndarray | None) -> np.ndarray:
    """(..., R) share of each rank group's hours served, groups in rank order (highest first).

    ``available`` (..., 1) holds the manager hours of the month (not negative), ``need``
    (..., R) the contact hours due per group, ``sized`` the same weighted by the contact
    hours (None: hours are divisible). Every group is served in full while the hours last
    (running sums over the groups); the first group that falls short takes the whole
    contacts that fit, and when a later group has hours due too, the groups from there on
    take theirs one after the other. Errors are silenced by the caller.
    """
    left = available - (np.add.accumulate(need, axis=-1) - need)
    room = np.maximum(left, 0.0)  # hours at each group's turn if all before got theirs
    given = np.minimum(need, room)  # 0 where nothing is due
    if sized is not None:
        short = (given < need) & (sized > 0.0)
        if short.any():
            size = sized / need  # hours of one contact (mean); nan where nothing is due
            due = need > 0.0
            after = np.logical_or.accumulate(short, axis=-1)[..., :-1]  # after one fell short
            if not (after & due[..., 1:]).any():
                given = np.where(short, _whole_contacts(room, size), given)
            else:  # they see fewer hours: one group after the other from the first short
                n_groups = need.shape[-1]
                first = int(short.reshape(-1, n_groups).any(0).argmax())
                busy = due.reshape(-1, n_groups).any(0).tolist()
                hours = room[..., first]  # every scenario: all before were served
                for r in range(first, n_groups):
                    if not busy[r]:  # nothing due: nothing given, the hours pass on
                        continue
                    fluid = np.minimum(need[..., r], hours)
                    cut = (fluid < need[..., r]) & (size[..., r] > 0.0)
                    given[..., r] = np.where(cut, _whole_contacts(hours, size[..., r]), fluid)
                    hours = hours - given[..., r]
    return np.where(need > 0.0, given / need, 1.0)


def _whole_contacts(hours: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The hours of the whole contacts of ``size`` hours that fit in ``hours``.

    A contact that fits up to rounding fits.
    """
    return np.minimum(size * np.floor(hours / size + _ROUNDING), hours)


def desk_month(
    n_servers: int,
    arrivals: float,
    services_per_server: float,
    target_months: float,
    backlog: float = 0.0,
) -> tuple[float, float]:
    """Share of a month's complaints answered in time, and the backlog left at its end.

    Complaints arrive evenly over the month at ``arrivals`` a month; the desk clears up to
    ``K = n_servers × services_per_server`` a month. Without a backlog and below capacity
    the desk is a stationary M/M/c queue (Erlang C). A backlog (complaints still waiting
    from earlier months) and a load above capacity are followed as a fluid: the queue
    ``Q(s)`` grows or drains at ``arrivals - K``, and a complaint arriving at ``s`` waits
    about ``Q(s) / K``; it is in time if that is within the target (and, once the backlog
    is gone, with Erlang C's chance).

    Returns
    -------
    (float, float)
        Share answered within ``target_months``; complaints waiting at the month's end.

    Examples
    --------
    >>> share, left = desk_month(1, 0.5, 1.0, 0.0)  # M/M/1 at load 0.5: half wait
    >>> round(share, 3), left
    (0.5, 0.0)
    >>> share, left = desk_month(1, 30.0, 20.0, 0.05)  # overloaded: the queue grows
    >>> round(share, 3), left
    (0.1, 10.0)
    """
    n, arrivals, services, target, backlog = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (n_servers, arrivals, services_per_server, target_months, backlog)
        )
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share, left = _Desks(n, services, target).month(
            arrivals, backlog if backlog.any() else None
        )
    left = np.zeros(share.shape) if left is None else left
    if share.ndim == 0:
        return float(share), float(left)
    return share, left


class _Desks:
    """The complaint desks of several scenarios, month after month (:func:`desk_month` on
    arrays of one shape), with what stays the same from month to month worked out once.

    ``n`` may be one whole number for all desks (see :func:`_erlang_c`). Errors are silenced
    by the caller.
    """

    def __init__(self, n: np.ndarray | int, services: np.ndarray, target: np.ndarray) -> None:
        self.n, self.services, self.target = n, services, target
        self.capacity = n * services  # complaints cleared a month
        self.room = self.capacity * target  # a queue this long is still answered in time

    def month(
        self, arrivals: np.ndarray, backlog: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(share answered in time, complaints waiting at the month's end); ``backlog`` and
        the returned backlog are None when no desk has complaints waiting."""
        n, services, target, capacity = self.n, self.services, self.target, self.capacity
        below = arrivals < capacity
        if backlog is None and below.all():  # the general case below, without the queue
            return 1.0 - _erlang_c(n, arrivals, services, target), None
        if backlog is None:
            backlog = np.zeros(arrivals.shape)
        settled = 1.0 - _erlang_c(n, np.where(below, arrivals, 0.0), services, target)
        drain = np.where(below, capacity - arrivals, 1.0)
        late_until = np.clip((backlog - self.room) / drain, 0.0, 1.0)
        growth = np.where(below, 1.0, arrivals - capacity)
        in_time_until = np.clip((self.room - backlog) / growth, 0.0, 1.0)
        none = arrivals <= 0.0
        share = np.where(none, 1.0, np.where(below, settled * (1.0 - late_until), in_time_until))
        left = np.where(
            none,
            np.maximum(backlog - capacity, 0.0),
            np.where(below, np.maximum(backlog - drain, 0.0), backlog + growth),
        )
        return share, (left if left.any() else None)


@dataclass(frozen=True, slots=True)
class _Batch:
    """G scenarios of K segments each, for the month loop under staff limits.

    The (segment, level) pairs the rows use are held once each (U of them: a map's planned
    segments are one pair shared by every row); ``pair[g, k]`` is the pair of segment ``k``
    of row ``g``. Regime arrays have a leading axis of two: the served regime, then the
    neglected one.
    """

    pair: np.ndarray  # (G, K) index into the pairs
    at_worst: np.ndarray  # (2, U, S, S) moves when every complaint is handled badly
    recovery: np.ndarray  # (2, U, S, S) what complaints handled well add (× desk factor)
    referrals: np.ndarray  # (2, U, S)
    cash: np.ndarray  # (2, U, S, C), set-up column zero
    complaint_prob: np.ndarray  # (2, U, S)
    setup: np.ndarray  # (U,) the level's set-up cost
    reactivation: np.ndarray  # (U,) what a lost customer won back pays instead
    x0: np.ndarray  # (U, S) customers at month 0
    cycle: np.ndarray  # (U,) contact cycle in months
    hours: np.ndarray  # (U,) manager hours per customer-month
    ranks: np.ndarray  # (G, K) level position (deeper first)
    capacity: np.ndarray  # (G,) manager hours a month (inf: unlimited)
    desk_staff: np.ndarray  # (G,) complaint handlers (0: unlimited desk)
    services: np.ndarray  # (G,) complaints one handler clears a month
    target: np.ndarray  # (G,) response target in months
    hours_per_complaint: np.ndarray  # (G,)
    rate: np.ndarray  # (G,) monthly discount rate

    @property
    def on_start(self) -> np.ndarray:
        """(U, S) set-up (or, from lost, re-activation) paid when a customer starts buying."""
        paid = np.where(_BUYING, 0.0, 1.0) * self.setup[:, None]
        paid[:, _LOST] = self.reactivation
        return paid

    @property
    def start_setup(self) -> np.ndarray:
        """(U, S) set-up paid at month 0 for the customers buying already."""
        return np.where(_BUYING, 1.0, 0.0) * self.setup[:, None]

    def rows(self, name: str, g: int = 0) -> np.ndarray:
        """The regime array ``name`` (leading axis of two) of the K segments of row ``g``."""
        return getattr(self, name)[:, self.pair[g]]


_Member = tuple[DynamicsStack, int]
"""A segment's dynamics in a row of :func:`_batches`: pair ``k`` of a stack."""


def _batches(
    rows: Sequence[tuple[Scenario, Sequence[_Member]]],
) -> tuple[_Batch, _Batch | None, np.ndarray]:
    """(batch of the first months, batch of the later months or None, change month per row)
    for G (scenario, its K segments' dynamics) rows, all with the same K.

    Each segment is a pair of a :class:`~crmsim.model.mechanisms.DynamicsStack` (the
    scenario's planned segments, shared by many rows; the segment a map varies, at every
    level); the pairs the rows use are read from the stacks' arrays once. The later batch
    holds the same pairs after the lost-customer analysis's lessons (each stack's
    ``later``), in the same order; a row whose dynamics do not change has the horizon as its
    change month.
    """
    g, k = len(rows), len(rows[0][1])
    members = [m for _, ms in rows for m in ms]
    number: dict[int, int] = {}  # id of a stack → its number
    stacks: list[DynamicsStack] = []
    for stack, _ in members:
        if id(stack) not in number:
            number[id(stack)] = len(stacks)
            stacks.append(stack)
    width = max(len(st) for st in stacks)
    keys = np.array([number[id(st)] * width + index for st, index in members], dtype=np.intp)
    # the pairs used, stack by stack (pair indices ascending), and each member's pair
    unique, inverse = np.unique(keys, return_inverse=True)
    pair = inverse.reshape(g, k)
    per_stack = np.bincount(unique // width, minlength=len(stacks))
    used = np.split(unique % width, np.cumsum(per_stack)[:-1])  # per stack: pair indices
    names = [st.levels[i].name for st, indices in zip(stacks, used, strict=True) for i in indices]
    tables: dict[int, int] = {}  # id of a level order → its row in ``ranks_by``
    ranks_by, table_of_row = [], []
    orders: dict[int, dict[str, int]] = {}  # id of a scenario → its level order
    for s, _ in rows:
        order = orders.get(id(s))
        if order is None:
            order = orders[id(s)] = _level_rank(s.level_names)
        if id(order) not in tables:
            tables[id(order)] = len(ranks_by)
            ranks_by.append([order[name] for name in names])
        table_of_row.append(tables[id(order)])
    ranks = np.array(ranks_by)[np.array(table_of_row)[:, None], pair]  # (G, K)
    segments = [st.segments[i] for st, indices in zip(stacks, used, strict=True) for i in indices]
    x0 = _initial_shares(segments)
    x0 *= np.array([seg.n_customers for seg in segments], dtype=float)[:, None]
    staff = [s.staff for s, _ in rows]
    desks = [s.complaints for s, _ in rows]
    common = {
        "pair": pair,
        "x0": x0,
        "ranks": ranks,
        "capacity": np.array(
            [
                math.inf
                if st.n_account_managers is None
                else st.n_account_managers * st.hours_per_manager_per_month
                for st in staff
            ]
        ),
        "desk_staff": np.array([d.n_staff or 0 for d in desks], dtype=float),
        "services": np.array(
            [d.hours_per_handler_per_month / max(d.hours_per_complaint, 1e-9) for d in desks]
        ),
        "target": np.array([d.response_target_days / _MONTH_DAYS for d in desks]),
        "hours_per_complaint": np.array([d.hours_per_complaint for d in desks]),
        "rate": np.array([s.monthly_discount_rate for s, _ in rows]),
    }
    first = _Batch(**_pair_arrays(stacks, used), **common)
    if all(st.later is None for st in stacks):
        return first, None, np.array([s.horizon_months for s, _ in rows])
    later = _Batch(**_pair_arrays([st.later or st for st in stacks], used), **common)
    changes = np.array(
        [
            math.nan if st.later is None else st.change_month
            for st, indices in zip(stacks, used, strict=True)
            for _ in indices
        ]
    )[pair]  # (G, K)
    has = ~np.isnan(changes)
    horizons = np.array([s.horizon_months for s, _ in rows], dtype=float)
    change = np.where(has.any(1), changes[np.arange(g), has.argmax(1)], horizons)
    return first, later, change.astype(int)


def _pair_arrays(stacks: Sequence[DynamicsStack], used: Sequence[np.ndarray]) -> dict:
    """The fields of :class:`_Batch` that belong to the pairs: pairs ``used[n]`` of
    ``stacks[n]``, stack after stack."""

    def joined(values: list[np.ndarray]) -> np.ndarray:
        parts = [v[t] for v, t in zip(values, used, strict=True)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def regimes(field: str) -> np.ndarray:  # (2, U, ...)
        return np.stack(
            [
                joined([getattr(st.served, field) for st in stacks]),
                joined([getattr(st.neglected, field) for st in stacks]),
            ]
        )

    def numbers(field: str) -> np.ndarray:  # (U,)
        return joined([np.asarray(getattr(st, field), dtype=float) for st in stacks])

    c = regimes("complaint_prob")[..., None]
    handled = regimes("handled_well_prob")[..., None]
    ordinary, good, bad = regimes("ordinary"), regimes("after_good"), regimes("after_bad")
    at_worst = (1.0 - c) * ordinary + c * (0.0 * good + 1.0 * bad)  # Regime.transition(0)
    full = (1.0 - c) * ordinary + c * (handled * good + (1.0 - handled) * bad)
    cash = regimes("cash_per_wallet") + regimes("cash_fixed")
    cash[..., _SETUP] = 0.0
    return {
        "at_worst": at_worst,
        "recovery": full - at_worst,
        "referrals": regimes("referrals_per_month"),
        "cash": cash,
        "complaint_prob": c[..., 0],
        "setup": numbers("setup_cost"),
        "reactivation": numbers("reactivation_cost"),
        "cycle": numbers("contact_cycle_months"),
        "hours": numbers("manager_hours_per_month"),
    }


def _initial_shares(segments: Sequence[Segment]) -> np.ndarray:
    """(n, n_states) each segment's initial share of customers per state (read once per mix:
    the copies of a segment that a map varies share their mix)."""
    shares: dict[int, tuple[float, ...]] = {}
    for seg in segments:
        if id(seg.initial_mix) not in shares:
            shares[id(seg.initial_mix)] = seg.initial_shares()
    return np.array([shares[id(seg.initial_mix)] for seg in segments], dtype=float)


@functools.lru_cache(maxsize=64)
def _level_rank(level_names: tuple[str, ...]) -> dict[str, int]:
    """Position of each level in a scenario's levels (cheapest first)."""
    return {name: i for i, name in enumerate(level_names)}


def _evenly(rows: np.ndarray) -> np.ndarray | slice:
    """``rows`` (ascending) as a slice when evenly spaced (a map's segment in every row):
    a view to read and write, where an index array copies."""
    steps = np.diff(rows)
    if rows.size < 2 or (steps != steps[0]).any():
        return rows
    return slice(int(rows[0]), int(rows[-1]) + 1, int(steps[0]))


_SHARED_ROWS = 8  # rows of one pair that take one matrix product together


class _Products:
    """Row by row products ``x[r] @ arrays[ids[r]]`` of an (R, S) matrix with (S, W) arrays.

    Rows whose array is shared by at least :data:`_SHARED_ROWS` rows (a map's planned
    segments) go through one matrix product per array; the rest through one stacked
    product with their arrays gathered once, here.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> arrays = rng.random((3, 2, 5))
    >>> ids = np.array([0, 1] * 8 + [0, 0, 2])  # 0: 10 rows, unevenly; 1: 8 rows evenly
    >>> x = rng.random((len(ids), 2))
    >>> rowwise = np.einsum("rs,rsw->rw", x, arrays[ids])
    >>> bool(np.allclose(_Products(ids, arrays)(x), rowwise, rtol=1e-14))
    True
    """

    def __init__(self, ids: np.ndarray, arrays: np.ndarray) -> None:
        counts = np.bincount(ids, minlength=len(arrays))
        shared = np.flatnonzero(counts >= _SHARED_ROWS)
        self.width = arrays.shape[-1]
        self.groups = [(_evenly(np.flatnonzero(ids == u)), arrays[u]) for u in shared.tolist()]
        rest = np.flatnonzero(counts[ids] < _SHARED_ROWS)
        self.rest = None if rest.size == ids.size else _evenly(rest)  # None: every row
        self.rest_arrays = arrays[ids[rest]]  # (n_rest, S, W)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """(R, W) the products of the rows of ``x`` (R, S)."""
        if self.rest is None:
            return np.matmul(x[:, None, :], self.rest_arrays)[:, 0]
        y = np.empty((x.shape[0], self.width))
        if len(self.rest_arrays):
            y[self.rest] = np.matmul(x[self.rest][:, None, :], self.rest_arrays)[:, 0]
        for rows, array in self.groups:
            y[rows] = x[rows] @ array
        return y


@dataclass(frozen=True, slots=True)
class _Paths:
    """What the month loop of :func:`_run` returns for G scenarios of K segments."""

    lines: np.ndarray  # (G, K, C) present value of each cash line, whole segment
    served: np.ndarray  # (G, K) share of contact hours served
    served_overall: np.ndarray  # (G,)
    in_time: np.ndarray  # (G,) share of complaints answered in time (nan: unlimited desk)
    manager_hours: np.ndarray  # (G, T)
    desk_hours: np.ndarray  # (G, T)
    occupancy: np.ndarray | None  # (G, K, T, S) when recorded
    cash: np.ndarray | None  # (G, K, T, C) when recorded
    mix: np.ndarray | None  # (G, T, K) served share of customer-months when recorded
    factor: np.ndarray | None  # (G, T) desk factor when recorded


def _run(
    b: _Batch,
    n_months: int,
    *,
    record: bool = False,
    later: _Batch | None = None,
    change: np.ndarray | None = None,
) -> _Paths:
    """All segments of G scenarios month by month, sharing account managers and desk.

    Month ``t``: the contact hours due per level (buying customers × manager hours) get the
    managers' hours deepest level first (:func:`priority_served_fractions`); the desk's
    share of complaints answered in time follows :func:`desk_month`; then every segment
    moves one month by its served and neglected regimes mixed accordingly (the same mix as
    :func:`segment_chain`). A regime's moves are affine in the desk's factor ``f`` and the
    mix is affine in the served share ``s``, so two products a month do it all
    (:func:`_wide`): the occupancy times the regimes' arrays side by side gives the hours
    due and the complaints to come, and the four weights ``s, s·f, 1-s, (1-s)·f`` times
    that gives next month's occupancy, the set-up paid on starts and the month's cash.
    What does not feed the next month (present values, hours worked, served shares) is
    summed from the stored months after the loop. With ``later`` (the same pairs),
    scenario ``g`` moves by the regimes of ``later`` from month ``change[g]`` on (the
    lost-customer analysis's lessons applied).
    """
    g, k = b.pair.shape
    n = b.x0.shape[-1]
    c = b.cash.shape[-1]
    n_pairs = len(b.setup)
    phases = [b] if later is None else [b, later]
    change = np.full(g, n_months) if change is None else np.asarray(change)
    switches = {0, *(int(m) for m in change if 0 < m < n_months)}  # months the regimes change
    wide = np.concatenate([_wide(p, b.hours, record) for p in phases])  # (P·U, S, 5 + 4B)
    width = (wide.shape[-1] - _TAIL) // 4  # B: next month, set-up paid [, cash]
    pair = b.pair.reshape(-1)  # (G·K,)
    has_desk = b.desk_staff > 0
    desk_any, desk_all = bool(has_desk.any()), bool(has_desk.all())
    desk_staff = np.where(has_desk, b.desk_staff, 1.0)
    same = desk_staff.size > 0 and (desk_staff == desk_staff[0]).all()
    n_desk = int(desk_staff[0]) if same and desk_staff[0].is_integer() else desk_staff
    managers = bool(np.isfinite(b.capacity).any())
    ample = b.capacity * (1.0 - 1e-9)  # hours due below this: every level served in full
    manager_hours = np.maximum(b.capacity, 0.0)[:, None]
    groups = _rank_groups(b.ranks)  # (G, R, K)
    cycle = b.cycle[b.pair]  # (G, K)
    first_cycle = (
        np.maximum(cycle[None] - 1.0 - np.arange(n_months)[:, None, None], 0.0) / cycle
    )  # (T, G, K)
    early = first_cycle.any(axis=(1, 2)).tolist()
    x_all = np.empty((n_months, g, k, n))  # occupancy at the start of each month
    x_all[0] = b.x0[b.pair]
    buying_at_start = x_all[0][..., _BUYING].sum(-1)
    weights = np.empty((n_months, g, k, 2))  # served share s, neglected 1 - s
    demand, phi = np.empty((n_months, g, k)), np.ones((n_months, g, k))
    arrivals, factor = np.zeros((n_months, g)), np.ones((n_months, g))
    paid = np.empty((n_months, g, k))  # set-up paid the month after
    cash = np.empty((n_months, g, k, c)) if record else None
    desk_weights = np.ones((g, 1, 1, 2))  # 1, f
    desks = _Desks(n_desk, b.services, b.target)
    backlog = None  # complaints waiting at the desks (None: none anywhere)
    products = _Products(pair, wide)
    for t in range(n_months):
        if t in switches and later is not None:
            on = (t >= change).astype(np.intp)  # (G,): the later pairs from here on
            products = _Products((b.pair + n_pairs * on[:, None]).reshape(-1), wide)
        y = products(x_all[t].reshape(g * k, n)).reshape(g, k, -1)  # (G, K, W)
        demand[t] = y[..., 1]
        # the priority rule, unless every scenario has hours to spare (by more than rounding)
        if managers and not (demand[t].sum(-1) <= ample).all():
            per_group = groups @ y[..., 1:3]  # (G, R, 2) hours due, weighted by contact hours
            served = _priority(manager_hours, per_group[..., 0], per_group[..., 1])
            np.matmul(served[:, None, :], groups, out=phi[t][:, None, :])
        w = weights[t]
        if early[t]:  # existing customers whose first contact is later in the first cycle
            buying = y[..., 0]
            ratio = np.divide(buying_at_start, buying, out=np.zeros_like(buying), where=buying > 0)
            not_yet = first_cycle[t] * np.minimum(1.0, ratio)
            w[..., 0] = not_yet + (1.0 - not_yet) * phi[t]
        else:
            w[..., 0] = phi[t]
        np.subtract(1.0, w[..., 0], out=w[..., 1])
        arrivals[t] = (w * y[..., 3:5]).sum((-1, -2))
        if desk_any:
            share, backlog = desks.month(arrivals[t], backlog)
            if desk_all:
                factor[t] = share
            else:
                factor[t] = np.where(has_desk, share, 1.0)
                if backlog is not None:  # only the scenarios with a desk keep a queue
                    backlog = np.where(has_desk, backlog, 0.0)
                    backlog = backlog if backlog.any() else None
            desk_weights[:, 0, 0, 1] = factor[t]
        # weights s, s·f, 1-s, (1-s)·f times the regimes' products side by side
        mixed = (w[..., :, None] * desk_weights).reshape(g, k, 1, 4)
        step = np.matmul(mixed, y[..., _TAIL:].reshape(g, k, 4, width))[:, :, 0]
        if t + 1 < n_months:
            x_all[t + 1] = step[..., :n]
        paid[t] = step[..., n]
        if record:
            cash[t] = step[..., n + 1 :]
    discount = (1.0 + b.rate) ** -np.arange(n_months + 1, dtype=float)[:, None]  # (T+1, G)
    at_start = (b.x0 * b.start_setup).sum(-1)[b.pair]
    discounted = weights * discount[:-1, :, None, None]
    lines = np.zeros((g * k, c))
    for p, batch in enumerate(phases):
        share = 1.0 if later is None else (np.arange(n_months)[:, None] >= change) == bool(p)
        part = discounted * np.asarray(share)[..., None, None]
        weighted = np.einsum("tgkr,tgks->gkrs", part, x_all).reshape(g * k, 2 * n)
        regimes = np.swapaxes(batch.cash, 0, 1).reshape(n_pairs, 2 * n, c)  # (U, R·S, C)
        lines += _Products(pair, regimes)(weighted)
    lines = lines.reshape(g, k, c)
    lines[..., _SETUP] = at_start + np.einsum("tg,tgk->gk", discount[1:n_months], paid[:-1])
    worked_hours = phi * demand  # (T, G, K)
    due, worked = demand.sum(0), worked_hours.sum(0)
    served = np.where(due > 0, worked / np.where(due > 0, due, 1.0), 1.0)
    total_due = due.sum(-1)
    overall = np.where(total_due > 0, worked.sum(-1) / np.where(total_due > 0, total_due, 1.0), 1.0)
    arrivals_total = np.where(has_desk, arrivals, 0.0).sum(0)
    in_time_total = np.where(has_desk, arrivals * factor, 0.0).sum(0)
    in_time = np.where(
        arrivals_total > 0, in_time_total / np.where(arrivals_total > 0, arrivals_total, 1.0), 1.0
    )
    if record:
        cash[0, ..., _SETUP] = at_start
        cash[1:, ..., _SETUP] = paid[:-1]
    return _Paths(
        lines,
        served,
        overall,
        np.where(has_desk, in_time, np.nan),
        worked_hours.sum(-1).T,
        (arrivals * b.hours_per_complaint).T,
        np.moveaxis(x_all, 0, 2) if record else None,
        np.moveaxis(cash, 0, 2) if record else None,
        weights[..., 0].transpose(1, 0, 2) if record else None,
        factor.T if record else None,
    )


_TAIL = 5  # columns of _wide before the four blocks: buying, hours due, sized, complaints ×2


def _wide(b: _Batch, hours: np.ndarray, record: bool) -> np.ndarray:
    """(U, S, 5 + 4B) the regimes' arrays of each pair side by side, for one product a month.

    First, per customer in each state: buying (0 or 1), manager hours due (``hours``,
    (U,)), the same times the hours of one contact, complaints in the served and in the
    neglected regime. Then four blocks of B columns, one per weight of :func:`_run`
    (served at worst, what complaints handled well add to it, neglected at worst, its
    recovery): next month's customers (the referred targets added at worst), the set-up
    paid on starts and, when recorded, the cash lines (in the at-worst blocks).
    """
    buying = np.broadcast_to(_BUYING.astype(float), b.x0.shape)
    contact = hours * b.cycle
    tail = [buying, buying * hours[..., None], buying * (hours * contact)[..., None]]
    moves = b.at_worst.copy()
    moves[..., _TARGET] += b.referrals
    starts = b.on_start[None] * np.stack([b.at_worst[..., _NEW], b.recovery[..., _NEW]])
    none = np.zeros_like(b.cash[0])
    blocks = []
    for r in (0, 1):
        blocks += [moves[r], starts[0, r][..., None]] + ([b.cash[r]] if record else [])
        blocks += [b.recovery[r], starts[1, r][..., None]] + ([none] if record else [])
    return np.concatenate(
        [np.stack([*tail, b.complaint_prob[0], b.complaint_prob[1]], axis=-1), *blocks], axis=-1
    )


def _month_chains(
    b: _Batch,
    mix: np.ndarray,
    factor: np.ndarray,
    later: _Batch | None = None,
    change: int = 0,
    g: int = 0,
) -> ChainArrays:
    """The chains of scenario ``g`` of ``b`` in every recorded month, stacked (T × K); with
    ``later``, its regimes from month ``change`` on."""
    s = mix[g].reshape(-1)  # (T·K,)
    f = np.repeat(factor[g], b.pair.shape[1])[:, None, None]
    t_count = mix.shape[1]
    switch = change if later is not None else t_count

    def per_month(name: str) -> np.ndarray:  # (2, K, ...) → (2, T·K, ...)
        a = b.rows(name, g)
        months = np.broadcast_to(a[:, None], (2, t_count, *a.shape[1:])).copy()
        if switch < t_count:
            months[:, switch:] = later.rows(name, g)[:, None]
        return months.reshape(2, -1, *a.shape[2:])

    w = np.stack([s, 1.0 - s])
    P = np.einsum("rk,rkij->kij", w, per_month("at_worst") + f * per_month("recovery"))
    take = b.pair[g]
    return chain_arrays(
        P,
        np.einsum("rk,rki->ki", w, per_month("referrals")),
        np.einsum("rk,rkil->kil", w, per_month("cash")),
        np.tile(b.setup[take], t_count),
        np.tile(b.reactivation[take], t_count),
    )


def _backward_clv(chains: ChainArrays, n_segments: int, discount: float) -> np.ndarray:
    """(2, K, S) value per starting state of one customer along month-varying chains.

    Row 0 counts a customer's own cash, row 1 adds the customers it refers. Values are
    linear in the cash lines, so the recursion runs on each month's profit (cash lines
    signed and summed) rather than line by line.
    """

    def month(a: np.ndarray) -> np.ndarray:
        return a.reshape(-1, n_segments, *a.shape[1:])  # (T, K, ...)

    sign = CASH_SIGNS[_SETUP]
    profit = month(chains.cash) @ CASH_SIGNS  # (T, K, S)
    profit[:-1] += discount * sign * month(chains.setup_next)[:-1]  # set-up paid the month after
    moves = discount * np.stack([month(chains.transition), month(chains.growth)], axis=1)
    profit = profit[..., None]  # (T, K, S, 1): the recursion runs on columns
    value = np.stack([profit[-1], profit[-1]])  # (2, K, S, 1)
    for t in range(profit.shape[0] - 2, -1, -1):
        value = profit[t] + moves[t] @ value
    return value[..., 0] + sign * chains.start_setup[:n_segments]


def _planned_dynamics(scenario: Scenario) -> DynamicsStack:
    """The dynamics of every segment of ``scenario`` at its planned level, as one stack."""
    return dynamics_stack(
        scenario, scenario.segments, [scenario.level(level) for _, level in scenario.plan]
    )


def evaluate(scenario: Scenario, *, plan: Mapping[str, str] | str | None = None) -> Results:
    """Expected occupancy, cash flows, CLV and summary of ``scenario`` (analytic engine).

    Parameters
    ----------
    scenario : Scenario
    plan : mapping or str, optional
        Level per segment (or one level for all) instead of ``scenario.plan``.

    Returns
    -------
    Results
        ``engine == "analytic"``; ``clv`` holds the CLV per starting state; ``staff`` the
        payroll and idle cost of limited staff; ``extra["served_fraction"]`` the share of
        all contact hours served and ``extra["complaints_in_time"]`` the share of complaints
        answered within the target (None with an unlimited desk).
    """
    return evaluate_plans(scenario, [plan])[0]


def evaluate_plans(
    scenario: Scenario, plans: Sequence[Mapping[str, str] | str | None]
) -> list[Results]:
    """:func:`evaluate` of ``scenario`` under each of several plans, in order.

    With limited staff the plans go through the month loop together, one row each (a
    comparison of levels runs the loop once); the results are those of :func:`evaluate`,
    plan by plan.

    Parameters
    ----------
    scenario : Scenario
    plans : sequence
        Each a level per segment, one level for all, or None for ``scenario.plan``.

    Examples
    --------
    >>> from crmsim import preset
    >>> classroom = preset("classroom")
    >>> together = evaluate_plans(classroom, [None, "preferred"])
    >>> alone = evaluate(classroom, plan="preferred")
    >>> bool(np.allclose(together[1].summary["discounted_profit"],
    ...                  alone.summary["discounted_profit"], rtol=1e-12))
    True
    """
    scenarios = [scenario if plan is None else scenario.with_plan(plan) for plan in plans]
    if not scenarios:
        return []
    stacks = [_planned_dynamics(s) for s in scenarios]
    if scenario.staff_unlimited:
        return [
            _unlimited_results(s, planned) for s, planned in zip(scenarios, stacks, strict=True)
        ]
    rows = [
        (s, [(planned, k) for k in range(len(planned))])
        for s, planned in zip(scenarios, stacks, strict=True)
    ]
    batch, later, change = _batches(rows)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        run = _run(batch, scenario.horizon_months, record=True, later=later, change=change)
    out = []
    for g, (s, planned) in enumerate(zip(scenarios, stacks, strict=True)):
        in_time = None if np.isnan(run.in_time[g]) else float(run.in_time[g])
        clv = _backward_clv(
            _month_chains(batch, run.mix, run.factor, later, int(change[g]), g),
            len(planned),
            1.0 / (1.0 + s.monthly_discount_rate),
        )
        served = run.served[g]
        # the chain of the segments' first months, at their served share over the horizon
        transition = _mixed_transition(_mix(planned, served[:, None, None]), in_time)
        out.append(
            _results(
                s,
                planned,
                run.occupancy[g],
                run.cash[g],
                served,
                clv,
                transition,
                (run.manager_hours[g], run.desk_hours[g]),
                {"served_fraction": float(run.served_overall[g]), "complaints_in_time": in_time},
            )
        )
    return out


def _unlimited_results(scenario: Scenario, planned: DynamicsStack) -> Results:
    """:func:`evaluate` with unlimited staff: every segment's expected paths at once, as
    :func:`segment_outlook`'s."""
    n_months = scenario.horizon_months
    chain, later = (_chains(d, 1.0, None) for d in (planned, planned.later or planned))
    x0 = _initial_shares(planned.segments)
    x0 *= np.array([seg.n_customers for seg in planned.segments], dtype=float)[:, None]
    change = planned.change_month if planned.later is not None else n_months
    occupancy, cash, clv = _outlooks(
        chain, later, x0, change, n_months, scenario.monthly_discount_rate
    )
    return _results(
        scenario,
        planned,
        occupancy,
        cash,
        np.ones(len(planned)),
        clv,
        chain.transition,
        (np.zeros(n_months),) * 2,
        {"served_fraction": 1.0, "complaints_in_time": None},
    )


def _results(
    scenario: Scenario,
    planned: DynamicsStack,
    occupancy: np.ndarray,
    cash: np.ndarray,
    served: np.ndarray,
    clv: np.ndarray,
    transition: np.ndarray,
    hours: tuple[np.ndarray, np.ndarray],
    extra: dict,
) -> Results:
    """The :class:`Results` of one evaluated plan from its arrays: (K, T, S) occupancy,
    (K, T, C) cash, (K,) served shares, (2, K, S) CLV, (K, S, S) first-month chains and
    the manager and desk hours worked per month."""
    pairs = [(seg.name, lv.name) for seg, lv in zip(planned.segments, planned.levels, strict=True)]
    occupancy_df, cash_df, summary = result_frames(
        pairs,
        occupancy,
        cash,
        scenario.monthly_discount_rate,
        np.array([float(seg.n_customers) for seg in planned.segments]),
        served,
    )
    return Results(
        engine="analytic",
        scenario=scenario,
        seed_entropy=None,
        occupancy=occupancy_df,
        cash_flows=cash_df,
        summary=summary,
        clv=clv_frame(pairs, clv[0], clv[1], expected_months_to_churn(transition)),
        staff=staff_frame(scenario, *hours),
        extra=extra,
    )


# --------------------------------------------------------------------------------------
# present value per customer of each cash line, batched over chains
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServedChain:
    """One segment at one level, fully served: an item of :func:`present_value_lines`.

    Attributes
    ----------
    x0 : ndarray
        Initial share of the segment's customers in each state.
    regime : Regime
        The served regime of :func:`crmsim.model.mechanisms.served_regime`.
    setup_cost : float
        The level's set-up cost for the segment, paid when a customer starts buying.
    reactivation_cost : float
        What a lost customer won back pays instead.
    n_months : int
        Horizon.
    discount : float
        Monthly discount factor ``1 / (1 + monthly rate)``.
    later : Regime, optional
        The served regime from ``change_month`` on (the lost-customer analysis's lessons
        applied), if that comes within the horizon.
    change_month : int
    """

    x0: np.ndarray
    regime: Regime
    setup_cost: float
    reactivation_cost: float
    n_months: int
    discount: float
    later: Regime | None = None
    change_month: int = 0


def served_chain(
    scenario: Scenario, seg: Segment, level: RelationshipLevel, x0: np.ndarray | None = None
) -> ServedChain:
    """``seg`` held at ``level`` in ``scenario`` with unlimited staff and complaint desk.

    Uses :func:`crmsim.model.mechanisms.served_regime` (without staff limits the neglected
    regime is never used). ``x0`` (default the segment's initial shares) may be passed when
    many chains share it.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> scenario = Scenario(horizon_months=24)
    >>> item = served_chain(scenario, Segment(name="smb"), scenario.level("alliance"))
    >>> item.n_months, float(item.x0.sum())
    (24, 1.0)
    """
    change = lessons_month(scenario)
    return ServedChain(
        x0=np.asarray(seg.initial_shares(), dtype=float) if x0 is None else x0,
        regime=served_regime(scenario, seg, level, lessons=change == 0),
        setup_cost=level.setup_cost_for(seg.annual_wallet),
        reactivation_cost=level.reactivation_cost_for(seg.annual_wallet),
        n_months=scenario.horizon_months,
        discount=1.0 / (1.0 + scenario.monthly_discount_rate),
        later=served_regime(scenario, seg, level, lessons=True) if change else None,
        change_month=change or 0,
    )


def power_and_sum(A: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(A^n, A^0 + ... + A^(n-1))`` for a stack of matrices, by binary doubling.

    Examples
    --------
    >>> power, total = power_and_sum(np.array([[[0.5]]]), 3)
    >>> float(power[0, 0, 0]), float(total[0, 0, 0])
    (0.125, 1.75)
    """
    eye = np.zeros_like(A)
    eye[:, np.arange(A.shape[-1]), np.arange(A.shape[-1])] = 1.0
    power, total = eye, np.zeros_like(A)  # A^m and S_m for the bits of n read so far
    for bit in bin(n)[2:] if n else "":
        total = total + power @ total  # S_2m = S_m + A^m S_m
        power = power @ power
        if bit == "1":  # S_(m+1) = S_m + A^m
            total = total + power
            power = power @ A
    return power, total


def present_value_lines(chains: Sequence[ServedChain]) -> np.ndarray:
    """Present value per customer of each cash line, for many served chains at once.

    The batched counterpart of ``lines_per_customer(evaluate(...))`` without staff limits:
    the same chain arithmetic (:func:`chain_arrays`), summed over the horizon in closed form
    instead of month by month, so thousands of segment-level pairs (a frontier map) take a
    fraction of a second. Chains may differ in horizon and discount rate.

    Parameters
    ----------
    chains : sequence of ServedChain
        From :func:`served_chain`.

    Returns
    -------
    ndarray of shape (len(chains), n_cash_lines)
        Columns in :data:`crmsim.model.mechanisms.CASH_COMPONENTS` order, positive amounts,
        per customer at month 0 (referred customers' cash included).

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> scenario = Scenario(segments=(Segment(name="smb"),))
    >>> smb = scenario.segment("smb")
    >>> lines = present_value_lines([served_chain(scenario, smb, lv) for lv in scenario.levels])
    >>> lines.shape
    (4, 10)
    >>> from crmsim.engines.lines import lines_per_customer
    >>> exact = lines_per_customer(evaluate(scenario, plan="partnership")).loc[
    ...     ("smb", "partnership"), list(CASH_COMPONENTS)]
    >>> bool(np.allclose(lines[2], exact.to_numpy(float)))
    True
    """
    out = np.empty((len(chains), len(CASH_COMPONENTS)))
    groups: dict[tuple[int, float, int], list[int]] = {}
    for k, item in enumerate(chains):
        change = item.change_month if item.later is not None else 0
        groups.setdefault((item.n_months, item.discount, change), []).append(k)
    for (n_months, discount, change), idx in groups.items():
        items = [chains[k] for k in idx]
        out[idx] = _served_lines(
            np.stack([item.x0 for item in items]),
            Regime.stack([item.regime for item in items]),
            Regime.stack([item.later for item in items]) if change else None,
            np.array([item.setup_cost for item in items]),
            np.array([item.reactivation_cost for item in items]),
            n_months,
            discount,
            change,
        )
    return out


def _served_lines(
    x0: np.ndarray,
    regimes: Regime,
    later: Regime | None,
    setup: np.ndarray,
    reactivation: np.ndarray,
    n_months: int,
    discount: float,
    change: int,
) -> np.ndarray:
    """(K, n_cash_lines) present value per customer of K served chains of one horizon and
    discount: stacks of regimes (the later ones from month ``change``) and (K, n_states)
    starting shares."""

    def arrays(stack: Regime) -> ChainArrays:
        return chain_arrays(
            stack.transition(), stack.referrals_per_month, stack.cash, setup, reactivation
        )

    return _discounted_lines(
        arrays(regimes),
        x0[:, None, :],
        n_months,
        discount,
        later=None if later is None else arrays(later),
        change_month=change,
    )[:, 0, :]


def level_lines(
    scenario: Scenario, segment: str | None = None, *, levels: Sequence[str] | None = None
) -> np.ndarray:
    """Present value per customer of each cash line, one row per level (analytic engine).

    Other segments keep their planned levels. One point of :func:`level_lines_batch`.

    Returns
    -------
    ndarray of shape (n_levels, n_cash_lines)
        Columns in :data:`crmsim.model.mechanisms.CASH_COMPONENTS` order, positive amounts.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> lines = level_lines(Scenario(segments=(Segment(name="smb"),)), levels=["preferred"])
    >>> lines.shape
    (1, 10)
    """
    return level_lines_batch([scenario], segment, levels=levels)[0]


_CHUNK = 512  # most rows per pass of the staffed month loop: its month arrays stay in the
# processor's cache (a pass of 2,048 rows took twice as long per row as one of 512)


def level_lines_batch(
    points: Sequence[Scenario | tuple[Scenario, Segment]],
    segment: str | None = None,
    *,
    levels: Sequence[str] | None = None,
) -> np.ndarray:
    """Present value per customer of each cash line of ``segment`` at each level, many points.

    The batched form of ``lines_per_customer(evaluate(scenario, plan=...))`` for one
    segment moved through the levels while the other segments keep their planned levels.
    Without staff limits each point is a served chain (:func:`present_value_lines`, closed
    form); with limited account managers or complaint desk all points and levels go through
    the staffed month loop together, as arrays (segments compete for staff month by month,
    exactly as in :func:`evaluate`). Frontier maps, break-evens and sensitivity use this.

    Parameters
    ----------
    points : sequence of Scenario or (Scenario, Segment)
        The scenarios; a pair replaces the scenario's ``segment`` by an already validated
        copy (a map varying only the segment need not build a scenario per point).
    segment : str, optional
        The segment (required when the scenarios have several).
    levels : sequence of str, optional
        Default every level of the first scenario.

    Returns
    -------
    ndarray of shape (len(points), n_levels, n_cash_lines)
        Columns in :data:`crmsim.model.mechanisms.CASH_COMPONENTS` order, positive amounts,
        per customer at month 0 (NaN for a segment without customers).

    Examples
    --------
    >>> from crmsim import Scenario, Segment, Staff
    >>> staffed = Scenario(segments=(Segment(name="smb", n_customers=400),),
    ...                    staff=Staff(n_account_managers=1))
    >>> batch = level_lines_batch([staffed, staffed.with_plan("alliance")], "smb")
    >>> batch.shape
    (2, 4, 10)
    >>> from crmsim.engines.lines import lines_per_customer
    >>> exact = lines_per_customer(evaluate(staffed, plan="partnership")).loc[
    ...     ("smb", "partnership"), list(CASH_COMPONENTS)]
    >>> bool(np.allclose(batch[0, 2], exact.to_numpy(float), rtol=1e-9))
    True
    """
    pairs = [p if isinstance(p, tuple) else (p, None) for p in points]
    first = pairs[0][0]
    name = first.segment_name(segment)
    names = list(first.level_names if levels is None else levels)
    for lv in names:
        check_choice("level", lv, first.level_names)
    pairs = [(s, s.segment(name) if seg is None else seg) for s, seg in pairs]
    out = np.empty((len(pairs), len(names), len(CASH_COMPONENTS)))
    by_scenario: dict[int, list[int]] = {}  # points sharing one scenario object
    for i, (s, _) in enumerate(pairs):
        by_scenario.setdefault(id(s), []).append(i)
    rows: dict[tuple[int, int], list[tuple[int, int, tuple]]] = {}
    for idx in by_scenario.values():
        s = pairs[idx[0]][0]
        segs = [pairs[i][1] for i in idx for _ in names]
        levels = [s.level(lv) for lv in names] * len(idx)
        if s.staff_unlimited:
            out[idx] = _free_lines(s, segs, levels).reshape(len(idx), len(names), -1)
            continue
        planned = _planned_dynamics(s)
        others: list[_Member] = [(planned, k) for k in range(len(planned))]
        where = [other.name for other in s.segments].index(name)
        varied = dynamics_stack(s, segs, levels)
        for n, i in enumerate(idx):
            for j in range(len(names)):
                dyns = list(others)
                dyns[where] = (varied, n * len(names) + j)
                rows.setdefault((s.horizon_months, len(dyns)), []).append((i, j, (s, dyns, where)))
    for (n_months, _), items in rows.items():
        size = math.ceil(len(items) / math.ceil(len(items) / _CHUNK))  # passes of even size
        for at in range(0, len(items), size):
            part = items[at : at + size]
            batch, later, change = _batches([(s, dyns) for _, _, (s, dyns, _) in part])
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                run = _run(batch, n_months, later=later, change=change)
            i, j, where = np.array([(i, j, w) for i, j, (_, _, w) in part]).T
            customers = np.array([pairs[n][1].n_customers for n in i], dtype=float)
            own = run.lines[np.arange(len(part)), where]  # (rows, C) the segment moved
            with np.errstate(divide="ignore", invalid="ignore"):
                out[i, j] = np.where(customers[:, None] > 0, own / customers[:, None], np.nan)
    return out


def _free_lines(
    scenario: Scenario, segments: Sequence[Segment], levels: Sequence[RelationshipLevel]
) -> np.ndarray:
    """(K, n_cash_lines) present value per customer of K (segment, level) pairs of one
    scenario with unlimited staff: their served regimes built and summed as stacks."""
    change = lessons_month(scenario)
    pairs = list(zip(segments, levels, strict=True))
    return _served_lines(
        _initial_shares(segments),
        served_regimes(scenario, segments, levels, lessons=change == 0),
        served_regimes(scenario, segments, levels, lessons=True) if change else None,
        np.array([lv.setup_cost_for(seg.annual_wallet) for seg, lv in pairs]),
        np.array([lv.reactivation_cost_for(seg.annual_wallet) for seg, lv in pairs]),
        scenario.horizon_months,
        1.0 / (1.0 + scenario.monthly_discount_rate),
        change or 0,
    )


def expected_customer_months(scenario: Scenario) -> float:
    """Expected customer-months a simulation of ``scenario`` goes through, referrals included.

    Every customer counts in every month until it leaves the market (``non_customer``), and
    referred customers join as targets; each segment is taken fully served at its planned
    level (the most referrals a level brings). The SimPy engine refuses a scenario whose
    expected work exceeds :data:`crmsim.scenario.limits.MAX_CUSTOMER_MONTHS`: referrals can
    make a small book grow without bound over a long horizon.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> small = Scenario(segments=(Segment(name="smb", n_customers=10,
    ...                                    referrals_per_year=0.0),), horizon_months=12)
    >>> expected_customer_months(small) <= 10 * 12
    True
    """
    counted = np.array([state != "non_customer" for state in STATES], dtype=float)
    lessons = lessons_month(scenario) is not None  # they keep customers longer: the most work
    regimes = served_regimes(
        scenario,
        scenario.segments,
        [scenario.level(level) for _, level in scenario.plan],
        lessons=lessons,
    )
    growth = regimes.transition()
    growth[:, :, _TARGET] += regimes.referrals_per_month
    _, months = power_and_sum(growth, scenario.horizon_months)
    start = np.array(
        [
            np.asarray(seg.initial_shares(), dtype=float) * seg.n_customers
            for seg in scenario.segments
        ]
    )
    return float(np.einsum("ks,kst,t->", start, months, counted))
