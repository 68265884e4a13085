"""Consultant workflow commands: new-scenario, validate (every problem), compare."""

from __future__ import annotations

import copy
import dataclasses
import math
import tomllib

import pandas as pd
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsim import Scenario, Segment
from crmsim.analysis import compare_scenarios
from crmsim.cli import main
from crmsim.common import ScenarioError
from crmsim.language.translate import column_label
from crmsim.scenario import (
    Acquisition,
    ComplaintDesk,
    Lifecycle,
    Staff,
    file_problems,
    load_scenario,
    problems_in_text,
    save_scenario,
    scenario_from_toml,
    scenario_template,
)

# --------------------------------------------------------------------------------------
# new-scenario
# --------------------------------------------------------------------------------------


def test_new_scenario_writes_a_template_that_validates_and_explains_every_field(
        tmp_path, capsys):
    target = tmp_path / "client.toml"
    assert main(["new-scenario", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    for cls in (Lifecycle, Acquisition, ComplaintDesk, Staff, Segment):
        for f in dataclasses.fields(cls):
            spec = f.metadata["crmsim"]
            assert spec["doc"].split(";")[0][:30] in text, f.name
            if spec["unit"]:
                assert f"[{spec['unit']}]" in text.replace("\n#   ", " "), f.name
    assert load_scenario(target) == scenario_from_toml(scenario_template())
    assert main(["validate", str(target)]) == 0
    assert "valid scenario" in capsys.readouterr().out


def test_new_scenario_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "client.toml"
    target.write_text("keep me")
    assert main(["new-scenario", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err
    assert target.read_text() == "keep me"
    assert main(["new-scenario", str(target), "--force"]) == 0
    assert "[[segments]]" in target.read_text()


# --------------------------------------------------------------------------------------
# validate: every problem, with key path, expected range and value found
# --------------------------------------------------------------------------------------

BROKEN = """\
name = "client"
horizon_months = 0

[lifecycle]
churn_new = 2.5
win_bak = 0.1

[[segments]]
name = "smb"
gross_margin = 1.5
lead_heat = "hot"

[[segments]]
name = "key"
switching_cost = -0.2

[plan]
smb = "partner"
"""


def test_validate_reports_every_problem_with_path_range_and_value(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    expected = [
        ("line 2", "horizon_months", "[1, 1200]", "received 0"),
        ("line 5", "lifecycle.churn_new", "[0, 1]", "received 2.5"),
        ("line 6", "lifecycle.win_bak", "did you mean 'win_back'", ""),
        ("line 10", "segments[0].gross_margin", "[0, 1]", "received 1.5"),
        ("line 11", "segments[0].lead_heat", "'low', 'medium', 'high'", "received 'hot'"),
        ("line 15", "segments[1].switching_cost", "[0, 1]", "received -0.2"),
        ("line 18", "plan.smb", "did you mean 'partnership'", "received 'partner'"),
    ]
    assert len(lines) == len(expected), out
    for line, parts in zip(lines, expected, strict=True):
        assert line.startswith(f"{path}, ")
        for part in parts:
            assert part in line, (part, line)
    assert "7 problems" in err
    # the loader stops at the first of them, with the same sentence
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) in lines


def test_validate_whole_file_checks_run_once_each_key_is_fine(tmp_path):
    text = '[[segments]]\nname = "a"\ninitial_mix = { repeat = 0.5 }\n'
    assert problems_in_text(text, source="f.toml") == [
        "f.toml, line 3: segments[0].initial_mix shares must sum to 1; received 0.5."]


def test_validate_unreadable_and_invalid_files(tmp_path, capsys):
    # a path that does not exist is neither a file nor a preset: a usage error, as for
    # every command that takes a scenario
    assert main(["validate", str(tmp_path / "missing.toml")]) == 2
    assert "neither an existing file nor a preset" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 1  # a folder: there, but not readable
    assert "cannot be read" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("a = [\n")
    assert main(["validate", str(bad)]) == 1
    assert "not valid TOML" in capsys.readouterr().out
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"name = '\xff'\n")
    assert main(["validate", str(binary)]) == 1
    assert "UTF-8" in capsys.readouterr().out


# --------------------------------------------------------------------------------------
# Hypothesis: a malformed file gives clean errors naming the key, never a traceback
# --------------------------------------------------------------------------------------

_BASE = tomllib.loads(scenario_template())
_BASE["segments"].append({"name": "key", "n_customers": 5, "initial_mix": {"loyal": 1.0}})
_BASE["plan"]["key"] = "partnership"
_BASE["programmes"] = [{"name": "club", "kind": "club", "churn_reduction": 0.1}]


def _paths(node, prefix=()):
    """Every key path of the base file, tables included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


_PATHS = [p for p in _paths(_BASE) if isinstance(p[-1], str)]

_values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                         st.integers(), max_size=2),
    st.sampled_from(["transactional", "alliance", "", " ", "smb", "new", "vip"]),
)


def _mutate(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    if value is None:  # TOML has no null: drop the key instead
        del node[path[-1]]
    else:
        node[path[-1]] = value


def _key_named(message: str, path) -> bool:
    names = [str(p) for p in path if isinstance(p, str)]
    return any(name in message for name in names) or "segments" in message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(st.tuples(st.sampled_from(_PATHS), _values), min_size=1,
                          max_size=3),
       extra=st.one_of(st.none(), st.tuples(st.sampled_from(["", "lifecycle", "staff"]),
                                            st.text(min_size=1, max_size=8))))
def test_fuzz_malformed_files_give_clean_errors_naming_the_key(mutations, extra):
    data = copy.deepcopy(_BASE)
    touched = []
    for path, value in mutations:
        try:
            _mutate(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the parent
        touched.append(path)
    if extra is not None:
        table, key = extra
        target = data if not table else data.get(table)
        if isinstance(target, dict):
            target[key] = 1
            touched.append((table, key) if table else (key,))
    text = tomli_w.dumps(data)
    try:
        scenario_from_toml(text, source="fuzz.toml")
        loaded = True
    except ScenarioError as error:
        loaded = False
        first = str(error)
        assert "\n" not in first and first.startswith("fuzz.toml")
    found = problems_in_text(text, source="fuzz.toml")
    assert (not found) == loaded
    for line in found:
        assert "\n" not in line and line.startswith("fuzz.toml") and line.endswith(".")
    if not loaded:
        assert any(_key_named(line, p) for line in found for p in touched), (found, touched)


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(scenario_template()) - 1),
       junk=st.text(min_size=1, max_size=6))
def test_fuzz_corrupted_text_never_gives_a_traceback(position, junk):
    text = scenario_template()
    text = text[:position] + junk + text[position:]
    try:
        scenario_from_toml(text, source="fuzz.toml")
        loaded = True
    except ScenarioError:
        loaded = False
    found = problems_in_text(text, source="fuzz.toml")
    assert (not found) == loaded
    assert all("\n" not in line and line.startswith("fuzz.toml") for line in found)


def test_fuzz_through_the_command(tmp_path, capsys):
    """The command itself: a broken file exits 1 with one line per problem."""
    data = copy.deepcopy(_BASE)
    data["segments"][0]["gross_margin"] = "lots"
    data["staff"]["cost_per_hour"] = math.inf
    path = tmp_path / "f.toml"
    path.write_text(tomli_w.dumps(data))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert "staff.cost_per_hour" in out[0] and "segments[0].gross_margin" in out[1]
    assert file_problems(path) == out


# --------------------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path):
    a = Scenario(name="a", segments=(Segment(name="smb", n_customers=30),
                                     Segment(name="key", n_customers=4,
                                             annual_wallet=300_000.0)),
                 horizon_months=12)
    b = a.with_segment("smb", gross_margin=0.4)
    return save_scenario(a, tmp_path / "a.toml"), save_scenario(b, tmp_path / "b.toml")


def test_compare_identical_scenarios_differ_by_exactly_zero(pair):
    a = load_scenario(pair[0])
    table = compare_scenarios(a, a, n_replications=3, seed=1, progress=False)
    assert (table["difference"] == 0).all()
    assert (table["low"] == 0).all() and (table["high"] == 0).all()
    assert not table["significant"].any()


def test_compare_finds_a_higher_margin_with_common_random_numbers(pair, tmp_path, capsys):
    out = tmp_path / "diff.csv"
    assert main(["compare", str(pair[0]), str(pair[1]), "--replications", "4", "--seed", "2",
                 "--no-progress", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "common random numbers" in text
    # the printed metrics are named for reading, money with its unit; the CSV keeps the codes
    assert column_label("discounted_profit") in text and column_label("buying_end") in text
    table = pd.read_csv(out).set_index(["segment", "metric"])
    smb = table.loc[("smb", "discounted_profit")]
    assert smb["difference"] > 0 and smb["low"] > 0 and smb["significant"]
    # same customers, same draws: the untouched segment does not move at all
    assert table.loc[("key", "discounted_profit"), "difference"] == 0
    total = table.loc[("(total)", "discounted_profit")]
    assert math.isclose(total["difference"], smb["difference"], rel_tol=1e-9)


def test_compare_bad_file_is_one_line(pair, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[segments]]\nname = "x"\ngross_margin = 7\n')
    assert main(["compare", str(pair[0]), str(bad), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "segments[0].gross_margin" in err


def test_validate_names_a_duplicate_segment_once_with_both_lines(tmp_path, capsys):
    """A repeated segment name is one sentence with its line and the first one's line, and
    the plan's list of expected segment names holds each name once."""
    path = tmp_path / "twice.toml"
    path.write_text(
        '[[segments]]\nname = "smb"\nn_customers = 5\n\n'
        '[[segments]]\nname = "smb"\nn_customers = 6\n\n'
        '[plan]\nsmbs = "partnership"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        f"{path}, line 6: segments[1].name must be unique; received 'smb', already the name "
        "of segments[0] at line 2.",
        f"{path}, line 10: plan.smbs names no segment (did you mean 'smb'?); expected one of "
        "'smb'; received 'smbs'.",
    ]
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == lines[0]
