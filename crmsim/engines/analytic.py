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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.common.checks import check_choice
from crmsim.engines.lines import lines_per_customer
from crmsim.engines.results import (
    Results,
    cash_frame,
    occupancy_frame,
    staff_frame,
    summarise,
)
from crmsim.model.mechanisms import (
    CASH_COMPONENTS,
    CASH_INDEX,
    CASH_SIGNS,
    Regime,
    SegmentDynamics,
    segment_dynamics,
    served_regime,
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
    "expected_customer_months",
    "expected_months_to_churn",
    "level_lines",
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
    transition: np.ndarray, referrals: np.ndarray, cash: np.ndarray, setup_cost: np.ndarray,
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
    mix = [(r, w) for r, w in ((dyn.served, served_fraction),
                               (dyn.neglected, 1.0 - served_fraction)) if w > 0]
    P = sum(w * r.transition(_handled(r, handled_well_factor)) for r, w in mix)
    referrals = sum(w * r.referrals_per_month for r, w in mix)
    cash = sum(w * r.cash for r, w in mix)
    return chain_arrays(P[None], referrals[None], cash[None], np.array([dyn.setup_cost]),
                        np.array([dyn.reactivation_cost]))


def _handled(regime: Regime, factor: float | None) -> float | None:
    return None if factor is None else regime.handled_well_prob * factor


def _discounted_lines(
    chains: ChainArrays, start: np.ndarray, n_months: int, discount: float, *,
    with_referrals: bool = True,
) -> np.ndarray:
    """(K, m, n_cash_lines) present value of each cash line over ``n_months``.

    ``start`` (K, m, n_states) holds m starting distributions per chain; month ``t`` is
    discounted by ``discount ** t``. The population moves by ``growth`` (or by
    ``transition`` without referrals). With ``S = sum_(t<H) d^t x_t`` the discounted
    occupancy, each line is ``S @ cash``; set-up is ``x_0 @ start_setup`` plus what is paid
    one month after each month but the last, ``d (S - d^(H-1) x_(H-1)) @ setup_next``.
    """
    A = chains.growth if with_referrals else chains.transition
    power, total = power_and_sum(discount * A, n_months - 1)  # (dA)^(H-1), sum_(t<H-1) (dA)^t
    total = total + power
    occupied = start @ total  # discounted occupancy
    last = start @ power  # d^(H-1) x_(H-1)
    lines = occupied @ chains.cash
    lines[..., _SETUP] = (
        (start * chains.start_setup[:, None, :]).sum(-1)
        + discount * ((occupied - last) * chains.setup_next[:, None, :]).sum(-1)
    )
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
    if arrivals_per_month <= 0:
        return 0.0
    load = arrivals_per_month / services_per_month
    if load >= n_servers:
        return 1.0
    # Erlang B by the stable recursion, then Erlang C
    blocking = 1.0
    for k in range(1, n_servers + 1):
        blocking = load * blocking / (k + load * blocking)
    wait_prob = n_servers * blocking / (n_servers - load * (1.0 - blocking))
    slack = n_servers * services_per_month - arrivals_per_month
    return float(wait_prob * math.exp(-slack * wait_months))


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
    chain = segment_chain(dyn, served_fraction=served_fraction,
                          handled_well_factor=handled_well_factor)
    x0 = np.asarray(dyn.segment.initial_shares(), dtype=float) * dyn.segment.n_customers
    occupancy = x0 @ matrix_powers(chain.growth[0], n_months)
    cash = occupancy @ chain.cash[0]
    # set-up: at month 0 for customers already buying, later one month after each (re)start
    cash[0, _SETUP] = float(occupancy[0] @ chain.start_setup[0])
    cash[1:, _SETUP] = occupancy[:-1] @ chain.setup_next[0]
    one_each = np.eye(len(STATES))[None]  # one customer in each starting state
    discount = 1.0 / (1.0 + monthly_rate)
    own = _discounted_lines(chain, one_each, n_months, discount, with_referrals=False)
    everyone = _discounted_lines(chain, one_each, n_months, discount)
    mean_buying = float(occupancy[:, _BUYING].sum(axis=1).mean())
    return SegmentOutlook(occupancy, cash, own[0] @ CASH_SIGNS, everyone[0] @ CASH_SIGNS,
                          mean_buying, chain)


def matrix_powers(A: np.ndarray, n: int) -> np.ndarray:
    """``A**0 .. A**(n-1)`` stacked into an ``(n, k, k)`` array.

    Examples
    --------
    >>> matrix_powers(np.array([[0.5]]), 3)[:, 0, 0].tolist()
    [1.0, 0.5, 0.25]
    """
    out = np.empty((n, *A.shape))
    out[0] = np.eye(A.shape[0])
    for t in range(1, n):
        np.matmul(out[t - 1], A, out=out[t])
    return out


def expected_months_to_churn(P: np.ndarray) -> np.ndarray:
    """Expected months before first reaching ``lost`` or ``non_customer``, per start state.

    Absorbing states get 0; the chain is made absorbing at both states first.
    """
    from crmsim.model.markov import MarkovRewardProcess

    absorbing = [_S["lost"], _S["non_customer"]]
    Q = P.copy()
    Q[absorbing] = 0.0
    Q[absorbing, absorbing] = 1.0
    chain = MarkovRewardProcess(states=STATES, transition=Q, reward=np.zeros(len(STATES)))
    return chain.expected_periods_before_absorption()


def priority_served_fractions(
    capacity_hours: float, demand_hours: np.ndarray, ranks: np.ndarray,
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
    ranks = np.asarray(ranks)
    served = np.ones(len(demand))
    left = max(float(capacity_hours), 0.0)
    for rank in sorted(set(ranks.tolist()), reverse=True):
        group = ranks == rank
        need = float(demand[group].sum())
        if need <= 0.0:
            continue
        given = min(need, left)
        if given < need and contact_hours is not None:
            size = float(demand[group] @ np.asarray(contact_hours)[group]) / need
            given = size * math.floor(left / size) if size > 0 else given
        served[group] = given / need
        left -= given
    return served


def desk_month(
    n_servers: int, arrivals: float, services_per_server: float, target_months: float,
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
    capacity = n_servers * services_per_server
    if arrivals <= 0.0:
        return 1.0, max(backlog - capacity, 0.0)
    room = capacity * target_months  # a queue this long is still answered in time
    if arrivals < capacity:
        settled = 1.0 - erlang_c_wait_probability(
            n_servers, arrivals, services_per_server, target_months)
        drain = capacity - arrivals
        late_until = min(max((backlog - room) / drain, 0.0), 1.0)
        return settled * (1.0 - late_until), max(backlog - drain, 0.0)
    growth = arrivals - capacity
    in_time_until = min(max((room - backlog) / growth, 0.0), 1.0)
    return in_time_until, backlog + growth


@dataclass(frozen=True, slots=True)
class _StaffedRun:
    """Month-by-month paths of all segments under staff limits."""

    outlooks: dict[str, SegmentOutlook]
    served: dict[str, float]
    manager_hours: np.ndarray
    desk_hours: np.ndarray
    served_overall: float
    in_time: float | None


def _backward_clv(chains: list[ChainArrays], k: int, discount: float, *,
                  with_referrals: bool) -> np.ndarray:
    """Value per starting state of one customer of chain ``k`` along month-varying chains."""
    value = chains[-1].cash[k].copy()
    for chain in reversed(chains[:-1]):
        A = chain.growth[k] if with_referrals else chain.transition[k]
        step = chain.cash[k].copy()
        step[:, _SETUP] += discount * chain.setup_next[k]
        value = step + discount * (A @ value)
    value[:, _SETUP] += chains[0].start_setup[k]
    return value @ CASH_SIGNS


def _staffed_run(
    scenario: Scenario, dynamics: dict[str, SegmentDynamics], n_months: int, rate: float
) -> _StaffedRun:
    """All segments month by month, sharing account managers and the complaint desk.

    Month ``t``: the contact hours due per level (buying customers × manager hours) get the
    managers' hours deepest level first (:func:`priority_served_fractions`); the desk's
    share of complaints answered in time follows :func:`desk_month`; then every segment
    moves one month by its served and neglected regimes mixed accordingly (the same mix as
    :func:`segment_chain`, for all segments in one :func:`chain_arrays` call: a regime's
    transition is affine in the chance a complaint is handled well).
    """
    staff, desk = scenario.staff, scenario.complaints
    dyns = list(dynamics.values())
    hours = np.array([d.manager_hours_per_month for d in dyns])
    per_contact = hours * np.array([d.contact_cycle_months for d in dyns])
    ranks = np.array([scenario.level_names.index(d.level.name) for d in dyns])
    capacity = (math.inf if staff.n_account_managers is None
                else staff.n_account_managers * staff.hours_per_manager_per_month)
    services = desk.hours_per_handler_per_month / max(desk.hours_per_complaint, 1e-9)
    target = desk.response_target_days / _MONTH_DAYS
    regimes = ([d.served for d in dyns], [d.neglected for d in dyns])
    # (2 regimes, K segments, ...): transition = at_worst + factor × recovery
    at_worst = np.array([[r.transition(0.0) for r in rs] for rs in regimes])
    recovery = np.array([[r.transition(r.handled_well_prob) for r in rs]
                         for rs in regimes]) - at_worst
    referrals = np.array([[r.referrals_per_month for r in rs] for rs in regimes])
    cash_per_month = np.array([[r.cash for r in rs] for rs in regimes])
    complaint_prob = np.array([d.served.complaint_prob for d in dyns])
    setup = np.array([d.setup_cost for d in dyns])
    reactivation = np.array([d.reactivation_cost for d in dyns])
    x = np.array([np.asarray(d.segment.initial_shares(), dtype=float) * d.segment.n_customers
                  for d in dyns])  # (K, n_states)
    cycle = np.array([d.contact_cycle_months for d in dyns], dtype=float)
    buying_at_start = x[:, _BUYING].sum(axis=1)
    occupancy = np.zeros((len(dyns), n_months, len(STATES)))
    cash = np.zeros((len(dyns), n_months, len(CASH_COMPONENTS)))
    chains: list[ChainArrays] = []
    due, worked = np.zeros(len(dyns)), np.zeros(len(dyns))
    manager_hours, desk_hours = np.zeros(n_months), np.zeros(n_months)
    arrivals_total, in_time_total, backlog = 0.0, 0.0, 0.0
    for t in range(n_months):
        demand = x[:, _BUYING].sum(axis=1) * hours
        phi = priority_served_fractions(capacity, demand, ranks, per_contact)
        arrivals = float((x * complaint_prob).sum())
        factor = 1.0
        if desk.n_staff is not None:
            factor, backlog = desk_month(desk.n_staff, arrivals, services, target, backlog)
            arrivals_total += arrivals
            in_time_total += arrivals * factor
        due += demand
        worked += phi * demand
        manager_hours[t] = float(phi @ demand)
        desk_hours[t] = arrivals * desk.hours_per_complaint
        # existing customers whose first contact is later in the first cycle: served so far
        buying = x[:, _BUYING].sum(axis=1)
        not_yet = np.maximum(cycle - 1.0 - t, 0.0) / cycle * np.minimum(
            1.0, np.divide(buying_at_start, buying, out=np.zeros_like(buying),
                           where=buying > 0))
        served_months = not_yet + (1.0 - not_yet) * phi
        w = np.stack([served_months, 1.0 - served_months])  # (2, K)
        chain = chain_arrays(
            np.einsum("rk,rkij->kij", w, at_worst + factor * recovery),
            np.einsum("rk,rki->ki", w, referrals),
            np.einsum("rk,rkil->kil", w, cash_per_month),
            setup, reactivation,
        )
        chains.append(chain)
        occupancy[:, t] = x
        paid_setup = cash[:, t, _SETUP].copy()  # for last month's (re)starts
        cash[:, t] = np.einsum("ki,kil->kl", x, chain.cash)
        cash[:, t, _SETUP] = (x * chain.start_setup).sum(axis=1) if t == 0 else paid_setup
        if t + 1 < n_months:
            cash[:, t + 1, _SETUP] = (x * chain.setup_next).sum(axis=1)
        x = np.einsum("ki,kij->kj", x, chain.growth)
    discount = 1.0 / (1.0 + rate)
    in_time = None
    if desk.n_staff is not None:
        in_time = in_time_total / arrivals_total if arrivals_total > 0 else 1.0
    outlooks, served = {}, {}
    for k, (name, dyn) in enumerate(dynamics.items()):
        served[name] = float(worked[k] / due[k]) if due[k] > 0 else 1.0
        outlooks[name] = SegmentOutlook(
            occupancy[k], cash[k],
            _backward_clv(chains, k, discount, with_referrals=False),
            _backward_clv(chains, k, discount, with_referrals=True),
            float(occupancy[k][:, _BUYING].sum(axis=1).mean()),
            segment_chain(dyn, served_fraction=served[name], handled_well_factor=in_time),
        )
    return _StaffedRun(
        outlooks=outlooks,
        served=served,
        manager_hours=manager_hours,
        desk_hours=desk_hours,
        served_overall=float(worked.sum() / due.sum()) if due.sum() > 0 else 1.0,
        in_time=in_time,
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
    if plan is not None:
        scenario = scenario.with_plan(plan)
    n_months = scenario.horizon_months
    rate = scenario.monthly_discount_rate
    dynamics = {
        seg.name: segment_dynamics(scenario, seg.name, level) for seg, (_, level) in
        zip(scenario.segments, scenario.plan, strict=True)
    }
    if scenario.staff_unlimited:
        outlooks = {name: segment_outlook(dyn, n_months=n_months, monthly_rate=rate)
                    for name, dyn in dynamics.items()}
        run = None
    else:
        run = _staffed_run(scenario, dynamics, n_months, rate)
        outlooks = run.outlooks
    occupancy, cash, clv_rows, starts, served = [], [], [], {}, {}
    for name, dyn in dynamics.items():
        level = dyn.level.name
        outlook = outlooks[name]
        occupancy.append(occupancy_frame(name, level, outlook.occupancy))
        cash.append(cash_frame(name, level, outlook.cash, rate))
        to_churn = expected_months_to_churn(outlook.chain.transition[0])
        clv_rows.append(
            pd.DataFrame(
                {
                    "segment": name,
                    "level": level,
                    "start_state": STATES,
                    "clv": outlook.clv,
                    "clv_with_referrals": outlook.clv_with_referrals,
                    "expected_months_to_churn": to_churn,
                }
            )
        )
        starts[(name, level)] = float(dyn.segment.n_customers)
        served[(name, level)] = 1.0 if run is None else run.served[name]
    occupancy_df = pd.concat(occupancy, ignore_index=True)
    cash_df = pd.concat(cash, ignore_index=True)
    return Results(
        engine="analytic",
        scenario=scenario,
        seed_entropy=None,
        occupancy=occupancy_df,
        cash_flows=cash_df,
        summary=summarise(occupancy_df, cash_df, starts, served),
        clv=pd.concat(clv_rows, ignore_index=True),
        staff=staff_frame(scenario, *((np.zeros(n_months),) * 2 if run is None
                                      else (run.manager_hours, run.desk_hours))),
        extra={
            "served_fraction": 1.0 if run is None else run.served_overall,
            "complaints_in_time": None if run is None else run.in_time,
        },
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
    """

    x0: np.ndarray
    regime: Regime
    setup_cost: float
    reactivation_cost: float
    n_months: int
    discount: float


def served_chain(scenario: Scenario, seg: Segment, level: RelationshipLevel,
                 x0: np.ndarray | None = None) -> ServedChain:
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
    return ServedChain(
        x0=np.asarray(seg.initial_shares(), dtype=float) if x0 is None else x0,
        regime=served_regime(scenario, seg, level),
        setup_cost=level.setup_cost_for(seg.annual_wallet),
        reactivation_cost=level.reactivation_cost_for(seg.annual_wallet),
        n_months=scenario.horizon_months,
        discount=1.0 / (1.0 + scenario.monthly_discount_rate),
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
    >>> exact = lines_per_customer(evaluate(scenario, plan="partnership")).loc[
    ...     ("smb", "partnership"), list(CASH_COMPONENTS)]
    >>> bool(np.allclose(lines[2], exact.to_numpy(float)))
    True
    """
    out = np.empty((len(chains), len(CASH_COMPONENTS)))
    groups: dict[tuple[int, float], list[int]] = {}
    for k, item in enumerate(chains):
        groups.setdefault((item.n_months, item.discount), []).append(k)
    for (n_months, discount), idx in groups.items():
        items = [chains[k] for k in idx]
        arrays = chain_arrays(
            np.stack([item.regime.transition() for item in items]),
            np.stack([item.regime.referrals_per_month for item in items]),
            np.stack([item.regime.cash for item in items]),
            np.array([item.setup_cost for item in items]),
            np.array([item.reactivation_cost for item in items]),
        )
        start = np.stack([item.x0 for item in items])[:, None, :]
        out[idx] = _discounted_lines(arrays, start, n_months, discount)[:, 0, :]
    return out


def level_lines(
    scenario: Scenario, segment: str | None = None, *, levels: Sequence[str] | None = None
) -> np.ndarray:
    """Present value per customer of each cash line, one row per level (analytic engine).

    Other segments keep their planned levels. Without staff limits this is
    :func:`present_value_lines` (~0.1 ms per level); with limited account managers or
    complaint desk the whole scenario goes through :func:`evaluate`, whose fixed point makes
    segments compete for staff.

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
    name = scenario.segment_name(segment)
    names = list(scenario.level_names if levels is None else levels)
    if scenario.staff_unlimited:
        seg = scenario.segment(name)
        by_name = dict(zip(scenario.level_names, scenario.levels, strict=True))
        for lv in names:
            check_choice("level", lv, by_name)
        return present_value_lines([served_chain(scenario, seg, by_name[lv]) for lv in names])
    rows = []
    for lv in names:
        plan = dict(scenario.plan)
        plan[name] = lv
        rows.append(lines_per_customer(evaluate(scenario, plan=plan)).loc[(name, lv)])
    return np.array([[row[c] for c in CASH_COMPONENTS] for row in rows])


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
    total = 0.0
    for seg, (_, level) in zip(scenario.segments, scenario.plan, strict=True):
        regime = served_regime(scenario, seg, scenario.level(level))
        growth = regime.transition().copy()
        growth[:, _TARGET] += regime.referrals_per_month
        _, months = power_and_sum(growth[None], scenario.horizon_months)
        start = np.asarray(seg.initial_shares(), dtype=float) * seg.n_customers
        total += float(start @ months[0] @ counted)
    return total
