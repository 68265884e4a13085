"""Slider-change-to-redraw time of the teaching explorers on the default classroom scenario.

Run ``python benchmarks/bench_widgets.py [--repeats N]``. For each explorer a slider is
moved to a value not seen before (so the analytic cache cannot help), and the time from
setting ``.value`` to the new PNG being in the widget is recorded: compute (library calls)
plus drawing and rendering the figure. Medians are printed next to the target (≤ 250 ms,
shared/design/architecture.md "Performance"); nothing here asserts on time. The load
average is printed because this machine is shared: read the figures with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from _common import print_table

from crmsim.scenario import DEFAULT_PRESET, preset
from crmsim.views import (
    customer_worth_explorer,
    levels_explorer,
    lifecycle_explorer,
    retention_levers_explorer,
    segments_staff_explorer,
)
from crmsim.views.dashboard import Dashboard

TARGET_MS = 250.0


def _values(start: float, step: float, n: int) -> list[float]:
    return [round(start + step * (k + 1), 6) for k in range(n)]


def cases(scenario, repeats: int):
    """(name, explorer builder, control, fresh values) for each explorer."""
    return [
        ("01 lifecycle: churn ×", lambda: lifecycle_explorer(scenario), "churn_factor",
         _values(0.25, 0.05, repeats)),
        ("01 lifecycle: touch points", lambda: lifecycle_explorer(scenario), "touch_points",
         _values(0.5, 0.05, repeats)),
        ("02 customer worth: discount rate", customer_worth_explorer, "discount_rate",
         _values(0.0, 0.01, repeats)),
        ("03 four levels: switching cost", lambda: levels_explorer(scenario),
         "switching_cost", _values(0.0, 0.02, repeats)),
        ("05 segments & staff: managers", lambda: segments_staff_explorer(scenario),
         "n_account_managers", [3 + k for k in range(repeats)]),
        ("06 keeping customers: recovery", lambda: retention_levers_explorer(scenario),
         "service_recovery_strength", _values(0.0, 0.02, repeats)),
        # the dashboard: switching cost only moves the marker on the (cached) luxury map;
        # bargaining power redraws the map as well
        ("dashboard: switching cost", lambda: Dashboard(preset=scenario.name).view,
         "switching_cost", _values(0.0, 0.02, repeats)),
        ("dashboard: bargaining power", lambda: Dashboard(preset=scenario.name).view,
         "customer_power", _values(0.0, 0.02, repeats)),
    ]


def measure(build, control: str, values: list) -> tuple[list[float], list[float]]:
    explorer = build()
    total, render = [], []
    original = explorer.compute

    def timed_compute():
        t0 = time.perf_counter()
        original()
        timed_compute.seconds = time.perf_counter() - t0

    explorer.compute = timed_compute
    for value in values:
        t0 = time.perf_counter()
        explorer.controls[control].value = value
        elapsed = time.perf_counter() - t0
        total.append(elapsed)
        render.append(elapsed - timed_compute.seconds)
    return total, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    scenario = preset(DEFAULT_PRESET)
    print(f"scenario: {DEFAULT_PRESET}; repeats per slider: {args.repeats}; "
          f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    rows, medians = [], []
    for name, build, control, values in cases(scenario, args.repeats):
        total, render = measure(build, control, values)
        med = statistics.median(total) * 1e3
        medians.append(med)
        rows.append([name, f"{med:.0f}", f"{statistics.median(render) * 1e3:.0f}",
                     f"{(statistics.median(total) - statistics.median(render)) * 1e3:.0f}",
                     "yes" if med <= TARGET_MS else "no"])
    print_table(["slider", "median redraw ms", "draw+render ms", "compute ms",
                 f"≤ {TARGET_MS:.0f} ms"], rows)
    print(f"median over all sliders: {statistics.median(medians):.0f} ms "
          f"(target ≤ {TARGET_MS:.0f} ms); load average now: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
