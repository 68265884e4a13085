"""``crmsim calibrate``: a mistake in the arguments (or one found by the work) is its one
sentence on stderr, exit 2, nothing on stdout and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmsim.cli import main
from crmsim.scenario import load_scenario, preset_text

HISTORY = "customer,month,state\n" + "".join(
    f"c{i},0,new\nc{i},1,{'repeat' if i % 3 else 'lost'}\n" for i in range(30))
COHORT = "period,active\n" + "".join(
    f"{t},{n}\n" for t, n in enumerate((1000, 631, 468, 382, 326, 289, 262, 241)))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    scenario = tmp_path / "client.toml"
    scenario.write_text(preset_text("classroom"), encoding="utf-8")
    history = tmp_path / "history.csv"
    history.write_text(HISTORY, encoding="utf-8")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    return {"scenario": scenario, "history": history, "cohort": cohort}


def _state(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _refused(argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``; check exit 2, nothing on stdout, one line on stderr, no file touched."""
    before = _state(folder)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("crmsim: "), err
    assert _state(folder) == before
    return err[len("crmsim: "):].rstrip("\n")


def _transitions(files: dict[str, Path], *extra: str) -> list[str]:
    return ["calibrate", "transitions", str(files["history"]), "--scenario",
            str(files["scenario"]), *extra]


def _listed(names) -> str:
    return ", ".join(f"'{name}'" for name in names)


def test_the_arguments_used_below_calibrate_when_right(files, tmp_path, capsys):
    written = tmp_path / "out.toml"
    segments = [seg.name for seg in load_scenario(files["scenario"]).segments]
    assert main(_transitions(files, "--segment", segments[2], "--write", str(written))) == 0
    assert segments[2] in capsys.readouterr().out
    assert load_scenario(written).segments == load_scenario(files["scenario"]).segments
    assert main(["calibrate", "cohort", str(files["cohort"]), "--scenario",
                 str(files["scenario"])]) == 0


def test_a_segment_not_in_the_scenario_costs_nothing_and_prints_one_sentence(
        files, tmp_path, capsys):
    names = [seg.name for seg in load_scenario(files["scenario"]).segments]
    argv = _transitions(files, "--segment", "OEM plant", "--write", str(tmp_path / "out.toml"),
                        "--table", str(tmp_path / "table.csv"))
    said = _refused(argv, tmp_path, capsys)
    assert said == f"--segment must be one of {_listed(names)}; received 'OEM plant'."


def test_a_misspelt_segment_or_level_gets_the_closest_name(files, tmp_path, capsys):
    scenario = load_scenario(files["scenario"])
    names = [seg.name for seg in scenario.segments]
    typo = names[2][:-1]  # the last letter dropped
    said = _refused(_transitions(files, "--segment", typo), tmp_path, capsys)
    assert said == (f"--segment must be one of {_listed(names)} (did you mean '{names[2]}'?); "
                    f"received '{typo}'.")
    level = scenario.level_names[2]
    said = _refused(_transitions(files, "--level", level.upper()), tmp_path, capsys)
    assert said.startswith(f"--level must be one of {_listed(scenario.level_names)}")
    assert said.endswith(f"; received '{level.upper()}'.")
    said = _refused(_transitions(files, "--level", level + "s"), tmp_path, capsys)
    assert f"(did you mean '{level}'?)" in said


def test_history_without_the_reference_segment_prints_nothing_else(files, tmp_path, capsys):
    files["history"].write_text("customer,month,state,segment\n"
                                "a,0,new,x\na,1,repeat,x\nb,0,new,y\nb,1,lost,y\n")
    first = load_scenario(files["scenario"]).segments[0].name
    said = _refused(_transitions(files), tmp_path, capsys)
    assert said.startswith(f"the history must hold customers of segment '{first}'")


@pytest.mark.parametrize(("option", "target", "named"), [
    ("--table", "history", "the history CSV"),
    ("--write", "history", "the history CSV"),
    ("--table", "scenario", "the --scenario file"),
])
def test_transitions_never_writes_over_its_inputs(option, target, named, files, tmp_path,
                                                  capsys):
    said = _refused(_transitions(files, option, str(files[target])), tmp_path, capsys)
    assert said == (f"{option} must name a file other than {named}; received "
                    f"{files[target]}, which is {named}.")


def test_table_and_write_must_be_two_files(files, tmp_path, capsys):
    out = tmp_path / "out.toml"
    said = _refused(_transitions(files, "--write", str(out), "--table", str(out)), tmp_path,
                    capsys)
    assert said == (f"--table must name a file other than the --write file; received {out}, "
                    "which is the --write file.")


def test_a_link_to_an_input_is_that_input(files, tmp_path, capsys):
    link = tmp_path / "link.csv"
    link.symlink_to(files["history"])
    said = _refused(_transitions(files, "--table", str(link)), tmp_path, capsys)
    assert said.endswith("which is the history CSV.")


def test_cohort_never_writes_over_its_cohort(files, tmp_path, capsys):
    argv = ["calibrate", "cohort", str(files["cohort"]), "--scenario", str(files["scenario"]),
            "--write", str(files["cohort"])]
    said = _refused(argv, tmp_path, capsys)
    assert said.startswith("--write must name a file other than the cohort CSV")


def test_write_may_edit_the_scenario_in_place(files, capsys):
    argv = ["calibrate", "cohort", str(files["cohort"]), "--scenario", str(files["scenario"]),
            "--write", str(files["scenario"])]
    before = load_scenario(files["scenario"])
    assert main(argv) == 0
    assert capsys.readouterr().err == ""
    after = load_scenario(files["scenario"])
    assert after.lifecycle.churn_repeat != before.lifecycle.churn_repeat
    assert after.segments == before.segments and after.plan == before.plan
