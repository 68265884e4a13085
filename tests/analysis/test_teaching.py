"""The lifetime-value arithmetic of domain.md §4 and the teaching helpers."""

from __future__ import annotations

import math

import pytest

from crmsim import Scenario, ScenarioError, Segment, evaluate
from crmsim.analysis import (
    expected_flows,
    lifetime_value_arithmetic,
    lifetime_value_steps,
    scaled_churn,
)
from crmsim.scenario.paths import parameter_range


def test_texts_numbers_give_100000_and_200_times_the_first_purchase():
    v = lifetime_value_arithmetic(first_purchase=500, annual_spend=5_000,
                                  referral_value=5_000, years=10)
    assert v.total == 100_000.0
    assert v.multiple == 200.0
    assert list(v.by_year["year"]) == list(range(1, 11))


def test_closed_forms_for_discounting_and_churn():
    r, c = 0.1, 0.2
    disc = lifetime_value_arithmetic(discount_rate=r).total
    assert disc == pytest.approx(10_000 * (1 - (1 + r) ** -10) / (1 - 1 / (1 + r)))
    churn = lifetime_value_arithmetic(churn=c).total
    assert churn == pytest.approx(10_000 * (1 - (1 - c) ** 10) / c)
    both = lifetime_value_arithmetic(discount_rate=r, churn=c).total
    q = (1 - c) / (1 + r)
    assert both == pytest.approx(10_000 * (1 - q**10) / (1 - q))


@pytest.mark.parametrize("field,value", [("discount_rate", 0.05), ("churn", 0.1),
                                         ("cost_to_serve", 500.0), ("gross_margin", 0.5)])
def test_every_correction_lowers_the_value(field, value):
    assert lifetime_value_arithmetic(**{field: value}).total < 100_000.0


def test_steps_end_at_the_full_calculation_and_changes_add_up():
    args = dict(gross_margin=0.3, cost_to_serve=1_000, churn=0.15, discount_rate=0.1)
    steps = lifetime_value_steps(**args)
    assert steps["value"].iloc[-1] == pytest.approx(lifetime_value_arithmetic(**args).total)
    assert steps["value"].iloc[1] + steps["change"].iloc[2:].sum() == pytest.approx(
        steps["value"].iloc[-1])
    assert (steps["change"].iloc[2:] <= 0).all()


@pytest.mark.parametrize("kwargs", [{"years": 0}, {"churn": 1.5}, {"discount_rate": -0.1},
                                    {"annual_spend": -1}, {"years": 2.5}])
def test_bad_input_is_one_clear_sentence(kwargs):
    with pytest.raises(ScenarioError, match=next(iter(kwargs))):
        lifetime_value_arithmetic(**kwargs)


def test_scaled_churn_multiplies_and_caps():
    s = scaled_churn(Scenario(), 100.0)  # capped where the month's chances reach 1
    ceiling = parameter_range(Scenario(), "lifecycle.churn_new")[1]
    assert s.lifecycle.churn_new == pytest.approx(ceiling) and ceiling < 1.0
    assert s.lifecycle.churn_new + s.lifecycle.new_to_repeat == pytest.approx(1.0)
    assert scaled_churn(Scenario(), 0.5).lifecycle.churn_repeat == pytest.approx(0.015)


def test_expected_flows_conserve_the_chain():
    res = evaluate(Scenario(segments=(Segment(name="smb", n_customers=100),)))
    flows = expected_flows(res)
    assert (flows["customers_per_month"] > 0).all()
    assert not (flows["source"] == flows["target"]).any()
    # what leaves 'repeat' each month = mean repeat customers × probability of leaving
    occ = res.occupancy.query("state == 'repeat'")["customers"].mean()
    out = flows.query("source == 'repeat'")["customers_per_month"].sum()
    assert 0 < out < occ
    assert math.isfinite(out)
