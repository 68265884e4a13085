"""Present value per customer of each cash line, and its split into cost and return.

The split follows the domain texts' table of levels, which lists for each level a *cost to
keep* (what the firm spends on the relationship) and a *value it creates*:

* **cost** (:data:`COST_LINES`) = ``relationship_cost`` (running cost, customer-oriented
  investment, account-manager time) + ``setup_cost`` + ``concessions`` (the part of its
  value the firm hands to the customer as discounts: the texts count it as a price of the
  preferred-supplier relationship) + ``programme_cost`` (loyalty spending);
* **return** (:data:`RETURN_LINES`) = ``list_revenue`` − ``cost_of_goods`` −
  ``cost_to_serve`` − ``complaint_cost`` − ``acquisition_cost`` + ``co_created_value``:
  the margin the business brings back, net of the ordinary operating costs that scale with
  it, plus the firm's share of jointly created value.

Every cash line of :data:`crmsim.model.mechanisms.CASH_COMPONENTS` is in exactly one group,
so ``return − cost`` is the discounted profit per customer (``value_per_customer``).

Examples
--------
>>> float(COST_WEIGHTS.sum()), len(RETURN_LINES)
(4.0, 6)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmsim.model.mechanisms import CASH_COMPONENTS, CASH_SIGNS

__all__ = [
    "COST_LINES",
    "COST_WEIGHTS",
    "RETURN_LINES",
    "RETURN_WEIGHTS",
    "lines_per_customer",
]

COST_LINES: tuple[str, ...] = ("relationship_cost", "setup_cost", "concessions", "programme_cost")
"""Cash lines counted as the cost of holding a relationship (money the firm spends on it)."""

RETURN_LINES: tuple[str, ...] = (
    "list_revenue",
    "cost_of_goods",
    "cost_to_serve",
    "complaint_cost",
    "acquisition_cost",
    "co_created_value",
)
"""Cash lines counted, with their signs, as the return the business brings back."""


if set(COST_LINES) | set(RETURN_LINES) != set(CASH_COMPONENTS) or set(COST_LINES) & set(
    RETURN_LINES
):  # pragma: no cover - a programming error, caught on import
    raise RuntimeError("COST_LINES and RETURN_LINES must split CASH_COMPONENTS exactly.")

COST_WEIGHTS = np.array([1.0 if c in COST_LINES else 0.0 for c in CASH_COMPONENTS])
"""Weights that turn a row of cash lines (CASH_COMPONENTS order) into its cost."""

RETURN_WEIGHTS = np.array(
    [s if c in RETURN_LINES else 0.0 for c, s in zip(CASH_COMPONENTS, CASH_SIGNS, strict=True)]
)
"""Weights that turn a row of cash lines (CASH_COMPONENTS order) into its return."""


def lines_per_customer(results) -> pd.DataFrame:
    """Present value per customer of each cash line, with ``cost``, ``return`` and ``value``.

    Parameters
    ----------
    results : Results
        From :func:`crmsim.evaluate` or :func:`crmsim.engines.simulation.simulate`.

    Returns
    -------
    DataFrame
        Index (segment, level); one column per cash line (positive amounts, as in
        ``cash_flows``), then ``cost``, ``return`` and ``value`` (= return − cost =
        ``value_per_customer``).
    """
    cash = results.cash_flows
    pv = cash[list(CASH_COMPONENTS)].mul(cash["discount_factor"], axis=0)
    pv[["segment", "level"]] = cash[["segment", "level"]]
    totals = pv.groupby(["segment", "level"], sort=False).sum()
    start = results.summary.set_index(["segment", "level"])["customers_start"]
    per = totals.div(start.replace(0, np.nan).reindex(totals.index), axis=0)
    values = per[list(CASH_COMPONENTS)].to_numpy()
    per["cost"] = values @ COST_WEIGHTS
    per["return"] = values @ RETURN_WEIGHTS
    per["value"] = per["return"] - per["cost"]
    return per
