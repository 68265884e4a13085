"""Luxury verdicts: when does a deeper relationship level stop paying (奢侈的)?

A level is *luxurious* for a segment when the extra discounted cost of holding its
customers there, compared with the next cheaper level, exceeds the extra discounted return
it brings; both per customer at month 0, over the scenario's horizon, discounted at the
scenario's rate, and including the value of the customers they refer.

Where a verdict turns as one parameter moves is :mod:`crmsim.analysis.break_even_points`;
which level for which segment when segments share staff is
:mod:`crmsim.analysis.portfolio_ranking`.

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
profit (extra return − extra cost) straddles 0. With fewer than
:attr:`VerdictOptions.min_replications` replications (default 10) nothing is called: a
percentile bootstrap of a handful of replications is far too narrow (three replications
have ten distinct resamples), so the intervals are left undefined, every step is "too
close to call" and no best level is clear.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> verdicts = luxury_verdicts(Scenario(segments=(Segment(name="typical"),)))
>>> verdicts[["level", "verdict"]].values.tolist()
[['preferred', 'pays'], ['partnership', 'luxurious'], ['alliance', 'luxurious']]

Verdict codes stay the same in every language; :func:`verdict_text` says the verdict in
words, in the current display language (:mod:`crmsim.language.translate`):

>>> print(verdict_text(verdicts.iloc[1]))
partnership is luxurious for typical: extra cost 3.7 × extra return
>>> from crmsim.language.translate import use_language
>>> with use_language("zh"):
...     print(verdict_text(verdicts.iloc[1]))
对typical而言，合作伙伴关系是奢侈的：额外成本是额外回报的 3.7 倍
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import mean_ci, replicate
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.numbers import format_number
from crmsim.engines.analytic import evaluate, level_lines
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS, lines_per_customer
from crmsim.language.translate import level_label, money_label, segment_label, tr
from crmsim.scenario.scenario import Scenario

__all__ = [
    "VERDICTS",
    "Assessment",
    "VerdictOptions",
    "assess_comparison",
    "assess_levels",
    "best_levels",
    "luxury_ratio",
    "luxury_verdicts",
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
    min_replications : int
        Fewest SimPy replications from which a verdict or a best level is called.
    """

    confidence: float = 0.95
    n_bootstrap: int = 4000
    bootstrap_seed: int = 0
    min_replications: int = 10

    def __post_init__(self) -> None:
        if not 0.5 <= self.confidence < 1.0:
            raise ScenarioError(
                f"VerdictOptions.confidence must be a number in [0.5, 1); received "
                f"{self.confidence!r}."
            )
        check_int("VerdictOptions.n_bootstrap", self.n_bootstrap, low=100)
        check_int("VerdictOptions.bootstrap_seed", self.bootstrap_seed, low=0)
        check_int("VerdictOptions.min_replications", self.min_replications, low=2)


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
        exact = engine == "analytic"
        few = not exact and n < options.min_replications  # too few to call anything
        idx = None if exact or few else rng.integers(0, n, size=(options.n_bootstrap, n))
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
                           verdict="too close to call" if few
                           else _verdict(mr - mc - tol, mr - mc + tol))
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
        clear = not few
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

    Ratios keep two significant figures: 1.036 is "1.0", not "1".

    >>> verdict_text({**row, "luxury_ratio": 1.036})
    'partnership is luxurious for key accounts: extra cost 1.0 × extra return'
    """
    code = str(row["verdict"])
    check_choice("verdict", code, VERDICTS)
    head = tr(f"luxury.verdict.{code}", level=level_label(str(row["level"])),
              segment=segment_label(str(row["segment"])))
    cost, ret = float(row["extra_cost"]), float(row["extra_return"])
    ratio = float(row["luxury_ratio"])
    if math.isfinite(ratio) and cost > 0 and ret > 0:
        detail = tr("luxury.detail.ratio",
                    ratio=format_number(ratio, digits=2, significant=True))
        low, high = (float(row.get(k, math.nan)) for k in ("ratio_low", "ratio_high"))
        if math.isfinite(low) and math.isfinite(high):
            detail = tr("luxury.detail.with_interval", detail=detail,
                            low=format_number(low, digits=2, significant=True),
                            high=format_number(high, digits=2, significant=True))
    elif cost > 0 >= ret:
        detail = tr("luxury.detail.no_return", cost=money_label(format_number(cost)))
    elif ret > 0 >= cost:
        detail = tr("luxury.detail.no_cost", extra_return=money_label(format_number(ret)))
    else:
        detail = tr("luxury.detail.profit", profit=money_label(format_number(ret - cost)))
    return tr("luxury.verdict.join", head=head, detail=detail)
