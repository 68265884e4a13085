"""Everything the consultant's report (``crmsim run``) shows, computed and returned as data.

:func:`analyse_for_report` runs the analyses; :func:`crmsim.views.report.write_report` draws
and writes them. What comes from where:

* values per segment and level, the luxury verdicts and the best level come from
  ``n_replications`` SimPy replications with common random numbers
  (:func:`crmsim.analysis.luxury.assess_levels`; Student-t intervals for values, paired
  bootstrap for verdicts);
* occupancy and cash flows per level, the frontier map, tornado and break-even of every
  segment are exact expectations of the analytic engine (they need no seed);
* "where does partnership pay?": scenario discovery
  (:func:`crmsim.analysis.discovery.discover`, :data:`DISCOVERY_POINTS` Latin-hypercube
  points seeded with the run's seed) on each segment alone with unlimited staff, and the
  texts' rule beside it (:func:`crmsim.analysis.discovery.compare_with_rule`); only with
  the ``discovery`` extra installed, and only when the scenario has a partnership level
  deeper than its cheapest.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> key = Segment(name="key", n_customers=4, annual_wallet=600_000.0,
...               mutual_importance=0.9, switching_cost=0.9)
>>> scenario = Scenario(segments=(key,), horizon_months=12)
>>> analysis = analyse_for_report(scenario, n_replications=2, seed=5, progress=False,
...                               frontier_points=3)
>>> analysis.seed, list(analysis.best.columns)
(5, ['segment', 'best_level', 'value_per_customer', 'clear'])
>>> sorted(analysis.tables())  # doctest: +NORMALIZE_WHITESPACE
['assumptions', 'best', 'both_sides', 'break_even', 'cash_flows', 'discovery',
 'discovery_rule', 'frontier', 'occupancy', 'summary', 'tornado', 'values', 'verdicts']
>>> analysis.summary.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
['segment', 'customers', 'planned_level', 'best_level', 'clear', 'value_planned',
 'value_best', 'at_stake', 'luxurious', 'too_close']
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmsim.analysis.break_even_points import BreakEven
from crmsim.analysis.compare import LevelComparison
from crmsim.analysis.discovery import Discovery, RuleComparison
from crmsim.analysis.frontier import FrontierMap
from crmsim.common.checks import check_int
from crmsim.common.extras import MissingExtraError, require_extra
from crmsim.common.numbers import format_number
from crmsim.language.translate import segment_label, tr
from crmsim.scenario.scenario import Scenario

__all__ = [
    "DISCOVERY_LEVEL",
    "DISCOVERY_POINTS",
    "ReportAnalysis",
    "analyse_for_report",
    "assumptions_table",
    "step_level",
]

DISCOVERY_LEVEL = "partnership"
"""The level whose pay-off the report's scenario discovery maps."""

DISCOVERY_POINTS = 1000
"""Latin-hypercube points of the report's scenario discovery, per segment."""


def _spec_rows(prefix: str, obj: object) -> list[dict[str, Any]]:
    rows = []
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        spec = f.metadata.get("crmsim") or {}
        value = getattr(obj, f.name)
        if f.name == "initial_mix":
            value = ", ".join(f"{k} {v:g}" for k, v in value)
        if value is None:
            value = "unlimited"
        rows.append({"parameter": f"{prefix}{f.name}", "value": value,
                     "unit": spec.get("unit", ""), "meaning": spec.get("doc", "")})
    return rows


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every parameter of ``scenario``: parameter path, value, unit, meaning.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> table = assumptions_table(Scenario())
    >>> table.set_index("parameter").loc["lifecycle.churn_new", "unit"]
    'per month'
    """
    rows = [r for r in _spec_rows("", scenario) if r["meaning"]]
    for key in ("lifecycle", "acquisition", "complaints", "staff"):
        rows += _spec_rows(f"{key}.", getattr(scenario, key))
    for seg in scenario.segments:
        rows += [r for r in _spec_rows(f"segments['{seg.name}'].", seg)
                 if not r["parameter"].endswith(".name")]
    for prog in scenario.programmes:
        rows += _spec_rows(f"programmes['{prog.name}'].", prog)
    for level in scenario.levels:
        rows += [r for r in _spec_rows(f"levels['{level.name}'].", level)
                 if not r["parameter"].endswith(".name")]
    rows += [{"parameter": f"plan['{s}']", "value": lv, "unit": "",
              "meaning": "relationship level of the segment"} for s, lv in scenario.plan]
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype(str)
    return frame


def step_level(scenario: Scenario, segment: str) -> str | None:
    """The level whose step up the report examines for ``segment`` (tornado, break-even).

    The segment's planned level, or, when that is the cheapest level, partnership (the
    second level if there is no partnership). None when the scenario has a single level.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> scenario = Scenario(segments=(Segment(name="a"), Segment(name="b")),
    ...                     plan={"a": "alliance"})
    >>> step_level(scenario, "a"), step_level(scenario, "b")
    ('alliance', 'partnership')
    """
    names = scenario.level_names
    if len(names) < 2:
        return None
    planned = dict(scenario.plan)[scenario.segment(segment).name]
    if planned != names[0]:
        return planned
    return "partnership" if "partnership" in names else names[1]


@dataclass(frozen=True, slots=True)
class ReportAnalysis:
    """What :func:`analyse_for_report` found: the report's tables and the figures' inputs.

    Attributes
    ----------
    scenario : Scenario
        The scenario analysed.
    seed : int
        Root seed of the SimPy replications (drawn from fresh entropy when none was given).
    n_replications : int
        SimPy replications behind ``values``, ``verdicts`` and ``best``.
    frontier_points : int
        Grid points per axis of each frontier map.
    assumptions : DataFrame
        :func:`assumptions_table` of the scenario.
    values, verdicts, best : DataFrame
        :class:`crmsim.analysis.luxury.Assessment` of the SimPy replications; ``best`` has
        the columns segment, best_level, value_per_customer, clear.
    comparison : LevelComparison
        The analytic comparison of the levels (occupancy and cash flows per level).
    frontier_maps : tuple of FrontierMap
        One map per segment over mutual importance × switching cost (empty when the
        scenario has a single level, like the next two).
    tornado : DataFrame
        :func:`crmsim.analysis.sensitivity.tornado` of the extra profit of each segment's
        :func:`step_level`, with a first column ``segment`` and after ``level`` a column
        ``output`` (``extra_profit``: discounted extra profit per customer of ``level`` over
        the next cheaper level).
    break_evens : tuple of BreakEven
        Each segment's break-even of its :func:`step_level` along switching cost.
    both_sides : DataFrame
        :func:`crmsim.analysis.customer_side.both_sides`: each level's gain to the firm and
        to the customer, per segment (win-win, 双赢), every level fully served.
    discoveries : tuple of Discovery
        Per segment, where :data:`DISCOVERY_LEVEL` pays (segment alone, unlimited staff,
        :data:`DISCOVERY_POINTS` points, the run's seed); empty without the ``discovery``
        extra or a partnership level.
    rule_comparisons : tuple of RuleComparison
        The texts' rule beside each of ``discoveries``.
    discovery_installed : bool
        Whether the ``discovery`` extra is installed (False: the report says which extra adds
        the section).
    """

    scenario: Scenario
    seed: int
    n_replications: int
    frontier_points: int
    assumptions: pd.DataFrame
    values: pd.DataFrame
    verdicts: pd.DataFrame
    best: pd.DataFrame
    comparison: LevelComparison
    frontier_maps: tuple[FrontierMap, ...]
    tornado: pd.DataFrame
    break_evens: tuple[BreakEven, ...]
    both_sides: pd.DataFrame
    discoveries: tuple[Discovery, ...] = ()
    rule_comparisons: tuple[RuleComparison, ...] = ()
    discovery_installed: bool = True

    @property
    def occupancy(self) -> pd.DataFrame:
        """Expected customers per month, state, segment and level (analytic)."""
        return self.comparison.occupancy

    @property
    def cash_flows(self) -> pd.DataFrame:
        """Expected cash flows per month and level (analytic)."""
        return self.comparison.cash_flows

    @property
    def frontier(self) -> pd.DataFrame:
        """Every frontier map's tidy frame, with a first column ``segment``."""
        frames = []
        for fmap in self.frontier_maps:
            frame = fmap.frame()
            frame.insert(0, "segment", fmap.segment)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @property
    def break_even(self) -> pd.DataFrame:
        """One row per segment: segment, level, cheaper_level, parameter, break_even (the
        values, ``;``-separated) and statement (in the current display language)."""
        return pd.DataFrame([
            {"segment": b.segment, "level": b.level, "cheaper_level": b.cheaper_level,
             "parameter": b.parameter,
             "break_even": "; ".join(format_number(v, digits=4, grouping=False)
                                     for v in b.values),
             "statement": b.statement}
            for b in self.break_evens
        ])

    @property
    def summary(self) -> pd.DataFrame:
        """One row per segment: what the report's opening paragraph says.

        Columns: segment, customers (at the start), planned_level, best_level, clear (False:
        too close to call, see :attr:`best`), value_planned and value_best (value per
        customer at each, mean of the replications), at_stake (customers × the
        difference: the discounted profit the planned level leaves on the table; NaN, an
        empty cell in ``summary.csv``, when the best level is too close to call: no money
        at stake is counted for a best level not called),
        luxurious (the levels whose step up is luxurious, ``;``-separated) and too_close
        (the steps too close to call, likewise).
        """
        planned = dict(self.scenario.plan)
        values = self.values.set_index(["segment", "level"])["value_per_customer"]
        rows = []
        for best in self.best.itertuples():
            segment = best.segment
            steps = self.verdicts[self.verdicts["segment"] == segment] if len(
                self.verdicts) else self.verdicts
            n = self.scenario.segment(segment).n_customers
            value_planned = float(values.loc[(segment, planned[segment])])
            rows.append({
                "segment": segment, "customers": n, "planned_level": planned[segment],
                "best_level": best.best_level, "clear": bool(best.clear),
                "value_planned": value_planned, "value_best": float(best.value_per_customer),
                "at_stake": n * (float(best.value_per_customer) - value_planned)
                if best.clear else np.nan,
                "luxurious": ";".join(steps.loc[steps["verdict"] == "luxurious", "level"])
                if len(steps) else "",
                "too_close": ";".join(steps.loc[steps["verdict"] == "too close to call",
                                                "level"]) if len(steps) else "",
            })
        return pd.DataFrame(rows)

    @property
    def discovery(self) -> pd.DataFrame:
        """Every discovery's boxes (:meth:`Discovery.to_frame`) with a first column
        ``segment``; bounds as ``low:<field>`` / ``high:<field>`` of the segment's fields."""
        frames = []
        for found in self.discoveries:
            frame = found.to_frame()
            prefix = f"segment:{found.segment}."
            frame.columns = [c.replace(prefix, "") for c in frame.columns]
            frame.insert(0, "segment", found.segment)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @property
    def discovery_rule(self) -> pd.DataFrame:
        """The texts' rule beside each discovery (:meth:`RuleComparison.to_frame`): segment,
        measure, value (shares of the sampled points)."""
        frames = []
        for comparison in self.rule_comparisons:
            frame = comparison.to_frame()
            frame.insert(0, "segment", comparison.segment)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The report's tables by name (each written as ``<name>.csv``)."""
        tables = {"summary": self.summary, "values": self.values, "verdicts": self.verdicts,
                  "best": self.best, "both_sides": self.both_sides, "occupancy": self.occupancy,
                  "cash_flows": self.cash_flows, "assumptions": self.assumptions}
        if self.break_evens:
            tables.update(frontier=self.frontier, tornado=self.tornado,
                          break_even=self.break_even)
        if self.discoveries:
            tables.update(discovery=self.discovery, discovery_rule=self.discovery_rule)
        return tables


def analyse_for_report(
    scenario: Scenario,
    *,
    n_replications: int = 30,
    seed: int | None = None,
    executor: Executor | str | None = "serial",
    progress: bool = True,
    frontier_points: int = 21,
) -> ReportAnalysis:
    """Run every analysis of the consultant's report on ``scenario``.

    Parameters
    ----------
    scenario : Scenario
    n_replications : int
        SimPy replications (at least 2, for confidence intervals).
    seed : int, optional
        Root seed; None draws fresh entropy (returned as ``seed``).
    executor : Executor, "serial" or None
        Where the replications run (:func:`crmsim.analysis.experiments.replicate`).
    progress : bool
        Show tqdm progress bars.
    frontier_points : int
        Grid points per axis of the frontier maps (at least 3).

    Returns
    -------
    ReportAnalysis
    """
    from tqdm.auto import tqdm

    from crmsim.analysis.break_even_points import break_even
    from crmsim.analysis.compare import compare_levels
    from crmsim.analysis.customer_side import both_sides
    from crmsim.analysis.frontier import frontier_map
    from crmsim.analysis.luxury import assess_levels
    from crmsim.analysis.sensitivity import tornado

    n_replications = check_int("n_replications", n_replications, low=2)
    frontier_points = check_int("frontier_points", frontier_points, low=3)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    seed = check_int("seed", seed, low=0)
    segments = [seg.name for seg in scenario.segments] if len(scenario.level_names) >= 2 \
        else []
    try:
        require_extra("the report's scenario discovery", "discovery")
        installed = True
    except MissingExtraError:
        installed = False
    names = scenario.level_names
    searched = segments if installed and DISCOVERY_LEVEL in names[1:] else []
    with tqdm(total=3 + 3 * len(segments) + len(searched), disable=not progress,
              bar_format="{desc}: {n_fmt}/{total_fmt} steps [{elapsed}]") as bar:

        def step(key: str, **values: object) -> None:
            bar.set_description_str(tr(key, **values))

        step("report.step.simulate", n=n_replications)
        assessment = assess_levels(scenario, engine="simpy", n_replications=n_replications,
                                   seed=seed, executor=executor, progress_bar=progress)
        bar.update()
        step("report.step.expected")
        comparison = compare_levels(scenario, engine="analytic")
        bar.update()
        step("report.step.both_sides")
        sides = both_sides(scenario)
        bar.update()
        maps, swings, breaks = [], [], []
        for name in segments:
            level = step_level(scenario, name)
            shown = segment_label(name)
            step("report.step.frontier", segment=shown, n=frontier_points ** 2)
            maps.append(frontier_map(scenario, segment=name, n_points=frontier_points))
            bar.update()
            step("report.step.tornado", segment=shown)
            swing = tornado(scenario, segment=name, level=level, output="extra_profit")
            swing.insert(0, "segment", name)
            # which output swings, in the file itself (tornado.csv), not only in the manifest
            swing.insert(swing.columns.get_loc("level") + 1, "output", "extra_profit")
            swings.append(swing)
            bar.update()
            step("report.step.break_even", segment=shown)
            breaks.append(break_even(scenario, segment=name, level=level,
                                     parameter="switching_cost"))
            bar.update()
        found, compared = _discoveries(scenario, searched, seed, step, bar)
    return ReportAnalysis(
        scenario=scenario,
        seed=seed,
        n_replications=n_replications,
        frontier_points=frontier_points,
        assumptions=assumptions_table(scenario),
        values=assessment.values,
        verdicts=assessment.verdicts,
        best=assessment.best,
        comparison=comparison,
        frontier_maps=tuple(maps),
        tornado=pd.concat(swings, ignore_index=True) if swings else pd.DataFrame(),
        break_evens=tuple(breaks),
        both_sides=sides,
        discoveries=found,
        rule_comparisons=compared,
        discovery_installed=installed,
    )


def _discoveries(
    scenario: Scenario, segments: list[str], seed: int, step: Any, bar: Any
) -> tuple[tuple[Discovery, ...], tuple[RuleComparison, ...]]:
    """Where partnership pays for each of ``segments`` alone with unlimited staff."""
    from crmsim.analysis.discovery import compare_with_rule, discover

    found, compared = [], []
    for name in segments:
        step("report.step.discovery", segment=segment_label(name), n=DISCOVERY_POINTS)
        alone = scenario.segment_alone(name, unlimited_staff=True)
        result = discover(alone, segment=name, level=DISCOVERY_LEVEL,
                          n_points=DISCOVERY_POINTS, seed=seed)
        found.append(result)
        compared.append(compare_with_rule(result))
        bar.update()
    return tuple(found), tuple(compared)
