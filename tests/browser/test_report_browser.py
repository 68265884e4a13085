"""The report's provenance line in a real browser: the command that reproduces a run, the
hash's name and the time are never broken after a hyphen, at any width."""

from __future__ import annotations

import pytest

from crmsim import Scenario, Segment
from crmsim.views.report import write_report

BROKEN_WORDS = """() => Array.from(document.querySelectorAll('.meta .whole'))
    .filter(span => span.getClientRects().length > 1).map(span => span.textContent)"""
META_LINES = """() => { const meta = document.querySelector('.meta');
    return Math.round(meta.getBoundingClientRect().height
                      / parseFloat(getComputedStyle(meta).lineHeight)); }"""


@pytest.fixture(scope="module")
def report_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    scenario = Scenario(segments=(Segment(name="smb", n_customers=5),), horizon_months=6)
    write_report(scenario, folder, n_replications=2, seed=3, progress=False,
                 frontier_points=3, lang="en")
    return (folder / "report.html").as_uri()


@pytest.mark.parametrize("width", [1280, 620, 420])
def test_no_word_of_the_command_breaks_at_its_hyphens(page, report_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(report_url)
    words = page.locator(".meta .whole")
    assert words.count() >= 8  # the hash, the time and each word of the command
    assert "--replications" in page.locator(".meta code.command").inner_text()
    assert page.evaluate(META_LINES) >= 2  # the line does wrap: there is something to check
    assert page.evaluate(BROKEN_WORDS) == []


def test_the_check_sees_a_word_broken_at_its_hyphen(page, report_url):
    page.set_viewport_size({"width": 420, "height": 800})
    page.goto(report_url)
    page.add_style_tag(content=".meta .whole { white-space: normal; }")
    assert page.evaluate(BROKEN_WORDS)  # without the rule, some word breaks after a hyphen
