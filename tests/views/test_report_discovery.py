"""The report's section "Where does partnership pay? Scenario discovery".

One small two-segment scenario, written once in English and once in Chinese; the section's
numbers are checked against :func:`crmsim.analysis.discovery.discover` called directly with
the run's seed, and the section without the ``discovery`` extra is one sentence.
"""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from markupsafe import escape

from crmsim import Scenario, Segment
from crmsim.analysis.discovery import box_text, compare_with_rule, discover
from crmsim.analysis.report import DISCOVERY_LEVEL, DISCOVERY_POINTS
from crmsim.language.translate import use_language
from crmsim.views.report import read_manifest, write_report

SEED = 7


def _scenario() -> Scenario:
    return Scenario(
        name="two segments",
        segments=(
            Segment(name="smb", n_customers=20),
            Segment(
                name="key",
                n_customers=4,
                annual_wallet=600_000.0,
                mutual_importance=0.9,
                switching_cost=0.9,
            ),
        ),
        plan={"key": "partnership"},
    )


def _write(folder, lang: str):
    result = write_report(
        _scenario(),
        folder,
        n_replications=2,
        seed=SEED,
        progress=False,
        frontier_points=3,
        lang=lang,
    )
    return result, (folder / "report.html").read_text(encoding="utf-8")


def _section(html: str) -> str:
    return html.split('<section id="discovery">')[1].split("</section>")[0]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discovery")
    return {lang: _write(folder / lang, lang) for lang in ("en", "zh")}


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Where does partnership pay? Scenario discovery"),
        ("zh", "合作伙伴关系在哪些情况下值得？情景发现"),
    ],
)
def test_the_section_says_each_segments_box_and_the_rule_in_words(reports, lang, heading):
    result, html = reports[lang]
    section = _section(html)
    assert f"<h2>{heading}</h2>" in section
    found = result.analysis.discoveries
    assert [d.segment for d in found] == ["smb", "key"]
    with use_language(lang):
        for d, comparison in zip(found, result.analysis.rule_comparisons, strict=True):
            assert str(escape(box_text(d))) in section
            assert str(escape(comparison.text())) in section
    for d in found:
        assert (f'id="fig-discovery[{d.segment}]"' in section) == bool(d.boxes)
    assert all(d.boxes for d in found)
    sentence = "The model finds partnership pays for " if lang == "en" else "模型发现："
    assert sentence in section


def test_the_chinese_section_has_no_english_column_names(reports):
    _, html = reports["zh"]
    section = _section(html)
    headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", section)
    assert headers and set(headers) == {"指标", "占抽样点的比例"}
    for english in ("measure", "agreement", "false_pays", "rule_coverage", "share"):
        assert english not in section.replace("discovery", "")


def test_the_english_section_has_its_words(reports):
    """Companion of the check above: the English section does carry the English words."""
    _, html = reports["en"]
    section = _section(html)
    assert "measure" in section and "agreement" in section


def test_the_reports_numbers_are_those_of_discover_with_the_runs_seed(reports):
    result, html = reports["en"]
    out = result.out_dir
    seed = read_manifest(out / "report.html")["seed"]
    assert seed == SEED
    scenario = _scenario()
    rule_csv = pd.read_csv(out / "discovery_rule.csv")
    boxes_csv = pd.read_csv(out / "discovery.csv")
    for reported, reported_rule in zip(
        result.analysis.discoveries, result.analysis.rule_comparisons, strict=True
    ):
        name = reported.segment
        direct = discover(
            scenario.segment_alone(name, unlimited_staff=True),
            segment=name,
            level=DISCOVERY_LEVEL,
            n_points=DISCOVERY_POINTS,
            seed=seed,
        )
        pd.testing.assert_frame_equal(reported.to_frame(), direct.to_frame())
        rule = compare_with_rule(direct).to_frame()
        pd.testing.assert_frame_equal(reported_rule.to_frame(), rule)
        written = rule_csv[rule_csv["segment"] == name].reset_index(drop=True)
        assert written["value"].tolist() == pytest.approx(rule["value"].tolist(), rel=1e-12)
        assert len(boxes_csv[boxes_csv["segment"] == name]) == len(direct.boxes)
        assert str(escape(box_text(direct))) in html


def test_another_seed_gives_other_numbers(reports):
    """Companion: the comparison above would notice a report drawn with another seed."""
    result, _ = reports["en"]
    reported = result.analysis.discoveries[1]
    other = discover(
        _scenario().segment_alone("key", unlimited_staff=True),
        segment="key",
        level=DISCOVERY_LEVEL,
        n_points=DISCOVERY_POINTS,
        seed=SEED + 1,
    )
    assert not reported.values.points.equals(other.values.points)


def test_without_the_extra_the_section_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "prim", None)  # what an install without prim looks like
    for lang, sentence in (
        ("en", "needs the 'discovery' extra: pip install 'crmsim[discovery]'."),
        ("zh", "需要安装 'discovery' 扩展：pip install 'crmsim[discovery]'。"),
    ):
        result, html = _write(tmp_path / lang, lang)
        section = _section(html)
        assert str(escape(sentence)) in section
        assert section.count("<p>") == 1 and "<img" not in section
        assert not result.analysis.discovery_installed and not result.analysis.discoveries
        assert "discovery" not in result.analysis.tables()
        assert not (tmp_path / lang / "discovery.csv").exists()
