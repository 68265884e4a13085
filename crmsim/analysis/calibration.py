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
table, so a consultant can see whether one shared lifecycle is a fair assumption. A rate
that cannot reach the observed chance is clipped to 0 and says why (columns ``floor`` and
``clip``): the segment's other mechanisms give more than observed even at 0, or the row has
no room left.

**Digits.** A scenario file gets each estimate rounded by :func:`written_rate`: at the
second significant digit of its standard error, keeping 1 to :data:`MAX_WRITTEN_DIGITS`
significant digits (:func:`calibrated_scenario` with ``rounded=True``).

**Cohort churn** (:func:`fit_cohort`) from a cohort retention table: a CSV with columns
``period`` (0, 1, 2, ...) and ``active`` (customers still active). The shifted-beta-
geometric model of Fader & Hardie (2007) is fitted by maximum likelihood
(:meth:`crmsim.model.markov.BetaGeometricCohort.fit`), with Wald intervals from the observed
information on the log scale. What is written: the cohort's mean churn per period,
``alpha / (alpha + beta)``, converted to a monthly rate, into one lifecycle churn field
(default ``churn_repeat``). The constant-rate lifecycle cannot carry the heterogeneity
(``alpha``, ``beta``); both are recorded in a comment at the top of the file.

**Degenerate fits are never reported as certain.** A cohort of fewer than
:data:`MIN_COHORT_SIZE` customers, an estimate beyond :data:`BOUNDARY` (``alpha`` or
``beta`` running off to 0 or infinity, e.g. a flat cohort 5, 5, 5, 5, 0 or one customer who
left), a singular information matrix or a likelihood without a finite maximum is flagged in
:attr:`CohortFit.degenerate`; ``alpha`` and ``beta`` then get no interval and the mean
churn gets the profile-likelihood interval (:func:`profile_mean_churn_interval`), which
needs no information matrix and does not collapse to a point (one customer who left: mean
churn 1 with the 95 % interval [0.147, 1], not [1, 1]). ``crmsim calibrate cohort`` prints
such a fit with the flag and refuses to ``--write`` it.

**Strict reading.** Every malformed CSV raises :class:`~crmsim.common.errors.ScenarioError`
in one sentence naming the file and line: the file must be UTF-8 (an optional byte-order
mark is dropped), lines are split at ``\n`` only (so line numbers are an editor's), a
quoted field must close on the line where it opens (the error names that line), no line
is longer than :data:`MAX_LINE_CHARACTERS`, and whole numbers are digits 0-9 only, up to
:data:`MAX_COUNT` (no sign, ``1_0``, ``1e3``, ``inf``, ``nan`` or unicode digits); names
must not hold control characters (:func:`crmsim.common.text.check_name`).
"""

from __future__ import annotations

import csv
import dataclasses
import decimal
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from crmsim.common.checks import did_you_mean
from crmsim.common.errors import ScenarioError
from crmsim.common.text import check_name, shown_text
from crmsim.model.markov import (
    BetaGeometricCohort,
    sbg_log_likelihood,
    sbg_log_likelihood_by_mean,
)
from crmsim.scenario.scenario import Lifecycle, Scenario
from crmsim.scenario.states import STATES

__all__ = [
    "BOUNDARY",
    "LIFECYCLE_CELLS",
    "MAX_COUNT",
    "MAX_LINE_CHARACTERS",
    "MAX_WRITTEN_DIGITS",
    "MIN_COHORT_SIZE",
    "UNSEGMENTED",
    "CohortFit",
    "calibrated_scenario",
    "estimate_transitions",
    "fit_cohort",
    "history_from_trace",
    "lifecycle_from_transitions",
    "profile_mean_churn_interval",
    "read_cohort",
    "read_history",
    "wilson_interval",
    "written_rate",
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


MAX_LINE_CHARACTERS = 10_000
"""Longest line a calibration CSV may hold; a longer one is refused with its line number."""

MAX_COUNT = 10**12
"""Largest whole number a calibration CSV may hold (months, periods, customers): far above
any real cohort, and every sum of such counts stays exact in floating point."""

def _decoded(source: str, path: str | os.PathLike[str]) -> str:
    """The file's text (UTF-8, an optional byte-order mark dropped) or one sentence."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise ScenarioError(f"{source}: expected a CSV file; received a folder.") from None
    except OSError as exc:
        raise ScenarioError(f"{source}: the file cannot be read; received the error "
                            f"'{exc.strerror or type(exc).__name__}'.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ScenarioError(f"{source}, line {line}: the file must be UTF-8 text; received "
                            f"the byte {data[exc.start]:#04x} at byte {exc.start}.") from None


def _fields(source: str, number: int, line: str) -> list[str]:
    """The comma-separated fields of one physical line (a field never spans lines)."""
    if len(line) > MAX_LINE_CHARACTERS:
        raise ScenarioError(f"{source}, line {number}: a line must hold at most "
                            f"{MAX_LINE_CHARACTERS:,} characters; received {len(line):,}.")
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error as exc:
        if line.count('"') % 2:
            raise ScenarioError(f"{source}, line {number}: a quoted field opens on this line "
                                "but is not closed; expected a closing '\"' before the end of "
                                "the line.") from None
        raise ScenarioError(f"{source}, line {number}: not valid CSV ({exc}).") from None


def _rows(path: str | os.PathLike[str], required: tuple[str, ...], optional: tuple[str, ...]
          ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and data rows (with their line numbers) of a small comma-separated file."""
    source = os.fspath(path)
    lines = _decoded(source, path).split("\n")
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not any(line.strip() for line in lines):
        raise ScenarioError(f"{source}, line 1: the file is empty; expected a header line "
                            f"with the columns {', '.join(required)}.")
    header = [h.strip() for h in _fields(source, 1, lines[0])]
    missing = [c for c in required if c not in header]
    if missing:
        joined = ",".join(header)
        other = [d for d in ";\t|" if d in joined]
        hint = (f" (the columns seem separated by {other[0]!r}; expected ',')"
                if other else "")
        raise ScenarioError(
            f"{source}, line 1: the header must name the columns {', '.join(required)}"
            f"{' (optional: ' + ', '.join(optional) + ')' if optional else ''}; "
            f"received {shown_text(joined) if joined else 'an empty line'} "
            f"(missing {', '.join(missing)}){hint}."
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = _fields(source, number, line)
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise ScenarioError(
                f"{source}, line {number}: expected {len(header)} comma-separated fields "
                f"({', '.join(header)}); received {len(fields)}."
            )
        rows.append((number, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
    if not rows:
        raise ScenarioError(f"{source}: the file holds a header but no data rows; expected "
                            "at least one row.")
    return header, rows


def _whole(source: str, number: int, column: str, text: str, high: int = MAX_COUNT) -> int:
    """A whole number written with the digits 0-9 only (no sign, ``_``, exponent, inf, nan)."""
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))
            and int(text) <= high):
        raise ScenarioError(f"{source}, line {number}: column '{column}' must be a whole "
                            f"number from 0 to {high:,} written with the digits 0-9; "
                            f"received {shown_text(text, 40)}"
                            f"{f' ({len(text):,} characters)' if len(text) > 40 else ''}.")
    return int(text)


def _name(source: str, number: int, column: str, text: str, expected: str) -> str:
    """A customer or segment name: not empty, one visible line, not too long."""
    if not text:
        raise ScenarioError(f"{source}, line {number}: column '{column}' must not be "
                            f"empty; expected {expected}.")
    return check_name(f"{source}, line {number}: column '{column}'", text)


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
        customer = _name(source, number, "customer", row["customer"], "a customer identifier")
        month = _whole(source, number, "month", row["month"])
        state = row["state"]
        if state not in STATES:
            hint = did_you_mean(state, STATES)
            raise ScenarioError(
                f"{source}, line {number}: column 'state' must be one of "
                f"{', '.join(STATES)}{hint}; received {shown_text(state)}."
            )
        segment = (_name(source, number, "segment", row["segment"], "a segment name")
                   if has_segment else UNSEGMENTED)
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
    >>> low, high = wilson_interval(0, 24)  # none of 24: the bound is 0, not 1e-17
    >>> float(low), round(float(high), 4)
    (0.0, 0.138)
    >>> [float(v) for v in wilson_interval(0, 0)]
    [nan, nan]
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    # no success (or no failure) puts a bound exactly at 0 (or 1), without rounding noise
    low = np.where((k == 0) & (n > 0), 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where((k == n) & (n > 0), 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


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


def _cell(scenario: Scenario, segment, level, lifecycle: Lifecycle, field: str, value: float
          ) -> float | None:
    """The model's monthly cell of ``field`` with ``field`` set to ``value``; ``None`` when
    that value would make a row of the scenario's chances sum over 1."""
    from crmsim.model.mechanisms import served_regime

    i, j = (STATES.index(s) for s in LIFECYCLE_CELLS[field])
    try:
        varied = dataclasses.replace(
            scenario, lifecycle=dataclasses.replace(lifecycle, **{field: value}))
    except ScenarioError:
        return None
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
        observed (p), observed_low, observed_high, n (moves observed from from_state to
        to_state), n_from (moves observed from from_state), estimate, low, high, current
        (the scenario's value), floor, clip. Fields whose from-state was never observed
        are left out. A field with ``n == 0`` rests on no observed move: its estimate is the
        maximum-likelihood 0, and ``high`` is how far the data still allow it to reach.

        ``floor`` is the model's monthly chance of the move with the field at 0: what the
        reference segment's other mechanisms at this level give on their own (complaints
        handled badly still end relationships when the base churn is 0, ...). No rate can
        bring the model below it, so an observed chance under the floor gets the estimate
        0 with ``clip == "floor"``: the model then shows more of these moves than the data.
        ``clip == "room"`` says the estimate is 0 because the other chances of the row
        (the scenario's or just estimated) leave this one no room, so the model shows
        fewer of these moves than the data. ``clip == ""``: not clipped to 0.

    Examples
    --------
    Every one of 200 new customers is observed for one month; one of them left. The first
    segment of the default scenario complains about once a year, and a badly handled
    complaint can end a relationship, so churn_new = 0 still loses more than 1 in 200:

    >>> from crmsim.scenario.scenario import Scenario
    >>> moves = ["lost"] + ["repeat"] * 40 + ["new"] * 159
    >>> history = pd.DataFrame({"customer": [f"c{i}" for i in range(200) for _ in (0, 1)],
    ...                         "month": [0, 1] * 200, "segment": UNSEGMENTED,
    ...                         "state": [s for m in moves for s in ("new", m)]})
    >>> fit = lifecycle_from_transitions(Scenario(), estimate_transitions(history))
    >>> row = fit.set_index("field").loc["churn_new"]
    >>> float(row["observed"]), float(row["estimate"]), row["clip"], float(row["floor"]) > 0.005
    (0.005, 0.0, 'floor', True)
    """
    seg = scenario.segment(segment or scenario.segments[0].name)
    lvl = scenario.level(level or scenario.level_names[0])
    if transitions.empty:
        raise ScenarioError(
            "the history must show at least one customer in two consecutive months (a move "
            "from month t to t + 1); received no such pair of months."
        )
    available = list(dict.fromkeys(transitions["segment"]))
    if data_segment is None:
        data_segment = seg.name if seg.name in available else (
            available[0] if len(available) == 1 else None)
    if data_segment not in available:
        raise ScenarioError(
            f"the history must hold customers of segment '{seg.name}' (or of one segment "
            f"only); received the segments {', '.join(map(shown_text, available))}."
        )
    data = transitions[transitions["segment"] == data_segment].set_index(
        ["from_state", "to_state"])
    observed = {f: data.loc[c] for f, c in LIFECYCLE_CELLS.items() if c in data.index}
    life = scenario.lifecycle

    def cell(base: Lifecycle, field: str, value: float) -> float | None:
        return _cell(scenario, seg, lvl, base, field, value)

    def largest_valid(base: Lifecycle, field: str, invalid: float) -> float:
        """The largest value below ``invalid`` that keeps every row at most 1 (bisection)."""
        valid = 0.0
        for _ in range(50):
            middle = (valid + invalid) / 2.0
            if cell(base, field, middle) is None:
                invalid = middle
            else:
                valid = middle
        return valid

    def solve(field: str, target: float, base: Lifecycle) -> tuple[float, float, str]:
        """Affine inversion of the model's cell in one field, kept inside the valid rates.

        The cell is affine in the field, so two close points give its slope exactly; the
        answer is lowered to the largest value that keeps every row of the scenario's
        chances at most 1 (NaN when the field does not move its cell). Returns the value,
        the cell at a rate of 0 (the floor) and why the value was clipped to 0 below
        ``target``: ``"floor"`` (the floor is already above it), ``"room"`` (the other rates
        leave this one no room) or ``""`` (not clipped).
        """
        p0 = cell(base, field, 0.0)
        if p0 is None:
            return math.nan, math.nan, ""
        if target <= p0:
            return 0.0, p0, "floor" if target < p0 else ""
        step = 1e-3
        p1 = cell(base, field, step)
        if p1 is None:  # the other rates leave this one less than a step of room
            step = largest_valid(base, field, step)
            p1 = cell(base, field, step)
            if step < 1e-12 or p1 is None:
                return 0.0, p0, "room"
        slope = (p1 - p0) / step
        if slope <= 1e-12:
            return math.nan, p0, ""
        value = min((target - p0) / slope, 1.0)
        if cell(base, field, value) is None:
            value = largest_valid(base, field, value)
        return value, p0, ""

    solved = {f: (float(row["p"]), math.nan, "") for f, row in observed.items()}
    for _ in range(4):  # Gauss-Seidel: the cells interact only through clipping
        for field, row in observed.items():
            solved[field] = solve(field, float(row["p"]), life)
            if not math.isnan(solved[field][0]):
                life = dataclasses.replace(life, **{field: solved[field][0]})
    rows = []
    for field, row in observed.items():
        estimate, floor, clip = solved[field]
        rows.append({
            "field": field, "from_state": LIFECYCLE_CELLS[field][0],
            "to_state": LIFECYCLE_CELLS[field][1], "observed": float(row["p"]),
            "observed_low": float(row["low"]), "observed_high": float(row["high"]),
            "n": int(row["n"]), "n_from": int(row["n_from"]), "estimate": estimate,
            "low": solve(field, float(row["low"]), life)[0],
            "high": solve(field, float(row["high"]), life)[0],
            "current": getattr(scenario.lifecycle, field),
            "floor": floor, "clip": clip,
        })
    return pd.DataFrame(rows)


MAX_WRITTEN_DIGITS = 4
"""Most significant digits of a rate that :func:`written_rate` keeps."""


def written_rate(estimate: float, low: float, high: float, confidence: float = 0.95, *,
                 toward_zero: bool = False) -> float:
    """``estimate`` rounded to the digits its interval justifies, for a scenario file.

    The standard error is read off the interval, ``(high - low) / (2 z)`` (``z`` of
    ``confidence``), and quoted with two significant digits; the estimate is rounded to
    the same decimal place, keeping at least one significant digit (a positive rate never
    becomes 0) and at most :data:`MAX_WRITTEN_DIGITS` (also when the interval has no
    width or is NaN). The change is at most a twentieth of a standard error. 0 stays 0.
    ``toward_zero`` rounds down instead of to the nearest (a written value never above
    the estimate, for a rate at the top of its valid range).

    Examples
    --------
    >>> written_rate(0.029876383071090074, 0.0101, 0.0603)  # standard error 0.013
    0.03
    >>> written_rate(0.029876383071090074, 0.0291, 0.0307)  # standard error 0.00041
    0.02988
    >>> written_rate(0.29876383071090074, 0.2987, 0.2988)  # at most 4 digits
    0.2988
    >>> written_rate(0.00041, 0.0, 0.05)  # at least one digit: never rounded to 0
    0.0004
    >>> written_rate(0.03, 0.01, 0.06, toward_zero=True), written_rate(0.0, 0.0, 0.1)
    (0.03, 0.0)
    """
    if not math.isfinite(estimate) or estimate == 0.0:
        return estimate
    lead = math.floor(math.log10(abs(estimate)))  # place of the first significant digit
    se = (high - low) / (2.0 * float(stats.norm.ppf(0.5 + confidence / 2.0)))
    place = math.floor(math.log10(se)) - 1 if math.isfinite(se) and se > 0.0 else -math.inf
    place = int(min(max(place, lead - MAX_WRITTEN_DIGITS + 1), lead))
    rounding = decimal.ROUND_DOWN if toward_zero else decimal.ROUND_HALF_EVEN
    shortest = decimal.Decimal(repr(float(estimate)))  # 0.03, not 0.0299999999999999989
    return float(shortest.quantize(decimal.Decimal(1).scaleb(place), rounding))


def calibrated_scenario(scenario: Scenario, estimates: pd.DataFrame, *, rounded: bool = False,
                        confidence: float = 0.95) -> Scenario:
    """``scenario`` with the lifecycle fields of ``estimates`` (field, estimate) set.

    With ``rounded``, each estimate is set as :func:`written_rate` of it and its interval
    (columns low and high at ``confidence``): the value a scenario file gets. Should the
    rounded rates of a row add up to more than the scenario allows (an estimate at the top
    of its valid range rounded up), they are all rounded down instead.

    Examples
    --------
    >>> from crmsim.scenario.scenario import Scenario
    >>> estimates = pd.DataFrame({"field": ["churn_new"], "estimate": [0.029876383071090074],
    ...                           "low": [0.0101], "high": [0.0603]})
    >>> calibrated_scenario(Scenario(), estimates).lifecycle.churn_new
    0.029876383071090074
    >>> calibrated_scenario(Scenario(), estimates, rounded=True).lifecycle.churn_new
    0.03
    """
    rows = [r for r in estimates.itertuples() if not math.isnan(r.estimate)]

    def values(toward_zero: bool) -> dict[str, float]:
        return {r.field: (written_rate(float(r.estimate), float(r.low), float(r.high),
                                       confidence, toward_zero=toward_zero)
                          if rounded else float(r.estimate)) for r in rows}

    def with_values(toward_zero: bool) -> Scenario:
        return dataclasses.replace(scenario, lifecycle=dataclasses.replace(
            scenario.lifecycle, **values(toward_zero)))

    try:
        return with_values(False)
    except ScenarioError:
        if not rounded:
            raise
        return with_values(True)


# --------------------------------------------------------------------------------------
# shifted-beta-geometric cohort churn
# --------------------------------------------------------------------------------------


def read_cohort(path: str | os.PathLike[str]) -> np.ndarray:
    """Survivor counts ``n_0, n_1, ...`` of a cohort retention CSV (period, active)."""
    source = os.fspath(path)
    _, rows = _rows(path, ("period", "active"), ())
    counts: list[int] = []
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
        shown = ", ".join(map(str, counts[:10])) + (", ..." if len(counts) > 10 else "")
        raise ScenarioError(
            f"{source}: a cohort table needs at least 3 periods (0, 1, 2), a cohort size "
            f"above 0 at period 0 and at least one customer lost; received {shown}."
        )
    return np.asarray(counts, dtype=float)


MIN_COHORT_SIZE = 30
"""Smallest cohort whose Wald intervals :func:`fit_cohort` trusts; smaller ones are flagged."""

BOUNDARY = 1e4
"""An sBG estimate with ``alpha`` or ``beta`` below ``1 / BOUNDARY`` or above ``BOUNDARY``
lies on the boundary of the parameter space (no heterogeneity, or every customer alike):
:func:`fit_cohort` flags it."""


@dataclass(frozen=True, slots=True)
class CohortFit:
    """A shifted-beta-geometric fit with its intervals.

    ``degenerate`` is empty for a regular fit (Wald intervals on the log scale); otherwise
    it is the sentence saying why the fit is not regular, ``alpha`` and ``beta`` have no
    interval (NaN bounds) and the mean churn's interval is the profile-likelihood interval
    (``interval_method == "profile likelihood"``), which never collapses to a point.
    """

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
    degenerate: str = ""
    interval_method: str = "wald"

    def monthly_churn(self, period_months: float) -> float:
        """Monthly churn with the same survival over one period as the mean churn."""
        return _per_month(self.mean_churn, period_months)

    def monthly_churn_interval(self, period_months: float) -> tuple[float, float]:
        """The interval of the mean churn, converted like :meth:`monthly_churn`."""
        return (_per_month(self.mean_churn_low, period_months),
                _per_month(self.mean_churn_high, period_months))


def _per_month(churn: float, period_months: float) -> float:
    """Monthly churn with the same survival over ``period_months`` as ``churn``."""
    return 1.0 - (1.0 - churn) ** (1.0 / period_months)


def _log_likelihood(n: np.ndarray, log_ab: np.ndarray) -> float:
    return sbg_log_likelihood(*np.exp(log_ab), n)


def _information(n: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Observed information in ``(log alpha, log beta)`` by central differences."""
    h = 1e-4
    hess = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            hess[i, j] = (_log_likelihood(n, x + ei + ej) - _log_likelihood(n, x + ei - ej)
                          - _log_likelihood(n, x - ei + ej)
                          + _log_likelihood(n, x - ei - ej)) / (4 * h * h)
    return -hess


def _degeneracy(n: np.ndarray, a: float, b: float, information: np.ndarray) -> str:
    """Why an sBG fit cannot carry Wald intervals ('' when it can)."""
    if n[0] < MIN_COHORT_SIZE:
        size = f"{n[0]:.0f} customer" + ("" if n[0] == 1 else "s")
        return (f"the cohort holds {size}, fewer than {MIN_COHORT_SIZE}, too few for Wald "
                "intervals")
    if not (1.0 / BOUNDARY <= a <= BOUNDARY and 1.0 / BOUNDARY <= b <= BOUNDARY):
        return (f"the estimate alpha = {a:.3g}, beta = {b:.3g} lies on the boundary of the "
                "parameter space, so alpha and beta are not identified")
    finite = bool(np.all(np.isfinite(information)))
    eigen = np.linalg.eigvalsh(information) if finite else np.array([0.0, 1.0])
    if eigen[0] <= 1e-10 * max(eigen[-1], 1e-300):
        return "the information matrix is singular, so alpha and beta are not identified"
    return ""


def profile_mean_churn_interval(survivors: Any, confidence: float = 0.95
                                ) -> tuple[float, float, float]:
    """Mean churn ``m = alpha / (alpha + beta)`` with its profile-likelihood interval.

    The likelihood is maximised over ``s = alpha + beta`` for each fixed ``m``; the
    interval holds every ``m`` whose profile log-likelihood is within
    ``chi2_1(confidence) / 2`` of the maximum. Unlike a Wald interval it needs no
    information matrix, so it stays honest when ``alpha`` and ``beta`` run off to 0 or
    infinity; it reaches 0 or 1 only when the data allow that value.

    Returns
    -------
    (estimate, low, high) : tuple of float

    Examples
    --------
    >>> m, low, high = profile_mean_churn_interval([1, 0, 0])  # one customer, who left
    >>> round(m, 3), round(low, 3), round(high, 3)
    (1.0, 0.147, 1.0)
    """
    sbg_log_likelihood(1.0, 1.0, survivors)  # validates the counts with one sentence
    n = np.asarray(survivors, dtype=float)
    edge = 25.0  # |logit m| and |log s| up to 25: m within 1e-11 of 0 or 1

    def profile(logit_m: float) -> float:
        found = optimize.minimize_scalar(
            lambda log_s: -sbg_log_likelihood_by_mean(logit_m, log_s, n),
            bounds=(-edge, edge), method="bounded", options={"xatol": 1e-7})
        return float(-found.fun)

    found = optimize.minimize_scalar(lambda t: -profile(t), bounds=(-edge, edge),
                                     method="bounded", options={"xatol": 1e-8})
    top, best = float(-found.fun), float(found.x)
    estimate = float(special.expit(best))
    for probe, at_edge in ((-edge, 0.0), (edge, 1.0)):  # the maximum may be m = 0 or 1
        value = profile(probe)
        if value >= top or abs(best - probe) < 1e-3:
            top, best, estimate = max(value, top), probe, at_edge
    cut = float(stats.chi2.ppf(confidence, 1)) / 2.0

    def excess(t: float) -> float:
        return top - profile(t) - cut

    low = (0.0 if excess(-edge) <= 0.0
           else float(special.expit(optimize.brentq(excess, -edge, best, xtol=1e-10))))
    high = (1.0 if excess(edge) <= 0.0
            else float(special.expit(optimize.brentq(excess, best, edge, xtol=1e-10))))
    return estimate, low, high


def fit_cohort(survivors: Any, *, confidence: float = 0.95) -> CohortFit:
    """Fit the sBG model to survivor counts, with intervals that never pretend certainty.

    A regular fit gets Wald intervals from the observed information on the log scale. A
    degenerate one (fewer than :data:`MIN_COHORT_SIZE` customers, an estimate beyond
    :data:`BOUNDARY`, a singular information matrix, or no finite maximum at all) is
    flagged in :attr:`CohortFit.degenerate`: ``alpha`` and ``beta`` get NaN bounds and the
    mean churn gets :func:`profile_mean_churn_interval`.

    Examples
    --------
    >>> fit = fit_cohort([1000, 631, 468, 382, 326, 289, 262, 241])  # Fader & Hardie 2007
    >>> round(fit.alpha, 3), round(fit.beta, 3), fit.degenerate
    (0.704, 1.182, '')
    >>> bool(fit.alpha_low < fit.alpha < fit.alpha_high)
    True
    >>> flat = fit_cohort([5, 5, 5, 5, 0])  # everybody leaves at once: no heterogeneity
    >>> flat.interval_method, flat.mean_churn_low < flat.mean_churn < flat.mean_churn_high
    ('profile likelihood', True)
    """
    sbg_log_likelihood(1.0, 1.0, survivors)  # validates the counts with one sentence
    n = np.asarray(survivors, dtype=float)
    try:
        best = BetaGeometricCohort.fit(n)
    except ScenarioError:  # the counts are valid: the likelihood has no finite maximum
        best = None
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    if best is not None:
        a, b = best.alpha, best.beta
        x = np.log([a, b])
        with np.errstate(all="ignore"):
            information = _information(n, x)
        reason = _degeneracy(n, a, b, information)
    else:
        reason = "the likelihood has no finite maximum, so alpha and beta are not identified"
    if reason:
        m, m_low, m_high = profile_mean_churn_interval(n, confidence)
        a, b = (best.alpha, best.beta) if best is not None else (math.nan, math.nan)
        return CohortFit(
            alpha=a, beta=b, alpha_low=math.nan, alpha_high=math.nan,
            beta_low=math.nan, beta_high=math.nan,
            mean_churn=m, mean_churn_low=m_low, mean_churn_high=m_high,
            survivors=tuple(float(v) for v in n), degenerate=reason,
            interval_method="profile likelihood",
        )
    cov = np.linalg.inv(information)
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
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
