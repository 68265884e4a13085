"""The customer's side of a relationship level (双赢, win-win): what each side gains.

The texts put partnership and alliance where supplier and customer *need each other*. In
the model that is not a parameter but an outcome: a level gives the customer price
concessions, its share of supply-chain savings, lower transaction costs, its share of the
value created jointly and its margin on joint growth (:data:`~crmsim.model.mechanisms.
CUSTOMER_GAIN_COMPONENTS`, split by bargaining power), and a customer who gains more is more
loyal. :func:`both_sides` reports that gain next to the firm's, per segment and level, so
one can see where a level is win-win and where one side carries it.

All figures are for customers fully served at each level (no staff limits), discounted at
the scenario's rate over its horizon, per customer at month 0 (the customers they refer
included), exactly as :func:`crmsim.engines.analytic.level_lines` computes the firm's side.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> key = Segment(name="key", annual_wallet=1_000_000.0, mutual_importance=0.9,
...               mutual_need=0.8, switching_cost=0.9)
>>> frame = both_sides(Scenario(segments=(key,)))
>>> frame[["level", "win_win"]].values.tolist()
[['transactional', False], ['preferred', True], ['partnership', True], ['alliance', True]]
>>> shares = frame.set_index("level")["customer_gain_share"]
>>> bool(shares["alliance"] > shares["partnership"] > shares["preferred"] > 0)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmsim.common.checks import check_choice
from crmsim.engines.analytic import segment_outlook
from crmsim.model.mechanisms import CASH_SIGNS, CUSTOMER_GAIN_COMPONENTS, dynamics_many
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES, STATES

__all__ = ["both_sides"]

_BUYING = np.array([s in BUYING_STATES for s in STATES])


def both_sides(
    scenario: Scenario,
    segment: str | None = None,
    *,
    levels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each level's gain to the firm and to the customer, per segment (win-win, 双赢).

    Each segment is taken fully served at every level (as with unlimited account managers
    and complaint desk): the question is what a level *can* give both sides. Whether the
    scenario's staff can serve it is a separate question, answered by
    :func:`crmsim.engines.analytic.evaluate` (served fractions, idle payroll) and
    :func:`crmsim.analysis.luxury.assess_levels`.

    Parameters
    ----------
    scenario : Scenario
    segment : str, optional
        One segment; default every segment of the scenario.
    levels : sequence of str, optional
        Levels to report; default all, cheapest first. Gains are measured against the
        scenario's cheapest level, which gives the customer nothing.

    Returns
    -------
    DataFrame
        One row per segment and level: ``segment``, ``level``, ``firm_value`` (discounted
        profit per customer), ``firm_extra`` (over the cheapest level), ``customer_gain``
        (discounted gain to the customer per customer, over the cheapest level), one column
        per :data:`~crmsim.model.mechanisms.CUSTOMER_GAIN_COMPONENTS` (its parts),
        ``buying_months`` (discounted buying months per customer), ``firm_extra_per_month``
        and ``customer_gain_per_month`` (per buying customer-month),
        ``customer_gain_share`` (the customer's monthly gain over its monthly wallet) and
        ``win_win`` (both sides gain: true only above the cheapest level).
    """
    names = [scenario.segment_name(segment)] if segment is not None else [
        seg.name for seg in scenario.segments
    ]
    wanted = list(scenario.level_names if levels is None else levels)
    for name in wanted:
        check_choice("level", name, scenario.level_names)
    cheapest = scenario.level_names[0]
    rate = scenario.monthly_discount_rate
    discount = (1.0 + rate) ** -np.arange(scenario.horizon_months)
    levels = list(dict.fromkeys([cheapest, *wanted]))
    built = iter(
        dynamics_many(
            scenario,
            [scenario.segment(name) for name in names for _ in levels],
            [scenario.level(level) for _ in names for level in levels],
        )
    )
    rows = []
    for name in names:
        seg = scenario.segment(name)
        count = max(seg.n_customers, 1)
        per_level = {}
        for level in levels:
            dyn = next(built)
            outlook = segment_outlook(dyn, n_months=scenario.horizon_months, monthly_rate=rate)
            occupied = discount @ outlook.occupancy / count  # per state
            parts = occupied @ dyn.served.customer_gain
            per_level[level] = {
                "firm_value": float(discount @ outlook.cash @ CASH_SIGNS) / count,
                "parts": parts,
                "buying_months": float(occupied[_BUYING].sum()),
            }
        base = per_level[cheapest]
        for level in wanted:
            this = per_level[level]
            parts = this["parts"] - base["parts"]
            gain = float(parts.sum())
            extra = this["firm_value"] - base["firm_value"]
            months = this["buying_months"]
            per_month = gain / months if months > 0 else 0.0
            wallet = seg.monthly_wallet
            rows.append({
                "segment": name,
                "level": level,
                "firm_value": this["firm_value"],
                "firm_extra": extra,
                "customer_gain": gain,
                **dict(zip(CUSTOMER_GAIN_COMPONENTS, parts.tolist(), strict=True)),
                "buying_months": months,
                "firm_extra_per_month": extra / months if months > 0 else 0.0,
                "customer_gain_per_month": per_month,
                "customer_gain_share": per_month / wallet if wallet > 0 else 0.0,
                "win_win": bool(level != cheapest and extra > 0 and gain > 0),
            })
    return pd.DataFrame(rows)
