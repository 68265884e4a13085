"""Portfolios of levels under shared staff: which level for which segment, all at once.

Under limited account managers (``scenario.staff``) segments compete for the same
managers: moving the key accounts up to partnership can leave the other segments' contacts
unserved, so the best plan is not always each segment's own best level. :func:`portfolio`
evaluates every combination of levels across segments with the analytic engine, whose staff
fixed point decides how much of each plan actually gets served, and ranks them.

Examples
--------
>>> from crmsim import Scenario, Segment, Staff
>>> key = Segment(name="key", n_customers=20, annual_wallet=1_000_000.0,
...               mutual_importance=0.9, switching_cost=0.9)
>>> smb = Segment(name="smb", n_customers=200, annual_wallet=60_000.0)
>>> ranked = portfolio(Scenario(segments=(key, smb), staff=Staff(n_account_managers=2)),
...                    levels={"key": ["preferred", "partnership"],
...                            "smb": ["preferred", "partnership"]})
>>> print(ranked[["rank", "key", "smb", "individually_best"]].to_string(index=False))
 rank         key         smb  individually_best
    1   preferred   preferred              False
    2 partnership   preferred               True
    3   preferred partnership              False
    4 partnership partnership              False
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import sweep
from crmsim.analysis.luxury import best_levels
from crmsim.common.errors import ScenarioError
from crmsim.scenario.scenario import Scenario

__all__ = ["portfolio"]


def portfolio(
    scenario: Scenario,
    *,
    levels: Mapping[str, Sequence[str]] | None = None,
    executor: Executor | str | None = "serial",
    progress_bar: bool = False,
) -> pd.DataFrame:
    """Every combination of levels across segments, ranked by total discounted profit.

    Parameters
    ----------
    levels : mapping segment → level names, optional
        Levels to try per segment (default: all levels for every segment).
    executor, progress_bar
        As for :func:`crmsim.analysis.experiments.sweep` (analytic runs are quick, so serial by
        default).

    Returns
    -------
    DataFrame
        One row per plan, best first: one column per segment (its level),
        ``discounted_profit`` (total, idle staff payroll deducted), ``served_fraction``,
        ``rank`` and
        ``individually_best`` (True for the plan that gives every segment the level that
        would be best for it alone with unlimited staff).
    """
    names = [s.name for s in scenario.segments]
    choices = {n: list((levels or {}).get(n, scenario.level_names)) for n in names}
    combos = list(itertools.product(*(choices[n] for n in names)))
    if len(combos) > 4096:
        raise ScenarioError(
            f"portfolio would evaluate {len(combos)} plans; expected at most 4096 "
            "(restrict levels per segment)."
        )
    plans = [dict(zip(names, combo, strict=True)) for combo in combos]
    runs = sweep(scenario, pd.DataFrame(index=[0]), plans=plans, engine="analytic",
                 executor=executor, progress_bar=progress_bar)
    total = runs.groupby("plan", sort=False).agg(
        discounted_profit=("discounted_profit", "sum"),
        idle_staff_cost=("idle_staff_cost", "first"),
        served_fraction=("served_fraction", "min"),
    )
    # the firm pays its staff whatever the plan: what no customer uses is a cost too
    total["discounted_profit"] -= total["idle_staff_cost"]
    unlimited = dataclasses.replace(
        scenario, staff=dataclasses.replace(scenario.staff, n_account_managers=None)
    )
    alone = best_levels(unlimited).set_index("segment")["best_level"]
    rows = []
    for plan, text in zip(plans, total.index, strict=True):
        row = dict(plan)
        row["discounted_profit"] = float(total.loc[text, "discounted_profit"])
        row["served_fraction"] = float(total.loc[text, "served_fraction"])
        row["individually_best"] = all(
            plan[n] == alone[n] for n in names if alone[n] in choices[n]
        )
        rows.append(row)
    frame = pd.DataFrame(rows).sort_values("discounted_profit", ascending=False,
                                           ignore_index=True)
    frame.insert(len(names) + 2, "rank", np.arange(1, len(frame) + 1))
    return frame
