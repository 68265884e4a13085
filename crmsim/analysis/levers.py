"""Which retention lever pays for which segment: each lever priced by the analytic engine.

A *lever* is one documented change of a scenario that switches on a retention practice the
texts teach (reminders, a satisfaction survey, lost-customer analysis, a gift voucher, a
call centre, a customer club, after-sale touch points, extra service for customers believed
valuable). :func:`lever_payoffs` evaluates the scenario as it is (each segment at its
planned level) and with each lever switched on, with :func:`crmsim.evaluate`, and reads
the change of every segment's lines per customer
(:func:`crmsim.engines.lines.lines_per_customer`). Whether a lever pays for a segment is
that change's sign; nothing here encodes which lever *should* pay: it follows from the
mechanisms of :mod:`crmsim.model.mechanisms` and the segment's traits.

A lever acts on the whole firm: customers share the account managers and the complaint
desk, so a lever that keeps more ordinary customers also fills the desk for key accounts.
Each segment's change includes that interplay; ``firm_profit_change`` is the change of the
firm's total discounted profit (idle staff payroll included, which no segment is charged).

Examples
--------
>>> from crmsim import preset
>>> table = lever_payoffs(preset("classroom"), levers=[DEFAULT_LEVERS["club"]])
>>> table.set_index("segment").loc[["ordinary customers", "key accounts"], "pays"]
segment
ordinary customers    False
key accounts           True
Name: pays, dtype: bool
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import evaluate
from crmsim.engines.lines import lines_per_customer
from crmsim.engines.results import Results
from crmsim.language.translate import lever_label
from crmsim.model.mechanisms import CASH_COMPONENTS
from crmsim.scenario.paths import apply_parameters
from crmsim.scenario.scenario import Programme, Scenario

__all__ = [
    "DEFAULT_LEVERS",
    "LEVER_COLUMNS",
    "PAYS_FROM",
    "Lever",
    "lever_payoffs",
]

PAYS_FROM = 0.005
"""A lever pays for a segment when it adds at least half a cent of discounted profit per
customer: smaller changes (rounding, a far-away knock-on effect) count as none."""

LEVER_COLUMNS: dict[str, str] = {
    "lever": "the lever's key (DEFAULT_LEVERS)",
    "segment": "segment name",
    "level": "the segment's planned level",
    "customers": "customers in the segment at month 0",
    "value_before": "discounted profit per customer without the lever (currency)",
    "value_change": "change of discounted profit per customer with the lever (currency)",
    "value_change_share": "value_change ÷ |value_before| (NaN when value_before is 0)",
    "lever_cost": "change of the cash line(s) the lever is paid from, per customer (currency, "
    "present value; includes more or fewer customers paying it)",
    "revenue_change": "change of sales at list price per customer (currency, present value)",
    "buying_months_change": "change of the months a customer spends buying, per customer at "
    "month 0 (churn cut, win-back and first purchases together)",
    "pays": "value_change ≥ PAYS_FROM",
    "firm_profit_change": "change of the firm's total discounted profit, idle staff included "
    "(the same for every segment of a lever)",
}
"""Columns of :func:`lever_payoffs`, in order, with their meaning."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lever:
    """One retention practice as a change of a scenario.

    Attributes
    ----------
    key : str
        Short name; its display name (:attr:`label`) is the catalogue entry
        ``lever.<key>``, the key's words when there is none.
    apply : callable
        ``Scenario -> Scenario``: the scenario with the practice switched on.
    cost_lines : tuple of str
        The cash lines (:data:`crmsim.model.mechanisms.CASH_COMPONENTS`) the practice is
        paid from.

    Examples
    --------
    >>> Lever(key="x", apply=lambda s: s, cost_lines=("tea",))
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Lever.cost_lines of lever 'x' must be cash lines of \
crmsim.model.mechanisms.CASH_COMPONENTS; received 'tea'.
    """

    key: str
    apply: Callable[[Scenario], Scenario]
    cost_lines: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise ScenarioError(f"Lever.key must be a non-empty text; received {self.key!r}.")
        if not callable(self.apply):
            raise ScenarioError(
                f"Lever.apply of lever '{self.key}' must be a function of a Scenario; "
                f"received {type(self.apply).__name__}."
            )
        lines = tuple(self.cost_lines)
        unknown = [line for line in lines if line not in CASH_COMPONENTS]
        if not lines or unknown:
            raise ScenarioError(
                f"Lever.cost_lines of lever '{self.key}' must be cash lines of "
                "crmsim.model.mechanisms.CASH_COMPONENTS; received "
                f"{', '.join(map(repr, unknown or lines)) or 'none'}."
            )
        object.__setattr__(self, "cost_lines", lines)

    @property
    def label(self) -> str:
        """The lever's name in the current display language."""
        return lever_label(self.key)


def _with_programme(programme: Programme) -> Callable[[Scenario], Scenario]:
    def apply(scenario: Scenario) -> Scenario:
        return dataclasses.replace(scenario, programmes=(*scenario.programmes, programme))

    return apply


def _set(parameters: Mapping[str, object]) -> Callable[[Scenario], Scenario]:
    """A lever's change: these parameter paths set over the scenario's own settings."""

    def apply(scenario: Scenario) -> Scenario:
        return apply_parameters(scenario, parameters)

    return apply


DEFAULT_LEVERS: Mapping[str, Lever] = {
    lever.key: lever
    for lever in (
        Lever(
            key="reminders",
            apply=_set({"follow_up.reminder_catch": 0.8}),
            cost_lines=("relationship_cost",),
        ),
        Lever(
            key="survey",
            apply=_set({"satisfaction.every_months": 3}),
            cost_lines=("programme_cost",),
        ),
        Lever(
            key="lost_analysis",
            apply=_set({"lost_customers.analysed_share": 1.0}),
            cost_lines=("programme_cost",),
        ),
        Lever(
            key="voucher",
            apply=_with_programme(
                Programme(name="gift voucher", kind="voucher", start_uplift=0.1, cost_per_use=20.0)
            ),
            cost_lines=("programme_cost",),
        ),
        Lever(
            key="call_centre",
            apply=_with_programme(
                Programme(
                    name="call centre",
                    kind="call_centre",
                    cost_per_member_per_month=1.0,
                    voice_share=0.3,
                )
            ),
            cost_lines=("programme_cost", "complaint_cost"),
        ),
        Lever(
            key="club",
            apply=_with_programme(
                Programme(
                    name="customer club",
                    kind="club",
                    cost_per_member_per_month=5.0,
                    churn_reduction=0.1,
                )
            ),
            cost_lines=("programme_cost",),
        ),
        Lever(
            key="after_sale",
            apply=_set({"acquisition.after_sale_touch_points_per_month": 1.0}),
            cost_lines=("acquisition_cost",),
        ),
        Lever(
            key="extra_service",
            apply=_set(
                {
                    "expectation.service_share_vip": 0.005,
                    "expectation.service_share_important": 0.005,
                }
            ),
            cost_lines=("relationship_cost",),
        ),
    )
}
"""The named levers, each switching one practice on over the scenario's own settings:

* ``reminders``: ``follow_up.reminder_catch = 0.8`` (pays only where contacts lapse, i.e.
  ``follow_up.missed_share > 0``; costs ``reminder_cost_per_customer_per_month``);
* ``survey``: ``satisfaction.every_months = 3`` (its ``finds_share`` and
  ``cost_per_response`` as in the scenario);
* ``lost_analysis``: ``lost_customers.analysed_share = 1`` (every lost customer analysed);
* ``voucher``: a gift voucher (礼券), ``start_uplift = 0.1``, ``cost_per_use = 20``;
* ``call_centre``: a call centre (呼叫中心), 1 per customer-month, ``voice_share = 0.3``;
* ``club``: a customer club (客户俱乐部), 5 per member-month, ``churn_reduction = 0.1``;
* ``after_sale``: ``acquisition.after_sale_touch_points_per_month = 1``;
* ``extra_service``: ``expectation.service_share_vip = service_share_important = 0.005``
  (the self-fulfilling prophecy).
"""


def _per_customer(results: Results) -> pd.DataFrame:
    lines = lines_per_customer(results)
    summary = results.summary.set_index(["segment", "level"])
    start = summary["customers_start"]
    lines["customers"] = start
    lines["buying_months"] = summary["buying_months"] / start.replace(0, np.nan)
    return lines


def lever_payoffs(
    scenario: Scenario, levers: Iterable[Lever] | Mapping[str, Lever] | None = None
) -> pd.DataFrame:
    """What each lever changes, segment by segment, against the scenario as it is.

    Parameters
    ----------
    scenario : Scenario
        Each segment at its planned level.
    levers : iterable or mapping of Lever, optional
        Default: :data:`DEFAULT_LEVERS`.

    Returns
    -------
    DataFrame
        One row per lever × segment (levers in the given order, segments in the scenario's),
        columns :data:`LEVER_COLUMNS`. Every number is a difference of two
        :func:`crmsim.evaluate` runs.

    Raises
    ------
    ScenarioError
        When two levers share a key.

    Examples
    --------
    >>> from crmsim import evaluate, preset
    >>> from crmsim.engines.lines import lines_per_customer
    >>> classroom = preset("classroom")
    >>> survey = DEFAULT_LEVERS["survey"]
    >>> row = lever_payoffs(classroom, [survey]).set_index("segment").loc["key accounts"]
    >>> after = lines_per_customer(evaluate(survey.apply(classroom)))
    >>> before = lines_per_customer(evaluate(classroom))
    >>> change = (after - before).loc[("key accounts", "partnership"), "value"]
    >>> bool(abs(row["value_change"] - change) < 1e-9), bool(row["pays"])
    (True, True)
    """
    if levers is None:
        levers = DEFAULT_LEVERS
    chosen = list(levers.values() if isinstance(levers, Mapping) else levers)
    keys = [lever.key for lever in chosen]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ScenarioError(
            f"lever_payoffs needs one lever per key; received '{twice[0]}' more than once."
        )
    base_results = evaluate(scenario)
    base = _per_customer(base_results)
    base_total = base_results.total_discounted_profit()
    frames = []
    for lever in chosen:
        results = evaluate(lever.apply(scenario))
        after = _per_customer(results)
        change = after - base
        before = base["value"]
        frame = pd.DataFrame(
            {
                "lever": lever.key,
                "customers": base["customers"],
                "value_before": before,
                "value_change": change["value"],
                "value_change_share": change["value"] / before.abs().replace(0.0, np.nan),
                "lever_cost": change[list(lever.cost_lines)].sum(axis=1),
                "revenue_change": change["list_revenue"],
                "buying_months_change": change["buying_months"],
                "pays": change["value"] >= PAYS_FROM,
                "firm_profit_change": results.total_discounted_profit() - base_total,
            }
        )
        frames.append(frame.reset_index())
    table = pd.concat(frames, ignore_index=True)
    return table[list(LEVER_COLUMNS)]
