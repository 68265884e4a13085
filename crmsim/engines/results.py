"""Tidy result tables shared by both engines.

Every engine returns a :class:`Results` holding long ("tidy") pandas frames; every column
is documented in :data:`COLUMNS`. Both engines compute arrays and build the frames once, in
:func:`result_frames` (and the analytic engine's CLV per starting state in :func:`clv_frame`),
so there is one source of truth for each number. A frame's text columns take their labels
from one small index (:func:`_text`), so pandas types the text once per run, not once per row.

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

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmsim.model.mechanisms import CASH_COMPONENTS, CASH_SIGNS
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES, STATES

_BUYING = np.array([s in BUYING_STATES for s in STATES])

__all__ = [
    "COLUMNS",
    "STAFF_ROLES",
    "Results",
    "clv_frame",
    "result_frames",
    "staff_frame",
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
        One row per segment and level (see :func:`result_frames`).
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


def result_frames(
    pairs: Sequence[tuple[str, str]],
    occupancy: np.ndarray,
    cash: np.ndarray,
    monthly_rate: float,
    customers_start: np.ndarray,
    served_fraction: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The occupancy, cash-flow and summary frames of a run, from its arrays.

    Both engines end here, so each number of the summary has one definition: discounted
    profit is the sum of ``profit × discount_factor``, ``buying_end`` the buying customers of
    the last month, ``buying_months`` the buying customer-months, ``value_per_customer`` the
    discounted profit ÷ customers at month 0.

    Parameters
    ----------
    pairs : sequence of (segment, level)
        One per group, in the order of the arrays.
    occupancy : array of shape (n_groups, n_months, n_states)
        Customers in each state at the start of each month.
    cash : array of shape (n_groups, n_months, n_components)
        Cash per month, columns as :data:`~crmsim.model.mechanisms.CASH_COMPONENTS`.
    monthly_rate : float
    customers_start, served_fraction : arrays of shape (n_groups,)

    Returns
    -------
    (occupancy, cash_flows, summary) : DataFrames
        Columns as documented in :data:`COLUMNS`.

    Examples
    --------
    >>> occ = np.zeros((1, 2, len(STATES)))
    >>> occ[:, :, STATES.index("loyal")] = 10.0
    >>> money = np.zeros((1, 2, len(CASH_COMPONENTS)))
    >>> money[..., CASH_COMPONENTS.index("list_revenue")] = 100.0
    >>> _, _, summary = result_frames([("smb", "preferred")], occ, money, 0.0,
    ...                               np.array([10.0]), np.array([1.0]))
    >>> summary[["discounted_profit", "buying_end", "value_per_customer"]].to_numpy().tolist()
    [[200.0, 10.0, 20.0]]
    """
    occupancy, cash = np.ascontiguousarray(occupancy), np.ascontiguousarray(cash)
    n_groups, n_months, n_states = occupancy.shape
    text = _text((*(s for s, _ in pairs), *(lv for _, lv in pairs), *STATES))
    group = np.arange(n_groups)
    months = np.arange(n_months)
    occupancy_df = pd.DataFrame(
        {
            "segment": text.take(np.repeat(group, n_months * n_states)).array,
            "level": text.take(np.repeat(group + n_groups, n_months * n_states)).array,
            "month": np.tile(np.repeat(months, n_states), n_groups),
            "state": text.take(
                np.tile(np.arange(2 * n_groups, len(text)), n_groups * n_months)
            ).array,
            "customers": occupancy.reshape(-1),
        }
    )
    flat = cash.reshape(-1, cash.shape[-1])
    profit = flat @ CASH_SIGNS
    discount = np.tile((1.0 + monthly_rate) ** -months.astype(float), n_groups)
    columns = {
        "segment": text.take(np.repeat(group, n_months)).array,
        "level": text.take(np.repeat(group + n_groups, n_months)).array,
        "month": np.tile(months, n_groups),
    }
    columns.update(zip(CASH_COMPONENTS, flat.T, strict=True))
    columns.update(
        {"profit": profit, "discount_factor": discount, "discounted_profit": profit * discount}
    )
    cash_df = pd.DataFrame(columns)
    buying = occupancy[..., _BUYING].sum(-1)  # (n_groups, n_months)
    start = np.asarray(customers_start, dtype=float)
    total = (profit * discount).reshape(n_groups, n_months).sum(-1)
    summary = pd.DataFrame(
        {
            "segment": text[:n_groups].array,
            "level": text[n_groups : 2 * n_groups].array,
            "customers_start": start,
            "discounted_profit": total,
            "buying_end": buying[:, -1],
            "buying_months": buying.sum(-1),
            "value_per_customer": total / np.where(start == 0, np.nan, start),
            "served_fraction": np.asarray(served_fraction, dtype=float),
        }
    )
    return occupancy_df, cash_df, summary


def clv_frame(
    pairs: Sequence[tuple[str, str]],
    clv: np.ndarray,
    clv_with_referrals: np.ndarray,
    months_to_churn: np.ndarray,
) -> pd.DataFrame:
    """The CLV frame of an analytic run: one row per (segment, level) and starting state.

    Parameters
    ----------
    pairs : sequence of (segment, level)
        One per group, in the order of the arrays.
    clv, clv_with_referrals, months_to_churn : arrays of shape (n_groups, n_states)
        Per starting state in :data:`~crmsim.scenario.states.STATES` order.

    Returns
    -------
    DataFrame
        segment, level, start_state, clv, clv_with_referrals, expected_months_to_churn
        (columns as documented in :data:`COLUMNS`).

    Examples
    --------
    >>> values = np.arange(len(STATES), dtype=float)[None]
    >>> frame = clv_frame([("smb", "preferred")], values, 2 * values, values)
    >>> frame.loc[frame["start_state"] == "loyal", ["clv", "clv_with_referrals"]].values.tolist()
    [[4.0, 8.0]]
    """
    n_groups, n_states = len(pairs), len(STATES)
    text = _text((*(s for s, _ in pairs), *(lv for _, lv in pairs), *STATES))
    group = np.repeat(np.arange(n_groups), n_states)
    return pd.DataFrame(
        {
            "segment": text.take(group).array,
            "level": text.take(group + n_groups).array,
            "start_state": text.take(np.tile(np.arange(2 * n_groups, len(text)), n_groups)).array,
            "clv": np.asarray(clv, dtype=float).reshape(-1),
            "clv_with_referrals": np.asarray(clv_with_referrals, dtype=float).reshape(-1),
            "expected_months_to_churn": np.asarray(months_to_churn, dtype=float).reshape(-1),
        }
    )


@functools.lru_cache(maxsize=64)
def _text(labels: tuple[str, ...]) -> pd.Index:
    """``labels`` as an index whose ``take`` gives a frame's text column: the text dtype is
    inferred once for the labels, not once per row (an index cannot be changed, so runs with
    the same labels share it)."""
    return pd.Index(np.array(labels, dtype=object))


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
    roles = zip(
        STAFF_ROLES,
        (
            (
                staff.n_account_managers,
                staff.hours_per_manager_per_month,
                staff.cost_per_hour,
                manager_hours,
            ),
            (desk.n_staff, desk.hours_per_handler_per_month, desk.cost_per_hour, desk_hours),
        ),
        strict=True,
    )
    used = [(role, *numbers) for role, numbers in roles if numbers[0] is not None]
    if not used:
        return pd.DataFrame(columns=list(_STAFF_COLUMNS))
    n_months, n_roles = scenario.horizon_months, len(used)
    months = np.arange(n_months)
    discount = np.tile((1.0 + scenario.monthly_discount_rate) ** -months.astype(float), n_roles)

    def each_month(values: list[float]) -> np.ndarray:  # one number per role → per row
        return np.repeat(np.array(values, dtype=float), n_months)

    worked = np.concatenate([np.asarray(w, dtype=float) for *_, w in used])
    worked_cost = worked * each_month([cost for *_, cost, _ in used])
    payroll = each_month([n * hours * cost for _, n, hours, cost, _ in used])
    idle = np.maximum(payroll - worked_cost, 0.0)
    return pd.DataFrame(
        {
            "role": _text(tuple(role for role, *_ in used))
            .take(np.arange(n_roles).repeat(n_months))
            .array,
            "month": np.tile(months, n_roles),
            "paid_hours": each_month([float(n * hours) for _, n, hours, *_ in used]),
            "worked_hours": worked,
            "payroll": payroll,
            "worked_cost": worked_cost,
            "idle_cost": idle,
            "discount_factor": discount,
            "discounted_idle_cost": idle * discount,
        }
    )


_STAFF_COLUMNS = (
    "role",
    "month",
    "paid_hours",
    "worked_hours",
    "payroll",
    "worked_cost",
    "idle_cost",
    "discount_factor",
    "discounted_idle_cost",
)
