"""Notebook 05: a relationship level per segment, with a limited number of account managers.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = segments_staff_explorer()
>>> list(w.data["segment"])
['T-type', 'R-type', 'key accounts']
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import ipywidgets as W
import numpy as np
import pandas as pd

from crmsim.common.numbers import format_number
from crmsim.language.translate import (
    level_label,
    money_label,
    segment_label,
    tr,
    use_language,
)
from crmsim.model.mechanisms import dynamics_many
from crmsim.scenario.scenario import Scenario
from crmsim.views.style import level_colour
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    cached_evaluate,
    default_scenario,
    level_options,
)

__all__ = ["SegmentsStaffExplorer", "segments_staff_explorer"]

class SegmentsStaffExplorer(Explorer):
    """The explorer of notebook 05 (see :func:`segments_staff_explorer`)."""

    title_key = "widgets.staff.title"
    figsize = (14.0, 5.0)
    margins: ClassVar[dict] = {"left": 0.04, "right": 0.98,
                              "bottom": 0.32, "top": 0.9, "wspace": 0.25}
    width_ratios = (1.0, 1.0)

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        plan = dict(scenario.plan)
        controls: dict[str, W.Widget] = {
            f"level:{seg.name}": W.Dropdown(options=level_options(scenario),
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
        """The scenario with the chosen level per segment and number of managers."""
        c = self.controls
        plan = {seg.name: c[f"level:{seg.name}"].value for seg in self.scenario.segments}
        staff = dataclasses.replace(self.scenario.staff,
                                    n_account_managers=c["n_account_managers"].value)
        return dataclasses.replace(self.scenario.with_plan(plan), staff=staff)

    def compute(self) -> None:
        s = self.scenario_now()
        res = cached_evaluate(s)
        self.result = res
        summary = res.summary
        months = s.horizon_months
        hours = [  # the level's hours for the segment's size (a floor plus a part per million)
            dyn.manager_hours_per_month
            for dyn in dynamics_many(
                s,
                [s.segment(name) for name in summary["segment"]],
                [s.level(level) for level in summary["level"]],
            )
        ]
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
        for k, (row, left) in enumerate(zip(data.itertuples(index=False), self._lefts(),
                                            strict=True)):
            ax1.barh([0], [row[2]], left=left, color=level_colour(row.level, k),
                     edgecolor="white",
                     label=tr("widgets.staff.bar", segment=segment_label(row.segment),
                              level=level_label(row.level, levels=s.levels)))
        ax1.axvline(self._capacity(), color="black", lw=3, label=self._available())
        ax1.set_yticks([])
        ax1.set_xlabel(tr("widgets.staff.xlabel"))
        legend = ax1.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25),
                            ncol=2)
        self._available_label = next(text for text in legend.get_texts()
                                     if text.get_text() == self._available())
        colours = [level_colour(level) for level in data["level"]]
        x = np.arange(len(data))
        ax2.bar(x, data["discounted profit"], color=colours)
        ax2.set_xticks(x, [segment_label(s) for s in data["segment"]])
        ax2.axhline(0, color="black", lw=0.8)
        ax2.set_ylabel(tr("widgets.staff.profit_ylabel"))
        self._titles_and_limits()
        self._drawn_plan = tuple(zip(data["segment"], data["level"], strict=True))

    def refresh(self) -> bool:
        data = self.data
        if tuple(zip(data["segment"], data["level"], strict=True)) != self._drawn_plan:
            return False  # other levels: other colours and labels
        ax1, ax2 = self.axes
        for bar, need, left in zip(ax1.patches, data.iloc[:, 2], self._lefts(), strict=True):
            bar.set_x(left)
            bar.set_width(need)
        capacity = ax1.lines[0]
        capacity.set_xdata([self._capacity()] * 2)
        self._available_label.set_text(self._available())
        for bar, profit in zip(ax2.patches, data["discounted profit"], strict=True):
            bar.set_height(profit)
        ax2.relim()
        ax2.autoscale_view()
        self._titles_and_limits()
        return True

    def _lefts(self) -> np.ndarray:
        """Where each segment's bar of hours needed starts (they are stacked)."""
        need = self.data.iloc[:, 2].to_numpy(dtype=float)
        return np.r_[0.0, np.cumsum(need)[:-1]]

    def _capacity(self) -> float:
        staff = self.result.scenario.staff
        return staff.n_account_managers * staff.hours_per_manager_per_month

    def _available(self) -> str:
        return tr("widgets.staff.available", hours=format_number(self._capacity()))

    def _titles_and_limits(self) -> None:
        ax1, ax2 = self.axes
        served = float(self.result.extra.get("served_fraction", 1.0))
        ax1.set_title(tr("widgets.staff.hours_title", served=served))
        need = float(self.data.iloc[:, 2].sum())
        ax1.set_xlim(0, max(need, self._capacity(), 1.0) * 1.1)
        total = float(self.data["discounted profit"].sum())
        ax2.set_title(tr("widgets.staff.profit_title", total=money_label(format_number(total))))


def segments_staff_explorer(scenario: Scenario | None = None, *,
                            lang: str | None = None) -> Explorer:
    """Notebook 05: assign a level per segment and a number of account managers.

    Default scenario: the ``dell`` preset (T-type, R-type, key accounts). Controls:
    ``level:<segment>`` per segment and ``n_account_managers``. ``data`` has hours needed,
    contacts served and profit per segment. ``lang``: language of the labels.
    """
    with use_language(lang):
        return SegmentsStaffExplorer(scenario or default_scenario("dell"))
