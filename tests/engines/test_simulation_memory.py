"""The SimPy engine's memory grows with what it records, not with every draw it made.

A finished customer leaves its ledger row (eight numbers) and nothing else: the uniforms
it read beyond its first row, its record and its process are freed when it finishes. The
extension rows of the pre-drawn uniforms are drawn for the customers who need them, not as
a block for every customer. ``test_the_check_catches_kept_draws`` shows the check fails
when the extension rows handed out are kept.
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest

import crmsim.engines.simulation as simulation
from crmsim import Scenario, Segment
from crmsim.engines.simulation import UniformRows, child_seed, simulate

LEDGER_ROW = 8 * 8  # eight float64 numbers per finished customer
FIXED = 200_000  # bytes: the run's monthly accumulators and a few streams, whatever its size


def _eventful() -> Scenario:
    """Customers who outlive their first row of uniforms, refer others and complain."""
    segment = Segment(name="s", n_customers=1_000, referrals_per_year=1.0, complaints_per_year=4.0)
    return Scenario(segments=(segment,), horizon_months=60)


def _held_after_the_run(monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """Bytes still held when the last customer has finished (beyond what was held once
    the random blocks were drawn, before any customer existed), customers in the ledger
    and extension rows handed out."""
    marks = {"extensions": 0}
    real_init, real_more = UniformRows.__init__, UniformRows.more

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        marks["blocks"] = tracemalloc.get_traced_memory()[0]

    def more(self, i, have):
        marks["extensions"] += 1
        return real_more(self, i, have)

    def run(env):  # reference counting alone must free a finished customer
        gc.disable()
        try:
            env.run()
        finally:
            gc.enable()
        marks["finished"] = tracemalloc.get_traced_memory()[0]

    monkeypatch.setattr(UniformRows, "__init__", init)
    monkeypatch.setattr(UniformRows, "more", more)
    monkeypatch.setattr(simulation, "run_without_collector", run)
    tracemalloc.start()
    try:
        res = simulate(_eventful(), seed=3)
    finally:
        tracemalloc.stop()
    return marks["finished"] - marks["blocks"], len(res.customers), marks["extensions"]


def test_finished_customers_leave_only_their_ledger_row(monkeypatch):
    held, customers, extensions = _held_after_the_run(monkeypatch)
    assert customers > 2_000 and extensions > 1_000  # referrals, and rows outlived
    # the ledger array keeps at most an eighth spare room as it grows
    assert held < LEDGER_ROW * customers * 9 / 8 + FIXED


def test_the_check_catches_kept_draws(monkeypatch):
    kept = []
    real_more = UniformRows.more

    def keeping(self, i, have):  # a cache that never forgets a customer's draws
        values = real_more(self, i, have)
        kept.append(values)
        return values

    monkeypatch.setattr(UniformRows, "more", keeping)
    held, customers, _ = _held_after_the_run(monkeypatch)
    assert held > LEDGER_ROW * customers * 9 / 8 + FIXED


def test_an_extension_row_is_drawn_for_its_customer_only():
    seed, n = np.random.SeedSequence(8), 100_000
    rows = UniformRows(seed, (1, 0), n_rows=n, width=2)
    tracemalloc.start()
    try:
        first = rows.more(54_321, 2)
        second = rows.more(54_321, 18)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < n * 16 * 8 / 100  # far from a block of 16 numbers for every customer
    # the same numbers as the whole blocks drawn at once
    for k, row in enumerate((first, second)):
        block = np.random.default_rng(child_seed(seed, 1, 0, 2, k)).random((n, 16))
        np.testing.assert_array_equal(row, block[54_321])
