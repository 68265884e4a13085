"""Notebook 03: the same customers at each of the four relationship levels, side by side.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = levels_explorer(segment="key accounts")
>>> list(w.data["level"])
['transactional', 'preferred', 'partnership', 'alliance']
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd

from crmsim.analysis.compare import compare_levels
from crmsim.language.translate import level_label, segment_label, tr, use_language
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES
from crmsim.views.plots import (
    cumulative_profit_by_level,
    label_bars,
    plot_cumulative_profit,
    plot_value_by_level,
)
from crmsim.views.style import level_colour
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    cached_compare_levels,
    default_scenario,
    segment_options,
)

__all__ = ["LevelsExplorer", "levels_explorer"]

class LevelsExplorer(Explorer):
    """The explorer of notebook 03 (see :func:`levels_explorer`)."""

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
            "segment": W.Dropdown(options=segment_options(names), value=segment,
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
        """The chosen segment alone, with the sliders' characteristics."""
        c = self.controls
        return self.scenario.segment_alone(
            c["segment"].value, level=self.scenario.level_names[0],
            switching_cost=c["switching_cost"].value,
            mutual_importance=c["mutual_importance"].value,
            customer_power=c["customer_power"].value)

    def compute(self) -> None:
        s = self.scenario_now()
        if self.controls["engine"].value == "analytic":
            cmp = cached_compare_levels(s)
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
        for k, (level, series) in enumerate(self._buying().items()):
            ax1.plot(series.index, series.to_numpy(), color=level_colour(level, k), lw=2.5,
                     label=level_label(level, levels=self.scenario.levels))
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.still_buying"))
        ax1.set_title(tr("widgets.levels.retention"))
        ax1.legend(frameon=False, title=tr("legend.level"))
        plot_cumulative_profit(cmp.cash_flows, ax=ax2)
        ax2.set_title(tr("report.figure.cash_flows"))
        ax2.get_legend().remove()
        plot_value_by_level(cmp.summary, ax=ax3)
        label_bars(ax3)
        ax3.set_title(tr("widgets.levels.value"))
        ax3.set_xlabel("")
        ax3.get_legend().remove()
        self._limits_and_title()
        self._drawn_state = self._what_is_drawn()

    def _what_is_drawn(self) -> tuple:
        # another segment is another tick label under the bars: drawn anew
        return (self.controls["segment"].value, tuple(self.result.summary["level"]))

    def refresh(self) -> bool:
        cmp = self.result
        if self._what_is_drawn() != self._drawn_state:
            return False
        ax1, ax2, ax3 = self.axes
        for line, series in zip(ax1.lines, self._buying().values(), strict=True):
            line.set_data(series.index, series.to_numpy())
        # the lines of plot_cumulative_profit, then its line at zero
        for line, series in zip(ax2.lines, cumulative_profit_by_level(cmp.cash_flows).values(),
                                strict=False):
            line.set_data(series.index, series.to_numpy())
        for bar, value in zip(ax3.patches, cmp.summary["value_per_customer"], strict=True):
            bar.set_height(value)
        self._limits_and_title()
        return True

    def _buying(self) -> dict[str, pd.Series]:
        """Customers still buying per month at each level."""
        occ = self.result.occupancy
        buying = (occ[occ["state"].isin(BUYING_STATES)]
                  .groupby(["level", "month"], sort=False)["customers"].sum())
        return {level: buying.loc[level] for level in dict.fromkeys(occ["level"])}

    def _limits_and_title(self) -> None:
        ax1, ax2, ax3 = self.axes
        for ax in (ax1, ax2, ax3):  # every line and bar (the zero line too) in view
            ax.relim()
            ax.set_autoscaley_on(True)
            ax.autoscale_view()
        ax1.set_ylim(bottom=0)
        cmp = self.result
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
