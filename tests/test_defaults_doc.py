"""docs/defaults.md lists every default number exactly as the code has it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from crmsim import (
    DEFAULT_LEVELS,
    Acquisition,
    ComplaintDesk,
    Expectation,
    FollowUp,
    Lifecycle,
    LostCustomerAnalysis,
    SatisfactionSurvey,
    Scenario,
    Segment,
    Staff,
)

DOC = (Path(__file__).resolve().parents[1] / "docs" / "defaults.md").read_text(encoding="utf-8")


def _rows(heading: str) -> dict[str, list[str]]:
    section = DOC.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and re.fullmatch(r"[a-z_]+", cells[0]) and cells[0] != "field":
            rows[cells[0]] = cells[1:]
    return rows


def _numeric_fields(obj) -> dict[str, object]:
    return {
        f.name: getattr(obj, f.name)
        for f in dataclasses.fields(obj)
        if "crmsim" in f.metadata and not isinstance(getattr(obj, f.name), str)
        and not f.metadata["crmsim"]["custom"]
    }


def _same(cell: str, value) -> bool:
    if value is None:
        return cell == "unlimited"
    return float(cell) == pytest.approx(float(value))


def test_level_table_matches_default_levels():
    rows = _rows("Relationship levels")
    fields = _numeric_fields(DEFAULT_LEVELS[0])
    assert set(rows) == set(fields)
    for name in fields:
        for k, level in enumerate(DEFAULT_LEVELS):
            assert _same(rows[name][k], getattr(level, name)), (name, level.name)


@pytest.mark.parametrize(
    ("heading", "obj"),
    [
        ("Segment", Segment()),
        ("Lifecycle", Lifecycle()),
        ("Acquisition", Acquisition()),
        ("Complaint desk", ComplaintDesk()),
        ("Account managers", Staff()),
        ("Follow-up", FollowUp()),
        ("Satisfaction survey", SatisfactionSurvey()),
        ("Lost-customer analysis", LostCustomerAnalysis()),
        ("Expectation", Expectation()),
        ("Scenario", Scenario()),
    ],
)
def test_tables_match_dataclass_defaults(heading, obj):
    rows = _rows(heading)
    fields = _numeric_fields(obj)
    assert set(rows) == set(fields)
    for name, value in fields.items():
        assert _same(rows[name][0], value), name
