"""The same customers at every level, with everyone else as planned.

For each segment and level, the scenario is run with that segment moved to that level and
every other segment at its planned level, so account managers are shared as they would
be (the counterfactual a manager faces). The SimPy engine uses one seed for every run:
common random numbers, so a difference between levels is the levels, not noise.

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
    """
    if engine not in ("simpy", "analytic"):
        from crmsim._validate import ScenarioError

        raise ScenarioError(f"engine must be one of 'simpy', 'analytic'; received {engine!r}.")
    names = tuple(levels) if levels is not None else scenario.level_names
    planned = dict(scenario.plan)
    plans = {
        (seg.name, level): {**planned, seg.name: level}
        for seg in scenario.segments
        for level in names
    }
    if engine == "analytic":
        runs = {key: evaluate(scenario, plan=plan) for key, plan in plans.items()}
        return LevelComparison("analytic", scenario, None, runs)
    seq = seed_sequence(seed)
    runs = {key: simulate(scenario, plan=plan, seed=seq) for key, plan in plans.items()}
    return LevelComparison("simpy", scenario, seq.entropy, runs)
