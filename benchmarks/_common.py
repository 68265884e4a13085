"""Shared helpers for the benchmark scripts: interleaved timing, SimPy probes, tables.

Machines are noisy, so every benchmark here measures its reference and its subject in the
same run, alternating them round by round (the order rotates each round), and reports the
median of the repeats and ratios of medians. Nothing here asserts on time.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import simpy

__all__ = [
    "Timing",
    "count_simpy_steps",
    "fmt_count",
    "fmt_rate",
    "interleaved",
    "print_table",
    "time_in_env_run",
]


@dataclass
class Timing:
    """Wall-clock seconds of each repeat of one subject, and what its last call returned."""

    wall: list[float] = field(default_factory=list)
    in_run: list[float] = field(default_factory=list)
    value: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_in_run(self) -> float:
        return statistics.median(self.in_run)


# -- SimPy probes (the benchmark patches simpy only; crmsim is never modified) -------------
_RUN_SECONDS = [0.0]


@contextmanager
def time_in_env_run() -> Iterator[None]:
    """Accumulate the seconds spent inside ``simpy.Environment.run`` (one wrapper call per
    run, so the overhead is negligible); read with :func:`interleaved`."""
    original = simpy.Environment.run

    def run(self: simpy.Environment, until: Any = None) -> Any:
        t0 = time.perf_counter()
        try:
            return original(self, until)
        finally:
            _RUN_SECONDS[0] += time.perf_counter() - t0

    simpy.Environment.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        simpy.Environment.run = original  # type: ignore[method-assign]


@contextmanager
def count_simpy_steps() -> Iterator[list[int]]:
    """Count the events SimPy processes (successful ``Environment.step`` calls).

    The wrapper slows SimPy down, so use it for an untimed counting run only.
    """
    counter = [0]
    original = simpy.Environment.step

    def step(self: simpy.Environment) -> None:
        original(self)
        counter[0] += 1  # not reached when the schedule is empty (EmptySchedule)

    simpy.Environment.step = step  # type: ignore[method-assign]
    try:
        yield counter
    finally:
        simpy.Environment.step = original  # type: ignore[method-assign]


# -- timing ---------------------------------------------------------------------------------
def interleaved(subjects: dict[str, Callable[[], Any]], repeats: int) -> dict[str, Timing]:
    """Time each subject ``repeats`` times, alternating subjects within every round.

    The order rotates from round to round so that no subject always runs first (or right
    after the most memory-hungry one). ``gc.collect()`` runs before each call, outside the
    timed region; the garbage collector stays enabled while timing (it is part of the cost).
    """
    names = list(subjects)
    out = {name: Timing() for name in names}
    for r in range(repeats):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            gc.collect()
            _RUN_SECONDS[0] = 0.0
            t0 = time.perf_counter()
            value = subjects[name]()
            wall = time.perf_counter() - t0
            out[name].wall.append(wall)
            out[name].in_run.append(_RUN_SECONDS[0])
            out[name].value = value
    return out


# -- output ---------------------------------------------------------------------------------
def fmt_rate(x: float) -> str:
    return f"{x:,.0f}/s"


def fmt_count(x: float) -> str:
    return f"{x:,.0f}"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows under headers: first column left-aligned, others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts)

    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
