"""Interactive explorers behind the teaching notebooks (ipywidgets 8, Voilà-friendly).

One builder per notebook; each returns an :class:`Explorer`, an ``ipywidgets.VBox`` that
exposes

* ``controls`` — a dict of the widgets a user (or a test) can change;
* ``figure`` — the matplotlib :class:`~matplotlib.figure.Figure` it draws on (reused on
  every redraw; it is a bare ``Figure``, not a pyplot figure, so nothing leaks);
* ``image`` — an ``ipywidgets.Image`` holding the figure as PNG (works in JupyterLab,
  Voilà and a headless kernel alike);
* ``data`` — the table last shown (a pandas DataFrame), also rendered in ``table_html``;
* ``result`` — the last library result (e.g. :class:`crmsim.engines.results.Results`).

Labels, descriptions, option names, explanations, figures and table headers are in the
display language current when an explorer is built (:mod:`crmsim.language.translate`; every builder
also takes ``lang="en"`` or ``lang="zh"``); control values stay language-independent
(level names, segment names, codes), so code that sets ``controls[...].value`` works in
either language.

Views stay thin: every number comes from a crmsim library function (:func:`crmsim.evaluate`,
:func:`crmsim.engines.simulation.simulate`, :func:`crmsim.analysis.compare.compare_levels`,
:mod:`crmsim.analysis.teaching`); the explorers only choose inputs and draw.

=============================  ========================================================
:func:`lifecycle_explorer`     01: touch points and churn move the lifecycle flow
:func:`customer_worth_explorer` 02: the 500 → 100,000 arithmetic and its corrections
:func:`clv_distribution_explorer` 02: analytic expectation vs simulated CLV spread
:func:`levels_explorer`        03: the same customers at each of the four levels
:func:`luxury_map_explorer`    04: where partnership pays, break-evens, the textbook rule
:func:`segments_staff_explorer` 05: a level per segment under limited account managers
:func:`retention_levers_explorer` 06: complaint desk, service recovery, programmes
=============================  ========================================================

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = customer_worth_explorer()
>>> float(w.data["value"].iloc[-1])
100000.0
>>> w.controls["discount_rate"].value = 0.1
>>> round(float(w.data["value"].iloc[-1]), 2)
67590.24
"""

from __future__ import annotations

import dataclasses
import html
import io
import textwrap
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, ScalarFormatter

from crmsim.analysis.compare import compare_levels
from crmsim.analysis.teaching import (
    expected_flows,
    lifetime_value_arithmetic,
    lifetime_value_steps,
    scaled_churn,
)
from crmsim.engines.analytic import evaluate
from crmsim.engines.results import Results
from crmsim.engines.simulation import simulate
from crmsim.language.translate import (
    column_label,
    get_language,
    level_label,
    segment_label,
    state_label,
    tr,
    use_language,
    verdict_label,
)
from crmsim.scenario.scenario import PROGRAMME_KINDS, ComplaintDesk, Programme, Scenario, Staff
from crmsim.scenario.states import BUYING_STATES, STATE_LABELS_ZH, STATES
from crmsim.views.plots import plot_cumulative_profit, plot_occupancy, plot_value_by_level
from crmsim.views.style import STATE_COLOURS, classroom_style, level_colour

__all__ = [
    "Explorer",
    "clv_distribution_explorer",
    "customer_worth_explorer",
    "default_scenario",
    "levels_explorer",
    "lifecycle_explorer",
    "luxury_map_explorer",
    "retention_levers_explorer",
    "segments_staff_explorer",
]

SLIDER_OPTIONS = {"continuous_update": False, "style": {"description_width": "initial"},
           "layout": W.Layout(width="420px")}
_DPI = 72


def default_scenario(name: str | None = None) -> Scenario:
    """The preset scenario ``name`` (default: the classroom preset)."""
    from crmsim.scenario.presets import DEFAULT_PRESET, preset

    return preset(name or DEFAULT_PRESET)


class ResultCache:
    """A small least-recently-used cache of analytic runs keyed by (frozen) scenario."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._runs: OrderedDict = OrderedDict()

    def __call__(self, fn: Callable, *key):
        if key in self._runs:
            self._runs.move_to_end(key)
            return self._runs[key]
        value = fn(*key)
        self._runs[key] = value
        if len(self._runs) > self.size:
            self._runs.popitem(last=False)
        return value


_EVALUATE = ResultCache()


def _evaluate(scenario: Scenario) -> Results:
    return _EVALUATE(evaluate, scenario)


def _compare_analytic(scenario: Scenario):
    return _EVALUATE(lambda s: compare_levels(s, engine="analytic"), scenario)


_THOUSANDS = FuncFormatter(lambda y, _pos: f"{y:,.0f}" if abs(y) >= 10 else f"{y:g}")


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _level_options(scenario: Scenario) -> list[tuple[str, str]]:
    """Dropdown options (label in the display language, level name) for the levels."""
    return [(level_label(name, levels=scenario.levels), name) for name in scenario.level_names]


def _segment_options(names: list[str]) -> list[tuple[str, str]]:
    """Dropdown options (label in the display language, segment name) for the segments.

    Examples
    --------
    >>> with use_language("zh"):
    ...     _segment_options(["key accounts", "smb"])
    [('大客户', 'key accounts'), ('smb', 'smb')]
    """
    return [(segment_label(name), name) for name in names]


class Explorer(W.VBox):
    """Controls on top, the figure and a table below; redraws when a control changes.

    Subclasses implement ``compute()`` (library calls only; sets ``result`` and ``data``)
    and ``draw()`` (draws ``result`` on ``figure``). ``update()`` runs both, renders the
    figure to ``image`` and the table to ``table_html``; ``last_redraw_seconds`` and
    ``n_redraws`` record what it did.
    """

    title: str = ""
    title_key: str = ""  # catalogue key of the title (crmsim.language.catalogue), if any
    figsize: tuple[float, float] = (13.0, 5.0)
    # fixed margins rather than constrained layout: one layout pass less per redraw
    margins: ClassVar[dict] = {"left": 0.08, "right": 0.98,
                              "bottom": 0.13, "top": 0.9, "wspace": 0.3}
    width_ratios: tuple[float, ...] = (1.0,)
    style_scale: float = 1.0  # font scale of the figure (> 1 for presentation)
    _syncing: bool = False  # True while set_controls changes several controls

    def __init__(self, controls: dict[str, W.Widget], *, intro: str = "",
                 live: tuple[str, ...] | None = None, buttons: tuple[str, ...] = ()) -> None:
        self.controls = controls
        # the language the explorer was built in; callbacks redraw in it
        self.lang = getattr(self, "lang", None) or get_language()
        if self.title_key:
            self.title = tr(self.title_key)
        self.figure = Figure(figsize=self.figsize, dpi=_DPI)
        axes = self.figure.subplots(1, len(self.width_ratios), width_ratios=self.width_ratios,
                                    squeeze=False)
        self.axes = tuple(axes[0])
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.table_html = W.HTML()
        self.status = W.HTML()
        self.result = None
        self.data = pd.DataFrame()
        self.n_redraws = 0
        self.last_redraw_seconds = float("nan")
        header = W.HTML(f"<h3 style='margin:4px 0'>{self.title}</h3>"
                        + (f"<p style='margin:2px 0'>{intro}</p>" if intro else ""))
        names = live if live is not None else tuple(n for n in controls if n not in buttons)
        for name in names:
            controls[name].observe(self._on_change, names="value")
        panel = W.GridBox(list(controls.values()),
                          layout=W.Layout(grid_template_columns="repeat(2, 440px)",
                                          grid_gap="2px 12px"))
        super().__init__([header, panel, self.status, self.image, self.table_html])
        self.update()

    # -- to implement -----------------------------------------------------------------
    def compute(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- machinery --------------------------------------------------------------------
    def _on_change(self, _change=None) -> None:
        if not self._syncing:
            self.update()

    def set_controls(self, values: dict[str, object]) -> None:
        """Set several controls at once and redraw once, not once per control."""
        self._syncing = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._syncing = False
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw figure and table."""
        start = time.perf_counter()
        with use_language(self.lang):
            try:
                self.compute()
            except Exception as exc:  # a user's impossible combination: say so, keep going
                self.status.value = ("<b style='color:#b00'>"
                                     + tr("widgets.cannot_compute", error=exc) + "</b>")
                raise
            self._redraw_only()
            self.table_html.value = self._table_html()
        self.last_redraw_seconds = time.perf_counter() - start

    def _redraw_only(self) -> None:
        """Draw the current results on the reused axes and show them as a PNG."""
        with use_language(self.lang), classroom_style(self.style_scale):
            for ax in self.axes:  # reuse the axes: clear and redraw
                ax.clear()
                ax.set_axis_on()
            self.draw()
            self.figure.subplots_adjust(**self.margins)
            for ax in self.figure.axes:  # thousands separators, but keep category labels
                if ax.axison and isinstance(ax.yaxis.get_major_formatter(), ScalarFormatter):
                    ax.yaxis.set_major_formatter(_THOUSANDS)
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png", dpi=_DPI)
        self.image.value = buffer.getvalue()
        self.n_redraws += 1

    def display_table(self) -> pd.DataFrame:
        """``data`` as shown under the figure: headers and codes in the explorer's language.

        ``data`` itself keeps its English column names and codes (level names, verdicts).
        """
        with use_language(self.lang):
            return self._display_table()

    def _display_table(self) -> pd.DataFrame:
        table = self.data.copy()
        for name in ("level", "best_level"):
            if name in table:
                table[name] = [level_label(v) for v in table[name]]
        if "segment" in table:
            table["segment"] = [segment_label(v) for v in table["segment"]]
        if "verdict" in table:
            table["verdict"] = [verdict_label(v) for v in table["verdict"]]
        if self.lang == "zh" and "中文" in table:  # the labels are Chinese already
            table = table.drop(columns="中文")
        return table.rename(columns=column_label)

    def _table_html(self) -> str:
        if self.data.empty:
            return ""
        return self.display_table().to_html(index=False, float_format=_money, border=0,
                                            classes="crmsim-table")


# -- 01 lifecycle ----------------------------------------------------------------------

_FLOW_POS = {
    "potential": (0.0, 1.0), "target": (1.0, 1.0), "new": (2.0, 1.0), "repeat": (3.0, 1.0),
    "loyal": (4.0, 1.0), "lost": (3.0, -0.25), "non_customer": (0.5, -0.25),
    "word of mouth": (1.0, 2.1),
}
_FLOW_BEND = {("lost", "new"): 0.25, ("new", "lost"): 0.25, ("repeat", "loyal"): 0.35,
              ("loyal", "repeat"): 0.35, ("repeat", "lost"): 0.0, ("loyal", "lost"): -0.2}


def _draw_flows(ax, flows: pd.DataFrame, mean_occupancy: pd.Series) -> None:
    """Lifecycle flow diagram: boxes per state, arrows as wide as the monthly flow."""
    top = max(float(flows["customers_per_month"].max()), 1e-9) if len(flows) else 1.0
    for row in flows.itertuples(index=False):
        (x0, y0), (x1, y1) = _FLOW_POS[row.source], _FLOW_POS[row.target]
        width = 0.6 + 9.0 * row.customers_per_month / top
        bend = _FLOW_BEND.get((row.source, row.target), 0.12)
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", lw=width, color="#4a6fa5", alpha=0.55,
                                    shrinkA=24, shrinkB=24, mutation_scale=12 + width,
                                    connectionstyle=f"arc3,rad={bend}"))
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        mx, my = mx + bend * dy * 0.5, my - bend * dx * 0.5
        ax.text(mx, my, f"{row.customers_per_month:.1f}", ha="center", va="center",
                fontsize=9, color="#1f3b63",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    for state, (x, y) in _FLOW_POS.items():
        colour = STATE_COLOURS.get(state, "#ffffff")
        n = mean_occupancy.get(state)
        name = tr("widgets.flows.word_of_mouth") if state == "word of mouth" else state_label(state)
        label = name + (f"\n{n:.0f}" if n is not None else "")
        ax.text(x, y, label, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.4", fc=colour, ec="#333333"))
    ax.set_xlim(-0.5, 4.5)
    ax.set_ylim(-0.7, 2.5)
    ax.set_axis_off()
    ax.set_title(tr("widgets.flows.title"), fontsize=12)


class LifecycleExplorer(Explorer):
    title_key = "widgets.lifecycle.title"
    figsize = (14.0, 5.2)
    margins: ClassVar[dict] = {"left": 0.06, "right": 0.99,
                              "bottom": 0.11, "top": 0.9, "wspace": 0.42}
    width_ratios = (1.0, 1.15)

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        segments = [(tr("widgets.all_segments"), "all segments"),
                    *_segment_options([seg.name for seg in scenario.segments])]
        acq, life = scenario.acquisition, scenario.lifecycle
        controls = {
            "touch_points": W.FloatSlider(
                value=acq.touch_points_per_month, min=0.0, max=5.0, step=0.25,
                description=tr("widgets.lifecycle.touch_points"), **SLIDER_OPTIONS),
            "churn_factor": W.FloatSlider(
                value=1.0, min=0.0, max=3.0, step=0.25,
                description=tr("widgets.lifecycle.churn_factor"), **SLIDER_OPTIONS),
            "win_back": W.FloatSlider(
                value=life.win_back, min=0.0, max=0.2, step=0.01,
                description=tr("widgets.lifecycle.win_back"), **SLIDER_OPTIONS),
            "segment": W.Dropdown(options=segments, value="all segments",
                                  description=tr("widgets.lifecycle.show"),
                                  style={"description_width": "initial"}),
        }
        super().__init__(controls, intro=tr("widgets.lifecycle.intro"))

    def scenario_now(self) -> Scenario:
        """The scenario the controls describe."""
        c = self.controls
        s = scaled_churn(self.scenario, c["churn_factor"].value)
        return dataclasses.replace(
            s,
            acquisition=dataclasses.replace(s.acquisition,
                                            touch_points_per_month=c["touch_points"].value),
            lifecycle=dataclasses.replace(s.lifecycle, win_back=c["win_back"].value),
        )

    def compute(self) -> None:
        self.result = _evaluate(self.scenario_now())
        occ = self._occupancy()
        first, last = occ["month"].min(), occ["month"].max()
        table = occ[occ["month"].isin([first, last])].pivot_table(
            index="state", columns="month", values="customers", aggfunc="sum"
        ).reindex(list(STATES))
        self.data = pd.DataFrame({
            "state": list(STATES),
            "中文": [STATE_LABELS_ZH[s] for s in STATES],
            "customers at month 0": table[first].to_numpy(),
            f"customers at month {last}": table[last].to_numpy(),
        })

    def _display_table(self) -> pd.DataFrame:
        first, last = self.data.columns[2:4]
        table = super()._display_table()
        table.iloc[:, 0] = [state_label(v) for v in self.data["state"]]
        return table.rename(columns={
            first: tr("widgets.lifecycle.customers_at", month=first.rpartition(" ")[2]),
            last: tr("widgets.lifecycle.customers_at", month=last.rpartition(" ")[2]),
        })

    def _occupancy(self) -> pd.DataFrame:
        occ = self.result.occupancy
        seg = self.controls["segment"].value
        return occ if seg == "all segments" else occ[occ["segment"] == seg]

    def draw(self) -> None:
        ax1, ax2 = self.axes
        seg = self.controls["segment"].value
        occ = self._occupancy()
        shown = tr("widgets.all_segments") if seg == "all segments" else segment_label(seg)
        plot_occupancy(occ[occ["state"] != "non_customer"], ax=ax1,
                       title=tr("widgets.lifecycle.occupancy_title", segment=shown))
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.lifecycle.ylabel"))
        flows = expected_flows(self.result)
        if seg != "all segments":
            one = dataclasses.replace(self.result, occupancy=occ)
            flows = expected_flows(one)
        mean_occ = occ.groupby("state")["customers"].sum() / occ["month"].nunique()
        _draw_flows(ax2, flows, mean_occ)
        self.flows = flows


def lifecycle_explorer(scenario: Scenario | None = None, *, lang: str | None = None) -> Explorer:
    """Notebook 01: touch points, churn and win-back move customers through the lifecycle.

    Controls: ``touch_points``, ``churn_factor``, ``win_back``, ``segment``. The figure
    shows expected occupancy per state (stacked areas) and a flow diagram; ``data`` holds
    customers per state at the first and last month. ``lang`` ("en" or "zh", default the
    current language) is the language of every label.
    """
    with use_language(lang):
        return LifecycleExplorer(scenario or default_scenario())


# -- 02 what a customer is worth ----------------------------------------------------------


class CustomerWorthExplorer(Explorer):
    title_key = "widgets.worth.title"
    margins: ClassVar[dict] = {"left": 0.2, "right": 0.98,
                              "bottom": 0.13, "top": 0.9, "wspace": 0.35}
    width_ratios = (1.25, 1.0)

    def __init__(self) -> None:
        money = dict(SLIDER_OPTIONS, readout_format=",.0f")
        controls = {
            "first_purchase": W.FloatSlider(value=500, min=0, max=5_000, step=100,
                                            description=tr("widgets.worth.first_purchase"),
                                            **money),
            "annual_spend": W.FloatSlider(value=5_000, min=0, max=20_000, step=250,
                                          description=tr("widgets.worth.annual_spend"),
                                          **money),
            "referral_value": W.FloatSlider(value=5_000, min=0, max=20_000, step=250,
                                            description=tr("widgets.worth.referral_value"),
                                            **money),
            "years": W.IntSlider(value=10, min=1, max=30, description=tr("widgets.worth.years"),
                                 **SLIDER_OPTIONS),
            "gross_margin": W.FloatSlider(value=1.0, min=0.05, max=1.0, step=0.05,
                                          description=tr("widgets.worth.gross_margin"),
                                          **SLIDER_OPTIONS),
            "cost_to_serve": W.FloatSlider(value=0, min=0, max=5_000, step=100,
                                           description=tr("widgets.worth.cost_to_serve"),
                                           **money),
            "churn": W.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.01,
                                   description=tr("widgets.worth.churn"), **SLIDER_OPTIONS),
            "discount_rate": W.FloatSlider(value=0.0, min=0.0, max=0.3, step=0.01,
                                           description=tr("widgets.discount_rate"), **SLIDER_OPTIONS),
        }
        super().__init__(controls, intro=tr("widgets.worth.intro"))

    def arguments(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _display_table(self) -> pd.DataFrame:
        table = super()._display_table()
        table.iloc[:, 0] = [_step_label(text) for text in self.data["step"]]
        return table

    def compute(self) -> None:
        args = self.arguments()
        self.result = lifetime_value_arithmetic(**args)
        self.data = lifetime_value_steps(**args)

    def draw(self) -> None:
        ax1, ax2 = self.axes
        steps = self.data
        bottoms = np.where(np.arange(len(steps)) < 2, 0.0,
                           np.minimum(steps["value"], steps["value"] - steps["change"]))
        heights = np.where(np.arange(len(steps)) < 2, steps["value"], steps["change"].abs())
        colours = ["#6baed6", "#2171b5"] + ["#d95f02"] * (len(steps) - 3) + ["#1b9e77"]
        y = np.arange(len(steps))[::-1]
        ax1.barh(y, heights, left=bottoms, color=colours)
        for yi, value in zip(y, steps["value"], strict=True):
            ax1.text(value, yi, f" {value:,.0f}", va="center", fontsize=11)
        ax1.set_yticks(y, [_step_label(text) for text in steps["step"]])
        ax1.set_xlabel(tr("widgets.worth.xlabel"))
        ax1.set_xlim(0, max(float(steps["value"].max()), 1.0) * 1.25)
        ax1.set_title(tr("widgets.worth.steps_title"))
        by_year = self.result.by_year
        args = self.arguments()
        face = by_year["year"] * (args["annual_spend"] + args["referral_value"])
        ax2.plot(by_year["year"], face, "--", color="#2171b5", lw=2,
                 label=tr("widgets.worth.face_value"))
        ax2.plot(by_year["year"], by_year["cumulative_value"], color="#1b9e77", lw=3,
                 label=tr("widgets.worth.after_corrections"))
        ax2.axhline(self.result.first_purchase, color="#6baed6", lw=1.5,
                    label=tr("widgets.worth.first_purchase"))
        ax2.set_xlabel(tr("widgets.worth.year"))
        ax2.set_ylabel(tr("widgets.worth.ylabel"))
        ax2.set_title(tr("widgets.worth.total", total=f"{self.result.total:,.0f}",
                         multiple=f"{self.result.multiple:,.0f}"))
        ax2.legend(frameon=False)


def _step_label(step: str) -> str:
    """A step of :func:`crmsim.analysis.teaching.lifetime_value_steps` in the display language."""
    return tr(f"widgets.worth.step.{step}")


def customer_worth_explorer(*, lang: str | None = None) -> Explorer:
    """Notebook 02: the lifetime-value arithmetic of the texts and its corrections.

    Controls: ``first_purchase``, ``annual_spend``, ``referral_value``, ``years``,
    ``gross_margin``, ``cost_to_serve``, ``churn``, ``discount_rate`` (the arguments of
    :func:`crmsim.analysis.teaching.lifetime_value_arithmetic`). ``data`` is
    :func:`crmsim.analysis.teaching.lifetime_value_steps`; ``result`` the
    :class:`~crmsim.analysis.teaching.LifetimeValue`. ``lang``: language of the labels.
    """
    with use_language(lang):
        return CustomerWorthExplorer()


class ClvDistributionExplorer(Explorer):
    title_key = "widgets.clv.title"
    figsize = (13.0, 4.6)

    def __init__(self, scenario: Scenario, segment: str | None, n_customers: int,
                 seed: int) -> None:
        self.scenario = scenario
        names = [seg.name for seg in scenario.segments if any(
            st in BUYING_STATES for st, share in seg.initial_mix if share > 0)]
        segment = segment or names[0]
        controls = {
            "segment": W.Dropdown(options=_segment_options(names), value=segment,
                                  description=tr("widgets.segment"),
                                  style={"description_width": "initial"}),
            "level": W.Dropdown(options=_level_options(scenario),
                                value=dict(scenario.plan)[segment],
                                description=tr("widgets.level"),
                                style={"description_width": "initial"}),
            "n_customers": W.IntSlider(value=n_customers, min=20, max=1000, step=20,
                                       description=tr("widgets.clv.n_customers"), **SLIDER_OPTIONS),
            "seed": W.BoundedIntText(value=seed, min=0, max=2**31 - 1,
                                     description=tr("widgets.seed"),
                                     style={"description_width": "initial"},
                                     layout=W.Layout(width="200px")),
            "simulate": W.Button(description=tr("widgets.clv.simulate"),
                                 button_style="primary", icon="play"),
        }
        controls["simulate"].on_click(lambda _b: self.update())
        super().__init__(controls, live=(), buttons=("simulate",),
                         intro=tr("widgets.clv.intro"))

    def compute(self) -> None:
        c = self.controls
        s = self.scenario.segment_alone(c["segment"].value, level=c["level"].value,
                                        unlimited_staff=True,
                                        n_customers=c["n_customers"].value)
        expected = _evaluate(s)
        run = simulate(s, seed=c["seed"].value)
        clv = expected.clv.set_index("start_state")["clv"]
        seg = s.segments[0]
        analytic = float(sum(share * clv[state] for state, share in seg.initial_mix))
        own = run.customers.query("referred_by == -1")["discounted_value"]
        se = float(own.std(ddof=1) / np.sqrt(len(own))) if len(own) > 1 else float("nan")
        self.result = {"analytic": expected, "simulated": run, "values": own.to_numpy(),
                       "expected": analytic}
        self.data = pd.DataFrame({
            "quantity": ["expected CLV (analytic)", "mean CLV (simulated)",
                         "± 95 % interval of the mean", "median customer",
                         "10th percentile", "90th percentile", "customers with CLV < 0"],
            "value": [analytic, float(own.mean()), 1.96 * se, float(own.median()),
                      float(own.quantile(0.1)), float(own.quantile(0.9)),
                      float((own < 0).sum())],
        })

    def _display_table(self) -> pd.DataFrame:
        table = super()._display_table()
        table.iloc[:, 0] = [tr(f"widgets.clv.q.{q}") for q in self.data["quantity"]]
        return table

    def draw(self) -> None:
        (ax,) = self.axes
        values = self.result["values"]
        level = self.controls["level"].value
        ax.hist(values, bins=40, color=level_colour(level), alpha=0.75,
                label=tr("widgets.clv.simulated", n=len(values)))
        ax.axvline(self.result["expected"], color="black", lw=2.5,
                   label=tr("widgets.clv.expected", value=f"{self.result['expected']:,.0f}"))
        ax.axvline(float(np.mean(values)), color="#d95f02", lw=2, ls="--",
                   label=tr("widgets.clv.mean", value=f"{np.mean(values):,.0f}"))
        ax.set_xlabel(tr("widgets.clv.xlabel"))
        ax.set_ylabel(tr("axis.customers"))
        ax.set_title(tr("widgets.clv.plot_title",
                        segment=segment_label(self.controls["segment"].value),
                        level=level_label(level, levels=self.scenario.levels)))
        ax.legend(frameon=False)


def clv_distribution_explorer(scenario: Scenario | None = None, *, segment: str | None = None,
                              n_customers: int = 300, seed: int = 1,
                              lang: str | None = None) -> Explorer:
    """Notebook 02: the analytic expectation against the simulated spread of CLV.

    Controls: ``segment``, ``level``, ``n_customers``, ``seed`` and the ``simulate``
    button (redraws only on a press). ``data`` compares expectation, simulated mean and
    percentiles. ``lang``: language of the labels.
    """
    with use_language(lang):
        return ClvDistributionExplorer(scenario or default_scenario(), segment, n_customers,
                                       seed)


# -- 03 the four levels -------------------------------------------------------------------


class LevelsExplorer(Explorer):
    title_key = "widgets.levels.title"
    figsize = (15.0, 5.0)
    margins: ClassVar[dict] = {"left": 0.06, "right": 0.99,
                              "bottom": 0.12, "top": 0.85, "wspace": 0.38}
    width_ratios = (1.0, 1.0, 1.0)

    def __init__(self, scenario: Scenario, segment: str | None, seed: int) -> None:
        self.scenario = scenario
        names = [seg.name for seg in scenario.segments]
        segment = segment or ("key accounts" if "key accounts" in names else names[0])
        seg = scenario.segment(segment)
        controls = {
            "segment": W.Dropdown(options=_segment_options(names), value=segment,
                                  description=tr("widgets.segment"),
                                  style={"description_width": "initial"}),
            "engine": W.ToggleButtons(options=[(tr("widgets.levels.analytic"), "analytic"),
                                               (tr("widgets.levels.simpy"), "simpy")],
                                      value="analytic", description=tr("widgets.levels.engine"),
                                      style={"description_width": "initial"}),
            "switching_cost": W.FloatSlider(value=seg.switching_cost, min=0, max=1, step=0.05,
                                            description=tr("widgets.switching_cost"),
                                            **SLIDER_OPTIONS),
            "mutual_importance": W.FloatSlider(value=seg.mutual_importance, min=0, max=1,
                                               step=0.05,
                                               description=tr("widgets.mutual_importance"),
                                               **SLIDER_OPTIONS),
            "customer_power": W.FloatSlider(value=seg.customer_power, min=0, max=1, step=0.05,
                                            description=tr("widgets.customer_power"),
                                            **SLIDER_OPTIONS),
            "seed": W.BoundedIntText(value=seed, min=0, max=2**31 - 1,
                                     description=tr("widgets.levels.seed"),
                                     style={"description_width": "initial"},
                                     layout=W.Layout(width="220px")),
        }
        controls["segment"].observe(self._segment_changed, names="value")
        live = ("engine", "switching_cost", "mutual_importance", "customer_power", "seed")
        super().__init__(controls, live=live, intro=tr("widgets.levels.intro"))

    def _segment_changed(self, change) -> None:
        seg = self.scenario.segment(change["new"])
        self.set_controls({name: getattr(seg, name)
                           for name in ("switching_cost", "mutual_importance", "customer_power")})

    def scenario_now(self) -> Scenario:
        c = self.controls
        return self.scenario.segment_alone(
            c["segment"].value, level=self.scenario.level_names[0],
            switching_cost=c["switching_cost"].value,
            mutual_importance=c["mutual_importance"].value,
            customer_power=c["customer_power"].value)

    def compute(self) -> None:
        s = self.scenario_now()
        if self.controls["engine"].value == "analytic":
            cmp = _compare_analytic(s)
        else:
            cmp = compare_levels(s, engine="simpy", seed=self.controls["seed"].value)
        self.result = cmp
        summary = cmp.summary
        value = summary["value_per_customer"].to_numpy()
        self.data = pd.DataFrame({
            "level": summary["level"],
            "中文": [s.level(n).label_zh for n in summary["level"]],
            "value per customer": value,
            "extra vs level below": np.r_[np.nan, np.diff(value)],
            "buying at end": summary["buying_end"],
            "contacts served": summary["served_fraction"],
        })

    def draw(self) -> None:
        ax1, ax2, ax3 = self.axes
        cmp = self.result
        occ = cmp.occupancy
        buying = (occ[occ["state"].isin(BUYING_STATES)]
                  .groupby(["level", "month"], sort=False)["customers"].sum())
        for k, level in enumerate(dict.fromkeys(occ["level"])):
            series = buying.loc[level]
            ax1.plot(series.index, series.to_numpy(), color=level_colour(level, k), lw=2.5,
                     label=level_label(level, levels=self.scenario.levels))
        ax1.set_ylim(bottom=0)
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.still_buying"))
        ax1.set_title(tr("widgets.levels.retention"))
        ax1.legend(frameon=False, title=tr("legend.level"))
        plot_cumulative_profit(cmp.cash_flows, ax=ax2)
        ax2.set_title(tr("report.figure.cash_flows"))
        ax2.get_legend().remove()
        plot_value_by_level(cmp.summary, ax=ax3)
        ax3.set_title(tr("widgets.levels.value"))
        ax3.set_xlabel("")
        ax3.get_legend().remove()
        engine = (tr("widgets.levels.expected") if cmp.engine == "analytic" else
                  tr("widgets.levels.simpy_seed", seed=cmp.seed_entropy))
        self.figure.suptitle(tr("widgets.levels.suptitle",
                                segment=segment_label(self.controls["segment"].value),
                                engine=engine),
                             fontsize=14)


def levels_explorer(scenario: Scenario | None = None, *, segment: str | None = None,
                    seed: int = 7, lang: str | None = None) -> Explorer:
    """Notebook 03: one segment at each of the four levels, side by side.

    Controls: ``segment``, ``engine`` ("analytic" or "simpy"), ``switching_cost``,
    ``mutual_importance``, ``customer_power``, ``seed``. ``result`` is a
    :class:`crmsim.analysis.compare.LevelComparison`; ``data`` one row per level. ``lang``:
    language of the labels.
    """
    with use_language(lang):
        return LevelsExplorer(scenario or default_scenario(), segment, seed)


# -- 05 segments and staff ------------------------------------------------------------


class SegmentsStaffExplorer(Explorer):
    title_key = "widgets.staff.title"
    figsize = (14.0, 5.0)
    margins: ClassVar[dict] = {"left": 0.04, "right": 0.98,
                              "bottom": 0.32, "top": 0.9, "wspace": 0.25}
    width_ratios = (1.0, 1.0)

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        plan = dict(scenario.plan)
        controls: dict[str, W.Widget] = {
            f"level:{seg.name}": W.Dropdown(options=_level_options(scenario),
                                            value=plan[seg.name],
                                            description=segment_label(seg.name),
                                            style={"description_width": "140px"})
            for seg in scenario.segments
        }
        n = scenario.staff.n_account_managers
        controls["n_account_managers"] = W.IntSlider(
            value=n if n is not None else 4, min=0, max=30,
            description=tr("widgets.staff.n_account_managers"), **SLIDER_OPTIONS)
        super().__init__(controls, intro=tr("widgets.staff.intro"))

    def scenario_now(self) -> Scenario:
        c = self.controls
        plan = {seg.name: c[f"level:{seg.name}"].value for seg in self.scenario.segments}
        staff = dataclasses.replace(self.scenario.staff,
                                    n_account_managers=c["n_account_managers"].value)
        return dataclasses.replace(self.scenario.with_plan(plan), staff=staff)

    def compute(self) -> None:
        s = self.scenario_now()
        res = _evaluate(s)
        self.result = res
        summary = res.summary
        months = s.horizon_months
        hours = [s.level(level).manager_hours_per_month for level in summary["level"]]
        self.data = pd.DataFrame({
            "segment": summary["segment"],
            "level": summary["level"],
            "manager hours needed per month": summary["buying_months"] / months * hours,
            "contacts served": summary["served_fraction"],
            "value per customer": summary["value_per_customer"],
            "discounted profit": summary["discounted_profit"],
        })

    def draw(self) -> None:
        ax1, ax2 = self.axes
        s, data = self.result.scenario, self.data
        capacity = s.staff.n_account_managers * s.staff.hours_per_manager_per_month
        left = 0.0
        for k, row in enumerate(data.itertuples(index=False)):
            need = row[2]
            ax1.barh([0], [need], left=left, color=level_colour(row.level, k),
                     edgecolor="white",
                     label=tr("widgets.staff.bar", segment=segment_label(row.segment),
                              level=level_label(row.level, levels=s.levels)))
            left += need
        ax1.axvline(capacity, color="black", lw=3,
                    label=tr("widgets.staff.available", hours=f"{capacity:,.0f}"))
        ax1.set_yticks([])
        ax1.set_xlabel(tr("widgets.staff.xlabel"))
        served = float(self.result.extra.get("served_fraction", 1.0))
        ax1.set_title(tr("widgets.staff.hours_title", served=served))
        ax1.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2)
        ax1.set_xlim(0, max(left, capacity, 1.0) * 1.1)
        colours = [level_colour(level) for level in data["level"]]
        x = np.arange(len(data))
        ax2.bar(x, data["discounted profit"], color=colours)
        ax2.set_xticks(x, [segment_label(s) for s in data["segment"]])
        ax2.axhline(0, color="black", lw=0.8)
        ax2.set_ylabel(tr("widgets.staff.profit_ylabel"))
        total = float(data["discounted profit"].sum())
        ax2.set_title(tr("widgets.staff.profit_title", total=f"{total:,.0f}"))


def segments_staff_explorer(scenario: Scenario | None = None, *,
                            lang: str | None = None) -> Explorer:
    """Notebook 05: assign a level per segment and a number of account managers.

    Default scenario: the ``dell`` preset (T-type, R-type, key accounts). Controls:
    ``level:<segment>`` per segment and ``n_account_managers``. ``data`` has hours needed,
    contacts served and profit per segment. ``lang``: language of the labels.
    """
    with use_language(lang):
        return SegmentsStaffExplorer(scenario or default_scenario("dell"))


# -- 06 keeping customers -------------------------------------------------------------

_KINDS = ("none", *[k for k in PROGRAMME_KINDS if k != "voucher"])


class RetentionLeversExplorer(Explorer):
    title_key = "widgets.retention.title"
    figsize = (14.0, 5.0)
    width_ratios = (1.0, 1.0)

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        desk = scenario.complaints
        prog = scenario.programmes[0] if scenario.programmes else None
        controls = {
            "desk_staff": W.IntSlider(value=desk.n_staff or 1, min=1, max=6,
                                      description=tr("widgets.retention.desk_staff"),
                                      **SLIDER_OPTIONS),
            "handling_quality": W.FloatSlider(value=desk.handling_quality, min=0, max=1,
                                              step=0.05,
                                              description=tr("widgets.retention.quality"),
                                              **SLIDER_OPTIONS),
            "service_recovery_strength": W.FloatSlider(
                value=desk.service_recovery_strength, min=0, max=1, step=0.05,
                description=tr("widgets.retention.recovery"), **SLIDER_OPTIONS),
            "programme": W.Dropdown(options=[(tr(f"widgets.programme.{k}"), k) for k in _KINDS],
                                    value=prog.kind if prog else "none",
                                    description=tr("widgets.retention.programme"),
                                    style={"description_width": "initial"}),
            "cost_per_member_per_month": W.FloatSlider(
                value=prog.cost_per_member_per_month if prog else 1.0, min=0, max=20,
                step=0.5, description=tr("widgets.retention.cost"), **SLIDER_OPTIONS),
            "churn_reduction": W.FloatSlider(
                value=prog.churn_reduction if prog else 0.05, min=0, max=0.5, step=0.01,
                description=tr("widgets.retention.churn_reduction"), **SLIDER_OPTIONS),
            "share_of_wallet_uplift": W.FloatSlider(
                value=prog.share_of_wallet_uplift if prog else 0.02, min=0, max=0.2,
                step=0.01, description=tr("widgets.retention.sow"), **SLIDER_OPTIONS),
        }
        super().__init__(controls, intro=tr("widgets.retention.intro"))

    def baseline(self) -> Scenario:
        return dataclasses.replace(self.scenario, programmes=())

    def scenario_now(self) -> Scenario:
        c = self.controls
        desk = ComplaintDesk(**{
            **{f.name: getattr(self.scenario.complaints, f.name)
               for f in dataclasses.fields(ComplaintDesk)},
            "n_staff": c["desk_staff"].value,
            "handling_quality": c["handling_quality"].value,
            "service_recovery_strength": c["service_recovery_strength"].value,
        })
        programmes: tuple[Programme, ...] = ()
        if c["programme"].value != "none":
            programmes = (Programme(
                name=c["programme"].value, kind=c["programme"].value,
                cost_per_member_per_month=c["cost_per_member_per_month"].value,
                churn_reduction=c["churn_reduction"].value,
                share_of_wallet_uplift=c["share_of_wallet_uplift"].value),)
        return dataclasses.replace(self.scenario, complaints=desk, programmes=programmes)

    def compute(self) -> None:
        base, now = _evaluate(self.baseline()), _evaluate(self.scenario_now())
        self.result = {"baseline": base, "levers": now}
        rows = []
        for label, res in (("baseline (no programme)", base), ("with your levers", now)):
            cash = res.cash_flows
            disc = cash["discount_factor"]
            rows.append({
                "run": label,
                "discounted profit": res.total_discounted_profit(),
                "buying at end": float(res.summary["buying_end"].sum()),
                "complaints answered in time": res.extra.get("complaints_in_time") or 1.0,
                "programme cost (PV)": float((cash["programme_cost"] * disc).sum()),
                "complaint cost (PV)": float((cash["complaint_cost"] * disc).sum()),
            })
        self.data = pd.DataFrame(rows)

    def _display_table(self) -> pd.DataFrame:
        table = super()._display_table()
        table.iloc[:, 0] = [tr(f"widgets.retention.run.{run}") for run in self.data["run"]]
        return table

    def draw(self) -> None:
        ax1, ax2 = self.axes
        for (label, res), colour in zip(self.result.items(), ("#7f7f7f", "#1b9e77"),
                                        strict=True):
            occ = res.occupancy
            buying = occ[occ["state"].isin(BUYING_STATES)].groupby("month")["customers"].sum()
            ax1.plot(buying.index, buying.to_numpy(), lw=2.5, color=colour,
                     label=tr(f"widgets.retention.{label}"))
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.still_buying"))
        ax1.set_title(tr("widgets.retention.plot_title"))
        ax1.legend(frameon=False)
        profit = self.data["discounted profit"].to_numpy()
        gain = profit[1] - profit[0]
        ax2.bar([tr("widgets.retention.baseline"), tr("widgets.retention.with_levers")], profit,
                color=["#7f7f7f", "#1b9e77"])
        ax2.set_ylabel(tr("widgets.retention.profit_ylabel"))
        key = "widgets.retention.pays" if gain > 0 else "widgets.retention.does_not_pay"
        ax2.set_title(tr(key, gain=f"{gain:+,.0f}"))
        low = min(profit.min(), 0.0)
        ax2.set_ylim(low, profit.max() * 1.1 if profit.max() > 0 else 1.0)


def retention_levers_explorer(scenario: Scenario | None = None, *,
                              lang: str | None = None) -> Explorer:
    """Notebook 06: complaint desk capacity, service recovery and loyalty programmes.

    Controls: ``desk_staff``, ``handling_quality``, ``service_recovery_strength``,
    ``programme`` (kind, or "none"), ``cost_per_member_per_month``, ``churn_reduction``,
    ``share_of_wallet_uplift``. ``data`` compares a no-programme baseline with the levers.
    ``lang``: language of the labels.
    """
    with use_language(lang):
        return RetentionLeversExplorer(scenario or default_scenario())


# keep Staff importable from here for notebook convenience
_ = Staff


# -- 04 luxurious ---------------------------------------------------------------------

#: "High" mutual importance and switching cost, and "balanced" bargaining power, as the
#: textbook rule is read in notebook 04 (a reading of words, not a model parameter).
RULE_HIGH = 0.6
RULE_BALANCED = (0.3, 0.7)

#: Parameters a break-even can be read along: path → search bounds (None: allowed range).
#: The dropdown shows the message ``widgets.along.<path>`` and holds the path as its value.
_BREAK_EVEN_ALONG = {
    "switching_cost": None,
    "mutual_importance": None,
    "customer_power": None,
    "annual_wallet": (1_000.0, 3_000_000.0),
    "staff.cost_per_hour": (0.0, 400.0),
}


def _rule_check(fmap, customer_power: float) -> dict:
    """Compare the textbook corner with where the map says partnership or above is best."""
    xx, yy = np.meshgrid(fmap.x, fmap.y)
    corner = (xx >= RULE_HIGH) & (yy >= RULE_HIGH)
    balanced = RULE_BALANCED[0] <= customer_power <= RULE_BALANCED[1]
    rule = corner & balanced
    deep = fmap.at_least("partnership")
    n_deep, n_corner = int(deep.sum()), int(corner.sum())
    return {
        "power balanced": balanced,
        "map: share where partnership or above is best": float(deep.mean()),
        "share of that region inside the textbook corner":
            float((deep & corner).sum() / n_deep) if n_deep else float("nan"),
        "share of the textbook corner where partnership or above is best":
            float((deep & corner).sum() / n_corner) if n_corner else float("nan"),
        "rule and map agree (share of the map)": float((rule == deep).mean()),
    }


class LuxuryMapExplorer(Explorer):
    title_key = "widgets.luxury.title"
    figsize = (17.0, 6.0)
    margins: ClassVar[dict] = {"left": 0.05, "right": 0.99,
                              "bottom": 0.17, "top": 0.82, "wspace": 0.3}
    width_ratios = (1.0, 1.0, 1.0)

    def __init__(self, scenario: Scenario, segment: str | None, n_points: int) -> None:
        self.scenario = scenario
        self.n_points = n_points
        names = [seg.name for seg in scenario.segments]
        segment = segment or ("key accounts" if "key accounts" in names else names[0])
        seg = scenario.segment(segment)
        self.check = None
        self.fmap = None
        self.break_evens: dict = {}
        self.rule_check: dict = {}
        controls = {
            "segment": W.Dropdown(options=_segment_options(names), value=segment,
                                  description=tr("widgets.segment"),
                                  style={"description_width": "initial"}),
            "customer_power": W.FloatSlider(
                value=seg.customer_power, min=0, max=1, step=0.05,
                description=tr("widgets.customer_power"), **SLIDER_OPTIONS),
            "annual_wallet": W.FloatLogSlider(
                value=seg.annual_wallet, base=10, min=3, max=6.5, step=0.05,
                description=tr("widgets.luxury.annual_wallet"), readout_format=",.0f",
                **SLIDER_OPTIONS),
            "cost_per_hour": W.FloatSlider(
                value=scenario.staff.cost_per_hour, min=0, max=300, step=10,
                description=tr("widgets.luxury.cost_per_hour"), **SLIDER_OPTIONS),
            "discount_rate": W.FloatSlider(
                value=scenario.annual_discount_rate, min=0, max=0.3, step=0.01,
                description=tr("widgets.discount_rate"), **SLIDER_OPTIONS),
            "break_even_along": W.Dropdown(
                options=[(tr(f"widgets.along.{path}"), path) for path in _BREAK_EVEN_ALONG],
                value="mutual_importance", description=tr("widgets.luxury.along"),
                style={"description_width": "initial"}),
            "n_replications": W.IntSlider(value=5, min=2, max=30,
                                          description=tr("widgets.luxury.n_replications"),
                                          **SLIDER_OPTIONS),
            "check": W.Button(description=tr("widgets.luxury.check"),
                              button_style="primary", icon="play"),
        }
        controls["segment"].observe(self._segment_changed, names="value")
        controls["check"].on_click(lambda _b: self.run_check())
        live = ("customer_power", "annual_wallet", "cost_per_hour", "discount_rate",
                "break_even_along")
        super().__init__(controls, live=live, buttons=("check",),
                         intro=tr("widgets.luxury.intro", high=RULE_HIGH))

    # -- controls ----------------------------------------------------------------------
    def _segment_changed(self, change) -> None:
        seg = self.scenario.segment(change["new"])
        self.set_controls({"customer_power": seg.customer_power,
                           "annual_wallet": seg.annual_wallet})

    def fixed(self) -> dict:
        """The parameters held for the whole map (paths as for :func:`frontier_map`)."""
        c = self.controls
        return {"customer_power": c["customer_power"].value,
                "annual_wallet": c["annual_wallet"].value,
                "staff.cost_per_hour": c["cost_per_hour"].value,
                "annual_discount_rate": c["discount_rate"].value}

    def base_scenario(self) -> Scenario:
        """The chosen segment alone, unlimited staff (before the slider values)."""
        return self.scenario.segment_alone(self.controls["segment"].value,
                                           level=self.scenario.level_names[0],
                                           unlimited_staff=True)

    def scenario_now(self) -> Scenario:
        """The segment alone with every slider applied (its own mutual importance etc.)."""
        from crmsim.analysis.experiments import apply_parameters
        from crmsim.analysis.luxury import segment_path

        base = self.base_scenario()
        name = base.segments[0].name
        return apply_parameters(base, {segment_path(base, p, name): v
                                       for p, v in self.fixed().items()})

    def check_points(self) -> list[tuple[float, float]]:
        """Three points across mutual importance at the segment's own switching cost."""
        sc = self.scenario.segment(self.controls["segment"].value).switching_cost
        return [(0.2, sc), (0.5, sc), (0.9, sc)]

    # -- computing (library calls only) ----------------------------------------------
    def compute(self) -> None:
        from crmsim.analysis.frontier import frontier_map
        from crmsim.analysis.luxury import break_even, luxury_verdicts

        self.check = None  # a simulation check belongs to the map it was run on
        base, now = self.base_scenario(), self.scenario_now()
        self.fmap = frontier_map(base, n_points=self.n_points, fixed=self.fixed())
        self.result = self.fmap
        self.break_evens = {
            path: break_even(now, level="partnership", parameter=path, bounds=bounds)
            for path, bounds in _BREAK_EVEN_ALONG.items()
        }
        self.rule_check = _rule_check(self.fmap, self.controls["customer_power"].value)
        verdicts = luxury_verdicts(now)
        self.verdicts = verdicts
        self.data = pd.DataFrame({
            "step up": verdicts["cheaper_level"] + " → " + verdicts["level"],
            "extra cost per customer": verdicts["extra_cost"],
            "extra return per customer": verdicts["extra_return"],
            "luxury ratio": verdicts["luxury_ratio"].round(2),
            "verdict": verdicts["verdict"],
        })
        self.status.value = self._readout()

    def run_check(self) -> None:
        """Monte Carlo bands at :meth:`check_points` (few replications, serial)."""
        from crmsim.analysis.frontier import frontier_check

        self.update()
        start = time.perf_counter()
        self.check = frontier_check(self.base_scenario(), self.fmap, self.check_points(),
                                    n_replications=self.controls["n_replications"].value,
                                    executor="serial", progress_bar=False)
        self._redraw_only()
        self.last_redraw_seconds += time.perf_counter() - start

    def _display_table(self) -> pd.DataFrame:
        table = super()._display_table()
        table.iloc[:, 0] = [
            f"{level_label(a)} → {level_label(b)}"
            for a, b in zip(self.verdicts["cheaper_level"], self.verdicts["level"], strict=True)
        ]
        return table

    def _readout(self) -> str:
        from crmsim.analysis.luxury import verdict_text

        rc = self.rule_check
        verdicts = [f"<li>{html.escape(verdict_text(row))}</li>"
                    for _, row in self.verdicts.iterrows()]
        lines = [f"<li>{html.escape(be.statement)}</li>" for be in self.break_evens.values()]

        def pct(x: float) -> str:
            return "–" if np.isnan(x) else f"{x:.0%}"

        rule = tr(
            "widgets.luxury.rule",
            power=tr("widgets.luxury.balanced" if rc["power balanced"] else
                     "widgets.luxury.dominated"),
            deep=pct(rc["map: share where partnership or above is best"]),
            inside=pct(rc["share of that region inside the textbook corner"]),
            corner=pct(rc["share of the textbook corner where partnership or above is best"]),
            agree=pct(rc["rule and map agree (share of the map)"]),
        )
        return (f"{tr('widgets.luxury.verdicts')}<ul style='margin:2px 0'>{''.join(verdicts)}"
                f"</ul>{tr('widgets.luxury.break_evens')}"
                f"<ul style='margin:2px 0'>{''.join(lines)}</ul>{rule}")

    # -- drawing -----------------------------------------------------------------------
    def draw(self) -> None:
        from matplotlib.patches import Rectangle

        from crmsim.views.luxury_plots import plot_break_even, plot_frontier, plot_frontier_check

        ax1, ax2, ax3 = self.axes
        fmap = self.fmap
        plot_frontier(fmap, ax=ax1)
        ax1.set_title(tr("widgets.luxury.map_title", segment=segment_label(fmap.segment),
                         power=f"{self.controls['customer_power'].value:g}"), fontsize=11)
        ax1.add_patch(Rectangle((RULE_HIGH, RULE_HIGH), fmap.x[-1] - RULE_HIGH,
                                fmap.y[-1] - RULE_HIGH, fill=False, ec="white", lw=3,
                                ls=":"))
        own = self.scenario.segment(fmap.segment)
        ax1.plot([own.mutual_importance], [own.switching_cost], "o", ms=12, mfc="white",
                 mec="black", mew=2, label=tr("widgets.luxury.the_segment"))
        for a, b in self.check_points():
            ax1.plot([a], [b], "+", ms=14, mew=3, color="black")
        along = self.controls["break_even_along"].value
        plot_break_even(self.break_evens[along], ax=ax2)
        width = 55 if self.lang == "en" else 28  # a Chinese character is two columns wide
        ax2.set_title(textwrap.fill(self.break_evens[along].statement, width), fontsize=11)
        if self.check is not None:
            plot_frontier_check(self.check, ax=ax3)
            ax3.set_title(tr("widgets.luxury.check_title",
                             n=int(self.check["n_replications"].iloc[0])), fontsize=11)
            ax3.set_xticks(range(3), [tr("widgets.luxury.check_tick", importance=a, switching=b)
                                      for a, b in self.check_points()], fontsize=10)
            ax3.legend(fontsize=8, loc="best")
        else:
            ax3.set_axis_off()
            ax3.text(0.5, 0.5, tr("widgets.luxury.press_check"), ha="center", va="center",
                     fontsize=13, transform=ax3.transAxes)


def luxury_map_explorer(scenario: Scenario | None = None, *, segment: str | None = None,
                        n_points: int = 30, lang: str | None = None) -> Explorer:
    """Notebook 04: frontier map, break-evens and the textbook rule, for one segment.

    The segment is mapped alone with unlimited staff over mutual importance × switching
    cost (:func:`crmsim.analysis.frontier.frontier_map`, analytic, ``n_points`` × ``n_points``).
    Live controls: ``segment``, ``customer_power``, ``annual_wallet``, ``cost_per_hour``
    (staff), ``discount_rate``, ``break_even_along``; ``n_replications`` and the ``check``
    button run :func:`crmsim.analysis.frontier.frontier_check` at three points. ``result`` /
    ``fmap`` is the :class:`~crmsim.analysis.frontier.FrontierMap`; ``data`` the luxury verdicts at
    the segment's own point; ``break_evens`` the :class:`~crmsim.analysis.luxury.BreakEven` read-outs;
    ``rule_check`` the textbook corner against the map; ``check`` the simulation table.
    ``break_even_along`` holds a parameter path (e.g. ``"switching_cost"``) and
    ``break_evens`` is keyed by it. ``lang``: language of the labels.
    """
    with use_language(lang):
        return LuxuryMapExplorer(scenario or default_scenario(), segment, n_points)
