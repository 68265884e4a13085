"""The same customers at every level: one run per level with common random numbers.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> from crmsim.compare import compare_levels
>>> cmp = compare_levels(Scenario(segments=(Segment(name="smb", n_customers=30),)),
...                      engine="analytic")
>>> list(cmp.summary["level"])
['transactional', 'preferred', 'partnership', 'alliance']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.analytic import evaluate
from crmsim.results import Results
from crmsim.scenario import Scenario
from crmsim.simulation import seed_sequence, simulate

__all__ = ["LevelComparison", "compare_levels"]


@dataclass(frozen=True, slots=True)
class LevelComparison:
    """Frames of several runs, one per level, stacked (the ``level`` column tells them apart).

    Every segment is held at the run's level; with the SimPy engine each run uses the same
    seed, so the same customers meet every level.
    """

    engine: str
    scenario: Scenario
    seed_entropy: int | None
    runs: dict[str, Results]

    def _stack(self, name: str) -> pd.DataFrame:
        frames = [getattr(run, name) for run in self.runs.values()]
        return pd.concat([f for f in frames if f is not None], ignore_index=True)

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
) -> LevelComparison:
    """Run ``scenario`` once per level, every segment held at that level.

    Parameters
    ----------
    scenario : Scenario
    engine : {"simpy", "analytic"}
    seed : int or SeedSequence, optional
        Shared by every level (common random numbers); ignored by the analytic engine.
    levels : sequence of str, optional
        Defaults to all of ``scenario.levels``.
    """
    if engine not in ("simpy", "analytic"):
        from crmsim._validate import ScenarioError

        raise ScenarioError(f"engine must be one of 'simpy', 'analytic'; received {engine!r}.")
    names = tuple(levels) if levels is not None else scenario.level_names
    if engine == "analytic":
        runs = {name: evaluate(scenario, plan=name) for name in names}
        return LevelComparison("analytic", scenario, None, runs)
    seq = seed_sequence(seed)
    runs = {name: simulate(scenario, plan=name, seed=seq) for name in names}
    return LevelComparison("simpy", scenario, seq.entropy, runs)
