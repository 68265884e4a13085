"""How a relationship level acts on a segment, month by month: the one source of truth.

Both engines read their dynamics from here: the analytic engine turns a
:class:`SegmentDynamics` into a Markov reward process, the SimPy engine draws individual
customers from the very same probabilities and cash amounts. Nothing here states which
level *should* win; the verdict follows from these mechanisms:

* **Retention.** Monthly churn of a buying customer is the base churn of its state times
  ``(0.5 + price_sensitivity)`` (competitors' prices lure), times ``1 - favour_retention ×
  relationship_orientation`` (favours keep customers who value them), times
  ``1 - lock_in × switching_cost × mutual_importance`` (joint investments protect the
  relationship only where leaving is costly *and* the two sides matter to each other: a
  customer for whom the firm is unimportant walks away from sunk joint investments), times
  ``1 - churn_reduction`` of every programme.
* **Co-created value.** A level's joint value per month is ``co_creation_rate ×
  mutual_importance × monthly wallet × 4·p·(1 - p)`` with ``p`` the customer's share of
  bargaining power: each side invests in proportion to the share it expects to capture
  (the hold-up problem), and joint output needs both, so it peaks when power is balanced.
  The firm keeps ``1 - p`` of it.
* **Concessions.** A dominant customer extracts more: the level's price concession is
  scaled by ``2·p``.
* **Share of wallet** rises with the level for customers who value a relationship:
  ``uplift × (0.5 + relationship_orientation)``.
* **Complaints.** Each month a buying customer complains with probability
  ``1 - exp(-complaints_per_year / 12)``. A complaint handled well may lift loyalty one step
  (service recovery); one handled badly may end in churn.
* **Staff.** A level whose account-manager contacts do not happen is *neglected*: the
  customer gets the transactional level's effects while the level's costs keep running.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> scenario = Scenario(segments=(Segment(name="smb"),))
>>> dyn = segment_dynamics(scenario, "smb", "partnership")
>>> P = dyn.served.transition()
>>> bool(np.allclose(P.sum(axis=1), 1.0))
True
>>> bool(dyn.served.churn_prob("repeat") < dyn.neglected.churn_prob("repeat"))
True
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from crmsim.scenario.levels import RelationshipLevel
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.segments import Segment
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = [
    "CASH_COMPONENTS",
    "CASH_INDEX",
    "CASH_SIGNS",
    "Regime",
    "SegmentDynamics",
    "segment_dynamics",
    "served_regime",
]

_S = {name: i for i, name in enumerate(STATES)}
_N = len(STATES)
_BUYING = np.array([s in BUYING_STATES for s in STATES])
_LOYALTY_STEP_UP = {"new": "repeat", "repeat": "loyal", "loyal": "loyal"}

CASH_COMPONENTS: tuple[str, ...] = (
    "list_revenue",
    "concessions",
    "cost_of_goods",
    "cost_to_serve",
    "relationship_cost",
    "programme_cost",
    "complaint_cost",
    "acquisition_cost",
    "setup_cost",
    "co_created_value",
)
"""Cash-flow lines, in the column order of every cash array and frame."""

CASH_SIGNS: np.ndarray = np.array([1, -1, -1, -1, -1, -1, -1, -1, -1, 1], dtype=float)
"""+1 for money the firm receives, -1 for money it spends (profit = cash @ signs)."""

CASH_INDEX: dict[str, int] = {name: j for j, name in enumerate(CASH_COMPONENTS)}
"""Column of each cash-flow line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Regime:
    """Monthly dynamics of one segment at one level, served or neglected.

    Attributes
    ----------
    ordinary : (n, n) array
        Moves in a month without a complaint.
    complaint_prob : (n,) array
        Chance of a complaint in a month, per state.
    after_good, after_bad : (n, n) arrays
        Where a customer goes after a complaint handled well / badly.
    handled_well_prob : float
        Chance a complaint answered in time is handled well.
    referrals_per_month : (n,) array
        Expected new leads brought per customer-month, per state.
    cash_per_wallet, cash_fixed : (n, n_components) arrays
        Expected cash per customer-month: the part proportional to the customer's wallet
        (relative to the segment mean) and the part that is not.
    """

    ordinary: np.ndarray
    complaint_prob: np.ndarray
    after_good: np.ndarray
    after_bad: np.ndarray
    handled_well_prob: float
    referrals_per_month: np.ndarray
    cash_per_wallet: np.ndarray
    cash_fixed: np.ndarray

    def transition(self, handled_well_prob: float | None = None) -> np.ndarray:
        """Full monthly transition matrix, complaints included.

        ``handled_well_prob`` overrides the regime's own (the analytic engine lowers it when
        the complaint desk is overloaded).
        """
        h = self.handled_well_prob if handled_well_prob is None else handled_well_prob
        c = self.complaint_prob[:, None]
        return (1.0 - c) * self.ordinary + c * (h * self.after_good + (1.0 - h) * self.after_bad)

    @property
    def cash(self) -> np.ndarray:
        """Expected cash per customer-month for a customer of mean wallet."""
        return self.cash_per_wallet + self.cash_fixed

    def churn_prob(self, state: str) -> float:
        """Monthly probability of moving from ``state`` to ``lost`` (complaints included)."""
        return float(self.transition()[_S[state], _S["lost"]])


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentDynamics:
    """Everything both engines need to move one segment's customers at one level."""

    segment: Segment
    level: RelationshipLevel
    served: Regime
    neglected: Regime
    setup_cost: float
    manager_hours_per_month: float
    contact_cycle_months: int


def _churn_multiplier(scenario: Scenario, seg: Segment, level: RelationshipLevel) -> float:
    programmes = math.prod(1.0 - p.churn_reduction for p in scenario.programmes)
    return (
        (0.5 + seg.price_sensitivity)
        * (1.0 - level.favour_retention * seg.relationship_orientation)
        * (1.0 - level.lock_in * seg.switching_cost * seg.mutual_importance)
        * programmes
    )


def _regime(
    scenario: Scenario, seg: Segment, effects: RelationshipLevel, costs: RelationshipLevel
) -> Regime:
    """Monthly dynamics with the *effects* of one level and the *costs* of another."""
    life, acq, desk = scenario.lifecycle, scenario.acquisition, scenario.complaints
    P = np.zeros((_N, _N))

    # acquisition: touch points turn potential customers into targets, targets into buyers
    touches = acq.touch_points_per_month
    to_target = 1.0 - (1.0 - acq.conversion(seg.lead_heat)) ** touches
    first_buy = 1.0 - (1.0 - acq.first_purchase_per_touch) ** touches
    P[_S["potential"], _S["non_customer"]] = life.potential_gone
    P[_S["potential"], _S["target"]] = min(to_target, 1.0 - life.potential_gone)
    P[_S["target"], _S["non_customer"]] = life.target_gone
    P[_S["target"], _S["new"]] = min(first_buy, 1.0 - life.target_gone)

    # buying states: progression and churn
    churn = _churn_multiplier(scenario, seg, effects)
    orientation = 0.5 + seg.relationship_orientation
    to_loyal = life.repeat_to_loyal * effects.loyalty_building * orientation
    P[_S["new"], _S["repeat"]] = life.new_to_repeat
    P[_S["new"], _S["lost"]] = min(life.churn_new * churn, 1.0 - life.new_to_repeat)
    P[_S["repeat"], _S["loyal"]] = min(to_loyal, 1.0)
    P[_S["repeat"], _S["lost"]] = min(life.churn_repeat * churn, 1.0 - P[_S["repeat"], _S["loyal"]])
    P[_S["loyal"], _S["repeat"]] = life.loyal_to_repeat
    P[_S["loyal"], _S["lost"]] = min(life.churn_loyal * churn, 1.0 - life.loyal_to_repeat)

    # lost customers: win-back or gone for good
    P[_S["lost"], _S["new"]] = life.win_back
    P[_S["lost"], _S["non_customer"]] = min(life.lost_to_gone, 1.0 - life.win_back)
    np.fill_diagonal(P, 0.0)
    P[np.arange(_N), np.arange(_N)] = 1.0 - P.sum(axis=1)

    # complaints and their outcomes
    complaint_prob = np.where(_BUYING, 1.0 - math.exp(-seg.complaints_per_year / 12.0), 0.0)
    after_good = np.eye(_N)
    after_bad = np.eye(_N)
    for state in BUYING_STATES:
        i, up = _S[state], _S[_LOYALTY_STEP_UP[state]]
        after_good[i] = 0.0
        after_good[i, up] += desk.service_recovery_strength
        after_good[i, i] += 1.0 - desk.service_recovery_strength
        after_bad[i] = 0.0
        after_bad[i, _S["lost"]] = desk.churn_after_bad_complaint
        after_bad[i, i] = 1.0 - desk.churn_after_bad_complaint
    handled_well = min(1.0, desk.handling_quality + effects.complaint_handling_bonus)

    # referrals: loyal customers recommend most (domain.md §2)
    referral_weight = {"new": 0.5, "repeat": 1.0, "loyal": 2.0}
    referrals = np.zeros(_N)
    for state, weight in referral_weight.items():
        referrals[_S[state]] = seg.referrals_per_year / 12.0 * effects.referral_multiplier * weight

    # cash per customer-month
    per_wallet = np.zeros((_N, len(CASH_COMPONENTS)))
    fixed = np.zeros((_N, len(CASH_COMPONENTS)))
    col = CASH_INDEX
    wallet = seg.monthly_wallet
    power = seg.customer_power
    programme_sow = sum(p.share_of_wallet_uplift for p in scenario.programmes)
    base_sow = {"new": life.sow_new, "repeat": life.sow_repeat, "loyal": life.sow_loyal}
    sow_uplift = effects.share_of_wallet_uplift * (0.5 + seg.relationship_orientation)
    joint_value = effects.co_creation_rate * seg.mutual_importance * 4.0 * power * (1.0 - power)
    for state, sow in base_sow.items():
        i = _S[state]
        revenue = wallet * min(0.95, sow + sow_uplift + programme_sow)
        per_wallet[i, col["list_revenue"]] = revenue
        per_wallet[i, col["concessions"]] = revenue * min(1.0, costs.price_concession * 2 * power)
        per_wallet[i, col["cost_of_goods"]] = revenue * (1.0 - seg.gross_margin)
        per_wallet[i, col["cost_to_serve"]] = (
            revenue * life.transaction_cost_share * effects.transaction_cost_factor
        )
        per_wallet[i, col["co_created_value"]] = wallet * joint_value * (1.0 - power)
        per_wallet[i, col["relationship_cost"]] = wallet * costs.investment_share
        fixed[i, col["relationship_cost"]] = (
            costs.running_cost_per_month
            + costs.manager_hours_per_month * scenario.staff.cost_per_hour
        )
        fixed[i, col["programme_cost"]] = sum(
            p.cost_per_member_per_month for p in scenario.programmes
        )
        fixed[i, col["complaint_cost"]] = (
            complaint_prob[i] * desk.hours_per_complaint * desk.cost_per_hour
        )
    for state in ("potential", "target"):
        fixed[_S[state], col["acquisition_cost"]] = touches * acq.cost_per_touch_point

    return Regime(
        ordinary=P,
        complaint_prob=complaint_prob,
        after_good=after_good,
        after_bad=after_bad,
        handled_well_prob=handled_well,
        referrals_per_month=referrals,
        cash_per_wallet=per_wallet,
        cash_fixed=fixed,
    )


def _without_effects(level: RelationshipLevel, base: RelationshipLevel) -> RelationshipLevel:
    """``level`` with every effect field taken from ``base`` (what neglect leaves)."""
    effect_fields = (
        "share_of_wallet_uplift",
        "transaction_cost_factor",
        "favour_retention",
        "lock_in",
        "co_creation_rate",
        "loyalty_building",
        "referral_multiplier",
        "complaint_handling_bonus",
    )
    return dataclasses.replace(level, **{f: getattr(base, f) for f in effect_fields})


def served_regime(scenario: Scenario, segment: Segment, level: RelationshipLevel) -> Regime:
    """Monthly dynamics of ``segment`` fully served at ``level`` (the fast path of maps).

    Same as ``segment_dynamics(...).served`` without building the neglected regime.
    """
    return _regime(scenario, segment, level, level)


def segment_dynamics(scenario: Scenario, segment: str, level: str) -> SegmentDynamics:
    """Monthly dynamics of ``segment`` held at ``level`` in ``scenario``.

    The neglected regime uses the effects of the scenario's cheapest level
    (``scenario.levels[0]``) and the costs of ``level``.
    """
    seg = scenario.segment(segment)
    lvl = scenario.level(level)
    neglected_effects = _without_effects(lvl, scenario.levels[0])
    return SegmentDynamics(
        segment=seg,
        level=lvl,
        served=_regime(scenario, seg, lvl, lvl),
        neglected=_regime(scenario, seg, neglected_effects, lvl),
        setup_cost=lvl.setup_cost,
        manager_hours_per_month=lvl.manager_hours_per_month,
        contact_cycle_months=lvl.contact_cycle_months,
    )

