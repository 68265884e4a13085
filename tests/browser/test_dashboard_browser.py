"""``crmsim dashboard`` in a real browser: it loads, sliders change chart and verdict."""

from __future__ import annotations

import pytest

from crmsim.views.dashboard.server import STOPPED_CHECK_SECONDS, stopped_banner_html

from .conftest import open_dashboard
from .test_fonts_browser import NO_FONT_HAS_IT, pictures, same

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD_TIMEOUT_MS = 120_000


def _chart(board) -> str:
    return board.locator("img").first.get_attribute("src") or ""


def _slider(board, label: str):
    return board.locator(".widget-slider").filter(
        has=board.page.locator(".widget-label", has_text=label))


def _drag(page, slider, dx: float) -> None:
    handle = slider.locator(".noUi-handle")
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=5)
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()


def test_dashboard_loads_with_controls_plots_and_verdicts(page, dashboard):
    board = open_dashboard(page, dashboard.url)
    assert "luxurious" in board.inner_text().lower()
    for label in ("switching cost", "mutual importance", "bargaining power", "annual wallet"):
        assert _slider(board, label).count() == 1, label
    assert _chart(board).startswith("data:image/png") or _chart(board).startswith("blob:")
    verdicts = board.locator(".crmsim-verdicts li").all_inner_texts()
    assert len(verdicts) == 3  # three steps up the ladder
    assert any("partnership" in v and "key accounts" in v for v in verdicts)
    # the server listens on loopback only
    assert dashboard.url.startswith("http://127.0.0.1:")


def test_moving_a_slider_changes_chart_and_verdict(page, dashboard):
    board = open_dashboard(page, dashboard.url)
    chart, verdict = _chart(board), board.locator(".crmsim-verdicts").inner_text()
    slider = _slider(board, "mutual importance")
    before = slider.locator(".widget-readout").inner_text()
    _drag(page, slider, dx=-250)
    page.wait_for_function(
        "([el, old]) => el.innerText !== old",
        arg=[board.locator(".crmsim-verdicts").element_handle(), verdict],
        timeout=LOAD_TIMEOUT_MS,
    )
    # the chart arrives after the verdict (it is drawn after the numbers are computed)
    page.wait_for_function("([img, old]) => img.src !== old",
                           arg=[board.locator("img").first.element_handle(), chart],
                           timeout=LOAD_TIMEOUT_MS)
    after = slider.locator(".widget-readout").inner_text()
    assert float(after) < float(before)
    assert _chart(board) != chart
    assert board.locator(".crmsim-verdicts").inner_text() != verdict


def test_language_toggle_and_query_string(page, dashboard):
    board = open_dashboard(page, dashboard.url)
    board.get_by_role("button", name="中文").click()
    page.wait_for_function("() => document.querySelector('.crmsim-verdicts')"
                           ".innerText.includes('合作伙伴关系')", timeout=LOAD_TIMEOUT_MS)
    assert "转移成本" in board.inner_text()
    # the same in a fresh page from the URL
    board = open_dashboard(page, dashboard.url + "?lang=zh&presentation=1")
    verdicts = board.locator(".crmsim-verdicts").inner_text()
    assert "合作伙伴关系" in verdicts
    assert "奢侈" in verdicts or "值得" in verdicts
    assert "crmsim-presentation" in (board.get_attribute("class") or "")


@pytest.mark.parametrize(("lang", "presentation"), [("en", 0), ("en", 1), ("zh", 1)])
def test_at_1280_by_720_readouts_stay_clear_and_presentation_charts_on_screen(
        page, dashboard, lang, presentation):
    page.set_viewport_size({"width": 1280, "height": 720})
    board = open_dashboard(page, dashboard.url + f"?lang={lang}&presentation={presentation}")
    slider = board.locator(".widget-slider").nth(4)  # the annual wallet
    readout = slider.locator(".widget-readout")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("End")
    page.wait_for_function("el => el.innerText === '10,000,000'",
                           arg=readout.element_handle(), timeout=LOAD_TIMEOUT_MS)
    handle = slider.locator(".noUi-handle").bounding_box()
    text = readout.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                            " const b = r.getBoundingClientRect(); return [b.left, b.right]; }")
    box = readout.bounding_box()
    assert text[0] >= handle["x"] + handle["width"] + 4  # a gap between handle and number
    assert text[1] <= box["x"] + box["width"] + 0.5  # the whole number within its box
    if presentation:
        chart = board.locator(".crmsim-chart").bounding_box()
        assert chart["y"] + chart["height"] <= 720 and chart["x"] + chart["width"] <= 1280
        assert chart["width"] >= 560  # the charts fill the right half


def test_zh_presentation_table_header_keeps_its_bracketed_unit_on_one_line(page, dashboard):
    """At 1280×720 the header 期末仍在购买（客户数） wraps before its unit, not inside it."""
    page.set_viewport_size({"width": 1280, "height": 720})
    board = open_dashboard(page, dashboard.url + "?lang=zh&presentation=1")
    header = board.locator(".crmsim-table th", has_text="期末仍在购买")
    unit_lines = header.evaluate(
        "el => { const t = el.firstChild, r = document.createRange();"
        " r.setStart(t, t.data.indexOf('（')); r.setEnd(t, t.data.length);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert unit_lines == 1


def test_a_page_says_when_its_server_has_stopped(page, dashboard):
    open_dashboard(page, dashboard.url)
    banner = page.locator("#crmsim-stopped")
    # two asks answered and more: a running server shows no notice
    page.wait_for_timeout((2 * STOPPED_CHECK_SECONDS + 1) * 1000)
    assert banner.count() == 1 and banner.is_hidden()
    dashboard.stop()
    banner.wait_for(state="visible", timeout=(4 * STOPPED_CHECK_SECONDS) * 1000)
    text = banner.inner_text()
    assert text.index("The dashboard has stopped") < text.index("仪表板已停止运行")
    assert "crmsim dashboard" in text
    assert banner.bounding_box()["y"] <= 0  # at the top, over the page


def test_the_stopped_notice_draws_chinese_with_its_own_font(page):
    page.set_content(f"<!DOCTYPE html><html><body>{stopped_banner_html()}</body></html>")
    page.evaluate("document.getElementById('crmsim-stopped').hidden = false")
    first, second, box = pictures(page, "#crmsim-stopped", "停页" + NO_FONT_HAS_IT)
    assert not same(first, box) and not same(second, box), "Chinese drawn as empty boxes"
    assert not same(first, second), "two different characters drawn alike (tofu)"
