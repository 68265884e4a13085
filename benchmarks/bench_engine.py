"""Engine benchmarks: SimPy overhead, customer-months per second, analytic speed, scale.

Run ``python benchmarks/bench_engine.py`` (a few minutes) or ``--quick`` (sizes ~10x
smaller, a smoke run). Every figure is measured in this run: references and subjects are
timed alternately, each ``--repeats`` times, and the medians and their ratios are printed.
Targets (docs: shared/design/architecture.md, "Performance") are printed next to the
figures for reading; nothing here asserts on time. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import platform
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import simpy
from _common import (
    count_simpy_steps,
    fmt_count,
    fmt_rate,
    interleaved,
    print_table,
    time_in_env_run,
)

import crmsim
from crmsim import Scenario, Segment, Staff, preset
from crmsim.engines import evaluate, segment_outlook, simulate, simulate_chain
from crmsim.model import MarkovRewardProcess, segment_dynamics
from crmsim.scenario.limits import MAX_CUSTOMER_MONTHS

SEED = 20240601
LARGEST = MAX_CUSTOMER_MONTHS // 60  # customers of the largest 60-month run a scenario allows
SUMMARY: dict[str, tuple[str, str, str]] = {}  # issue row -> (now, reference, target)

# -- the fixed 5-state monthly migration chain (recency / loyalty, absorbing "lost") -------
CHAIN_STATES = ("loyal", "active", "lapsing", "dormant", "lost")
CHAIN_P = np.array(
    [
        # loyal  active lapsing dormant lost
        [0.955, 0.035, 0.007, 0.000, 0.003],  # loyal: buys every month, rarely slips
        [0.080, 0.857, 0.045, 0.010, 0.008],  # active: bought recently
        [0.020, 0.200, 0.630, 0.120, 0.030],  # lapsing: 2-3 months without a purchase
        [0.000, 0.050, 0.080, 0.800, 0.070],  # dormant: win-back still possible
        [0.000, 0.000, 0.000, 0.000, 1.000],  # lost: gone for good
    ]
)
CHAIN_REWARD = (120.0, 60.0, 15.0, 2.0, 0.0)  # monthly margin less contact cost
CHAIN_START_SHARES = (0.20, 0.40, 0.20, 0.20, 0.0)
CHAIN = MarkovRewardProcess(
    states=CHAIN_STATES, transition=CHAIN_P, reward=CHAIN_REWARD, discount_rate=0.008
)
CHAIN_CUM = [np.cumsum(row).tolist() for row in CHAIN_P]  # for the naive models


def chain_initial(n: int) -> list[int]:
    counts = [round(s * n) for s in CHAIN_START_SHARES]
    counts[1] += n - sum(counts)
    return counts


def start_states(n: int) -> list[int]:
    return [s for s, c in enumerate(chain_initial(n)) for _ in range(c)]


def next_state(state: int, u: float) -> int:
    """Draw the next state of the chain by inverse CDF (used by both naive models)."""
    return min(bisect.bisect_right(CHAIN_CUM[state], u), len(CHAIN_STATES) - 1)


# -- subjects ---------------------------------------------------------------------------------
def bare_simpy(delays: list[list[int]]) -> int:
    """The floor: one process per customer, each yielding pre-drawn integer timeouts.

    Returns the number of timeouts processed.
    """
    env = simpy.Environment()
    timeout = env.timeout

    def proc(ks: list[int]):
        for k in ks:
            yield timeout(k)

    for ks in delays:
        env.process(proc(ks))
    env.run()
    return sum(len(ks) for ks in delays)


def crmsim_chain(n_customers: int, n_months: int) -> tuple[int, np.ndarray]:
    """crmsim's event-driven chain engine; returns (model events, final-month shares)."""
    sim = simulate_chain(CHAIN, chain_initial(n_customers), n_months, seed=SEED)
    occ = sim.occupancy
    last = occ[occ["period"] == n_months - 1].set_index("state")["customers"]
    return sim.n_events, last.reindex(CHAIN_STATES).to_numpy(float) / n_customers


def naive_simpy(n_customers: int, n_months: int) -> tuple[int, np.ndarray]:
    """Every customer wakes every month and draws its next state (naive SimPy model)."""
    env = simpy.Environment()
    timeout = env.timeout
    rng = random.Random(SEED)
    u = rng.random
    counts = [[0] * len(CHAIN_STATES) for _ in range(n_months)]

    def customer(state: int):
        for t in range(n_months):
            counts[t][state] += 1
            state = next_state(state, u())
            yield timeout(1)

    for s in start_states(n_customers):
        env.process(customer(s))
    env.run()
    return n_customers * n_months, np.asarray(counts[-1], float) / n_customers


def mesa_model(n_customers: int, n_months: int) -> tuple[int, np.ndarray]:
    """The same naive model in Mesa 3: one agent per customer, every agent steps monthly."""
    import mesa

    class Customer(mesa.Agent):
        def __init__(self, model: ChainModel, state: int):
            super().__init__(model)
            self.state = state

        def step(self) -> None:
            self.model.counts[self.model.t][self.state] += 1
            self.state = next_state(self.state, self.random.random())

    class ChainModel(mesa.Model):
        def __init__(self) -> None:
            super().__init__(seed=SEED + 1)  # independent of the naive SimPy draws
            self.t = 0
            self.counts = [[0] * len(CHAIN_STATES) for _ in range(n_months)]
            for s in start_states(n_customers):
                Customer(self, s)

        def step(self) -> None:
            self.agents.do("step")
            self.t += 1

    model = ChainModel()
    for _ in range(n_months):
        model.step()
    return n_customers * n_months, np.asarray(model.counts[-1], float) / n_customers


def engine_scenario(n_customers: int) -> Scenario:
    """One segment, default settings, unlimited account managers and complaint desk."""
    return Scenario(
        segments=(Segment(name="customers", n_customers=n_customers),),
        staff=Staff(n_account_managers=None),
    )


def crmsim_simulate(scenario: Scenario) -> tuple[int, int]:
    res = simulate(scenario, seed=SEED)
    return res.extra["n_events"], len(res.customers)


def scale_scenario(n_customers: int, n_months: int) -> Scenario:
    mix = {"potential": 0.3, "target": 0.2, "new": 0.1, "repeat": 0.3, "loyal": 0.1}
    return Scenario(
        segments=(Segment(name="customers", n_customers=n_customers, initial_mix=mix),),
        horizon_months=n_months,
    )


# -- 1. events per second -------------------------------------------------------------------
def matched_delays(n_processes: int, n_timeouts: int, rng: np.random.Generator) -> list[list[int]]:
    """Pre-drawn integer delays k ~ U{1..12}: ``n_timeouts`` spread evenly over processes."""
    base, extra = divmod(n_timeouts, n_processes)
    ks = rng.integers(1, 13, size=n_timeouts).tolist()
    out, i = [], 0
    for p in range(n_processes):
        m = base + (p < extra)
        out.append(ks[i : i + m])
        i += m
    return out


def bench_events(n: int, n_months: int, repeats: int) -> None:
    print(
        f"\n1. Events per second ({n:,} customers = {n:,} bare processes; chain over "
        f"{n_months} months,\n   simulate() over its default 60 months; median of {repeats}, "
        "interleaved)"
    )
    scenario = engine_scenario(n)
    subjects = {
        "crmsim simulate_chain": lambda: crmsim_chain(n, n_months)[0],
        "crmsim simulate": lambda: crmsim_simulate(scenario)[0],
    }
    # each crmsim subject gets a bare reference with the same processes and as many timeouts
    # as it has model events: the floor for the same amount of SimPy work
    rng = np.random.default_rng(SEED)
    refs = {}
    for name, fn in list(subjects.items()):
        delays = matched_delays(n, fn(), rng)
        refs[name] = f"bare SimPy, matched to {name.split()[-1]}"
        subjects[refs[name]] = lambda d=delays: bare_simpy(d)
    steps = {}
    with count_simpy_steps() as counter:  # untimed run: counts SimPy events, warms caches
        for name, fn in subjects.items():
            counter[0] = 0
            fn()
            steps[name] = counter[0]
    customers = crmsim_simulate(scenario)[1]
    with time_in_env_run():
        timings = interleaved(subjects, repeats)
    rows = []
    for name in [x for pair in refs.items() for x in pair[::-1]]:
        tm = timings[name]
        ref = timings[refs.get(name, name)]
        ref_steps = steps[refs.get(name, name)]
        model_rate, step_rate = tm.value / tm.median, steps[name] / tm.median
        rows.append(
            [
                name,
                fmt_count(tm.value),
                fmt_count(steps[name]),
                f"{tm.median:.3f}",
                f"{tm.median_in_run / tm.median:.0%}",
                fmt_rate(model_rate),
                fmt_rate(step_rate),
                f"{model_rate / (ref.value / ref.median):.2f}",
                f"{step_rate / (ref_steps / ref.median):.2f}",
            ]
        )
    print_table(
        [
            "subject",
            "counted",
            "SimPy events",
            "wall s",
            "in run",
            "counted/s",
            "SimPy ev/s",
            "ratio",
            "SimPy ratio",
        ],
        rows,
    )
    print(
        "   counted: bare = timeouts processed (k ~ U{1..12}, pre-drawn); crmsim = model "
        "events\n   (state changes incl. complaints)"
    )
    print(
        "   SimPy events = successful Environment.step calls (process starts, timeouts, "
        "process ends,\n   ...), counted in a separate untimed run"
    )
    print(
        "   wall = whole call (set-up, SimPy run, results); in run = share of wall inside env.run()"
    )
    print(f"   simulate() ran {customers:,} customers ({n:,} initial + referrals)")
    sim_tm, ref_tm = timings["crmsim simulate"], timings[refs["crmsim simulate"]]
    SUMMARY["simulate model events/s vs bare SimPy"] = (
        f"{(sim_tm.value / sim_tm.median) / (ref_tm.value / ref_tm.median):.2f}",
        f"bare SimPy {fmt_rate(ref_tm.value / ref_tm.median)}",
        ">= 0.6",
    )
    print(
        "   ratio = counted/s over the matched bare timeouts/s (target for crmsim >= 0.60);"
        "\n   SimPy ratio = the same with SimPy events on both sides"
    )


# -- 2. customer-months per second ----------------------------------------------------------
def bench_customer_months(n: int, n_months: int, repeats: int) -> None:
    print(
        f"\n2. Customer-months per second (5-state chain, {n:,} customers x {n_months} months"
        f" = {n * n_months:,}; median of {repeats}, interleaved)"
    )
    subjects = {
        "crmsim simulate_chain": lambda: crmsim_chain(n, n_months),
        "naive SimPy (wake monthly)": lambda: naive_simpy(n, n_months),
        "Mesa 3 (agents step monthly)": lambda: mesa_model(n, n_months),
    }
    for fn in subjects.values():  # warm-up
        fn()
    timings = interleaved(subjects, repeats)
    cm = n * n_months
    crm = cm / timings["crmsim simulate_chain"].median
    rows = []
    for name, tm in timings.items():
        rate = cm / tm.median
        rows.append([name, f"{tm.median:.3f}", fmt_rate(rate), f"{crm / rate:.1f}x"])
    print_table(["model", "wall s", "customer-months/s", "crmsim speed-up"], rows)
    print("   targets: crmsim >= 5x naive SimPy, >= 3x Mesa")
    mesa_rate = cm / timings["Mesa 3 (agents step monthly)"].median
    SUMMARY["simulate_chain customer-months/s vs Mesa 3"] = (
        f"{crm / mesa_rate:.1f}x",
        f"Mesa 3 {fmt_rate(mesa_rate)}",
        ">= 3x",
    )
    print(
        f"   crmsim model events (state changes): {timings['crmsim simulate_chain'].value[0]:,}"
        f"; naive models wake {cm:,} times"
    )

    # same model? final-month state shares against each other and against x0 P^(T-1)
    expected = CHAIN.occupancy(chain_initial(n), n_months)[-1] / n
    shares = {name: tm.value[1] for name, tm in timings.items()}
    se = np.sqrt(expected * (1 - expected) / n)
    rows = []
    names = list(shares)
    for i, a in enumerate(names):
        rows.append(
            [f"{a} vs exact", f"{np.max(np.abs(shares[a] - expected)):.4f}", f"{4 * se.max():.4f}"]
        )
        for b in names[i + 1 :]:
            rows.append(
                [
                    f"{a} vs {b}",
                    f"{np.max(np.abs(shares[a] - shares[b])):.4f}",
                    f"{4 * math.sqrt(2) * se.max():.4f}",
                ]
            )
    print("\n   final-month state shares, max abs difference (tolerance = 4 standard errors):")
    print_table(["comparison", "max |diff|", "tolerance"], rows)
    share_rows = [
        [s, f"{expected[i]:.4f}", *(f"{shares[m][i]:.4f}" for m in names)]
        for i, s in enumerate(CHAIN_STATES)
    ]
    print()
    print_table(["state", "exact", *(m.split(" (")[0] for m in names)], share_rows)


# -- 3. analytic evaluations per second -------------------------------------------------------
def bench_analytic(seconds: float, repeats: int) -> None:
    print(
        f"\n3. Analytic evaluations per second (blocks of ~{seconds:g} s, "
        f"median of {repeats}, interleaved)"
    )
    scenario = Scenario()
    classroom = preset("classroom")
    dyn = segment_dynamics(scenario, scenario.segments[0].name, scenario.plan[0][1])
    rate = scenario.monthly_discount_rate

    def one_evaluate() -> None:
        evaluate(scenario)

    def one_classroom() -> None:
        evaluate(classroom)

    def one_outlook() -> None:
        segment_outlook(dyn, n_months=60, monthly_rate=rate)

    def calls_per_block(fn) -> int:
        t0, k = time.perf_counter(), 0
        while time.perf_counter() - t0 < seconds / 5:
            fn()
            k += 1
        return max(1, 5 * k)

    shared = "evaluate(preset('classroom')), shared staff"
    fns = {
        "evaluate(default scenario)": one_evaluate,
        shared: one_classroom,
        "segment_outlook(1 segment, 60 months)": one_outlook,
    }
    sizes = {name: calls_per_block(fn) for name, fn in fns.items()}

    def block(name: str):
        fn, k = fns[name], sizes[name]

        def run() -> int:
            for _ in range(k):
                fn()
            return k

        return run

    timings = interleaved({name: block(name) for name in fns}, repeats)
    rows = [
        [
            name,
            fmt_count(sizes[name]),
            f"{tm.median:.3f}",
            fmt_rate(sizes[name] / tm.median),
            f"{1e3 * tm.median / sizes[name]:.3f}",
        ]
        for name, tm in timings.items()
    ]
    print_table(["call", "calls/block", "wall s", "evaluations/s", "ms/call"], rows)
    print(
        "   target: thousands of scenario evaluations per second; >= 500/s for the classroom "
        "preset\n   with its shared staff (4 segments, month-by-month staffing)"
    )
    free = timings["evaluate(default scenario)"]
    SUMMARY["evaluate(preset('classroom')), shared staff"] = (
        fmt_rate(sizes[shared] / timings[shared].median),
        f"unlimited staff {fmt_rate(sizes['evaluate(default scenario)'] / free.median)}",
        ">= 500/s",
    )


# -- 4. scale -----------------------------------------------------------------------------------
def _vm_hwm_kb() -> int | None:
    """This process's own peak resident memory (Linux ``VmHWM``), None elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def scale_child(n: int, n_months: int, trace_python: bool) -> None:
    """Run in a fresh interpreter: one simulate(), report time and memory as JSON."""
    scenario = scale_scenario(n, n_months)
    before = {
        "rss_before_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "hwm_before_kb": _vm_hwm_kb(),
    }
    if trace_python:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    res = simulate(scenario, seed=SEED)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {
        "wall": wall,
        "cpu": cpu,
        "n_events": res.extra["n_events"],
        "customers": len(res.customers),
        **before,
        "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "hwm_peak_kb": _vm_hwm_kb(),
    }
    if trace_python:
        out["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps(out))


def _child(n: int, n_months: int, trace_python: bool) -> dict:
    cmd = [sys.executable, __file__, "--scale-child", str(n), str(n_months)]
    if trace_python:
        cmd.append("--tracemalloc")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_scale(n: int, n_months: int) -> Callable[[], None]:
    """Measure now (while this process is still small, see README), print later."""
    plain = _child(n, n_months, trace_python=False)
    # tracemalloc slows a run several times: not for the largest run
    traced = _child(n, n_months, trace_python=True) if n < LARGEST else None

    def mib(kb: int | None) -> str:
        return "n/a" if kb is None else f"{kb / 1024:.0f} MiB"

    scaled = 1_000_000 / n
    SUMMARY[f"{n:,} customers x {n_months} months, one simulate"] = (
        f"{plain['wall']:.1f} s, {mib(plain['hwm_peak_kb'])}",
        "" if scaled == 1 else f"x{scaled:g} linear: {plain['wall'] * scaled:.0f} s",
        "1M: <= 60 s, <= 2 GB",
    )

    def report() -> None:
        print(
            f"\n4. Scale: one simulate() of {n:,} customers x {n_months} months "
            "(fresh subprocesses, measured first)"
        )
        rows = [
            [
                "wall time (no tracing)",
                f"{plain['wall']:.2f} s",
                f"<= {60 / scaled:g} s (1M: 60 s)",
            ],
            ["CPU time of this process (the machine is shared)", f"{plain['cpu']:.2f} s", ""],
            ["model events", fmt_count(plain["n_events"]), ""],
            ["customers simulated (incl. referrals)", fmt_count(plain["customers"]), ""],
            ["model events/s", fmt_rate(plain["n_events"] / plain["wall"]), ""],
            ["process peak RSS, ru_maxrss", mib(plain["rss_peak_kb"]), "1M: <= 2 GB"],
            ["  ru_maxrss before simulate()", mib(plain["rss_before_kb"]), ""],
            ["process peak RSS, VmHWM", mib(plain["hwm_peak_kb"]), "1M: <= 2 GB"],
            ["  VmHWM before simulate() (imports)", mib(plain["hwm_before_kb"]), ""],
        ]
        if traced is not None:
            rows += [
                [
                    "Python allocations peak (tracemalloc)",
                    f"{traced['traced_peak'] / 2**20:.0f} MiB",
                    "",
                ],
                ["wall time under tracemalloc (not the real time)", f"{traced['wall']:.2f} s", ""],
            ]
        print_table(["figure", "value", "target"], rows)
        print(
            "   ru_maxrss of a spawned child also covers the parent's memory at spawn time "
            "(Linux),\n   so it is measured before the other benchmarks grow this process; "
            "VmHWM is the child's own"
        )

    return report


# -- main -----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~10x smaller sizes (smoke run)")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per subject")
    parser.add_argument(
        "--scale-child", nargs=2, type=int, metavar=("N", "MONTHS"), help=argparse.SUPPRESS
    )
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--large",
        action="store_true",
        help="scale run at 1,000,000 customers x 60 months, the most one run may hold "
        "(60M customer-months, the target's own size); about a minute, under 2 GB",
    )
    args = parser.parse_args(argv)
    if args.scale_child:
        scale_child(*args.scale_child, trace_python=args.tracemalloc)
        return

    import mesa

    q = 10 if args.quick else 1
    repeats = args.repeats or (3 if args.quick else 5)
    print(
        f"crmsim {crmsim.__version__} | simpy {simpy.__version__} | mesa {mesa.__version__} | "
        f"numpy {np.__version__} | Python {platform.python_version()} | "
        f"{platform.machine()}{' | QUICK' if args.quick else ''}"
    )
    t0 = time.perf_counter()
    scale_report = bench_scale(LARGEST if args.large else 100_000 // q, 60)
    bench_events(20_000 // q, 120, repeats)
    bench_customer_months(10_000 // q, 120, repeats)
    bench_analytic(1.0 / q, repeats)
    scale_report()
    print_summary()
    print(f"\nTotal benchmark time: {time.perf_counter() - t0:.0f} s")


def print_summary() -> None:
    """The rows of the performance table, each against its reference from this run."""
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nSummary (load average 1 / 5 / 15 min: {load}; 2 cores shared)")
    print_table(
        ["what", "now", "reference (this run)", "target"],
        [[what, *figures] for what, figures in SUMMARY.items()],
    )


if __name__ == "__main__":
    main()
