"""A scenario: segments, the level assigned to each, and the firm around them.

Everything a run needs is in one frozen, validated :class:`Scenario`; variations are made
with :func:`dataclasses.replace` (or :meth:`Scenario.with_segment`). Scenario files are
TOML and are read by :mod:`crmsim.scenario.toml_io`.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> s = Scenario(segments=(Segment(name="smb", n_customers=50),), plan={"smb": "preferred"})
>>> s.level_of("smb").label_en
'preferred supplier'
>>> s.monthly_discount_rate > 0
True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from crmsim.common.checks import check_choice, named_fields, param, validate_fields
from crmsim.common.errors import ScenarioError
from crmsim.scenario.levels import DEFAULT_LEVELS, RelationshipLevel
from crmsim.scenario.levers import (
    Expectation,
    FollowUp,
    LostCustomerAnalysis,
    SatisfactionSurvey,
)
from crmsim.scenario.limits import (
    MAX_CUSTOMER_MONTHS,
    MAX_CUSTOMERS,
    MAX_HORIZON_MONTHS,
    MAX_LEVELS,
    MAX_MONEY,
    MAX_PROGRAMMES,
    MAX_SEGMENTS,
    MAX_SHARE_OF_WALLET,
    MAX_STAFF,
)
from crmsim.scenario.segments import Segment

__all__ = [
    "PROGRAMME_KINDS",
    "PROGRAMME_REACH",
    "SECTIONS",
    "Acquisition",
    "ComplaintDesk",
    "Lifecycle",
    "Programme",
    "Scenario",
    "Staff",
    "churn_hold_ceiling",
    "programme_churn_factor",
]


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Lifecycle:
    """Base monthly movement between lifecycle states, before level and segment effects."""

    new_to_repeat: float = param(0.15, low=0, high=1, unit="per month",
                                 doc="chance a new customer becomes a repeat customer")
    repeat_to_loyal: float = param(0.04, low=0, high=1, unit="per month",
                                   doc="chance a repeat customer becomes loyal (before level "
                                   "and orientation effects)")
    loyal_to_repeat: float = param(0.02, low=0, high=1, unit="per month",
                                   doc="chance a loyal customer lapses to repeat")
    churn_new: float = param(0.06, low=0, high=1, unit="per month",
                             doc="base churn of new customers")
    churn_repeat: float = param(0.03, low=0, high=1, unit="per month",
                                doc="base churn of repeat customers")
    churn_loyal: float = param(0.012, low=0, high=1, unit="per month",
                               doc="base churn of loyal customers")
    win_back: float = param(0.03, low=0, high=1, unit="per month",
                            doc="chance a lost customer is won back (restarts as new)")
    lost_to_gone: float = param(0.03, low=0, high=1, unit="per month",
                                doc="chance a lost customer is gone for good (non-customer)")
    potential_gone: float = param(0.01, low=0, high=1, unit="per month",
                                  doc="chance a potential customer's need disappears")
    target_gone: float = param(0.03, low=0, high=1, unit="per month",
                               doc="chance a target drops out before buying")
    sow_new: float = param(0.30, low=0, high=MAX_SHARE_OF_WALLET, unit="share of wallet",
                           doc="share of wallet a new customer gives the firm")
    sow_repeat: float = param(0.45, low=0, high=MAX_SHARE_OF_WALLET, unit="share of wallet",
                              doc="share of wallet of a repeat customer (still buys elsewhere)")
    sow_loyal: float = param(0.65, low=0, high=MAX_SHARE_OF_WALLET, unit="share of wallet",
                             doc="share of wallet of a loyal customer (directed, cross purchases)")
    transaction_cost_share: float = param(
        0.08, low=0, high=1, unit="share of list revenue",
        doc="cost to serve each sale (ordering, delivery, invoicing) at the transactional level",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    def repeat_to_loyal_at(self, level: RelationshipLevel, segment: Segment) -> float:
        """Monthly chance a repeat customer of ``segment`` served at ``level`` becomes loyal.

        ``repeat_to_loyal × level.loyalty_building × segment.orientation_factor``; a
        scenario refuses values whose row of chances would sum over 1.

        Examples
        --------
        >>> Lifecycle().repeat_to_loyal_at(DEFAULT_LEVELS[2], Segment())
        0.08
        """
        return self.repeat_to_loyal * level.loyalty_building * segment.orientation_factor


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Acquisition:
    """Touch points (接触点) that turn potential customers into targets and buyers."""

    touch_points_per_month: float = param(1.0, low=0, high=100, unit="contacts per prospect "
                                          "per month", doc="acquisition effort per prospect")
    cost_per_touch_point: float = param(15.0, low=0, ceiling=MAX_MONEY, unit="currency",
                                        doc="cost of one contact with a prospect")
    conversion_low: float = param(0.02, low=0, high=1, unit="per touch point",
                                  doc="chance one touch turns a low-heat potential into a target")
    conversion_medium: float = param(0.05, low=0, high=1, unit="per touch point",
                                     doc="same for medium-heat leads")
    conversion_high: float = param(0.12, low=0, high=1, unit="per touch point",
                                   doc="same for high-heat leads")
    first_purchase_per_touch: float = param(0.10, low=0, high=1, unit="per touch point",
                                            doc="chance one touch brings a target's first "
                                            "purchase")
    after_sale_touch_points_per_month: float = param(
        0.0, low=0, high=100, unit="contacts per new customer per month",
        doc="touch points during and after the sale (delivery, installation, a check-up "
        "call) with each new customer, at cost_per_touch_point each",
    )
    repeat_per_after_sale_touch: float = param(
        0.05, low=0, high=1, unit="per touch point",
        doc="chance one after-sale touch turns a new customer who would otherwise stay new "
        "that month into a repeat customer",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    def conversion(self, lead_heat: str) -> float:
        """Chance per touch point that a potential customer of ``lead_heat`` becomes a target."""
        check_choice("lead_heat", lead_heat, ("low", "medium", "high"))
        return float(getattr(self, f"conversion_{lead_heat}"))

    def to_target_prob(self, lead_heat: str) -> float:
        """Monthly chance that a potential customer of ``lead_heat`` becomes a target: at
        least one of the month's touch points converts.

        Examples
        --------
        >>> round(Acquisition(touch_points_per_month=2.0).to_target_prob("medium"), 4)
        0.0975
        """
        return 1.0 - (1.0 - self.conversion(lead_heat)) ** self.touch_points_per_month

    def first_purchase_prob(self) -> float:
        """Monthly chance that a target makes its first purchase (at least one touch works).

        Examples
        --------
        >>> Acquisition(touch_points_per_month=1.0).first_purchase_prob()
        0.09999999999999998
        """
        return 1.0 - (1.0 - self.first_purchase_per_touch) ** self.touch_points_per_month

    def after_sale_repeat_share(self) -> float:
        """Share of the new customers who would stay new in a month that the month's
        after-sale touch points turn into repeat customers (at least one touch works).

        Examples
        --------
        >>> Acquisition(after_sale_touch_points_per_month=2.0).after_sale_repeat_share()
        0.09750000000000003
        """
        return 1.0 - (1.0 - self.repeat_per_after_sale_touch) ** (
            self.after_sale_touch_points_per_month
        )


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintDesk:
    """Complaint management (投诉管理): capacity, quality and what outcomes do to loyalty.

    With ``n_staff`` set, the handlers are payroll: ``n_staff × hours_per_handler_per_month
    × cost_per_hour`` is paid every month, busy or idle; a segment is charged the hours of
    its complaints, and the idle rest is the firm's cost (``Results.staff``). Unlimited
    (None): complaint handling is paid per hour worked.
    """

    n_staff: int | None = param(None, whole=True, low=1, optional=True, ceiling=MAX_STAFF,
                                doc="complaint handlers, paid busy or idle; omit for unlimited "
                                "(paid per hour worked)")
    hours_per_complaint: float = param(2.0, low=0, high=100, unit="hours",
                                       doc="mean handling time (exponential)")
    hours_per_handler_per_month: float = param(140.0, low=1, high=744, unit="hours",
                                               doc="complaint-handling hours per handler")
    cost_per_hour: float = param(35.0, low=0, ceiling=MAX_MONEY, unit="currency per hour",
                                 doc="cost of an hour of complaint handling")
    response_target_days: float = param(3.0, low=0, high=30, unit="days",
                                        doc="a complaint waiting longer is handled badly")
    handling_quality: float = param(0.7, low=0, high=1, unit="probability",
                                    doc="chance a complaint answered in time is handled well")
    service_recovery_strength: float = param(
        0.3, low=0, high=1, unit="probability",
        doc="chance a well-handled complaint moves the customer one loyalty step up (the "
        "disputed service recovery paradox; 0 = no paradox)",
    )
    churn_after_bad_complaint: float = param(0.35, low=0, high=1, unit="probability",
                                             doc="chance a badly handled complaint ends in churn")

    def __post_init__(self) -> None:
        validate_fields(self)


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Staff:
    """Account managers (客户经理): a limited resource that the levels compete for.

    With ``n_account_managers`` set, the managers are payroll: ``n × hours_per_manager_per_month
    × cost_per_hour`` is paid every month, busy or idle. Each month their hours go to the
    contacts due, deepest level first (see :mod:`crmsim.engines.simulation`); a segment is
    charged only the contact hours worked for it, and the idle rest is the firm's cost
    (``Results.staff``). Unlimited (None): manager time is paid per hour worked.
    """

    n_account_managers: int | None = param(None, whole=True, low=0, optional=True,
                                           ceiling=MAX_STAFF,
                                           doc="account managers, paid busy or idle; omit "
                                           "for unlimited (paid per hour worked)")
    hours_per_manager_per_month: float = param(140.0, low=1, high=744, unit="hours",
                                               doc="customer-facing hours per manager")
    cost_per_hour: float = param(60.0, low=0, ceiling=MAX_MONEY, unit="currency per hour",
                                 doc="fully loaded cost of an account-manager hour")

    def __post_init__(self) -> None:
        validate_fields(self)


PROGRAMME_KINDS = ("club", "points", "voucher", "magazine", "events", "call_centre", "other")
"""Loyalty programme kinds (忠诚计划) named in the domain texts."""

PROGRAMME_REACH: dict[str, tuple[str, ...]] = {
    "club": ("repeat", "loyal"),
    "points": ("new", "repeat", "loyal"),
    "voucher": ("target", "lost"),
    "magazine": ("new", "repeat", "loyal"),
    "events": ("loyal",),
    "call_centre": ("new", "repeat", "loyal"),
    "other": ("new", "repeat", "loyal"),
}
"""Lifecycle states whose customers each kind of programme reaches (model defaults): a
customer club enrols established customers, invitations to special events go to loyal
ones, a gift voucher is offered to targets and lost customers, the rest reach every buying
customer."""

_KIND_ONLY: dict[str, str] = {
    "cost_per_use": "voucher",
    "start_uplift": "voucher",
    "voice_share": "call_centre",
}
_LASTING = ("cost_per_member_per_month", "churn_reduction", "share_of_wallet_uplift")


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Programme:
    """A loyalty programme (忠诚计划): its kind decides whom it reaches and its effect's shape.

    * Lasting kinds (club, points card, magazine / letters, special events, call centre,
      other) cost ``cost_per_member_per_month`` for every customer they reach (see
      :data:`PROGRAMME_REACH`) and act while the customer is reached: ``churn_reduction``
      of its churn removed, ``share_of_wallet_uplift`` more of its wallet bought.
    * A call centre (呼叫中心) also lets customers find the firm when they need it:
      ``voice_share`` of the customers about to leave call instead, and their problem
      reaches the complaint desk (its hours, its chance of handling it well).
    * A gift voucher (礼券) is one-off (一次性的活动): each month it tips ``start_uplift`` of
      the targets and lost customers who would otherwise not buy into a purchase, and
      ``cost_per_use`` is paid for every voucher redeemed, including by customers who
      would have bought anyway. It has no lasting effect.

    Examples
    --------
    >>> Programme(kind="voucher", start_uplift=0.1, cost_per_use=20.0).reach
    ('target', 'lost')
    >>> Programme(kind="club", voice_share=0.2)
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Programme.voice_share is an effect of a call_centre programme; expected 0 for a programme of kind 'club', received 0.2.
    """  # noqa: E501

    name: str = param("programme", doc="programme name")
    kind: str = param("other", choices=PROGRAMME_KINDS,
                      doc="kind of programme: a club reaches repeat and loyal customers, "
                      "events loyal ones, a voucher (one-off) targets and lost customers, "
                      "the others every buying customer")
    cost_per_member_per_month: float = param(0.0, low=0, ceiling=MAX_MONEY, unit="currency",
                                             doc="running cost per customer reached "
                                             "(lasting kinds)")
    churn_reduction: float = param(0.0, low=0, high=1, unit="share of churn removed",
                                   doc="churn removed while the customer is reached "
                                   "(lasting kinds)")
    share_of_wallet_uplift: float = param(0.0, low=0, high=1, unit="share of wallet",
                                          doc="extra share of wallet won while reached "
                                          "(lasting kinds)")
    voice_share: float = param(0.0, low=0, high=1, unit="share of leaving customers",
                               doc="share of the customers about to leave who call and reach "
                               "the complaint desk instead (call_centre only)")
    start_uplift: float = param(0.0, low=0, high=1, unit="share per month",
                                doc="share of the targets and lost customers not otherwise "
                                "buying that month whom a voucher tips into a purchase "
                                "(voucher only)")
    cost_per_use: float = param(0.0, low=0, ceiling=MAX_MONEY, unit="currency",
                                doc="cost of one voucher redeemed (voucher only)")

    def __post_init__(self) -> None:
        validate_fields(self)
        for name, kind in _KIND_ONLY.items():
            value = getattr(self, name)
            if value and self.kind != kind:
                raise ScenarioError(
                    f"Programme.{name} is an effect of a {kind} programme; expected 0 for a "
                    f"programme of kind '{self.kind}', received {value:g}."
                )
        if self.kind == "voucher":
            for name in _LASTING:
                value = getattr(self, name)
                if value:
                    raise ScenarioError(
                        f"Programme.{name} is a lasting effect, and a voucher is one-off; "
                        f"expected 0 for programme '{self.name}', received {value:g} (use "
                        "start_uplift and cost_per_use)."
                    )

    @property
    def reach(self) -> tuple[str, ...]:
        """The lifecycle states whose customers the programme reaches."""
        return PROGRAMME_REACH[self.kind]


def _default_levels() -> tuple[RelationshipLevel, ...]:
    return DEFAULT_LEVELS


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Segments, the level assigned to each, and the firm's acquisition, staff and programmes."""

    name: str = param("scenario", doc="scenario name")
    description: str = param("", doc="what the scenario represents")
    segments: tuple[Segment, ...] = field(default=(Segment(),))
    plan: Mapping[str, str] | tuple[tuple[str, str], ...] = field(default=())
    levels: tuple[RelationshipLevel, ...] = field(default_factory=_default_levels)
    """The ladder, cheapest first; the first level is the baseline a neglected customer
    falls back to and the level every unplanned segment gets."""
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    acquisition: Acquisition = field(default_factory=Acquisition)
    complaints: ComplaintDesk = field(default_factory=ComplaintDesk)
    staff: Staff = field(default_factory=Staff)
    programmes: tuple[Programme, ...] = ()
    follow_up: FollowUp = field(default_factory=FollowUp)
    satisfaction: SatisfactionSurvey = field(default_factory=SatisfactionSurvey)
    lost_customers: LostCustomerAnalysis = field(default_factory=LostCustomerAnalysis)
    expectation: Expectation = field(default_factory=Expectation)
    horizon_months: int = param(60, whole=True, low=1, high=MAX_HORIZON_MONTHS, unit="months",
                                doc="months simulated")
    annual_discount_rate: float = param(0.10, low=0, high=1, unit="per year",
                                        doc="rate used to discount future cash flows")

    def __post_init__(self) -> None:
        validate_fields(self)
        for name, kind in (("segments", Segment), ("levels", RelationshipLevel),
                           ("programmes", Programme)):
            items = getattr(self, name)
            if isinstance(items, (kind, str, bytes, Mapping)) or not isinstance(items, Iterable):
                raise ScenarioError(f"Scenario.{name} must be a tuple of {kind.__name__}; "
                                    f"received {type(items).__name__}.")
        segments = tuple(self.segments)
        for i, seg in enumerate(segments):
            if not isinstance(seg, Segment):
                raise ScenarioError(
                    f"Scenario.segments[{i}] must be a Segment; received {type(seg).__name__}."
                )
        names = [seg.name for seg in segments]
        if not names:
            raise ScenarioError("Scenario.segments must hold at least one segment; received 0.")
        for what, items, most in (("segments", segments, MAX_SEGMENTS),
                                  ("levels", tuple(self.levels), MAX_LEVELS),
                                  ("programmes", tuple(self.programmes), MAX_PROGRAMMES)):
            if len(items) > most:
                raise ScenarioError(
                    f"Scenario.{what} must hold at most {most} {what}; received {len(items)}."
                )
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ScenarioError(
                f"Scenario.segments names must be unique; received '{duplicated[0]}' twice."
            )
        for name, kind in SECTIONS.items():
            value = getattr(self, name)
            if not isinstance(value, kind):
                raise ScenarioError(
                    f"Scenario.{name} must be a {kind.__name__}; "
                    f"received {type(value).__name__}."
                )
        for kind, items, name in ((RelationshipLevel, self.levels, "levels"),
                                  (Programme, self.programmes, "programmes")):
            for i, item in enumerate(items):
                if not isinstance(item, kind):
                    raise ScenarioError(
                        f"Scenario.{name}[{i}] must be a {kind.__name__}; "
                        f"received {type(item).__name__}."
                    )
        levels = tuple(self.levels)
        if not levels or len({lv.name for lv in levels}) != len(levels):
            raise ScenarioError(
                "Scenario.levels must hold levels with unique names, cheapest first; "
                f"received {[lv.name for lv in levels]}."
            )
        level_names = [lv.name for lv in levels]
        pairs = dict(self.plan.items() if isinstance(self.plan, Mapping) else self.plan)
        for seg_name, level_name in pairs.items():
            check_choice("Scenario.plan key", seg_name, names)
            check_choice(f"Scenario.plan['{seg_name}']", level_name, level_names)
        full_plan = tuple((n, pairs.get(n, level_names[0])) for n in names)
        object.__setattr__(self, "segments", segments)
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "plan", full_plan)
        object.__setattr__(self, "programmes", tuple(self.programmes))
        self._check_size()
        self._check_rows()

    def _check_size(self) -> None:
        """Refuse a book too large to simulate on one machine (see :mod:`.limits`)."""
        customers = sum(seg.n_customers for seg in self.segments)
        if customers > MAX_CUSTOMERS:
            raise ScenarioError(
                f"Scenario.segments must hold at most {MAX_CUSTOMERS:,} customers in total "
                f"(n_customers summed over the segments); received {customers:,}, too large "
                "for one machine: use fewer customers (values per customer stay the same "
                "while staff is unlimited)."
            )
        work = customers * self.horizon_months
        if work > MAX_CUSTOMER_MONTHS:
            raise ScenarioError(
                f"Scenario.horizon_months × customers must be at most "
                f"{MAX_CUSTOMER_MONTHS:,} customer-months; received {self.horizon_months:,} "
                f"× {customers:,} = {work:,}, too large for one machine: use fewer customers "
                "(values per customer stay the same while staff is unlimited), a shorter "
                "horizon, or the analytic engine (crmsim.engines.analytic.evaluate) on such "
                "a smaller copy."
            )

    def _check_rows(self) -> None:
        """Refuse numbers whose monthly chances out of one state would sum over 1.

        Both engines take the chances of leaving a state in a month (to the next state, to
        churn) from :mod:`crmsim.model.mechanisms`; they must sum to at most 1 for every
        segment at every level of the ladder (any level may be planned or compared), with
        churn raised by price sensitivity and, for a level that makes buying dearer for the
        customer, by its loss (:func:`churn_hold_ceiling`).
        """
        life, acq, desk = self.lifecycle, self.acquisition, self.complaints

        def room(free: float, factor: float) -> float:
            return free / factor if factor > 0 else math.inf

        def at_most(field: str, value: float, room: float, why: str, total: float) -> None:
            """Raise unless ``total`` (the row's chances, computed as the engines do) ≤ 1."""
            if total > 1.0:
                raise ScenarioError(
                    f"Scenario.{field} must be at most {max(room, 0.0):.4g} {why}; "
                    f"received {value:g}."
                )

        for seg in self.segments:
            at_most("lifecycle.potential_gone", life.potential_gone,
                    1.0 - acq.to_target_prob(seg.lead_heat),
                    f"while acquisition turns {acq.to_target_prob(seg.lead_heat):.4g} of "
                    f"segment {seg.name!r}'s potential customers into targets each month, as "
                    "both are chances of one month (fewer touch points or a lower conversion "
                    "make room)", life.potential_gone + acq.to_target_prob(seg.lead_heat))
            at_most("lifecycle.target_gone", life.target_gone, 1.0 - acq.first_purchase_prob(),
                    f"while acquisition brings {acq.first_purchase_prob():.4g} of the targets "
                    "their first purchase each month, as both are chances of one month (fewer "
                    "touch points or a lower first_purchase_per_touch make room)",
                    life.target_gone + acq.first_purchase_prob())
            for level in self.levels:
                where = f"for segment {seg.name!r} at level {level.name!r}"
                hold = churn_hold_ceiling(seg, level, life)
                boost = level.loyalty_building * seg.orientation_factor
                at_most("lifecycle.repeat_to_loyal", life.repeat_to_loyal, room(1.0, boost),
                        f"{where} (times loyalty_building and 0.5 + relationship_orientation, "
                        f"{boost:.4g} together, it is a monthly chance)",
                        life.repeat_to_loyal_at(level, seg))
                to_loyal = life.repeat_to_loyal_at(level, seg)
                for churn, progress, name in (("churn_new", life.new_to_repeat, "new_to_repeat"),
                                              ("churn_repeat", to_loyal, "the loyalty step"),
                                              ("churn_loyal", life.loyal_to_repeat,
                                               "loyal_to_repeat")):
                    state = churn.removeprefix("churn_")
                    factor = seg.price_churn_factor * hold * self.programme_churn_factor(state)
                    at_most(f"lifecycle.{churn}", getattr(life, churn),
                            room(1.0 - progress, factor),
                            f"{where} ({name} {progress:.4g} plus {churn} times {factor:.4g}, "
                            "its multiplier from price sensitivity, programmes and the level, "
                            "are chances of one month and must not exceed 1)",
                            progress + getattr(life, churn) * factor)
                at_most("complaints.churn_after_bad_complaint", desk.churn_after_bad_complaint,
                        room(1.0, hold), f"{where} (the level's dearer transactions multiply it by "
                        f"up to {hold:.4g}, and it is a chance)",
                        desk.churn_after_bad_complaint * hold)
        at_most("lifecycle.lost_to_gone", life.lost_to_gone, 1.0 - life.win_back,
                f"with win_back {life.win_back:g}, as both are chances of one month",
                life.win_back + life.lost_to_gone)

    # -- look-ups -----------------------------------------------------------------------
    def programme_churn_factor(self, state: str) -> float:
        """Share of the churn of ``state`` the loyalty programmes leave: the product of ``1 -
        churn_reduction`` over the programmes that reach the state (1 without any).

        Examples
        --------
        >>> club = Programme(kind="club", churn_reduction=0.2)
        >>> s = Scenario(programmes=(club,))
        >>> s.programme_churn_factor("loyal"), s.programme_churn_factor("new")
        (0.8, 1.0)
        """
        return programme_churn_factor(self.programmes, state)

    @property
    def level_names(self) -> tuple[str, ...]:
        """Names of the levels, cheapest first."""
        return tuple(level.name for level in self.levels)

    @property
    def monthly_discount_rate(self) -> float:
        """Monthly rate equivalent to :attr:`annual_discount_rate`."""
        return (1.0 + self.annual_discount_rate) ** (1.0 / 12.0) - 1.0

    def level(self, name: str) -> RelationshipLevel:
        """Return the level called ``name``."""
        check_choice("level", name, self.level_names)
        return self.levels[self.level_names.index(name)]

    @property
    def staff_unlimited(self) -> bool:
        """True when neither account managers nor the complaint desk are limited.

        Segments then do not compete for staff, so each can be evaluated on its own.
        """
        return self.staff.n_account_managers is None and self.complaints.n_staff is None

    def segment_name(self, segment: str | None = None, *, field: str = "segment") -> str:
        """The name of ``segment``, or of the only segment when ``segment`` is None;
        ``field`` is how an error names it (a command's option, ``"--segment"``).

        Examples
        --------
        >>> Scenario().segment_name()
        'customers'
        """
        if segment is None:
            if len(self.segments) != 1:
                names = ", ".join(f"'{s.name}'" for s in self.segments)
                raise ScenarioError(
                    f"{field} must be given when a scenario has several ({names})."
                )
            return self.segments[0].name
        return self.segment(segment, field=field).name

    def segment(self, name: str, *, field: str = "segment") -> Segment:
        """Return the segment called ``name`` (``field`` as in :meth:`segment_name`)."""
        names = [seg.name for seg in self.segments]
        check_choice(field, name, names)
        return self.segments[names.index(name)]

    def level_of(self, segment: str) -> RelationshipLevel:
        """Return the level the plan assigns to ``segment``."""
        return self.level(dict(self.plan)[self.segment(segment).name])

    # -- variations ---------------------------------------------------------------------
    def with_plan(self, plan: Mapping[str, str] | str) -> Scenario:
        """Return a copy with a new plan; a single level name assigns it to every segment.

        Examples
        --------
        >>> from crmsim import Scenario
        >>> dict(Scenario().with_plan("alliance").plan)
        {'customers': 'alliance'}
        """
        if isinstance(plan, str):
            check_choice("plan", plan, self.level_names)
            plan = {seg.name: plan for seg in self.segments}
        return dataclasses.replace(self, plan=dict(plan))

    def segment_alone(self, name: str, *, level: str | None = None,
                      unlimited_staff: bool = False, **changes: object) -> Scenario:
        """Return a copy holding only segment ``name`` (with ``changes``) at ``level``.

        Parameters
        ----------
        name : str
            The segment kept.
        level : str, optional
            Its level (default: the level the plan gives it).
        unlimited_staff : bool
            Also lift the limits on account managers and the complaint desk, so customers
            compete for nothing and are independent of each other.
        **changes
            Segment fields to change, e.g. ``n_customers=50``.

        Examples
        --------
        >>> from crmsim import preset
        >>> s = preset("classroom").segment_alone("key accounts", unlimited_staff=True,
        ...                                       n_customers=5)
        >>> [seg.name for seg in s.segments], dict(s.plan), s.staff.n_account_managers
        (['key accounts'], {'key accounts': 'partnership'}, None)
        """
        seg = dataclasses.replace(self.segment(name), **changes)
        alone = dataclasses.replace(self, segments=(seg,),
                                    plan={seg.name: level or self.level_of(name).name})
        if unlimited_staff:
            alone = dataclasses.replace(
                alone, staff=dataclasses.replace(alone.staff, n_account_managers=None),
                complaints=dataclasses.replace(alone.complaints, n_staff=None))
        return alone

    def with_segment(self, name: str, **changes: object) -> Scenario:
        """Return a copy in which segment ``name`` has the given field values."""
        new = dataclasses.replace(self.segment(name), **changes)
        segments = tuple(new if seg.name == name else seg for seg in self.segments)
        return dataclasses.replace(self, segments=segments)


def programme_churn_factor(programmes: tuple[Programme, ...], state: str) -> float:
    """Share of the churn of ``state`` that ``programmes`` leave: the product of ``1 -
    churn_reduction`` over those that reach the state (1 without any).

    Examples
    --------
    >>> programme_churn_factor((Programme(kind="events", churn_reduction=0.5),), "loyal")
    0.5
    """
    return math.prod((1.0 - p.churn_reduction for p in programmes if state in p.reach), start=1.0)


SECTIONS: dict[str, type] = {
    "lifecycle": Lifecycle,
    "acquisition": Acquisition,
    "complaints": ComplaintDesk,
    "staff": Staff,
    "follow_up": FollowUp,
    "satisfaction": SatisfactionSurvey,
    "lost_customers": LostCustomerAnalysis,
    "expectation": Expectation,
}
"""The scenario's one-of-a-kind parts: field name → class (a ``[table]`` of a scenario file,
a ``"<section>.<field>"`` parameter path)."""


def churn_hold_ceiling(segment: Segment, level: RelationshipLevel, lifecycle: Lifecycle) -> float:
    """Most by which ``level`` can multiply ``segment``'s churn (1 for most levels).

    Favours and lock-in only lower churn, and so does what the relationship gives the
    customer (:mod:`crmsim.model.mechanisms`: churn × ``exp(-gain_loyalty × gain ÷
    wallet)``). A level whose ``transaction_cost_factor`` exceeds 1 makes buying *dearer*
    for the customer, a negative gain of at most ``(0.95 + joint_growth_rate) ×
    transaction_cost_share × (factor - 1)`` of its wallet, which raises churn by up to
    ``exp(gain_loyalty × that loss)``. Scenario validation uses this ceiling so that no
    chance can exceed 1.

    Examples
    --------
    >>> churn_hold_ceiling(Segment(), DEFAULT_LEVELS[2], Lifecycle())
    1.0
    >>> dearer = dataclasses.replace(DEFAULT_LEVELS[2], transaction_cost_factor=2.0)
    >>> round(churn_hold_ceiling(Segment(gain_loyalty=10.0), dearer, Lifecycle()), 3)
    2.138
    """
    extra_cost = max(0.0, level.transaction_cost_factor - 1.0)
    if extra_cost == 0.0:
        return 1.0
    revenue_share = MAX_SHARE_OF_WALLET + level.joint_growth_rate
    loss = revenue_share * lifecycle.transaction_cost_share * extra_cost
    return math.exp(segment.gain_loyalty * loss)
