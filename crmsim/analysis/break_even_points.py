"""Break-even points: where a level stops paying as one parameter moves.

:func:`break_even` scans one parameter across a range with the analytic engine, finds
every value at which a level's extra profit over a cheaper level is zero, and says the
finding in words (:attr:`BreakEven.statement`, in the current display language).

Examples
--------
>>> from crmsim import Scenario, Segment
>>> key = Segment(name="key accounts", annual_wallet=600_000.0, mutual_importance=0.9,
...               switching_cost=0.9)
>>> print(break_even(Scenario(segments=(key,)), parameter="switching_cost"))
partnership pays for key accounts only while switching cost ≥ 0.382
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.numbers import format_number
from crmsim.engines.analytic import level_lines_batch
from crmsim.language.translate import level_label, parameter_label, segment_label, tr
from crmsim.model.mechanisms import CASH_SIGNS
from crmsim.scenario.paths import parameter_range, resolve_path, scan_points, segment_path
from crmsim.scenario.scenario import Scenario

__all__ = ["BreakEven", "break_even", "break_evens"]


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Where a level stops paying as one parameter moves (see :func:`break_even`).

    Attributes
    ----------
    segment, level, cheaper_level, parameter : str
    values : tuple of float
        Parameter values at which the extra profit is zero, ascending.
    low, high : float
        The range searched.
    grid, extra_profit : ndarray
        The scan behind the roots (for plotting).  For whole-number parameters (e.g.
        ``staff.n_account_managers``) every whole value is scanned and ``values`` holds the
        first whole value on the paying side of each change.
    paying : tuple of (low, high)
        The stretches of the range where the level pays (empty: luxurious everywhere).
    against_next : bool
        True when the comparison is with the next cheaper level (the usual step).
    statement : str
        The finding in words, in the current display language (worded when read), e.g.
        "partnership pays for key accounts only while switching cost ≥ 0.62".
    """

    segment: str
    level: str
    cheaper_level: str
    parameter: str
    values: tuple[float, ...]
    low: float
    high: float
    grid: np.ndarray
    extra_profit: np.ndarray
    paying: tuple[tuple[float, float], ...]
    against_next: bool = True

    @property
    def statement(self) -> str:
        """The finding in words, in the current display language."""
        vs = "" if self.against_next else "_vs"
        words = {
            "level": level_label(self.level),
            "segment": segment_label(self.segment),
            "against": level_label(self.cheaper_level),
            "parameter": parameter_label(self.parameter, unit=True),
        }
        if not self.values:
            span = {"low": format_number(self.low), "high": format_number(self.high)}
            if self.paying:
                return tr(f"luxury.break_even.pays_all{vs}", **words, **span)
            return tr("luxury.break_even.luxurious_all", **words, **span)
        if len(self.values) == 1:
            sign = "≥" if self.extra_profit[-1] > 0 else "≤"
            return tr(
                f"luxury.break_even.one{vs}",
                **words,
                sign=sign,
                value=format_number(self.values[0]),
            )
        ranges = tr("luxury.or").join(
            f"{format_number(a)}–{format_number(b)}" for a, b in self.paying
        )
        return tr(f"luxury.break_even.ranges{vs}", **words, ranges=ranges)

    def __str__(self) -> str:
        return self.statement


def _extra_profits(
    scenario: Scenario, points: list[tuple[str, float]], segment: str, level: str, against: str
) -> np.ndarray:
    """Discounted profit per customer of ``level`` minus ``against`` at each (path, value)
    point, all points in one batch (each run of points along one path made in one scan)."""
    varied = [
        p
        for path, run in itertools.groupby(points, key=lambda point: point[0])
        for p in scan_points(scenario, path, [value for _, value in run])
    ]
    profit = level_lines_batch(varied, segment, levels=[against, level]) @ CASH_SIGNS
    return profit[:, 1] - profit[:, 0]


def break_even(
    scenario: Scenario,
    *,
    segment: str | None = None,
    level: str = "partnership",
    parameter: str = "switching_cost",
    bounds: tuple[float, float] | None = None,
    against: str | None = None,
    n_scan: int = 41,
) -> BreakEven:
    """Value(s) of one parameter at which ``level`` stops paying for ``segment``.

    The extra profit of ``level`` over ``against`` (default: the next cheaper level) is
    computed with the analytic engine on ``n_scan`` points across ``bounds``; every sign
    change is refined to a root (Chandrupatla's bracketing method). :func:`break_evens`
    does several parameters at once.

    Parameters
    ----------
    parameter : str
        A parameter path (:func:`crmsim.scenario.paths.apply_parameter`) or a bare segment
        field such as ``"switching_cost"``.
    bounds : (low, high), optional
        Range to search; default the field's allowed range, or 0 to 10 × the current value
        when it is unbounded.

    Examples
    --------
    >>> from crmsim import Scenario, Segment, Staff
    >>> key = Segment(name="key accounts", annual_wallet=1_000_000.0, n_customers=20,
    ...               mutual_importance=0.9, switching_cost=0.9)
    >>> staffed = Scenario(segments=(key,), staff=Staff(n_account_managers=3))
    >>> found = break_even(staffed, parameter="staff.n_account_managers", bounds=(0, 6))
    >>> found.values, found.statement
    ((3.0,), 'partnership pays for key accounts only while n account managers ≥ 3')
    """
    found = break_evens(
        scenario,
        {parameter: bounds},
        segment=segment,
        level=level,
        against=against,
        n_scan=n_scan,
    )
    return found[parameter]


def break_evens(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float] | None],
    *,
    segment: str | None = None,
    level: str = "partnership",
    against: str | None = None,
    n_scan: int = 41,
) -> dict[str, BreakEven]:
    """:func:`break_even` along several parameters: every scan goes through the analytic
    engine in one batch, and the roots of all of them are refined together (each step of
    the root finder evaluates one point per root, all in one batch).

    Parameters
    ----------
    parameters : mapping
        Parameter (path or bare segment field) → bounds, or None for the default range.

    Returns
    -------
    dict
        Parameter (as given) → :class:`BreakEven`.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> key = Segment(name="key accounts", annual_wallet=600_000.0, mutual_importance=0.9,
    ...               switching_cost=0.9)
    >>> found = break_evens(Scenario(segments=(key,)), {"switching_cost": None,
    ...                                                 "mutual_importance": None})
    >>> for result in found.values():
    ...     print(result)
    partnership pays for key accounts only while switching cost ≥ 0.382
    partnership pays for key accounts only while mutual importance ≥ 0.465
    """
    from scipy.optimize.elementwise import find_root

    name = scenario.segment_name(segment)
    check_choice("level", level, scenario.level_names)
    position = scenario.level_names.index(level)
    if against is None:
        if position == 0:
            raise ScenarioError(
                f"level '{level}' is the cheapest level; expected a level with a cheaper one "
                "below it, or give against=."
            )
        against = scenario.level_names[position - 1]
    check_choice("against", against, scenario.level_names)
    check_int("n_scan", n_scan, low=3)
    scans = [
        _scan(scenario, name, parameter, bounds, n_scan) for parameter, bounds in parameters.items()
    ]

    def gains(points: list[tuple[str, float]]) -> np.ndarray:
        return _extra_profits(scenario, points, name, level, against)

    scanned = gains([(s.path, float(x)) for s in scans for x in s.grid])
    ends = np.cumsum([0, *(len(s.grid) for s in scans)])
    profits = [scanned[a:b] for a, b in itertools.pairwise(ends)]
    roots: list[list[float]] = []
    # sign changes to refine: scan, place among its roots, and the two ends in units of
    # the scan's scale (max(1, high - low)), so one tolerance (1e-6) serves every scan
    brackets: list[tuple[int, int, float, float]] = []
    for n, (s, extra) in enumerate(zip(scans, profits, strict=True)):
        xs, found = s.grid, []
        for i in range(len(xs) - 1):
            g0, g1 = extra[i], extra[i + 1]
            if g0 == 0.0:
                found.append(float(xs[i]))
            elif g0 * g1 < 0 and s.whole:
                found.append(float(xs[i + 1] if g1 > 0 else xs[i]))
            elif g0 * g1 < 0:
                brackets.append((n, len(found), *((xs[i : i + 2] - s.low) / s.scale)))
                found.append(math.nan)  # refined below
        if extra[-1] == 0.0:
            found.append(float(xs[-1]))
        roots.append(found)
    if brackets:
        which, _, left, right = (np.array(v) for v in zip(*brackets, strict=True))

        def bracketed(x: np.ndarray, scan: np.ndarray) -> np.ndarray:
            points = [
                (scans[n].path, scans[n].low + u * scans[n].scale)
                for n, u in zip(scan.ravel().tolist(), x.ravel().tolist(), strict=True)
            ]
            return gains(points).reshape(x.shape)

        result = find_root(
            bracketed,
            (left, right),
            args=(which,),
            tolerances={"xatol": 1e-6, "xrtol": 4 * np.finfo(float).eps},
        )
        for (n, place, *_), u in zip(brackets, result.x.tolist(), strict=True):
            roots[n][place] = scans[n].low + u * scans[n].scale
    # where several roots split the range, which stretches pay: all middles in one batch
    middles = [
        (n, (a + b) / 2)
        for n, (s, found) in enumerate(zip(scans, roots, strict=True))
        if len(found) > 1
        for a, b in itertools.pairwise([s.low, *found, s.high])
    ]
    pays: dict[int, list[bool]] = {}  # scan → whether each stretch between roots pays
    if middles:
        middle_gains = gains([(scans[n].path, x) for n, x in middles])
        for (n, _), gain in zip(middles, middle_gains.tolist(), strict=True):
            pays.setdefault(n, []).append(gain > 0)
    out = {}
    for n, (parameter, s, extra, found) in enumerate(
        zip(parameters, scans, profits, roots, strict=True)
    ):
        paying: tuple[tuple[float, float], ...]
        if not found:
            paying = ((s.low, s.high),) if extra[0] > 0 else ()
        elif len(found) == 1:
            paying = ((found[0], s.high),) if extra[-1] > 0 else ((s.low, found[0]),)
        else:
            edges = itertools.pairwise([s.low, *found, s.high])
            paying = tuple(edge for edge, p in zip(edges, pays[n], strict=True) if p)
        out[parameter] = BreakEven(
            name,
            level,
            against,
            s.path,
            tuple(found),
            s.low,
            s.high,
            s.grid,
            extra,
            paying,
            against == scenario.level_names[max(position - 1, 0)],
        )
    return out


@dataclass(frozen=True, slots=True)
class _Scan:
    """One parameter's path, range and scan points (see :func:`_scan`)."""

    path: str
    low: float
    high: float
    whole: bool
    grid: np.ndarray

    @property
    def scale(self) -> float:
        """Width of the range, at least 1: roots are found to 1e-6 of it."""
        return max(1.0, self.high - self.low)


def _scan(
    scenario: Scenario,
    segment: str,
    parameter: str,
    bounds: tuple[float, float] | None,
    n_scan: int,
) -> _Scan:
    """The path, range and scan points of one parameter (its bounds checked)."""
    path = segment_path(scenario, parameter, segment)
    low, high, current = parameter_range(scenario, path)
    if bounds is None:
        lo = low if math.isfinite(low) else 0.0
        hi = high if math.isfinite(high) else 10.0 * max(float(current or 1.0), 1e-9)
    else:
        lo, hi = (float(b) for b in bounds)
    if not lo < hi:
        raise ScenarioError(f"bounds must be (low, high) with low < high; received {lo}, {hi}.")
    whole = resolve_path(scenario, path).whole
    if whole:  # whole-number parameters: scan every whole value, no root finding
        grid = np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=float)
    else:
        grid = np.linspace(lo, hi, n_scan)
    return _Scan(path, lo, hi, whole, grid)
