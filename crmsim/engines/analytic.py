"""Analytic engine: exact expected values of a scenario from its Markov reward process.

Each segment's customers follow the monthly chain of :mod:`crmsim.model.mechanisms`.
:func:`chain_arrays` is the one place that turns a level's monthly dynamics into the chain's
arithmetic, for K regimes at once (:class:`ChainArrays`):

* customers move by ``P``, complaints included (:meth:`~crmsim.model.mechanisms.Regime.transition`);
* each referral adds a target customer: the population moves by ``M = P + referrals ⊗ e_target``;
* expected cash in month ``t`` is ``x[t] @ cash``, except the level's set-up cost, which is
  paid at month 0 for customers already buying (they are moved to the level) and one month
  after each later (re)start (a move from a non-buying state into ``new``).

Two uses read those arrays:

* time paths (:func:`segment_outlook`, behind :func:`evaluate`): expected occupancy
  ``x[t+1] = x[t] @ M`` month by month, cash per month, and a customer's lifetime value
  per starting state;
* present values in batches (:func:`present_value_lines`, behind :func:`level_lines` and
  frontier maps): the discounted sums over the horizon in closed form, by binary doubling,
  for thousands of chains in one go.

Both discount month ``t`` by ``(1 + monthly rate) ** -t``; that the two agree is tested.

Staff limits enter as fluid approximations, iterated to a fixed point:

* account managers: a share ``φ = min(1, capacity / demand)`` of contacts happens; the
  remaining customer-months are *neglected* (see :mod:`crmsim.model.mechanisms`);
* complaint desk: an M/M/c queue; the chance a complaint waits longer than the response
  target comes from the Erlang C formula, and such complaints are handled badly.

With unlimited staff the analytic engine is exact for the chain the SimPy engine samples.

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
from scipy.optimize import brentq

from crmsim.common.checks import check_choice
from crmsim.engines.lines import lines_per_customer
from crmsim.engines.results import Results, cash_frame, occupancy_frame, summarise
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
    "erlang_c_wait_probability",
    "evaluate",
    "expected_months_to_churn",
    "level_lines",
    "matrix_powers",
    "power_and_sum",
    "present_value_lines",
    "segment_chain",
    "segment_outlook",
    "served_chain",
]

_S = {name: i for i, name in enumerate(STATES)}
_BUYING = np.array([s in BUYING_STATES for s in STATES])
_TARGET = _S["target"]
_NEW = _S["new"]
_SETUP = CASH_INDEX["setup_cost"]

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
        Set-up paid next month per customer-month in each state: the chance of (re)starting
        to buy (a move from a non-buying state into ``new``) times the level's set-up cost.
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
    transition: np.ndarray, referrals: np.ndarray, cash: np.ndarray, setup_cost: np.ndarray
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
    """
    P = np.asarray(transition, dtype=float)
    refs = np.asarray(referrals, dtype=float)
    setup = np.asarray(setup_cost, dtype=float)
    M = P.copy()
    M[:, :, _TARGET] += refs
    per_month = np.array(cash, dtype=float)
    per_month[:, :, _SETUP] = 0.0
    return ChainArrays(
        transition=P,
        referrals=refs,
        growth=M,
        cash=per_month,
        setup_next=np.where(_BUYING, 0.0, P[:, :, _NEW]) * setup[:, None],
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
    return chain_arrays(P[None], referrals[None], cash[None], np.array([dyn.setup_cost]))


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


def _staffing(
    scenario: Scenario, dynamics: dict[str, SegmentDynamics], n_months: int, rate: float
) -> tuple[float, float | None, dict[str, SegmentOutlook]]:
    """Served fraction of manager contacts and handled-well factor of the complaint desk.

    The served fraction ``φ`` solves ``φ · demand(φ) = capacity`` (demand: mean buying
    customers × hours they need, which itself depends on ``φ``); the desk factor is the
    share of complaints answered within the response target (Erlang C), solved jointly.
    Returns both and the segments' outlooks at the solution.
    """
    staff, desk = scenario.staff, scenario.complaints
    limited_staff = staff.n_account_managers is not None and any(
        dyn.manager_hours_per_month > 0 for dyn in dynamics.values()
    )
    limited_desk = desk.n_staff is not None

    memo: dict[tuple[float, float | None], dict[str, SegmentOutlook]] = {}

    def outlooks(phi: float, factor: float | None) -> dict[str, SegmentOutlook]:
        key = (phi, factor)
        if key not in memo:
            memo[key] = {
                name: segment_outlook(
                    dyn, n_months=n_months, monthly_rate=rate,
                    served_fraction=phi if dyn.manager_hours_per_month > 0 else 1.0,
                    handled_well_factor=factor,
                )
                for name, dyn in dynamics.items()
            }
        return memo[key]

    def served_fraction(factor: float | None) -> float:
        if not limited_staff:
            return 1.0
        capacity = staff.n_account_managers * staff.hours_per_manager_per_month

        def used(phi: float) -> float:
            return phi * sum(
                o.mean_buying * dynamics[n].manager_hours_per_month
                for n, o in outlooks(phi, factor).items()
            )

        if capacity <= 0.0:
            return 0.0
        if used(1.0) <= capacity:
            return 1.0
        return float(brentq(lambda phi: used(phi) - capacity, 0.0, 1.0, xtol=1e-10))

    if not limited_desk:
        phi = served_fraction(None)
        return phi, None, outlooks(phi, None)

    services = desk.hours_per_handler_per_month / max(desk.hours_per_complaint, 1e-9)
    target = desk.response_target_days / 30.4375

    def in_time(factor: float) -> float:
        """Share answered in time when the desk assumes ``factor``; the fixed point is ours."""
        phi = served_fraction(factor)
        arrivals = sum(
            float(o.occupancy.mean(axis=0) @ dynamics[n].served.complaint_prob)
            for n, o in outlooks(phi, factor).items()
        )
        return 1.0 - erlang_c_wait_probability(desk.n_staff, arrivals, services, target)

    if in_time(1.0) >= 1.0 - 1e-12:
        factor = 1.0
    else:  # f - in_time(f) is negative at 0 and positive at 1
        factor = float(brentq(lambda f: f - in_time(f), 0.0, 1.0, xtol=1e-10))
    phi = served_fraction(factor)
    return phi, factor, outlooks(phi, factor)


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
        ``engine == "analytic"``; ``clv`` holds the CLV per starting state.
    """
    if plan is not None:
        scenario = scenario.with_plan(plan)
    n_months = scenario.horizon_months
    rate = scenario.monthly_discount_rate
    dynamics = {
        seg.name: segment_dynamics(scenario, seg.name, level) for seg, (_, level) in
        zip(scenario.segments, scenario.plan, strict=True)
    }
    phi, factor, outlooks = _staffing(scenario, dynamics, n_months, rate)
    occupancy, cash, clv_rows, starts, served = [], [], [], {}, {}
    for name, dyn in dynamics.items():
        level = dyn.level.name
        needs_staff = dyn.manager_hours_per_month > 0
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
        served[(name, level)] = phi if needs_staff else 1.0
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
        extra={"served_fraction": phi, "complaints_in_time": factor},
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
        The level's set-up cost, paid when a customer (re)starts buying.
    n_months : int
        Horizon.
    discount : float
        Monthly discount factor ``1 / (1 + monthly rate)``.
    """

    x0: np.ndarray
    regime: Regime
    setup_cost: float
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
        setup_cost=level.setup_cost,
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
