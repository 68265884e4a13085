"""Notebook 06: keeping customers — complaint desk, service recovery and loyalty programmes.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> w = retention_levers_explorer()
>>> w.controls["programme"].value = "none"
>>> baseline, levers = w.data["discounted profit"]
>>> bool(abs(levers - baseline) < 1e-6 * abs(baseline))
True
"""

from __future__ import annotations

import dataclasses

import ipywidgets as W
import pandas as pd

from crmsim.common.numbers import format_number
from crmsim.language.translate import money_label, tr, use_language
from crmsim.scenario.scenario import PROGRAMME_KINDS, ComplaintDesk, Programme, Scenario
from crmsim.scenario.states import BUYING_STATES
from crmsim.views.widgets.base import SLIDER_OPTIONS, Explorer, cached_evaluate, default_scenario

__all__ = ["PROGRAMME_CHOICES", "RetentionLeversExplorer", "retention_levers_explorer"]

PROGRAMME_CHOICES: tuple[str, ...] = ("none", *[k for k in PROGRAMME_KINDS if k != "voucher"])
"""The programme dropdown's values: no programme, or a programme kind. Each is shown as the
message ``widgets.programme.<choice>``."""


class RetentionLeversExplorer(Explorer):
    """The explorer of notebook 06 (see :func:`retention_levers_explorer`)."""

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
            "programme": W.Dropdown(options=[(tr(f"widgets.programme.{k}"), k)
                                             for k in PROGRAMME_CHOICES],
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
        """The scenario without any programme (the desk as in the scenario)."""
        return dataclasses.replace(self.scenario, programmes=())

    def scenario_now(self) -> Scenario:
        """The scenario the controls describe: the desk and the programme chosen."""
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
        base, now = cached_evaluate(self.baseline()), cached_evaluate(self.scenario_now())
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
        for (label, buying), colour in zip(self._buying().items(), ("#7f7f7f", "#1b9e77"),
                                           strict=True):
            ax1.plot(buying.index, buying.to_numpy(), lw=2.5, color=colour,
                     label=tr(f"widgets.retention.{label}"))
        ax1.set_xlabel(tr("axis.month"))
        ax1.set_ylabel(tr("widgets.still_buying"))
        ax1.set_title(tr("widgets.retention.plot_title"))
        ax1.legend(frameon=False)
        ax2.bar([tr("widgets.retention.baseline"), tr("widgets.retention.with_levers")],
                self.data["discounted profit"].to_numpy(), color=["#7f7f7f", "#1b9e77"])
        ax2.set_ylabel(tr("widgets.retention.profit_ylabel"))
        self._profit_title_and_limits()

    def refresh(self) -> bool:
        ax1, ax2 = self.axes
        for line, buying in zip(ax1.lines, self._buying().values(), strict=True):
            line.set_data(buying.index, buying.to_numpy())
        ax1.relim()
        ax1.autoscale_view()
        for bar, profit in zip(ax2.patches, self.data["discounted profit"], strict=True):
            bar.set_height(profit)
        self._profit_title_and_limits()
        return True

    def _buying(self) -> dict[str, pd.Series]:
        """Customers buying per month, baseline and with the levers."""
        return {label: res.occupancy[res.occupancy["state"].isin(BUYING_STATES)]
                .groupby("month")["customers"].sum() for label, res in self.result.items()}

    def _profit_title_and_limits(self) -> None:
        ax2 = self.axes[1]
        profit = self.data["discounted profit"].to_numpy()
        gain = profit[1] - profit[0]
        key = "widgets.retention.pays" if gain > 0 else "widgets.retention.does_not_pay"
        ax2.set_title(tr(key, gain=money_label(("+" if gain > 0 else "") + format_number(gain))))
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
