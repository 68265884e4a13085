"""The retention levers, one mechanism at a time, everything else held fixed.

Each test switches one lever (or one of its parameters) and checks that the model moves
the way its mechanism says (crmsim/model/mechanisms.py); none encodes a verdict. Agreement
of the two engines with every lever on is in tests/engines/test_agreement.py.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crmsim import (
    Acquisition,
    ComplaintDesk,
    Expectation,
    FollowUp,
    LostCustomerAnalysis,
    Programme,
    SatisfactionSurvey,
    Scenario,
    ScenarioError,
    Segment,
    evaluate,
    load_scenario,
    save_scenario,
)
from crmsim.engines.lines import lines_per_customer
from crmsim.model import CASH_INDEX, lessons_month, segment_dynamics
from crmsim.scenario import STATES, scenario_from_toml, scenario_template

S = {name: i for i, name in enumerate(STATES)}
MIX = {"target": 0.2, "new": 0.3, "repeat": 0.3, "loyal": 0.2}


def _base(**segment) -> Scenario:
    seg = Segment(name="s", n_customers=100, initial_mix=MIX, complaints_per_year=2.0, **segment)
    return Scenario(segments=(seg,), horizon_months=60)


def _dyn(scenario: Scenario, level: str = "partnership"):
    return segment_dynamics(scenario, "s", level)


def _churn(scenario: Scenario, state: str, level: str = "partnership") -> float:
    return _dyn(scenario, level).served.churn_prob(state)


def _value(scenario: Scenario, level: str = "partnership") -> float:
    return float(evaluate(scenario, plan=level).summary["value_per_customer"].iloc[0])


def _line(scenario: Scenario, line: str, level: str = "partnership") -> float:
    return float(lines_per_customer(evaluate(scenario, plan=level)).loc[("s", level), line])


# -- programmes by kind ------------------------------------------------------------------


def test_a_club_reaches_established_customers_only():
    club = Programme(name="club", kind="club", churn_reduction=0.3, cost_per_member_per_month=5)
    base, with_club = _base(), dataclasses.replace(_base(), programmes=(club,))
    assert _churn(with_club, "new") == pytest.approx(_churn(base, "new"))
    assert _churn(with_club, "repeat") < _churn(base, "repeat")
    cost = _dyn(with_club).served.cash_fixed[:, CASH_INDEX["programme_cost"]]
    assert cost[S["new"]] == 0 and cost[S["repeat"]] == cost[S["loyal"]] == 5


def test_special_events_reach_loyal_customers_only():
    events = Programme(name="e", kind="events", churn_reduction=0.3)
    with_events = dataclasses.replace(_base(), programmes=(events,))
    assert _churn(with_events, "repeat") == pytest.approx(_churn(_base(), "repeat"))
    assert _churn(with_events, "loyal") < _churn(_base(), "loyal")


def test_a_voucher_is_one_off_and_pays_for_the_buyers_it_did_not_win():
    voucher = Programme(name="v", kind="voucher", start_uplift=0.2, cost_per_use=30.0)
    base, with_voucher = _base(), dataclasses.replace(_base(), programmes=(voucher,))
    P0, P1 = _dyn(base).served.transition(), _dyn(with_voucher).served.transition()
    assert P1[S["target"], S["new"]] > P0[S["target"], S["new"]]
    assert P1[S["lost"], S["new"]] > P0[S["lost"], S["new"]]
    # no lasting effect: buying customers move exactly as before
    for state in ("new", "repeat", "loyal"):
        assert np.allclose(P1[S[state]], P0[S[state]])
    # every redeemed voucher is paid for, the deadweight included
    cost = _dyn(with_voucher).served.cash_fixed[S["target"], CASH_INDEX["programme_cost"]]
    assert cost == pytest.approx(30.0 * P1[S["target"], S["new"]])


def test_a_voucher_pays_less_where_targets_would_have_bought_anyway():
    voucher = Programme(name="v", kind="voucher", start_uplift=0.2, cost_per_use=60.0)

    def gain(first_purchase: float) -> float:
        base = dataclasses.replace(
            _base(), acquisition=Acquisition(first_purchase_per_touch=first_purchase)
        )
        return _value(dataclasses.replace(base, programmes=(voucher,))) - _value(base)

    assert gain(0.3) < gain(0.05)


def test_a_voucher_refuses_a_lasting_effect():
    with pytest.raises(ScenarioError, match="one-off"):
        Programme(name="v", kind="voucher", churn_reduction=0.1)


def test_a_call_centre_turns_silent_leavers_into_complaints_at_the_desk():
    hotline = Programme(name="h", kind="call_centre", voice_share=0.5)
    base, with_hotline = _base(), dataclasses.replace(_base(), programmes=(hotline,))
    assert _churn(with_hotline, "repeat") < _churn(base, "repeat")
    d0, d1 = _dyn(base).served, _dyn(with_hotline).served
    assert d1.complaint_prob[S["repeat"]] > d0.complaint_prob[S["repeat"]]
    assert _line(with_hotline, "complaint_cost") > _line(base, "complaint_cost")


def test_voice_keeps_customers_only_where_complaints_are_handled_well():
    hotline = Programme(name="h", kind="call_centre", voice_share=0.5)

    def churn_saved(quality: float) -> float:
        desk = ComplaintDesk(handling_quality=quality, service_recovery_strength=0.0)
        base = dataclasses.replace(_base(), complaints=desk)
        on = dataclasses.replace(base, programmes=(hotline,))
        return _churn(base, "repeat", "transactional") - _churn(on, "repeat", "transactional")

    assert churn_saved(0.0) == pytest.approx(0.0, abs=1e-12)  # a bad desk loses them anyway
    assert churn_saved(0.9) > churn_saved(0.5) > 0


# -- follow-up, surveys, lost customers, touch points, expectation -------------------------


def test_lapsed_contacts_raise_churn_and_reminders_win_it_back_at_a_cost():
    lapses = dataclasses.replace(_base(), follow_up=FollowUp(missed_share=0.5))
    reminded = dataclasses.replace(
        _base(), follow_up=FollowUp(missed_share=0.5, reminder_catch=0.9)
    )
    assert _churn(lapses, "repeat") > _churn(reminded, "repeat") > _churn(_base(), "repeat")
    assert _line(reminded, "relationship_cost") > _line(lapses, "relationship_cost")
    # a lapsed contact takes no manager time
    assert _dyn(lapses).manager_hours_per_month == pytest.approx(
        0.5 * _dyn(_base()).manager_hours_per_month
    )
    # the transactional level has no contacts to forget and pays for no reminders
    assert _churn(lapses, "repeat", "transactional") == _churn(_base(), "repeat", "transactional")
    assert _line(reminded, "relationship_cost", "transactional") == 0


def test_more_frequent_surveys_find_more_leavers_and_cost_more():
    def survey(every: int) -> Scenario:
        return dataclasses.replace(_base(), satisfaction=SatisfactionSurvey(every_months=every))

    assert _churn(survey(2), "repeat") < _churn(survey(6), "repeat") < _churn(_base(), "repeat")
    assert _line(survey(2), "programme_cost") > _line(survey(6), "programme_cost") > 0


def test_lost_customer_analysis_wins_back_at_once_and_cuts_churn_after_the_delay():
    analysis = LostCustomerAnalysis(analysed_share=1.0, delay_months=12)
    on = dataclasses.replace(_base(), lost_customers=analysis)
    dyn, base = _dyn(on), _dyn(_base())
    assert lessons_month(on) == 12 and dyn.change_month == 12
    P, P0 = dyn.served.transition(), base.served.transition()
    assert P[S["lost"], S["new"]] > P0[S["lost"], S["new"]]
    assert dyn.served.churn_prob("repeat") == pytest.approx(base.served.churn_prob("repeat"))
    assert dyn.later.served.churn_prob("repeat") < base.served.churn_prob("repeat")


def test_lessons_applied_sooner_are_worth_more():
    def value(delay: int) -> float:
        analysis = LostCustomerAnalysis(analysed_share=1.0, delay_months=delay)
        return _value(dataclasses.replace(_base(), lost_customers=analysis))

    assert value(0) > value(12) > value(48) > value(60)  # 60: never within the horizon


def test_lessons_change_the_path_only_from_the_delay_on():
    """Win-back off, so only the lessons act: months up to the delay are untouched."""
    analysis = LostCustomerAnalysis(
        analysed_share=1.0, churn_cut=0.5, win_back_gain=0.0, cost_per_analysis=0.0, delay_months=24
    )
    on = evaluate(dataclasses.replace(_base(), lost_customers=analysis), plan="partnership")
    off = evaluate(_base(), plan="partnership")

    def buying(res) -> np.ndarray:
        occ = res.occupancy.query("state in ['new', 'repeat', 'loyal']")
        return occ.groupby("month")["customers"].sum().to_numpy()

    assert np.allclose(buying(on)[:25], buying(off)[:25])
    assert (buying(on)[26:] > buying(off)[26:]).all()


def test_after_sale_touch_points_turn_new_customers_into_repeat_ones_at_a_cost():
    touched = dataclasses.replace(
        _base(), acquisition=Acquisition(after_sale_touch_points_per_month=2.0)
    )
    P, P0 = _dyn(touched).served.transition(), _dyn(_base()).served.transition()
    assert P[S["new"], S["repeat"]] > P0[S["new"], S["repeat"]]
    assert P[S["new"], S["lost"]] == pytest.approx(P0[S["new"], S["lost"]])
    cost = _dyn(touched).served.cash_fixed[S["new"], CASH_INDEX["acquisition_cost"]]
    assert cost == pytest.approx(2.0 * Acquisition().cost_per_touch_point)


def test_extra_service_follows_the_belief_about_the_customer():
    service = Expectation(service_share_vip=0.03)
    vip = dataclasses.replace(_base(value_tier="vip"), expectation=service)
    ordinary = dataclasses.replace(_base(value_tier="ordinary"), expectation=service)
    assert _churn(ordinary, "repeat") == pytest.approx(_churn(_base(), "repeat"))
    assert _churn(vip, "repeat") < _churn(_base(value_tier="vip"), "repeat")
    assert _line(vip, "list_revenue") > _line(_base(value_tier="vip"), "list_revenue")


@pytest.mark.parametrize("margin", [0.15, 0.6])
def test_the_prophecy_pays_only_where_the_extra_spend_earns_enough(margin):
    """Its payoff is the lever's arithmetic: the same service pays on a high-margin
    customer and not on a low-margin one."""
    service = Expectation(service_share_vip=0.05, sow_response=3.0)
    base = _base(value_tier="vip", gross_margin=margin)
    gain = _value(dataclasses.replace(base, expectation=service)) - _value(base)
    assert (gain > 0) == (margin > 0.3)


# -- files and validation ----------------------------------------------------------------


def test_every_lever_survives_a_scenario_file(tmp_path):
    scenario = dataclasses.replace(
        _base(),
        follow_up=FollowUp(missed_share=0.3, reminder_catch=0.8),
        satisfaction=SatisfactionSurvey(every_months=6),
        lost_customers=LostCustomerAnalysis(analysed_share=0.5),
        expectation=Expectation(service_share_vip=0.02),
        acquisition=Acquisition(after_sale_touch_points_per_month=1.0),
        programmes=(Programme(name="v", kind="voucher", start_uplift=0.1, cost_per_use=9.0),),
    )
    assert load_scenario(save_scenario(scenario, tmp_path / "s.toml")) == scenario


def test_the_template_holds_every_lever_section():
    text = scenario_template()
    for section in ("[follow_up]", "[satisfaction]", "[lost_customers]", "[expectation]"):
        assert section in text
    assert scenario_from_toml(text) == scenario_from_toml(text)  # loads as it is


def test_a_lever_field_in_the_wrong_file_place_is_one_clear_sentence():
    with pytest.raises(ScenarioError, match=r"line 2.*satisfaction\.every_months"):
        scenario_from_toml(
            '[satisfaction]\nevery_months = -1\n[[segments]]\nname = "s"\n', source="x.toml"
        )
