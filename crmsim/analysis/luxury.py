"""Luxury verdicts: when does a deeper relationship level stop paying (奢侈的)?

A level is *luxurious* for a segment when the extra discounted cost of holding its
customers there, compared with the next cheaper level, exceeds the extra discounted return
it brings; both per customer at month 0, over the scenario's horizon, discounted at the
scenario's rate, and including the value of the customers they refer.

Cost and return
---------------
The split of cash lines into cost and return is :mod:`crmsim.engines.lines`
(:data:`~crmsim.engines.lines.COST_LINES`, :data:`~crmsim.engines.lines.RETURN_LINES`):
``return − cost`` is the discounted profit per customer (``value_per_customer``), so the
verdict "pays" is the same as "earns more than the next cheaper level". The *luxury ratio*
is ``extra cost ÷ extra return`` (below 1 pays, above 1 is luxurious; +inf when the level
costs more and returns nothing extra; undefined when it neither costs nor returns more).

Confidence intervals (SimPy engine)
-----------------------------------
Replications use common random numbers: replication ``r`` of every level runs on the same
child of ``SeedSequence(seed)``. Extra cost and extra return are paired differences within a
replication; their CI comes from a **paired percentile bootstrap over replications**
(replications are resampled with replacement, the same indices for cost and return; the
ratio of the resampled means gives the ratio's interval). A step is "too close to call"
when the interval of the ratio straddles 1, equivalently when the interval of the extra
profit (extra return − extra cost) straddles 0.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> verdicts = luxury_verdicts(Scenario(segments=(Segment(name="typical"),)))
>>> verdicts[["level", "verdict"]].values.tolist()
[['preferred', 'pays'], ['partnership', 'luxurious'], ['alliance', 'luxurious']]

Verdict codes stay the same in every language; :func:`verdict_text` says the verdict in
words, in the current display language (:mod:`crmsim.language.translate`):

>>> print(verdict_text(verdicts.iloc[1]))
partnership is luxurious for typical: extra cost 82 × extra return
>>> from crmsim.language.translate import use_language
>>> with use_language("zh"):
...     print(verdict_text(verdicts.iloc[1]))
对typical而言，合作伙伴关系是奢侈的：额外成本是额外回报的 82 倍
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import mean_ci, replicate, sweep
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import evaluate, level_lines
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS, lines_per_customer
from crmsim.language.translate import level_label, parameter_label, segment_label, tr
from crmsim.model.mechanisms import CASH_SIGNS
from crmsim.scenario.paths import apply_parameter, parameter_range, resolve_path, segment_path
from crmsim.scenario.scenario import Scenario

__all__ = [
    "VERDICTS",
    "Assessment",
    "BreakEven",
    "VerdictOptions",
    "assess_comparison",
    "assess_levels",
    "best_levels",
    "break_even",
    "luxury_verdicts",
    "portfolio",
    "verdict_text",
]

VERDICTS = ("pays", "luxurious", "too close to call")
"""Possible verdicts of a step up the ladder."""

# --------------------------------------------------------------------------------------
# verdicts
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class VerdictOptions:
    """How Monte Carlo verdicts are made.

    Attributes
    ----------
    confidence : float
        Confidence level of every interval.
    n_bootstrap : int
        Bootstrap resamples of the replications.
    bootstrap_seed : int
        Seed of the bootstrap (separate from the simulation seed).
    """

    confidence: float = 0.95
    n_bootstrap: int = 4000
    bootstrap_seed: int = 0

    def __post_init__(self) -> None:
        if not 0.5 <= self.confidence < 1.0:
            raise ScenarioError(
                f"VerdictOptions.confidence must be a number in [0.5, 1); received "
                f"{self.confidence!r}."
            )
        check_int("VerdictOptions.n_bootstrap", self.n_bootstrap, low=100)
        check_int("VerdictOptions.bootstrap_seed", self.bootstrap_seed, low=0)


def luxury_ratio(extra_cost: float, extra_return: float) -> float:
    """Extra cost ÷ extra return; +inf if it costs more and returns nothing extra.

    NaN when the level costs no more *and* returns no more (the ratio would read upside
    down there; use the extra profit instead).

    Examples
    --------
    >>> luxury_ratio(50.0, 100.0), luxury_ratio(10.0, -1.0)
    (0.5, inf)
    """
    if extra_return > 0:
        return extra_cost / extra_return
    if extra_cost > 0:
        return math.inf
    return math.nan


def _verdict(low: float, high: float) -> str:
    if low > 0:
        return "pays"
    if high < 0:
        return "luxurious"
    return "too close to call"


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything :func:`assess_levels` found.

    Attributes
    ----------
    values : DataFrame
        One row per segment and level: cost_per_customer, return_per_customer,
        value_per_customer (with ``_low``/``_high`` CI columns and ``n_replications`` for
        the SimPy engine), engine.
    verdicts : DataFrame
        One row per segment and step up the ladder: segment, level, cheaper_level,
        extra_cost, extra_return, extra_profit, luxury_ratio, verdict, and the CI columns
        extra_profit_low/high, ratio_low/high (NaN for the exact analytic engine).
    best : DataFrame
        One row per segment: best_level (highest value per customer), value_per_customer,
        and ``clear`` (SimPy: the best level beats every other one with a paired CI
        excluding 0; analytic: always True).
    """

    values: pd.DataFrame
    verdicts: pd.DataFrame
    best: pd.DataFrame


def _plans_for(scenario: Scenario, segments: Sequence[str]
               ) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """The plan that holds segment s at level L, others at their planned level."""
    out = {}
    for seg in map(scenario.segment, segments):
        for lv in scenario.level_names:
            if scenario.staff_unlimited:
                plan = tuple((s.name, lv) for s in scenario.segments)
            else:
                plan = tuple((n, lv if n == seg.name else p) for n, p in scenario.plan)
            out[(seg.name, lv)] = plan
    return out


def assess_levels(
    scenario: Scenario,
    *,
    engine: str = "analytic",
    n_replications: int = 30,
    seed: int = 0,
    options: VerdictOptions | None = None,
    executor: Executor | str | None = None,
    progress_bar: bool = True,
    segments: Sequence[str] | None = None,
) -> Assessment:
    """Values, luxury verdicts and best level of every segment (see module docstring).

    Parameters
    ----------
    scenario : Scenario
        With limited staff, a segment is moved through the levels while the others keep
        their planned level, so they compete for the same account managers.
    engine : {"analytic", "simpy"}
        Exact expectations, or ``n_replications`` SimPy replications with common random
        numbers and bootstrap confidence intervals.
    n_replications, seed, executor, progress_bar
        For the SimPy engine, see :func:`crmsim.analysis.experiments.replicate`.
    options : VerdictOptions, optional
        Confidence level and bootstrap settings.
    segments : sequence of str, optional
        Assess only these segments (default: all); the others still keep their planned
        level and their share of the staff.
    """
    check_choice("engine", engine, ("analytic", "simpy"))
    options = options or VerdictOptions()
    chosen = [scenario.segment(name).name for name in segments] if segments is not None \
        else [seg.name for seg in scenario.segments]
    plans = _plans_for(scenario, chosen)
    names = scenario.level_names
    if engine == "analytic":
        samples = _analytic_samples(scenario, plans)
    else:
        samples = _simpy_samples(scenario, plans, n_replications, seed, executor, progress_bar)
    return _assessment(samples, chosen, names, engine, options)


def assess_comparison(comparison, *, options: VerdictOptions | None = None) -> Assessment:
    """:func:`assess_levels` from an analytic :class:`~crmsim.analysis.compare.LevelComparison`.

    The comparison's runs already hold each segment at each level with the others as
    planned, so nothing is evaluated again (a view that shows both the comparison and the
    verdicts computes once).

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.analysis.compare import compare_levels
    >>> scenario = Scenario(segments=(Segment(name="typical"),))
    >>> a = assess_comparison(compare_levels(scenario, engine="analytic"))
    >>> a.verdicts["verdict"].tolist() == luxury_verdicts(scenario)["verdict"].tolist()
    True
    """
    if comparison.engine != "analytic":
        raise ScenarioError("assess_comparison needs an analytic comparison "
                            "(compare_levels(..., engine='analytic')); received one run "
                            f"with engine '{comparison.engine}'.")
    samples = {}
    for (segment, level), run in comparison.runs.items():
        row = lines_per_customer(run).loc[(segment, level)]
        samples[(segment, level)] = (np.array([row["cost"]]), np.array([row["return"]]))
    segments = list(dict.fromkeys(segment for segment, _ in comparison.runs))
    return _assessment(samples, segments, comparison.levels, "analytic",
                       options or VerdictOptions())


def _assessment(samples, segments: Sequence[str], names: Sequence[str], engine: str,
                options: VerdictOptions) -> Assessment:
    """Values, verdicts and best level from (cost, return) samples per (segment, level)."""
    rng = np.random.default_rng(options.bootstrap_seed)
    alpha = (1.0 - options.confidence) / 2.0
    value_rows, verdict_rows, best_rows = [], [], []
    for segment in segments:
        cost = {lv: samples[(segment, lv)][0] for lv in names}
        ret = {lv: samples[(segment, lv)][1] for lv in names}
        n = len(cost[names[0]])
        idx = rng.integers(0, n, size=(options.n_bootstrap, n)) if n > 1 else None
        for lv in names:
            value = ret[lv] - cost[lv]
            row = {
                "segment": segment,
                "level": lv,
                "cost_per_customer": float(cost[lv].mean()),
                "return_per_customer": float(ret[lv].mean()),
                "value_per_customer": float(value.mean()),
                "engine": engine,
            }
            if engine == "simpy":
                _, _, low, high = mean_ci(value, confidence=options.confidence)
                row.update(value_per_customer_low=low, value_per_customer_high=high,
                           n_replications=n)
            value_rows.append(row)
        for cheaper, lv in itertools.pairwise(names):
            dc = cost[lv] - cost[cheaper]
            dr = ret[lv] - ret[cheaper]
            mc, mr = float(dc.mean()), float(dr.mean())
            row = {
                "segment": segment,
                "level": lv,
                "cheaper_level": cheaper,
                "extra_cost": mc,
                "extra_return": mr,
                "extra_profit": mr - mc,
                "luxury_ratio": luxury_ratio(mc, mr),
            }
            if idx is None:
                scale = abs(mc) + abs(mr)
                tol = 1e-9 * scale
                row.update(extra_profit_low=math.nan, extra_profit_high=math.nan,
                           ratio_low=math.nan, ratio_high=math.nan,
                           verdict=_verdict(mr - mc - tol, mr - mc + tol))
            else:
                bc, br = dc[idx].mean(axis=1), dr[idx].mean(axis=1)
                gains = br - bc
                ratios = np.array([luxury_ratio(c, r) for c, r in zip(bc, br, strict=True)])
                g_low, g_high = np.quantile(gains, [alpha, 1 - alpha], method="inverted_cdf")
                finite = ratios[~np.isnan(ratios)]
                if finite.size:
                    r_low, r_high = np.quantile(finite, [alpha, 1 - alpha],
                                                method="inverted_cdf")
                else:
                    r_low = r_high = math.nan
                row.update(extra_profit_low=float(g_low), extra_profit_high=float(g_high),
                           ratio_low=float(r_low), ratio_high=float(r_high),
                           verdict=_verdict(float(g_low), float(g_high)))
            verdict_rows.append(row)
        means = {lv: float((ret[lv] - cost[lv]).mean()) for lv in names}
        best = max(names, key=lambda lv: means[lv])
        clear = True
        if idx is not None:
            b_value = ret[best] - cost[best]
            for lv in names:
                if lv == best:
                    continue
                diff = (b_value - (ret[lv] - cost[lv]))[idx].mean(axis=1)
                clear &= bool(np.quantile(diff, alpha, method="inverted_cdf") > 0)
        best_rows.append({"segment": segment, "best_level": best,
                          "value_per_customer": means[best], "clear": clear})
    return Assessment(pd.DataFrame(value_rows), pd.DataFrame(verdict_rows),
                      pd.DataFrame(best_rows))


def _analytic_samples(scenario, plans):
    samples = {}
    if scenario.staff_unlimited:
        for seg in scenario.segments:
            lines = level_lines(scenario, seg.name)
            for lv, row in zip(scenario.level_names, lines, strict=True):
                samples[(seg.name, lv)] = (np.array([row @ COST_WEIGHTS]),
                                           np.array([row @ RETURN_WEIGHTS]))
        return samples
    cache: dict = {}
    for (seg, lv), plan in plans.items():
        if plan not in cache:
            cache[plan] = lines_per_customer(evaluate(scenario, plan=dict(plan)))
        row = cache[plan].loc[(seg, lv)]
        samples[(seg, lv)] = (np.array([row["cost"]]), np.array([row["return"]]))
    return samples


def _simpy_samples(scenario, plans, n_replications, seed, executor, progress_bar):
    unique = list(dict.fromkeys(plans.values()))
    runs = replicate(
        scenario,
        n_replications=n_replications,
        seed=seed,
        plans=[dict(p) for p in unique],
        executor=executor,
        progress_bar=progress_bar,
    )
    # replicate labels a mapping plan 'segment=level; ...' in segment order
    text_of = {plan: "; ".join(f"{s}={lv}" for s, lv in plan) for plan in unique}
    samples = {}
    for (seg, lv), plan in plans.items():
        sel = runs[(runs["plan"] == text_of[plan]) & (runs["segment"] == seg)]
        sel = sel.sort_values("replication")
        samples[(seg, lv)] = (sel["cost_per_customer"].to_numpy(),
                              sel["return_per_customer"].to_numpy())
    return samples


def luxury_verdicts(scenario: Scenario, **kwargs) -> pd.DataFrame:
    """The verdict of every step up the ladder, per segment (:attr:`Assessment.verdicts`).

    Keyword arguments as for :func:`assess_levels`.
    """
    return assess_levels(scenario, **kwargs).verdicts


def best_levels(scenario: Scenario, **kwargs) -> pd.DataFrame:
    """The level that earns most per customer, per segment (:attr:`Assessment.best`)."""
    return assess_levels(scenario, **kwargs).best


# --------------------------------------------------------------------------------------
# portfolio under staff capacity
# --------------------------------------------------------------------------------------


def portfolio(
    scenario: Scenario,
    *,
    levels: Mapping[str, Sequence[str]] | None = None,
    executor: Executor | str | None = "serial",
    progress_bar: bool = False,
) -> pd.DataFrame:
    """Every combination of levels across segments, ranked by total discounted profit.

    Under limited account managers (``scenario.staff``) segments compete for the same
    managers: moving the key accounts up to partnership can leave the other segments'
    contacts unserved. The analytic engine's staff fixed point decides how much each plan
    actually gets served.

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
        ``discounted_profit`` (total), ``served_fraction``, ``rank`` and
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
        served_fraction=("served_fraction", "min"),
    )
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


# --------------------------------------------------------------------------------------
# break-even
# --------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def verdict_text(row: Mapping[str, object]) -> str:
    """One verdict row (of :func:`luxury_verdicts`) in words, in the current language.

    Parameters
    ----------
    row : mapping or Series
        With segment, level, verdict, extra_cost, extra_return, luxury_ratio and, when
        present, the ratio interval ratio_low / ratio_high.

    Examples
    --------
    >>> row = {"segment": "key accounts", "level": "partnership", "verdict": "luxurious",
    ...        "extra_cost": 180.0, "extra_return": 100.0, "luxury_ratio": 1.8}
    >>> verdict_text(row)
    'partnership is luxurious for key accounts: extra cost 1.8 × extra return'
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     verdict_text(row)
    '对大客户而言，合作伙伴关系是奢侈的：额外成本是额外回报的 1.8 倍'
    """
    code = str(row["verdict"])
    check_choice("verdict", code, VERDICTS)
    head = tr(f"luxury.verdict.{code}", level=level_label(str(row["level"])),
              segment=segment_label(str(row["segment"])))
    cost, ret = float(row["extra_cost"]), float(row["extra_return"])
    ratio = float(row["luxury_ratio"])
    if math.isfinite(ratio) and cost > 0 and ret > 0:
        detail = tr("luxury.detail.ratio", ratio=ratio)
        low, high = (float(row.get(k, math.nan)) for k in ("ratio_low", "ratio_high"))
        if math.isfinite(low) and math.isfinite(high):
            detail = tr("luxury.detail.with_interval", detail=detail, low=low, high=high)
    elif cost > 0 >= ret:
        detail = tr("luxury.detail.no_return", cost=_fmt(cost))
    elif ret > 0 >= cost:
        detail = tr("luxury.detail.no_cost", extra_return=_fmt(ret))
    else:
        detail = tr("luxury.detail.profit", profit=_fmt(ret - cost))
    return tr("luxury.verdict.join", head=head, detail=detail)


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
        words = {"level": level_label(self.level), "segment": segment_label(self.segment),
                 "against": level_label(self.cheaper_level),
                 "parameter": parameter_label(self.parameter)}
        if not self.values:
            span = {"low": _fmt(self.low), "high": _fmt(self.high)}
            if self.paying:
                return tr(f"luxury.break_even.pays_all{vs}", **words, **span)
            return tr("luxury.break_even.luxurious_all", **words, **span)
        if len(self.values) == 1:
            sign = "≥" if self.extra_profit[-1] > 0 else "≤"
            return tr(f"luxury.break_even.one{vs}", **words, sign=sign,
                      value=_fmt(self.values[0]))
        ranges = tr("luxury.or").join(f"{_fmt(a)}–{_fmt(b)}" for a, b in self.paying)
        return tr(f"luxury.break_even.ranges{vs}", **words, ranges=ranges)

    def __str__(self) -> str:
        return self.statement


def _is_whole(scenario: Scenario, path: str) -> bool:
    return resolve_path(scenario, path).whole


def _gain_at(scenario, path, value, segment, level, against):
    varied = apply_parameter(scenario, path, value)
    lines = level_lines(varied, segment, levels=[against, level])
    v = lines @ CASH_SIGNS
    return float(v[1] - v[0])


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
        A parameter path (:func:`crmsim.analysis.experiments.apply_parameter`) or a bare segment
        field such as ``"switching_cost"``.
    bounds : (low, high), optional
        Range to search; default the field's allowed range, or 0 to 10 × the current value
        when it is unbounded.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> key = Segment(name="key accounts", annual_wallet=600_000.0, mutual_importance=0.9,
    ...               switching_cost=0.9)
    >>> print(break_even(Scenario(segments=(key,)), parameter="switching_cost"))
    partnership pays for key accounts only while switching cost ≥ 0.603
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
    whole = _is_whole(scenario, path)
    if whole:  # whole-number parameters: scan every whole value, no root finding
        xs = np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=float)
    else:
        xs = np.linspace(lo, hi, n_scan)
    gains = np.array([_gain_at(scenario, path, x, name, level, against) for x in xs])
    roots = []
    for i in range(len(xs) - 1):
        g0, g1 = gains[i], gains[i + 1]
        if g0 == 0.0:
            roots.append(float(xs[i]))
        elif g0 * g1 < 0 and whole:
            roots.append(float(xs[i + 1] if g1 > 0 else xs[i]))
        elif g0 * g1 < 0:
            roots.append(float(brentq(
                lambda x: _gain_at(scenario, path, x, name, level, against),
                xs[i], xs[i + 1], xtol=1e-6 * max(1.0, abs(hi - lo)),
            )))
    if gains[-1] == 0.0:
        roots.append(float(xs[-1]))
    paying: tuple[tuple[float, float], ...]
    if not roots:
        paying = ((lo, hi),) if gains[0] > 0 else ()
    elif len(roots) == 1:
        paying = ((roots[0], hi),) if gains[-1] > 0 else ((lo, roots[0]),)
    else:
        edges = [lo, *roots, hi]
        paying = tuple(
            (a, b) for a, b in itertools.pairwise(edges)
            if _gain_at(scenario, path, (a + b) / 2, name, level, against) > 0
        )
    against_next = against == scenario.level_names[max(position - 1, 0)]
    return BreakEven(name, level, against, path, tuple(roots), lo, hi, xs, gains, paying,
                     against_next)


