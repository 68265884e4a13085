"""The report reads like a client document: formatted numbers, translated tables, escaped text.

One small scenario with a segment whose deeper levels return nothing extra (luxury ratio
+inf) and names full of HTML, written once in English and once in Chinese.
"""

from __future__ import annotations

import html as html_text
import math
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from crmsim import Scenario, Segment
from crmsim.language.translate import money_label, tr, use_language
from crmsim.views.fonts import CJK_FONT_FAMILY
from crmsim.views.report import write_report

HOSTILE = "<script>alert('x')</script>"


def _scenario() -> Scenario:
    return Scenario(
        name="client <b>A</b> & co",
        description=f"Description with {HOSTILE}",
        segments=(
            Segment(
                name="<i>small</i> buyers", n_customers=8, annual_wallet=50.0, gross_margin=0.05
            ),
            Segment(
                name="key",
                n_customers=3,
                annual_wallet=600_000.0,
                mutual_importance=0.9,
                switching_cost=0.9,
            ),
        ),
        plan={"key": "partnership"},
        horizon_months=12,
    )


class _Text(HTMLParser):
    """The text a reader sees (no style, script or attributes), and the table headers."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headers: list[str] = []
        self._skip = 0
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        if tag == "th":
            self._in_th = True
            self.headers.append("")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")
        self._in_th = self._in_th and tag != "th"

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_th:
            self.headers[-1] += data


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readable")
    out = {}
    for lang in ("en", "zh"):
        result = write_report(
            _scenario(),
            folder / lang,
            n_replications=10,  # the fewest from which verdicts are called
            seed=4,
            progress=False,
            frontier_points=3,
            lang=lang,
        )
        out[lang] = (result, (folder / lang / "report.html").read_text(encoding="utf-8"))
    return out


def test_the_scenario_has_a_ratio_with_no_extra_return(reports):
    result, _ = reports["en"]
    assert result.analysis.verdicts["luxury_ratio"].map(math.isinf).any()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_e_notation_and_no_inf_in_the_text(reports, lang):
    _, html = reports[lang]
    text = " ".join(_read(html).text)
    assert "e+" not in text
    assert not re.search(r"\d[eE]-\d", text)
    assert not re.search(r"\b(inf|nan)\b", text, flags=re.IGNORECASE)
    assert ("no extra return" if lang == "en" else "无额外回报") in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_headers_of_money_name_the_currency_and_ratios_do_not(reports, lang):
    """Each table's columns of money carry the unit (the same for every language's catalogue
    entry); a ratio and a share do not."""
    _, html = reports[lang]
    headers = _read(html).headers
    with use_language(lang):
        unit = money_label("").strip()
        money = [money_label(tr(f"report.col.{key}")) for key in
                 ("value_planned", "value_best", "at_stake", "extra_cost", "extra_return",
                  "extra_profit", "firm_extra", "customer_gain", "cost", "return", "value")]
        plain = [tr(f"report.col.{key}") for key in ("luxury_ratio", "gain_share", "customers")]
    assert set(money) <= set(headers), set(money) - set(headers)
    assert set(plain) <= set(headers)
    assert all(unit not in header for header in plain)
    # both intervals (of extra profit and of value per customer) are money too
    with use_language(lang):
        interval = money_label(tr("report.col.interval"))
    assert headers.count(interval) == 2


def test_the_text_checks_catch_raw_numbers():
    """Companion: pandas' own rendering of the same numbers fails the checks above."""
    raw = pd.DataFrame({"ratio": [math.inf, 0.71], "profit": [1.5e12, -3.0]}).to_html()
    text = " ".join(_read(raw).text)
    assert "e+" in text and re.search(r"\binf\b", text)


def test_the_chinese_report_has_no_english_column_names(reports):
    result, html = reports["zh"]
    headers = _read(html).headers
    assert len(headers) > 30
    raw_names = {column for frame in result.analysis.tables().values() for column in frame}
    allowed = {"SHA", "Python", "NumPy", "crmsim"}
    for header in headers:
        assert header not in raw_names and "_" not in header, header
        words = set(re.findall(r"[A-Za-z]{3,}", header))
        assert words <= allowed, header
    assert "摘要" in html and "计划层次" in headers


def test_the_english_report_uses_words_not_column_names(reports):
    """Companion: the same header check on the English report finds English words."""
    result, html = reports["en"]
    headers = _read(html).headers
    assert "planned level" in headers and "best level" in headers
    raw_names = {column for frame in result.analysis.tables().values() for column in frame}
    assert {name for name in raw_names if "_" in name} & {"best_level", "extra_profit_low"}
    assert not any("_" in header for header in headers)
    assert "clear True" not in html and "best_level" not in " ".join(_read(html).text)


def test_user_text_is_escaped(reports):
    for _, html in reports.values():
        assert HOSTILE not in html and "<i>small</i>" not in html and "<b>A</b>" not in html
        assert "&lt;script&gt;" in html and "&lt;i&gt;small&lt;/i&gt; buyers" in html


def test_the_summary_names_planned_and_best_levels_and_the_money_at_stake(reports):
    result, html = reports["en"]
    summary = result.analysis.summary.set_index("segment")
    key = summary.loc["key"]
    assert key["planned_level"] == "partnership"
    paragraph = html.split('<p class="summary">')[1].split("</p>")[0]
    assert "For key (3 customers)" in paragraph and "partnership" in paragraph
    if key["best_level"] != "partnership":
        from crmsim.common.numbers import format_number

        assert format_number(round(key["at_stake"])) in paragraph
    assert "Luxurious (extra cost above extra return)" in paragraph


def test_the_page_embeds_the_chinese_font_and_prints(reports):
    _, html = reports["zh"]
    assert f'font-family: "{CJK_FONT_FAMILY}"' in html
    assert "data:font/woff;base64," in html
    assert "@media print" in html and "@page" in html
    assert "<pre>" not in html  # the manifest is a table in the appendix, not raw JSON


HEADINGS = (
    "summary",
    "best",
    "verdicts",
    "both_sides",
    "break_evens",
    "discovery",
    "figures",
    "values",
    "assumptions",
    "manifest",
)


def _headings(page: str) -> list[str]:
    return [html_text.unescape(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, flags=re.S)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_heading_is_its_catalogue_text(reports, lang):
    """A heading is the translated text of its section, never a Python object's repr (the
    table of values per level was headed "<built-in method values of dict object ...>")."""
    _, page = reports[lang]
    with use_language(lang):
        allowed = {tr(f"report.{key}") for key in HEADINGS}
        values = tr("report.values")
    headings = _headings(page)
    assert values in headings
    assert set(headings) <= allowed, set(headings) - allowed
    assert not re.search(r"built-in method|object at 0x|bound method", page)


def test_the_heading_check_catches_a_repr():
    page = "<h2>&lt;built-in method values of dict object at 0x7f&gt;</h2>"
    with use_language("en"):
        allowed = {tr(f"report.{key}") for key in HEADINGS}
    assert not set(_headings(page)) <= allowed


def test_a_report_of_few_replications_advises_nothing(tmp_path):
    """Three replications call nothing: the summary says so, reports what the replications
    showed without advice, and counts no money at stake."""
    write_report(_scenario(), tmp_path / "few", n_replications=3, seed=4, progress=False,
                 frontier_points=3, lang="en")
    page = (tmp_path / "few" / "report.html").read_text(encoding="utf-8")
    paragraph = html_text.unescape(page.split('<p class="summary">')[1].split("</p>")[0])
    assert "With 3 replications nothing is called: run at least 10" in paragraph
    assert "too close to call" in paragraph
    assert "would earn" not in paragraph and "is worth" not in paragraph
