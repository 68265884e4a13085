"""Tidy result tables shared by both engines.

Every engine returns a :class:`Results` holding long ("tidy") pandas frames; every column
is documented in :data:`COLUMNS`. The summary is derived from the occupancy and cash-flow
frames by :func:`summarise`, so there is one source of truth for each number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmsim.model.mechanisms import CASH_COMPONENTS, CASH_SIGNS
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = ["COLUMNS", "Results", "cash_frame", "occupancy_frame", "summarise"]

COLUMNS: dict[str, str] = {
    "segment": "segment name",
    "level": "relationship level the segment is held at",
    "month": "month since the start, 0-based; cash in month t is paid at its start",
    "state": "lifecycle state",
    "customers": "customers in the state at the start of the month (expected, or mean over "
    "replications)",
    "list_revenue": "sales at list price (currency)",
    "concessions": "discounts handed to customers (currency)",
    "cost_of_goods": "cost of the goods sold (currency)",
    "cost_to_serve": "order handling, delivery and invoicing (currency)",
    "relationship_cost": "running cost of the level incl. account-manager time (currency)",
    "programme_cost": "loyalty programme cost (currency)",
    "complaint_cost": "complaint handling (currency)",
    "acquisition_cost": "touch points spent on prospects (currency)",
    "setup_cost": "one-off set-up of relationships started that month (currency)",
    "co_created_value": "the firm's share of value created jointly with customers (currency)",
    "profit": "cash in minus cash out in the month (currency)",
    "discount_factor": "1 / (1 + monthly rate) ** month",
    "discounted_profit": "profit × discount_factor (currency, present value)",
    "customers_start": "customers in the segment at month 0",
    "buying_end": "customers in a buying state (new, repeat, loyal) in the last month",
    "buying_months": "customer-months spent in buying states over the horizon",
    "value_per_customer": "discounted profit ÷ customers at month 0 (currency); includes the "
    "value of customers they referred",
    "served_fraction": "share of account-manager contacts that happened on time",
    "customer": "customer id (referred customers get ids after the initial ones)",
    "referred_by": "id of the customer who referred this one, -1 for initial customers",
    "start_month": "month the customer entered the simulation",
    "wallet": "customer's annual category spend (currency)",
    "discounted_value": "present value of the customer's own cash flows (currency), at month 0",
    "months_active": "months spent in buying states",
    "final_state": "state at the end of the horizon",
    "start_state": "state the customer starts in",
    "clv": "expected present value of one customer's own cash flows over the horizon",
    "clv_with_referrals": "same, plus the value of the customers they refer",
    "expected_months_to_churn": "expected months in buying states before first churning "
    "(infinite horizon)",
}
"""Meaning (and unit) of every column in every frame crmsim returns."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Results:
    """What one engine run returns.

    Attributes
    ----------
    engine : {"analytic", "simpy"}
    scenario : Scenario
        The scenario exactly as run (its plan says which level each segment had).
    seed_entropy : int or None
        Entropy of the ``numpy.random.SeedSequence`` behind the run (None for analytic).
    occupancy : DataFrame
        segment, level, month, state, customers.
    cash_flows : DataFrame
        segment, level, month, one column per cash line, profit, discount_factor,
        discounted_profit.
    summary : DataFrame
        One row per segment and level (see :func:`summarise`).
    customers : DataFrame or None
        Per-customer ledger (SimPy engine only).
    clv : DataFrame or None
        CLV per starting state (analytic engine only).
    """

    engine: str
    scenario: Scenario
    seed_entropy: int | None
    occupancy: pd.DataFrame
    cash_flows: pd.DataFrame
    summary: pd.DataFrame
    customers: pd.DataFrame | None = None
    clv: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)

    def total_discounted_profit(self) -> float:
        """Present value of all cash flows of the run."""
        return float(self.cash_flows["discounted_profit"].sum())


def occupancy_frame(segment: str, level: str, occupancy: np.ndarray) -> pd.DataFrame:
    """Long frame from an ``(n_months, n_states)`` occupancy array."""
    n_months = occupancy.shape[0]
    return pd.DataFrame(
        {
            "segment": segment,
            "level": level,
            "month": np.repeat(np.arange(n_months), len(STATES)),
            "state": np.tile(np.array(STATES, dtype=object), n_months),
            "customers": occupancy.reshape(-1),
        }
    )


def cash_frame(segment: str, level: str, cash: np.ndarray, monthly_rate: float) -> pd.DataFrame:
    """Frame from an ``(n_months, n_components)`` cash array (columns as CASH_COMPONENTS)."""
    n_months = cash.shape[0]
    frame = pd.DataFrame(cash, columns=list(CASH_COMPONENTS))
    frame.insert(0, "month", np.arange(n_months))
    frame.insert(0, "level", level)
    frame.insert(0, "segment", segment)
    frame["profit"] = cash @ CASH_SIGNS
    frame["discount_factor"] = (1.0 + monthly_rate) ** -np.arange(n_months, dtype=float)
    frame["discounted_profit"] = frame["profit"] * frame["discount_factor"]
    return frame


def summarise(
    occupancy: pd.DataFrame,
    cash_flows: pd.DataFrame,
    customers_start: dict[tuple[str, str], float],
    served_fraction: dict[tuple[str, str], float],
) -> pd.DataFrame:
    """One row per segment and level, derived from the occupancy and cash-flow frames."""
    keys = ["segment", "level"]
    buying = occupancy[occupancy["state"].isin(BUYING_STATES)]
    last = buying[buying["month"] == buying.groupby(keys)["month"].transform("max")]
    rows = (
        cash_flows.groupby(keys, sort=False)
        .agg(discounted_profit=("discounted_profit", "sum"))
        .join(last.groupby(keys, sort=False)["customers"].sum().rename("buying_end"))
        .join(buying.groupby(keys, sort=False)["customers"].sum().rename("buying_months"))
        .reset_index()
    )
    pairs = list(zip(rows["segment"], rows["level"], strict=True))
    rows.insert(2, "customers_start", [customers_start[p] for p in pairs])
    start = rows["customers_start"].replace(0, np.nan)
    rows["value_per_customer"] = rows["discounted_profit"] / start
    rows["served_fraction"] = [served_fraction[p] for p in pairs]
    return rows
