"""``crmsim discover``: HTML and CSV written whole, a rerun resumes, mistakes are one sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from crmsim import Scenario, Segment
from crmsim.cli import main
from crmsim.scenario.toml_io import save_scenario

pytest.importorskip("prim")

NAME = "<b>key & co</b>"


@pytest.fixture
def scenario_file(tmp_path):
    scenario = Scenario(name="client", segments=(Segment(name=NAME, annual_wallet=600_000.0),))
    return save_scenario(scenario, tmp_path / "client.toml")


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_discover_writes_a_page_and_tables_and_a_rerun_resumes(scenario_file, tmp_path, capsys):
    out = tmp_path / "found"
    argv = [
        "discover",
        str(scenario_file),
        "--level",
        "partnership",
        "--points",
        "300",
        "--range",
        "mutual_importance",
        "--range",
        "switching_cost=0.1:1",
        "--out",
        str(out),
        "--no-progress",
    ]
    status, printed, err = _run(capsys, *argv)
    assert status == 0, err
    assert "The model finds partnership pays for" in printed
    assert "The texts' rule" in printed
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "boxes.csv",
        "discovery.html",
        "parts",
        "points.csv",
        "rule.csv",
        "trajectories.csv",
    ]
    page = (out / "discovery.html").read_text(encoding="utf-8")
    assert NAME not in page and "&lt;b&gt;key &amp; co&lt;/b&gt;" in page
    assert page.count("data:image/png;base64,") == 2
    boxes = pd.read_csv(out / "boxes.csv")
    assert {"coverage", "density", "mass", f"low:segment:{NAME}.switching_cost"} <= set(boxes)
    points = pd.read_csv(out / "points.csv")
    assert len(points) == 300 and points[f"segment:{NAME}.switching_cost"].min() >= 0.1
    parts = {p: p.stat().st_mtime_ns for p in (out / "parts").iterdir()}
    assert parts
    # the same options again: every chunk is read back, none recomputed, same result
    status, again, _ = _run(capsys, *argv)
    assert status == 0
    assert again.splitlines()[:-1] == printed.splitlines()[:-1]
    assert {p: p.stat().st_mtime_ns for p in (out / "parts").iterdir()} == parts
    pd.testing.assert_frame_equal(pd.read_csv(out / "boxes.csv"), boxes)


def test_discover_speaks_chinese(scenario_file, tmp_path, capsys):
    status, printed, _ = _run(
        capsys,
        "--lang",
        "zh",
        "discover",
        str(scenario_file),
        "--points",
        "100",
        "--range",
        "switching_cost",
        "--range",
        "mutual_importance",
        "--out",
        str(tmp_path / "zh"),
        "--no-progress",
    )
    assert status == 0
    assert "模型发现" in printed and "教材的规则" in printed
    assert 'lang="zh' in (tmp_path / "zh" / "discovery.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--segment", "nobody"], "--segment must be one of"),
        (["--level", "friendship"], "--level must be one of"),
        (["--range", "switching_cost=0.5:2"], "switching_cost must be a number in [0, 1]"),
        (["--range", "switching_cost=0.9:0.1"], "low < high"),
        (["--range", "colour"], "Parameter 'colour' is not a segment or scenario field"),
    ],
)
def test_mistakes_are_one_sentence_and_status_2(scenario_file, tmp_path, capsys, extra, message):
    status, _, err = _run(
        capsys,
        "discover",
        str(scenario_file),
        "--points",
        "20",
        "--out",
        str(tmp_path / "x"),
        "--no-progress",
        *extra,
    )
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_range_that_is_not_two_numbers_is_a_usage_error(scenario_file, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["discover", str(scenario_file), "--range", "switching_cost=high"])
    assert stop.value.code == 2
    assert "expected PATH=LOW:HIGH with two numbers" in capsys.readouterr().err


def test_an_unknown_scenario_names_the_presets(capsys):
    status, _, err = _run(capsys, "discover", "no-such-preset")
    assert status == 2 and ("the name of a preset, one of 'b2b_supplier', 'broker', "
                            "'classroom', 'dell'; received 'no-such-preset'") in err
