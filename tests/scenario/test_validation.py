"""Direct construction of the parameter dataclasses: one-sentence errors naming the field."""

from __future__ import annotations

import dataclasses
import inspect
import math

import pytest

from crmsim import (
    DEFAULT_LEVELS,
    ComplaintDesk,
    Lifecycle,
    Programme,
    RelationshipLevel,
    Scenario,
    ScenarioError,
    Segment,
    Staff,
)
from crmsim.common import check_number

SEGMENT_ERRORS: dict[str, tuple[dict[str, object], str]] = {
    "margin above one": (
        {"gross_margin": 1.5},
        "Segment.gross_margin must be a number in [0, 1]; received 1.5.",
    ),
    "negative wallet": (
        {"annual_wallet": -1},
        "Segment.annual_wallet must be a number in [0, 1e+12]; received -1.",
    ),
    "nan": ({"price_sensitivity": math.nan}, "Segment.price_sensitivity must be a number in "
            "[0, 1]; received NaN."),
    "bool for number": (
        {"switching_cost": True},
        "Segment.switching_cost must be a number in [0, 1]; received True of type bool.",
    ),
    "string for number": (
        {"customer_power": "0.5"},
        "Segment.customer_power must be a number in [0, 1]; received '0.5' of type str.",
    ),
    "float for whole number": (
        {"n_customers": 2.5},
        "Segment.n_customers must be a whole number in [0, 1000000]; received 2.5 of type float.",
    ),
    "bool for whole number": (
        {"n_customers": True},
        "Segment.n_customers must be a whole number in [0, 1000000]; received True of type bool.",
    ),
    "unknown choice": (
        {"lead_heat": "hot"},
        "Segment.lead_heat must be one of 'low', 'medium', 'high'; received 'hot'.",
    ),
    "empty name": ({"name": ""}, "Segment.name must be a non-empty string; received ''."),
    "name of the wrong type": ({"name": 3}, "Segment.name must be a non-empty string; "
                               "received 3."),
    "unknown state": (
        {"name": "s", "initial_mix": {"repeet": 1.0}},
        "Segment 's'.initial_mix keys must be states ('potential', 'target', 'new', 'repeat', "
        "'loyal', 'lost', 'non_customer'); received 'repeet'.",
    ),
    "mix not summing to one": (
        {"name": "s", "initial_mix": {"new": 0.5, "repeat": 0.4}},
        "Segment 's'.initial_mix shares must sum to 1; received 0.9.",
    ),
    "share above one": (
        {"name": "s", "initial_mix": {"new": 1.5}},
        "Segment 's'.initial_mix.new must be a number in [0, 1]; received 1.5.",
    ),
    "mix of the wrong type": (
        {"name": "s", "initial_mix": 1.0},
        "Segment 's'.initial_mix must be a table of state = share; received float.",
    ),
}


@pytest.mark.parametrize("case", list(SEGMENT_ERRORS), ids=list(SEGMENT_ERRORS))
def test_segment_errors_name_field_expected_and_received(case: str) -> None:
    fields, message = SEGMENT_ERRORS[case]
    with pytest.raises(ScenarioError) as info:
        Segment(**fields)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_segment_coerces_ints_to_floats_and_mappings_to_pairs() -> None:
    seg = Segment(name="s", annual_wallet=12_000, initial_mix={"new": 0.5, "repeat": 0.5})
    assert isinstance(seg.annual_wallet, float)
    assert seg.initial_mix == (("new", 0.5), ("repeat", 0.5))
    assert seg == Segment(name="s", annual_wallet=12_000.0,
                          initial_mix=(("new", 0.5), ("repeat", 0.5)))


LEVEL_ERRORS: dict[str, tuple[dict[str, object], str]] = {
    "concession above its cap": (
        {"price_concession": 0.6},
        "RelationshipLevel.price_concession must be a number in [0, 0.5]; received 0.6.",
    ),
    "negative running cost": (
        {"running_cost_per_month": -10.0},
        "RelationshipLevel.running_cost_per_month must be a number in [0, 1e+12]; "
        "received -10.0.",
    ),
    "contact cycle zero": (
        {"contact_cycle_months": 0},
        "RelationshipLevel.contact_cycle_months must be a whole number in [1, 1200]; "
        "received 0.",
    ),
    "lock-in nan": (
        {"lock_in": math.nan},
        "RelationshipLevel.lock_in must be a number in [0, 1]; received NaN.",
    ),
    "empty name": ({"name": ""}, "RelationshipLevel.name must be a non-empty string; "
                   "received ''."),
}


@pytest.mark.parametrize("case", list(LEVEL_ERRORS), ids=list(LEVEL_ERRORS))
def test_level_errors_name_field_expected_and_received(case: str) -> None:
    fields, message = LEVEL_ERRORS[case]
    with pytest.raises(ScenarioError) as info:
        RelationshipLevel(**fields)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_other_parameter_tables_validate_their_fields() -> None:
    with pytest.raises(ScenarioError, match=r"^Lifecycle\.churn_new must be a number in \[0, 1\]"):
        Lifecycle(churn_new=1.2)
    with pytest.raises(ScenarioError, match=r"^ComplaintDesk\.n_staff must be a whole number"):
        ComplaintDesk(n_staff=0)
    assert ComplaintDesk(n_staff=None).n_staff is None
    with pytest.raises(ScenarioError, match=r"^Staff\.hours_per_manager_per_month must be"):
        Staff(hours_per_manager_per_month=1000)
    with pytest.raises(ScenarioError, match=r"^Programme\.kind must be one of 'club'"):
        Programme(kind="lottery")


SMB = Segment(name="smb")
KEY = Segment(name="key")

SCENARIO_ERRORS: dict[str, tuple[dict[str, object], str]] = {
    "unknown level in plan": (
        {"segments": (SMB,), "plan": {"smb": "premium"}},
        "Scenario.plan['smb'] must be one of 'transactional', 'preferred', 'partnership', "
        "'alliance'; received 'premium'.",
    ),
    "unknown segment in plan": (
        {"segments": (SMB,), "plan": {"smbb": "preferred"}},
        "Scenario.plan key must be one of 'smb' (did you mean 'smb'?); received 'smbb'.",
    ),
    "duplicate segment names": (
        {"segments": (SMB, SMB)},
        "Scenario.segments names must be unique; received 'smb' twice.",
    ),
    "no segments": ({"segments": ()}, "Scenario.segments must hold at least one segment; "
                    "received 0."),
    "not a segment": ({"segments": (SMB, "key")}, "Scenario.segments[1] must be a Segment; "
                      "received str."),
    "one segment, not a tuple": (
        {"segments": SMB},
        "Scenario.segments must be a tuple of Segment; received Segment.",
    ),
    "segments as a name": (
        {"segments": "smb"},
        "Scenario.segments must be a tuple of Segment; received str.",
    ),
    "one level, not a tuple": (
        {"segments": (SMB,), "levels": DEFAULT_LEVELS[0]},
        "Scenario.levels must be a tuple of RelationshipLevel; received RelationshipLevel.",
    ),
    "programmes as a number": (
        {"segments": (SMB,), "programmes": 3},
        "Scenario.programmes must be a tuple of Programme; received int.",
    ),
    "duplicate level names": (
        {"segments": (SMB,), "levels": (DEFAULT_LEVELS[0], DEFAULT_LEVELS[0])},
        "Scenario.levels must hold levels with unique names, cheapest first; received "
        "['transactional', 'transactional'].",
    ),
    "horizon zero": (
        {"segments": (SMB,), "horizon_months": 0},
        "Scenario.horizon_months must be a whole number in [1, 1200]; received 0.",
    ),
    "discount rate above one": (
        {"segments": (SMB,), "annual_discount_rate": 1.5},
        "Scenario.annual_discount_rate must be a number in [0, 1]; received 1.5.",
    ),
}


@pytest.mark.parametrize("case", list(SCENARIO_ERRORS), ids=list(SCENARIO_ERRORS))
def test_scenario_errors_name_field_expected_and_received(case: str) -> None:
    fields, message = SCENARIO_ERRORS[case]
    with pytest.raises(ScenarioError) as info:
        Scenario(**fields)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_plan_defaults_to_the_cheapest_level_and_is_normalised() -> None:
    scenario = Scenario(segments=(SMB, KEY), plan={"key": "partnership"})
    assert scenario.plan == (("smb", "transactional"), ("key", "partnership"))
    assert scenario == Scenario(segments=(SMB, KEY), plan=(("key", "partnership"),))


def test_a_plan_for_a_level_missing_from_custom_levels_is_rejected() -> None:
    with pytest.raises(ScenarioError, match=r"received 'alliance'\.$"):
        Scenario(segments=(SMB,), levels=DEFAULT_LEVELS[:2], plan={"smb": "alliance"})


def test_scenario_error_is_a_value_error() -> None:
    assert issubclass(ScenarioError, ValueError)


def test_replace_revalidates() -> None:
    with pytest.raises(ScenarioError, match=r"^Segment\.gross_margin"):
        dataclasses.replace(SMB, gross_margin=-0.1)


def test_infinite_wallet_is_rejected_by_the_dataclass() -> None:
    with pytest.raises(ScenarioError):
        Segment(annual_wallet=math.inf)


def test_huge_integer_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError):
        check_number("Segment.annual_wallet", 10**400, low=0)


def test_a_keyword_that_names_no_field_is_one_sentence_with_the_closest_field() -> None:
    from crmsim.scenario.levers import FollowUp

    cases = {
        "Segment has no field 'nam' (did you mean 'name'?).": lambda: Segment(nam="smb"),
        "Scenario has no field 'horizon' (did you mean 'horizon_months'?).": (
            lambda: Scenario(horizon=24)
        ),
        "Staff has no field 'n_account_manager' (did you mean 'n_account_managers'?).": (
            lambda: dataclasses.replace(Staff(), n_account_manager=2)
        ),
        "Segment has no field 'annual_walet' (did you mean 'annual_wallet'?).": (
            lambda: Scenario(segments=(SMB,)).with_segment("smb", annual_walet=5e5)
        ),
    }
    for message, make in cases.items():
        with pytest.raises(ScenarioError) as info:
            make()
        assert str(info.value) == message
    with pytest.raises(ScenarioError) as info:
        FollowUp(colour="red")
    names = ", ".join(f.name for f in dataclasses.fields(FollowUp))
    assert str(info.value) == f"FollowUp has no field 'colour'; its fields are {names}."
    # the right names still construct, and the signature shown by help() is the dataclass's
    assert Segment(name="smb", annual_wallet=5e5).annual_wallet == 5e5
    assert "annual_wallet" in str(inspect.signature(Segment))
