"""A shipped preset's description is shown in the reader's language; a user's own text as
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
