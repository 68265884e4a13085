"""Shipped presets: they load, evaluate, and tell the story they were written for."""

from __future__ import annotations

import math
import time
import tomllib

import pytest

from crmsim import DEFAULT_LEVELS, ScenarioError, evaluate
from crmsim.scenario import (
    BUYING_STATES,
    DEFAULT_PRESET,
    PROSPECT_STATES,
    preset,
    preset_names,
    preset_text,
)


def test_the_four_presets_are_shipped() -> None:
    assert {"classroom", "broker", "dell", "b2b_supplier"} <= set(preset_names())
    assert DEFAULT_PRESET == "classroom"
    assert preset() == preset(DEFAULT_PRESET)
    assert preset_names() == tuple(sorted(preset_names()))


@pytest.mark.parametrize("name", preset_names())
def test_preset_loads_and_evaluates(name: str) -> None:
    scenario = preset(name)
    assert scenario.name == name
    assert len(scenario.description) > 80
    assert scenario.levels == DEFAULT_LEVELS
    result = evaluate(scenario)
    profits = result.summary["discounted_profit"].to_numpy()
    assert len(profits) == len(scenario.segments)
    assert all(math.isfinite(p) for p in profits)
    assert profits.sum() > 0


@pytest.mark.parametrize("name", preset_names())
def test_preset_file_is_commented_and_self_contained(name: str) -> None:
    text = preset_text(name)
    assert text.startswith(f'# crmsim preset "{name}"')
    data = tomllib.loads(text)
    assert set(data["plan"]) == {seg["name"] for seg in data["segments"]}
    for seg in data["segments"]:
        assert seg["initial_mix"], seg["name"]


def test_unknown_preset_suggests_the_closest() -> None:
    with pytest.raises(ScenarioError, match=r"did you mean 'broker'\?\); received 'brokers'\.$"):
        preset("brokers")


def _mix(scenario, segment: str) -> dict[str, float]:
    return dict(scenario.segment(segment).initial_mix)


def test_classroom_is_a_small_mixed_book_with_limited_staff() -> None:
    s = preset("classroom")
    sizes = {seg.name: seg.n_customers for seg in s.segments}
    assert sizes == {"ordinary customers": 300, "important customers": 60,
                     "key accounts": 12, "prospects": 80}
    key = s.segment("key accounts")
    assert key.mutual_importance >= 0.8 and key.switching_cost >= 0.8
    assert set(_mix(s, "prospects")) <= PROSPECT_STATES
    assert s.staff.n_account_managers == 2 and s.complaints.n_staff == 1
    assert (s.horizon_months, s.annual_discount_rate) == (60, 0.10)


def _value(scenario, segment: str, level: str) -> float:
    plan = dict(scenario.plan) | {segment: level}
    summary = evaluate(scenario, plan=plan).summary.set_index("segment")
    return float(summary.loc[segment, "discounted_profit"])


def test_classroom_teaches_where_partnership_pays_and_where_it_is_luxurious() -> None:
    s = preset("classroom")
    assert _value(s, "key accounts", "partnership") > _value(s, "key accounts", "preferred")
    assert _value(s, "ordinary customers", "partnership") < _value(
        s, "ordinary customers", "transactional"
    )


def test_classroom_simulates_in_a_few_seconds() -> None:
    from crmsim.engines.simulation import simulate

    start = time.perf_counter()
    result = simulate(preset("classroom"), seed=1)
    assert time.perf_counter() - start < 10.0
    assert set(result.summary["segment"]) == {seg.name for seg in preset("classroom").segments}


def test_broker_uses_the_three_grades() -> None:
    s = preset("broker")
    assert set(_mix(s, "current clients")) <= BUYING_STATES
    assert _mix(s, "target clients") == {"target": 1.0}
    assert _mix(s, "potential clients") == {"potential": 1.0}
    assert s.segment("target clients").lead_heat == "high"
    assert s.segment("potential clients").lead_heat == "low"


def test_dell_key_accounts_are_worth_dozens_or_hundreds_of_t_and_r_customers() -> None:
    s = preset("dell")
    t, r, key = (s.segment(n) for n in ("T-type", "R-type", "key accounts"))
    assert key.annual_wallet >= 24 * r.annual_wallet
    assert key.annual_wallet >= 100 * t.annual_wallet
    assert t.n_customers > r.n_customers > key.n_customers
    assert t.price_sensitivity > r.price_sensitivity
    assert r.relationship_orientation > t.relationship_orientation
    assert dict(s.plan) == {"T-type": "transactional", "R-type": "preferred",
                            "key accounts": "partnership"}
    assert s.staff.n_account_managers is not None


def test_b2b_supplier_has_dealers_and_a_few_important_customers() -> None:
    s = preset("b2b_supplier")
    assert s.segment("dealers").relation_type == "intermediary"
    important = s.segment("important customers")
    assert important.n_customers < 10 and important.value_tier == "vip"
    assert any(seg.relation_type == "public" for seg in s.segments)
