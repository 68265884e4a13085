"""The texts' ladders: placement of described relationships and the mapping onto levels."""

from __future__ import annotations

import dataclasses

import pytest

from crmsim import ScenarioError
from crmsim.language.glossary import GLOSSARY
from crmsim.language.ladders import (
    AFTER_SALE_CONTACT,
    AGENCY,
    CHARACTERISTICS,
    FOUR_P,
    LADDERS,
    SALESPERSON,
    Relationship,
    after_sale_label,
    ladder_table,
    level_for_rung,
    place,
    placement_table,
)
from crmsim.language.translate import use_language
from crmsim.scenario.levels import DEFAULT_LEVELS


def test_every_after_sale_pattern_lands_on_its_own_salesperson_rung():
    rungs = [place(Relationship(after_sale=key)).salesperson.key for key in AFTER_SALE_CONTACT]
    assert rungs == [rung.key for rung in SALESPERSON.rungs]


def test_every_after_sale_answer_reads_as_what_one_sees_in_both_languages():
    rung_names = {name for rung in SALESPERSON.rungs for name in (rung.name_en, rung.name_zh)}
    for lang in ("en", "zh"):
        with use_language(lang):
            labels = [after_sale_label(key) for key in AFTER_SALE_CONTACT]
        assert len(set(labels)) == len(labels)  # a form can tell them apart
        assert not any(name in label for label in labels for name in rung_names)  # no answer
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) == (lang == "zh")
                   for label in labels)


@pytest.mark.parametrize("bad", ["calls", None, ["none"]])
def test_an_unknown_after_sale_answer_is_one_sentence(bad):
    with pytest.raises(ScenarioError, match=r"^after_sale must be one of none, .*; received "):
        after_sale_label(bad)
    with pytest.raises(ScenarioError, match=r"^Relationship.after_sale must be one of "):
        Relationship(after_sale=bad)


def test_the_agency_ladder_is_climbed_from_the_bottom():
    full = Relationship(brings_value=True, personal_bond=True, shared_plans=True)
    assert place(full).agency.key == "vision"
    # a missing layer stops the climb, whatever holds above it
    assert place(dataclasses.replace(full, personal_bond=False)).agency.key == "value"
    assert place(dataclasses.replace(full, brings_value=False)).agency.key == "trust"
    assert place(dataclasses.replace(full, keeps_promises=False)).agency is None


def test_default_levels_map_each_agency_layer_onto_one_of_the_four_levels_in_order():
    mapped = [level_for_rung(rung, DEFAULT_LEVELS).name for rung in AGENCY.rungs]
    assert mapped == ["transactional", "preferred", "partnership", "alliance"]
    # deeper rungs never map to a cheaper level
    for ladder in LADDERS:
        order = [DEFAULT_LEVELS.index(level_for_rung(r, DEFAULT_LEVELS)) for r in ladder.rungs]
        assert order == sorted(order)


def test_the_mapping_follows_what_the_levels_do_not_a_fixed_table():
    partnership = SALESPERSON["partnership"]
    assert level_for_rung(partnership, DEFAULT_LEVELS).name == "partnership"
    # a partnership level that creates no value jointly no longer fits the partnership rung:
    # the cheapest level that still does is the alliance
    hollow = tuple(dataclasses.replace(lv, co_creation_rate=0.0) if lv.name == "partnership"
                   else lv for lv in DEFAULT_LEVELS)
    assert level_for_rung(partnership, hollow).name == "alliance"
    # without any level that plans together, the vision layer has no level at all
    assert level_for_rung(AGENCY["vision"], DEFAULT_LEVELS[:3]) is None
    # a preferred level with monthly contacts already carries the emotion layer's contact need
    monthly = tuple(dataclasses.replace(lv, contact_cycle_months=1) if lv.name == "preferred"
                    else lv for lv in DEFAULT_LEVELS)
    assert level_for_rung(AGENCY["emotion"], monthly).name == "partnership"  # still no joint value


def test_ladder_table_speaks_both_languages():
    table = ladder_table(SALESPERSON, DEFAULT_LEVELS)
    assert list(table["rung"]) == [rung.name_en for rung in SALESPERSON.rungs]
    assert table.loc[0, "what the level must do"] == "nothing beyond the sale"
    with use_language("zh"):
        zh = ladder_table(SALESPERSON, DEFAULT_LEVELS)
    assert list(zh["层级"]) == ["基本型", "被动型", "负责型", "能动型", "伙伴型"]
    assert zh.loc[4, "关系层次"] == "合作伙伴关系"


def test_placement_table_names_each_ladder_rung_and_level():
    forgetful = Relationship(after_sale="customer_calls", keeps_promises=False)
    table = placement_table(forgetful, DEFAULT_LEVELS)
    assert table["rung"].tolist() == ["reactive", "below the first rung (no trust)"]
    assert table["level"].tolist() == ["transactional", "—"]
    with use_language("zh"):
        zh = placement_table(forgetful, DEFAULT_LEVELS)
    assert zh["阶梯"].tolist() == ["销售人员的五种关系水平", "代理机构的四个层次"]


def test_ladder_terms_4p_and_characteristics_are_in_the_glossary():
    chinese = {zh for _, zh in GLOSSARY}
    for ladder in LADDERS:
        assert {rung.name_zh for rung in ladder.rungs} <= chinese
    assert {old_zh for _, old_zh, _, _ in FOUR_P} <= chinese
    assert {new_zh for _, _, _, new_zh in FOUR_P} <= chinese
    assert [zh for _, zh, _ in CHARACTERISTICS] == ["多样性", "差异性", "持续性", "竞争性",
                                                   "双赢性"]
    assert {zh for _, zh, _ in CHARACTERISTICS} <= chinese


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"after_sale": "sometimes"}, "after_sale must be one of none, customer_calls"),
    ({"personal_bond": "yes"}, "personal_bond must be True or False; received 'yes'"),
])
def test_a_badly_described_relationship_gets_one_sentence(kwargs, match):
    with pytest.raises(ScenarioError, match=match):
        Relationship(**kwargs)


def test_an_unknown_rung_is_named_in_the_error():
    with pytest.raises(ScenarioError, match="has no rung 'expert'"):
        SALESPERSON["expert"]
