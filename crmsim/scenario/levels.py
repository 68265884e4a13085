"""The four relationship levels (客户关系的四种类型) and their default economics.

A level says what the firm spends on a customer and which levers that spending moves.
It does *not* say whether the level pays: that follows from how these levers meet a
segment's mutual importance, bargaining power, switching cost and size, and from staff
capacity (see :mod:`crmsim.model.mechanisms`). Every default number is explained in
``docs/defaults.md``.

Examples
--------
>>> [level.name for level in DEFAULT_LEVELS]
['transactional', 'preferred', 'partnership', 'alliance']
>>> DEFAULT_LEVELS[2].label_zh
'合作伙伴关系'
>>> import dataclasses
>>> cheaper = dataclasses.replace(DEFAULT_LEVELS[2], running_cost_per_month=500.0)
>>> cheaper.running_cost_per_month
500.0
"""

from __future__ import annotations

from dataclasses import dataclass

from crmsim.common.checks import named_fields, param, validate_fields
from crmsim.common.errors import ScenarioError
from crmsim.scenario.limits import MAX_CONTACT_CYCLE_MONTHS, MAX_HOURS_PER_MONTH, MAX_MONEY

__all__ = ["DEFAULT_LEVELS", "LEVEL_NAMES", "RelationshipLevel", "default_level"]


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class RelationshipLevel:
    """Costs and effects of holding a customer at one relationship level.

    All effects apply only while the customer buys (states new, repeat, loyal) and only
    when the level is *served*: its account-manager contacts happen on time. A neglected
    customer gets the effects of the transactional level while the costs keep running.
    """

    name: str = param("transactional", doc="short identifier used in files and frames")
    label_en: str = param("transactional (buy-sell)", doc="English display name")
    label_zh: str = param("买卖关系", doc="Chinese display name")
    setup_cost: float = param(
        0.0, low=0, ceiling=MAX_MONEY, unit="currency per customer",
        doc="fixed part (floor) of the one-off cost when a customer starts buying at this "
        "level (or is moved to it)",
    )
    setup_share: float = param(
        0.0, low=0, high=5, unit="share of annual wallet",
        doc="part of the set-up cost that grows with the customer: a share of the segment's "
        "annual wallet, added to the floor",
    )
    reactivation_share: float = param(
        1.0, low=0, high=1, unit="share of set-up cost",
        doc="share of the set-up cost paid again when a lost customer is won back (the "
        "relationship is re-activated, not built anew)",
    )
    exit_cost_share: float = param(
        0.0, low=0, high=2, unit="share of annual wallet",
        doc="the price the firm pays when a customer at this level leaves (dedicated capacity "
        "and joint organisation unwound, specific investment written off), as a share of "
        "the segment's annual wallet",
    )
    running_cost_per_month: float = param(
        0.0, low=0, ceiling=MAX_MONEY, unit="currency per customer per month",
        doc="fixed part (floor) of joint investment, events and dedicated resources other "
        "than manager time",
    )
    investment_share: float = param(
        0.0, low=0, high=1, unit="share of monthly wallet",
        doc="customer-oriented investment that grows with the customer (joint projects, "
        "dedicated capacity), as a share of the customer's monthly wallet",
    )
    manager_hours_per_month: float = param(
        0.0, low=0, ceiling=MAX_HOURS_PER_MONTH, unit="hours per customer per month",
        doc="fixed part (floor) of the account-manager time the level needs; staff capacity "
        "limits it",
    )
    manager_hours_per_million: float = param(
        0.0, low=0, ceiling=MAX_HOURS_PER_MONTH,
        unit="hours per month per million of annual wallet",
        doc="account-manager time that grows with the customer: hours per month for each "
        "million of the segment's annual wallet, added to the floor",
    )
    contact_cycle_months: int = param(
        1, low=1, whole=True, ceiling=MAX_CONTACT_CYCLE_MONTHS, unit="months",
        doc="months between scheduled account-manager contacts",
    )
    price_concession: float = param(
        0.0, low=0, high=0.5, unit="share of list revenue",
        doc="discount handed to the customer at balanced bargaining power; a dominant "
        "customer extracts up to twice as much",
    )
    share_of_wallet_uplift: float = param(
        0.0, low=0, high=1, unit="share of wallet",
        doc="extra share of the customer's category spend won, for a customer of average "
        "relationship orientation",
    )
    information_uplift: float = param(
        0.0, low=0, high=1, unit="share of wallet",
        doc="extra share of the customer's category spend won by using customer information "
        "strategically, at full mutual importance (the customer shares what it plans only "
        "with a supplier that matters to it)",
    )
    transaction_cost_factor: float = param(
        1.0, low=0, high=2, unit="multiplier",
        doc="multiplier on the cost to serve each sale (below 1 = cost reduction)",
    )
    favour_retention: float = param(
        0.0, low=0, high=1, unit="share of churn removed",
        doc="churn removed by favours (priority, discounts) for a customer who fully "
        "values a relationship; scaled by relationship orientation",
    )
    lock_in: float = param(
        0.0, low=0, high=1, unit="share of churn removed",
        doc="churn removed at full switching cost: joint investments make defection costly "
        "for both sides; scaled by the segment's switching cost",
    )
    co_creation_rate: float = param(
        0.0, low=0, high=1, unit="share of monthly wallet",
        doc="value created jointly per month at full joint potential (mutual importance, "
        "mutual need, balanced bargaining power), as a share of the customer's monthly "
        "wallet; shared by bargaining power",
    )
    joint_growth_rate: float = param(
        0.0, low=0, high=1, unit="share of monthly wallet",
        doc="extra purchases from market share won together, beyond the customer's current "
        "category spend, at full joint potential",
    )
    supply_chain_saving: float = param(
        0.0, low=0, high=0.5, unit="share of cost of goods",
        doc="cost of goods saved by integrating the two supply chains at full joint "
        "potential; the customer gets its bargaining-power share as a lower price",
    )
    loyalty_building: float = param(
        1.0, low=0, high=10, unit="multiplier",
        doc="multiplier on the monthly chance that a repeat customer becomes loyal",
    )
    referral_multiplier: float = param(
        1.0, low=0, high=10, unit="multiplier",
        doc="multiplier on the segment's referral propensity",
    )
    complaint_handling_bonus: float = param(
        0.0, low=0, high=1, unit="probability",
        doc="added chance that a complaint is handled well (dedicated team)",
    )

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ScenarioError(
                f"RelationshipLevel.name must be a non-empty string; received {self.name!r}."
            )
        validate_fields(self)

    def setup_cost_for(self, annual_wallet: float) -> float:
        """Set-up cost of one customer whose segment spends ``annual_wallet`` a year.

        Examples
        --------
        >>> level = RelationshipLevel(setup_cost=1_000.0, setup_share=0.05)
        >>> level.setup_cost_for(100_000.0)
        6000.0
        """
        return self.setup_cost + self.setup_share * annual_wallet

    def reactivation_cost_for(self, annual_wallet: float) -> float:
        """What a lost customer of a segment spending ``annual_wallet`` pays when won back.

        Examples
        --------
        >>> level = RelationshipLevel(setup_cost=1_000.0, reactivation_share=0.25)
        >>> level.reactivation_cost_for(0.0)
        250.0
        """
        return self.reactivation_share * self.setup_cost_for(annual_wallet)

    def manager_hours_for(self, annual_wallet: float) -> float:
        """Account-manager hours per month of one customer spending ``annual_wallet`` a year.

        Examples
        --------
        >>> level = RelationshipLevel(manager_hours_per_month=2.0, manager_hours_per_million=20.0)
        >>> level.manager_hours_for(500_000.0)
        12.0
        """
        return self.manager_hours_per_month + self.manager_hours_per_million * annual_wallet / 1e6


DEFAULT_LEVELS: tuple[RelationshipLevel, ...] = (
    RelationshipLevel(
        name="transactional",
        label_en="transactional (buy-sell)",
        label_zh="买卖关系",
    ),
    RelationshipLevel(
        name="preferred",
        label_en="preferred supplier",
        label_zh="优先供应关系",
        setup_cost=100.0,
        setup_share=0.005,
        reactivation_share=0.5,
        running_cost_per_month=5.0,
        manager_hours_per_month=0.25,
        manager_hours_per_million=5.0,
        contact_cycle_months=3,
        price_concession=0.02,
        share_of_wallet_uplift=0.15,
        transaction_cost_factor=0.7,
        favour_retention=0.35,
        lock_in=0.10,
        loyalty_building=1.5,
        referral_multiplier=1.2,
        complaint_handling_bonus=0.05,
    ),
    RelationshipLevel(
        name="partnership",
        label_en="partnership",
        label_zh="合作伙伴关系",
        setup_cost=500.0,
        setup_share=0.05,
        reactivation_share=0.3,
        exit_cost_share=0.02,
        running_cost_per_month=25.0,
        investment_share=0.01,
        manager_hours_per_month=0.5,
        manager_hours_per_million=20.0,
        contact_cycle_months=1,
        price_concession=0.02,
        share_of_wallet_uplift=0.15,
        information_uplift=0.04,
        transaction_cost_factor=0.7,
        favour_retention=0.35,
        lock_in=0.80,
        co_creation_rate=0.1,
        loyalty_building=2.0,
        referral_multiplier=1.5,
        complaint_handling_bonus=0.15,
    ),
    RelationshipLevel(
        name="alliance",
        label_en="strategic alliance",
        label_zh="战略联盟",
        setup_cost=1_000.0,
        setup_share=0.22,
        reactivation_share=0.3,
        exit_cost_share=0.2,
        running_cost_per_month=50.0,
        investment_share=0.025,
        manager_hours_per_month=1.0,
        manager_hours_per_million=40.0,
        contact_cycle_months=1,
        price_concession=0.02,
        share_of_wallet_uplift=0.15,
        information_uplift=0.05,
        transaction_cost_factor=0.7,
        favour_retention=0.35,
        lock_in=0.95,
        co_creation_rate=0.15,
        joint_growth_rate=0.3,
        supply_chain_saving=0.1,
        loyalty_building=2.0,
        referral_multiplier=1.5,
        complaint_handling_bonus=0.20,
    ),
)
"""The four default levels, cheapest first (see ``docs/defaults.md`` for the reasoning)."""

LEVEL_NAMES: tuple[str, ...] = tuple(level.name for level in DEFAULT_LEVELS)


def default_level(name: str) -> RelationshipLevel:
    """Return the default level called ``name``.

    Examples
    --------
    >>> default_level("preferred").label_en
    'preferred supplier'
    """
    for level in DEFAULT_LEVELS:
        if level.name == name:
            return level
    listed = ", ".join(f"'{n}'" for n in LEVEL_NAMES)
    raise ScenarioError(f"level must be one of {listed}; received {name!r}.")
