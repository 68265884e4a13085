"""``crmsim run``: the HTML report, its manifest, reproducibility and atomic output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from crmsim import Scenario, ScenarioError, Segment
from crmsim.analysis.report import analyse_for_report
from crmsim.cli import main
from crmsim.common.files import folder_lock
from crmsim.scenario import load_scenario, save_scenario
from crmsim.views import scenario_hash, write_report
from crmsim.views.report import read_manifest

FIGURES = ("occupancy", "cash_flows", "profit_by_level", "verdicts[smb]", "frontier[smb]",
           "tornado[smb]", "break_even[smb]", "verdicts[key]", "frontier[key]",
           "tornado[key]", "break_even[key]")


def _tiny() -> Scenario:
    return Scenario(
        name="tiny",
        segments=(Segment(name="smb", n_customers=20),
                  Segment(name="key", n_customers=4, annual_wallet=600_000.0,
                          mutual_importance=0.9, switching_cost=0.9)),
        plan={"key": "partnership"},
        horizon_months=12,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    scenario_file = save_scenario(_tiny(), folder / "tiny.toml")
    out = folder / "report"
    status = main(["run", str(scenario_file), "--replications", "3", "--seed", "11",
                   "--out", str(out), "--workers", "1", "--no-progress",
                   "--frontier-points", "5"])
    assert status == 0
    return scenario_file, out


def test_report_embeds_every_figure_and_the_manifest(report):
    _, out = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES)
    for key in FIGURES:
        assert f'id="fig-{key}"' in html
    assert "src=\"http" not in html and "<link" not in html  # self-contained
    for heading in ("Assumptions", "Luxury verdicts", "Break-evens", "Manifest"):
        assert f"<h2>{heading}</h2>" in html
    assert "gross margin on list price" in html  # the assumptions table explains fields
    embedded = read_manifest(out / "report.html")
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert embedded == written
    assert set(written["figures"]) == set(FIGURES)


def test_manifest_is_enough_to_reproduce_the_run(report, tmp_path):
    scenario_file, out = report
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    from crmsim import __version__

    assert manifest["crmsim_version"] == __version__
    assert manifest["seed"] == 11 and manifest["seed_entropy"] == 11
    assert manifest["n_replications"] == 3
    copy = load_scenario(out / "scenario.toml")
    assert copy == load_scenario(scenario_file)
    assert manifest["scenario_sha256"] == scenario_hash(copy)
    assert manifest["parameters"]["segments"][1]["annual_wallet"] == 600_000.0
    for recipe in manifest["figures"].values():
        assert (out / recipe["csv"]).exists()
        assert recipe["function"].startswith("crmsim.")
    # rerunning what the manifest says gives the same numbers
    again = write_report(copy, tmp_path / "again", n_replications=manifest["n_replications"],
                         seed=manifest["seed"], progress=False, frontier_points=5)
    for name in ("values.csv", "verdicts.csv", "frontier.csv", "tornado.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(out / name),
                                      pd.read_csv(again.out_dir / name))


def test_report_tables(report):
    _, out = report
    values = pd.read_csv(out / "values.csv")
    assert {"value_per_customer_low", "value_per_customer_high"} <= set(values.columns)
    assert (values["value_per_customer_low"] <= values["value_per_customer"]).all()
    verdicts = pd.read_csv(out / "verdicts.csv")
    assert set(verdicts["verdict"]) <= {"pays", "luxurious", "too close to call"}
    assert len(pd.read_csv(out / "break_even.csv")) == 2
    assumptions = pd.read_csv(out / "assumptions.csv")
    assert "lifecycle.churn_new" in set(assumptions["parameter"])


def test_the_result_carries_the_analysis_behind_the_files(report, tmp_path):
    scenario_file, out = report
    result = write_report(load_scenario(scenario_file), tmp_path / "r", n_replications=3,
                          seed=11, progress=False, frontier_points=5)
    analysis = result.analysis
    assert analysis.seed == result.manifest["seed"] == 11
    assert list(analysis.best.columns) == ["segment", "best_level", "value_per_customer",
                                           "clear"]
    assert list(analysis.best["segment"]) == ["smb", "key"]
    assert [b.segment for b in analysis.break_evens] == ["smb", "key"]
    assert [m.segment for m in analysis.frontier_maps] == ["smb", "key"]
    for name in ("best", "values", "verdicts", "break_even", "tornado", "frontier"):
        pd.testing.assert_frame_equal(pd.read_csv(out / f"{name}.csv"),
                                      pd.read_csv(result.out_dir / f"{name}.csv"))
    written = pd.read_csv(result.out_dir / "best.csv")
    pd.testing.assert_frame_equal(written, analysis.best.reset_index(drop=True),
                                  check_dtype=False)
    sides = pd.read_csv(result.out_dir / "both_sides.csv")
    assert set(sides["segment"]) == {"smb", "key"} and "customer_gain" in sides
    html = (result.out_dir / "report.html").read_text(encoding="utf-8")
    assert "<h2>Both sides&#39; gains (win-win)</h2>" in html


def test_analysis_without_a_report_folder_draws_its_seed():
    analysis = analyse_for_report(_tiny(), n_replications=2, progress=False,
                                  frontier_points=3)
    assert analysis.seed > 0
    again = analyse_for_report(_tiny(), n_replications=2, seed=analysis.seed, progress=False,
                               frontier_points=3)
    pd.testing.assert_frame_equal(again.values, analysis.values)
    assert analysis.tables().keys() == again.tables().keys()


def test_a_single_level_scenario_has_no_maps_tornado_or_break_even():
    from crmsim.scenario.levels import DEFAULT_LEVELS

    one = Scenario(segments=(Segment(name="smb", n_customers=10),), horizon_months=6,
                   levels=DEFAULT_LEVELS[:1], plan={"smb": DEFAULT_LEVELS[0].name})
    analysis = analyse_for_report(one, n_replications=2, seed=1, progress=False,
                                  frontier_points=3)
    assert analysis.frontier_maps == () and analysis.break_evens == ()
    assert set(analysis.tables()) == {"summary", "values", "verdicts", "best", "both_sides",
                                      "occupancy", "cash_flows", "assumptions"}
    assert analysis.verdicts.empty
    assert analysis.both_sides["win_win"].tolist() == [False]  # nothing above the cheapest


def test_without_seed_the_entropy_is_recorded(tmp_path):
    result = write_report(_tiny().with_segment("smb", n_customers=5), tmp_path / "r",
                          n_replications=2, progress=False, frontier_points=3)
    assert result.manifest["seed"] == result.manifest["seed_entropy"] > 0


def test_run_mistakes_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[segments]]\nname = "x"\nn_customers = -3\n')
    assert main(["run", str(bad), "--out", str(tmp_path / "r"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "segments[0].n_customers" in err
    good = save_scenario(_tiny(), tmp_path / "good.toml")
    assert main(["run", str(good), "--replications", "1", "--out", str(tmp_path / "r"),
                 "--no-progress"]) == 2
    assert "--replications" in capsys.readouterr().err
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("precious")
    assert main(["run", str(good), "--replications", "2", "--out", str(tmp_path / "notes"),
                 "--no-progress"]) == 2
    assert "not a crmsim report" in capsys.readouterr().err
    assert (tmp_path / "notes" / "mine.txt").read_text() == "precious"


# --------------------------------------------------------------------------------------
# atomic output: an interrupted run leaves the previous report and no partial file
# --------------------------------------------------------------------------------------


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _leftovers(folder):
    return [p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]


def test_an_error_midway_keeps_the_previous_report(tmp_path, monkeypatch):
    out = tmp_path / "report"
    write_report(_tiny(), out, n_replications=2, seed=1, progress=False, frontier_points=3)
    before = _snapshot(out)

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("crmsim.analysis.sensitivity.tornado", boom)
    with pytest.raises(KeyboardInterrupt):
        write_report(_tiny(), out, n_replications=2, seed=2, progress=False,
                     frontier_points=3)
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def _start_run(scenario_file, out):
    """A run that would take minutes: whatever the machine's load, the signal the tests send
    a second after its staging folder appears lands in the middle of it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "crmsim.cli", "run", str(scenario_file), "--out", str(out),
         "--replications", "4000", "--seed", "3", "--no-progress", "--frontier-points", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_staging(out, proc, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if _leftovers(out):
            time.sleep(1.0)  # well inside the replications
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the run never started writing")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_run_killed_midway_leaves_the_previous_report_intact(tmp_path):
    scenario_file = save_scenario(_tiny(), tmp_path / "tiny.toml")
    out = tmp_path / "report"
    write_report(_tiny(), out, n_replications=2, seed=1, progress=False, frontier_points=3)
    before = _snapshot(out)

    # SIGTERM (or Ctrl-C): the run cleans up after itself
    proc = _start_run(scenario_file, out)
    _wait_for_staging(out, proc)
    proc.send_signal(signal.SIGTERM)
    printed, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (err, printed[-300:])
    assert "interrupted" in err and "Traceback" not in err
    assert _snapshot(out) == before
    assert _leftovers(out) == []

    # SIGKILL: nothing can run, but the previous report is untouched and the next run
    # removes the hidden staging folder
    proc = _start_run(scenario_file, out)
    _wait_for_staging(out, proc)
    proc.kill()
    proc.communicate(timeout=60)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == list(before)  # no partial file in it
    write_report(_tiny(), out, n_replications=2, seed=5, progress=False, frontier_points=3)
    assert _leftovers(out) == []
    assert json.loads((out / "manifest.json").read_text())["seed"] == 5


def test_a_kill_between_the_two_renames_is_undone_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "report"
    write_report(_tiny(), out, n_replications=2, seed=1, progress=False, frontier_points=3)
    before = _snapshot(out)
    os.rename(out, tmp_path / ".report.crmsim-old-deadbeef")  # as if killed right there

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    # the next run puts the previous report back before it starts; interrupted itself, it
    # leaves that report in place
    monkeypatch.setattr("crmsim.analysis.sensitivity.tornado", boom)
    with pytest.raises(KeyboardInterrupt):
        write_report(_tiny(), out, n_replications=2, seed=2, progress=False,
                     frontier_points=3)
    assert _snapshot(out) == before and _leftovers(out) == []


def test_only_a_dead_runs_staging_folder_is_cleaned(tmp_path):
    out = tmp_path / "report"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_staging = tmp_path / f".report.crmsim-tmp-{gone.pid}-0123456789ab"
        live_staging = tmp_path / f".report.crmsim-tmp-{alive.pid}-0123456789ab"
        for folder in (dead_staging, live_staging):
            folder.mkdir()
            (folder / "values.csv").write_text("half written")
        write_report(_tiny(), out, n_replications=2, seed=1, progress=False, frontier_points=3)
        assert not dead_staging.exists()
        assert (live_staging / "values.csv").read_text() == "half written"
        assert _leftovers(out) == [live_staging.name]
    finally:
        alive.kill()
        alive.wait()


def test_a_run_holds_the_folder_lock_until_it_publishes(tmp_path, monkeypatch):
    out = tmp_path / "report"
    seen = []

    def analyse(*args, **kwargs):
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        with pytest.raises(ScenarioError, match=f"in use by pid {os.getpid()} "), \
                folder_lock(out):
            pass
        raise KeyboardInterrupt

    monkeypatch.setattr("crmsim.views.report.analyse_for_report", analyse)
    with pytest.raises(KeyboardInterrupt):
        write_report(_tiny(), out, n_replications=2, seed=1, progress=False)
    assert ".report.crmsim-lock" in seen[0]
    assert _leftovers(out) == [] and not out.exists()
