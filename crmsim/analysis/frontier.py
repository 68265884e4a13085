"""Frontier maps: where partnership and alliance pay, and where they are luxurious.

A frontier map evaluates one segment at every level on a grid of two parameters (by
default mutual importance × switching cost; bargaining-power balance and anything else can
be held at chosen values with ``fixed=``). Each grid point is an exact analytic evaluation
of the mechanisms in :mod:`crmsim.model.mechanisms`; nothing here knows which level should win.
The whole grid is evaluated in one batch (:func:`crmsim.engines.analytic.level_lines_batch`):
without staff limits in closed form (a 50 × 50 map takes well under a second), with the
scenario's shared staff by the staffed month loop run for every grid point and level at once
(a 50 × 50 map of a classroom segment in a few seconds).

:func:`frontier_check` runs the SimPy engine at chosen points and returns Monte Carlo
confidence bands next to the analytic values.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> key = Segment(name="key accounts", annual_wallet=1_000_000.0)
>>> fmap = frontier_map(Scenario(segments=(key,)), n_points=11)
>>> fmap.best_level.shape
(11, 11)
>>> str(fmap.best_level[0, 0]), str(fmap.best_level[-1, -1])  # (low, low) and (high, high)
('preferred', 'partnership')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import mean_ci, sweep
from crmsim.analysis.luxury import luxury_ratio
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import level_lines, level_lines_batch
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS
from crmsim.scenario.paths import (
    apply_parameter,
    apply_parameters,
    parameter_range,
    resolve_path,
    scan_points,
    segment_path,
)
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.segments import Segment

__all__ = ["FrontierMap", "frontier_check", "frontier_map"]


@dataclass(frozen=True, slots=True)
class FrontierMap:
    """A segment's level economics on a grid of two parameters.

    Attributes
    ----------
    segment : str
    x_path, y_path : str
        Parameter paths of the axes.
    x, y : ndarray
        Axis values (``x`` across columns, ``y`` down rows).
    levels : tuple of str
        Level names, cheapest first.
    cost, ret : ndarray of shape (n_y, n_x, n_levels)
        Discounted cost and return per customer (see :mod:`crmsim.analysis.luxury`).
    fixed : tuple of (path, value)
        Parameters held fixed for the whole map.
    """

    segment: str
    x_path: str
    y_path: str
    x: np.ndarray
    y: np.ndarray
    levels: tuple[str, ...]
    cost: np.ndarray
    ret: np.ndarray
    fixed: tuple[tuple[str, object], ...] = ()

    @property
    def value(self) -> np.ndarray:
        """Discounted profit per customer, shape (n_y, n_x, n_levels)."""
        return self.ret - self.cost

    @property
    def best_index(self) -> np.ndarray:
        """Index of the level earning most at each point (the cheaper one on a tie)."""
        return np.argmax(self.value, axis=-1)

    @property
    def best_level(self) -> np.ndarray:
        """Name of the level earning most at each point."""
        return np.asarray(self.levels, dtype=object)[self.best_index]

    def _index(self, level: str) -> int:
        check_choice("level", level, self.levels)
        return self.levels.index(level)

    def extra(self, level: str) -> tuple[np.ndarray, np.ndarray]:
        """(extra cost, extra return) of ``level`` over the next cheaper level."""
        i = self._index(level)
        if i == 0:
            raise ScenarioError(f"level '{level}' is the cheapest level; it has no step below.")
        return (self.cost[..., i] - self.cost[..., i - 1], self.ret[..., i] - self.ret[..., i - 1])

    def pays(self, level: str) -> np.ndarray:
        """True where ``level`` earns more than the next cheaper level (not luxurious)."""
        extra_cost, extra_return = self.extra(level)
        return extra_return > extra_cost

    def luxurious(self, level: str) -> np.ndarray:
        """True where ``level`` costs more extra than it returns extra."""
        return ~self.pays(level)

    def region(self, level: str) -> np.ndarray:
        """True where ``level`` is the best level."""
        return self.best_index == self._index(level)

    def at_least(self, level: str) -> np.ndarray:
        """True where the best level is ``level`` or a deeper one."""
        return self.best_index >= self._index(level)

    def frame(self) -> pd.DataFrame:
        """Tidy frame: one row per grid point and level.

        Columns: the two axis paths, level, cost_per_customer, return_per_customer,
        value_per_customer, extra_cost, extra_return, luxury_ratio, pays (None for the
        cheapest level), best_level.
        """
        n_y, n_x, n_l = self.cost.shape
        yy, xx, ll = np.meshgrid(np.arange(n_y), np.arange(n_x), np.arange(n_l), indexing="ij")
        frame = pd.DataFrame(
            {
                self.x_path: self.x[xx.ravel()],
                self.y_path: self.y[yy.ravel()],
                "level": np.asarray(self.levels, dtype=object)[ll.ravel()],
                "cost_per_customer": self.cost.ravel(),
                "return_per_customer": self.ret.ravel(),
                "value_per_customer": self.value.ravel(),
            }
        )
        dc = np.concatenate([np.full((n_y, n_x, 1), np.nan), np.diff(self.cost, axis=-1)], -1)
        dr = np.concatenate([np.full((n_y, n_x, 1), np.nan), np.diff(self.ret, axis=-1)], -1)
        frame["extra_cost"] = dc.ravel()
        frame["extra_return"] = dr.ravel()
        frame["luxury_ratio"] = [
            np.nan if np.isnan(c) else luxury_ratio(c, r)
            for c, r in zip(dc.ravel(), dr.ravel(), strict=True)
        ]
        frame["pays"] = [
            None if np.isnan(c) else bool(r > c)
            for c, r in zip(dc.ravel(), dr.ravel(), strict=True)
        ]
        frame["best_level"] = np.repeat(self.best_level.ravel(), n_l)
        return frame


def _axis(scenario: Scenario, path: str, values, n_points: int) -> np.ndarray:
    if values is not None:
        out = np.asarray(values, dtype=float)
        if out.ndim != 1 or out.size < 1:
            raise ScenarioError(f"values for '{path}' must be a 1-d sequence; received {values!r}.")
        return out
    low, high, _ = parameter_range(scenario, path)
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ScenarioError(
            f"Parameter '{path}' has no upper bound; expected explicit values for its axis."
        )
    return np.linspace(low, high, n_points)


def frontier_map(
    scenario: Scenario,
    *,
    segment: str | None = None,
    x: str = "mutual_importance",
    y: str = "switching_cost",
    x_values: Sequence[float] | None = None,
    y_values: Sequence[float] | None = None,
    n_points: int = 50,
    fixed: Mapping[str, object] | None = None,
    executor: Executor | str | None = "serial",
) -> FrontierMap:
    """Best level and luxury verdicts of ``segment`` over a grid of two parameters.

    Parameters
    ----------
    scenario : Scenario
    segment : str, optional
        The segment mapped (required when the scenario has several).
    x, y : str
        Parameter paths (:func:`crmsim.analysis.experiments.apply_parameter`) or bare segment
        fields; default mutual importance × switching cost.
    x_values, y_values : sequence of float, optional
        Axis values; default ``n_points`` evenly spaced over the field's allowed range.
    fixed : mapping path → value, optional
        Parameters held for the whole map, e.g. ``{"customer_power": 0.8}`` for a
        customer-dominant balance of bargaining power.
    executor : Executor, "serial" or None
        ``"serial"`` (default, best for interactive use) computes in this process; an
        executor (None: a new process pool) gets the rows of a segment-only map in
        ``2 × os.cpu_count()`` chunks. Results are identical either way.

    Returns
    -------
    FrontierMap
    """
    check_int("n_points", n_points, low=2)
    name = scenario.segment_name(segment)
    fixed_paths = {segment_path(scenario, p, name): v for p, v in (fixed or {}).items()}
    base = apply_parameters(scenario, fixed_paths)
    px, py = segment_path(base, x, name), segment_path(base, y, name)
    if px == py:
        raise ScenarioError(f"x and y must be different parameters; received '{px}' twice.")
    xs, ys = _axis(base, px, x_values, n_points), _axis(base, py, y_values, n_points)
    levels = base.level_names
    # validate every axis value once, on its own
    x_points, y_points = scan_points(base, px, xs), scan_points(base, py, ys)
    fx, fy = resolve_path(base, px).field, resolve_path(base, py).field
    own = f"segment:{name}."
    if px.startswith(own) and py.startswith(own):
        # only the segment varies: copy the validated segment, set the validated values
        seg = base.segment(name)
        vx = [getattr(varied, fx) for _, varied in x_points]
        vy = [getattr(varied, fy) for _, varied in y_points]
        if executor == "serial":
            lines = _map_rows(base, seg, fx, fy, vx, vy)
        else:
            lines = _map_parallel(executor, (base, seg, fx, fy, vx), vy)
    else:
        points = [apply_parameter(apply_parameter(base, px, a), py, b) for b in ys for a in xs]
        lines = level_lines_batch(points, name).reshape(len(ys), len(xs), len(levels), -1)
    return FrontierMap(
        segment=name,
        x_path=px,
        y_path=py,
        x=xs,
        y=ys,
        levels=levels,
        cost=lines @ COST_WEIGHTS,
        ret=lines @ RETURN_WEIGHTS,
        fixed=tuple(fixed_paths.items()),
    )


def _map_rows(base, seg, fx, fy, vx, vy) -> np.ndarray:
    """Lines of every level at every (x, y) of a segment-only map (a picklable work item)."""
    points = [(base, _copy_segment(seg, **{fx: a, fy: b})) for b in vy for a in vx]
    return level_lines_batch(points, seg.name).reshape(len(vy), len(vx), len(base.levels), -1)


def _map_parallel(executor, args, vy) -> np.ndarray:
    import os
    from concurrent.futures import ProcessPoolExecutor

    own = executor is None
    if own:
        executor = ProcessPoolExecutor(max_workers=os.cpu_count())
    try:
        chunks = [
            c for c in np.array_split(np.arange(len(vy)), 2 * (os.cpu_count() or 1)) if len(c)
        ]
        futures = [executor.submit(_map_rows, *args, [vy[i] for i in c]) for c in chunks]
        return np.concatenate([f.result() for f in futures], axis=0)
    finally:
        if own:
            executor.shutdown()


def frontier_check(
    scenario: Scenario,
    fmap: FrontierMap,
    points: Sequence[tuple[float, float]],
    *,
    n_replications: int = 30,
    seed: int = 0,
    confidence: float = 0.95,
    executor: Executor | str | None = None,
    progress_bar: bool = True,
) -> pd.DataFrame:
    """Monte Carlo confidence bands at chosen points of a frontier map.

    Each point is simulated at every level with ``n_replications`` SimPy replications
    (common random numbers across levels and points), next to the analytic value.

    Returns
    -------
    DataFrame
        One row per point and level: the two axis paths, level, analytic_value, mc_mean,
        mc_se, mc_low, mc_high (Student-t interval over replications), z (difference in
        standard errors), n_replications.
    """
    base = apply_parameters(scenario, dict(fmap.fixed))
    sets = pd.DataFrame(
        [(float(a), float(b)) for a, b in points], columns=[fmap.x_path, fmap.y_path]
    )
    plans = []
    for lv in fmap.levels:
        plan = dict(base.plan)
        plan[fmap.segment] = lv
        plans.append(plan if len(base.segments) > 1 else lv)
    runs = sweep(
        base,
        sets,
        plans=plans,
        engine="simpy",
        n_replications=n_replications,
        seed=seed,
        executor=executor,
        progress_bar=progress_bar,
    )
    runs = runs[runs["segment"] == fmap.segment]
    rows = []
    for k, (a, b) in enumerate(sets.itertuples(index=False, name=None)):
        varied = apply_parameter(apply_parameter(base, fmap.x_path, a), fmap.y_path, b)
        exact = level_lines(varied, fmap.segment)
        for i, lv in enumerate(fmap.levels):
            sel = runs[(runs["parameter_set"] == k) & (runs["level"] == lv)]
            mean, se, low, high = mean_ci(sel["value_per_customer"], confidence=confidence)
            analytic = float(exact[i] @ RETURN_WEIGHTS - exact[i] @ COST_WEIGHTS)
            rows.append(
                {
                    fmap.x_path: a,
                    fmap.y_path: b,
                    "level": lv,
                    "analytic_value": analytic,
                    "mc_mean": mean,
                    "mc_se": se,
                    "mc_low": low,
                    "mc_high": high,
                    "z": (mean - analytic) / se if se > 0 else np.nan,
                    "n_replications": len(sel),
                }
            )
    return pd.DataFrame(rows)


def _copy_segment(base: Segment, **values: object) -> Segment:
    """A copy of an already validated segment with fields set without re-validation.

    Only for values that were validated on their own first (see :mod:`crmsim.analysis.frontier`):
    re-validating a whole segment costs more than evaluating it.
    """
    new = object.__new__(Segment)
    for key in _SEGMENT_FIELDS:
        object.__setattr__(new, key, values[key] if key in values else getattr(base, key))
    return new


_SEGMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Segment))
