"""Notebook 02: what a customer is worth — the texts' arithmetic and the simulated spread.

:func:`customer_worth_explorer` walks from the 500 of a first purchase to the 100,000 of a
lifetime and applies one correction at a time; :func:`clv_distribution_explorer` sets the
analytic expectation against the spread of simulated customers.

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

from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from crmsim.analysis.teaching import lifetime_value_arithmetic, lifetime_value_steps
from crmsim.common.numbers import format_number
from crmsim.engines.simulation import simulate
from crmsim.language.translate import (
    column_label,
    level_label,
    money_label,
    segment_label,
    tr,
    use_language,
)
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES
from crmsim.views.style import level_colour, number_ticks
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    cached_evaluate,
    default_scenario,
    level_options,
    segment_options,
)

__all__ = [
    "ClvDistributionExplorer",
    "CustomerWorthExplorer",
    "clv_distribution_explorer",
    "customer_worth_explorer",
]

_NEGATIVE = "customers with CLV < 0"
"""The row of the CLV table that counts customers (every other row is money)."""

class CustomerWorthExplorer(Explorer):
    """The first explorer of notebook 02 (see :func:`customer_worth_explorer`)."""

    title_key = "widgets.worth.title"
    margins: ClassVar[dict] = {"left": 0.245, "right": 0.98,
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
                                           description=tr("widgets.discount_rate"),
                                           **SLIDER_OPTIONS),
        }
        super().__init__(controls, intro=tr("widgets.worth.intro"))

    def arguments(self) -> dict:
        """The controls' values: the arguments of the lifetime-value arithmetic."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self) -> None:
        args = self.arguments()
        self.result = lifetime_value_arithmetic(**args)
        self.data = lifetime_value_steps(**args)

    def draw(self) -> None:
        ax1, ax2 = self.axes
        steps = self.data
        bottoms, heights = self._bar_spans()
        colours = ["#6baed6", "#2171b5"] + ["#d95f02"] * (len(steps) - 3) + ["#1b9e77"]
        y = np.arange(len(steps))[::-1]
        ax1.barh(y, heights, left=bottoms, color=colours)
        for yi, value in zip(y, steps["value"], strict=True):
            ax1.text(value, yi, f" {format_number(value)}", va="center", fontsize=11)
        ax1.set_yticks(y, [_step_label(text) for text in steps["step"]])
        ax1.set_xlabel(tr("widgets.worth.xlabel"))
        # few ticks, with thousands separators: wide totals (180,000) stay apart
        ax1.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax1.xaxis.set_major_formatter(number_ticks())
        ax1.set_title(tr("widgets.worth.steps_title"))
        by_year, face = self._by_year()
        ax2.plot(by_year["year"], face, "--", color="#2171b5", lw=2,
                 label=tr("widgets.worth.face_value"))
        ax2.plot(by_year["year"], by_year["cumulative_value"], color="#1b9e77", lw=3,
                 label=tr("widgets.worth.after_corrections"))
        ax2.axhline(self.result.first_purchase, color="#6baed6", lw=1.5,
                    label=tr("widgets.worth.first_purchase"))
        ax2.set_xlabel(tr("widgets.worth.year"))
        ax2.set_ylabel(tr("widgets.worth.ylabel"))
        ax2.legend(frameon=False)
        self._limits_and_title()

    def refresh(self) -> bool:
        ax1, ax2 = self.axes
        bottoms, heights = self._bar_spans()
        for bar, left, width in zip(ax1.patches, bottoms, heights, strict=True):
            bar.set_x(left)
            bar.set_width(width)
        for text, value in zip(ax1.texts, self.data["value"], strict=True):
            text.set_x(value)
            text.set_text(f" {format_number(value)}")
        by_year, face = self._by_year()
        face_line, value_line, first_line = ax2.lines
        face_line.set_data(by_year["year"], face)
        value_line.set_data(by_year["year"], by_year["cumulative_value"])
        first_line.set_ydata([self.result.first_purchase] * 2)
        self._limits_and_title()
        return True

    def _bar_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """Left end and width of each step's bar: totals from 0, corrections as changes."""
        steps = self.data
        first = np.arange(len(steps)) < 2
        bottoms = np.where(first, 0.0,
                           np.minimum(steps["value"], steps["value"] - steps["change"]))
        return bottoms, np.where(first, steps["value"], steps["change"].abs())

    def _by_year(self) -> tuple[pd.DataFrame, pd.Series]:
        """Value by year after the corrections, and the face value (no correction)."""
        by_year = self.result.by_year
        args = self.arguments()
        return by_year, by_year["year"] * (args["annual_spend"] + args["referral_value"])

    def _limits_and_title(self) -> None:
        ax1, ax2 = self.axes
        ax1.set_xlim(0, max(float(self.data["value"].max()), 1.0) * 1.25)
        ax2.relim()  # every line, the first purchase too, within the view
        ax2.autoscale_view()
        ax2.set_title(tr("widgets.worth.total",
                         total=money_label(format_number(self.result.total)),
                         multiple=format_number(self.result.multiple)))


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
    """The second explorer of notebook 02 (see :func:`clv_distribution_explorer`)."""

    title_key = "widgets.clv.title"
    figsize = (13.0, 4.6)

    def __init__(self, scenario: Scenario, segment: str | None, n_customers: int,
                 seed: int) -> None:
        self.scenario = scenario
        names = [seg.name for seg in scenario.segments if any(
            st in BUYING_STATES for st, share in seg.initial_mix if share > 0)]
        segment = segment or names[0]
        controls = {
            "segment": W.Dropdown(options=segment_options(names), value=segment,
                                  description=tr("widgets.segment"),
                                  style={"description_width": "initial"}),
            "level": W.Dropdown(options=level_options(scenario),
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
        expected = cached_evaluate(s)
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
                         "10th percentile", "90th percentile", _NEGATIVE],
            "value": [analytic, float(own.mean()), 1.96 * se, float(own.median()),
                      float(own.quantile(0.1)), float(own.quantile(0.9)),
                      float((own < 0).sum())],
        })

    def _display_table(self) -> pd.DataFrame:
        # every row is an amount of money but the count of customers: the rows of money
        # name the currency, the column does not
        table = super()._display_table()
        table.iloc[:, 0] = [tr(f"widgets.clv.q.{q}") if q == _NEGATIVE
                            else money_label(tr(f"widgets.clv.q.{q}"))
                            for q in self.data["quantity"]]
        return table.rename(columns={column_label("value"): tr("column.value")})

    def draw(self) -> None:
        (ax,) = self.axes
        values = self.result["values"]
        level = self.controls["level"].value
        ax.hist(values, bins=40, color=level_colour(level), alpha=0.75,
                label=tr("widgets.clv.simulated", n=len(values)))
        ax.axvline(self.result["expected"], color="black", lw=2.5,
                   label=tr("widgets.clv.expected",
                             value=money_label(format_number(self.result["expected"]))))
        ax.axvline(float(np.mean(values)), color="#d95f02", lw=2, ls="--",
                   label=tr("widgets.clv.mean", value=money_label(format_number(np.mean(values)))))
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
