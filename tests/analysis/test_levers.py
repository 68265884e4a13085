"""Which retention lever pays for which segment (crmsim.analysis.levers)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from crmsim import ScenarioError, evaluate, preset
from crmsim.analysis.levers import DEFAULT_LEVERS, LEVER_COLUMNS, PAYS_FROM, Lever, lever_payoffs
from crmsim.engines.lines import lines_per_customer
from crmsim.language.translate import use_language
from crmsim.scenario.levers import FollowUp
from crmsim.scenario.scenario import Scenario


@pytest.fixture(scope="module")
def classroom() -> Scenario:
    return preset("classroom")


@pytest.fixture(scope="module")
def classroom_table(classroom) -> pd.DataFrame:
    return lever_payoffs(classroom)


def _alone(scenario: Scenario, segment: str, **changes: object) -> Scenario:
    """One segment with unlimited staff: no other segment shares its desk or managers."""
    return scenario.segment_alone(segment, unlimited_staff=True, **changes)


def _change(table: pd.DataFrame, lever: str, segment: str, column: str = "value_change"):
    row = table[(table["lever"] == lever) & (table["segment"] == segment)]
    assert len(row) == 1
    return float(row[column].iloc[0])


def _with(scenario: Scenario, section: str, **fields: object) -> Scenario:
    return dataclasses.replace(
        scenario, **{section: dataclasses.replace(getattr(scenario, section), **fields)}
    )


# -- the numbers are the engine's ---------------------------------------------------------


def test_one_row_per_lever_and_segment_in_order(classroom, classroom_table):
    segments = [seg.name for seg in classroom.segments]
    assert list(classroom_table.columns) == list(LEVER_COLUMNS)
    assert list(classroom_table["lever"]) == [k for k in DEFAULT_LEVERS for _ in segments]
    assert list(classroom_table["segment"]) == segments * len(DEFAULT_LEVERS)
    planned = dict(classroom.plan)
    assert list(classroom_table["level"]) == [planned[s] for s in classroom_table["segment"]]


@pytest.mark.parametrize("key", list(DEFAULT_LEVERS))
def test_every_number_equals_direct_evaluate_calls(classroom, classroom_table, key):
    lever = DEFAULT_LEVERS[key]
    before_results, after_results = evaluate(classroom), evaluate(lever.apply(classroom))
    before = lines_per_customer(before_results).droplevel("level")
    after = lines_per_customer(after_results).droplevel("level")
    summary_before = before_results.summary.set_index("segment")
    summary_after = after_results.summary.set_index("segment")
    rows = classroom_table[classroom_table["lever"] == key].set_index("segment")
    start = summary_before["customers_start"]
    assert np.allclose(rows["customers"], start)
    assert np.allclose(rows["value_before"], before["value"], rtol=1e-12)
    assert np.allclose(rows["value_change"], after["value"] - before["value"], rtol=1e-12)
    cost = sum(after[line] - before[line] for line in lever.cost_lines)
    assert np.allclose(rows["lever_cost"], cost, rtol=1e-12)
    assert np.allclose(rows["revenue_change"], after["list_revenue"] - before["list_revenue"])
    months = (summary_after["buying_months"] - summary_before["buying_months"]) / start
    assert np.allclose(rows["buying_months_change"], months)
    assert list(rows["pays"]) == list(rows["value_change"] >= PAYS_FROM)
    firm = after_results.total_discounted_profit() - before_results.total_discounted_profit()
    assert np.allclose(rows["firm_profit_change"], firm, rtol=1e-12)


def test_each_lever_changes_its_own_cost_line(classroom_table):
    """Every default lever costs something somewhere (none is free by mistake)."""
    spent = classroom_table.groupby("lever")["lever_cost"].max()
    assert (spent.drop("reminders") > 0).all()  # no reminder is paid without contacts


def test_custom_levers_and_mapping(classroom):
    club = DEFAULT_LEVERS["club"]
    as_list = lever_payoffs(classroom, [club])
    as_map = lever_payoffs(classroom, {"club": club})
    pd.testing.assert_frame_equal(as_list, as_map)
    nothing = Lever(key="nothing", apply=lambda s: s, cost_lines=("programme_cost",))
    table = lever_payoffs(classroom, [nothing])
    assert (table["value_change"] == 0).all() and not table["pays"].any()


def test_refuses_two_levers_with_one_key_and_bad_levers(classroom):
    club = DEFAULT_LEVERS["club"]
    with pytest.raises(ScenarioError, match="'club' more than once"):
        lever_payoffs(classroom, [club, club])
    with pytest.raises(ScenarioError, match="cost_lines"):
        Lever(key="x", apply=lambda s: s, cost_lines=())
    with pytest.raises(ScenarioError, match="must be a function"):
        Lever(key="x", apply=3, cost_lines=("programme_cost",))
    with pytest.raises(ScenarioError, match="non-empty"):
        Lever(key=" ", apply=lambda s: s, cost_lines=("programme_cost",))


def test_labels_are_bilingual():
    assert DEFAULT_LEVERS["survey"].label == "satisfaction survey"
    with use_language("zh"):
        assert DEFAULT_LEVERS["lost_analysis"].label == "流失客户分析"
        assert Lever(key="my_lever", apply=lambda s: s, cost_lines=("setup_cost",)).label == (
            "my lever"
        )


# -- verdicts emerge from the segments' traits -----------------------------------------------


@pytest.mark.parametrize("key", ["survey", "lost_analysis", "call_centre"])
def test_pays_for_important_customers_not_for_ordinary_ones(classroom_table, key):
    assert _change(classroom_table, key, "important customers") > PAYS_FROM
    assert _change(classroom_table, key, "ordinary customers") < 0


@pytest.mark.parametrize("key", ["survey", "lost_analysis", "call_centre"])
def test_ordinary_customers_with_a_larger_wallet_make_it_pay(classroom, key):
    """Companion: the verdict above follows the wallet, not the segment's name."""
    richer = tuple(
        dataclasses.replace(seg, annual_wallet=24_000.0)
        if seg.name == "ordinary customers"
        else seg
        for seg in classroom.segments
    )
    table = lever_payoffs(dataclasses.replace(classroom, segments=richer), [DEFAULT_LEVERS[key]])
    assert _change(table, key, "ordinary customers") > PAYS_FROM


@pytest.mark.parametrize("segment", ["important customers", "key accounts"])
@pytest.mark.parametrize("key", ["survey", "call_centre"])
def test_giving_voice_pays_more_where_complaints_are_handled_better(classroom, segment, key):
    """A customer found or calling reaches the desk: what that is worth depends on the desk."""
    alone = _alone(classroom, segment)
    gains = [
        _change(
            lever_payoffs(_with(alone, "complaints", handling_quality=q), [DEFAULT_LEVERS[key]]),
            key,
            segment,
        )
        for q in (0.5, 0.7, 0.9)
    ]
    assert gains[0] < gains[1] < gains[2]


def test_voucher_deadweight_grows_with_the_chance_to_buy_anyway(classroom):
    """Vouchers are paid by those who would have bought anyway: the likelier a first purchase
    without one, the more each extra buying month costs and the less it earns."""
    voucher = DEFAULT_LEVERS["voucher"]
    per_month, cost_per_month = [], []
    for chance in (0.05, 0.15, 0.3):
        alone = _alone(classroom, "prospects", referrals_per_year=0.0)
        row = lever_payoffs(
            _with(alone, "acquisition", first_purchase_per_touch=chance), [voucher]
        ).iloc[0]
        assert row["buying_months_change"] > 0
        per_month.append(row["value_change"] / row["buying_months_change"])
        cost_per_month.append(row["lever_cost"] / row["buying_months_change"])
    assert per_month[0] > per_month[1] > per_month[2]
    assert cost_per_month[0] < cost_per_month[1] < cost_per_month[2]


def test_reminders_pay_only_where_contacts_lapse(classroom):
    reminders = DEFAULT_LEVERS["reminders"]
    alone = _alone(classroom, "key accounts")
    disciplined = _change(lever_payoffs(alone, [reminders]), "reminders", "key accounts")
    assert disciplined < 0  # nothing to catch: the reminders are a cost
    gains = [
        _change(
            lever_payoffs(_with(alone, "follow_up", missed_share=m), [reminders]),
            "reminders",
            "key accounts",
        )
        for m in (0.1, 0.3)
    ]
    assert 0 < gains[0] < gains[1]
    # a transactional segment has no contacts to lapse: reminders neither act nor cost
    ordinary = _alone(classroom, "ordinary customers")
    row = lever_payoffs(
        dataclasses.replace(ordinary, follow_up=FollowUp(missed_share=0.3)), [reminders]
    ).iloc[0]
    assert row["value_change"] == 0 and row["lever_cost"] == 0


def test_extra_service_reaches_only_customers_believed_valuable(classroom):
    lever = DEFAULT_LEVERS["extra_service"]
    ordinary = _alone(classroom, "ordinary customers")  # value_tier "ordinary"
    assert lever_payoffs(ordinary, [lever])["value_change"].iloc[0] == 0
    important = _alone(classroom, "important customers")
    gains = [
        _change(
            lever_payoffs(_with(important, "expectation", sow_response=r), [lever]),
            "extra_service",
            "important customers",
        )
        for r in (1.0, 2.0, 6.0)
    ]
    assert gains[0] < gains[1] < gains[2]  # the stronger the prophecy, the more it pays
    assert gains[0] < 0 < gains[2]
