"""Keeping customers beyond the levels: follow-up, satisfaction, lost customers, expectations.

The texts teach a handful of retention practices that every relationship level can use
(domain.md §4–§5). Each is a frozen, validated section of a
:class:`~crmsim.scenario.scenario.Scenario`; what it does to a customer month by month
lives in :mod:`crmsim.model.mechanisms`. Every default switches the practice off, so a
scenario that does not name a section behaves as before:

* :class:`FollowUp` (跟进): record customers, keep a contact cycle, and an automatic
  reminder for customers not maintained. Without reminders, ``missed_share`` of the
  account managers' due contacts lapse and the customer is *neglected* that month (the
  level's effects lapse, as when staff run short); reminders prevent ``reminder_catch``
  of the lapses at a cost per customer.
* :class:`SatisfactionSurvey` (定期测量满意度): a survey every ``every_months`` months
  finds ``finds_share`` of the customers who are about to leave; they reach the complaint
  desk instead of leaving silently, and a complaint handled well keeps them.
* :class:`LostCustomerAnalysis` (对丢失的客户做分析): each lost customer analysed costs
  ``cost_per_analysis``; what the analysis says makes win-back offers work better at once,
  and, once its lessons are applied (``delay_months`` later), removes ``churn_cut`` of
  the base churn.
* :class:`Expectation` (the self-fulfilling prophecy of domain.md §4): staff give extra
  service, a share of the customer's wallet, to customers *believed* valuable (by the
  segment's ``value_tier``); a customer treated as valuable buys a larger share of its
  wallet from the firm and, gaining from the service, stays longer. Whether that pays is
  the lever's own arithmetic.

Examples
--------
>>> round(FollowUp(missed_share=0.3, reminder_catch=0.8).lapsed_share, 6)
0.06
>>> round(SatisfactionSurvey(every_months=3, finds_share=0.6).finds_per_month, 6)
0.2
>>> Expectation(service_share_vip=0.02).service_share("vip")
0.02
>>> LostCustomerAnalysis(analysed_share=1.5)
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: LostCustomerAnalysis.analysed_share must be a number in [0, 1]; received 1.5.
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from crmsim.common.checks import check_choice, named_fields, param, validate_fields
from crmsim.scenario.limits import MAX_HORIZON_MONTHS, MAX_MONEY
from crmsim.scenario.segments import VALUE_TIERS

__all__ = ["Expectation", "FollowUp", "LostCustomerAnalysis", "SatisfactionSurvey"]


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp:
    """Follow-up discipline (跟进): contacts that lapse, and reminders that prevent it.

    Only levels with account-manager contacts are affected; the reminder system's cost is
    paid for each buying customer of such a level.
    """

    missed_share: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of contacts",
        doc="share of the account managers' due contacts that lapse when nobody is reminded "
        "(the customer is not maintained that month; 0 = perfect discipline)",
    )
    reminder_catch: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of lapses",
        doc="share of those lapses an automatic reminder prevents (0 = no reminder system)",
    )
    reminder_cost_per_customer_per_month: float = param(
        2.0,
        low=0,
        ceiling=MAX_MONEY,
        unit="currency",
        doc="running cost of the customer records and reminders per buying customer of a "
        "level with contacts, paid while reminder_catch > 0",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    @property
    def lapsed_share(self) -> float:
        """Share of due contacts that still lapse: ``missed_share × (1 - reminder_catch)``."""
        return self.missed_share * (1.0 - self.reminder_catch)

    @property
    def has_reminders(self) -> bool:
        """True when a reminder system is in place (and paid for)."""
        return self.reminder_catch > 0.0


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class SatisfactionSurvey:
    """Regular satisfaction measurement (定期测量满意度) that finds at-risk customers early."""

    every_months: int = param(
        0,
        whole=True,
        low=0,
        high=MAX_HORIZON_MONTHS,
        unit="months",
        doc="months between surveys of every buying customer (0 = no survey)",
    )
    finds_share: float = param(
        0.5,
        low=0,
        high=1,
        unit="share of at-risk customers",
        doc="share of the customers about to leave in a survey month whom the survey finds; "
        "they reach the complaint desk instead of leaving silently",
    )
    cost_per_response: float = param(
        4.0,
        low=0,
        ceiling=MAX_MONEY,
        unit="currency",
        doc="cost of surveying one buying customer once",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    @property
    def finds_per_month(self) -> float:
        """Mean share of a month's at-risk customers found (``finds_share ÷ every_months``)."""
        return self.finds_share / self.every_months if self.every_months else 0.0

    @property
    def cost_per_customer_month(self) -> float:
        """Survey cost per buying customer-month."""
        return self.cost_per_response / self.every_months if self.every_months else 0.0


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class LostCustomerAnalysis:
    """Analysis of lost customers (对丢失的客户做分析): better win-back now, less churn later."""

    analysed_share: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of lost customers",
        doc="share of the customers who leave that are analysed (0 = no analysis)",
    )
    cost_per_analysis: float = param(
        150.0,
        low=0,
        ceiling=MAX_MONEY,
        unit="currency",
        doc="cost of analysing one lost customer (interview, records, report)",
    )
    win_back_gain: float = param(
        0.05,
        low=0,
        high=1,
        unit="share per month",
        doc="share of the analysed lost customers, not otherwise won back or gone that "
        "month, whom an offer informed by the analysis wins back",
    )
    churn_cut: float = param(
        0.15,
        low=0,
        high=1,
        unit="share of base churn",
        doc="share of every buying customer's churn removed once the lessons (broken "
        "processes, product gaps) are applied, times analysed_share",
    )
    delay_months: int = param(
        6,
        whole=True,
        low=0,
        high=MAX_HORIZON_MONTHS,
        unit="months",
        doc="months from the start until the lessons are applied and churn_cut acts",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    @property
    def active(self) -> bool:
        """True when lost customers are analysed at all."""
        return self.analysed_share > 0.0


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """Extra service for customers believed valuable: the self-fulfilling prophecy.

    ``service_share_<tier>`` is the extra service per month, as a share of the customer's
    monthly wallet, that staff give the buying customers of segments of that
    ``value_tier``. Customers answer it in two ways (:mod:`crmsim.model.mechanisms`): they
    buy ``sow_response × service share × (0.5 + relationship_orientation)`` more of their
    wallet from the firm, and the service is a gain to them, which keeps them (their
    ``gain_loyalty``).
    """

    service_share_vip: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of monthly wallet",
        doc="extra service per month for customers believed VIP (贵宾客户)",
    )
    service_share_important: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of monthly wallet",
        doc="extra service per month for customers believed important (重要客户)",
    )
    service_share_ordinary: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of monthly wallet",
        doc="extra service per month for ordinary customers (普通客户)",
    )
    sow_response: float = param(
        2.0,
        low=0,
        high=20,
        unit="share of wallet per share of service",
        doc="how much more of its wallet a customer of average relationship orientation "
        "buys from the firm per share of wallet given as extra service",
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    def service_share(self, value_tier: str) -> float:
        """Extra service, as a share of the monthly wallet, for a segment of ``value_tier``."""
        check_choice("value_tier", value_tier, VALUE_TIERS)
        return float(getattr(self, f"service_share_{value_tier}"))
