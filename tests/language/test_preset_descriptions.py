"""What the reader sees of a scenario in Chinese: a shipped preset's description, every
parameter, unit and choice of the report's appendix; a user's own text as
written; HTML messages escape what they are given."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from crmsim.language.translate import scenario_description, tr_markup, use_language
from crmsim.scenario.presets import preset, preset_names

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", preset_names())
def test_the_catalogue_holds_each_presets_description_word_for_word(name):
    scenario = preset(name)
    with use_language("en"):
        assert scenario_description(scenario.name, scenario.description) == scenario.description
    with use_language("zh"):
        shown = scenario_description(scenario.name, scenario.description)
    assert shown != scenario.description
    assert len(HAN.findall(shown)) > len(shown) / 3  # Chinese text, not English with a term


@pytest.mark.parametrize("name", preset_names())
def test_an_edited_description_is_shown_as_written(name):
    scenario = preset(name)
    edited = scenario.description.replace("five years", "four years")
    assert edited != scenario.description
    with use_language("zh"):
        assert scenario_description(scenario.name, edited) == edited
        assert scenario_description("my own", scenario.description) == scenario.description


def test_html_messages_escape_text_and_keep_markup():
    line = tr_markup("report.title", name="<b>A</b> & co")
    assert isinstance(line, Markup)
    assert "&lt;b&gt;A&lt;/b&gt; &amp; co" in line and "<b>" not in line
    assert "<i>A</i>" in tr_markup("report.title", name=Markup("<i>A</i>"))


@pytest.mark.parametrize("name", preset_names())
def test_every_assumption_of_a_preset_has_a_chinese_name_and_unit(name):
    """The report's appendix lists every parameter with its unit: none stays English."""
    from crmsim.analysis.report import assumptions_table
    from crmsim.language.catalogue import MESSAGES
    from crmsim.language.translate import parameter_label

    table = assumptions_table(preset(name))
    with use_language("zh"):
        for row in table.itertuples():
            label = parameter_label(row.parameter.replace("['", ".").replace("']", ""))
            assert HAN.search(label), (row.parameter, label)
            assert not row.unit or f"unit.{row.unit}" in MESSAGES, (row.parameter, row.unit)


def test_every_choice_of_a_field_has_a_chinese_name_and_keeps_its_english_value():
    """The appendix shows a field's choice (a programme's kind, a segment's value tier ...) in
    Chinese; in English it stays the value a scenario file holds."""
    from crmsim.language.catalogue import MESSAGES
    from crmsim.scenario.scenario import PROGRAMME_KINDS
    from crmsim.scenario.segments import LEAD_HEATS, RELATION_TYPES, VALUE_TIERS

    fields = {"kind": PROGRAMME_KINDS, "lead_heat": LEAD_HEATS,
              "relation_type": RELATION_TYPES, "value_tier": VALUE_TIERS}
    for field, values in fields.items():
        for value in values:
            entry = MESSAGES[f"choice.{field}.{value}"]
            assert entry["en"] == value and HAN.search(entry["zh"]), (field, value)
