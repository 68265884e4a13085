"""Benchmark of scenario discovery: 2,000 points on one segment, measured in one run.

Prints, with the load average:

* the wall time of ``discover`` on 2,000 Latin-hypercube points of one segment (the texts'
  four conditions plus size, five traits; four levels; unlimited staff, so every point goes
  through the batched present value) — target: a few seconds; and its parts: sampling,
  evaluating the 8,000 segment-level chains, and PRIM (with the trajectory of every box);
* with the classroom preset's shared staff (all points through the staffed month loop at
  once), the points per second and the time 2,000 points would take on one process.

Subjects are timed alternately (``_common.interleaved``), medians of the repeats reported.

Run: ``python benchmarks/bench_discovery.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import os
import time

from _common import interleaved, print_table

from crmsim import Scenario, Segment, preset
from crmsim.analysis.discovery import discover, evaluate_points, find_boxes, trait_ranges
from crmsim.analysis.experiments import latin_hypercube
from crmsim.common.numbers import format_number


def main(quick: bool = False, repeats: int = 5) -> None:
    n = 500 if quick else 2000
    key = Scenario(segments=(Segment(name="key accounts", annual_wallet=1_000_000.0),))
    space = trait_ranges(key)
    discover(key, n_points=100)  # warm up imports
    points = latin_hypercube(space, n_samples=n, seed=0)
    values = evaluate_points(key, points)
    cases = values.verdict("partnership", "pays")
    timings = interleaved(
        {
            "discover (all)": lambda: discover(key, n_points=n, seed=0),
            "  sample": lambda: latin_hypercube(space, n_samples=n, seed=0),
            "  evaluate": lambda: evaluate_points(key, points),
            "  PRIM boxes": lambda: find_boxes(values.points, cases, ranges=space),
        },
        repeats,
    )
    load = os.getloadavg()
    print(
        f"scenario discovery, {format_number(n)} points x 5 traits x 4 levels, one segment, "
        f"unlimited staff (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
    )
    print_table(
        ["subject", "median s", "min s"],
        [
            [name, format_number(t.median), format_number(min(t.wall))]
            for name, t in timings.items()
        ],
    )
    found = timings["discover (all)"].value
    print(
        f"boxes found: {len(found.boxes)}; box 1 coverage "
        f"{format_number(found.boxes[0].coverage)}, density "
        f"{format_number(found.boxes[0].density)}  (target: 2,000 points in a few seconds)"
    )

    classroom = preset("classroom")
    m = 10 if quick else 40
    staffed = latin_hypercube(trait_ranges(classroom, segment="key accounts"), n_samples=m, seed=0)
    start = time.perf_counter()
    evaluate_points(classroom, staffed, segment="key accounts")
    rate = m / (time.perf_counter() - start)
    print(
        f"shared staff (classroom, key accounts, staffed month loop for all points at once): "
        f"{format_number(rate)} points/s, so 2,000 points take about "
        f"{format_number(2000 / rate)} s on one process"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (smoke run)")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (default 5)")
    args = parser.parse_args()
    main(quick=args.quick, repeats=3 if args.quick and args.repeats == 5 else args.repeats)
