"""Small, pure helpers behind the teaching notebooks and widgets.

* :func:`lifetime_value_arithmetic` — the "500 on the first purchase, 100,000 over ten
  years" arithmetic of the domain texts (客户终身价值, domain.md §4), and what discounting,
  churn, margin and the cost of keeping the customer do to it;
* :func:`lifetime_value_steps` — the same, one correction at a time (for a waterfall);
* :func:`expected_flows` — expected customers moving between lifecycle states per month
  in an analytic run (for the flow diagram of notebook 01);
* :func:`scaled_churn` — a scenario with every base churn rate multiplied by a factor.

Examples
--------
>>> v = lifetime_value_arithmetic()
>>> v.total, v.first_purchase, v.multiple
(100000.0, 500.0, 200.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.common.checks import check_int, check_number
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import segment_chain
from crmsim.engines.results import Results
from crmsim.model.mechanisms import dynamics_many
from crmsim.scenario.paths import apply_parameter, parameter_range
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import STATES

__all__ = [
    "LifetimeValue",
    "expected_flows",
    "lifetime_value_arithmetic",
    "lifetime_value_steps",
    "scaled_churn",
]

_S = {name: i for i, name in enumerate(STATES)}


@dataclass(frozen=True, slots=True)
class LifetimeValue:
    """Result of :func:`lifetime_value_arithmetic`.

    Attributes
    ----------
    first_purchase : float
        What the customer is worth if you only look at the first sale.
    total : float
        Present value of the customer over the years (currency).
    multiple : float
        ``total / first_purchase``: how much the first sale understates the customer.
    by_year : DataFrame
        year, still_buying (chance), spend, referral_value, cost_to_serve, margin_value,
        discount_factor, value (present value of the year), cumulative_value.
    """

    first_purchase: float
    total: float
    multiple: float
    by_year: pd.DataFrame


def lifetime_value_arithmetic(
    first_purchase: float = 500.0,
    annual_spend: float = 5_000.0,
    referral_value: float = 5_000.0,
    years: int = 10,
    discount_rate: float = 0.0,
    churn: float = 0.0,
    cost_to_serve: float = 0.0,
    gross_margin: float = 1.0,
) -> LifetimeValue:
    """Lifetime value of one customer, the way the domain texts count it, then corrected.

    A customer spends ``first_purchase`` on the first sale, then ``annual_spend`` a year,
    and by word of mouth brings in others worth ``referral_value`` a year. The texts count
    ``(annual_spend + referral_value) × years`` (about 10,000 × 10 = 100,000). The
    corrections: each year a share ``churn`` of customers still buying stops buying; only
    ``gross_margin`` of sales is earned; keeping the customer costs ``cost_to_serve`` a
    year; cash of year ``t`` (1-based) is discounted by ``(1 + discount_rate) ** (t - 1)``
    (paid at the start of the year, as in the rest of crmsim).

    Parameters
    ----------
    first_purchase : float
        Currency; the first sale (shown for comparison, part of year 1's spend).
    annual_spend, referral_value : float
        Currency per year.
    years : int
        Length of the relationship if nobody churns.
    discount_rate : float
        Per year, in [0, 1].
    churn : float
        Share of still-buying customers lost each year, in [0, 1].
    cost_to_serve : float
        Currency per year while the customer buys (service, care, account management).
    gross_margin : float
        Share of sales (own and referred) that is profit before the cost to serve; 1 counts
        sales as value, as the texts do.

    Examples
    --------
    >>> lifetime_value_arithmetic().total  # 10,000 a year for ten years
    100000.0
    >>> round(lifetime_value_arithmetic(discount_rate=0.10).total, 2)
    67590.24
    >>> round(lifetime_value_arithmetic(churn=0.2).total, 2)  # 10,000 × (1 - 0.8**10) / 0.2
    44631.29
    >>> lifetime_value_arithmetic(gross_margin=0.3, cost_to_serve=1_000).total
    20000.0
    >>> lifetime_value_arithmetic(years=0)
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: years must be a whole number in [1, 100]; received 0.
    """
    check_int("years", years, low=1, high=100)
    first_purchase = check_number("first_purchase", first_purchase, low=0.0)
    annual_spend = check_number("annual_spend", annual_spend, low=0.0)
    referral_value = check_number("referral_value", referral_value, low=0.0)
    discount_rate = check_number("discount_rate", discount_rate, low=0.0, high=1.0)
    churn = check_number("churn", churn, low=0.0, high=1.0)
    cost_to_serve = check_number("cost_to_serve", cost_to_serve, low=0.0)
    gross_margin = check_number("gross_margin", gross_margin, low=0.0, high=1.0)

    year = np.arange(1, years + 1)
    still_buying = (1.0 - churn) ** (year - 1)
    discount = (1.0 + discount_rate) ** -(year - 1.0)
    margin_value = gross_margin * (annual_spend + referral_value)
    value = still_buying * (margin_value - cost_to_serve) * discount
    by_year = pd.DataFrame(
        {
            "year": year,
            "still_buying": still_buying,
            "spend": still_buying * annual_spend,
            "referral_value": still_buying * referral_value,
            "cost_to_serve": still_buying * cost_to_serve,
            "margin_value": still_buying * margin_value,
            "discount_factor": discount,
            "value": value,
            "cumulative_value": np.cumsum(value),
        }
    )
    total = float(round(value.sum(), 6))
    multiple = total / first_purchase if first_purchase > 0 else float("nan")
    return LifetimeValue(first_purchase, total, float(round(multiple, 6)), by_year)


def lifetime_value_steps(
    first_purchase: float = 500.0,
    annual_spend: float = 5_000.0,
    referral_value: float = 5_000.0,
    years: int = 10,
    discount_rate: float = 0.0,
    churn: float = 0.0,
    cost_to_serve: float = 0.0,
    gross_margin: float = 1.0,
) -> pd.DataFrame:
    """The lifetime value, one correction at a time: a table for a waterfall chart.

    Rows: the first purchase alone; sales over the years at face value (the texts'
    100,000); then with margin, cost to serve, churn and discounting added in turn.
    Columns: ``step`` (label), ``value`` (currency) and ``change`` (from the row above;
    0 for the first two rows).

    Examples
    --------
    >>> t = lifetime_value_steps(discount_rate=0.1, churn=0.1)
    >>> list(t["step"])[:2]
    ['first purchase only', 'years × yearly value (face value)']
    >>> float(t["value"].iloc[1]), round(float(t["value"].iloc[-1]), 2)
    (100000.0, 47606.32)
    """
    common = dict(first_purchase=first_purchase, annual_spend=annual_spend,
                  referral_value=referral_value, years=years)
    stages = [
        ("years × yearly value (face value)", {}),
        ("… only the margin is earned", dict(gross_margin=gross_margin)),
        ("… minus the cost to serve", dict(gross_margin=gross_margin,
                                           cost_to_serve=cost_to_serve)),
        ("… some customers churn", dict(gross_margin=gross_margin,
                                        cost_to_serve=cost_to_serve, churn=churn)),
        ("… future money is discounted", dict(gross_margin=gross_margin,
                                              cost_to_serve=cost_to_serve, churn=churn,
                                              discount_rate=discount_rate)),
    ]
    rows = [("first purchase only", check_number("first_purchase", first_purchase, low=0.0))]
    rows += [(label, lifetime_value_arithmetic(**common, **extra).total)
             for label, extra in stages]
    table = pd.DataFrame(rows, columns=["step", "value"])
    table["change"] = table["value"].diff().fillna(0.0)
    table.loc[1, "change"] = 0.0
    return table


def scaled_churn(scenario: Scenario, factor: float) -> Scenario:
    """``scenario`` with the base churn of new, repeat and loyal customers times ``factor``.

    Each rate is capped at the highest value the scenario accepts: churn is a monthly chance,
    so with the other moves out of its state, at any level of the ladder, it must not sum over
    1 (:func:`crmsim.scenario.paths.parameter_range`).

    Examples
    --------
    >>> from crmsim import Scenario
    >>> scaled_churn(Scenario(), 2.0).lifecycle.churn_new
    0.12
    """
    factor = check_number("factor", factor, low=0.0)
    life = scenario.lifecycle
    for field in ("churn_new", "churn_repeat", "churn_loyal"):
        path = f"lifecycle.{field}"
        ceiling = parameter_range(scenario, path)[1]
        scenario = apply_parameter(scenario, path, min(ceiling, getattr(life, field) * factor))
    return scenario


def expected_flows(result: Results) -> pd.DataFrame:
    """Expected customers moving between lifecycle states per month, averaged over the run.

    Uses the same monthly chain as the analytic engine (served and neglected customer-months
    mixed by each segment's served fraction over the run, complaints answered in time by the
    run's mean desk factor),
    applied to the run's expected occupancy. Referrals appear as flows from
    ``"word of mouth"`` into ``target``.

    Parameters
    ----------
    result : Results
        An analytic run (:func:`crmsim.engines.analytic.evaluate`).

    Returns
    -------
    DataFrame
        source, target, customers_per_month (summed over segments; moves to the same state
        and zero flows are left out).

    Examples
    --------
    >>> from crmsim import Scenario, Segment, evaluate
    >>> res = evaluate(Scenario(segments=(Segment(name="smb", n_customers=100),)))
    >>> flows = expected_flows(res)
    >>> sorted(flows.columns)
    ['customers_per_month', 'source', 'target']
    >>> bool((flows.query("source == 'repeat' and target == 'lost'")
    ...      ["customers_per_month"] > 0).all())
    True
    """
    if result.engine != "analytic":
        raise ScenarioError(f"expected_flows needs an analytic run; received {result.engine!r}.")
    scenario = result.scenario
    served_of = result.summary.set_index("segment")["served_fraction"]
    factor = result.extra.get("complaints_in_time")
    occupancy = result.occupancy
    n = len(STATES)
    flows = np.zeros((n, n))
    referrals_in = 0.0
    planned = dynamics_many(
        scenario, scenario.segments, [scenario.level(level) for _, level in scenario.plan]
    )
    for seg, dyn in zip(scenario.segments, planned, strict=True):
        served = float(served_of[seg.name]) if dyn.manager_hours_per_month > 0 else 1.0
        chain = segment_chain(dyn, served_fraction=served, handled_well_factor=factor)
        P, referrals = chain.transition[0], chain.referrals[0]
        mean_occ = (
            occupancy[occupancy["segment"] == seg.name]
            .groupby("state")["customers"].mean()
            .reindex(list(STATES), fill_value=0.0)
            .to_numpy()
        )
        flows += mean_occ[:, None] * P
        referrals_in += float(mean_occ @ referrals)
    np.fill_diagonal(flows, 0.0)
    src, dst = np.nonzero(flows > 1e-12)
    table = pd.DataFrame(
        {
            "source": [STATES[i] for i in src],
            "target": [STATES[j] for j in dst],
            "customers_per_month": flows[src, dst],
        }
    )
    if referrals_in > 1e-12:
        extra = pd.DataFrame({"source": ["word of mouth"], "target": ["target"],
                              "customers_per_month": [referrals_in]})
        table = pd.concat([table, extra], ignore_index=True)
    return table
