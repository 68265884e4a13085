"""The analytic engine's numbers, held against stored reference values.

The reference (``data/analytic_reference.npz``) was computed by the month-by-month,
one-scenario-at-a-time engine before the array core replaced it; every preset at every
level, with its own staff, with starved staff, with a crowded complaint desk and with
unlimited staff, and a small frontier map under shared staff. The array core sums the same
terms in a different order, so numbers agree to floating-point rounding: ``RTOL`` relative
to the largest magnitude of the same quantity (money amounts reach millions, so an absolute
tolerance per entry would be meaningless). ``test_reference_check_catches_an_error`` shows
the check fails on a change of one part in a million.

Regenerate (only when the economics change on purpose)::

    python tests/engines/test_analytic_reference.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from crmsim import evaluate, preset
from crmsim.analysis import frontier_map
from crmsim.engines import level_lines
from crmsim.scenario.presets import preset_names
from crmsim.scenario.scenario import ComplaintDesk, Staff

REFERENCE = Path(__file__).with_name("data") / "analytic_reference.npz"
RTOL = 1e-9


def _variants():
    for name in preset_names():
        base = preset(name)
        yield f"{name}/own", base
        yield (
            f"{name}/starved",
            dataclasses.replace(
                base,
                staff=Staff(n_account_managers=1, hours_per_manager_per_month=30.0),
                complaints=ComplaintDesk(n_staff=1, hours_per_handler_per_month=20.0),
            ),
        )
        yield (
            f"{name}/unlimited",
            dataclasses.replace(
                base, staff=Staff(n_account_managers=None), complaints=ComplaintDesk(n_staff=None)
            ),
        )


def _numbers(variant: str, scenario) -> dict[str, np.ndarray]:
    out = {}
    for plan in (None, *scenario.level_names):
        res = evaluate(scenario, plan=plan)
        key = f"{variant}/{plan or 'plan'}"
        if plan is None:  # whole paths for the planned levels, totals for the others
            out[f"{key}/occupancy"] = res.occupancy["customers"].to_numpy(float)
            out[f"{key}/cash"] = res.cash_flows.select_dtypes("number").to_numpy(float)
        out[f"{key}/summary"] = res.summary.select_dtypes("number").to_numpy(float)
        out[f"{key}/clv"] = res.clv.select_dtypes("number").to_numpy(float)
        out[f"{key}/staff"] = res.staff.select_dtypes("number").to_numpy(float).reshape(-1)
        out[f"{key}/extra"] = np.array(
            [
                res.extra["served_fraction"],
                np.nan
                if res.extra["complaints_in_time"] is None
                else res.extra["complaints_in_time"],
            ]
        )
    for seg in (s.name for s in scenario.segments):
        out[f"{variant}/lines/{seg}"] = level_lines(scenario, seg)
    return out


def _frontier() -> dict[str, np.ndarray]:
    fmap = frontier_map(
        preset("classroom"),
        segment="key accounts",
        x_values=[0.2, 0.6, 0.9],
        y_values=[0.1, 0.5, 0.8, 1.0],
    )
    return {"frontier/cost": fmap.cost, "frontier/ret": fmap.ret}


def reference_numbers() -> dict[str, np.ndarray]:
    """Every number the stored reference holds, computed by the engine as it is now."""
    out = {}
    for variant, scenario in _variants():
        out.update(_numbers(variant, scenario))
    out.update(_frontier())
    return out


def _close(now: np.ndarray, then: np.ndarray) -> bool:
    scale = max(float(np.nanmax(np.abs(then), initial=0.0)), 1e-300)
    return bool(
        now.shape == then.shape
        and np.allclose(now, then, rtol=0.0, atol=RTOL * scale, equal_nan=True)
    )


@pytest.fixture(scope="module")
def stored():
    with np.load(REFERENCE) as data:
        return dict(data)


@pytest.mark.parametrize("variant", [v for v, _ in _variants()])
def test_evaluate_matches_reference(stored, variant):
    scenario = dict(_variants())[variant]
    now = _numbers(variant, scenario)
    assert set(now) == {k for k in stored if k.startswith(variant + "/")}
    bad = [k for k, v in now.items() if not _close(v, stored[k])]
    assert not bad, bad


def test_staffed_frontier_matches_reference(stored):
    bad = [k for k, v in _frontier().items() if not _close(v, stored[k])]
    assert not bad, bad


def test_reference_check_catches_an_error(stored):
    values = stored["classroom/own/plan/cash"]
    off = values.copy()
    off[values.shape[0] // 2] *= 1.0 + 1e-6
    assert _close(values, values)
    assert not _close(off, values)


if __name__ == "__main__":
    REFERENCE.parent.mkdir(exist_ok=True)
    np.savez_compressed(REFERENCE, **reference_numbers())
    print(f"wrote {REFERENCE}")
