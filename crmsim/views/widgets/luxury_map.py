"""Notebook 04: where partnership pays for one segment — the luxury map, break-evens and the rule.

The map, the verdicts and the break-evens come from the model
(:mod:`crmsim.analysis.frontier`, :mod:`crmsim.analysis.luxury`); the texts' rule is only
its corner, drawn dotted and compared in words (:mod:`crmsim.analysis.textbook_rule`).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = luxury_map_explorer(segment="key accounts", n_points=6)
>>> w.fmap.best_level.shape
(6, 6)
>>> sorted(w.break_evens) == sorted(BREAK_EVEN_ALONG)
True
"""

from __future__ import annotations

import html
import textwrap
import time
from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd

from crmsim.analysis.break_even_points import break_evens
from crmsim.analysis.frontier import frontier_check, frontier_map
from crmsim.analysis.luxury import luxury_verdicts, verdict_text
from crmsim.analysis.textbook_rule import RULE_HIGH, textbook_rule_check
from crmsim.common.numbers import format_number
from crmsim.language.translate import level_label, segment_label, tr, use_language
from crmsim.scenario.paths import apply_parameters, segment_path
from crmsim.scenario.scenario import Scenario
from crmsim.views.luxury_plots import (
    plot_break_even,
    plot_frontier,
    plot_frontier_check,
    refresh_break_even,
    refresh_frontier,
)
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    default_scenario,
    segment_options,
    wallet_slider,
)

__all__ = ["BREAK_EVEN_ALONG", "LuxuryMapExplorer", "luxury_map_explorer"]

BREAK_EVEN_ALONG: dict[str, tuple[float, float] | None] = {
    "switching_cost": None,
    "mutual_importance": None,
    "mutual_need": None,
    "customer_power": None,
    "annual_wallet": (1_000.0, 10_000_000.0),
    "staff.cost_per_hour": (0.0, 400.0),
}
"""Parameters a break-even can be read along: path → search bounds (None: the allowed range).
The dropdown shows the message ``widgets.along.<path>`` and holds the path as its value."""


class LuxuryMapExplorer(Explorer):
    """The explorer of notebook 04 (see :func:`luxury_map_explorer`)."""

    title_key = "widgets.luxury.title"
    figsize = (17.0, 6.0)
    margins: ClassVar[dict] = {"left": 0.05, "right": 0.99,
                              "bottom": 0.21, "top": 0.82, "wspace": 0.3}
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
        self.rule_check = None
        controls = {
            "segment": W.Dropdown(options=segment_options(names), value=segment,
                                  description=tr("widgets.segment"),
                                  style={"description_width": "initial"}),
            "mutual_need": W.FloatSlider(
                value=seg.mutual_need, min=0, max=1, step=0.05,
                description=tr("widgets.mutual_need"), **SLIDER_OPTIONS),
            "customer_power": W.FloatSlider(
                value=seg.customer_power, min=0, max=1, step=0.05,
                description=tr("widgets.customer_power"), **SLIDER_OPTIONS),
            "annual_wallet": wallet_slider(seg.annual_wallet, tr("widgets.luxury.annual_wallet")),
            "cost_per_hour": W.FloatSlider(
                value=scenario.staff.cost_per_hour, min=0, max=300, step=10,
                description=tr("widgets.luxury.cost_per_hour"), **SLIDER_OPTIONS),
            "discount_rate": W.FloatSlider(
                value=scenario.annual_discount_rate, min=0, max=0.3, step=0.01,
                description=tr("widgets.discount_rate"), **SLIDER_OPTIONS),
            "break_even_along": W.Dropdown(
                options=[(tr(f"widgets.along.{path}"), path) for path in BREAK_EVEN_ALONG],
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
        live = ("mutual_need", "customer_power", "annual_wallet", "cost_per_hour", "discount_rate",
                "break_even_along")
        super().__init__(controls, live=live, buttons=("check",),
                         intro=tr("widgets.luxury.intro", high=RULE_HIGH))

    # -- controls ----------------------------------------------------------------------
    def _segment_changed(self, change) -> None:
        seg = self.scenario.segment(change["new"])
        self.set_controls({"mutual_need": seg.mutual_need,
                           "customer_power": seg.customer_power,
                           "annual_wallet": seg.annual_wallet})

    def fixed(self) -> dict:
        """The parameters held for the whole map (paths as for :func:`frontier_map`)."""
        c = self.controls
        return {"mutual_need": c["mutual_need"].value,
                "customer_power": c["customer_power"].value,
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
        self.check = None  # a simulation check belongs to the map it was run on
        base, now = self.base_scenario(), self.scenario_now()
        self.fmap = frontier_map(base, n_points=self.n_points, fixed=self.fixed())
        self.result = self.fmap
        self.break_evens = break_evens(now, BREAK_EVEN_ALONG, level="partnership")
        self.rule_check = textbook_rule_check(self.fmap, self.controls["customer_power"].value)
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
        self.update()
        start = time.perf_counter()
        self.check = frontier_check(self.base_scenario(), self.fmap, self.check_points(),
                                    n_replications=self.controls["n_replications"].value,
                                    executor="serial", progress_bar=False)
        self.redraw()
        self.last_redraw_seconds += time.perf_counter() - start

    def _display_table(self) -> pd.DataFrame:
        table = super()._display_table()
        table.iloc[:, 0] = [
            f"{level_label(a)} → {level_label(b)}"
            for a, b in zip(self.verdicts["cheaper_level"], self.verdicts["level"], strict=True)
        ]
        return table

    def _readout(self) -> str:
        rc = self.rule_check
        verdicts = [f"<li>{html.escape(verdict_text(row))}</li>"
                    for _, row in self.verdicts.iterrows()]
        lines = [f"<li>{html.escape(be.statement)}</li>" for be in self.break_evens.values()]

        def pct(x: float) -> str:
            return "–" if np.isnan(x) else f"{x:.0%}"

        rule = tr(
            "widgets.luxury.rule",
            power=tr("widgets.luxury.balanced" if rc.power_balanced else
                     "widgets.luxury.dominated"),
            deep=pct(rc.region_share),
            inside=pct(rc.region_in_corner),
            corner=pct(rc.corner_in_region),
            agree=pct(rc.agreement),
        )
        return (f"{tr('widgets.luxury.verdicts')}<ul style='margin:2px 0'>{''.join(verdicts)}"
                f"</ul>{tr('widgets.luxury.break_evens')}"
                f"<ul style='margin:2px 0'>{''.join(lines)}</ul>{rule}")

    # -- drawing -----------------------------------------------------------------------
    def draw(self) -> None:
        from matplotlib.patches import Rectangle

        ax1, ax2, ax3 = self.axes
        fmap = self.fmap
        plot_frontier(fmap, ax=ax1)
        ax1.add_patch(Rectangle((RULE_HIGH, RULE_HIGH), fmap.x[-1] - RULE_HIGH,
                                fmap.y[-1] - RULE_HIGH, fill=False, ec="white", lw=3,
                                ls=":"))
        # over the dashed contours, however often these are drawn again (under the legend)
        self._own_point = ax1.plot(
            [],
            [],
            "o",
            ms=12,
            mfc="white",
            mec="black",
            mew=2,
            zorder=3,
            label=tr("widgets.luxury.the_segment"),
        )[0]
        self._check_points = [
            ax1.plot([], [], "+", ms=14, mew=3, color="black", zorder=3)[0]
            for _point in self.check_points()
        ]
        along = self.controls["break_even_along"].value
        plot_break_even(self.break_evens[along], ax=ax2)
        self._titles_and_points()
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
        self._drawn_state = (along, self.check)

    def refresh(self) -> bool:
        along, check = self._drawn_state
        # another parameter along the break-even, or a check run or dropped: drawn anew
        if along != self.controls["break_even_along"].value or check is not self.check:
            return False
        ax1, ax2, _ax3 = self.axes
        if not (
            refresh_frontier(ax1, self.fmap) and refresh_break_even(ax2, self.break_evens[along])
        ):
            return False  # another grid, or other labels along the break-even: drawn anew
        self._titles_and_points()
        return True

    def _titles_and_points(self) -> None:
        """The panels' titles and the points on the map (the segment's own, the checked)."""
        ax1, ax2, _ax3 = self.axes
        fmap = self.fmap
        ax1.set_title(
            tr(
                "widgets.luxury.map_title",
                segment=segment_label(fmap.segment),
                power=format_number(self.controls["customer_power"].value),
            ),
            fontsize=11,
        )
        own = self.scenario.segment(fmap.segment)
        self._own_point.set_data([own.mutual_importance], [own.switching_cost])
        for line, (a, b) in zip(self._check_points, self.check_points(), strict=True):
            line.set_data([a], [b])
        width = 55 if self.lang == "en" else 28  # a Chinese character is two columns wide
        statement = self.break_evens[self.controls["break_even_along"].value].statement
        ax2.set_title(textwrap.fill(statement, width), fontsize=11)


def luxury_map_explorer(scenario: Scenario | None = None, *, segment: str | None = None,
                        n_points: int = 30, lang: str | None = None) -> Explorer:
    """Notebook 04: frontier map, break-evens and the textbook rule, for one segment.

    The segment is mapped alone with unlimited staff over mutual importance × switching
    cost (:func:`crmsim.analysis.frontier.frontier_map`, analytic, ``n_points`` × ``n_points``).
    Live controls: ``segment``, ``mutual_need``, ``customer_power``, ``annual_wallet``,
    ``cost_per_hour`` (staff), ``discount_rate``, ``break_even_along``; ``n_replications``
    and the ``check`` button run :func:`crmsim.analysis.frontier.frontier_check` at three
    points. ``result`` / ``fmap`` is the :class:`~crmsim.analysis.frontier.FrontierMap`;
    ``data`` the luxury verdicts at the segment's own point; ``break_evens`` the
    :class:`~crmsim.analysis.break_even_points.BreakEven` read-outs;
    ``rule_check`` the texts' corner against the map
    (:class:`~crmsim.analysis.textbook_rule.TextbookRuleCheck`); ``check`` the simulation table.
    ``break_even_along`` holds a parameter path (e.g. ``"switching_cost"``) and
    ``break_evens`` is keyed by it. ``lang``: language of the labels.
    """
    with use_language(lang):
        return LuxuryMapExplorer(scenario or default_scenario(), segment, n_points)
