"""How a relationship level acts on a segment, month by month: the one source of truth.

Both engines read their dynamics from here: the analytic engine turns a
:class:`SegmentDynamics` into a Markov reward process, the SimPy engine draws individual
customers from the very same probabilities and cash amounts. Nothing here states which
level *should* win; the verdict follows from these mechanisms:

* **Balance.** ``B = 4·p·(1 - p)`` with ``p`` the customer's share of bargaining power: 1
  when neither side controls the other, 0 when one does. Each side invests in joint work
  in proportion to the share it expects to keep (the hold-up problem), so everything built
  jointly below is scaled by ``B``.
* **Retention.** Monthly churn of a buying customer is the base churn of its state times
  ``(0.5 + price_sensitivity)`` (competitors' prices lure), times ``1 - favour_retention ×
  relationship_orientation`` (favours keep customers who value them), times
  ``1 - lock_in × switching_cost × mutual_importance × B`` (joint investments protect the
  relationship only where leaving is costly *and* the two sides matter to each other: a
  customer for whom the firm is unimportant walks away from sunk joint investments), times
  ``exp(-gain_loyalty × customer gain ÷ monthly wallet)`` (a customer stays where the
  relationship pays *it*: win-win, 双赢), times ``1 - churn_reduction`` of every programme.
  The same favours, lock-in and gain also hold back churn after a badly handled complaint.
* **Joint potential.** ``J = mutual_importance × mutual_need × switching_cost × B``: joint
  work pays only where the two sides matter to and need each other, and each side commits
  specific investments only as far as the other's cost of walking away protects them.
* **Co-created value** per month is ``co_creation_rate × J × monthly wallet``; the firm
  keeps ``1 - p`` of it, the customer ``p``.
* **Joint growth** (alliance): the two pursue market share together, so the customer buys
  ``joint_growth_rate × J × monthly wallet`` more than its current category spend, at the
  firm's margin; the customer earns on it as much as the firm (gross margin).
* **Supply-chain savings**: ``supply_chain_saving × J`` of the cost of goods is saved; the
  customer gets its share ``p`` as a lower price (in ``concessions``).
* **Exit price.** When a customer at a level leaves, the firm pays ``exit_cost_share`` of
  the annual wallet (dedicated capacity and joint organisation unwound; charged as
  relationship cost at the monthly churn rate); the customer's side of the price is its
  switching cost (lock-in above).
* **Size.** Set-up and manager time are a floor plus a part proportional to the segment's
  annual wallet (:meth:`~crmsim.scenario.levels.RelationshipLevel.setup_cost_for`,
  :meth:`~crmsim.scenario.levels.RelationshipLevel.manager_hours_for`); running cost is a
  floor plus ``investment_share`` of each customer's wallet. A lost customer won back pays
  ``reactivation_share`` of the set-up, not a new one.
* **Concessions.** A dominant customer extracts more: the level's price concession is
  scaled by ``2·p``.
* **Share of wallet** rises with the level for customers who value a relationship:
  ``uplift × (0.5 + relationship_orientation)``, plus ``information_uplift ×
  mutual_importance × B`` where customer information is used strategically (a customer
  shares its plans with a supplier that matters to it and does not dominate it).
* **The customer's gain** per month (:data:`CUSTOMER_GAIN_COMPONENTS`): price concessions,
  its share of supply-chain savings, lower transaction costs on its purchases (the same
  share of spend as the firm's cost to serve), its share of co-created value and its margin
  on joint growth.
* **Complaints.** Each month a buying customer complains with probability
  ``1 - exp(-complaints_per_year / 12)``. A complaint handled well may lift loyalty one step
  (service recovery); one handled badly may end in churn.
* **Chances are never capped.** The chances of leaving a state in one month are used as
  computed; :class:`~crmsim.scenario.scenario.Scenario` refuses numbers that would make
  them sum over 1 (see ``docs/scenario-files.md``, Limits), and a row that still does (a
  segment changed on a fast path) raises :class:`~crmsim.common.errors.ScenarioError`.
  Two ceilings are model rules: the share of wallet stops at
  :data:`~crmsim.scenario.limits.MAX_SHARE_OF_WALLET` and the chance that a complaint is
  handled well (quality plus a level's bonus) at 1.
* **Staff.** A level whose account-manager contacts do not happen is *neglected*: the
  customer gets the transactional level's effects while the level's other costs keep
  running; manager time is charged to a customer only for contact hours actually worked
  (the served regime), since the managers' idle payroll is a cost of the firm, not of a
  customer (see :mod:`crmsim.engines.results`).

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
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from crmsim.common.errors import ScenarioError
from crmsim.scenario.levels import RelationshipLevel
from crmsim.scenario.limits import MAX_SHARE_OF_WALLET
from crmsim.scenario.scenario import Programme, Scenario, programme_churn_factor
from crmsim.scenario.segments import Segment
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = [
    "CASH_COMPONENTS",
    "CASH_INDEX",
    "CASH_SIGNS",
    "CUSTOMER_GAIN_COMPONENTS",
    "DynamicsStack",
    "Regime",
    "SegmentDynamics",
    "dynamics_many",
    "dynamics_of",
    "dynamics_stack",
    "lessons_month",
    "segment_dynamics",
    "served_regime",
    "served_regimes",
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

CUSTOMER_GAIN_COMPONENTS: tuple[str, ...] = (
    "price_concessions",
    "supply_chain_share",
    "transaction_savings",
    "co_created_share",
    "joint_growth_margin",
    "extra_service",
)
"""What a relationship level gives the customer per month, in the column order of
:attr:`Regime.customer_gain` (the transactional level gives nothing)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Regime:
    """Monthly dynamics of one segment at one level, served or neglected.

    A *stack* of regimes (many segments or levels built at once, :func:`served_regimes`)
    has the same fields with one leading axis; :meth:`at` picks one.

    Attributes
    ----------
    ordinary : (n, n) array
        Moves in a month without a complaint.
    complaint_prob : (n,) array
        Chance of a complaint in a month, per state.
    after_good, after_bad : (n, n) arrays
        Where a customer goes after a complaint handled well / badly.
    handled_well_prob : (n,) array
        Chance a complaint answered in time is handled well, per state.
    referrals_per_month : (n,) array
        Expected new leads brought per customer-month, per state.
    cash_per_wallet, cash_fixed : (n, n_components) arrays
        Expected cash per customer-month: the part proportional to the customer's wallet
        (relative to the segment mean) and the part that is not.
    customer_gain : (n, n_gain_components) array
        The customer's gain per customer-month of mean wallet, by
        :data:`CUSTOMER_GAIN_COMPONENTS` (zero outside the buying states).
    """

    ordinary: np.ndarray
    complaint_prob: np.ndarray
    after_good: np.ndarray
    after_bad: np.ndarray
    handled_well_prob: np.ndarray
    referrals_per_month: np.ndarray
    cash_per_wallet: np.ndarray
    cash_fixed: np.ndarray
    customer_gain: np.ndarray

    def transition(self, handled_well_prob: float | np.ndarray | None = None) -> np.ndarray:
        """Full monthly transition matrix, complaints included.

        ``handled_well_prob`` (one chance, or one per state) overrides the regime's own (the
        analytic engine lowers it when the complaint desk is overloaded).
        """
        h = np.asarray(self.handled_well_prob if handled_well_prob is None else handled_well_prob)
        if h.ndim:
            h = h[..., None]
        c = self.complaint_prob[..., None]
        return (1.0 - c) * self.ordinary + c * (h * self.after_good + (1.0 - h) * self.after_bad)

    @property
    def cash(self) -> np.ndarray:
        """Expected cash per customer-month for a customer of mean wallet."""
        return self.cash_per_wallet + self.cash_fixed

    def churn_prob(self, state: str) -> float:
        """Monthly probability of moving from ``state`` to ``lost`` (complaints included)."""
        return float(self.transition()[_S[state], _S["lost"]])

    def at(self, k: int) -> Regime:
        """Regime ``k`` of a stack of regimes (one leading axis)."""
        return Regime(**{name: getattr(self, name)[k] for name in _REGIME_FIELDS})

    @staticmethod
    def stack(regimes: Sequence[Regime]) -> Regime:
        """One stack of ``regimes`` (each a single regime), in order."""
        return Regime(
            **{name: np.stack([getattr(r, name) for r in regimes]) for name in _REGIME_FIELDS}
        )


_REGIME_FIELDS = tuple(f.name for f in dataclasses.fields(Regime))


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentDynamics:
    """Everything both engines need to move one segment's customers at one level.

    ``setup_cost`` is paid when a customer starts buying at the level (or is moved to it),
    ``reactivation_cost`` when a lost customer is won back.
    """

    segment: Segment
    level: RelationshipLevel
    served: Regime
    neglected: Regime
    setup_cost: float
    reactivation_cost: float
    manager_hours_per_month: float
    contact_cycle_months: int
    later: SegmentDynamics | None = None
    """The dynamics from ``change_month`` on (the lost-customer analysis's lessons applied;
    :func:`lessons_month`), or None when they do not change within the horizon."""
    change_month: int = 0


_BUYING_ORDER = ("new", "repeat", "loyal")  # the buying states, in the order of STATES
_SEGMENT_NUMBERS = (
    "annual_wallet",
    "gross_margin",
    "price_sensitivity",
    "relationship_orientation",
    "mutual_importance",
    "mutual_need",
    "customer_power",
    "switching_cost",
    "gain_loyalty",
    "complaints_per_year",
    "referrals_per_year",
)
_LEVEL_NUMBERS = tuple(
    f.name
    for f in dataclasses.fields(RelationshipLevel)
    if f.name not in ("name", "label_en", "label_zh")
)
_EFFECT_FIELDS = (
    "share_of_wallet_uplift",
    "information_uplift",
    "transaction_cost_factor",
    "favour_retention",
    "lock_in",
    "co_creation_rate",
    "joint_growth_rate",
    "supply_chain_saving",
    "loyalty_building",
    "referral_multiplier",
    "complaint_handling_bonus",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DynamicsStack:
    """The dynamics of many (segment, level) pairs as stacks: :class:`SegmentDynamics` with
    one entry per pair (:func:`dynamics_stack`; :meth:`item` gives pair ``k`` alone).

    ``served`` and ``neglected`` are stacks of regimes; the numbers are arrays of one entry
    per pair; ``later`` (a stack of the same pairs) and ``change_month`` as for
    :class:`SegmentDynamics`.
    """

    segments: tuple[Segment, ...]
    levels: tuple[RelationshipLevel, ...]
    served: Regime
    neglected: Regime
    setup_cost: np.ndarray
    reactivation_cost: np.ndarray
    manager_hours_per_month: np.ndarray
    contact_cycle_months: np.ndarray
    later: DynamicsStack | None = None
    change_month: int = 0

    def __len__(self) -> int:
        return len(self.segments)

    def item(self, k: int) -> SegmentDynamics:
        """The dynamics of pair ``k`` alone."""
        return SegmentDynamics(
            segment=self.segments[k],
            level=self.levels[k],
            served=self.served.at(k),
            neglected=self.neglected.at(k),
            setup_cost=float(self.setup_cost[k]),
            reactivation_cost=float(self.reactivation_cost[k]),
            manager_hours_per_month=float(self.manager_hours_per_month[k]),
            contact_cycle_months=self.levels[k].contact_cycle_months,
            later=None if self.later is None else self.later.item(k),
            change_month=self.change_month,
        )


def _balance(seg: _SegmentColumns) -> float | np.ndarray:
    """``4·p·(1 - p)``: 1 at balanced bargaining power, 0 when one side controls the other."""
    return 4.0 * seg.customer_power * (1.0 - seg.customer_power)


def _relationship_hold(
    seg: _SegmentColumns, level: _LevelColumns, gain_share: np.ndarray
) -> np.ndarray:
    """Share of churn left by what the relationship gives a customer gaining ``gain_share``
    of its wallet: favours, lock-in and its own gain (1 at the transactional level)."""
    return (
        (1.0 - level.favour_retention * seg.relationship_orientation)
        * (1.0 - level.lock_in * seg.switching_cost * seg.mutual_importance * _balance(seg))
        * np.exp(-seg.gain_loyalty * gain_share)
    )


def _tipped(p: float, gone: float, share: float) -> float:
    """A monthly chance ``p`` raised by tipping ``share`` of those who neither move by ``p``
    nor leave by ``gone``: ``p + share × (1 - p - gone)`` (never makes the row exceed 1)."""
    return p + share * (1.0 - p - gone)


@dataclass(frozen=True, slots=True)
class _ProgrammeEffects:
    """What a scenario's loyalty programmes do, per lifecycle state (built once per set)."""

    churn_factor: dict[str, float]  # share of churn left, per buying state
    sow_uplift: dict[str, float]  # share of wallet added, per buying state
    cost: dict[str, float]  # cost per customer-month, per state reached
    voucher_tip: float  # share of the undecided tipped into buying each month
    voucher_cost: float  # paid per voucher redeemed
    silent: float  # share of would-be leavers that no call centre reaches


@functools.lru_cache(maxsize=64)
def _programme_effects(programmes: tuple[Programme, ...]) -> _ProgrammeEffects:
    def reaching(state: str) -> list[Programme]:
        return [p for p in programmes if state in p.reach]

    vouchers = [p for p in programmes if p.kind == "voucher"]
    return _ProgrammeEffects(
        churn_factor={s: programme_churn_factor(programmes, s) for s in BUYING_STATES},
        sow_uplift={s: sum(p.share_of_wallet_uplift for p in reaching(s)) for s in BUYING_STATES},
        cost={s: sum(p.cost_per_member_per_month for p in reaching(s)) for s in STATES},
        voucher_tip=1.0 - math.prod(1.0 - p.start_uplift for p in vouchers),
        voucher_cost=sum(p.cost_per_use for p in vouchers),
        silent=math.prod(1.0 - p.voice_share for p in programmes if p.kind == "call_centre"),
    )


def _voice_share(scenario: Scenario) -> float:
    """Share of a month's would-be silent leavers who reach the complaint desk instead:
    call centres (呼叫中心) and the satisfaction survey's finds, combined."""
    silent = _programme_effects(scenario.programmes).silent
    return 1.0 - silent * (1.0 - scenario.satisfaction.finds_per_month)


def _per_choice(choices: Sequence[str], value_of) -> np.ndarray:
    """``value_of(choice)`` for every item, computed once per distinct choice."""
    values = {choice: value_of(choice) for choice in set(choices)}
    return np.array([values[choice] for choice in choices], dtype=float)


class _SegmentColumns(SimpleNamespace):
    """Segments' numbers as arrays under their field names; :class:`Segment`'s own properties
    compute from them."""

    monthly_wallet = Segment.monthly_wallet
    orientation_factor = Segment.orientation_factor
    price_churn_factor = Segment.price_churn_factor


class _LevelColumns(SimpleNamespace):
    """Levels' numbers as arrays under their field names; :class:`RelationshipLevel`'s own
    cost methods compute from them."""

    setup_cost_for = RelationshipLevel.setup_cost_for
    reactivation_cost_for = RelationshipLevel.reactivation_cost_for
    manager_hours_for = RelationshipLevel.manager_hours_for


def _segment_columns(scenario: Scenario, segments: Sequence[Segment]) -> _SegmentColumns:
    """The segments' numbers, one entry per item (each distinct segment read once), plus the
    scenario's chance of turning a lead of the segment's heat into a target and the extra
    service of its value tier."""
    distinct, take = _distinct(segments)
    numbers = np.array([[getattr(s, f) for f in _SEGMENT_NUMBERS] for s in distinct], dtype=float)
    return _SegmentColumns(
        **dict(zip(_SEGMENT_NUMBERS, numbers[take].T, strict=True)),
        to_target=_per_choice([s.lead_heat for s in distinct], scenario.acquisition.to_target_prob)[
            take
        ],
        service=_per_choice([s.value_tier for s in distinct], scenario.expectation.service_share)[
            take
        ],
    )


def _distinct(items: Sequence) -> tuple[list, np.ndarray]:
    """(the distinct objects of ``items``, by identity, in order; where each item is in them)."""
    position: dict[int, int] = {}
    distinct = []
    for item in items:
        if id(item) not in position:
            position[id(item)] = len(distinct)
            distinct.append(item)
    return distinct, np.array([position[id(item)] for item in items], dtype=np.intp)


def _level_columns(levels: Sequence[RelationshipLevel]) -> _LevelColumns:
    """The levels' numbers, one entry per item (each distinct level read once)."""
    distinct, take = _distinct(levels)
    numbers = np.array([[getattr(lv, f) for f in _LEVEL_NUMBERS] for lv in distinct], dtype=float)
    return _LevelColumns(**dict(zip(_LEVEL_NUMBERS, numbers[take].T, strict=True)))


@dataclass(frozen=True, slots=True)
class _Pairs:
    """Segment-level pairs whose regimes are built together (one entry each)."""

    segments: Sequence[Segment]
    levels: Sequence[RelationshipLevel]
    segment: _SegmentColumns  # the segments' numbers
    level: _LevelColumns  # the levels' numbers (effects and costs of the served regime)
    neglected_effects: _LevelColumns  # the cheapest level's effects, the level's costs
    unworked: _LevelColumns  # the level's costs without manager time
    hours: np.ndarray  # manager hours per customer-month of a served customer


def _pairs(
    scenario: Scenario, segments: Sequence[Segment], levels: Sequence[RelationshipLevel]
) -> _Pairs:
    distinct, take = _distinct(levels)
    neglect = [_neglect(level, scenario.levels[0]) for level in distinct]
    neglect = [neglect[i] for i in take.tolist()]  # each distinct level's built once
    seg = _segment_columns(scenario, segments)
    lvl = _level_columns(levels)
    return _Pairs(
        segments=segments,
        levels=levels,
        segment=seg,
        level=lvl,
        neglected_effects=_level_columns([effects for effects, _ in neglect]),
        unworked=_level_columns([unworked for _, unworked in neglect]),
        hours=lvl.manager_hours_for(seg.annual_wallet),
    )


def _twice(pairs: _Pairs) -> _Pairs:
    """``pairs`` followed by the same pairs again (the segments' numbers; the levels' columns
    are given to :func:`_regimes` separately)."""
    seg = _SegmentColumns(**{f: np.concatenate([v, v]) for f, v in vars(pairs.segment).items()})
    return dataclasses.replace(
        pairs,
        segments=(*pairs.segments, *pairs.segments),
        levels=(*pairs.levels, *pairs.levels),
        segment=seg,
        hours=np.concatenate([pairs.hours, pairs.hours]),
    )


def _joined(first: _LevelColumns, then: _LevelColumns) -> _LevelColumns:
    """The levels' columns of ``first``, then those of ``then``."""
    return _LevelColumns(
        **{f: np.concatenate([v, getattr(then, f)]) for f, v in vars(first).items()}
    )


def _regimes(
    scenario: Scenario,
    pairs: _Pairs,
    effects: _LevelColumns,
    costs: _LevelColumns,
    *,
    lessons: bool,
    reminders: np.ndarray,
) -> Regime:
    """A stack of monthly dynamics, one per pair, with the *effects* of one level and the
    *costs* of another (both given as columns, one entry per pair).

    ``lessons``: the lost-customer analysis's lessons are applied; ``reminders``: the
    follow-up system's cost per buying customer-month of each pair.
    """
    life, acq, desk = scenario.lifecycle, scenario.acquisition, scenario.complaints
    lost_analysis, expectation = scenario.lost_customers, scenario.expectation
    programmes = _programme_effects(scenario.programmes)
    voucher_tip = programmes.voucher_tip
    seg = pairs.segment
    m = seg.annual_wallet.shape[0]
    new, repeat, loyal, lost = (_S[s] for s in ("new", "repeat", "loyal", "lost"))
    buying = [_S[s] for s in _BUYING_ORDER]
    P = np.zeros((m, _N, _N))

    # acquisition: touch points turn potential customers into targets, targets into buyers;
    # a gift voucher tips some of the undecided targets into a first purchase
    touches = acq.touch_points_per_month
    P[:, _S["potential"], _S["non_customer"]] = life.potential_gone
    P[:, _S["potential"], _S["target"]] = seg.to_target
    P[:, _S["target"], _S["non_customer"]] = life.target_gone
    P[:, _S["target"], new] = _tipped(acq.first_purchase_prob(), life.target_gone, voucher_tip)

    # what a buying customer buys, and what the level gives it (per month, mean wallet)
    wallet = seg.monthly_wallet
    power = seg.customer_power
    joint = seg.mutual_importance * seg.mutual_need * seg.switching_cost * _balance(seg)
    growth = effects.joint_growth_rate * joint  # purchases beyond the current spend
    saving = effects.supply_chain_saving * joint  # share of cost of goods saved
    concession = costs.price_concession * 2 * power  # at most 0.5 × 2 × 1 = 1
    # the self-fulfilling prophecy: extra service for customers believed valuable
    service = seg.service
    sow_uplift = (
        effects.share_of_wallet_uplift * seg.orientation_factor
        + effects.information_uplift * seg.mutual_importance * _balance(seg)
        + expectation.sow_response * service * seg.orientation_factor
    )
    base_sow = np.array([life.sow_new, life.sow_repeat, life.sow_loyal])
    programme_sow = np.array([programmes.sow_uplift[s] for s in _BUYING_ORDER])
    # model rule: uplifts saturate at MAX_SHARE_OF_WALLET (the base shares never exceed it)
    revenue = wallet[:, None] * (
        np.minimum(MAX_SHARE_OF_WALLET, base_sow + sow_uplift[:, None] + programme_sow)
        + growth[:, None]
    )  # (m, buying states)
    each = np.ones(len(buying))
    gain = np.zeros((m, _N, len(CUSTOMER_GAIN_COMPONENTS)))
    gain[:, buying] = np.stack(
        [
            revenue * concession[:, None],
            (power * saving)[:, None] * revenue * (1.0 - seg.gross_margin)[:, None],
            revenue
            * life.transaction_cost_share
            * (1.0 - effects.transaction_cost_factor)[:, None],
            (wallet * effects.co_creation_rate * joint * power)[:, None] * each,
            (wallet * growth * seg.gross_margin)[:, None] * each,
            (wallet * service)[:, None] * each,
        ],
        axis=-1,
    )
    has_wallet = wallet > 0
    gain_share = np.where(
        has_wallet[:, None], gain.sum(axis=-1) / np.where(has_wallet, wallet, 1.0)[:, None], 0.0
    )
    hold = _relationship_hold(seg, effects, gain_share.T).T  # (m, states)

    # buying states: progression and churn
    learned = 1.0 - lost_analysis.analysed_share * lost_analysis.churn_cut if lessons else 1.0
    churn = {
        s: seg.price_churn_factor * hold[:, _S[s]] * programmes.churn_factor[s] * learned
        for s in _BUYING_ORDER
    }
    P[:, new, lost] = life.churn_new * churn["new"]
    # touch points during and after the sale turn some who would stay new into repeat buyers
    P[:, new, repeat] = _tipped(life.new_to_repeat, P[:, new, lost], acq.after_sale_repeat_share())
    P[:, repeat, loyal] = life.repeat_to_loyal_at(effects, seg)
    P[:, repeat, lost] = life.churn_repeat * churn["repeat"]
    P[:, loyal, repeat] = life.loyal_to_repeat
    P[:, loyal, lost] = life.churn_loyal * churn["loyal"]

    # lost customers: win-back (helped by the analysis and by vouchers) or gone for good
    win_back = _tipped(
        life.win_back, life.lost_to_gone, lost_analysis.analysed_share * lost_analysis.win_back_gain
    )
    P[:, lost, new] = _tipped(win_back, life.lost_to_gone, voucher_tip)
    P[:, lost, _S["non_customer"]] = life.lost_to_gone
    _check_rows(P, pairs)

    # complaints and their outcomes
    complaint_prob = np.where(_BUYING, 1.0 - np.exp(-seg.complaints_per_year / 12.0)[:, None], 0.0)
    after_good = np.broadcast_to(_after_good(desk.service_recovery_strength), (m, _N, _N))
    after_bad = np.broadcast_to(np.eye(_N), (m, _N, _N)).copy()
    for i in buying:
        # a badly handled complaint drives away fewer customers whom the relationship holds
        bad_churn = desk.churn_after_bad_complaint * hold[:, i]
        over = np.flatnonzero(bad_churn > 1.0)
        if over.size:
            k = int(over[0])
            raise ScenarioError(
                "complaints.churn_after_bad_complaint gives segment "
                f"'{pairs.segments[k].name}' at level '{pairs.levels[k].name}' a churn after "
                f"a bad complaint of {bad_churn[k]:.4g}; expected a chance of at most 1."
            )
        after_bad[:, i] = 0.0
        after_bad[:, i, lost] = bad_churn
        after_bad[:, i, i] = 1.0 - bad_churn
    _give_voice(P, complaint_prob, after_bad, _voice_share(scenario))
    diagonal = np.arange(_N)
    P[:, diagonal, diagonal] = 1.0 - P.sum(axis=-1)
    # model rule: a dedicated team's bonus cannot handle more than every complaint well
    handled_well = np.repeat(
        np.minimum(1.0, desk.handling_quality + effects.complaint_handling_bonus)[:, None],
        _N,
        axis=1,
    )

    # referrals: loyal customers recommend most (domain.md §2)
    referral_weight = {"new": 0.5, "repeat": 1.0, "loyal": 2.0}
    referrals = np.zeros((m, _N))
    for state, weight in referral_weight.items():
        referrals[:, _S[state]] = (
            seg.referrals_per_year / 12.0 * effects.referral_multiplier * weight
        )

    # cash per customer-month
    per_wallet = np.zeros((m, _N, len(CASH_COMPONENTS)))
    fixed = np.zeros((m, _N, len(CASH_COMPONENTS)))
    col = CASH_INDEX
    # the exit price the firm pays when a customer leaves, at the regime's own churn rate
    leaving = (1.0 - complaint_prob) * P[:, :, lost] + complaint_prob * (
        handled_well * after_good[:, :, lost] + (1.0 - handled_well) * after_bad[:, :, lost]
    )
    exit_cost = costs.exit_cost_share * seg.annual_wallet
    running = (
        costs.running_cost_per_month
        + costs.manager_hours_for(seg.annual_wallet) * scenario.staff.cost_per_hour
        + reminders
    )
    surveys = scenario.satisfaction.cost_per_customer_month
    analysis = lost_analysis.analysed_share * lost_analysis.cost_per_analysis
    complaint_cost = desk.hours_per_complaint * desk.cost_per_hour
    for b, state in enumerate(_BUYING_ORDER):
        i, sales = _S[state], revenue[:, b]
        goods = sales * (1.0 - seg.gross_margin)
        per_wallet[:, i, col["list_revenue"]] = sales
        per_wallet[:, i, col["concessions"]] = sales * concession + power * saving * goods
        per_wallet[:, i, col["cost_of_goods"]] = goods * (1.0 - saving)
        per_wallet[:, i, col["cost_to_serve"]] = (
            sales * life.transaction_cost_share * effects.transaction_cost_factor
        )
        per_wallet[:, i, col["co_created_value"]] = (
            wallet * effects.co_creation_rate * joint * (1.0 - power)
        )
        per_wallet[:, i, col["relationship_cost"]] = wallet * (costs.investment_share + service)
        fixed[:, i, col["relationship_cost"]] = running + leaving[:, i] * exit_cost
        fixed[:, i, col["programme_cost"]] = (
            programmes.cost[state] + surveys + leaving[:, i] * analysis
        )
        fixed[:, i, col["complaint_cost"]] = complaint_prob[:, i] * complaint_cost
    for state in ("potential", "target"):
        fixed[:, _S[state], col["acquisition_cost"]] = touches * acq.cost_per_touch_point
    fixed[:, new, col["acquisition_cost"]] = (
        acq.after_sale_touch_points_per_month * acq.cost_per_touch_point
    )
    # every voucher redeemed is paid for, also by those who would have bought anyway
    for state in ("target", "lost"):
        i = _S[state]
        fixed[:, i, col["programme_cost"]] = P[:, i, new] * programmes.voucher_cost

    return Regime(
        ordinary=P,
        complaint_prob=complaint_prob,
        after_good=after_good,
        after_bad=after_bad,
        handled_well_prob=handled_well,
        referrals_per_month=referrals,
        cash_per_wallet=per_wallet,
        cash_fixed=fixed,
        customer_gain=gain,
    )


@functools.lru_cache(maxsize=16)
def _after_good(recovery_strength: float) -> np.ndarray:
    """Where a customer goes after a complaint handled well: one loyalty step up with chance
    ``recovery_strength`` (the service recovery paradox), else where it was (read-only)."""
    after_good = np.eye(_N)
    for state in BUYING_STATES:
        i, up = _S[state], _S[_LOYALTY_STEP_UP[state]]
        after_good[i] = 0.0
        after_good[i, up] += recovery_strength
        after_good[i, i] += 1.0 - recovery_strength
    after_good.setflags(write=False)
    return after_good


def _give_voice(P: np.ndarray, complaint_prob: np.ndarray, after_bad: np.ndarray, v: float) -> None:
    """Turn ``v`` of each buying state's silent churn into complaints, in place (a stack).

    A customer about to leave who calls the call centre or is found by a survey reaches the
    complaint desk: it joins the month's complaints, and leaves only if its problem is then
    handled badly. With ``c`` the chance of an ordinary complaint and ``o`` the ordinary
    churn, the complaints become ``c' = c + (1 - c)·o·v``; the ordinary moves keep their
    monthly chances, except churn, which keeps ``1 - v`` of its own; a badly handled
    complaint of such a customer always ends in churn.
    """
    if v <= 0.0:
        return
    lost = _S["lost"]
    at_risk = np.zeros(_N)
    at_risk[lost] = 1.0
    for state in _BUYING_ORDER:
        i = _S[state]
        c, o = complaint_prob[:, i].copy(), P[:, i, lost].copy()
        voiced = (1.0 - c) * o * v  # chance per month, out of every customer in the state
        new_c = c + voiced
        some = new_c > 0.0  # nobody complains or leaves otherwise: nothing changes
        keep = np.where(some, 1.0 - o * v, 1.0)  # (1 - c') / (1 - c)
        P[:, i] /= keep[:, None]
        P[:, i, lost] = np.where(some, o * (1.0 - v) / keep, o)
        after_bad[:, i] = np.where(
            some[:, None],
            (c[:, None] * after_bad[:, i] + voiced[:, None] * at_risk)
            / np.where(some, new_c, 1.0)[:, None],
            after_bad[:, i],
        )
        complaint_prob[:, i] = np.where(some, new_c, c)


def _mixed(a: Regime, b: Regime, u: float | np.ndarray) -> Regime:
    """The regime of a month that follows ``a`` with chance ``1 - u`` and ``b`` with ``u``.

    ``a`` and ``b`` may be stacks, with one ``u`` per regime. Exact for the month's moves
    and money while complaints are handled at the regimes' own quality; when a full desk
    lowers that quality (by the same factor for both) the mix of the two regimes' bad
    outcomes is kept at its full-quality weights.
    """
    u = np.asarray(u, dtype=float)
    mixing = u > 0.0
    if not mixing.any():
        return a
    u1, u2 = u[..., None], u[..., None, None]  # per state; per state and column
    w1, w2 = 1.0 - u1, 1.0 - u2
    c = w1 * a.complaint_prob + u1 * b.complaint_prob
    safe_c = np.where(c > 0, c, 1.0)
    quiet = 1.0 - c
    safe_quiet = np.where(quiet > 0, quiet, 1.0)
    ordinary = (
        w2 * (1.0 - a.complaint_prob)[..., None] * a.ordinary
        + u2 * (1.0 - b.complaint_prob)[..., None] * b.ordinary
    ) / safe_quiet[..., None]
    ordinary = np.where((quiet > 0)[..., None], ordinary, a.ordinary)
    well = w1 * a.complaint_prob * a.handled_well_prob + u1 * b.complaint_prob * b.handled_well_prob
    handled = np.where(c > 0, well / safe_c, a.handled_well_prob)
    bad_weight_a = w1 * a.complaint_prob * (1.0 - a.handled_well_prob)
    bad_weight_b = u1 * b.complaint_prob * (1.0 - b.handled_well_prob)
    bad_total = bad_weight_a + bad_weight_b
    after_bad = np.where(
        (bad_total > 0)[..., None],
        (bad_weight_a[..., None] * a.after_bad + bad_weight_b[..., None] * b.after_bad)
        / np.where(bad_total > 0, bad_total, 1.0)[..., None],
        a.after_bad,
    )
    mixed = Regime(
        ordinary=ordinary,
        complaint_prob=c,
        after_good=a.after_good,
        after_bad=after_bad,
        handled_well_prob=handled,
        referrals_per_month=w1 * a.referrals_per_month + u1 * b.referrals_per_month,
        cash_per_wallet=w2 * a.cash_per_wallet + u2 * b.cash_per_wallet,
        cash_fixed=w2 * a.cash_fixed + u2 * b.cash_fixed,
        customer_gain=w2 * a.customer_gain + u2 * b.customer_gain,
    )
    if mixing.all():
        return mixed

    def pick(name: str) -> np.ndarray:  # a's own numbers where nothing is mixed in
        own, blend = getattr(a, name), getattr(mixed, name)
        return np.where(mixing.reshape(mixing.shape + (1,) * (own.ndim - mixing.ndim)), blend, own)

    return Regime(**{name: pick(name) for name in _REGIME_FIELDS})


def _check_rows(P: np.ndarray, pairs: _Pairs) -> None:
    """Refuse a row of monthly chances that sums over 1; chances are never capped.

    :class:`~crmsim.scenario.scenario.Scenario` refuses such numbers when it is built; a
    segment changed on the fast path (:func:`served_regime`) is checked here.
    """
    sums = P.sum(axis=-1)
    over = np.argwhere(sums > 1.0)
    if over.size:
        k, i = (int(v) for v in over[0])
        raise ScenarioError(
            f"segment '{pairs.segments[k].name}' at level '{pairs.levels[k].name}' gives the "
            f"chances of leaving state '{STATES[i]}' in one month a sum of {sums[k, i]:.4g}; "
            "expected at most 1 (lower its churn, progression or acquisition numbers)."
        )


def _without_effects(level: RelationshipLevel, base: RelationshipLevel) -> RelationshipLevel:
    """``level`` with every effect field taken from ``base`` (what neglect leaves)."""
    return dataclasses.replace(level, **{f: getattr(base, f) for f in _EFFECT_FIELDS})


def lessons_month(scenario: Scenario) -> int | None:
    """Month from which the lost-customer analysis's lessons cut churn, if within the horizon.

    0 when they act from the start; None when there are none (no analysis, no cut) or they
    come after the horizon.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> from crmsim.scenario.levers import LostCustomerAnalysis
    >>> lessons_month(Scenario()) is None
    True
    >>> lessons_month(Scenario(lost_customers=LostCustomerAnalysis(analysed_share=0.5)))
    6
    """
    lost = scenario.lost_customers
    if lost.analysed_share <= 0.0 or lost.churn_cut <= 0.0:
        return None
    return lost.delay_months if lost.delay_months < scenario.horizon_months else None


def served_regime(
    scenario: Scenario, segment: Segment, level: RelationshipLevel, *, lessons: bool = False
) -> Regime:
    """Monthly dynamics of ``segment`` fully served at ``level`` (one of
    :func:`served_regimes`).

    Same as ``segment_dynamics(...).served`` (or, with ``lessons``, the served regime once
    the lost-customer analysis's lessons are applied) without building the neglected
    regime, unless follow-up lapses need it.
    """
    return served_regimes(scenario, [segment], [level], lessons=lessons).at(0)


def served_regimes(
    scenario: Scenario,
    segments: Sequence[Segment],
    levels: Sequence[RelationshipLevel],
    *,
    lessons: bool = False,
) -> Regime:
    """A stack of served regimes, one per (segment, level) pair, built together (the fast
    path of maps: one pass of array arithmetic for thousands of grid points).

    ``segments`` need not be the scenario's own (a map varies copies of one); the scenario
    gives everything else.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> scenario = Scenario()
    >>> small, big = Segment(name="small"), Segment(name="big", annual_wallet=1e6)
    >>> stack = served_regimes(scenario, [small, big], [scenario.level("alliance")] * 2)
    >>> stack.ordinary.shape
    (2, 7, 7)
    >>> alone = served_regime(scenario, big, scenario.level("alliance"))
    >>> bool(np.array_equal(stack.at(1).cash, alone.cash))
    True
    """
    if len(segments) != len(levels):
        raise ScenarioError(
            f"served_regimes needs one level per segment; received {len(segments)} segments "
            f"and {len(levels)} levels."
        )
    return _served(scenario, _pairs(scenario, segments, levels), lessons)


def _follow_up(scenario: Scenario, hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the reminder system's cost per buying customer-month, the share of due contacts that
    lapse) for levels giving a customer ``hours`` of manager time a month (none without)."""
    follow = scenario.follow_up
    cost = follow.reminder_cost_per_customer_per_month if follow.has_reminders else 0.0
    worked = hours > 0.0
    return np.where(worked, cost, 0.0), np.where(worked, follow.lapsed_share, 0.0)


def _served(
    scenario: Scenario,
    pairs: _Pairs,
    lessons: bool,
    neglected: Regime | None = None,
    own: Regime | None = None,
) -> Regime:
    """The served regimes: the levels' ``own`` months, mixed with the months whose contact
    lapsed for lack of follow-up (:class:`~crmsim.scenario.levers.FollowUp`), which follow
    the ``neglected`` regimes (each built here when not given)."""
    reminders, lapsed = _follow_up(scenario, pairs.hours)
    if own is None:
        own = _regimes(
            scenario, pairs, pairs.level, pairs.level, lessons=lessons, reminders=reminders
        )
    if not (lapsed > 0.0).any():
        return own
    return _mixed(own, neglected or _neglected(scenario, pairs, lessons), lapsed)


def _neglected(scenario: Scenario, pairs: _Pairs, lessons: bool) -> Regime:
    """The neglected regimes: the cheapest level's effects, the levels' costs without
    manager time (the follow-up system's reminders still run)."""
    reminders, _ = _follow_up(scenario, pairs.hours)
    return _regimes(
        scenario,
        pairs,
        pairs.neglected_effects,
        pairs.unworked,
        lessons=lessons,
        reminders=reminders,
    )


def segment_dynamics(scenario: Scenario, segment: str, level: str) -> SegmentDynamics:
    """Monthly dynamics of ``segment`` held at ``level`` in ``scenario``.

    The neglected regime uses the effects of the scenario's cheapest level
    (``scenario.levels[0]``) and the costs of ``level`` except manager time: no contact is
    worked, so none is charged.
    """
    return dynamics_of(scenario, scenario.segment(segment), scenario.level(level))


@functools.lru_cache(maxsize=256)
def _neglect(
    level: RelationshipLevel, cheapest: RelationshipLevel
) -> tuple[RelationshipLevel, RelationshipLevel]:
    """(effects left by neglect, costs of unworked months) of ``level``: built once per level."""
    unworked = dataclasses.replace(
        level, manager_hours_per_month=0.0, manager_hours_per_million=0.0
    )
    return _without_effects(level, cheapest), unworked


def dynamics_of(scenario: Scenario, seg: Segment, lvl: RelationshipLevel) -> SegmentDynamics:
    """:func:`segment_dynamics` of a segment and level given as objects (one of
    :func:`dynamics_many`).

    ``seg`` need not be one of the scenario's segments (a map varies a copy of it); the
    scenario gives the staff, the complaint desk, the programmes and the cheapest level.
    A contact that lapses for lack of follow-up neither happens nor takes manager hours:
    the level's hours are those of the contacts that happen.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> scenario = Scenario(segments=(Segment(name="smb"),))
    >>> dyn = dynamics_of(scenario, scenario.segment("smb"), scenario.level("partnership"))
    >>> bool((dyn.served.transition() == segment_dynamics(
    ...     scenario, "smb", "partnership").served.transition()).all())
    True
    """
    return dynamics_many(scenario, [seg], [lvl])[0]


def dynamics_many(
    scenario: Scenario, segments: Sequence[Segment], levels: Sequence[RelationshipLevel]
) -> list[SegmentDynamics]:
    """:func:`dynamics_of` of many (segment, level) pairs, their regimes built together.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> scenario = Scenario()
    >>> seg = scenario.segments[0]
    >>> every_level = dynamics_many(scenario, [seg] * 4, list(scenario.levels))
    >>> [d.level.name for d in every_level]
    ['transactional', 'preferred', 'partnership', 'alliance']
    >>> bool(every_level[0].manager_hours_per_month < every_level[3].manager_hours_per_month)
    True
    """
    stack = dynamics_stack(scenario, segments, levels)
    return [stack.item(k) for k in range(len(stack))]


def dynamics_stack(
    scenario: Scenario, segments: Sequence[Segment], levels: Sequence[RelationshipLevel]
) -> DynamicsStack:
    """The dynamics of many (segment, level) pairs as one :class:`DynamicsStack` (the fast
    path of staffed maps and scans: nothing is built per pair).

    Examples
    --------
    >>> from crmsim import Scenario
    >>> scenario = Scenario()
    >>> stack = dynamics_stack(scenario, [scenario.segments[0]] * 4, list(scenario.levels))
    >>> len(stack), stack.served.ordinary.shape
    (4, (4, 7, 7))
    >>> alone = dynamics_of(scenario, scenario.segments[0], scenario.level("alliance"))
    >>> bool(np.array_equal(stack.item(3).served.cash, alone.served.cash))
    True
    """
    pairs = _pairs(scenario, segments, levels)
    change = lessons_month(scenario)
    if change:
        first = _phases(scenario, pairs, lessons=False)
        later = _phases(scenario, pairs, lessons=True)
        return dataclasses.replace(first, later=later, change_month=change)
    return _phases(scenario, pairs, lessons=change == 0)


def _phases(scenario: Scenario, pairs: _Pairs, *, lessons: bool) -> DynamicsStack:
    reminders, lapsed = _follow_up(scenario, pairs.hours)
    # the neglected regimes and the levels' own, built in one pass over the pairs twice
    both = _regimes(
        scenario,
        _twice(pairs),
        _joined(pairs.neglected_effects, pairs.level),
        _joined(pairs.unworked, pairs.level),
        lessons=lessons,
        reminders=np.concatenate([reminders, reminders]),
    )
    m = len(pairs.hours)
    neglected, own = (
        Regime(**{name: getattr(both, name)[part] for name in _REGIME_FIELDS})
        for part in (slice(None, m), slice(m, None))
    )
    served = _served(scenario, pairs, lessons, neglected, own)
    return DynamicsStack(
        segments=tuple(pairs.segments),
        levels=tuple(pairs.levels),
        served=served,
        neglected=neglected,
        setup_cost=pairs.level.setup_cost_for(pairs.segment.annual_wallet),
        reactivation_cost=pairs.level.reactivation_cost_for(pairs.segment.annual_wallet),
        manager_hours_per_month=pairs.hours * (1.0 - lapsed),
        contact_cycle_months=pairs.level.contact_cycle_months,
    )
