"""Tidy result tables shared by both engines.

Every engine returns a :class:`Results` holding long ("tidy") pandas frames; every column
is documented in :data:`COLUMNS`. The summary is derived from the occupancy and cash-flow
frames by :func:`summarise`, so there is one source of truth for each number.

Staff are payroll. When the scenario limits account managers or complaint handlers, the firm
pays ``n × hours per month × cost per hour`` every month, busy or idle. A segment's cash flows
(and so its ``value_per_customer``) carry only the hours actually worked for its customers:
manager time inside ``relationship_cost`` for contacts that happened, handling time inside
``complaint_cost``. What is paid but not worked is *idle payroll*, a cost of the firm that no
customer causes: :func:`staff_frame` reports it per role and month in ``Results.staff``, and
:meth:`Results.total_discounted_profit` subtracts it. Over-staffing thus shows as idle
payroll, under-staffing as neglected customers. With unlimited staff (``None``) there is no
payroll: staff cost stays per worked hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmsim.model.mechanisms import CASH_COMPONENTS, CASH_SIGNS
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = [
    "COLUMNS",
    "STAFF_ROLES",
    "Results",
    "cash_frame",
    "occupancy_frame",
    "staff_frame",
    "summarise",
]

STAFF_ROLES: tuple[str, ...] = ("account_managers", "complaint_desk")
"""Staff roles that a scenario may limit (and then pays as payroll)."""

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
    "relationship_cost": "running cost of the level incl. the account-manager hours worked for "
    "the segment's customers (currency)",
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
    "role": "staff role: account_managers or complaint_desk",
    "paid_hours": "staff hours paid in the month: n × hours per person per month",
    "worked_hours": "staff hours worked for customers in the month (contacts held, complaints "
    "handled)",
    "payroll": "paid_hours × cost per hour (currency)",
    "worked_cost": "worked_hours × cost per hour, as charged to the segments (currency)",
    "idle_cost": "payroll not worked for any customer: max(payroll - worked_cost, 0) (currency)",
    "discounted_idle_cost": "idle_cost × discount_factor (currency, present value)",
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
    staff : DataFrame or None
        Payroll, worked and idle cost per limited staff role and month (:func:`staff_frame`).
    """

    engine: str
    scenario: Scenario
    seed_entropy: int | None
    occupancy: pd.DataFrame
    cash_flows: pd.DataFrame
    summary: pd.DataFrame
    customers: pd.DataFrame | None = None
    clv: pd.DataFrame | None = None
    staff: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)

    def idle_staff_cost(self) -> float:
        """Present value of the payroll no customer used (0 with unlimited staff)."""
        if self.staff is None or self.staff.empty:
            return 0.0
        return float(self.staff["discounted_idle_cost"].sum())

    def total_discounted_profit(self) -> float:
        """Present value of all cash flows of the run, idle staff payroll deducted."""
        return float(self.cash_flows["discounted_profit"].sum()) - self.idle_staff_cost()


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


def staff_frame(
    scenario: Scenario, manager_hours: np.ndarray, desk_hours: np.ndarray
) -> pd.DataFrame:
    """Payroll, worked and idle cost per month of each staff role the scenario limits.

    Parameters
    ----------
    scenario : Scenario
    manager_hours, desk_hours : arrays of shape (n_months,)
        Hours worked for customers each month by the account managers and the complaint
        desk (expected, or as simulated).

    Returns
    -------
    DataFrame
        role, month, paid_hours, worked_hours, payroll, worked_cost, idle_cost,
        discount_factor, discounted_idle_cost; no rows for a role with unlimited staff.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> from crmsim.scenario.scenario import Staff
    >>> s = Scenario(horizon_months=2, staff=Staff(n_account_managers=2))
    >>> frame = staff_frame(s, np.array([100.0, 300.0]), np.zeros(2))
    >>> frame[["role", "payroll", "worked_cost", "idle_cost"]].to_numpy().tolist()
    [['account_managers', 16800.0, 6000.0, 10800.0], ['account_managers', 16800.0, 18000.0, 0.0]]
    """
    staff, desk = scenario.staff, scenario.complaints
    roles = zip(STAFF_ROLES, (
        (staff.n_account_managers, staff.hours_per_manager_per_month, staff.cost_per_hour,
         manager_hours),
        (desk.n_staff, desk.hours_per_handler_per_month, desk.cost_per_hour, desk_hours),
    ), strict=True)
    months = np.arange(scenario.horizon_months)
    discount = (1.0 + scenario.monthly_discount_rate) ** -months.astype(float)
    frames = []
    for role, (n, hours, cost, worked) in roles:
        if n is None:
            continue
        worked = np.asarray(worked, dtype=float)
        payroll = np.full(len(months), n * hours * cost)
        idle = np.maximum(payroll - worked * cost, 0.0)
        frames.append(pd.DataFrame({
            "role": role, "month": months, "paid_hours": float(n * hours),
            "worked_hours": worked, "payroll": payroll, "worked_cost": worked * cost,
            "idle_cost": idle, "discount_factor": discount,
            "discounted_idle_cost": idle * discount,
        }))
    if not frames:
        return pd.DataFrame(columns=["role", "month", "paid_hours", "worked_hours", "payroll",
                                     "worked_cost", "idle_cost", "discount_factor",
                                     "discounted_idle_cost"])
    return pd.concat(frames, ignore_index=True)


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
