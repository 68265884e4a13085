"""Experiments: replications, parameter sweeps, any executor, and sweeps that resume.

* :func:`~crmsim.scenario.paths.apply_parameter` changes one parameter of a scenario, named
  by a *path* (``"segment:key accounts.switching_cost"``, ``"staff.n_account_managers"``,
  ``"annual_discount_rate"``, ``"level:partnership.running_cost_per_month"``).
* :func:`replicate` runs the SimPy engine ``n_replications`` times for every plan, with
  **common random numbers**: replication ``r`` uses child ``r`` of
  ``numpy.random.SeedSequence(seed).spawn(n_replications)`` for every plan (and every
  parameter set), so differences between levels are the levels, not noise.
* :func:`sweep` does the same over parameter sets: a grid (:func:`grid`) or a
  Latin-hypercube sample (:func:`latin_hypercube`).

Both return one tidy frame, one row per run × parameter set × segment (the shape of
Mesa's ``batch_run``), see :data:`RUN_COLUMNS`. Work is done by picklable top-level
functions submitted to a :class:`concurrent.futures.Executor`: a process pool by default,
``"serial"`` for in-process work, or any executor you pass, e.g. a Dask cluster's
``distributed.Client(...).get_executor()`` (a ``Client`` itself is accepted too: its
``get_executor()`` is used). Results for one seed are identical whatever the executor.
With ``store=`` a directory, each finished work item (one parameter set and replication,
all plans) is written there atomically as a small JSON file keyed by a hash of (crmsim
version, scenario, parameters, plans, engine, seed, replication), and recording that
version; a rerun skips the files it finds, so an interrupted sweep resumes without
recomputing finished runs. A rerun with another crmsim version finds none of them (nor
reads a file whose recorded version differs) and recomputes: one frame never mixes model
versions.

Interrupts: Ctrl-C (or any error) cancels every queued work item at once; process pools made
here (:func:`worker_pool`) are stopped without waiting for the running items, and their
workers ignore Ctrl-C themselves and exit on their own within a second of the parent
process dying (even by SIGKILL), so no worker outlives its run.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> s = Scenario(segments=(Segment(name="smb", n_customers=20),), horizon_months=12)
>>> frame = replicate(s, n_replications=2, seed=1, plans=["preferred"], executor="serial",
...                   progress_bar=False)
>>> list(frame[["replication", "plan", "segment"]].itertuples(index=False, name=None))
[(0, 'preferred', 'smb'), (1, 'preferred', 'smb')]
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import math
import multiprocessing
import multiprocessing.context
import multiprocessing.process
import multiprocessing.queues
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

import crmsim.common.version
from crmsim.common.checks import check_choice, check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.files import process_alive, write_text_atomic
from crmsim.engines.analytic import evaluate
from crmsim.engines.lines import lines_per_customer
from crmsim.engines.simulation import simulate
from crmsim.scenario.paths import apply_parameters, resolve_path
from crmsim.scenario.scenario import Scenario

__all__ = [
    "ENGINES",
    "RUN_COLUMNS",
    "UNGUARDED_SCRIPT",
    "SerialExecutor",
    "Task",
    "as_executor",
    "grid",
    "latin_hypercube",
    "mean_ci",
    "replicate",
    "run_resumable",
    "run_task",
    "stop_workers",
    "sweep",
    "task_key",
    "watch_parent",
    "worker_pool",
    "workers_executor",
]

ENGINES = ("simpy", "analytic")
"""Engines a run can use."""

RUN_COLUMNS: dict[str, str] = {
    "parameter_set": "index of the parameter set (row of the parameter frame), 0 for replicate",
    "replication": "replication number r; uses child r of SeedSequence(seed) for every plan",
    "seed_entropy": "entropy of the run's SeedSequence (None for the analytic engine)",
    "seed_spawn_key": "spawn key of the run's SeedSequence, as text ('' for analytic)",
    "engine": "'simpy' or 'analytic'",
    "plan": "the plan run: a level name given to every segment, or 'segment=level; ...'",
    "segment": "segment name",
    "level": "level the segment was held at in this run",
    "customers_start": "customers in the segment at month 0",
    "discounted_profit": "present value of the segment's cash flows (currency)",
    "value_per_customer": "discounted profit ÷ customers at month 0 (currency)",
    "cost_per_customer": "present value of relationship spending per customer (see "
    "crmsim.engines.lines.COST_LINES)",
    "return_per_customer": "present value of what the business brings back per customer, "
    "net of ordinary operating costs (crmsim.engines.lines.RETURN_LINES)",
    "served_fraction": "share of account-manager contacts that happened on time",
    "buying_end": "customers in a buying state in the last month",
    "idle_staff_cost": "present value of the run's idle staff payroll (paid, not worked; the same "
    "on every row of one run: the firm's total is the run's discounted_profit summed over "
    "segments minus this once)",
}
"""Columns of :func:`replicate` and :func:`sweep` frames; sweeps add one column per
parameter path."""

# --------------------------------------------------------------------------------------
# parameter sets
# --------------------------------------------------------------------------------------


def grid(parameters: Mapping[str, Sequence[object]]) -> pd.DataFrame:
    """Every combination of the given values, one row per parameter set.

    Examples
    --------
    >>> grid({"staff.n_account_managers": [1, 2], "annual_discount_rate": [0.05]}).shape
    (2, 2)
    """
    paths = list(parameters)
    rows = list(itertools.product(*(list(parameters[p]) for p in paths)))
    return pd.DataFrame(rows, columns=paths)


def latin_hypercube(
    bounds: Mapping[str, tuple[float, float]], *, n_samples: int = 20, seed: int = 0
) -> pd.DataFrame:
    """A Latin-hypercube sample of ``n_samples`` parameter sets within ``bounds``.

    Examples
    --------
    >>> lhs = latin_hypercube({"segment:*.switching_cost": (0.0, 1.0)}, n_samples=4, seed=1)
    >>> sorted((lhs.iloc[:, 0] * 4).astype(int).tolist())  # one sample per stratum
    [0, 1, 2, 3]
    """
    from scipy.stats import qmc

    check_int("n_samples", n_samples, low=1)
    paths = list(bounds)
    if not paths:
        raise ScenarioError("bounds must name at least one parameter path; received none.")
    sampler = qmc.LatinHypercube(d=len(paths), rng=np.random.default_rng(seed))
    unit = sampler.random(n_samples)
    low = np.array([float(bounds[p][0]) for p in paths])
    high = np.array([float(bounds[p][1]) for p in paths])
    if np.any(high < low):
        raise ScenarioError("bounds must be (low, high) with low <= high; received low > high.")
    return pd.DataFrame(low + unit * (high - low), columns=paths)


# --------------------------------------------------------------------------------------
# work items
# --------------------------------------------------------------------------------------


class SerialExecutor(Executor):
    """An executor that runs each submitted call at once, in this process."""

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


Plan = tuple[tuple[str, str], ...]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Task:
    """One work item: one parameter set and one replication, every plan (picklable)."""

    scenario: Scenario
    parameters: tuple[tuple[str, object], ...]
    plans: tuple[tuple[str, Plan], ...]
    engine: str
    seed: np.random.SeedSequence | None
    replication: int
    parameter_set: int


def _plain(x: object) -> object:
    if isinstance(x, np.generic):
        return x.item()
    return x


def run_task(task: Task) -> list[dict]:
    """Run every plan of ``task``; rows of plain Python values (JSON-ready)."""

    scenario = apply_parameters(task.scenario, dict(task.parameters))
    rows = []
    for label, plan in task.plans:
        if task.engine == "analytic":
            res = evaluate(scenario, plan=dict(plan))
            entropy, key = None, ""
        else:
            res = simulate(scenario, plan=dict(plan), seed=task.seed)
            entropy, key = task.seed.entropy, ",".join(map(str, task.seed.spawn_key))
        lines = lines_per_customer(res)
        summary = res.summary.set_index(["segment", "level"])
        for (segment, level), row in summary.iterrows():
            split = lines.loc[(segment, level)]
            rows.append(
                {
                    "parameter_set": task.parameter_set,
                    "replication": task.replication,
                    "seed_entropy": entropy,
                    "seed_spawn_key": key,
                    "engine": task.engine,
                    "plan": label,
                    "segment": segment,
                    "level": level,
                    "customers_start": float(row["customers_start"]),
                    "discounted_profit": float(row["discounted_profit"]),
                    "value_per_customer": float(row["value_per_customer"]),
                    "cost_per_customer": float(split["cost"]),
                    "return_per_customer": float(split["return"]),
                    "served_fraction": float(row["served_fraction"]),
                    "buying_end": float(row["buying_end"]),
                    "idle_staff_cost": res.idle_staff_cost(),
                    **{path: _plain(value) for path, value in task.parameters},
                }
            )
    return rows


def _scenario_dict(scenario: Scenario) -> dict:
    return dataclasses.asdict(scenario)


def task_key(task: Task) -> str:
    """Hash of (crmsim version, scenario, parameters, plans, engine, seed, replication).

    The name of the task's file in a sweep store: another crmsim version gives another key,
    so a resumed sweep never mixes results of two model versions.
    """
    seed = None if task.seed is None else [str(task.seed.entropy), list(task.seed.spawn_key)]
    payload = {
        "crmsim_version": crmsim.common.version.__version__,
        "scenario": _scenario_dict(task.scenario),
        "parameters": [[p, _plain(v)] for p, v in task.parameters],
        "plans": [[label, [list(x) for x in plan]] for label, plan in task.plans],
        "engine": task.engine,
        "seed": seed,
        "replication": task.replication,
    }
    text = json.dumps(payload, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _json_rows(task: Task) -> list[dict]:
    """:func:`run_task`'s rows as plain JSON values, the same whether computed now or read back."""
    return json.loads(json.dumps(run_task(task)))


def _rows_record(key: str, rows: list[dict]) -> dict:
    return {"key": key, "rows": rows}


def _record_rows(task: Task, record: dict) -> list[dict]:
    return record["rows"]


def _run_all(
    tasks: list[Task],
    *,
    executor: Executor | str | None,
    progress_bar: bool,
    store: str | os.PathLike | None,
) -> tuple[list[dict], int, int]:
    results, n_reused = run_resumable(
        _json_rows,
        tasks,
        key=task_key,
        encode=_rows_record,
        decode=_record_rows,
        executor=executor,
        progress_bar=progress_bar,
        store=store,
        desc="runs",
    )
    rows = [row for part in results for row in part]
    return rows, len(tasks) - n_reused, n_reused


def _plans(scenario: Scenario, plans: Sequence[str | Mapping[str, str]] | None
           ) -> tuple[tuple[str, Plan], ...]:
    if plans is None:
        plans = scenario.level_names
    if isinstance(plans, str | Mapping):
        plans = [plans]
    out = []
    for plan in plans:
        full = tuple(scenario.with_plan(plan).plan)
        label = plan if isinstance(plan, str) else "; ".join(f"{s}={lv}" for s, lv in full)
        out.append((label, full))
    labels = [label for label, _ in out]
    if len(set(labels)) != len(labels):
        raise ScenarioError(f"plans must be distinct; received {labels}.")
    return tuple(out)


def _frame(rows: list[dict], n_computed: int, n_reused: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.attrs["n_computed"] = n_computed
    frame.attrs["n_reused"] = n_reused
    return frame


def sweep(
    scenario: Scenario,
    parameter_sets: pd.DataFrame | Mapping[str, Sequence[object]],
    *,
    plans: Sequence[str | Mapping[str, str]] | None = None,
    engine: str = "simpy",
    n_replications: int = 1,
    seed: int = 0,
    executor: Executor | str | None = None,
    progress_bar: bool = True,
    store: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Run ``scenario`` for every parameter set, plan and replication.

    Parameters
    ----------
    scenario : Scenario
    parameter_sets : DataFrame or mapping
        One column per parameter path (see :func:`~crmsim.scenario.paths.apply_parameter`),
        one row per parameter set; a mapping of path → values is expanded with :func:`grid`.
    plans : sequence of str or mapping, optional
        Plans to run for each parameter set; a level name applies it to every segment.
        Default: every level of the scenario.
    engine : {"simpy", "analytic"}
        ``"analytic"`` gives expected values (one replication, no seed).
    n_replications : int
        Replications per parameter set (SimPy); replication ``r`` uses the same seed for
        every parameter set and plan (common random numbers).
    seed : int
        Root seed; replication seeds are ``SeedSequence(seed).spawn(n_replications)``.
    executor : Executor, "serial" or None
        Where runs go. None: a process pool with ``os.cpu_count()`` workers, which import
        the calling script again: from a script, call this under
        ``if __name__ == "__main__":`` (:func:`worker_pool` says so if not).
    progress_bar : bool
        Show a tqdm progress bar.
    store : path, optional
        Directory keeping one JSON file per finished work item; existing files are reused.

    Returns
    -------
    DataFrame
        One row per parameter set × replication × plan × segment (:data:`RUN_COLUMNS` plus a
        column per parameter path). ``attrs["n_computed"]`` and ``attrs["n_reused"]`` count
        work items computed now and read from ``store``.
    """
    check_choice("engine", engine, ENGINES)
    check_int("n_replications", n_replications, low=1)
    check_int("seed", seed, low=0)
    if not isinstance(parameter_sets, pd.DataFrame):
        parameter_sets = grid(parameter_sets)
    parameter_sets = parameter_sets.copy()
    for path in parameter_sets.columns:  # fail early, in this process, on a bad path
        resolved = resolve_path(scenario, path)
        if resolved.whole:  # record the value actually used
            parameter_sets[path] = [resolved.coerce(v) for v in parameter_sets[path].tolist()]
    plan_specs = _plans(scenario, plans)
    seeds: list[np.random.SeedSequence | None]
    if engine == "analytic":
        seeds = [None]
    else:
        seeds = list(np.random.SeedSequence(seed).spawn(n_replications))
    records = parameter_sets.to_dict("records") if len(parameter_sets.columns) else [{}]
    tasks = [
        Task(
            scenario=scenario,
            parameters=tuple((p, _plain(v)) for p, v in record.items()),
            plans=plan_specs,
            engine=engine,
            seed=s,
            replication=r,
            parameter_set=k,
        )
        for k, record in enumerate(records)
        for r, s in enumerate(seeds)
    ]
    rows, n_computed, n_reused = _run_all(
        tasks, executor=executor, progress_bar=progress_bar, store=store
    )
    return _frame(rows, n_computed, n_reused)


def replicate(
    scenario: Scenario,
    *,
    n_replications: int = 30,
    seed: int = 0,
    plans: Sequence[str | Mapping[str, str]] | None = None,
    executor: Executor | str | None = None,
    progress_bar: bool = True,
    store: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Replications of the SimPy engine for every plan, with common random numbers.

    Replication ``r`` of every plan uses child ``r`` of
    ``numpy.random.SeedSequence(seed).spawn(n_replications)``. See :func:`sweep` for the
    parameters and the returned frame (here with ``parameter_set == 0``).
    """
    return sweep(
        scenario,
        pd.DataFrame(index=[0]),
        plans=plans,
        engine="simpy",
        n_replications=n_replications,
        seed=seed,
        executor=executor,
        progress_bar=progress_bar,
        store=store,
    )


def mean_ci(values: Sequence[float] | np.ndarray, *, confidence: float = 0.95
            ) -> tuple[float, float, float, float]:
    """(mean, standard error, low, high): Student-t interval over independent replications.

    Examples
    --------
    >>> [round(x, 3) for x in mean_ci([1.0, 2.0, 3.0])]
    [2.0, 0.577, -0.484, 4.484]
    """
    from scipy import stats

    x = np.asarray(values, dtype=float)
    n = x.size
    mean = float(x.mean()) if n else math.nan
    if n < 2:
        return mean, math.nan, math.nan, math.nan
    se = float(x.std(ddof=1) / math.sqrt(n))
    half = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * se
    return mean, se, mean - half, mean + half


def watch_parent(parent_pid: int, interval: float = 0.25) -> None:
    """Process-pool initializer: the worker ignores Ctrl-C and exits when ``parent_pid`` dies.

    Ctrl-C in a terminal reaches every process of the group; the parent alone decides
    (:func:`stop_workers`). A daemon thread checks every ``interval`` seconds that
    ``parent_pid`` is alive (a zombie counts as dead) and ends the worker at once if not.
    (Linux's ``PR_SET_PDEATHSIG`` is not used: it fires when the *thread* that started the
    worker ends, which would kill the pools of executors fed from short-lived threads.)
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while process_alive(parent_pid):
            threading.Event().wait(interval)
        os._exit(1)

    threading.Thread(target=watch, name="crmsim-parent-watch", daemon=True).start()


_WORKER_START_SECONDS = 120.0  # a worker not up by then is a broken machine, not a slow one
_WORKER_POLL_SECONDS = 0.1  # how often a starting pool looks for a worker that ended
_UNGUARDED_EXIT = 87  # exit status of a worker that found its script starting workers again
UNGUARDED_SCRIPT = (
    "A script without 'if __name__ == \"__main__\":' started worker processes and each worker "
    "ran the script again; put the sweep (or replicate) call under that guard, or pass "
    'executor="serial".'
)
"""The sentence :func:`worker_pool` raises when a script without the main guard starts workers."""


def _start_worker(parent_pid: int, ready: multiprocessing.queues.Queue) -> None:
    """Process-pool initializer: :func:`watch_parent`, then say the worker is up."""
    watch_parent(parent_pid)
    ready.put(os.getpid())


def _end_if_importing_main() -> None:
    """End this process quietly if it is a worker still importing its parent's script.

    A new worker imports the script that started it; a script without the main guard calls
    :func:`worker_pool` again there, which cannot work. The worker ends at once with
    :data:`_UNGUARDED_EXIT` and no traceback, and the parent's :func:`worker_pool` says why.
    """
    # The flag multiprocessing itself sets (and checks) while a new process imports __main__.
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        os._exit(_UNGUARDED_EXIT)


def _await_workers(
    ready: multiprocessing.queues.Queue, processes: Sequence[multiprocessing.process.BaseProcess]
) -> None:
    """Wait until every process in ``processes`` has said it is up; fail as soon as one ends.

    Raises
    ------
    ScenarioError
        :data:`UNGUARDED_SCRIPT`, when a worker ended because the calling script has no
        main guard.
    BrokenProcessPool
        When a worker ended for another reason before it was up.
    queue.Empty
        When the workers are not all up after ``_WORKER_START_SECONDS``.
    """
    deadline = time.monotonic() + _WORKER_START_SECONDS
    started = 0
    while started < len(processes):
        try:
            ready.get(timeout=_WORKER_POLL_SECONDS)
        except queue.Empty:
            codes = {p.exitcode for p in processes} - {None}
            if _UNGUARDED_EXIT in codes:
                raise ScenarioError(UNGUARDED_SCRIPT) from None
            if codes:
                raise BrokenProcessPool(
                    f"A worker process ended while starting (exit code {min(codes)})."
                ) from None
            if time.monotonic() > deadline:
                raise
        else:
            started += 1


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes that never outlive this one (:func:`watch_parent`).

    Every worker is started, and has read what it inherits (the pool's queues and locks),
    before the pool is returned: a worker still starting when this program ends would find
    those locks gone and print a traceback. Ctrl-C while the workers start (the fork server
    may still be loading the engines on a busy machine) stops the fork server and the
    workers started, so none starts late.

    Workers import the calling script again (as ``__mp_main__``). A script that starts
    workers outside ``if __name__ == "__main__":`` would start them again there; those
    workers end at once, quietly, and this raises :class:`ScenarioError` with the sentence
    :data:`UNGUARDED_SCRIPT` within a second or two, instead of waiting for them.

    Examples
    --------
    >>> pool = worker_pool(2)
    >>> pool.submit(abs, -3).result()
    3
    >>> pool.shutdown()
    """
    _end_if_importing_main()
    context = _worker_context()
    ready = context.Queue()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_start_worker, initargs=(os.getpid(), ready))
    try:
        for _ in range(workers):  # each task finds no idle worker and starts one
            pool.submit(int)
        _await_workers(ready, list(pool._processes.values()))  # no public list of workers
    except BaseException:
        _stop_fork_server(context)
        stop_workers(pool)
        raise
    return pool


def _stop_fork_server(context: multiprocessing.context.BaseContext) -> None:
    """End the fork server (if workers come from one) so no worker request is served late;
    the next pool starts a new one."""
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # no public handle
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _worker_context() -> multiprocessing.context.BaseContext:
    """How workers start: from a fork server where there is one (Linux), else spawned.

    Never forked from the calling process itself: a Jupyter kernel (or any program) runs
    threads, and a child forked from a threaded process can deadlock or garble the parent's
    messages. The fork server is a clean single-threaded process that has loaded the engines
    once, so workers still start quickly.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["crmsim.engines.simulation", "crmsim.engines.analytic",
                                        "crmsim.analysis.experiments"])
        return context
    return multiprocessing.get_context("spawn")


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: drop queued work, end the running work items, wait for nobody.

    Examples
    --------
    >>> pool = worker_pool(1)
    >>> stop_workers(pool)
    >>> try:  # shut down (RuntimeError), or broken by its ended worker (a RuntimeError too)
    ...     pool.submit(abs, -3)
    ... except RuntimeError:
    ...     print("refused")
    refused
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=2.0)


@contextlib.contextmanager
def workers_executor(workers: int) -> Iterator[Executor | str]:
    """An executor for ``workers`` processes ("serial" for one), stopped at once on error.

    Leaving the block normally waits for the pool's work; leaving it by an exception
    (Ctrl-C included) stops the pool with :func:`stop_workers`.

    Examples
    --------
    >>> with workers_executor(1) as executor:
    ...     executor
    'serial'
    """
    if workers == 1:
        yield "serial"
        return
    pool = worker_pool(workers)
    try:
        yield pool
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def as_executor(executor: Executor | str | None) -> tuple[Executor, ProcessPoolExecutor | None]:
    """The executor to submit work to, and the process pool made here (None if not made here).

    None makes a :func:`worker_pool` with ``os.cpu_count()`` workers (the caller stops it:
    :func:`stop_workers` on error, ``shutdown`` otherwise); ``"serial"`` gives a
    :class:`SerialExecutor`; a Dask ``distributed.Client`` gives its ``get_executor()``; any
    other object with a ``submit`` method is used as it is.

    Raises
    ------
    ScenarioError
        For anything else, in one sentence.

    Examples
    --------
    >>> run, own = as_executor("serial")
    >>> type(run).__name__, own
    ('SerialExecutor', None)
    >>> as_executor("parallel")
    Traceback (most recent call last):
    crmsim.common.errors.ScenarioError: executor must be a concurrent.futures.Executor, \
'serial' or None; received 'parallel'.
    """
    if executor is None:
        pool = worker_pool(os.cpu_count() or 1)
        return pool, pool
    if isinstance(executor, str) and executor == "serial":
        return SerialExecutor(), None
    if not isinstance(executor, Executor) and callable(getattr(executor, "get_executor", None)):
        return executor.get_executor(), None  # a dask.distributed Client
    if isinstance(executor, str) or not hasattr(executor, "submit"):
        raise ScenarioError(
            "executor must be a concurrent.futures.Executor, 'serial' or None; "
            f"received {executor!r}."
        )
    return executor, None


def _stored(path: Path, task: T, decode: Callable[[T, dict], R | None]) -> R | None:
    """The result stored in ``path``; None (recompute) if missing, unreadable, of another
    crmsim version, or refused by ``decode``."""
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
        if record["crmsim_version"] != crmsim.common.version.__version__:
            return None
        return decode(task, record)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_resumable(
    work: Callable[[T], R],
    tasks: Sequence[T],
    *,
    executor: Executor | str | None = "serial",
    progress_bar: bool = False,
    store: str | os.PathLike | None = None,
    key: Callable[[T], str] | None = None,
    encode: Callable[[str, R], dict] | None = None,
    decode: Callable[[T, dict], R | None] | None = None,
    sizes: Sequence[int] | None = None,
    desc: str | None = None,
    unit: str = "it",
) -> tuple[list[R], int]:
    """``work(task)`` for every task on any executor, with a progress bar, resumable on disk.

    With ``store`` a folder, each task's result is written there atomically when it finishes,
    as ``<key(task)>.json`` holding ``{"crmsim_version": ..., **encode(key, result)}``; a rerun
    first reads back every file whose recorded crmsim version is this one and that
    ``decode(task, record)`` accepts (a None, a missing field or a bad value means
    "recompute"), and only submits the rest. Ctrl-C (or any error) cancels every queued task
    at once and stops a pool made here without waiting for running tasks.

    Parameters
    ----------
    work : callable
        A picklable top-level function of one task (process pools and Dask pickle it).
    tasks : sequence
        Work items, in the order of the results.
    executor : Executor, "serial" or None
        Where tasks go (:func:`as_executor`); only checked when some task is left to run.
    progress_bar : bool
        Show a tqdm bar.
    store : path, optional
        Folder keeping one JSON file per finished task; requires ``key``, ``encode`` and
        ``decode``.
    key : callable
        A task's file name (without ``.json``); it must change with anything that changes
        the result.
    encode : callable
        ``encode(key, result)``: the JSON-ready fields stored beside ``crmsim_version``.
    decode : callable
        ``decode(task, record)``: the result back from a stored record, or None.
    sizes : sequence of int, optional
        How far each task moves the bar (default 1 each).
    desc, unit : str
        The bar's label and unit.

    Returns
    -------
    results : list
        ``work(task)`` (or the stored result) for every task, in the order of ``tasks``.
    n_reused : int
        Tasks read back from ``store``.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> def encode(key, result):
    ...     return {"value": result}
    >>> def decode(task, record):
    ...     return record["value"]
    >>> opts = dict(store=folder, key=str, encode=encode, decode=decode)
    >>> run_resumable(abs, [-1, -2, 3], **opts)
    ([1, 2, 3], 0)
    >>> run_resumable(abs, [-1, -2, 3, -4], **opts)
    ([1, 2, 3, 4], 3)
    """
    from tqdm.auto import tqdm

    sizes = [1] * len(tasks) if sizes is None else list(sizes)
    folder = None if store is None else Path(store)
    done: dict[int, R] = {}
    keys: list[str] = []
    if folder is not None:
        if key is None or encode is None or decode is None:
            raise TypeError("run_resumable needs key, encode and decode to use a store.")
        folder.mkdir(parents=True, exist_ok=True)
        keys = [key(task) for task in tasks]
        for i, (name, task) in enumerate(zip(keys, tasks, strict=True)):
            result = _stored(folder / f"{name}.json", task, decode)
            if result is not None:
                done[i] = result
    n_reused = len(done)
    pending = [i for i in range(len(tasks)) if i not in done]
    run, own = as_executor(executor) if pending else (SerialExecutor(), None)

    def finish(i: int, result: R) -> None:
        done[i] = result
        if folder is not None:
            record = {
                "crmsim_version": crmsim.common.version.__version__,
                **encode(keys[i], result),
            }
            write_text_atomic(folder / f"{keys[i]}.json", json.dumps(record))
        bar.update(sizes[i])

    reused = sum(sizes[i] for i in done)
    with tqdm(
        total=sum(sizes), initial=reused, disable=not progress_bar, desc=desc, unit=unit
    ) as bar:
        futures: dict[Future, int] = {}
        try:
            if isinstance(run, SerialExecutor):  # one at a time: each is kept at once
                for i in pending:
                    finish(i, work(tasks[i]))
            else:
                for i in pending:
                    futures[run.submit(work, tasks[i])] = i
                for future in as_completed(futures):
                    finish(futures[future], future.result())
        except BaseException:
            for future in futures:  # queued work is dropped at once
                future.cancel()
            if own is not None:
                stop_workers(own)
            raise
        if own is not None:
            own.shutdown(wait=True)
    return [done[i] for i in range(len(tasks))], n_reused
