"""The same customers at every level, with everyone else as planned.

For each segment and level, the scenario is run with that segment moved to that level and
every other segment at its planned level, so account managers are shared as they would
be (the counterfactual a manager faces). The SimPy engine uses one seed for every run:
common random numbers, so a difference between levels is the levels, not noise.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.compare import compare_levels
>>> cmp = compare_levels(Scenario(segments=(Segment(name="smb", n_customers=30),)),
...                      engine="analytic")
>>> list(cmp.summary["level"])
['transactional', 'preferred', 'partnership', 'alliance']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import ENGINES, mean_ci, replicate, workers_executor
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import evaluate_plans
from crmsim.engines.results import Results
from crmsim.engines.simulation import seed_sequence, simulate
from crmsim.scenario.scenario import Scenario

__all__ = [
    "TOO_CLOSE_STANDARD_ERRORS",
    "LevelComparison",
    "best_by_expected",
    "compare_levels",
    "compare_scenarios",
    "run_standard_errors",
]

TOO_CLOSE_STANDARD_ERRORS = 2.0
"""A best level is "too close to call" when its lead is under this many standard errors."""


@dataclass(frozen=True, slots=True)
class LevelComparison:
    """Rows of one segment at one level each, stacked (``segment`` and ``level`` columns).

    ``runs[(segment, level)]`` is the whole run in which ``segment`` was at ``level``; the
    stacked frames keep only that segment's rows of it.
    """

    engine: str
    scenario: Scenario
    seed_entropy: int | None
    runs: dict[tuple[str, str], Results]

    @property
    def levels(self) -> tuple[str, ...]:
        """Levels compared, cheapest first."""
        return tuple(dict.fromkeys(level for _, level in self.runs))

    def _stack(self, name: str) -> pd.DataFrame:
        frames = []
        for (segment, _level), run in self.runs.items():
            frame = getattr(run, name)
            if frame is not None:
                frames.append(frame[frame["segment"] == segment])
        return pd.concat(frames, ignore_index=True)

    def level_frame(self, name: str, level: str) -> pd.DataFrame:
        """Frame ``name`` (e.g. "occupancy") of every segment at ``level``."""
        frame = self._stack(name)
        return frame[frame["level"] == level]

    @property
    def summary(self) -> pd.DataFrame:
        """One row per segment and level."""
        return self._stack("summary")

    @property
    def occupancy(self) -> pd.DataFrame:
        """segment, level, month, state, customers."""
        return self._stack("occupancy")

    @property
    def cash_flows(self) -> pd.DataFrame:
        """segment, level, month, cash lines, profit, discounted_profit."""
        return self._stack("cash_flows")

    @property
    def customers(self) -> pd.DataFrame:
        """Per-customer ledgers (SimPy engine)."""
        return self._stack("customers")

    def best_level(self) -> pd.Series:
        """Level with the highest discounted profit, per segment."""
        summary = self.summary
        best = summary.loc[summary.groupby("segment", sort=False)["discounted_profit"].idxmax()]
        return best.set_index("segment")["level"]


def compare_levels(
    scenario: Scenario,
    *,
    engine: str = "simpy",
    seed: int | np.random.SeedSequence | None = None,
    levels: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
) -> LevelComparison:
    """Run each segment of ``scenario`` at each level, the others as planned.

    Parameters
    ----------
    scenario : Scenario
    engine : {"simpy", "analytic"}
    seed : int or SeedSequence, optional
        Shared by every level (common random numbers); ignored by the analytic engine.
    levels : sequence of str, optional
        Defaults to all of ``scenario.levels``.
    segments : sequence of str, optional
        Compare only these segments (default: all); the others stay at their planned level.
    """
    check_choice("engine", engine, ENGINES)
    names = tuple(levels) if levels is not None else scenario.level_names
    planned = dict(scenario.plan)
    plans = {
        (seg.name, level): {**planned, seg.name: level}
        for seg in (scenario.segments if segments is None else map(scenario.segment, segments))
        for level in names
    }
    if engine == "analytic":
        runs = dict(zip(plans, evaluate_plans(scenario, list(plans.values())), strict=True))
        return LevelComparison("analytic", scenario, None, runs)
    seq = seed_sequence(seed)
    runs = {key: simulate(scenario, plan=plan, seed=seq) for key, plan in plans.items()}
    return LevelComparison("simpy", scenario, seq.entropy, runs)


_METRICS = ("discounted_profit", "value_per_customer", "buying_end")


def compare_scenarios(
    a: Scenario,
    b: Scenario,
    *,
    n_replications: int = 30,
    seed: int = 0,
    workers: int = 1,
    progress: bool = True,
    confidence: float = 0.95,
    runner: Callable[..., pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Outcomes of ``b`` minus ``a``, per segment and in total, with paired intervals.

    Both scenarios run at their planned levels with the same replication seeds (common
    random numbers), so segment ``i`` of ``a`` and of ``b`` draw from the same random
    streams; segments are matched by name and a segment in only one scenario is reported
    with its own outcomes and no difference.

    Returns
    -------
    DataFrame
        segment ("(total)" for the sum over segments), metric, a, b, difference, low, high
        (Student-t interval of the mean paired difference), significant (interval
        excludes 0), n_replications.
    """
    n_replications = check_int("--replications", n_replications, low=2)
    workers = check_int("--workers", workers, low=1)
    runner = runner or replicate
    frames = []
    for scenario in (a, b):
        with workers_executor(workers) as executor:
            frames.append(runner(scenario, n_replications=n_replications, seed=seed,
                                 plans=[dict(scenario.plan)], executor=executor,
                                 progress_bar=progress))
    rows = []
    names_a = [s.name for s in a.segments]
    names_b = [s.name for s in b.segments]
    names = list(dict.fromkeys(names_a + names_b))
    pivots = []
    for frame in frames:
        pivots.append({m: frame.pivot_table(index="replication", columns="segment", values=m,
                                            aggfunc="sum") for m in _METRICS})
    for name in [*names, "(total)"]:
        for metric in _METRICS:
            if name == "(total)" and metric == "value_per_customer":
                continue
            series = []
            for pivot in pivots:
                table = pivot[metric]
                if name == "(total)":
                    series.append(table.sum(axis=1).to_numpy())
                elif name in table.columns:
                    series.append(table[name].to_numpy())
                else:
                    series.append(None)
            row: dict[str, Any] = {"segment": name, "metric": metric}
            row["a"] = math.nan if series[0] is None else float(series[0].mean())
            row["b"] = math.nan if series[1] is None else float(series[1].mean())
            if series[0] is not None and series[1] is not None:
                mean, _, low, high = mean_ci(series[1] - series[0], confidence=confidence)
            else:
                mean = low = high = math.nan
            row.update(difference=mean, low=low, high=high,
                       significant=bool(low > 0 or high < 0),
                       n_replications=n_replications)
            rows.append(row)
    return pd.DataFrame(rows)


def run_standard_errors(comparison: LevelComparison) -> pd.DataFrame:
    """Standard error of each simulated value per customer, from the spread of its customers.

    A run's value per customer is the sum of its customers' discounted values (those they
    referred included) divided by the customers at the start, so its standard error is
    ``sd · √(customers) / customers at start``: the spread one replication of this size has
    around the expected value.

    Returns
    -------
    DataFrame
        segment, level, value_per_customer_se.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> cmp = compare_levels(Scenario(segments=(Segment(name="smb", n_customers=30),),
    ...                               horizon_months=12), seed=1)
    >>> bool((run_standard_errors(cmp)["value_per_customer_se"] > 0).all())
    True
    """
    if comparison.engine != "simpy":
        raise ScenarioError("run_standard_errors needs a SimPy comparison (customer ledgers); "
                            f"received one with engine '{comparison.engine}'.")
    customers = comparison.customers
    start = comparison.summary.set_index(["segment", "level"])["customers_start"]
    spread = customers.groupby(["segment", "level"], sort=False)["discounted_value"].agg(
        ["std", "size"])
    se = spread["std"] * np.sqrt(spread["size"]) / start.reindex(spread.index)
    return se.rename("value_per_customer_se").reset_index()


def best_by_expected(table: pd.DataFrame, *, value: str = "value_per_customer_expected",
                     standard_error: str = "value_per_customer_se",
                     n_standard_errors: float = TOO_CLOSE_STANDARD_ERRORS) -> pd.DataFrame:
    """The best level of each segment by its expected value, and whether it is too close to call.

    The best level has the highest ``value`` (an expectation: the analytic engine, or a mean
    over replications). It is *too close to call* when the runner-up's value is within
    ``n_standard_errors`` standard errors of the difference, ``√(se_best² + se_runner_up²)``,
    from ``standard_error``: a run (or set of replications) of that size could rank the two
    either way.

    Parameters
    ----------
    table : DataFrame
        segment, level, ``value`` and ``standard_error`` columns, one row per segment and
        level.

    Returns
    -------
    DataFrame
        segment, best_level, value, runner_up, lead (best minus runner-up), too_close.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"segment": ["a"] * 3 + ["b"] * 2,
    ...                       "level": ["x", "y", "z", "x", "y"],
    ...                       "value_per_customer_expected": [10.0, 30.0, 29.0, 5.0, 50.0],
    ...                       "value_per_customer_se": [1.0, 1.0, 1.0, 2.0, 2.0]})
    >>> best_by_expected(table)[["segment", "best_level", "runner_up", "too_close"]]
      segment best_level runner_up  too_close
    0       a          y         z       True
    1       b          y         x      False
    """
    rows = []
    for segment, group in table.groupby("segment", sort=False):
        ranked = group.sort_values(value, ascending=False, kind="stable")
        best = ranked.iloc[0]
        row = {"segment": segment, "best_level": best["level"], "value": float(best[value]),
               "runner_up": None, "lead": math.nan, "too_close": False}
        if len(ranked) > 1:
            second = ranked.iloc[1]
            lead = float(best[value] - second[value])
            spread = math.hypot(float(best[standard_error]), float(second[standard_error]))
            row.update(runner_up=second["level"], lead=lead,
                       too_close=bool(lead < n_standard_errors * spread))
        rows.append(row)
    return pd.DataFrame(rows)
