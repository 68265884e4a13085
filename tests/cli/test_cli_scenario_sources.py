"""Every command that takes a scenario takes a file or a preset's name, by one rule; and
``crmsim new-scenario FILE --preset NAME`` writes a preset's copy to start from."""

from __future__ import annotations

import dataclasses
import os

import pytest

from crmsim.cli import main
from crmsim.scenario import Scenario, Segment, load_scenario, save_scenario
from crmsim.scenario.presets import preset, preset_names, preset_text

REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241)  # Fader & Hardie (2007)


class _Reached(Exception):
    """Raised by a stand-in for a command's work: the command got this far."""


@pytest.fixture
def client(tmp_path):
    scenario = Scenario(name="client", segments=(Segment(name="smb", n_customers=10),),
                        horizon_months=6)
    return save_scenario(scenario, tmp_path / "client.toml")


def _stand_in(monkeypatch, target: str, seen: list):
    """Replace the function ``target`` by one that records its scenario arguments, then
    stops the command."""

    def record(*args, **kwargs):
        seen.extend(a for a in args if isinstance(a, Scenario))
        raise _Reached

    monkeypatch.setattr(target, record)


# the command line of each command that takes a scenario, and the function it hands it to
COMMANDS = {
    "run": (["run", "{s}", "--out", "{out}"], "crmsim.views.report.write_report"),
    "compare": (["compare", "{s}", "{s}"], "crmsim.analysis.compare.compare_scenarios"),
    "demo --scenario": (["demo", "--scenario", "{s}", "--out", "{out}"],
                        "crmsim.views.demo.run_demo"),
    "demo --preset": (["demo", "--preset", "{s}", "--out", "{out}"],
                      "crmsim.views.demo.run_demo"),
    "discover": (["discover", "{s}", "--segment", "{segment}", "--level", "transactional",
                  "--out", "{out}"], "crmsim.analysis.discovery.discover"),
    "calibrate cohort": (["calibrate", "cohort", "{cohort}", "--scenario", "{s}"],
                         "crmsim.analysis.calibration.calibrated_scenario"),
}


def _argv(template: list[str], scenario: str, tmp_path, segment: str) -> list[str]:
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(REGULAR)))
    return [part.format(s=scenario, out=tmp_path / "out", segment=segment, cohort=cohort)
            for part in template]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("given", ["file", "preset"])
def test_every_command_takes_a_file_or_a_preset_name(command, given, client, tmp_path,
                                                     monkeypatch):
    if command == "discover":
        pytest.importorskip("prim", reason="crmsim discover needs the discovery extra")
    template, target = COMMANDS[command]
    name = "dell"
    scenario, expected = (str(client), load_scenario(client)) if given == "file" else (
        name, preset(name))
    seen: list[Scenario] = []
    _stand_in(monkeypatch, target, seen)
    argv = _argv(template, scenario, tmp_path, expected.segments[0].name)
    with pytest.raises(_Reached):
        main(argv)
    assert seen and all(s == expected for s in seen)


@pytest.mark.parametrize("given", ["file", "preset"])
def test_validate_takes_a_file_or_a_preset_name(given, client, capsys):
    scenario = str(client) if given == "file" else "broker"
    assert main(["validate", scenario]) == 0
    name = "client" if given == "file" else "broker"
    assert f"{scenario}: valid scenario '{name}'" in capsys.readouterr().out


def test_a_file_named_like_a_preset_wins(tmp_path, client, monkeypatch, capsys):
    (tmp_path / "classroom").write_bytes(client.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "classroom"]) == 0
    assert "valid scenario 'client'" in capsys.readouterr().out


def test_a_folder_named_like_a_preset_does_not(tmp_path, monkeypatch, capsys):
    (tmp_path / "classroom").mkdir()  # say, a report written with --out classroom
    (tmp_path / "other").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "classroom"]) == 0
    assert "valid scenario 'classroom'" in capsys.readouterr().out
    assert main(["validate", "other"]) == 1  # any other folder is read, and cannot be
    assert "other: the scenario file cannot be read" in capsys.readouterr().out


@pytest.mark.parametrize("argv, option", [
    (["run", "clasroom"], "FILE"),
    (["compare", "dell", "clasroom"], "B"),
    (["validate", "clasroom"], "FILE"),
    (["demo", "--scenario", "clasroom"], "--scenario"),
    (["demo", "--preset", "clasroom"], "--preset"),
    (["discover", "clasroom"], "SCENARIO"),
    (["calibrate", "cohort", "c.csv", "--scenario", "clasroom"], "--scenario"),
])
def test_an_unknown_name_is_one_sentence_with_the_choices(argv, option, tmp_path, monkeypatch,
                                                          capsys):
    if argv[0] == "discover":
        pytest.importorskip("prim", reason="crmsim discover needs the discovery extra")
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    listed = ", ".join(f"'{n}'" for n in preset_names())
    assert err == (f"crmsim: {option} must be a scenario file or the name of a preset, one of "
                   f"{listed} (did you mean 'classroom'?); received 'clasroom', which is "
                   "neither an existing file nor a preset.\n")


def test_a_missing_file_names_both_possibilities_without_a_guess(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "client.toml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean" not in err
    assert "must be a scenario file or the name of a preset" in err
    assert "received 'client.toml', which is neither an existing file nor a preset." in err


# -- new-scenario --preset ----------------------------------------------------------------


@pytest.mark.parametrize("name", preset_names())
def test_new_scenario_writes_a_preset_to_start_from(name, tmp_path, capsys):
    target = tmp_path / "acme.toml"
    assert main(["new-scenario", str(target), "--preset", name]) == 0
    assert f"Wrote a copy of the preset '{name}' to {target}" in capsys.readouterr().out
    written = load_scenario(target)
    # the preset's scenario, named after the file, with a description asking for one's own
    assert written == dataclasses.replace(preset(name), name="acme",
                                          description=written.description)
    assert written.description != preset(name).description
    assert f"preset '{name}'" in written.description
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f'# Copied from the crmsim preset "{name}"')
    assert "change them to your client's" in text
    # every comment of the preset is kept
    comments = [line for line in preset_text(name).splitlines() if line.lstrip().startswith("#")]
    assert all(line in text.splitlines() for line in comments)
    assert main(["validate", str(target)]) == 0


def test_new_scenario_keeps_an_existing_file_without_force(tmp_path, capsys):
    target = tmp_path / "acme.toml"
    target.write_text("mine\n")
    assert main(["new-scenario", str(target), "--preset", "dell"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "mine\n"
    assert main(["new-scenario", str(target), "--preset", "dell", "--force"]) == 0
    assert load_scenario(target).name == "acme"
    assert not [p for p in os.listdir(tmp_path) if p != "acme.toml"]  # written atomically


def test_new_scenario_names_the_presets_for_an_unknown_one(tmp_path, capsys):
    target = tmp_path / "acme.toml"
    assert main(["new-scenario", str(target), "--preset", "del"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'dell'?" in err and "'broker'" in err
    assert not target.exists()


def test_new_scenario_without_preset_still_writes_the_template(tmp_path):
    from crmsim.scenario.template import scenario_template

    target = tmp_path / "blank.toml"
    assert main(["new-scenario", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == scenario_template()


def test_calibrating_a_preset_writes_its_copy_with_the_estimate(tmp_path, capsys):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(REGULAR)))
    out = tmp_path / "client.toml"
    assert main(["calibrate", "cohort", str(cohort), "--scenario", "classroom",
                 "--write", str(out)]) == 0
    written = load_scenario(out)
    assert written.lifecycle.churn_repeat != preset("classroom").lifecycle.churn_repeat
    assert written == dataclasses.replace(preset("classroom"), lifecycle=dataclasses.replace(
        preset("classroom").lifecycle, churn_repeat=written.lifecycle.churn_repeat))
    assert "# Try: move \"key accounts\" to \"alliance\"" in out.read_text(encoding="utf-8")
