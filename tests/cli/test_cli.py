"""The crmsim command: the demo job end to end, and one clear line for user mistakes."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from crmsim import Scenario, Segment
from crmsim.cli import main
from crmsim.scenario import save_scenario


@pytest.fixture
def small_scenario_file(tmp_path):
    scenario = Scenario(
        name="tiny",
        segments=(Segment(name="smb", n_customers=40),
                  Segment(name="key", n_customers=5, annual_wallet=800_000.0,
                          mutual_importance=0.9, switching_cost=0.9)),
        horizon_months=24,
    )
    return save_scenario(scenario, tmp_path / "tiny.toml")


def test_demo_prints_a_summary_and_writes_tables_and_figures(small_scenario_file, tmp_path,
                                                             capsys):
    out = tmp_path / "out"
    assert main(["demo", "--scenario", str(small_scenario_file), "--out", str(out),
                 "--seed", "7"]) == 0
    text = capsys.readouterr().out
    assert "smb" in text and "key" in text and "<- best" in text
    assert str(out.resolve()) in text
    names = {p.name for p in out.iterdir()}
    assert {"summary.csv", "occupancy.csv", "cash_flows.csv", "customers.csv",
            "manifest.json", "occupancy.png", "value_by_level.png",
            "cumulative_profit.png"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["level"]) == {"transactional", "preferred", "partnership", "alliance"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed_entropy"] == 7
    assert manifest["scenario"]["name"] == "tiny"


def test_demo_best_is_the_expected_best_and_kept_counts_starting_customers(
        small_scenario_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "--scenario", str(small_scenario_file), "--out", str(out),
                 "--seed", "7", "--no-plots"]) == 0
    text = capsys.readouterr().out
    summary = pd.read_csv(out / "summary.csv")
    assert (summary["kept"] <= summary["customers_start"]).all()
    for segment, rows in summary.groupby("segment"):
        expected_best = rows.loc[rows["value_per_customer_expected"].idxmax(), "level"]
        block = text.split(f"\n{segment}  (")[1].split("\n\n")[0]
        marked = [line for line in block.splitlines() if "<- best" in line]
        assert len(marked) == 1 and marked[0].split()[0] == expected_best


def test_demo_says_too_close_to_call_when_the_runner_up_is_within_two_standard_errors():
    from crmsim.views.demo import format_summary

    table = pd.DataFrame({
        "segment": ["s"] * 2, "level": ["preferred", "partnership"],
        "customers_start": [10, 10], "kept": [5, 6], "discounted_profit": [1.0, 2.0],
        "value_per_customer": [100.0, 110.0], "value_per_customer_expected": [100.0, 104.0],
        "value_per_customer_se": [2.0, 2.0]})
    assert "too close to call with preferred" in format_summary(table)
    clear = table.assign(value_per_customer_expected=[100.0, 106.0])  # lead 6 > 2·√8 = 5.66
    assert "<- best" in format_summary(clear) and "too close" not in format_summary(clear)


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_demo_files_follow_the_umask(small_scenario_file, tmp_path, umask):
    import os

    old = os.umask(umask)
    try:
        assert main(["demo", "--scenario", str(small_scenario_file), "--out",
                     str(tmp_path / "o"), "--no-plots"]) == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "o").iterdir()}
    assert set(modes.values()) == {0o666 & ~umask}, modes


@pytest.mark.parametrize("argv", [["--lang", "zh", "glossary"], ["glossary", "--lang", "zh"]])
def test_lang_works_before_or_after_the_command(argv, capsys):
    assert main(argv) == 0
    assert "术语表" in capsys.readouterr().out


def test_same_seed_same_tables(small_scenario_file, tmp_path):
    for name in ("a", "b"):
        main(["demo", "--scenario", str(small_scenario_file), "--out", str(tmp_path / name),
              "--seed", "3", "--no-plots"])
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a" / "customers.csv"),
                                  pd.read_csv(tmp_path / "b" / "customers.csv"))


def test_bad_scenario_file_is_one_line_and_exit_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[segments]]\nname = "a"\ngross_margin = 1.5\n')
    assert main(["demo", "--scenario", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "gross_margin" in err and "1.5" in err and "Traceback" not in err


def test_the_console_script_runs():
    done = subprocess.run([sys.executable, "-m", "crmsim.cli", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("crmsim ")


# -- optional extras ----------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "missing", "extra"), [
    (["dashboard", "--no-browser"], "voila", "dashboard"),
    (["dashboard"], "ipywidgets", "dashboard"),
    (["grade", "submissions"], "nbclient", "trainer"),
    (["build-exercises", "--check"], "jupytext", "trainer"),
])
def test_a_command_without_its_extra_says_which_to_install(argv, missing, extra, monkeypatch,
                                                           capsys):
    monkeypatch.setitem(sys.modules, missing, None)  # how Python sees a module not installed
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"crmsim {argv[0]} needs the '{extra}' extra; install it with: "
                   f"pip install 'crmsim[{extra}]'\n")


def test_every_extra_a_command_checks_is_declared_in_pyproject():
    import tomllib
    from pathlib import Path

    from crmsim.common.extras import EXTRAS

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    declared = project["optional-dependencies"]

    def names(extra: str) -> set[str]:
        out = set()
        for requirement in declared[extra]:
            name = re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()
            if name == project["name"]:  # crmsim[other]: that extra's packages too
                for inner in re.search(r"\[(.+)\]", requirement).group(1).split(","):
                    out |= names(inner.strip())
            else:
                out.add(name)
        return out

    for extra, modules in EXTRAS.items():
        assert {m.lower() for m in modules} <= names(extra), extra
        assert names(extra) <= names("all") and names(extra) <= names("test"), extra


def test_the_parser_imports_no_heavy_module():
    """``crmsim --help`` and ``crmsim validate`` stay quick: building the parser loads none
    of the scientific stack or an optional extra (each command imports what it needs)."""
    heavy = ("numpy", "pandas", "scipy", "matplotlib", "simpy", "ipywidgets", "voila",
             "nbformat", "nbclient", "jupytext", "SALib")
    code = ("import sys\nfrom crmsim.cli import build_parser\nbuild_parser()\n"
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stderr, no_progress, shown", [
    (_Terminal(), False, True),
    (_Terminal(), True, False),
    (io.StringIO(), False, False),  # piped into a file or a log: no bars to fill it
])
def test_progress_bars_are_drawn_only_on_a_terminal(monkeypatch, stderr, no_progress, shown):
    from crmsim.cli.options import show_progress

    monkeypatch.setattr(sys, "stderr", stderr)
    assert show_progress(argparse.Namespace(no_progress=no_progress)) is shown
