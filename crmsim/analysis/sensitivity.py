"""Sensitivity of the luxury verdict: one-at-a-time tornado and global Sobol indices.

Both work on the analytic engine (exact expectations), one segment at a time.

Outputs
-------
``"luxury_ratio"``
    extra cost ÷ extra return of ``level`` over the next cheaper level;
``"extra_profit"``
    extra return − extra cost of that step (its sign is the verdict);
``"value_per_customer"``
    discounted profit per customer at ``level`` (for a tornado: one per level when
    ``level`` is None).

Examples
--------
>>> from crmsim import Scenario, Segment
>>> s = Scenario(segments=(Segment(name="key", annual_wallet=1e6, mutual_importance=0.9,
...                                switching_cost=0.9),))
>>> t = tornado(s, parameters={"switching_cost": (0.5, 1.0), "mutual_importance": (0.5, 1.0)})
>>> list(t["parameter"])  # widest swing first
['segment:key.mutual_importance', 'segment:key.switching_cost']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmsim.analysis.luxury import luxury_ratio
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.extras import require_extra
from crmsim.engines.analytic import level_lines_batch
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS
from crmsim.scenario.paths import apply_parameters, parameter_range, segment_path
from crmsim.scenario.scenario import Scenario

__all__ = ["DEFAULT_FACTORS", "OUTPUTS", "sobol_indices", "tornado"]

OUTPUTS = ("luxury_ratio", "extra_profit", "value_per_customer")
"""What a sensitivity analysis can look at."""

DEFAULT_FACTORS: tuple[str, ...] = (
    "mutual_importance",
    "mutual_need",
    "switching_cost",
    "customer_power",
    "annual_wallet",
    "gross_margin",
    "price_sensitivity",
    "relationship_orientation",
    "staff.cost_per_hour",
    "annual_discount_rate",
)
"""Parameters varied when none are given (bare names are fields of the segment)."""


def _outputs(scenarios: list[Scenario], segment: str, level: str | None, output: str) -> np.ndarray:
    """(len(scenarios), n_outputs): the output at each scenario, all in one batch."""
    lines = level_lines_batch(scenarios, segment)
    cost, ret = lines @ COST_WEIGHTS, lines @ RETURN_WEIGHTS
    names = scenarios[0].level_names
    if output == "value_per_customer":
        values = ret - cost
        return values if level is None else values[:, [names.index(level)]]
    i = names.index(level)
    dc, dr = cost[:, i] - cost[:, i - 1], ret[:, i] - ret[:, i - 1]
    if output == "luxury_ratio":
        return np.array([[luxury_ratio(c, r)] for c, r in zip(dc, dr, strict=True)])
    return (dr - dc)[:, None]


def _check(scenario, segment, level, output):
    name = scenario.segment_name(segment)
    check_choice("output", output, OUTPUTS)
    if level is not None:
        check_choice("level", level, scenario.level_names)
    cheapest = level is None or scenario.level_names.index(level) == 0
    if output != "value_per_customer" and cheapest:
        raise ScenarioError(
            f"output '{output}' needs a level above the cheapest; received {level!r}."
        )
    return name


def _default_bounds(scenario, paths, spread):
    bounds = {}
    for path in paths:
        low, high, current = parameter_range(scenario, path)
        value = float(current)
        delta = spread * abs(value) if value else spread
        bounds[path] = (max(low, value - delta), min(high, value + delta))
    return bounds


def tornado(
    scenario: Scenario,
    *,
    segment: str | None = None,
    level: str | None = "partnership",
    output: str = "luxury_ratio",
    parameters: Mapping[str, tuple[float, float]] | Sequence[str] | None = None,
    spread: float = 0.25,
) -> pd.DataFrame:
    """One-at-a-time sensitivity: each parameter to its low and high value, others fixed.

    Parameters
    ----------
    level : str or None
        The level (its step over the next cheaper level for the ratio and extra profit);
        None with ``output="value_per_customer"`` gives every level.
    parameters : mapping path → (low, high), or sequence of paths, optional
        Default :data:`DEFAULT_FACTORS`; without explicit ranges each goes ±``spread``
        (relative) around its current value, within its allowed range.

    Returns
    -------
    DataFrame
        One row per parameter (and level): parameter, level, low, high, base,
        output_low, output_high, swing (|output_high − output_low|), widest swing first.
    """
    name = _check(scenario, segment, level, output)
    if parameters is None:
        parameters = DEFAULT_FACTORS
    if isinstance(parameters, Mapping):
        bounds = {segment_path(scenario, p, name): tuple(b) for p, b in parameters.items()}
    else:
        paths = [segment_path(scenario, p, name) for p in parameters]
        bounds = _default_bounds(scenario, paths, spread)
    levels = list(scenario.level_names) if level is None else [level]
    varied = [scenario]
    for path, (low, high) in bounds.items():
        varied += [
            apply_parameters(scenario, {path: low}),
            apply_parameters(scenario, {path: high}),
        ]
    out = _outputs(varied, name, level, output)
    base = out[0]
    rows = []
    for p, (path, (low, high)) in enumerate(bounds.items()):
        out_low, out_high = out[1 + 2 * p], out[2 + 2 * p]
        for k, lv in enumerate(levels):
            rows.append(
                {
                    "parameter": path,
                    "level": lv,
                    "low": low,
                    "high": high,
                    "base": float(base[k]),
                    "output_low": float(out_low[k]),
                    "output_high": float(out_high[k]),
                    "swing": float(abs(out_high[k] - out_low[k])),
                }
            )
    frame = pd.DataFrame(rows)
    frame.attrs["output"] = output
    order = frame.groupby("parameter")["swing"].max().sort_values(ascending=False).index
    frame["parameter"] = pd.Categorical(frame["parameter"], categories=list(order), ordered=True)
    frame = frame.sort_values("parameter", kind="stable", ignore_index=True)
    frame["parameter"] = frame["parameter"].astype(str)
    return frame


def sobol_indices(
    scenario: Scenario,
    bounds: Mapping[str, tuple[float, float]],
    *,
    segment: str | None = None,
    level: str = "partnership",
    output: str = "extra_profit",
    n_base: int = 256,
    seed: int = 0,
) -> pd.DataFrame:
    """Global first-order and total Sobol indices (Saltelli sampling, SALib).

    Parameters
    ----------
    bounds : mapping path → (low, high)
        Parameters varied (uniformly) and their ranges; bare names are segment fields.
    n_base : int
        Base sample size (a power of 2); the model runs ``n_base × (d + 2)`` times.
    output : str
        Default ``"extra_profit"`` (finite everywhere); ``"luxury_ratio"`` raises if the
        ratio is undefined or infinite somewhere in the ranges.

    Returns
    -------
    DataFrame
        One row per parameter: parameter, S1, S1_conf, ST, ST_conf (95 % bootstrap
        half-widths from SALib), largest ST first. ``attrs["samples"]`` holds the model
        runs as a frame.
    """
    require_extra("sobol_indices", "sensitivity")
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    name = _check(scenario, segment, level, output)
    check_int("n_base", n_base, low=8)
    if not bounds:
        raise ScenarioError("bounds must name at least one parameter; received none.")
    paths = {segment_path(scenario, p, name): tuple(map(float, b)) for p, b in bounds.items()}
    problem = {"num_vars": len(paths), "names": list(paths), "bounds": list(paths.values())}
    X = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    Y = _outputs(
        [apply_parameters(scenario, dict(zip(paths, x, strict=True))) for x in X],
        name,
        level,
        output,
    )[:, 0]
    if not np.all(np.isfinite(Y)):
        raise ScenarioError(
            f"output '{output}' is not finite everywhere in these ranges (the level returns "
            "nothing extra somewhere); expected narrower ranges or output='extra_profit'."
        )
    result = sobol_analyze.analyze(problem, Y, calc_second_order=False, seed=seed)
    frame = pd.DataFrame(
        {
            "parameter": list(paths),
            "S1": result["S1"],
            "S1_conf": result["S1_conf"],
            "ST": result["ST"],
            "ST_conf": result["ST_conf"],
        }
    ).sort_values("ST", ascending=False, ignore_index=True)
    samples = pd.DataFrame(X, columns=list(paths))
    samples[output] = Y
    frame.attrs["samples"] = samples
    frame.attrs["output"] = output
    return frame
