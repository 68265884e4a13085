"""A mistyped parameter name is one sentence that suggests the closest accepted name."""

from __future__ import annotations

import pytest

from crmsim import Scenario, Segment
from crmsim.common.errors import ScenarioError
from crmsim.scenario.paths import resolve_path, segment_path

SCENARIO = Scenario(segments=(Segment(name="key"),))


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("switching_cst", "switching_cost"),
        ("mutual_importanc", "mutual_importance"),
        ("horizon_month", "horizon_months"),
        ("staff.n_account_manager", "n_account_managers"),
    ],
)
def test_a_bare_name_with_a_typo_suggests_the_closest_accepted_name(typed, closest):
    with pytest.raises(ScenarioError) as info:
        resolve_path(SCENARIO, segment_path(SCENARIO, typed, "key"))
    message = str(info.value)
    assert f"(did you mean '{closest}'?)" in message
    assert message.count(".") >= 1 and "\n" not in message


def test_the_bare_name_error_lists_the_segment_fields_it_accepts():
    with pytest.raises(ScenarioError) as info:
        segment_path(SCENARIO, "switching_cst", "key")
    message = str(info.value)
    assert message.startswith(
        "Parameter 'switching_cst' is not a segment or scenario field (did you mean "
        "'switching_cost'?); expected a segment field ("
    )
    assert "mutual_importance" in message and "'segment:<name>.<field>'" in message


def test_a_name_far_from_every_field_gets_no_suggestion():
    with pytest.raises(ScenarioError) as info:
        segment_path(SCENARIO, "zzzzzz", "key")
    assert "did you mean" not in str(info.value)


def test_accepted_names_still_expand():
    assert segment_path(SCENARIO, "switching_cost", "key") == "segment:key.switching_cost"
    assert segment_path(SCENARIO, "horizon_months", "key") == "horizon_months"
