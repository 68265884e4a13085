"""Runs that never lose work: one run per folder, quick Ctrl-C, no orphan workers, honest resumes.

Everything here runs on this machine only: subprocesses of ``crmsim run`` and a local,
in-process Dask cluster. Every wait is bounded.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from crmsim import Scenario, Segment
from crmsim.analysis.experiments import sweep
from crmsim.cli import main
from crmsim.scenario import save_scenario

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

SMALL = Scenario(segments=(Segment(name="smb", n_customers=30),), horizon_months=12)


def _tiny() -> Scenario:
    return Scenario(
        name="tiny",
        segments=(Segment(name="smb", n_customers=20),
                  Segment(name="key", n_customers=4, annual_wallet=600_000.0,
                          mutual_importance=0.9, switching_cost=0.9)),
        plan={"key": "partnership"},
        horizon_months=12,
    )


def _start_run(scenario_file: Path, out: Path, *, replications: int, workers: int = 1,
               seed: int = 3) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crmsim.cli", "run", str(scenario_file), "--out", str(out),
         "--replications", str(replications), "--seed", str(seed), "--no-progress",
         "--frontier-points", "3", "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _staging(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.crmsim-tmp-*"))


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def _wait_until(condition, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the run never got there")


def _workers(proc: subprocess.Popen, n: int) -> list[psutil.Process]:
    parent = psutil.Process(proc.pid)
    _wait_until(lambda: len(parent.children(recursive=True)) >= n, proc)
    return parent.children(recursive=True)


def _running(processes: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                out.append(process)
        except psutil.NoSuchProcess:
            pass
    return out


def _gone_within(processes: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    end = time.monotonic() + seconds
    while _running(processes) and time.monotonic() < end:
        time.sleep(0.05)
    return _running(processes)


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    return save_scenario(_tiny(), tmp_path / "tiny.toml")


@pytest.mark.slow
def test_a_second_run_into_the_same_folder_is_refused_and_the_first_completes(
        scenario_file, tmp_path, capsys):
    out = tmp_path / "report"
    first = _start_run(scenario_file, out, replications=120)
    try:
        _wait_until(lambda: bool(_staging(out)), first)
        status = main(["run", str(scenario_file), "--out", str(out), "--replications", "2",
                       "--seed", "9", "--no-progress", "--frontier-points", "3"])
        err = capsys.readouterr().err
        assert first.poll() is None, "the first run must still be running"
        assert status == 2
        assert err.strip().splitlines() == [
            f"crmsim: the folder '{out}' is in use by pid {first.pid} (another crmsim run); "
            "wait for it to finish or choose another --out."]
        assert _staging(out), "the second run must not touch the first one's staging folder"
        _, first_err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, first_err
    assert "Traceback" not in first_err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["n_replications"] == 120
    assert {"report.html", "scenario.toml", "manifest.json"} <= {p.name for p in out.iterdir()}
    assert _leftovers(out) == []


@pytest.mark.slow
def test_ctrl_c_with_two_workers_ends_at_once_and_leaves_no_worker(scenario_file, tmp_path):
    out = tmp_path / "report"
    proc = _start_run(scenario_file, out, replications=4000, workers=2)
    try:
        workers = _workers(proc, 2)
        _wait_until(lambda: bool(_staging(out)), proc)
        time.sleep(1.0)  # well inside the replications
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert took < 5.0, f"Ctrl-C took {took:.1f} s"
    assert _gone_within(workers, 2.0) == []
    assert _leftovers(out) == [] and not out.exists()


@pytest.mark.slow
def test_a_killed_parent_leaves_no_worker(scenario_file, tmp_path):
    out = tmp_path / "report"
    proc = _start_run(scenario_file, out, replications=4000, workers=2)
    try:
        workers = _workers(proc, 2)
        _wait_until(lambda: bool(_staging(out)), proc)
    finally:
        proc.kill()
        proc.communicate(timeout=60)
    assert _gone_within(workers, 5.0) == []
    # the next run cleans the dead run's staging folder and completes
    assert main(["run", str(scenario_file), "--out", str(out), "--replications", "2",
                 "--seed", "5", "--no-progress", "--frontier-points", "3"]) == 0
    assert _leftovers(out) == []


def _store_sweep(store: Path) -> pd.DataFrame:
    return sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                 n_replications=2, seed=1, executor="serial", progress_bar=False, store=store)


def test_a_resume_under_another_crmsim_version_recomputes(tmp_path, monkeypatch):
    first = _store_sweep(tmp_path)
    assert first.attrs == {"n_computed": 4, "n_reused": 0}
    import crmsim.common.version

    version = crmsim.common.version.__version__
    assert {json.loads(f.read_text())["crmsim_version"] for f in tmp_path.iterdir()} == {version}
    monkeypatch.setattr("crmsim.common.version.__version__", version + ".upgraded")
    upgraded = _store_sweep(tmp_path)
    assert upgraded.attrs == {"n_computed": 4, "n_reused": 0}
    assert len(list(tmp_path.iterdir())) == 8
    assert _store_sweep(tmp_path).attrs == {"n_computed": 0, "n_reused": 4}
    # a file whose recorded version was changed by hand is not trusted either
    for path in tmp_path.iterdir():
        record = json.loads(path.read_text())
        if record["crmsim_version"] == version + ".upgraded":
            record["crmsim_version"] = "0.0.1"
            path.write_text(json.dumps(record))
    assert _store_sweep(tmp_path).attrs == {"n_computed": 4, "n_reused": 0}
    monkeypatch.undo()
    assert _store_sweep(tmp_path).attrs == {"n_computed": 0, "n_reused": 4}


@pytest.mark.slow
def test_a_dask_client_itself_is_accepted():
    distributed = pytest.importorskip("distributed")
    serial = sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                   n_replications=2, seed=3, executor="serial", progress_bar=False)
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=2,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = sweep(SMALL, {"segment:smb.switching_cost": [0.1, 0.9]}, plans=["preferred"],
                     n_replications=2, seed=3, executor=client, progress_bar=False)
    pd.testing.assert_frame_equal(serial, dask)
