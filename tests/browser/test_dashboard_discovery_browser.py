"""The dashboard's "where does it pay? (discovery)" button in a real browser."""

from __future__ import annotations

import pytest

from .conftest import open_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD_TIMEOUT_MS = 120_000


@pytest.mark.parametrize(("query", "button", "sentence"), [
    ("", "where does it pay? (discovery)", "The model finds partnership pays for "),
    ("?lang=zh&presentation=1", "在哪些情况下值得？（情景发现）", "模型发现："),
], ids=["en", "zh-presentation"])
def test_the_discovery_button_shows_the_box_sentence_and_figure(page, dashboard, query, button,
                                                                sentence):
    board = open_dashboard(page, dashboard.url + query)
    text = board.locator(".crmsim-discovery-text")
    assert text.inner_text().strip() == ""
    board.get_by_role("button", name=button).click()
    page.wait_for_function("([el, s]) => el.innerText.includes(s)",
                           arg=[text.element_handle(), sentence], timeout=LOAD_TIMEOUT_MS)
    assert "key accounts" in text.inner_text() or "大客户" in text.inner_text()
    figure = board.locator("img.crmsim-discovery-figure")
    figure.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert figure.bounding_box()["width"] > 300
    # the other controls still answer: the verdicts follow the segment picked next
    verdicts = board.locator(".crmsim-verdicts").inner_text()
    board.locator(".widget-dropdown select").nth(1).select_option(index=0)
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[board.locator(".crmsim-verdicts").element_handle(), verdicts],
                           timeout=LOAD_TIMEOUT_MS)
    # the result of the segment before is cleared
    page.wait_for_function("(el) => el.innerText.trim() === ''", arg=text.element_handle(),
                           timeout=LOAD_TIMEOUT_MS)
