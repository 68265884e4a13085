"""Benchmarks of the luxury analysis, measured in one run on this machine.

Prints:
* the time of a 50 × 50 frontier map (mutual importance × switching cost, four levels,
  analytic engine), serially and on a started process pool of 2 — target ≤ 1 s;
* the same map of the classroom preset's key accounts with the scenario's shared staff (all
  grid points and levels through the staffed month loop at once) — target ≤ 2 s — against
  the same grid point by point (one scenario's four levels per call, sampled and scaled);
* with ``--run``: ``crmsim run`` of the classroom preset with 20 replications — target
  ≤ 60 s (minutes of work: not in the smoke run);
* four-level segment evaluations per second on the analytic engine, one segment per call
  and batched as a frontier map batches them — target ≥ 1,000 per second;
* replications of the SimPy engine serially and through a process pool of 2 workers, and
  the speed-up — target ≥ 1.7×.

Run: ``python benchmarks/bench_analysis.py`` (``--quick`` for a smoke run, ``--run`` for the
``crmsim run`` row). The closing line gives the load average: figures on a shared machine
are only comparable at similar load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from crmsim import Scenario, Segment, preset
from crmsim.analysis.experiments import replicate
from crmsim.analysis.frontier import frontier_map
from crmsim.common.numbers import format_number
from crmsim.engines.analytic import level_lines
from crmsim.scenario.paths import apply_parameter
from crmsim.scenario.presets import preset_text


def _best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def staffed_map(quick: bool) -> None:
    """The classroom's key accounts on a 50 x 50 map with the scenario's shared staff."""
    classroom = preset("classroom")
    n = 20 if quick else 50
    frontier_map(classroom, segment="key accounts", n_points=5)  # warm up
    best, median = _best_of(
        lambda: frontier_map(classroom, segment="key accounts", n_points=n), 1 if quick else 3
    )
    # reference: the same grid point by point (each point's four levels in one call), sampled
    xs = [0.1 + 0.8 * i / 9 for i in range(10)]
    start = time.perf_counter()
    for x in xs:
        point = apply_parameter(classroom, "segment:key accounts.switching_cost", x)
        level_lines(point, "key accounts")
    per_point = (time.perf_counter() - start) / len(xs)
    print(
        f"frontier map {n} x {n} of the classroom's key accounts, shared staff: best "
        f"{format_number(best)} s, median {format_number(median)} s (target <= 2 s at 50 x 50;"
        f" 558 s before the array core); point by point: {format_number(per_point * n * n)} s "
        f"({format_number(1e3 * per_point)} ms a point)"
    )


def crmsim_run() -> None:
    """``crmsim run`` of the classroom preset, 20 replications, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "classroom.toml"
        path.write_text(preset_text("classroom"), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "crmsim",
                "run",
                str(path),
                "--replications",
                "20",
                "--out",
                str(Path(tmp) / "out"),
                "--no-progress",
            ],
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
    print(f"crmsim run classroom, 20 replications: {format_number(wall)} s (target <= 60 s)")


def main(quick: bool = False, run: bool = False) -> None:
    key = Scenario(segments=(Segment(name="key accounts", annual_wallet=1_000_000.0),))
    frontier_map(key, n_points=5)  # warm up imports and caches

    best, median = _best_of(lambda: frontier_map(key, n_points=50), 1 if quick else 5)
    print(
        f"frontier map 50 x 50 (4 levels, 10,000 level evaluations), serial: "
        f"best {format_number(best)} s, median {format_number(median)} s  (target <= 1 s)"
    )
    with ProcessPoolExecutor(max_workers=2) as pool:
        frontier_map(key, n_points=5, executor=pool)  # start the workers
        best_p, median_p = _best_of(
            lambda: frontier_map(key, n_points=50, executor=pool), 1 if quick else 5
        )
    print(
        f"frontier map 50 x 50, process pool of 2 (already started): "
        f"best {format_number(best_p)} s, median {format_number(median_p)} s"
    )

    n = 200 if quick else 2000
    segments = [key.with_segment("key accounts", switching_cost=i / n) for i in range(n)]
    start = time.perf_counter()
    for scenario in segments:
        level_lines(scenario)
    single = n / (time.perf_counter() - start)
    print(
        f"four-level segment evaluations, one per call: {format_number(single)} per second "
        "(target >= 1,000)"
    )
    best, _ = _best_of(lambda: frontier_map(key, n_points=50), 1)
    print(
        f"four-level segment evaluations, batched (frontier map): "
        f"{format_number(2500 / best)} per second"
    )

    workload = Scenario(
        segments=(Segment(name="smb", n_customers=600 if quick else 2000),), horizon_months=60
    )
    n_rep = 4 if quick else 12
    plans = ["preferred", "partnership"]
    start = time.perf_counter()
    serial = replicate(
        workload, n_replications=n_rep, seed=1, plans=plans, executor="serial", progress_bar=False
    )
    t_serial = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = replicate(
            workload, n_replications=n_rep, seed=1, plans=plans, executor=pool, progress_bar=False
        )
    t_pool = time.perf_counter() - start
    same = serial.equals(parallel)
    staffed_map(quick)
    if run:
        crmsim_run()
    print(
        f"replications ({n_rep} x {len(plans)} runs of {workload.segments[0].n_customers} "
        f"customers): serial {format_number(t_serial)} s, process pool (2 workers, pool start "
        f"included) {format_number(t_pool)} s, speed-up {format_number(t_serial / t_pool)}x "
        f"(target >= 1.7x); identical results: {same}; cores: {os.cpu_count()}"
    )
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average 1 / 5 / 15 min at the end: {load}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller, faster smoke run")
    parser.add_argument(
        "--run",
        action="store_true",
        help="also time `crmsim run` of the classroom preset (minutes)",
    )
    args = parser.parse_args()
    main(args.quick, args.run)
