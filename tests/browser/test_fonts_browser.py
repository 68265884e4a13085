"""Chinese and projector screens in a real browser, on a machine with no Chinese system font.

The browser draws a character no installed font has as an empty box ("tofu"), the same box for
every such character. So a page draws real Chinese glyphs when two different characters come out
as two different pictures, neither of them the box. The companion tests show the same check
fails on a page without crmsim's web font (which also shows that this machine has no Chinese
font of its own), and that the overflow check catches a clipped control.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from crmsim.views.dashboard.server import too_many_pages_html
from crmsim.views.fonts import CJK_FONT_FAMILY, FONT_STACK_CSS, font_face_css
from crmsim.views.widgets.base import font_style_html

from .conftest import open_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD_TIMEOUT_MS = 180_000
TWO_CHARACTERS = "转本"  # from "转移成本" (switching cost), both in the zh dashboard
NO_FONT_HAS_IT = "\ue000"  # a private-use code point: always the empty box

# Draws each character alone in a white 80 px square (inside `root`, so with its fonts)
SAMPLE_JS = """
async ([selector, chars]) => {
  const root = document.querySelector(selector) || document.body;
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;left:0;top:0;z-index:99999;background:#fff;color:#000;' +
                      'font-size:64px;line-height:1;font-weight:normal';
  chars.forEach((ch, i) => {
    const s = document.createElement('span');
    s.id = 'glyph-sample-' + i;
    s.textContent = ch;
    s.style.cssText = 'display:inline-block;width:80px;height:80px;text-align:center';
    box.appendChild(s);
  });
  root.appendChild(box);
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}
"""

# Every control whose text is clipped (wider than its box) or that sticks out of the window; a
# dropdown counts as clipped when its chosen option's text is wider than the room it has
OVERFLOW_JS = """
(selector) => {
  const root = document.querySelector(selector);
  const canvas = document.createElement('canvas').getContext('2d');
  const bad = [];
  for (const el of root.querySelectorAll(
      'button, select, input, .widget-label, .widget-readout, .widget-html-content, label')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.closest('[style*="display: none"]')) continue;
    let clipped = el.scrollWidth > el.clientWidth + 1;
    if (el.tagName === 'SELECT' && el.selectedIndex >= 0) {
      const style = getComputedStyle(el);
      canvas.font = style.font;
      const text = canvas.measureText(el.options[el.selectedIndex].text).width;
      // (the dropdown's arrow sits in its right padding)
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      clipped = clipped || text > room;
    }
    const outside = box.left < -1 || box.right > innerWidth + 1;
    if (clipped || outside) {
      bad.push(`${el.tagName} "${(el.innerText || el.value || '').slice(0, 30)}" ` +
               `${el.scrollWidth}/${el.clientWidth}px, right ${Math.round(box.right)}`);
    }
  }
  return bad;
}
"""


def pictures(page, selector: str, chars: str) -> list:
    """Each character of ``chars`` drawn inside ``selector``, as a grey-level picture."""
    from PIL import Image

    page.evaluate(SAMPLE_JS, [selector, list(chars)])
    shots = []
    for i in range(len(chars)):
        png = page.locator(f"#glyph-sample-{i}").screenshot()
        shots.append(Image.open(io.BytesIO(png)).convert("L"))
    page.evaluate(
        "document.querySelectorAll('[id^=glyph-sample-]').forEach(e => e.parentElement.remove())"
    )
    return shots


def same(a, b) -> bool:
    return a.size == b.size and bool((np.asarray(a) == np.asarray(b)).all())


def inked(picture) -> int:
    """Dark pixels in a picture (a glyph or the box's outline)."""
    return int((np.asarray(picture) < 128).sum())


def assert_real_glyphs(page, selector: str) -> None:
    first, second, box = pictures(page, selector, TWO_CHARACTERS + NO_FONT_HAS_IT)
    assert inked(first) > 50 and inked(second) > 50
    assert not same(first, box) and not same(second, box), "Chinese drawn as empty boxes"
    assert not same(first, second), "two different characters drawn alike (tofu)"


def open_recorded(page, url: str):
    """Load the dashboard page and wait for its verdicts; the requests to other hosts."""
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    board = open_dashboard(page, url)
    page.evaluate("document.fonts.ready.then(() => true)")
    return board, elsewhere


def test_zh_dashboard_draws_chinese_with_real_glyphs(page, dashboard):
    board, elsewhere = open_recorded(page, dashboard.url + "?lang=zh")
    assert "转移成本" in board.inner_text()
    assert_real_glyphs(page, ".crmsim-dashboard")
    # the page's own text uses that font: title, labels, buttons, dropdowns, verdicts, table
    families = page.evaluate(
        "() => [...document.querySelectorAll('.crmsim-dashboard :is(h2, .widget-label, button,"
        " select, .crmsim-verdicts li, .crmsim-table th)')]"
        ".filter(e => /[\\u4e00-\\u9fff]/.test(e.innerText || e.value))"
        ".map(e => getComputedStyle(e).fontFamily)"
    )
    assert len(families) >= 10
    assert all(f.startswith(f'"{CJK_FONT_FAMILY}"') for f in families), set(families)
    assert page.evaluate(f"document.fonts.check('20px \"{CJK_FONT_FAMILY}\"', '中文转移成本')")
    assert elsewhere == [], f"the page asked other hosts: {elsewhere}"


def test_en_dashboard_names_each_of_the_four_conditions_with_its_chinese_term(page, dashboard):
    board, _elsewhere = open_recorded(page, dashboard.url + "?lang=en")
    assert "switching cost (转移成本)" in board.inner_text()
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.crmsim-dashboard .widget-slider .widget-label')]"
        ".slice(0, 4).map(e => [e.innerText, getComputedStyle(e).fontFamily])"
    )
    assert len(labels) == 4
    for text, family in labels:  # each condition: its English name, its term in Chinese
        assert re.search(r"^[a-z' ]+ \([\u4e00-\u9fff]+\)$", text), text
        assert family.startswith(f'"{CJK_FONT_FAMILY}"'), family
    # characters only the English page's terms bring, drawn as real glyphs, not boxes
    first, second, box = pictures(page, ".crmsim-dashboard", "彼判" + NO_FONT_HAS_IT)
    assert inked(first) > 50 and inked(second) > 50
    assert not same(first, box) and not same(second, box) and not same(first, second)


def test_the_glyph_check_catches_tofu_without_the_web_font(page):
    text = TWO_CHARACTERS + NO_FONT_HAS_IT
    body = f"<body style='font-family: {FONT_STACK_CSS}'><p>{TWO_CHARACTERS}</p></body>"
    page.set_content(body)
    first, second, box = pictures(page, "body", text)
    # no font on this machine has the characters: the same empty box three times
    assert same(first, second) and same(first, box)
    with pytest.raises(AssertionError, match=r"empty boxes|tofu"):
        assert_real_glyphs(page, "body")
    # the embedded font (as the HTML report uses it) draws them
    page.set_content(f"<style>{font_face_css(embed=True, text=text)}</style>{body}")
    assert_real_glyphs(page, "body")


def test_a_notebook_widget_carries_the_font_to_its_labels_and_buttons(page):
    # what every explorer of the teaching notebooks puts in the page (JupyterLab, Voilà)
    page.set_content(
        f"{font_style_html('.crmsim-explorer')}<div class='crmsim-explorer'>"
        "<label>转移成本</label><button>转移成本</button></div>"
    )
    assert_real_glyphs(page, ".crmsim-explorer button")
    family = page.evaluate("getComputedStyle(document.querySelector('button')).fontFamily")
    assert family.startswith(f'"{CJK_FONT_FAMILY}"')


def test_the_busy_page_draws_both_languages(page):
    page.set_content(too_many_pages_html(3))
    assert "Too many open dashboard pages (3, the limit)" in page.inner_text("body")
    assert "打开的仪表板页面太多" in page.inner_text("body")
    first, second, box = pictures(page, "body", "仪表" + NO_FONT_HAS_IT)
    assert not same(first, second) and not same(first, box)


SLIDER_TRACKS_JS = """() => [...document.querySelectorAll(
    '.crmsim-controls .widget-slider .slider-container')]
    .map(e => e.getBoundingClientRect().width)"""
MIN_TRACK_PX = 120


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_mode_fits_a_1280x720_projector(browser, dashboard, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        board, _ = open_recorded(page, dashboard.url + f"?lang={lang}&presentation=1")
        assert "crmsim-presentation" in (board.get_attribute("class") or "")
        page.wait_for_function(
            "() => document.querySelector('.crmsim-dashboard img.crmsim-chart')?.complete",
            timeout=LOAD_TIMEOUT_MS,
        )
        assert page.evaluate(OVERFLOW_JS, ".crmsim-dashboard") == []
        # the charts are on screen, large enough to read
        chart = board.locator("img.crmsim-chart").bounding_box()
        assert chart["y"] >= 0 and chart["y"] + chart["height"] <= 720 + 1
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 1280 + 1
        assert chart["height"] >= 450
        # the instruction line and the table are larger than in the normal view
        sizes = page.evaluate(
            "() => ['.crmsim-intro p', '.crmsim-table td'].map(s => "
            "parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
        )
        assert min(sizes) >= 19, sizes
        assert "NaN" not in board.locator(".crmsim-table").inner_text()
        # every slider keeps a track a hand can move: a long name wraps instead of squeezing it
        assert min(page.evaluate(SLIDER_TRACKS_JS)) >= MIN_TRACK_PX
        if lang == "en":  # the check would catch names kept on one line (tracks of ~55 px)
            page.add_style_tag(content=".crmsim-dashboard .widget-slider .widget-label "
                               "{ flex: 0 0 auto !important; max-width: none !important; "
                               "white-space: nowrap !important; }")
            assert min(page.evaluate(SLIDER_TRACKS_JS)) < MIN_TRACK_PX
    finally:
        context.close()


def test_the_overflow_check_catches_a_clipped_button(page):
    page.set_content(
        "<div id='box'><button style='width:60px;white-space:nowrap;"
        "overflow:hidden'>presentation mode</button>"
        "<select style='width:40px'><option>partnership</option></select></div>"
    )
    found = page.evaluate(OVERFLOW_JS, "#box")
    assert len(found) == 2 and found[0].startswith('BUTTON "presentation mode"')


NOTEBOOK_PAGE = """\
<style>:root {{ --jp-code-font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; }}
.cm-editor {{ font-family: var(--jp-code-font-family); }}</style>{style}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>转移成本</p></div>
<div class="jp-CodeMirrorEditor"><div class="cm-editor"><pre># 转移成本</pre></div></div>
<div class="lm-Widget jupyter-widgets widget-inline-hbox widget-dropdown">
<label class="widget-label">转移成本</label><select><option>转移成本</option></select></div>
"""


def test_a_chinese_notebook_draws_its_markdown_and_code_comments_with_real_glyphs(page):
    """What the first cell of every notebook displays (``show_notebook_font``) reaches
    JupyterLab's Markdown and code editor and the notebook's own ipywidgets, which do not
    inherit crmsim's widgets' font."""
    from crmsim.views.fonts import notebook_font_html

    page.set_content(NOTEBOOK_PAGE.format(style=""))
    with pytest.raises(AssertionError, match=r"empty boxes|tofu"):  # the check would catch it
        assert_real_glyphs(page, ".jp-RenderedMarkdown")
    page.set_content(NOTEBOOK_PAGE.format(style=notebook_font_html()))
    page.evaluate("document.fonts.ready.then(() => true)")
    assert_real_glyphs(page, ".jp-RenderedMarkdown")
    assert_real_glyphs(page, ".cm-editor")
    # the notebook's own ipywidgets: labels inherit the font, dropdowns are given it
    assert_real_glyphs(page, ".widget-label")
    assert CJK_FONT_FAMILY in page.evaluate(
        "getComputedStyle(document.querySelector('.widget-dropdown select')).fontFamily")
    # Latin code keeps a monospace font (printed tables stay aligned)
    narrow, wide = page.evaluate(
        "() => { const s = document.createElement('span'); "
        "document.querySelector('.cm-editor pre').append(s); const w = t => "
        "{ s.textContent = t; return s.getBoundingClientRect().width; }; "
        "return [w('iiii'), w('MMMM')]; }"
    )
    assert narrow == pytest.approx(wide)
