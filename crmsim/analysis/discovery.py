"""Scenario discovery: under which combinations of traits does a level pay, or turn luxurious?

A frontier map (:mod:`crmsim.analysis.frontier`) answers "where" two dimensions at a time.
Scenario discovery asks the same question of many dimensions at once:

1. **sample** a segment's trait space: a Latin hypercube
   (:func:`crmsim.analysis.experiments.latin_hypercube`, seeded through numpy's
   ``SeedSequence``) over ranges the user picks; by default the texts' four conditions
   plus size (:data:`DEFAULT_DIMENSIONS`) over each field's allowed range
   (:func:`trait_ranges`);
2. **evaluate** every point at every level with the analytic engine
   (:func:`evaluate_points`): all points of a chunk go through
   :func:`crmsim.engines.analytic.level_lines_batch` together (a closed-form present value
   without staff limits; with the scenario's shared staff, the staffed month loop for every
   point and level at once). Points are done in chunks on any executor, with a progress
   bar, and kept on disk with ``store=`` so an interrupted run resumes;
3. **find boxes** with PRIM (the Patient Rule Induction Method, Friedman & Fisher 1999) from
   the ``prim`` package (:func:`find_boxes`): ranges of the traits inside which the chosen
   verdict (:data:`OUTCOMES`) is common. Each box reports its ranges, *coverage* (share of
   all the points with the verdict that lie inside the box), *density* (share of the
   points inside the box that have the verdict), *mass* (share of all points inside) and the
   whole peeling trajectory, so a user can pick a simpler box (fewer restricted traits,
   more coverage) or a purer one (more density).

The verdicts come from the mechanisms (costs, retention, co-created value and who captures
it, staff); nothing here knows the texts' rule. :func:`compare_with_rule` then sets the
texts' rule (:mod:`crmsim.analysis.textbook_rule`) beside the model's verdicts, on the same
points, and says in words how often it is right.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> key = Segment(name="key accounts", annual_wallet=600_000.0)
>>> found = discover(Scenario(segments=(key,)), level="partnership", n_points=300, seed=1)
>>> found.level, found.outcome, len(found.values.points)
('partnership', 'pays', 300)
>>> box = found.boxes[0]
>>> 0.0 < box.coverage <= 1.0 and 0.0 < box.density <= 1.0
True
>>> box.trajectory.columns[:5].tolist()
['step', 'coverage', 'density', 'mass', 'n_restricted']
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

import crmsim.common.version
from crmsim.analysis.experiments import latin_hypercube, run_resumable
from crmsim.analysis.textbook_rule import RULE_BALANCED, RULE_HIGH
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.extras import MissingExtraError, require_extra
from crmsim.common.numbers import format_number
from crmsim.engines.analytic import level_lines_batch
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS
from crmsim.language.translate import (
    level_label,
    parameter_label,
    segment_label,
    space_before_han,
    tr,
)
from crmsim.scenario.paths import apply_parameters, parameter_range, resolve_path, segment_path
from crmsim.scenario.scenario import Scenario

__all__ = [
    "DEFAULT_DIMENSIONS",
    "OPEN_RANGE_FACTOR",
    "OUTCOMES",
    "Discovery",
    "DiscoveryBox",
    "PointValues",
    "PrimOptions",
    "RuleComparison",
    "box_text",
    "compare_with_rule",
    "discover",
    "evaluate_points",
    "find_boxes",
    "require_discovery_extra",
    "textbook_box",
    "trait_ranges",
]

OUTCOMES = ("pays", "luxurious", "best", "at_least")
"""Verdicts discovery can look for, for a level L:

* ``"pays"``: L earns more than the next cheaper level (its extra return exceeds its extra
  cost, :mod:`crmsim.analysis.luxury`);
* ``"luxurious"``: L earns less than the next cheaper level;
* ``"best"``: L earns most of all levels;
* ``"at_least"``: L or a deeper level earns most (the texts' "partnership or above").
"""

DEFAULT_DIMENSIONS = (
    "mutual_importance",
    "mutual_need",
    "customer_power",
    "switching_cost",
    "annual_wallet",
)
"""The traits sampled when none are given: the texts' four conditions plus size."""

OPEN_RANGE_FACTOR = 4.0
"""An open-ended field (money, counts) is sampled by default from its current value ÷ this
factor to its current value × this factor (within the field's limits)."""

_RULE_FIELDS = {
    "mutual_importance": (RULE_HIGH, 1.0),
    "mutual_need": (RULE_HIGH, 1.0),
    "switching_cost": (RULE_HIGH, 1.0),
    "customer_power": RULE_BALANCED,
}


# --------------------------------------------------------------------------------------
# the trait space
# --------------------------------------------------------------------------------------


def trait_ranges(
    scenario: Scenario,
    *,
    segment: str | None = None,
    ranges: Mapping[str, tuple[float, float] | None] | Sequence[str] | None = None,
) -> dict[str, tuple[float, float]]:
    """The ranges sampled: parameter path → (low, high).

    Parameters
    ----------
    scenario : Scenario
    segment : str, optional
        The segment whose traits are sampled (required when the scenario has several).
    ranges : mapping path → (low, high) or None, or sequence of paths, optional
        Bare names are fields of ``segment`` (``"switching_cost"``); any parameter path
        works (``"annual_discount_rate"``, ``"staff.cost_per_hour"``). A path without a
        range gets the default: the field's allowed range, or for an open-ended field
        (money, counts) its current value ÷ / × :data:`OPEN_RANGE_FACTOR`. Default: the
        :data:`DEFAULT_DIMENSIONS` with default ranges.

    Raises
    ------
    ScenarioError
        One sentence naming the parameter, for an unknown path, a text field, a range with
        low ≥ high, or an end the field does not accept.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> trait_ranges(Scenario(), ranges=["switching_cost"])
    {'segment:customers.switching_cost': (0.0, 1.0)}
    >>> trait_ranges(Scenario(), ranges=["annual_wallet"])
    {'segment:customers.annual_wallet': (3000.0, 48000.0)}
    >>> trait_ranges(Scenario(), ranges={"switching_cost": (0.5, 0.2)})
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: the range of 'segment:customers.switching_cost' must \
be (low, high) with low < high; received (0.5, 0.2).
    """
    name = scenario.segment_name(segment)
    if ranges is None:
        ranges = DEFAULT_DIMENSIONS
    items = list(ranges.items()) if isinstance(ranges, Mapping) else [(p, None) for p in ranges]
    if not items:
        raise ScenarioError("ranges must name at least one parameter; received none.")
    out: dict[str, tuple[float, float]] = {}
    for raw, bounds in items:
        path = segment_path(scenario, str(raw), name)
        spec = resolve_path(scenario, path).spec
        if spec["text"] or spec["choices"] is not None:
            raise ScenarioError(
                f"'{path}' is not a number, so it cannot be sampled; expected "
                "a numeric parameter such as 'switching_cost'."
            )
        if path in out:
            raise ScenarioError(f"'{path}' is named twice in ranges; expected each once.")
        low, high = _default_range(scenario, path) if bounds is None else _pair(path, bounds)
        if not low < high:
            raise ScenarioError(
                f"the range of '{path}' must be (low, high) with low < high; "
                f"received ({format_number(low)}, {format_number(high)})."
            )
        for end in (low, high):  # one sentence from the field's own check
            apply_parameters(scenario, {path: end})
        out[path] = (low, high)
    return out


def _pair(path: str, bounds: object) -> tuple[float, float]:
    try:
        low, high = (float(b) for b in bounds)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ScenarioError(
            f"the range of '{path}' must be two numbers (low, high); received {bounds!r}."
        ) from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ScenarioError(f"the range of '{path}' must be finite; received {bounds!r}.")
    return low, high


def _default_range(scenario: Scenario, path: str) -> tuple[float, float]:
    low, high, current = parameter_range(scenario, path)
    if math.isfinite(high):
        return float(low), float(high)
    current = float(current) if current is not None else 0.0
    if current <= 0:
        raise ScenarioError(
            f"'{path}' has no upper bound and its current value is "
            f"{format_number(current)}; expected an explicit range (low, high)."
        )
    return max(float(low), current / OPEN_RANGE_FACTOR), current * OPEN_RANGE_FACTOR


# --------------------------------------------------------------------------------------
# evaluating points
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointValues:
    """A segment's discounted cost and return per customer at every level, point by point.

    Attributes
    ----------
    segment : str
    levels : tuple of str
        Level names, cheapest first.
    points : DataFrame
        One row per point, one column per parameter path (the values actually used).
    cost, ret : ndarray of shape (n_points, n_levels)
        Discounted cost and return per customer (:mod:`crmsim.engines.lines`).
    """

    segment: str
    levels: tuple[str, ...]
    points: pd.DataFrame
    cost: np.ndarray
    ret: np.ndarray

    @property
    def value(self) -> np.ndarray:
        """Discounted profit per customer, shape (n_points, n_levels)."""
        return self.ret - self.cost

    def verdict(self, level: str, outcome: str = "pays") -> np.ndarray:
        """True at the points where ``level`` has the verdict ``outcome`` (:data:`OUTCOMES`).

        Examples
        --------
        >>> v = PointValues("s", ("a", "b"), pd.DataFrame({"x": [0.0, 1.0]}),
        ...                 cost=np.array([[0.0, 5.0], [0.0, 5.0]]),
        ...                 ret=np.array([[10.0, 12.0], [10.0, 20.0]]))
        >>> v.verdict("b").tolist(), v.verdict("b", "luxurious").tolist()
        ([False, True], [True, False])
        """
        check_choice("outcome", outcome, OUTCOMES)
        check_choice("level", level, self.levels)
        i = self.levels.index(level)
        if outcome in ("pays", "luxurious"):
            if i == 0:
                raise ScenarioError(
                    f"level '{level}' is the cheapest level; it has no step "
                    "below, so it can neither pay nor be luxurious."
                )
            pays = self.value[:, i] > self.value[:, i - 1]
            return pays if outcome == "pays" else ~pays
        best = np.argmax(self.value, axis=1)  # the cheaper level on a tie
        return best == i if outcome == "best" else best >= i

    def to_frame(self) -> pd.DataFrame:
        """One row per point: the parameter columns, then ``value_<level>`` per level and
        ``best_level``."""
        frame = self.points.reset_index(drop=True).copy()
        for i, lv in enumerate(self.levels):
            frame[f"value_{lv}"] = self.value[:, i]
        frame["best_level"] = np.asarray(self.levels, dtype=object)[np.argmax(self.value, 1)]
        return frame


def _point_lines(
    scenario: Scenario, segment: str, paths: tuple[str, ...], values: np.ndarray
) -> np.ndarray:
    """Lines (n_points, n_levels, n_cash_lines) of ``segment`` at each point (a work item).

    Segment fields are set on the segment alone (one validation per point); all points go
    through :func:`crmsim.engines.analytic.level_lines_batch` together (closed form without
    staff limits, the staffed month loop on arrays with them).
    """
    own = f"segment:{segment}."
    seg_fields = [(k, p[len(own) :]) for k, p in enumerate(paths) if p.startswith(own)]
    others = [(k, p) for k, p in enumerate(paths) if not p.startswith(own)]
    base_seg = scenario.segment(segment)
    points = []
    for row in values:
        varied = apply_parameters(scenario, {p: row[k] for k, p in others}) if others else scenario
        seg = varied.segment(segment) if others else base_seg
        if seg_fields:
            seg = dataclasses.replace(seg, **{f: row[k] for k, f in seg_fields})
        points.append((varied, seg))
    return level_lines_batch(points, segment)


def _chunk_key(scenario: Scenario, segment: str, paths: Sequence[str], values: np.ndarray) -> str:
    """Hash of (crmsim version, scenario, segment, paths, values): a stored chunk's name."""
    payload = {
        "crmsim_version": crmsim.common.version.__version__,
        "scenario": dataclasses.asdict(scenario),
        "segment": segment,
        "paths": list(paths),
        "values": values.tolist(),
    }
    text = json.dumps(payload, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _chunk_record(key: str, lines: np.ndarray) -> dict:
    return {"lines": lines.tolist()}


def _record_chunk(chunk: np.ndarray, record: dict, *, n_levels: int) -> np.ndarray | None:
    """The lines of a stored chunk; None (recompute) if they do not fit the chunk."""
    lines = np.asarray(record["lines"], dtype=float)
    return lines if lines.shape == (len(chunk), n_levels, len(COST_WEIGHTS)) else None


def evaluate_points(
    scenario: Scenario,
    points: pd.DataFrame,
    *,
    segment: str | None = None,
    executor: Executor | str | None = "serial",
    progress_bar: bool = False,
    store: str | os.PathLike | None = None,
    chunk_size: int | None = None,
) -> PointValues:
    """Cost and return per customer of ``segment`` at every level, at every point.

    Parameters
    ----------
    scenario : Scenario
    points : DataFrame
        One column per parameter path (bare names are fields of ``segment``), one row per
        point; whole-number fields are rounded as the scenario stores them.
    segment : str, optional
        Required when the scenario has several segments.
    executor : Executor, "serial" or None
        ``"serial"`` (default) computes here; None makes a process pool; any executor (or a
        Dask ``Client``) gets the chunks. Results are identical either way.
    progress_bar : bool
        A tqdm bar over the chunks.
    store : path, optional
        Folder keeping one JSON file per finished chunk (named by a hash of the crmsim
        version, scenario, segment and the chunk's points); a rerun reuses them.
    chunk_size : int, optional
        Points per chunk; default 500 without staff limits, 10 with shared staff.

    Returns
    -------
    PointValues

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> s = Scenario(segments=(Segment(name="key", annual_wallet=1e6),))
    >>> v = evaluate_points(s, pd.DataFrame({"switching_cost": [0.1, 0.9]}))
    >>> v.points.columns.tolist(), v.cost.shape
    (['segment:key.switching_cost'], (2, 4))
    """

    name = scenario.segment_name(segment)
    if not isinstance(points, pd.DataFrame) or len(points.columns) == 0 or len(points) == 0:
        raise ScenarioError(
            "points must be a frame with one column per parameter path and at least one row."
        )
    points = points.reset_index(drop=True).copy()
    points.columns = [segment_path(scenario, str(c), name) for c in points.columns]
    for path in points.columns:
        resolved = resolve_path(scenario, path)
        points[path] = [resolved.coerce(v) for v in points[path].tolist()]
    paths = tuple(points.columns)
    values = points.to_numpy(dtype=float)
    if chunk_size is None:
        chunk_size = 500 if scenario.staff_unlimited else 10
    check_int("chunk_size", chunk_size, low=1)
    chunks = [values[i : i + chunk_size] for i in range(0, len(values), chunk_size)]
    results, _ = run_resumable(
        functools.partial(_point_lines, scenario, name, paths),
        chunks,
        executor=executor,
        progress_bar=progress_bar,
        store=store,
        key=functools.partial(_chunk_key, scenario, name, paths),
        encode=_chunk_record,
        decode=functools.partial(_record_chunk, n_levels=len(scenario.levels)),
        sizes=[len(chunk) for chunk in chunks],
        desc="points",
        unit="pt",
    )
    lines = np.concatenate(results, axis=0)
    return PointValues(
        segment=name,
        levels=scenario.level_names,
        points=points,
        cost=lines @ COST_WEIGHTS,
        ret=lines @ RETURN_WEIGHTS,
    )


# --------------------------------------------------------------------------------------
# boxes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PrimOptions:
    """How PRIM peels and which box of each trajectory is reported.

    Attributes
    ----------
    peel_alpha : float
        Share of a box's points removed by one peel (PRIM's ``peel_alpha``).
    paste_alpha : float
        Share added back by one paste.
    mass_min : float
        Smallest share of all points a box may hold.
    max_boxes : int
        Most boxes found one after another (each on the points the earlier ones left);
        the search stops earlier when a box is no denser than the whole sample.
    select : {"balanced", "last"}
        The step of each trajectory reported: ``"balanced"`` the step with the largest
        harmonic mean of coverage and density (neither very impure nor very narrow),
        ``"last"`` PRIM's purest box. Any other step: :meth:`DiscoveryBox.at_step`.
    min_cases : int
        Fewest points with the verdict for a box to be looked for: a box drawn around a
        handful of points describes where those few points fell, not a region.
    """

    peel_alpha: float = 0.05
    paste_alpha: float = 0.05
    mass_min: float = 0.05
    max_boxes: int = 3
    select: str = "balanced"
    min_cases: int = 10

    def __post_init__(self) -> None:
        for field in ("peel_alpha", "paste_alpha", "mass_min"):
            value = getattr(self, field)
            if not (isinstance(value, int | float) and 0 < value < 0.5):
                raise ScenarioError(
                    f"PrimOptions.{field} must be a number in (0, 0.5); received {value!r}."
                )
        check_int("PrimOptions.max_boxes", self.max_boxes, low=1)
        check_int("PrimOptions.min_cases", self.min_cases, low=1)
        check_choice("PrimOptions.select", self.select, ("balanced", "last"))


@dataclass(frozen=True, slots=True)
class DiscoveryBox:
    """One PRIM box: ranges of the traits where the verdict is common.

    Attributes
    ----------
    number : int
        1 for the first box; box k was found on the points boxes 1 … k−1 left.
    ranges : tuple of (path, low, high)
        The box on every sampled dimension (an unrestricted one spans its sampled range).
    restricted : tuple of str
        The paths the box restricts, most significant first (PRIM's quasi-p value).
    coverage : float
        Share of all points with the verdict that lie in the box.
    density : float
        Share of the points in the box that have the verdict.
    mass : float
        Share of all points in the box.
    n_points : int
        Points in the box.
    step : int
        The step of the trajectory this box is.
    trajectory : DataFrame
        One row per peeling (and pasting) step: step, coverage, density, mass,
        n_restricted, n_points, restricted (tuple of paths, most significant first), then
        ``low:<path>`` and ``high:<path>`` per dimension.
    """

    number: int
    ranges: tuple[tuple[str, float, float], ...]
    restricted: tuple[str, ...]
    coverage: float
    density: float
    mass: float
    n_points: int
    step: int
    trajectory: pd.DataFrame

    def contains(self, points: pd.DataFrame) -> np.ndarray:
        """True for the rows of ``points`` (columns = the paths) inside the box.

        Examples
        --------
        >>> box = DiscoveryBox(1, (("x", 0.5, 1.0),), ("x",), 1.0, 1.0, 0.5, 1, 0,
        ...                    pd.DataFrame())
        >>> box.contains(pd.DataFrame({"x": [0.2, 0.7]})).tolist()
        [False, True]
        """
        inside = np.ones(len(points), dtype=bool)
        for path, low, high in self.ranges:
            if path in self.restricted:
                x = points[path].to_numpy(dtype=float)
                inside &= (x >= low) & (x <= high)
        return inside

    def at_step(self, step: int) -> DiscoveryBox:
        """The box at another step of the same trajectory (a simpler or purer choice).

        Examples
        --------
        >>> from crmsim import Scenario, Segment
        >>> found = discover(Scenario(segments=(Segment(name="k", annual_wallet=6e5),)),
        ...                  n_points=200, ranges=["switching_cost", "mutual_importance"])
        >>> whole = found.boxes[0].at_step(0)  # before any peel: the whole space
        >>> whole.restricted, whole.coverage, whole.mass
        ((), 1.0, 1.0)
        """
        check_int("step", step, low=0, high=len(self.trajectory) - 1)
        row = self.trajectory.iloc[step]
        return DiscoveryBox(
            number=self.number,
            ranges=tuple(
                (p, float(row[f"low:{p}"]), float(row[f"high:{p}"])) for p, _, _ in self.ranges
            ),
            restricted=tuple(row["restricted"]),
            coverage=float(row["coverage"]),
            density=float(row["density"]),
            mass=float(row["mass"]),
            n_points=int(row["n_points"]),
            step=step,
            trajectory=self.trajectory,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per dimension: box, parameter, low, high, restricted."""
        return pd.DataFrame(
            [
                {
                    "box": self.number,
                    "parameter": p,
                    "low": lo,
                    "high": hi,
                    "restricted": p in self.restricted,
                }
                for p, lo, hi in self.ranges
            ]
        )


def require_discovery_extra() -> None:
    """Raise :class:`~crmsim.common.extras.MissingExtraError` unless PRIM is installed.

    The message is one sentence in the current language that names the ``discovery`` extra
    (PRIM is GPL-3, so it is not part of the core install); a notebook or the dashboard shows
    it as it is.

    Examples
    --------
    >>> require_discovery_extra()  # silent when the extra is installed
    """
    try:
        require_extra("scenario discovery", "discovery")
    except MissingExtraError:
        raise MissingExtraError(tr("report.discovery.missing")) from None


def find_boxes(
    points: pd.DataFrame,
    cases: np.ndarray,
    *,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    options: PrimOptions | None = None,
) -> tuple[DiscoveryBox, ...]:
    """PRIM boxes of the points where ``cases`` is True (the ``prim`` package).

    Parameters
    ----------
    points : DataFrame
        One numeric column per dimension.
    cases : array of bool
        The verdict at each point.
    ranges : mapping column → (low, high), optional
        The sampled ranges; an unrestricted side of a box is reported as the range's end
        (default: the data's minimum and maximum).
    options : PrimOptions, optional

    Returns
    -------
    tuple of DiscoveryBox
        Empty when fewer than ``options.min_cases`` points have the verdict.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> pts = pd.DataFrame(rng.random((1000, 2)), columns=["a", "b"])
    >>> boxes = find_boxes(pts, (pts["a"] > 0.7).to_numpy())
    >>> boxes[0].restricted, round(boxes[0].ranges[0][1], 1)
    (('a',), 0.7)
    """
    require_discovery_extra()
    import prim

    options = options or PrimOptions()
    y = np.asarray(cases, dtype=bool)
    x = points.reset_index(drop=True).astype(float)
    if y.shape != (len(x),):
        raise ScenarioError(
            f"cases must hold one verdict per point ({len(x)}); received shape {y.shape}."
        )
    if y.sum() < options.min_cases:
        return ()
    cols = [str(c) for c in x.columns]
    span = {c: (float(x[c].min()), float(x[c].max())) for c in cols}
    shown = {c: tuple(map(float, ranges[c])) if ranges and c in ranges else span[c] for c in cols}
    finder = prim.Prim(
        x,
        y,
        peel_alpha=options.peel_alpha,
        paste_alpha=options.paste_alpha,
        mass_min=options.mass_min,
    )
    boxes: list[DiscoveryBox] = []
    remaining = np.ones(len(x), dtype=bool)
    overall = float(y.mean())
    for number in range(1, options.max_boxes + 1):
        base_rate = float(y[remaining].mean()) if remaining.any() else 0.0
        if not y[remaining].any():
            break
        found = finder.find_box()
        if found is None:
            break
        rows = []
        for step in range(len(found.peeling_trajectory)):
            found.select(step)
            limits = found.limits  # restricted dimensions, most significant first
            stats = found.peeling_trajectory.iloc[step]
            row = {
                "step": step,
                "coverage": float(stats["coverage"]),
                "density": float(stats["density"]),
                "mass": float(stats["mass"]),
                "n_points": round(float(stats["mass"]) * len(x)),
            }
            restricted = []
            for c in cols:
                low, high = shown[c]
                if c in limits.index:
                    lo, hi = float(limits.loc[c, "min"]), float(limits.loc[c, "max"])
                    low = low if lo <= span[c][0] else lo
                    high = high if hi >= span[c][1] else hi
                row[f"low:{c}"], row[f"high:{c}"] = low, high
                if (low, high) != shown[c]:
                    restricted.append(c)
            row["n_restricted"] = len(restricted)
            row["restricted"] = tuple(sorted(restricted, key=list(limits.index).index))
            rows.append(row)
        columns = ["step", "coverage", "density", "mass", "n_restricted", "n_points", "restricted"]
        trajectory = pd.DataFrame(rows)
        trajectory = trajectory[columns + [k for k in trajectory.columns if k not in columns]]
        if options.select == "last":
            chosen = len(trajectory) - 1
        else:
            cov, den = trajectory["coverage"], trajectory["density"]
            harmonic = np.where(cov + den > 0, 2 * cov * den / (cov + den), 0.0)
            chosen = int(np.argmax(harmonic))
        found.select(chosen)  # the points the next box starts from
        box = DiscoveryBox(
            number=number,
            ranges=tuple((c, *shown[c]) for c in cols),
            restricted=(),
            coverage=1.0,
            density=base_rate,
            mass=1.0,
            n_points=len(x),
            step=0,
            trajectory=trajectory,
        ).at_step(chosen)
        if box.density <= overall and boxes:
            break
        boxes.append(box)
        remaining &= ~box.contains(x)
    return tuple(boxes)


# --------------------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Discovery:
    """What :func:`discover` found.

    Attributes
    ----------
    segment, level, outcome : str
        The question: where does ``level`` have the verdict ``outcome`` for ``segment``?
    ranges : tuple of (path, low, high)
        The sampled trait space.
    values : PointValues
        Every point's cost and return at every level.
    cases : ndarray of bool
        The verdict at each point.
    boxes : tuple of DiscoveryBox
        PRIM's boxes, first (largest share of the verdict) first.
    seed : int
        Root seed of the Latin hypercube (``SeedSequence(seed)``).
    held : tuple of (path, value)
        The segment's values of the texts' conditions that were not sampled (for
        :func:`compare_with_rule`).
    """

    segment: str
    level: str
    outcome: str
    ranges: tuple[tuple[str, float, float], ...]
    values: PointValues
    cases: np.ndarray
    boxes: tuple[DiscoveryBox, ...]
    seed: int
    held: tuple[tuple[str, float], ...] = ()

    @property
    def share(self) -> float:
        """Share of all points with the verdict."""
        return float(self.cases.mean())

    def to_frame(self) -> pd.DataFrame:
        """One row per box: box, step, coverage, density, mass, n_points, n_restricted,
        then ``low:<path>`` / ``high:<path>`` per dimension."""
        rows = []
        for box in self.boxes:
            row = {
                "box": box.number,
                "step": box.step,
                "coverage": box.coverage,
                "density": box.density,
                "mass": box.mass,
                "n_points": box.n_points,
                "n_restricted": len(box.restricted),
            }
            for p, lo, hi in box.ranges:
                row[f"low:{p}"], row[f"high:{p}"] = lo, hi
            rows.append(row)
        return pd.DataFrame(rows)

    def trajectories(self) -> pd.DataFrame:
        """Every box's peeling trajectory, stacked, with a ``box`` column first."""
        if not self.boxes:
            return pd.DataFrame()
        return pd.concat(
            [b.trajectory.assign(box=b.number)[["box", *b.trajectory.columns]] for b in self.boxes],
            ignore_index=True,
        )

    def points_frame(self) -> pd.DataFrame:
        """:meth:`PointValues.to_frame` with the verdict (``case``) and the box of each point
        (0: none)."""
        frame = self.values.to_frame()
        frame["case"] = self.cases
        where = np.zeros(len(frame), dtype=int)
        for box in reversed(self.boxes):
            where[box.contains(self.values.points)] = box.number
        frame["box"] = where
        return frame


def discover(
    scenario: Scenario,
    *,
    segment: str | None = None,
    level: str = "partnership",
    outcome: str = "pays",
    ranges: Mapping[str, tuple[float, float] | None] | Sequence[str] | None = None,
    n_points: int = 2000,
    seed: int = 0,
    options: PrimOptions | None = None,
    executor: Executor | str | None = "serial",
    progress_bar: bool = False,
    store: str | os.PathLike | None = None,
) -> Discovery:
    """Sample ``segment``'s traits, evaluate every level, and find PRIM boxes of a verdict.

    Parameters
    ----------
    scenario : Scenario
        Evaluated as it is: with shared staff, the segment competes for account managers
        with the others at their planned levels.
    segment : str, optional
        Required when the scenario has several segments.
    level : str
        The level asked about.
    outcome : str
        One of :data:`OUTCOMES` (default ``"pays"``).
    ranges : see :func:`trait_ranges`
    n_points : int
        Latin-hypercube points.
    seed : int
        Root seed of the sample (``numpy.random.SeedSequence(seed)``); the same seed gives
        the same points, values and boxes.
    options : PrimOptions, optional
    executor, progress_bar, store : see :func:`evaluate_points`

    Returns
    -------
    Discovery
    """
    require_discovery_extra()
    check_int("n_points", n_points, low=10)
    check_int("seed", seed, low=0)
    check_choice("outcome", outcome, OUTCOMES)
    name = scenario.segment_name(segment)
    check_choice("level", level, scenario.level_names)
    if outcome in ("pays", "luxurious") and scenario.level_names.index(level) == 0:
        raise ScenarioError(
            f"level '{level}' is the cheapest level; it has no step below, so "
            "it can neither pay nor be luxurious; expected a deeper level."
        )
    space = trait_ranges(scenario, segment=name, ranges=ranges)
    points = latin_hypercube(space, n_samples=n_points, seed=seed)
    values = evaluate_points(
        scenario, points, segment=name, executor=executor, progress_bar=progress_bar, store=store
    )
    cases = values.verdict(level, outcome)
    boxes = find_boxes(values.points, cases, ranges=space, options=options)
    seg = scenario.segment(name)
    held = tuple(
        (path, float(getattr(seg, path.rpartition(".")[2])))
        for path in textbook_box(name)
        if path not in space
    )
    return Discovery(
        segment=name,
        level=level,
        outcome=outcome,
        ranges=tuple((p, lo, hi) for p, (lo, hi) in space.items()),
        values=values,
        cases=cases,
        boxes=boxes,
        seed=seed,
        held=held,
    )


# --------------------------------------------------------------------------------------
# the texts' rule beside the model
# --------------------------------------------------------------------------------------


def textbook_box(segment: str) -> dict[str, tuple[float, float]]:
    """The texts' rule as a box on the segment's traits: path → (low, high), inclusive.

    Mutual importance, mutual need and switching cost "high" (at least
    :data:`~crmsim.analysis.textbook_rule.RULE_HIGH`) and the customer's bargaining power
    "balanced" (within :data:`~crmsim.analysis.textbook_rule.RULE_BALANCED`): the reading of
    the texts used by :mod:`crmsim.analysis.textbook_rule`, here with all four conditions.

    Examples
    --------
    >>> textbook_box("key")["segment:key.customer_power"]
    (0.3, 0.7)
    """
    return {f"segment:{segment}.{field}": bounds for field, bounds in _RULE_FIELDS.items()}


@dataclass(frozen=True, slots=True)
class RuleComparison:
    """The texts' rule against the model's verdicts, on the points of a discovery.

    "Pays" is the model's luxury verdict: ``level`` earns more than the next cheaper level.
    The rule says it pays inside :func:`textbook_box` and is luxurious outside. Shares are
    of all points; NaN where a share is of nothing.

    Attributes
    ----------
    segment, level : str
    rule : tuple of (path, low, high)
        The texts' box.
    n_points : int
    model_pays, rule_pays : float
        Share of points where the model / the rule says ``level`` pays.
    agreement : float
        Share of points where rule and model say the same.
    false_pays : float
        Share where the rule says "pays" and the model finds the level luxurious.
    false_luxurious : float
        Share where the rule says "luxurious" and the model finds the level pays.
    rule_density : float
        Of the points inside the rule's box, the share where the level pays.
    rule_coverage : float
        Of the points where the level pays, the share inside the rule's box.
    missed : DiscoveryBox or None
        A PRIM box of the rule's false "luxurious" points: where the rule misses most.
    """

    segment: str
    level: str
    rule: tuple[tuple[str, float, float], ...]
    n_points: int
    model_pays: float
    rule_pays: float
    agreement: float
    false_pays: float
    false_luxurious: float
    rule_density: float
    rule_coverage: float
    missed: DiscoveryBox | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: measure, value."""
        names = (
            "model_pays",
            "rule_pays",
            "agreement",
            "false_pays",
            "false_luxurious",
            "rule_density",
            "rule_coverage",
        )
        return pd.DataFrame({"measure": names, "value": [float(getattr(self, n)) for n in names]})

    def text(self) -> str:
        """The comparison in one sentence, in the current language.

        Examples
        --------
        >>> c = RuleComparison("key accounts", "partnership", (), 1000, 0.3, 0.1, 0.82, 0.03,
        ...                    0.15, 0.7, 0.23)
        >>> print(c.text())  # doctest: +NORMALIZE_WHITESPACE
        The texts' rule (partnership pays only where mutual importance, mutual need and
        switching cost are at least 0.6 and the customer's bargaining power is between 0.3
        and 0.7) is right for 82 % of the sampled key accounts: it says partnership pays where
        the model finds it luxurious for 3 % (false "pays"), and luxurious where it pays for
        15 % (false "luxurious").
        >>> from crmsim.language.translate import use_language
        >>> with use_language("zh"):
        ...     print(c.text())  # doctest: +NORMALIZE_WHITESPACE
        教材的规则（只有当彼此具有重要意义、彼此需要和转移成本都至少为 0.6，且客户的谈判能力在
        0.3 到 0.7 之间时，合作伙伴关系才值得）对抽样的大客户中 82 % 的判断与模型一致：对其中
        3 % 的客户，规则说值得而模型认为奢侈（错判为“值得”）；对 15
        % 的客户，规则说奢侈而模型认为值得（错判为“奢侈”）。
        """
        text = tr(
            "discovery.rule_comparison",
            level=level_label(self.level),
            segment=segment_label(self.segment),
            high=format_number(RULE_HIGH),
            power_low=format_number(RULE_BALANCED[0]),
            power_high=format_number(RULE_BALANCED[1]),
            agreement=_percent(self.agreement),
            false_pays=_percent(self.false_pays),
            false_luxurious=_percent(self.false_luxurious),
        )
        if self.missed is not None and self.missed.restricted:
            text += tr(
                "discovery.rule_misses",
                level=level_label(self.level),
                where=_where(self.missed),
                coverage=_percent(self.missed.coverage),
                density=_percent(self.missed.density),
            )
        return text


def _percent(share: float) -> str:
    return f"{format_number(100.0 * share, digits=2)} %"


def _share(part: np.ndarray, whole: np.ndarray) -> float:
    n = int(whole.sum())
    return float((part & whole).sum() / n) if n else float("nan")


def compare_with_rule(discovery: Discovery) -> RuleComparison:
    """How well the texts' rule predicts the model's verdicts on the discovery's points.

    The model's verdict is whether ``discovery.level`` pays over the next cheaper level at
    each point (whatever outcome the boxes were found for); the rule's is whether the point
    lies in :func:`textbook_box` (a condition that was not sampled is read at the segment's
    own value). Nothing of the rule enters the model.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> found = discover(Scenario(segments=(Segment(name="key", annual_wallet=6e5),)),
    ...                  n_points=200)
    >>> c = compare_with_rule(found)
    >>> abs(c.agreement + c.false_pays + c.false_luxurious - 1.0) < 1e-12
    True
    """
    values = discovery.values
    model = values.verdict(discovery.level, "pays")
    held = dict(discovery.held)
    rule = np.ones(len(model), dtype=bool)
    box = textbook_box(discovery.segment)
    for path, (low, high) in box.items():
        x = (
            values.points[path].to_numpy(dtype=float)
            if path in values.points
            else np.full(len(model), held[path])
        )
        rule &= (x >= low) & (x <= high)
    misses = ~rule & model
    missed = (
        find_boxes(
            values.points,
            misses,
            ranges={p: (lo, hi) for p, lo, hi in discovery.ranges},
            options=PrimOptions(max_boxes=1),
        )
        if misses.any()
        else ()
    )
    return RuleComparison(
        segment=discovery.segment,
        level=discovery.level,
        rule=tuple((p, lo, hi) for p, (lo, hi) in box.items()),
        n_points=len(model),
        model_pays=float(model.mean()),
        rule_pays=float(rule.mean()),
        agreement=float((rule == model).mean()),
        false_pays=float((rule & ~model).mean()),
        false_luxurious=float((~rule & model).mean()),
        rule_density=_share(model, rule),
        rule_coverage=_share(rule, model),
        missed=missed[0] if missed else None,
    )


def box_text(discovery: Discovery, box: DiscoveryBox | None = None) -> str:
    """A box in words, in the current language (default: the first box).

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> found = discover(Scenario(segments=(Segment(name="key", annual_wallet=6e5),)),
    ...                  n_points=300, ranges=["mutual_importance", "switching_cost"])
    >>> box_text(found).startswith("The model finds partnership pays for ")
    True
    """
    if box is None:
        if not discovery.boxes:
            count = int(discovery.cases.sum())
            if count == 0:
                return tr(
                    f"discovery.no_box.{discovery.outcome}",
                    level=level_label(discovery.level),
                    segment=segment_label(discovery.segment),
                )
            return tr(
                "discovery.scattered",
                level=level_label(discovery.level),
                outcome=tr(f"discovery.outcome.{discovery.outcome}"),
                segment=segment_label(discovery.segment),
                count=format_number(count),
                n=format_number(len(discovery.cases)),
                share=_percent(discovery.share),
            )
        box = discovery.boxes[0]
    return tr(
        "discovery.box",
        level=level_label(discovery.level),
        outcome=tr(f"discovery.outcome.{discovery.outcome}"),
        segment=segment_label(discovery.segment),
        where=_where(box),
        density=_percent(box.density),
        coverage=_percent(box.coverage),
        number=box.number,
    )


def _where(box: DiscoveryBox) -> str:
    """The restricted ranges of ``box`` in words ("switching cost ≥ 0.52, ...")."""
    whole = box.trajectory.iloc[0]
    conditions = []
    for path in box.restricted:
        _, low, high = next(r for r in box.ranges if r[0] == path)
        lo_open = low <= float(whole[f"low:{path}"])
        hi_open = high >= float(whole[f"high:{path}"])
        key = "at_least" if hi_open else "at_most" if lo_open else "between"
        conditions.append(
            tr(
                f"discovery.condition.{key}",
                parameter=parameter_label(path, unit=True),
                low=format_number(low, digits=2),
                high=format_number(high, digits=2),
            )
        )
    # in Chinese the ranges are followed by 的: a space after a final number (house style)
    return space_before_han(tr("sep.list").join(conditions) if conditions
                            else tr("discovery.anywhere"))
