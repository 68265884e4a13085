"""Slider-change-to-redraw time of every slider of the teaching explorers and the dashboard.

Run ``python benchmarks/bench_widgets.py [--repeats N] [--only NAME]``. Every slider of every
explorer (notebooks 01-06) and of the trainer dashboard (normal and presentation mode) is
moved to ``--repeats`` values not seen before (so the analytic caches cannot help), and the
time from setting ``.value`` to the new PNG being in the widget is recorded: compute
(library calls), the redraw (artists updated in place where the explorer can, the figure
rendered once, fast PNG compression) and the table.

Reference, in the same run and at the same value: right after each timed move, the figure is
redrawn the way every redraw worked before (clear the axes, draw everything anew, ``savefig``
on matplotlib's own Agg canvas at default PNG compression); the reference time is the same
compute and table plus that redraw. ``ratio`` = reference ÷ now. Medians are printed next to
the targets (median over all sliders ≤ 150 ms, no slider over 250 ms); nothing here asserts
on time. The load average
is printed at start and end because this machine is shared: read the figures with it.

Sliders that only take effect when a button is pressed (the simulated CLV's number of
customers, the luxury map's replications of its simulation check) redraw nothing when moved;
they are listed at the end.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W
import numpy as np
from _common import print_table
from matplotlib.backends.backend_agg import FigureCanvasAgg

from crmsim.language.translate import use_language
from crmsim.scenario import DEFAULT_PRESET, preset
from crmsim.views import (
    Explorer,
    clv_distribution_explorer,
    customer_worth_explorer,
    levels_explorer,
    lifecycle_explorer,
    luxury_map_explorer,
    retention_levers_explorer,
    segments_staff_explorer,
)
from crmsim.views.dashboard import Dashboard
from crmsim.views.style import classroom_style

MEDIAN_TARGET_MS = 150.0
MAX_TARGET_MS = 250.0
SLIDERS = (W.FloatSlider, W.IntSlider, W.FloatLogSlider)


def explorers(scenario) -> dict[str, tuple[Callable[[], Explorer], float]]:
    """Every explorer with sliders, by the name printed, as the notebooks build them, and
    where its values sit between grid points (0, or half a step: the two dashboards share
    a cache of maps, so the second one must not find the first one's values)."""
    return {
        "01 lifecycle": (lambda: lifecycle_explorer(scenario), 0.0),
        "02 customer worth": (customer_worth_explorer, 0.0),
        "02 simulated CLV": (lambda: clv_distribution_explorer(scenario), 0.0),
        "03 four levels": (lambda: levels_explorer(scenario), 0.0),
        "04 luxury map": (lambda: luxury_map_explorer(scenario, segment="key accounts"), 0.0),
        "05 segments & staff": (lambda: segments_staff_explorer(), 0.0),
        "06 keeping customers": (lambda: retention_levers_explorer(scenario), 0.0),
        "dashboard": (lambda: Dashboard(preset=scenario.name).view, 0.0),
        "dashboard (presentation)": (
            lambda: Dashboard(preset=scenario.name, presentation=True).view,
            0.5,
        ),
    }


def fresh_values(slider: W.Widget, n: int, offset: float = 0.0) -> list:
    """Up to ``n`` values spread over the slider's range, none its current one: grid points,
    or ``offset`` steps past them (float sliders)."""
    if isinstance(slider, W.IntSlider):
        offset = 0.0
    if isinstance(slider, W.FloatLogSlider):
        exponents = np.arange(slider.min, slider.max - offset * slider.step + 1e-9, slider.step)
        grid = [float(slider.base ** (e + offset * slider.step)) for e in exponents]
    else:
        grid = (
            np.arange(slider.min, slider.max - offset * slider.step + slider.step / 2, slider.step)
            + offset * slider.step
        )
        if isinstance(slider, W.IntSlider):
            grid = [int(v) for v in grid]
        else:
            grid = [round(float(v), 10) for v in grid]
    grid = [v for v in grid if not np.isclose(v, slider.value, rtol=1e-9, atol=1e-12)]
    picks = np.unique(np.linspace(0, len(grid) - 1, min(n, len(grid))).round().astype(int))
    return [grid[i] for i in picks]


def full_rerender(explorer: Explorer) -> bytes:
    """The redraw as it was before: clear every axes, draw anew, ``savefig`` (PNG level 6) on
    matplotlib's own Agg canvas."""
    with use_language(explorer.lang), classroom_style(explorer.style_scale):
        for ax in explorer.axes:
            ax.clear()
            ax.set_axis_on()
        explorer.draw()
        if explorer.margins:
            explorer.figure.subplots_adjust(**explorer.margins)
        explorer.readable_numbers(*explorer.figure.axes)
        buffer = io.BytesIO()
        shown = explorer.figure.canvas
        FigureCanvasAgg(explorer.figure)  # matplotlib's own canvas renders, as it did before
        try:
            explorer.figure.savefig(buffer, format="png", dpi=explorer.image_dpi)
        finally:
            explorer.figure.set_canvas(shown)
    return buffer.getvalue()


def measure(explorer: Explorer, control: str, values: list) -> dict[str, list[float]]:
    """Seconds per move: the whole move now, its redraw now, and the reference move."""
    out: dict[str, list[float]] = {"now": [], "redraw": [], "reference": [], "full": []}
    original = explorer.redraw
    seconds = [0.0]

    def timed_redraw(**kwargs) -> None:
        t0 = time.perf_counter()
        original(**kwargs)
        seconds[0] = time.perf_counter() - t0

    explorer.redraw = timed_redraw
    try:
        for value in values:
            full_before = explorer.n_full_draws
            t0 = time.perf_counter()
            explorer.controls[control].value = value
            now = time.perf_counter() - t0
            t0 = time.perf_counter()
            full_rerender(explorer)
            old_redraw = time.perf_counter() - t0
            out["now"].append(now)
            out["redraw"].append(seconds[0])
            out["reference"].append(now - seconds[0] + old_redraw)
            out["full"].append(float(explorer.n_full_draws > full_before))
    finally:
        del explorer.redraw
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="values per slider")
    parser.add_argument("--only", default="", help="explorers whose name contains this")
    args = parser.parse_args()
    scenario = preset(DEFAULT_PRESET)
    print(
        f"scenario: {DEFAULT_PRESET}; values per slider: {args.repeats}; "
        f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"(1, 5, 15 min) on {os.cpu_count()} CPUs"
    )
    rows, medians, reference_medians, on_button = [], [], [], []
    for name, (build, offset) in explorers(scenario).items():
        if args.only not in name:
            continue
        explorer = build()
        for control, widget in explorer.controls.items():
            if not isinstance(widget, SLIDERS):
                continue
            if control not in explorer.live_controls:
                on_button.append(f"{name}: {control}")
                continue
            times = measure(explorer, control, fresh_values(widget, args.repeats, offset))
            now, ref = (statistics.median(times[k]) * 1e3 for k in ("now", "reference"))
            redraw = statistics.median(times["redraw"]) * 1e3
            medians.append(now)
            reference_medians.append(ref)
            rows.append(
                [
                    f"{name}: {control}",
                    f"{now:.0f}",
                    f"{now - redraw:.0f}",
                    f"{redraw:.0f}",
                    f"{ref:.0f}",
                    f"{ref / now:.2f}",
                    f"{sum(times['full']):.0f}/{len(times['full'])}",
                    "yes" if now <= MAX_TARGET_MS else "NO",
                ]
            )
    print_table(
        [
            "slider",
            "now ms",
            "compute+table",
            "redraw",
            "reference ms",
            "ratio",
            "drawn anew",
            f"≤ {MAX_TARGET_MS:.0f} ms",
        ],
        rows,
    )
    if medians:
        over = sum(m > MAX_TARGET_MS for m in medians)
        print(
            f"median over {len(medians)} sliders: {statistics.median(medians):.0f} ms "
            f"(target ≤ {MEDIAN_TARGET_MS:.0f} ms; reference "
            f"{statistics.median(reference_medians):.0f} ms); sliders over "
            f"{MAX_TARGET_MS:.0f} ms: {over} (reference: "
            f"{sum(m > MAX_TARGET_MS for m in reference_medians)})"
        )
    if on_button:
        print("sliders that redraw only on their button (not timed): " + "; ".join(on_button))
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
