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

__all__ = ["BreakEven", "break_even"]


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
            "parameter": parameter_label(self.parameter),
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
    scenario: Scenario, path: str, values, segment: str, level: str, against: str
) -> np.ndarray:
    """Discounted profit per customer of ``level`` minus ``against`` at each ``path = value``,
    all values in one batch."""
    varied = scan_points(scenario, path, values)
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
    change is refined with Brent's method.

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
    from scipy.optimize import brentq

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
    path = segment_path(scenario, parameter, name)
    low, high, current = parameter_range(scenario, path)
    if bounds is None:
        lo = low if math.isfinite(low) else 0.0
        hi = high if math.isfinite(high) else 10.0 * max(float(current or 1.0), 1e-9)
    else:
        lo, hi = (float(b) for b in bounds)
    if not lo < hi:
        raise ScenarioError(f"bounds must be (low, high) with low < high; received {lo}, {hi}.")

    def gain(x: float) -> float:
        return float(_extra_profits(scenario, path, [x], name, level, against)[0])

    whole = resolve_path(scenario, path).whole
    if whole:  # whole-number parameters: scan every whole value, no root finding
        xs = np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=float)
    else:
        xs = np.linspace(lo, hi, n_scan)
    gains = _extra_profits(scenario, path, xs, name, level, against)
    roots = []
    for i in range(len(xs) - 1):
        g0, g1 = gains[i], gains[i + 1]
        if g0 == 0.0:
            roots.append(float(xs[i]))
        elif g0 * g1 < 0 and whole:
            roots.append(float(xs[i + 1] if g1 > 0 else xs[i]))
        elif g0 * g1 < 0:
            roots.append(float(brentq(gain, xs[i], xs[i + 1], xtol=1e-6 * max(1.0, abs(hi - lo)))))
    if gains[-1] == 0.0:
        roots.append(float(xs[-1]))
    paying: tuple[tuple[float, float], ...]
    if not roots:
        paying = ((lo, hi),) if gains[0] > 0 else ()
    elif len(roots) == 1:
        paying = ((roots[0], hi),) if gains[-1] > 0 else ((lo, roots[0]),)
    else:
        edges = [lo, *roots, hi]
        paying = tuple((a, b) for a, b in itertools.pairwise(edges) if gain((a + b) / 2) > 0)
    against_next = against == scenario.level_names[max(position - 1, 0)]
    return BreakEven(
        name, level, against, path, tuple(roots), lo, hi, xs, gains, paying, against_next
    )
