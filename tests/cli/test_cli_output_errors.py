"""An operating-system failure while writing outputs is one sentence (path, reason), exit 2."""

from __future__ import annotations

import pytest

from crmsim import Scenario, Segment
from crmsim.cli import main
from crmsim.scenario import save_scenario


@pytest.fixture
def scenario_file(tmp_path):
    scenario = Scenario(
        name="tiny", segments=(Segment(name="smb", n_customers=10),), horizon_months=6
    )
    return save_scenario(scenario, tmp_path / "tiny.toml")


@pytest.fixture
def a_file(tmp_path):
    """A plain file, where a command's output folder would have to go."""
    path = tmp_path / "plain.txt"
    path.write_text("not a folder\n")
    return path


def one_sentence(capsys) -> str:
    _, err = capsys.readouterr()
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err.strip()


def test_run_into_a_folder_that_cannot_be_created_names_it(scenario_file, capsys):
    assert (
        main(
            [
                "run",
                str(scenario_file),
                "--replications",
                "2",
                "--no-progress",
                "--out",
                "/proc/nope",
            ]
        )
        == 2
    )
    assert one_sentence(capsys) == (
        "crmsim: /proc/nope: cannot be written; received the error 'No such file or directory'."
    )


def test_notebooks_into_a_folder_that_cannot_be_created_names_it(capsys):
    assert main(["notebooks", "/proc/x"]) == 2
    assert one_sentence(capsys) == (
        "crmsim: /proc/x: cannot be written; received the error 'No such file or directory'."
    )


@pytest.mark.parametrize(
    "command",
    [
        lambda out, scenario: ["demo", "--scenario", scenario, "--no-plots", "--out", out],
        lambda out, scenario: [
            "run",
            scenario,
            "--replications",
            "2",
            "--no-progress",
            "--out",
            out,
        ],
        lambda out, scenario: ["notebooks", out],
    ],
    ids=["demo", "run", "notebooks"],
)
def test_an_output_folder_under_a_file_is_one_sentence(command, scenario_file, a_file, capsys):
    out = a_file / "report"
    assert main(command(str(out), str(scenario_file))) == 2
    assert one_sentence(capsys) == (
        f"crmsim: {a_file}: cannot be written; received the error 'Not a directory'."
    )


def test_a_file_that_cannot_be_created_names_it(capsys):
    assert main(["new-scenario", "/proc/x.toml"]) == 2
    assert one_sentence(capsys) == (
        "crmsim: /proc/x.toml: cannot be written; received the error 'No such file or directory'."
    )


def test_a_file_output_under_a_file_is_refused_before_running(scenario_file, a_file, capsys):
    target = a_file / "diff.csv"
    assert main(["compare", str(scenario_file), str(scenario_file), "--out", str(target)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"crmsim: --out must name a file in a folder; received {target}, but {a_file} is a file.\n"
    )


def test_a_temporary_file_name_never_reaches_the_user(tmp_path, capsys, monkeypatch):
    import os

    target = tmp_path / "new.toml"

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / ".new.toml.x.tmp"))

    monkeypatch.setattr(os, "replace", refuse)
    assert main(["new-scenario", str(target)]) == 2
    assert one_sentence(capsys) == (
        f"crmsim: {target}: cannot be written; received the error 'No space left on device'."
    )


def missing_folder_sentence(option: str, path) -> str:
    return (
        f"crmsim: {option} must name a file in an existing folder; received {path}, but the "
        f"folder {path.parent} does not exist.\n"
    )


def test_new_scenario_in_a_missing_folder_refuses_and_creates_nothing(tmp_path, capsys):
    target = tmp_path / "typo" / "x.toml"
    assert main(["new-scenario", str(target)]) == 2
    assert capsys.readouterr().err == missing_folder_sentence("FILE", target)
    assert not target.parent.exists()


def test_compare_out_in_a_missing_folder_refuses_before_running(scenario_file, tmp_path, capsys):
    target = tmp_path / "typo" / "diff.csv"
    assert main(["compare", str(scenario_file), str(scenario_file), "--out", str(target)]) == 2
    out, err = capsys.readouterr()
    assert err == missing_folder_sentence("--out", target)
    assert out == "" and not target.parent.exists()


@pytest.mark.parametrize("option", ["--write", "--table"])
def test_calibrate_output_in_a_missing_folder_refuses(option, scenario_file, tmp_path, capsys):
    history = tmp_path / "history.csv"
    history.write_text("customer,month,state\n1,0,new\n1,1,repeat\n")
    target = tmp_path / "typo" / "out.csv"
    assert (
        main(
            [
                "calibrate",
                "transitions",
                str(history),
                "--scenario",
                str(scenario_file),
                option,
                str(target),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == missing_folder_sentence(option, target)
    assert not target.parent.exists()


def test_grade_out_in_a_missing_folder_refuses_before_grading(tmp_path, capsys):
    pytest.importorskip("nbclient")
    target = tmp_path / "typo" / "grades.csv"
    assert main(["grade", str(tmp_path), "--out", str(target), "--no-progress"]) == 2
    assert capsys.readouterr().err == missing_folder_sentence("--out", target)
    assert not target.parent.exists()


def test_a_file_in_an_existing_folder_is_still_written(tmp_path, capsys):
    target = tmp_path / "x.toml"
    assert main(["new-scenario", str(target)]) == 0
    assert target.is_file()
