"""Helpers the exercise modules share to compute their reference answers.

A segment on its own (:func:`alone`), customers buying in a month, value per customer, and
the standard errors that set a simulated answer's tolerance.

Examples
--------
>>> from crmsim import preset
>>> s = alone(preset("classroom"), "key accounts", n_customers=50, referrals=False)
>>> [seg.name for seg in s.segments], s.segments[0].n_customers, s.staff.n_account_managers
(['key accounts'], 50, None)
"""

from __future__ import annotations

import math

import numpy as np

from crmsim.engines.results import Results
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES

__all__ = ["alone", "binomial_se", "buying_in_month", "ledger_se", "value_per_customer"]


def alone(
    scenario: Scenario,
    segment: str,
    *,
    level: str | None = None,
    n_customers: int | None = None,
    referrals: bool = True,
    **changes: object,
) -> Scenario:
    """``segment`` of ``scenario`` on its own, with unlimited account managers and desk
    (:meth:`crmsim.Scenario.segment_alone`).

    Without staff limits customers do not compete for anything, so they are independent
    and the analytic engine gives the exact expectation of what the SimPy engine samples.

    Parameters
    ----------
    level : str, optional
        The segment's level (default: its planned level).
    n_customers : int, optional
        Number of customers (default: as in ``scenario``).
    referrals : bool
        False sets ``referrals_per_year`` to 0, so no new customers join and every
        customer's value is their own.
    **changes
        Other segment fields to change (e.g. ``mutual_importance=0.42``).
    """
    fields: dict[str, object] = dict(changes)
    if n_customers is not None:
        fields["n_customers"] = n_customers
    if not referrals:
        fields["referrals_per_year"] = 0.0
    return scenario.segment_alone(segment, level=level, unlimited_staff=True, **fields)


def buying_in_month(results: Results, month: int) -> float:
    """Customers in a buying state (new, repeat, loyal) at the start of ``month``.

    Examples
    --------
    >>> from crmsim import Scenario, Segment, evaluate
    >>> buying_in_month(evaluate(Scenario(segments=(Segment(n_customers=10),))), 0)
    10.0
    """
    occ = results.occupancy
    rows = occ[(occ["month"] == month) & occ["state"].isin(BUYING_STATES)]
    return float(rows["customers"].sum())


def binomial_se(expected: float, n: int) -> float:
    """Standard error of a count of ``n`` independent customers with mean ``expected``.

    Examples
    --------
    >>> binomial_se(50.0, 100)
    5.0
    """
    p = expected / n
    return math.sqrt(n * p * (1.0 - p))


def value_per_customer(results: Results, segment: str | None = None) -> float:
    """``value_per_customer`` of ``segment`` (or of the only segment) in ``results``."""
    summary = results.summary
    if segment is not None:
        summary = summary[summary["segment"] == segment]
    return float(summary["value_per_customer"].iloc[0])


def ledger_se(results: Results) -> float:
    """Standard error of the mean discounted value per customer of a SimPy run."""
    values = np.asarray(results.customers["discounted_value"], dtype=float)
    return float(values.std(ddof=1) / math.sqrt(values.size))
