"""The SimPy engine's results for fixed seeds, held against stored reference numbers.

The reference (``data/simulation_reference.npz``) was computed before the engine's work per
event was cut (draws read from numpy rows, the collector paused during a run): the same
seed must give the same customers, the same events and the same money, to the last digit
but for summation order (``RTOL`` of each quantity's largest magnitude).
``test_reference_check_catches_an_error`` shows the check fails when one customer's value
moves by one part in a million.

Regenerate (only when the engine's random stream layout changes on purpose)::

    python tests/engines/test_simulation_reference.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from crmsim import preset
from crmsim.engines import simulate, simulate_chain
from crmsim.model import MarkovRewardProcess
from crmsim.scenario.scenario import ComplaintDesk, Staff

REFERENCE = Path(__file__).with_name("data") / "simulation_reference.npz"
RTOL = 1e-12


def _cases():
    classroom = preset("classroom")
    yield "classroom", classroom, 11
    yield (
        "classroom_starved",
        dataclasses.replace(
            classroom,
            staff=Staff(n_account_managers=1, hours_per_manager_per_month=30.0),
            complaints=ComplaintDesk(n_staff=1, hours_per_handler_per_month=20.0),
        ),
        12,
    )
    yield "dell", preset("dell").with_plan("partnership"), 13


def _numbers(name: str, scenario, seed: int) -> dict[str, np.ndarray]:
    res = simulate(scenario, seed=seed)
    return {
        f"{name}/occupancy": res.occupancy["customers"].to_numpy(float),
        f"{name}/cash": res.cash_flows.select_dtypes("number").to_numpy(float),
        f"{name}/summary": res.summary.select_dtypes("number").to_numpy(float),
        f"{name}/customers": res.customers.select_dtypes("number").to_numpy(float),
        f"{name}/staff": res.staff.select_dtypes("number").to_numpy(float).reshape(-1),
        f"{name}/events": np.array([res.extra["n_events"]], dtype=float),
    }


def _chain_numbers() -> dict[str, np.ndarray]:
    chain = MarkovRewardProcess(
        states=("loyal", "active", "lapsing", "lost"),
        transition=[
            [0.95, 0.04, 0.0, 0.01],
            [0.08, 0.85, 0.05, 0.02],
            [0.02, 0.2, 0.7, 0.08],
            [0.0, 0.0, 0.0, 1.0],
        ],
        reward=(100.0, 50.0, 10.0, 0.0),
        discount_rate=0.01,
    )
    sim = simulate_chain(chain, [300, 500, 200, 0], 120, seed=14)
    return {
        "chain/occupancy": sim.occupancy["customers"].to_numpy(float),
        "chain/customers": sim.customers.select_dtypes("number").to_numpy(float),
        "chain/events": np.array([sim.n_events], dtype=float),
    }


def reference_numbers() -> dict[str, np.ndarray]:
    """Every number the stored reference holds, computed by the engines as they are now."""
    out = {}
    for name, scenario, seed in _cases():
        out.update(_numbers(name, scenario, seed))
    out.update(_chain_numbers())
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


@pytest.mark.parametrize("case", [c[0] for c in _cases()])
def test_simulate_matches_reference(stored, case):
    _, scenario, seed = next(c for c in _cases() if c[0] == case)
    now = _numbers(case, scenario, seed)
    bad = [k for k, v in now.items() if not _close(v, stored[k])]
    assert not bad, bad


def test_simulate_chain_matches_reference(stored):
    bad = [k for k, v in _chain_numbers().items() if not _close(v, stored[k])]
    assert not bad, bad


def test_reference_check_catches_an_error(stored):
    values = stored["classroom/customers"]
    off = values.copy()
    col = np.argmax(np.abs(values).max(axis=0))
    off[0, col] = off[0, col] * (1.0 + 1e-6) + 1e-6 * np.abs(values[:, col]).max()
    assert _close(values, values)
    assert not _close(off, values)


if __name__ == "__main__":
    REFERENCE.parent.mkdir(exist_ok=True)
    np.savez_compressed(REFERENCE, **reference_numbers())
    print(f"wrote {REFERENCE}")
