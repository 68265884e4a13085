"""Calibration: scenario parameters estimated from a client's data.

Two estimators; ``crmsim calibrate`` (:mod:`crmsim.cli.calibrate`) prints their estimates
and writes them into a scenario file:

**Monthly transition probabilities** (:func:`estimate_transitions`) from a customer-state
history: a CSV with one row per customer and month, columns ``customer``, ``month`` (whole
number), ``state`` (one of :data:`crmsim.scenario.states.STATES`) and optionally ``segment``.
Every observed move from month ``t`` to ``t + 1`` of the same customer is counted (months
with a gap are skipped); the maximum-likelihood estimate is ``p_ij = n_ij / n_i`` with a
Wilson score interval for each ``p_ij``.

What is written: a scenario has one :class:`~crmsim.scenario.scenario.Lifecycle` shared by every
segment, and a segment's observed moves also carry the effects of its characteristics and
its level (churn × ``(0.5 + price_sensitivity) × ...``, complaints, loyalty building; see
:mod:`crmsim.model.mechanisms`). :func:`lifecycle_from_transitions` therefore takes one
*reference segment* of the scenario, held at one level (default: the cheapest, i.e. the
customers were observed in a transactional relationship), and solves for the base
lifecycle rates that make the model's monthly matrix for that segment equal the observed
one (:data:`LIFECYCLE_CELLS` lists which move each rate drives). Other segments then get
these base rates with their own mechanisms. The estimates of every segment are printed as a
table, so a consultant can see whether one shared lifecycle is a fair assumption.

**Cohort churn** (:func:`fit_cohort`) from a cohort retention table: a CSV with columns
``period`` (0, 1, 2, ...) and ``active`` (customers still active). The shifted-beta-
geometric model of Fader & Hardie (2007) is fitted by maximum likelihood
(:meth:`crmsim.model.markov.BetaGeometricCohort.fit`), with Wald intervals from the observed
information on the log scale. What is written: the cohort's mean churn per period,
``alpha / (alpha + beta)``, converted to a monthly rate, into one lifecycle churn field
(default ``churn_repeat``). The constant-rate lifecycle cannot carry the heterogeneity
(``alpha``, ``beta``); both are recorded in a comment at the top of the file.

Every malformed CSV raises :class:`~crmsim.common.errors.ScenarioError` naming the file and line.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from crmsim.common.errors import ScenarioError
from crmsim.model.markov import BetaGeometricCohort, sbg_log_likelihood
from crmsim.scenario.scenario import Lifecycle, Scenario
from crmsim.scenario.states import STATES

__all__ = [
    "LIFECYCLE_CELLS",
    "UNSEGMENTED",
    "CohortFit",
    "calibrated_scenario",
    "estimate_transitions",
    "fit_cohort",
    "history_from_trace",
    "lifecycle_from_transitions",
    "read_cohort",
    "read_history",
    "wilson_interval",
]

LIFECYCLE_CELLS: dict[str, tuple[str, str]] = {
    "new_to_repeat": ("new", "repeat"),
    "churn_new": ("new", "lost"),
    "repeat_to_loyal": ("repeat", "loyal"),
    "churn_repeat": ("repeat", "lost"),
    "loyal_to_repeat": ("loyal", "repeat"),
    "churn_loyal": ("loyal", "lost"),
    "win_back": ("lost", "new"),
    "lost_to_gone": ("lost", "non_customer"),
    "potential_gone": ("potential", "non_customer"),
    "target_gone": ("target", "non_customer"),
}
"""Lifecycle field → the monthly move (from state, to state) it drives."""

UNSEGMENTED = "(all)"
"""The segment :func:`read_history` gives every customer of a history without a segment
column."""


# --------------------------------------------------------------------------------------
# reading CSV files with line numbers
# --------------------------------------------------------------------------------------


def _rows(path: str | os.PathLike[str], required: tuple[str, ...], optional: tuple[str, ...]
          ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    source = os.fspath(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ScenarioError(f"{source}: the file cannot be read; received the error "
                            f"'{exc.strerror or type(exc).__name__}'.") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{source}: the file must be UTF-8 text; received the byte "
                            f"{exc.object[exc.start]:#04x} at position {exc.start}.") from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ScenarioError(f"{source}, line 1: the file is empty; expected a header line "
                            f"with the columns {', '.join(required)}.") from None
    except csv.Error as exc:
        raise ScenarioError(f"{source}, line 1: the header is not valid CSV ({exc}).") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ScenarioError(
            f"{source}, line 1: the header must name the columns {', '.join(required)}"
            f"{' (optional: ' + ', '.join(optional) + ')' if optional else ''}; "
            f"received {', '.join(header) or 'an empty line'} (missing {', '.join(missing)})."
        )
    rows = []
    try:
        for fields in reader:
            number = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise ScenarioError(
                    f"{source}, line {number}: expected {len(header)} comma-separated fields "
                    f"({', '.join(header)}); received {len(fields)}."
                )
            rows.append((number, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
    except csv.Error as exc:
        raise ScenarioError(f"{source}, line {reader.line_num}: not valid CSV ({exc}).") from None
    if not rows:
        raise ScenarioError(f"{source}: the file holds a header but no data rows; expected "
                            "at least one row.")
    return header, rows


def _whole(source: str, number: int, column: str, text: str, low: int = 0) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < low:
        raise ScenarioError(f"{source}, line {number}: column '{column}' must be a whole "
                            f"number >= {low}; received '{text}'.")
    return value


def read_history(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a customer-state history CSV (customer, month, state, optional segment).

    Returns a frame with those four columns (segment :data:`UNSEGMENTED` when the file has
    none),
    sorted by customer and month.
    """
    source = os.fspath(path)
    header, rows = _rows(path, ("customer", "month", "state"), ("segment",))
    has_segment = "segment" in header
    seen: dict[tuple[str, int], int] = {}
    segment_of: dict[str, tuple[str, int]] = {}
    records = []
    for number, row in rows:
        customer = row["customer"]
        if not customer:
            raise ScenarioError(f"{source}, line {number}: column 'customer' must not be "
                                "empty; expected a customer identifier.")
        month = _whole(source, number, "month", row["month"])
        state = row["state"]
        if state not in STATES:
            import difflib

            close = difflib.get_close_matches(state, STATES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScenarioError(
                f"{source}, line {number}: column 'state' must be one of "
                f"{', '.join(STATES)}{hint}; received '{state}'."
            )
        segment = row["segment"] if has_segment else UNSEGMENTED
        if has_segment and not segment:
            raise ScenarioError(f"{source}, line {number}: column 'segment' must not be "
                                "empty; expected a segment name.")
        if (customer, month) in seen:
            raise ScenarioError(
                f"{source}, line {number}: customer '{customer}' already has a state for "
                f"month {month} (line {seen[(customer, month)]}); expected one row per "
                "customer and month."
            )
        seen[(customer, month)] = number
        first = segment_of.setdefault(customer, (segment, number))
        if first[0] != segment:
            raise ScenarioError(
                f"{source}, line {number}: customer '{customer}' is in segment '{segment}' "
                f"but in '{first[0]}' on line {first[1]}; expected one segment per customer."
            )
        records.append((customer, month, state, segment))
    frame = pd.DataFrame(records, columns=["customer", "month", "state", "segment"])
    return frame.sort_values(["customer", "month"], kind="stable", ignore_index=True)


def history_from_trace(results) -> pd.DataFrame:
    """Monthly state history (customer, month, state, segment) of a traced SimPy run.

    ``results`` comes from :func:`crmsim.engines.simulation.simulate` with ``trace=True``; each
    customer is listed from the month it appears to the last month of the horizon.
    """
    trace = results.extra.get("trace")
    if trace is None:
        raise ScenarioError("history_from_trace needs results of simulate(..., trace=True); "
                            "received results without a trace.")
    horizon = results.scenario.horizon_months
    events = trace.sort_values(["customer", "month"], kind="stable")
    by_customer = {c: g for c, g in events.groupby("customer", sort=False)}
    records = []
    for cust in results.customers.itertuples():
        moves = by_customer.get(cust.customer)
        state = cust.final_state if moves is None else moves["from_state"].iloc[0]
        todo = [] if moves is None else list(zip(moves["month"], moves["to_state"],
                                                 strict=True))
        k = 0
        for month in range(int(cust.start_month), horizon):
            while k < len(todo) and todo[k][0] <= month:
                state = todo[k][1]
                k += 1
            records.append((str(cust.customer), month, state, cust.segment))
    return pd.DataFrame(records, columns=["customer", "month", "state", "segment"])


# --------------------------------------------------------------------------------------
# transition probabilities
# --------------------------------------------------------------------------------------


def wilson_interval(successes: Any, trials: Any, confidence: float = 0.95
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (NaN where ``trials == 0``).

    Examples
    --------
    >>> low, high = wilson_interval(10, 100)
    >>> round(float(low), 4), round(float(high), 4)
    (0.0552, 0.1744)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def estimate_transitions(history: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Monthly transition probabilities per segment, with Wilson intervals.

    Returns
    -------
    DataFrame
        One row per segment, from-state observed and to-state: segment, from_state,
        to_state, n (moves observed), n_from (months observed in from_state with a next
        month), p (= n / n_from), low, high.
    """
    frame = history.sort_values(["customer", "month"], kind="stable")
    nxt = frame.groupby("customer", sort=False).shift(-1)
    ok = (nxt["month"] == frame["month"] + 1).to_numpy()
    pairs = pd.DataFrame({"segment": frame["segment"].to_numpy()[ok],
                          "from_state": frame["state"].to_numpy()[ok],
                          "to_state": nxt["state"].to_numpy()[ok]})
    rows = []
    for segment in dict.fromkeys(frame["segment"]):
        sel = pairs[pairs["segment"] == segment]
        counts = pd.crosstab(sel["from_state"], sel["to_state"]).reindex(
            index=list(STATES), columns=list(STATES), fill_value=0)
        for i in STATES:
            n_from = int(counts.loc[i].sum())
            if n_from == 0:
                continue
            for j in STATES:
                rows.append({"segment": segment, "from_state": i, "to_state": j,
                             "n": int(counts.loc[i, j]), "n_from": n_from})
    out = pd.DataFrame(rows, columns=["segment", "from_state", "to_state", "n", "n_from"])
    out["p"] = out["n"] / out["n_from"]
    low, high = wilson_interval(out["n"], out["n_from"], confidence)
    out["low"], out["high"] = low, high
    return out


def _cell(scenario: Scenario, segment, level, lifecycle: Lifecycle, field: str) -> float:
    from crmsim.model.mechanisms import served_regime

    i, j = (STATES.index(s) for s in LIFECYCLE_CELLS[field])
    varied = dataclasses.replace(scenario, lifecycle=lifecycle)
    return float(served_regime(varied, segment, level).transition()[i, j])


def lifecycle_from_transitions(
    scenario: Scenario,
    transitions: pd.DataFrame,
    *,
    segment: str | None = None,
    level: str | None = None,
    data_segment: str | None = None,
) -> pd.DataFrame:
    """Base lifecycle rates that reproduce the observed moves of a reference segment.

    Parameters
    ----------
    scenario : Scenario
        Gives the reference segment's mechanisms (price sensitivity, complaints, ...).
    transitions : DataFrame
        From :func:`estimate_transitions`.
    segment : str, optional
        The scenario's reference segment (default: the first).
    level : str, optional
        The level its customers were observed at (default: the cheapest).
    data_segment : str, optional
        Which segment of ``transitions`` to use (default: ``segment`` if present, else the
        only one).

    Returns
    -------
    DataFrame
        One row per lifecycle field that the data inform: field, from_state, to_state,
        observed (p), observed_low, observed_high, n_from, estimate, low, high, current
        (the scenario's value). Fields whose from-state was never observed are left out.
    """
    seg = scenario.segment(segment or scenario.segments[0].name)
    lvl = scenario.level(level or scenario.level_names[0])
    available = list(dict.fromkeys(transitions["segment"]))
    if data_segment is None:
        data_segment = seg.name if seg.name in available else (
            available[0] if len(available) == 1 else None)
    if data_segment not in available:
        raise ScenarioError(
            f"the history must hold customers of segment '{seg.name}' (or of one segment "
            f"only); received the segments {', '.join(available)}."
        )
    data = transitions[transitions["segment"] == data_segment].set_index(
        ["from_state", "to_state"])
    observed = {f: data.loc[c] for f, c in LIFECYCLE_CELLS.items() if c in data.index}
    life = scenario.lifecycle

    def solve(field: str, target: float, base: Lifecycle) -> float:
        """Affine inversion of the model's cell in one field (exact unless clipped)."""
        p0 = _cell(scenario, seg, lvl, dataclasses.replace(base, **{field: 0.0}), field)
        p1 = _cell(scenario, seg, lvl, dataclasses.replace(base, **{field: 0.5}), field)
        slope = (p1 - p0) / 0.5
        if slope <= 1e-12:
            return math.nan
        return min(max((target - p0) / slope, 0.0), 1.0)

    estimates = {f: float(row["p"]) for f, row in observed.items()}
    for _ in range(4):  # Gauss-Seidel: the cells interact only through clipping
        for field, row in observed.items():
            value = solve(field, float(row["p"]), life)
            if not math.isnan(value):
                life = dataclasses.replace(life, **{field: value})
                estimates[field] = value
            else:
                estimates[field] = math.nan
    rows = []
    for field, row in observed.items():
        rows.append({
            "field": field, "from_state": LIFECYCLE_CELLS[field][0],
            "to_state": LIFECYCLE_CELLS[field][1], "observed": float(row["p"]),
            "observed_low": float(row["low"]), "observed_high": float(row["high"]),
            "n_from": int(row["n_from"]), "estimate": estimates[field],
            "low": solve(field, float(row["low"]), life),
            "high": solve(field, float(row["high"]), life),
            "current": getattr(scenario.lifecycle, field),
        })
    return pd.DataFrame(rows)


def calibrated_scenario(scenario: Scenario, estimates: pd.DataFrame) -> Scenario:
    """``scenario`` with the lifecycle fields of ``estimates`` (field, estimate) set."""
    values = {r.field: float(r.estimate) for r in estimates.itertuples()
              if not math.isnan(r.estimate)}
    return dataclasses.replace(scenario,
                               lifecycle=dataclasses.replace(scenario.lifecycle, **values))


# --------------------------------------------------------------------------------------
# shifted-beta-geometric cohort churn
# --------------------------------------------------------------------------------------


def read_cohort(path: str | os.PathLike[str]) -> np.ndarray:
    """Survivor counts ``n_0, n_1, ...`` of a cohort retention CSV (period, active)."""
    source = os.fspath(path)
    _, rows = _rows(path, ("period", "active"), ())
    counts = []
    for k, (number, row) in enumerate(rows):
        period = _whole(source, number, "period", row["period"])
        if period != k:
            raise ScenarioError(f"{source}, line {number}: column 'period' must count 0, 1, "
                                f"2, ... in order; expected {k}; received {period}.")
        active = _whole(source, number, "active", row["active"])
        if counts and active > counts[-1]:
            raise ScenarioError(
                f"{source}, line {number}: column 'active' must not increase (a cohort only "
                f"loses customers); received {active} after {counts[-1]}."
            )
        counts.append(active)
    if len(counts) < 3 or counts[0] == 0 or counts[-1] == counts[0]:
        raise ScenarioError(
            f"{source}: a cohort table needs at least 3 periods (0, 1, 2), a cohort size "
            f"above 0 at period 0 and at least one customer lost; received {counts}."
        )
    return np.asarray(counts, dtype=float)


@dataclass(frozen=True, slots=True)
class CohortFit:
    """A shifted-beta-geometric fit with Wald intervals (log scale)."""

    alpha: float
    beta: float
    alpha_low: float
    alpha_high: float
    beta_low: float
    beta_high: float
    mean_churn: float
    mean_churn_low: float
    mean_churn_high: float
    survivors: tuple[float, ...]

    def monthly_churn(self, period_months: float) -> float:
        """Monthly churn with the same survival over one period as the mean churn."""
        return 1.0 - (1.0 - self.mean_churn) ** (1.0 / period_months)


def fit_cohort(survivors: Any, *, confidence: float = 0.95) -> CohortFit:
    """Fit the sBG model to survivor counts; intervals from the observed information.

    Examples
    --------
    >>> fit = fit_cohort([1000, 631, 468, 382, 326, 289, 262, 241])  # Fader & Hardie 2007
    >>> round(fit.alpha, 3), round(fit.beta, 3)
    (0.704, 1.182)
    >>> bool(fit.alpha_low < fit.alpha < fit.alpha_high)
    True
    """
    n = np.asarray(survivors, dtype=float)
    best = BetaGeometricCohort.fit(n)
    x = np.log([best.alpha, best.beta])

    def loglik(log_ab: np.ndarray) -> float:
        return sbg_log_likelihood(*np.exp(log_ab), n)

    h = 1e-4
    hess = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            hess[i, j] = (loglik(x + ei + ej) - loglik(x + ei - ej)
                          - loglik(x - ei + ej) + loglik(x - ei - ej)) / (4 * h * h)
    cov = np.linalg.inv(-hess)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    a, b = best.alpha, best.beta
    # mean churn m = a / (a + b): logit(m) = log a - log b, so its variance is g' cov g
    g = np.array([1.0, -1.0])
    se_logit = float(np.sqrt(max(g @ cov @ g, 0.0)))
    logit = math.log(a / b)
    m_low, m_high = (special.expit(logit - z * se_logit), special.expit(logit + z * se_logit))
    return CohortFit(
        alpha=a, beta=b,
        alpha_low=float(a * math.exp(-z * se[0])), alpha_high=float(a * math.exp(z * se[0])),
        beta_low=float(b * math.exp(-z * se[1])), beta_high=float(b * math.exp(z * se[1])),
        mean_churn=a / (a + b), mean_churn_low=float(m_low), mean_churn_high=float(m_high),
        survivors=tuple(float(v) for v in n),
    )
