"""Scenario files: round trips, the file layout, and one-sentence errors with key paths."""

from __future__ import annotations

import copy
import dataclasses
import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsim import DEFAULT_LEVELS, Programme, Scenario, ScenarioError, Segment, Staff
from crmsim.scenario import (
    default_level,
    load_scenario,
    preset,
    preset_names,
    save_scenario,
    scenario_from_dict,
    scenario_from_toml,
    scenario_to_dict,
    scenario_to_toml,
)
from crmsim.scenario.toml_io import key_lines

# --------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_round_trips_through_a_file(name: str, tmp_path: Path) -> None:
    scenario = preset(name)
    path = save_scenario(scenario, tmp_path / f"{name}.toml")
    assert path == tmp_path / f"{name}.toml"
    assert load_scenario(path) == scenario


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_round_trips_through_a_dict(name: str) -> None:
    scenario = preset(name)
    assert scenario_from_dict(scenario_to_dict(scenario)) == scenario
    assert scenario_from_toml(scenario_to_toml(scenario)) == scenario


def test_round_trip_keeps_custom_levels_programmes_and_unlimited_staff(tmp_path: Path) -> None:
    cheap_partnership = dataclasses.replace(default_level("partnership"), setup_cost=5_000.0)
    levels = (DEFAULT_LEVELS[0], DEFAULT_LEVELS[1], cheap_partnership)
    scenario = Scenario(
        name="custom",
        description='quotes " and \\ and\nnewlines',
        segments=(
            Segment(name="a b", initial_mix={"potential": 0.25, "new": 0.75}),
            Segment(name="ü-名字", n_customers=3),
        ),
        plan={"a b": "partnership"},
        levels=levels,
        programmes=(Programme(name="club", kind="club", churn_reduction=0.1),),
        staff=Staff(n_account_managers=None, cost_per_hour=55),
        horizon_months=12,
    )
    data = scenario_to_dict(scenario)
    assert "n_account_managers" not in data["staff"]
    assert [level["name"] for level in data["levels"]] == [lv.name for lv in levels]
    assert load_scenario(save_scenario(scenario, tmp_path / "c.toml")) == scenario


def test_default_levels_are_not_written() -> None:
    assert "levels" not in scenario_to_dict(preset("classroom"))
    assert "[[levels]]" not in scenario_to_toml(preset("classroom"))


def test_written_file_uses_arrays_of_tables_and_inline_mix() -> None:
    text = scenario_to_toml(preset("classroom"))
    assert text.count("[[segments]]") == 4
    assert "initial_mix = { repeat = 0.4, loyal = 0.6 }" in text
    assert '[plan]\n"ordinary customers" = "transactional"' in text


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    target.write_text("old", encoding="utf-8")
    save_scenario(preset("dell"), target)
    assert load_scenario(target) == preset("dell")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "s.toml"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_scenario(preset("dell"), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


# --------------------------------------------------------------------------------------
# The layout: defaults, partial levels, plan
# --------------------------------------------------------------------------------------


def test_minimal_file_uses_dataclass_defaults() -> None:
    scenario = scenario_from_toml('[[segments]]\nname = "smb"\n')
    assert scenario == Scenario(segments=(Segment(name="smb"),))
    assert scenario.levels == DEFAULT_LEVELS
    assert dict(scenario.plan) == {"smb": "transactional"}


def test_partial_level_entry_starts_from_the_default_level() -> None:
    text = """
[[segments]]
name = "key"

[plan]
key = "partnership"

[[levels]]
name = "transactional"
[[levels]]
name = "preferred"
[[levels]]
name = "partnership"
running_cost_per_month = 500.0
[[levels]]
name = "alliance"
"""
    scenario = scenario_from_toml(text)
    expected = dataclasses.replace(default_level("partnership"), running_cost_per_month=500.0)
    assert scenario.level("partnership") == expected
    assert scenario.levels[:2] == DEFAULT_LEVELS[:2]
    assert scenario.levels[3] == DEFAULT_LEVELS[3]


def test_a_new_level_name_starts_from_zero_costs_and_is_labelled_by_its_name() -> None:
    data = {
        "segments": [{"name": "s"}],
        "levels": [{"name": "transactional"}, {"name": "care", "setup_cost": 50.0}],
        "plan": {"s": "care"},
    }
    level = scenario_from_dict(data).level("care")
    assert (level.label_en, level.label_zh, level.setup_cost) == ("care", "care", 50.0)
    assert level.running_cost_per_month == 0.0


def test_plan_naming_a_default_level_left_out_of_levels_explains_the_ladder() -> None:
    data = {
        "segments": [{"name": "s"}],
        "levels": [{"name": "transactional"}, {"name": "partnership"}],
        "plan": {"s": "preferred"},
    }
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)
    message = str(info.value)
    assert message.startswith("plan.s must be one of 'transactional', 'partnership'")
    assert "[[levels]] lists the whole ladder" in message
    assert message.endswith("received 'preferred'.")


def test_levels_must_be_listed_cheapest_first(tmp_path: Path) -> None:
    path = tmp_path / "order.toml"
    path.write_text(
        '[[segments]]\nname = "s"\n\n[[levels]]\nname = "alliance"\n\n'
        '[[levels]]\nname = "transactional"\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 7: levels[1] ('transactional') must not be cheaper")
    assert "cheapest first" in message


def test_key_lines_follow_tables_arrays_inline_tables_and_quoted_keys() -> None:
    text = """name = "x"
[[segments]]
name = "a"
initial_mix = { new = 0.5, "repeat" = 0.5 }
[[segments]]
name = "b"
[segments.initial_mix]
loyal = 1.0
[plan]
"key accounts" = "alliance"
lifecycle.churn_new = 0.1
"""
    lines = key_lines(text)
    assert lines[("name",)] == 1
    assert lines[("segments", 0)] == 2
    assert lines[("segments", 0, "initial_mix", "repeat")] == 4
    assert lines[("segments", 1, "name")] == 6
    assert lines[("segments", 1, "initial_mix", "loyal")] == 8
    assert lines[("plan", "key accounts")] == 10
    assert lines[("plan", "lifecycle", "churn_new")] == 11


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError, match=r"nope\.toml: the scenario file cannot be read"):
        load_scenario(missing)


def test_non_utf8_file_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(ScenarioError, match=r"latin\.toml, line 1: the file must be UTF-8"):
        load_scenario(path)


# --------------------------------------------------------------------------------------
# Bad inputs in a file: one sentence with file, line, key path, expected and received
# --------------------------------------------------------------------------------------

BASE = """\
name = "test"
horizon_months = 24
annual_discount_rate = 0.1

[lifecycle]
churn_new = 0.06

[staff]
n_account_managers = 2

[[segments]]
name = "smb"
n_customers = 50
initial_mix = { new = 0.5, repeat = 0.5 }
gross_margin = 0.3

[[segments]]
name = "key accounts"
n_customers = 5
gross_margin = 0.25

[plan]
smb = "preferred"
"key accounts" = "partnership"
"""

# id: (text to replace, replacement, expected line, fragments the message must contain)
BAD_FILES: dict[str, tuple[str, str, int, tuple[str, ...]]] = {
    "negative discount rate": (
        "annual_discount_rate = 0.1",
        "annual_discount_rate = -0.05",
        3,
        ("annual_discount_rate must be", "[0, 1]", "received -0.05"),
    ),
    "negative churn rate": (
        "churn_new = 0.06",
        "churn_new = -0.1",
        6,
        ("lifecycle.churn_new must be", "[0, 1]", "received -0.1"),
    ),
    "probability above one": (
        "gross_margin = 0.25",
        "gross_margin = 1.5",
        20,
        ("segments[1].gross_margin must be", "[0, 1]", "received 1.5"),
    ),
    "nan": (
        "gross_margin = 0.3",
        "gross_margin = nan",
        15,
        ("segments[0].gross_margin must be", "[0, 1]", "received NaN"),
    ),
    "infinite wallet": (
        "gross_margin = 0.3",
        "gross_margin = 0.3\nannual_wallet = inf",
        16,
        ("segments[0].annual_wallet must be a finite number", "[0, 1e+12]", "received inf"),
    ),
    "unknown level in plan": (
        'smb = "preferred"',
        'smb = "premium"',
        23,
        ("plan.smb must be one of", "'preferred', 'partnership'", "received 'premium'"),
    ),
    "unknown segment in plan": (
        'smb = "preferred"',
        'smbb = "preferred"',
        23,
        ("plan.smbb names no segment", "did you mean 'smb'", "'smb', 'key accounts'",
         "received 'smbb'"),
    ),
    "level of the wrong type in plan": (
        'smb = "preferred"',
        "smb = 3",
        23,
        ("plan.smb must be one of", "'transactional'", "received 3 of type int"),
    ),
    "unknown state in initial_mix": (
        "{ new = 0.5, repeat = 0.5 }",
        "{ new = 0.5, repaet = 0.5 }",
        14,
        ("segments[0].initial_mix has an unknown state 'repaet'", "did you mean 'repeat'",
         "'potential', 'target', 'new'"),
    ),
    "initial_mix not summing to one": (
        "{ new = 0.5, repeat = 0.5 }",
        "{ new = 0.5, repeat = 0.4 }",
        14,
        ("segments[0].initial_mix shares must sum to 1", "received 0.9"),
    ),
    "share out of range in initial_mix": (
        "{ new = 0.5, repeat = 0.5 }",
        "{ new = -0.5, repeat = 1.5 }",
        14,
        ("segments[0].initial_mix.new must be", "[0, 1]", "received -0.5"),
    ),
    "unknown key with suggestion": (
        "gross_margin = 0.3",
        "gros_margin = 0.3",
        15,
        ("unknown key segments[0].gros_margin", "did you mean 'gross_margin'",
         "'annual_wallet'"),
    ),
    "unknown table with suggestion": (
        "[lifecycle]",
        "[lifecyle]",
        5,
        ("unknown key lifecyle", "did you mean 'lifecycle'", "'acquisition'"),
    ),
    "missing segment name": (
        'name = "key accounts"\n',
        "",
        17,
        ("segments[1].name is missing", 'expected name = "..."', "unique"),
    ),
    "string for number": (
        "n_customers = 50",
        'n_customers = "50"',
        13,
        ("segments[0].n_customers must be", "whole number in [0, 1000000]",
         "received '50' of type str"),
    ),
    "bool for number": (
        "gross_margin = 0.25",
        "gross_margin = true",
        20,
        ("segments[1].gross_margin must be", "[0, 1]", "received True of type bool"),
    ),
    "bool for whole number": (
        "n_account_managers = 2",
        "n_account_managers = true",
        9,
        ("staff.n_account_managers must be", "whole number", "received True of type bool"),
    ),
    "float for whole number": (
        "horizon_months = 24",
        "horizon_months = 24.5",
        2,
        ("horizon_months must be", "whole number in [1, 1200]", "received 24.5 of type float"),
    ),
    "horizon too long": (
        "horizon_months = 24",
        "horizon_months = 5000",
        2,
        ("horizon_months must be", "[1, 1200]", "received 5000"),
    ),
    "unknown choice": (
        "n_customers = 5\n",
        'n_customers = 5\nlead_heat = "hot"\n',
        20,
        ("segments[1].lead_heat must be one of", "'low', 'medium', 'high'", "received 'hot'"),
    ),
    "duplicate segment names": (
        'name = "key accounts"',
        'name = "smb"',
        18,
        ("segments[1].name must be unique", "received 'smb'", "segments[0]"),
    ),
    "toml syntax error": (
        "gross_margin = 0.3",
        "gross_margin = 0,3",
        15,
        ("not valid TOML", "received `gross_margin = 0,3`"),
    ),
    "toml duplicate key": (
        "n_customers = 50",
        "n_customers = 50\nn_customers = 60",
        14,
        ("not valid TOML", "received `n_customers = 60`"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_gives_one_sentence_with_line_key_expected_and_received(
    case: str, tmp_path: Path
) -> None:
    old, new, line, fragments = BAD_FILES[case]
    assert old in BASE
    text = BASE.replace(old, new, 1)
    if case == "missing segment name":
        text = text.replace('"key accounts" = "partnership"\n', "")
    if case == "duplicate segment names":
        text = text.replace('"key accounts" = "partnership"\n', "")
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "\n" not in message
    assert message.endswith("."), message
    assert info.value.__cause__ is None  # no deep stack trace chained to a user mistake


def test_base_file_is_valid() -> None:
    scenario = scenario_from_toml(BASE)
    assert dict(scenario.plan) == {"smb": "preferred", "key accounts": "partnership"}


# --------------------------------------------------------------------------------------
# Bad inputs as dicts (shapes TOML can hardly express)
# --------------------------------------------------------------------------------------

OK_SEGMENT: dict[str, Any] = {"name": "s"}

BAD_DICTS: dict[str, tuple[object, tuple[str, ...]]] = {
    "not a table": ([1, 2], ("the scenario must be a table", "received [1, 2] of type list")),
    "segments missing": ({"name": "x"}, ("segments is missing", "[[segments]]")),
    "segments empty": ({"segments": []}, ("segments must hold at least one", "empty")),
    "segments not an array": (
        {"segments": "all"},
        ("segments must be an array of tables", "received 'all'"),
    ),
    "segment not a table": (
        {"segments": [OK_SEGMENT, 7]},
        ("segments[1] must be a table", "received 7 of type int"),
    ),
    "initial_mix not a table": (
        {"segments": [{"name": "s", "initial_mix": 1.0}]},
        ("segments[0].initial_mix must be a table", "received 1.0 of type float"),
    ),
    "initial_mix share too large for a float": (
        {"segments": [{"name": "s", "initial_mix": {"new": 10**400}}]},
        ("segments[0].initial_mix.new must be a number in [0, 1]", "received 1000"),
    ),
    "integer too large for a float": (
        {"segments": [{"name": "s", "annual_wallet": 10**400}]},
        ("segments[0].annual_wallet must be a finite number in [0, 1e+12]", "received 1000"),
    ),
    "plan not a table": (
        {"segments": [OK_SEGMENT], "plan": "alliance"},
        ("plan must be a table", "received 'alliance'"),
    ),
    "empty segment name": (
        {"segments": [{"name": " "}]},
        ("segments[0].name must be a non-empty string", "received ' '"),
    ),
    "programme without name": (
        {"segments": [OK_SEGMENT], "programmes": [{"kind": "club"}]},
        ("programmes[0].name is missing",),
    ),
    "programme of unknown kind": (
        {"segments": [OK_SEGMENT], "programmes": [{"name": "p", "kind": "lottery"}]},
        ("programmes[0].kind must be one of", "'club'", "received 'lottery'"),
    ),
    "levels empty": (
        {"segments": [OK_SEGMENT], "levels": []},
        ("levels must hold at least one [[levels]] table", "empty"),
    ),
    "duplicate level names": (
        {"segments": [OK_SEGMENT], "levels": [{"name": "preferred"}, {"name": "preferred"}]},
        ("levels[1].name must be unique", "received 'preferred'", "levels[0]"),
    ),
    "level out of range": (
        {"segments": [OK_SEGMENT], "levels": [{"name": "transactional", "lock_in": 2.0}]},
        ("levels[0].lock_in must be", "[0, 1]", "received 2.0"),
    ),
    "level contact cycle zero": (
        {"segments": [OK_SEGMENT], "levels": [{"name": "x", "contact_cycle_months": 0}]},
        ("levels[0].contact_cycle_months must be", "whole number in [1, 1200]", "received 0"),
    ),
    "unknown level key": (
        {"segments": [OK_SEGMENT], "levels": [{"name": "x", "lockin": 0.5}]},
        ("unknown key levels[0].lockin", "did you mean 'lock_in'"),
    ),
    "complaint desk without staff": (
        {"segments": [OK_SEGMENT], "complaints": {"n_staff": 0}},
        ("complaints.n_staff must be", "whole number in [1, 100000]", "received 0"),
    ),
    "text of the wrong type": (
        {"segments": [OK_SEGMENT], "description": 5},
        ("description must be text", "received 5 of type int"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_DICTS), ids=list(BAD_DICTS))
def test_bad_dict_gives_one_sentence_with_key_path(case: str) -> None:
    data, fragments = BAD_DICTS[case]
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)  # type: ignore[arg-type]
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "\n" not in message and message.endswith(".")


def test_dict_source_names_the_origin_when_given() -> None:
    with pytest.raises(ScenarioError, match=r"^widget: segments\[0\]\.gross_margin must be"):
        scenario_from_dict({"segments": [{"name": "s", "gross_margin": 2}]}, source="widget")


def test_none_means_unlimited_for_optional_fields() -> None:
    data = {"segments": [OK_SEGMENT], "staff": {"n_account_managers": None}}
    assert scenario_from_dict(data).staff.n_account_managers is None


def test_a_file_is_data_only(tmp_path: Path) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(
        'name = "__import__(\'os\').system(\'touch pwned\')"\n[[segments]]\nname = "s"\n',
        encoding="utf-8",
    )
    assert load_scenario(path).name.startswith("__import__")
    assert not (tmp_path / "pwned").exists()


# --------------------------------------------------------------------------------------
# Fuzzing: a mutated valid dict gives a Scenario or a ScenarioError, nothing else
# --------------------------------------------------------------------------------------


def _base_dict() -> dict[str, Any]:
    data = scenario_to_dict(preset("classroom"))
    data["levels"] = [{"name": lv.name} for lv in DEFAULT_LEVELS]
    data["levels"][2]["running_cost_per_month"] = 800.0
    return data


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (the root excluded)."""
    paths: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        paths.append((*path, key))
        if isinstance(child, dict | list):
            paths.extend(_nodes(child, (*path, key)))
    return paths


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every dict inside ``value`` (the root included)."""
    found = [path] if isinstance(value, dict) else []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        if isinstance(child, dict | list):
            found.extend(_containers(child, (*path, key)))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1.5, 2.0, -0.0, 1e308, 1e-320]),
    st.text(max_size=12),
    st.sampled_from(["transactional", "alliance", "repeat", "loyal", "high", "points", ""]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.floats(allow_nan=True), max_size=3),
)
BASE_DICT = _base_dict()
LEAF_PATHS = _nodes(BASE_DICT)
TABLE_PATHS = _containers(BASE_DICT)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_dict_gives_scenario_or_scenario_error(data: st.DataObject) -> None:
    mutated = copy.deepcopy(BASE_DICT)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        action = data.draw(st.sampled_from(["replace", "add", "delete"]), label="action")
        if action == "add":
            path = data.draw(st.sampled_from(TABLE_PATHS), label="table")
            key = data.draw(st.text(min_size=1, max_size=12), label="key")
            try:
                _at(mutated, path)[key] = data.draw(JUNK, label="value")
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed or replaced this table
            continue
        path = data.draw(st.sampled_from(LEAF_PATHS), label="path")
        try:
            parent = _at(mutated, path[:-1])
            if action == "replace":
                parent[path[-1]] = data.draw(JUNK, label="value")
            else:
                del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
    try:
        result = scenario_from_dict(mutated)
    except ScenarioError as exc:
        message = str(exc)
        assert message and "\n" not in message
    else:
        assert isinstance(result, Scenario)


def test_the_annotated_example_in_the_docs_loads() -> None:
    import re

    docs = Path(__file__).resolve().parents[2] / "docs" / "scenario-files.md"
    blocks = re.findall(r"```toml\n(.*?)```", docs.read_text(encoding="utf-8"), re.S)
    example = scenario_from_toml(blocks[-1], source="docs example")
    assert [seg.name for seg in example.segments] == [
        "small accounts", "R-type", "key accounts", "prospects"
    ]
    ladder = scenario_from_toml('[[segments]]\nname = "s"\n' + blocks[0], source="docs levels")
    assert ladder.level("partnership").running_cost_per_month == 500.0
