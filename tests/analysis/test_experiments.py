"""Parameter paths, replications and sweeps: determinism across executors, resume on disk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmsim import Scenario, ScenarioError, Segment, Staff
from crmsim.analysis import RUN_COLUMNS, SerialExecutor, grid, latin_hypercube, replicate, sweep
from crmsim.analysis.experiments import UNGUARDED_SCRIPT, mean_ci
from crmsim.scenario import apply_parameter, apply_parameters, parameter_range

SMALL = Scenario(
    segments=(Segment(name="smb", n_customers=30), Segment(name="key accounts", n_customers=5,
                                                           annual_wallet=200_000.0)),
    horizon_months=24,
)


# -- parameter paths ----------------------------------------------------------------------


def test_apply_parameter_every_kind_of_path():
    s = apply_parameter(SMALL, "segment:key accounts.switching_cost", 0.8)
    assert s.segment("key accounts").switching_cost == 0.8
    assert s.segment("smb").switching_cost == SMALL.segment("smb").switching_cost
    assert apply_parameter(SMALL, "segment:*.mutual_importance", 0.6).segment(
        "smb").mutual_importance == 0.6
    assert apply_parameter(SMALL, "staff.n_account_managers", 3).staff.n_account_managers == 3
    assert apply_parameter(SMALL, "annual_discount_rate", 0.05).annual_discount_rate == 0.05
    s = apply_parameter(SMALL, "level:partnership.running_cost_per_month", 10.0)
    assert s.level("partnership").running_cost_per_month == 10.0
    assert s.level("alliance") == SMALL.level("alliance")
    assert apply_parameter(SMALL, "lifecycle.churn_new", 0.1).lifecycle.churn_new == 0.1
    assert apply_parameter(SMALL, "complaints.n_staff", 2).complaints.n_staff == 2
    assert apply_parameter(SMALL, "staff.n_account_managers", None).staff.n_account_managers \
        is None
    # the original is untouched (frozen dataclasses, replace)
    assert SMALL.segment("key accounts").switching_cost == 0.3


def test_apply_parameter_rounds_whole_numbers_half_up():
    assert apply_parameter(SMALL, "staff.n_account_managers", 2.5).staff.n_account_managers == 3
    assert apply_parameter(SMALL, "horizon_months", np.float64(11.6)).horizon_months == 12


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("segment:nobody.switching_cost", "unknown segment 'nobody'"),
        ("segment:smb.colour", "unknown Segment field 'colour'"),
        ("segment:smb", "must look like 'segment:<name>.<field>'"),
        ("level:gold.setup_cost", "unknown level 'gold'"),
        ("staff.n_managers", "unknown Staff field 'n_managers'"),
        ("budget.total", "must start with 'segment:'"),
        ("discount", "is not a scenario field"),
        ("", "non-empty"),
    ],
)
def test_unknown_paths_give_one_clear_sentence(path, fragment):
    with pytest.raises(ScenarioError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        apply_parameter(SMALL, path, 1)


def test_bad_values_are_validated():
    with pytest.raises(ScenarioError, match=r"Segment.switching_cost must be a number in \[0, 1\]"):
        apply_parameter(SMALL, "segment:smb.switching_cost", 1.5)


def test_apply_parameters_and_range():
    s = apply_parameters(SMALL, {"segment:smb.customer_power": 0.8, "staff.cost_per_hour": 1.0})
    assert (s.segment("smb").customer_power, s.staff.cost_per_hour) == (0.8, 1.0)
    assert parameter_range(SMALL, "segment:smb.customer_power") == (0.0, 1.0, 0.5)


def test_grid_and_latin_hypercube():
    g = grid({"a": [1, 2, 3], "b": ["x", "y"]})
    assert g.shape == (6, 2) and list(g.columns) == ["a", "b"]
    lhs = latin_hypercube({"p": (0.0, 1.0), "q": (10.0, 20.0)}, n_samples=8, seed=4)
    assert lhs.shape == (8, 2)
    assert sorted((lhs["p"] * 8).astype(int)) == list(range(8))
    assert sorted(((lhs["q"] - 10) / 10 * 8).astype(int)) == list(range(8))
    pd.testing.assert_frame_equal(lhs, latin_hypercube({"p": (0.0, 1.0), "q": (10.0, 20.0)},
                                                       n_samples=8, seed=4))
    assert not lhs.equals(latin_hypercube({"p": (0.0, 1.0), "q": (10.0, 20.0)},
                                          n_samples=8, seed=5))


def test_mean_ci():
    mean, se, low, high = mean_ci([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5 and low < mean < high
    assert se == pytest.approx(np.std([1, 2, 3, 4], ddof=1) / 2)


# -- replications -------------------------------------------------------------------------


def test_replicate_frame_is_tidy_and_uses_common_random_numbers():
    frame = replicate(SMALL, n_replications=3, seed=11, executor="serial", progress_bar=False)
    assert set(RUN_COLUMNS) <= set(frame.columns)
    assert len(frame) == 3 * 4 * 2  # replications × plans × segments
    assert not frame.duplicated(["replication", "plan", "segment"]).any()
    # every plan of replication r ran on the same seed
    seeds = frame.groupby("replication")[["seed_entropy", "seed_spawn_key"]].nunique()
    assert (seeds == 1).all().all()
    assert frame.groupby("replication")["seed_spawn_key"].first().tolist() == ["0", "1", "2"]
    # replications differ, and value = return - cost
    trans = frame.query("plan == 'transactional' and segment == 'smb'")
    assert trans["discounted_profit"].nunique() == 3
    np.testing.assert_allclose(
        frame["value_per_customer"], frame["return_per_customer"] - frame["cost_per_customer"],
        rtol=1e-9, atol=1e-6,
    )


def test_same_seed_same_frame_other_seed_other_frame():
    a = replicate(SMALL, n_replications=2, seed=5, executor="serial", progress_bar=False)
    b = replicate(SMALL, n_replications=2, seed=5, executor=SerialExecutor(), progress_bar=False)
    c = replicate(SMALL, n_replications=2, seed=6, executor="serial", progress_bar=False)
    pd.testing.assert_frame_equal(a, b)
    assert not a["discounted_profit"].equals(c["discounted_profit"])


def test_sweep_rows_per_parameter_set_and_recorded_values():
    sets = {"staff.n_account_managers": [1.4, 3.0], "segment:smb.switching_cost": [0.2, 0.9]}
    frame = sweep(SMALL, sets, plans=["preferred"], engine="analytic", executor="serial",
                  progress_bar=False)
    assert len(frame) == 4 * 1 * 2
    assert sorted(frame["staff.n_account_managers"].unique()) == [1, 3]
    assert frame["seed_entropy"].isna().all()
    assert frame.attrs == {"n_computed": 4, "n_reused": 0}


def test_sweep_rejects_bad_input_early():
    with pytest.raises(ScenarioError, match="unknown Segment field"):
        sweep(SMALL, {"segment:smb.nope": [1]}, executor="serial", progress_bar=False)
    with pytest.raises(ScenarioError, match="engine must be one of"):
        sweep(SMALL, {"annual_discount_rate": [0.1]}, engine="excel", progress_bar=False)
    with pytest.raises(ScenarioError, match="executor must be"):
        sweep(SMALL, {"annual_discount_rate": [0.1]}, executor=42, progress_bar=False)


def _small_sweep(executor):
    return sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["transactional",
                 "partnership"], n_replications=3, seed=2024, executor=executor,
                 progress_bar=False)


def test_identical_results_serial_threads_and_process_pool():
    serial = _small_sweep("serial")
    with ThreadPoolExecutor(max_workers=2) as pool:
        threads = _small_sweep(pool)
    with ProcessPoolExecutor(max_workers=2) as pool:
        processes = _small_sweep(pool)
    default = _small_sweep(None)  # the default: a process pool of os.cpu_count() workers
    for other in (threads, processes, default):
        pd.testing.assert_frame_equal(serial, other)


@pytest.mark.slow
def test_identical_results_on_a_local_dask_cluster():
    distributed = pytest.importorskip("distributed")
    serial = _small_sweep("serial")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        dask = _small_sweep(client.get_executor())
    pd.testing.assert_frame_equal(serial, dask)


# -- resume on disk -----------------------------------------------------------------------


def test_store_keeps_one_file_per_work_item_and_reuses_it(tmp_path):
    first = sweep(
        SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
        n_replications=2, seed=1, executor="serial", progress_bar=False, store=tmp_path)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 4 and all(f.suffix == ".json" for f in files)
    assert not [f for f in files if f.name.startswith(".tmp")]
    assert json.loads(files[0].read_text())["rows"]
    again = sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                  n_replications=2, seed=1, executor="serial", progress_bar=False,
                  store=tmp_path)
    assert again.attrs == {"n_computed": 0, "n_reused": 4}
    pd.testing.assert_frame_equal(first, again)
    # another seed is another key: nothing reused
    other = sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                  n_replications=2, seed=2, executor="serial", progress_bar=False,
                  store=tmp_path)
    assert other.attrs["n_reused"] == 0
    # a damaged file is recomputed
    files[0].write_text("{not json")
    repaired = sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                     n_replications=2, seed=1, executor="serial", progress_bar=False,
                     store=tmp_path)
    assert repaired.attrs == {"n_computed": 1, "n_reused": 3}
    pd.testing.assert_frame_equal(first, repaired)


SWEEP_SCRIPT = textwrap.dedent(
    """
    import sys
    import time
    from crmsim import Scenario, Segment
    from crmsim.analysis.experiments import SerialExecutor, sweep

    class Unhurried(SerialExecutor):  # leaves the test time to kill it between runs
        def submit(self, fn, /, *args, **kwargs):
            time.sleep(0.3)
            return super().submit(fn, *args, **kwargs)

    scenario = Scenario(segments=(Segment(name="smb", n_customers=300),), horizon_months=60)
    sweep(scenario, {"segment:smb.switching_cost": [i / 9 for i in range(10)]},
          plans=["preferred"], seed=7, executor=Unhurried(), progress_bar=False,
          store=sys.argv[1])
    """
)


def _killed_sweep(store) -> int:
    """Start the sweep in a child process, kill it once some runs are on disk."""
    proc = subprocess.Popen([sys.executable, "-c", SWEEP_SCRIPT, str(store)])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if _finished(store) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    return _finished(store)


def _finished(store) -> int:
    """Finished runs on disk (a killed writer may leave a '.tmp-*' file: not a run)."""
    return len([f for f in store.glob("*.json") if not f.name.startswith(".")])


@pytest.mark.slow
def test_interrupted_sweep_resumes_without_recomputing(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    n_done = _killed_sweep(store)
    assert 2 <= n_done < 10, "the sweep should have been killed part-way"
    scenario = Scenario(segments=(Segment(name="smb", n_customers=300),), horizon_months=60)
    values = {"segment:smb.switching_cost": [i / 9 for i in range(10)]}
    resumed = sweep(scenario, values, plans=["preferred"], seed=7, executor="serial",
                    progress_bar=False, store=store)
    assert resumed.attrs["n_reused"] >= n_done  # killed runs were not recomputed
    assert resumed.attrs["n_computed"] == 10 - resumed.attrs["n_reused"]
    # the resumed frame agrees with an uninterrupted run
    first = {"segment:smb.switching_cost": values["segment:smb.switching_cost"][:1]}
    fresh = sweep(scenario, first, plans=["preferred"], seed=7, executor="serial",
                  progress_bar=False)
    pd.testing.assert_frame_equal(resumed.iloc[: len(fresh)].reset_index(drop=True), fresh)


def test_staff_limited_replications_run():
    s = Scenario(segments=(Segment(name="smb", n_customers=20),),
                 staff=Staff(n_account_managers=1), horizon_months=12)
    frame = replicate(s, n_replications=2, seed=1, plans=["partnership"], executor="serial",
                      progress_bar=False)
    assert (frame["served_fraction"] <= 1).all()


# -- sweeps from a plain script -----------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "consultant-workflow.md"
SCRIPT_SECONDS = 60  # a failing start takes ~3 s on a quiet machine; before, it took 125 s


def _docs_script() -> str:
    """The script of docs/consultant-workflow.md's "Sweeps and sensitivity from a script"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Sweeps and sensitivity from a script", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def _run_script(tmp_path, source: str) -> subprocess.CompletedProcess:
    script = tmp_path / "sweep_client.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=SCRIPT_SECONDS,
        cwd=tmp_path,
    )


def test_the_documented_script_runs_its_sweep_and_tornado(tmp_path):
    done = _run_script(tmp_path, _docs_script())
    assert done.returncode == 0, done.stderr
    assert "partnership" in done.stdout and "transactional" in done.stdout  # the sweep
    assert "segment:smb.gross_margin" in done.stdout  # the tornado
    assert done.stderr == ""


def test_a_script_without_the_main_guard_fails_at_once_with_one_sentence(tmp_path):
    unguarded = _docs_script().replace('if __name__ == "__main__":\n    main()', "main()")
    assert unguarded != _docs_script()
    start = time.monotonic()
    done = _run_script(tmp_path, unguarded)  # raises TimeoutExpired after SCRIPT_SECONDS
    assert done.returncode != 0
    last_line = done.stderr.rstrip().splitlines()[-1]
    assert last_line == f"crmsim.common.errors.ScenarioError: {UNGUARDED_SCRIPT}"
    assert "bootstrapping phase" not in done.stderr  # the workers' own error is not shown
    assert done.stderr.count("Traceback") == 1  # the script's, none from a worker
    assert time.monotonic() - start < SCRIPT_SECONDS
