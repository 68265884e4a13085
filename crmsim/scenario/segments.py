"""Customer segments (customer types) and their characteristics.

A segment is a group of similar customers: how many, how large, how profitable, how price
driven, and the relationship characteristics that decide whether a deep relationship can
pay (domain.md §1–§3): mutual importance, mutual need, the balance of bargaining power,
switching cost.

Examples
--------
>>> key = Segment(name="key accounts", n_customers=20, annual_wallet=600_000.0,
...               mutual_importance=0.85, switching_cost=0.8)
>>> key.monthly_wallet
50000.0
>>> Segment(name="x", gross_margin=1.5)
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: Segment.gross_margin must be a number in [0, 1]; received 1.5.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from crmsim.common.checks import check_probability, named_fields, param, validate_fields
from crmsim.common.errors import ScenarioError
from crmsim.scenario.limits import MAX_CUSTOMERS, MAX_MONEY
from crmsim.scenario.states import STATES

__all__ = ["LEAD_HEATS", "RELATION_TYPES", "VALUE_TIERS", "Segment"]

VALUE_TIERS = ("vip", "important", "ordinary")
"""By value: VIP (贵宾客户), important (重要客户), ordinary (普通客户)."""
RELATION_TYPES = ("consumer", "intermediary", "internal", "public")
"""By relation to the firm: end consumers, dealers, internal departments, public bodies."""
LEAD_HEATS = ("low", "medium", "high")
"""By heat of the lead: low / medium / high (低热、中热、高热客户)."""


@named_fields
@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A group of customers that share economics and relationship characteristics."""

    name: str = param("customers", doc="segment name, unique within a scenario")
    n_customers: int = param(100, whole=True, low=0, ceiling=MAX_CUSTOMERS,
                             doc="customers in the segment at month 0")
    initial_mix: tuple[tuple[str, float], ...] | Mapping[str, float] = param(
        (("repeat", 1.0),),
        custom=True,
        doc="share of the segment's customers starting in each lifecycle state (sums to 1)",
    )
    annual_wallet: float = param(
        12_000.0, low=0, ceiling=MAX_MONEY, unit="currency per customer per year",
        doc="what a customer spends per year on the category, with any supplier",
    )
    wallet_cv: float = param(
        0.0, low=0, high=5, unit="coefficient of variation",
        doc="spread of wallet sizes between customers (lognormal); 0 = all equal",
    )
    gross_margin: float = param(0.30, low=0, high=1, unit="share of list revenue",
                                doc="gross margin on list price")
    price_sensitivity: float = param(
        0.5, low=0, high=1, unit="0-1",
        doc="how strongly competitors' prices lure the customer away (1 = price only)",
    )
    relationship_orientation: float = param(
        0.5, low=0, high=1, unit="0-1",
        doc="how much the customer values a relationship (0 = strictly business)",
    )
    mutual_importance: float = param(
        0.3, low=0, high=1, unit="0-1",
        doc="how important supplier and customer are to each other; scales co-created value",
    )
    mutual_need: float = param(
        0.3, low=0, high=1, unit="0-1",
        doc="how much each side needs what only the other provides (complementary "
        "resources, no easy substitute); with mutual importance and balanced power it sets "
        "the joint potential of co-creation, joint growth and supply-chain savings",
    )
    customer_power: float = param(
        0.5, low=0, high=1, unit="0-1",
        doc="customer's share of bargaining power: 0.5 balanced, 1 customer dominates, "
        "0 firm dominates",
    )
    switching_cost: float = param(
        0.3, low=0, high=1, unit="0-1",
        doc="how costly leaving is for the customer once a relationship exists",
    )
    gain_loyalty: float = param(
        5.0, low=0, high=100, unit="per share of spend",
        doc="how strongly the customer's loyalty follows its own gain from the relationship: "
        "churn is multiplied by exp(-gain_loyalty × monthly gain ÷ monthly wallet)",
    )
    complaints_per_year: float = param(
        1.0, low=0, high=52, unit="complaints per customer per year",
        doc="complaint propensity while buying",
    )
    referrals_per_year: float = param(
        0.1, low=0, high=12, unit="referrals per customer per year",
        doc="new leads a repeat customer brings per year at the transactional level",
    )
    lead_heat: str = param("medium", choices=LEAD_HEATS, doc="heat of the segment's leads")
    value_tier: str = param("ordinary", choices=VALUE_TIERS, doc="value class")
    relation_type: str = param("consumer", choices=RELATION_TYPES, doc="relation to the firm")

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(
                f"Segment.name must be a non-empty string; received {self.name!r}."
            )
        validate_fields(self)
        object.__setattr__(self, "initial_mix", _checked_mix(self.name, self.initial_mix))

    @property
    def price_churn_factor(self) -> float:
        """Churn multiplier from competitors' prices: ``0.5 + price_sensitivity`` (0.5 to 1.5).

        Examples
        --------
        >>> Segment(price_sensitivity=1.0).price_churn_factor
        1.5
        """
        return 0.5 + self.price_sensitivity

    @property
    def orientation_factor(self) -> float:
        """How strongly the customer answers relationship effort: ``0.5 +
        relationship_orientation`` (0.5 to 1.5), on loyalty building and share of wallet.

        Examples
        --------
        >>> Segment(relationship_orientation=0.0).orientation_factor
        0.5
        """
        return 0.5 + self.relationship_orientation

    @property
    def monthly_wallet(self) -> float:
        """Mean category spend per customer per month."""
        return self.annual_wallet / 12.0

    def initial_shares(self) -> tuple[float, ...]:
        """Share of customers starting in each state, in
        :data:`crmsim.scenario.states.STATES` order."""
        mix = dict(self.initial_mix)
        return tuple(mix.get(state, 0.0) for state in STATES)


def _checked_mix(segment: str, mix: object) -> tuple[tuple[str, float], ...]:
    where = f"Segment '{segment}'.initial_mix"
    if isinstance(mix, Mapping):
        pairs = list(mix.items())
    elif isinstance(mix, tuple | list):
        pairs = [tuple(p) for p in mix]
    else:
        raise ScenarioError(
            f"{where} must be a table of state = share; received {type(mix).__name__}."
        )
    checked: list[tuple[str, float]] = []
    for pair in pairs:
        if len(pair) != 2:
            raise ScenarioError(f"{where} must pair each state with a share; received {pair!r}.")
        state, share = pair
        if state not in STATES:
            listed = ", ".join(f"'{s}'" for s in STATES)
            raise ScenarioError(f"{where} keys must be states ({listed}); received {state!r}.")
        checked.append((state, check_probability(f"{where}.{state}", share)))
    total = sum(share for _, share in checked)
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ScenarioError(f"{where} shares must sum to 1; received {total:g}.")
    return tuple(checked)
