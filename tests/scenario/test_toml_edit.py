"""Editing a scenario file in place: values set, the header block replaced, nothing else."""

from __future__ import annotations

import pytest

from crmsim.common.errors import ScenarioError
from crmsim.scenario.toml_edit import (
    HEADER_BEGIN,
    HEADER_END,
    edited_scenario_text,
    header_block,
)

USER = '# my notes\n# (two lines)\nname = "x"\n\n[lifecycle]\nchurn_new = 0.06  # audit\n'


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_second_edit_replaces_the_first_block_and_keeps_the_user_s_bytes(newline):
    user = USER.replace("\n", newline)
    once = edited_scenario_text(user, {"lifecycle": {"churn_new": 0.05}}, ["first"])
    twice = edited_scenario_text(once, {"lifecycle": {"churn_new": 0.04}}, ["second", "more"])
    assert header_block(twice) == newline.join(
        [HEADER_BEGIN, "# second", "# more", HEADER_END, ""])
    assert twice[len(header_block(twice)) :] == user.replace("0.06", "0.04")


def test_a_line_break_inside_a_header_line_stays_a_comment():
    text = edited_scenario_text(USER, {}, ["from data\nfolder/history.csv"])
    assert header_block(text).splitlines()[1:3] == ["# from data", "# folder/history.csv"]


def test_a_block_that_is_not_at_the_top_is_the_user_s():
    """Companion: a block below the user's first comment is not recognised, so not removed."""
    moved = "# mine\n" + HEADER_BEGIN + "\n# old\n" + HEADER_END + "\n" + USER
    text = edited_scenario_text(moved, {"lifecycle": {"churn_new": 0.05}}, ["new"])
    assert text.count(HEADER_BEGIN) == 2 and "# old\n" in text
    assert text[len(header_block(text)) :].startswith("# mine\n" + HEADER_BEGIN)


def test_a_layout_the_edit_cannot_serve_is_one_sentence_not_a_rewrite():
    """The read-back check: values meant for a table that the file holds as a string."""
    with pytest.raises(
        ScenarioError,
        match=r"^c\.toml: the values of lifecycle could not be set in this file's layout; "
        r".* nothing was written\.$",
    ):
        edited_scenario_text('lifecycle = "audit"\n', {"lifecycle": {"churn_new": 0.1}}, [],
                             source="c.toml")
