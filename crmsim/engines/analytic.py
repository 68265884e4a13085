"""Analytic engine: exact expected values of a scenario from its Markov reward process.

Each segment's customers follow the monthly chain of :mod:`crmsim.model.mechanisms`. Expected
occupancy evolves as ``x[t+1] = x[t] @ M`` with ``M = P + referrals ⊗ e_target`` (each
referral adds a target customer), expected cash in month ``t`` is ``x[t] @ cash``, and a
customer's lifetime value sums discounted expected cash over the horizon.

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
    "SegmentOutlook",
    "ServedChain",
    "erlang_c_wait_probability",
    "evaluate",
    "expected_months_to_churn",
    "level_lines",
    "matrix_powers",
    "mixed_dynamics",
    "power_and_sum",
    "segment_outlook",
    "served_chain",
    "served_lines",
]

_S = {name: i for i, name in enumerate(STATES)}
_BUYING = np.array([s in BUYING_STATES for s in STATES])
_TARGET = _S["target"]
_SETUP = CASH_INDEX["setup_cost"]
_COMPLAINT = CASH_INDEX["complaint_cost"]


@dataclass(frozen=True, slots=True)
class SegmentOutlook:
    """Expected trajectory of one segment at one level (analytic engine)."""

    occupancy: np.ndarray  # (H, n_states) expected customers at the start of each month
    cash: np.ndarray  # (H, n_components) expected cash per month
    clv: np.ndarray  # (n_states,) expected own discounted value per starting state
    clv_with_referrals: np.ndarray  # (n_states,) including referred customers' value
    mean_buying: float  # mean customers in buying states per month


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


def mixed_dynamics(
    dyn: SegmentDynamics, served_fraction: float, handled_well: float | None
):
    """Transition, referral and cash arrays mixing served and neglected customer-months.

    ``served_fraction`` of customer-months follow the served regime, the rest the
    neglected one; ``handled_well`` scales the chance a complaint is handled well (None:
    unlimited desk). The setup column of the cash array holds the setup paid next month.
    """
    phi = served_fraction
    regimes = ((dyn.served, phi), (dyn.neglected, 1.0 - phi))
    P = sum(w * r.transition(_handled(r, handled_well)) for r, w in regimes if w > 0)
    referrals = sum(w * r.referrals_per_month for r, w in regimes if w > 0)
    cash = sum(w * r.cash for r, w in regimes if w > 0).copy()
    cash[:, _SETUP] = dyn.setup_per_month(P)  # paid the month after the move, see below
    return P, referrals, cash


def _handled(regime, factor: float | None) -> float | None:
    return None if factor is None else regime.handled_well_prob * factor


def segment_outlook(
    dyn: SegmentDynamics,
    *,
    n_months: int,
    monthly_rate: float,
    served_fraction: float = 1.0,
    handled_well_factor: float | None = None,
) -> SegmentOutlook:
    """Expected occupancy, cash flows and CLV of one segment at one level.

    ``handled_well_factor`` scales the chance a complaint is handled well (the share of
    complaints answered within the response target); None means unlimited desk staff.
    """
    P, referrals, cash = mixed_dynamics(dyn, served_fraction, handled_well_factor)
    setup_next = cash[:, _SETUP].copy()  # setup paid in month t+1 for a move during month t
    cash[:, _SETUP] = 0.0
    start_setup = np.where(_BUYING, dyn.setup_cost, 0.0)  # moving a buying customer at month 0
    profit = cash @ CASH_SIGNS
    M = P.copy()
    M[:, _TARGET] += referrals

    own, everyone = matrix_powers(P, n_months), matrix_powers(M, n_months)
    x0 = np.asarray(dyn.segment.initial_shares(), dtype=float) * dyn.segment.n_customers
    occupancy = x0 @ everyone
    cash_out = occupancy @ cash
    # setup cash: initial moves at month 0, later (re)starts one month after the move
    cash_out[0, _SETUP] = float(occupancy[0] @ start_setup)
    cash_out[1:, _SETUP] = occupancy[:-1] @ setup_next
    discount = (1.0 / (1.0 + monthly_rate)) ** np.arange(n_months)
    # present value per start state: sum_t d^t P^t profit - sum_{t<H-1} d^(t+1) P^t setup
    paid_next = np.append(discount[1:], 0.0)
    flows = profit[None, :] * discount[:, None] - setup_next[None, :] * paid_next[:, None]
    clv = np.einsum("tij,tj->i", own, flows) - start_setup
    clv_all = np.einsum("tij,tj->i", everyone, flows) - start_setup
    mean_buying = float(occupancy[:, _BUYING].sum(axis=1).mean())
    return SegmentOutlook(occupancy, cash_out, clv, clv_all, mean_buying)


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
        P, _, _ = mixed_dynamics(dyn, phi if needs_staff else 1.0, factor)
        to_churn = expected_months_to_churn(P)
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
    """One segment at one level, fully served: what :func:`served_lines` needs.

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
    """Served dynamics of ``seg`` at ``level`` (unlimited staff and complaint desk).

    Uses :func:`crmsim.model.mechanisms.served_regime` (without staff limits the neglected
    regime is never used); :func:`_propagate` applies the cash timing of
    :func:`crmsim.engines.analytic.segment_outlook`. Tests check both paths agree to rounding.
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


def served_lines(parts: Sequence[ServedChain]) -> np.ndarray:
    """(K, n_lines) present value per customer of each cash line, batched over K chains.

    Same arithmetic as :func:`crmsim.engines.analytic.segment_outlook` with full service: the
    transition includes complaints (``Regime.transition``), referrals add targets, a setup
    is paid at month 0 for buying customers and one month after every later (re)start.
    """
    out = np.empty((len(parts), len(CASH_COMPONENTS)))
    groups: dict[tuple[int, float], list[int]] = {}
    for k, p in enumerate(parts):
        groups.setdefault((p.n_months, p.discount), []).append(k)
    target, new = _TARGET, _S["new"]
    for (n_months, d), idx in groups.items():
        regimes = [parts[k].regime for k in idx]
        x0 = np.stack([parts[k].x0 for k in idx])
        P = np.stack([r.transition() for r in regimes])
        M = P.copy()
        M[:, :, target] += np.stack([r.referrals_per_month for r in regimes])
        setup = np.array([parts[k].setup_cost for k in idx])
        setup_next = np.where(_BUYING, 0.0, P[:, :, new]) * setup[:, None]
        start = np.where(_BUYING, 1.0, 0.0)[None, :] * setup[:, None]
        cash = np.stack([r.cash_per_wallet + r.cash_fixed for r in regimes])
        power, total = power_and_sum(d * M, n_months - 1)  # A^(H-1), sum of A^t for t < H-1
        total = total + power  # sum over t < H of d^t M^t
        D = np.matmul(x0[:, None, :], total)[:, 0, :]  # discounted occupancy
        last = np.matmul(x0[:, None, :], power)[:, 0, :]  # d^(H-1) x_(H-1)
        lines = np.einsum("ki,kic->kc", D, cash)
        lines[:, _SETUP] = (x0 * start).sum(1) + d * ((D - last) * setup_next).sum(1)
        out[idx] = lines
    return out


def level_lines(
    scenario: Scenario, segment: str | None = None, *, levels: Sequence[str] | None = None
) -> np.ndarray:
    """Present value per customer of each cash line, one row per level (analytic engine).

    Other segments keep their planned levels. Without staff limits this is a fast path
    (~0.1 ms per level); with limited account managers or complaint desk the whole
    scenario goes through :func:`evaluate`, whose fixed point makes segments
    compete for staff.

    Returns
    -------
    ndarray of shape (n_levels, n_cash_lines)
        Columns in :data:`crmsim.model.mechanisms.CASH_COMPONENTS` order, positive amounts.
    """
    name = scenario.segment_name(segment)
    names = list(scenario.level_names if levels is None else levels)
    if scenario.staff_unlimited:
        seg = scenario.segment(name)
        by_name = dict(zip(scenario.level_names, scenario.levels, strict=True))
        for lv in names:
            check_choice("level", lv, by_name)
        return served_lines([served_chain(scenario, seg, by_name[lv]) for lv in names])
    rows = []
    for lv in names:
        plan = dict(scenario.plan)
        plan[name] = lv
        rows.append(lines_per_customer(evaluate(scenario, plan=plan)).loc[(name, lv)])
    return np.array([[row[c] for c in CASH_COMPONENTS] for row in rows])
