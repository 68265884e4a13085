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

    Examples
    --------
    >>> from crmsim import Scenario, Segment, evaluate
    >>> lines = lines_per_customer(evaluate(Scenario(segments=(Segment(name="smb"),))))
    >>> lines.index.tolist()
    [('smb', 'transactional')]
    >>> row = lines.iloc[0]
    >>> bool(np.isclose(row["return"] - row["cost"], row["value"]))
    True
    """
    cash, summary = results.cash_flows, results.summary
    keys = ["segment", "level"]
    n_groups = len(summary)
    n_months = len(cash) // n_groups if n_groups else 0
    pairs = [summary[key].to_numpy() for key in keys]
    # the engines' layout: each (segment, level)'s months in one block, in the summary's order
    blocks = (
        n_months > 0
        and n_months * n_groups == len(cash)
        and len(set(zip(*pairs, strict=True))) == n_groups
        and all(
            np.array_equal(cash[key].to_numpy(), np.repeat(pair, n_months))
            for key, pair in zip(keys, pairs, strict=True)
        )
    )
    lines = list(CASH_COMPONENTS)
    first = cash.columns.get_loc(lines[0]) if lines[0] in cash.columns else None
    side_by_side = first is not None and list(cash.columns[first : first + len(lines)]) == lines
    amounts = (cash.iloc[:, first : first + len(lines)] if side_by_side else cash[lines]).to_numpy(
        dtype=float
    )
    present = amounts * cash["discount_factor"].to_numpy(dtype=float)[:, None]
    by = np.repeat(np.arange(n_groups), n_months) if blocks else [cash[key].array for key in keys]
    totals = pd.DataFrame(present, columns=lines).groupby(by, sort=False).sum()
    if blocks:
        index = _pair_index(*pairs)
        start = summary["customers_start"].to_numpy(dtype=float)
    else:  # any other layout: the pairs in the order they first appear in cash_flows
        index = totals.index.set_names(keys)
        start = summary.set_index(keys)["customers_start"].reindex(index).to_numpy(dtype=float)
    per = totals.to_numpy() / np.where(start == 0, np.nan, start)[:, None]
    cost, gain = per @ COST_WEIGHTS, per @ RETURN_WEIGHTS
    return pd.DataFrame(
        np.column_stack([per, cost, gain, gain - cost]),
        index=index,
        columns=[*lines, "cost", "return", "value"],
    )


def _pair_index(segments: np.ndarray, levels: np.ndarray) -> pd.MultiIndex:
    """The (segment, level) index of distinct pairs, from their two columns."""
    found = [pd.factorize(values, sort=True) for values in (segments, levels)]
    return pd.MultiIndex(
        levels=[pd.Index(uniques) for _, uniques in found],
        codes=[codes for codes, _ in found],
        names=["segment", "level"],
    )
