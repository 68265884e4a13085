"""The report states only what the replications called: no verdict in the summary, no money
at stake in the tables, no dashed line in a map title, when nothing was called or drawn.

Few replications call nothing by rule (fewer than 10); the other mixes of verdicts are the
same small analysis with its verdicts set, so each sentence of the summary is checked against
a known set of calls.
"""

from __future__ import annotations

import dataclasses
import html as html_text
import math
import re

import matplotlib
import pandas as pd
import pytest

from crmsim import Scenario, Segment
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.report import analyse_for_report
from crmsim.language.translate import level_label, money_label, tr, use_language
from crmsim.views import report as report_module
from crmsim.views.luxury_plots import plot_frontier, refresh_frontier
from crmsim.views.report import write_report

matplotlib.use("Agg")

KEY = Segment(
    name="key", n_customers=4, annual_wallet=600_000.0, mutual_importance=0.9, switching_cost=0.9
)
SMB = Segment(name="smb", n_customers=20)


def _scenario() -> Scenario:
    return Scenario(
        name="calls", segments=(SMB, KEY), plan={"key": "partnership"}, horizon_months=12
    )


def _paragraph(page: str) -> str:
    return html_text.unescape(page.split('<p class="summary">')[1].split("</p>")[0])


def _best_rows(page: str) -> list[list[str]]:
    """The cells of the best-level table (the first table of the page)."""
    table = page.split("<table")[1].split("</table>")[0]
    return [
        [
            html_text.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        if "<td" in row
    ]


def _verdict_sentences(lang: str) -> dict[str, str]:
    """The fixed parts of the summary sentences that state a verdict or a best level."""
    with use_language(lang):
        return {
            "no_luxury": tr("report.summary.no_luxury"),
            "luxurious": tr("report.summary.luxurious", items="").split(":")[0].split("：")[0],
            "all_best": tr("report.summary.all_best"),
        }


@pytest.fixture(scope="module")
def few(tmp_path_factory):
    """Three replications, English and Chinese: nothing is called."""
    folder = tmp_path_factory.mktemp("few")
    out = {}
    for lang in ("en", "zh"):
        result = write_report(
            _scenario(),
            folder / lang,
            n_replications=3,
            seed=4,
            progress=False,
            frontier_points=3,
            lang=lang,
        )
        out[lang] = (
            result,
            (folder / lang / "report.html").read_text(encoding="utf-8"),
            folder / lang,
        )
    return out


@pytest.fixture(scope="module")
def analysis():
    """Ten replications of the same scenario: the verdicts below are set on it."""
    return analyse_for_report(
        _scenario(), n_replications=10, seed=4, progress=False, frontier_points=3
    )


def _with_calls(analysis, verdicts: dict[tuple[str, str], str], clear: bool):
    """The analysis with the given step verdicts (others: pays) and best levels (un)clear."""
    frame = analysis.verdicts.copy()
    frame["verdict"] = [
        verdicts.get((s, lv), "pays")
        for s, lv in zip(frame["segment"], frame["level"], strict=True)
    ]
    return dataclasses.replace(analysis, verdicts=frame, best=analysis.best.assign(clear=clear))


def _page(analysis, monkeypatch, tmp_path, lang="en") -> str:
    monkeypatch.setattr(report_module, "analyse_for_report", lambda *a, **k: analysis)
    write_report(
        _scenario(),
        tmp_path / lang,
        n_replications=10,
        seed=4,
        progress=False,
        frontier_points=3,
        lang=lang,
    )
    return (tmp_path / lang / "report.html").read_text(encoding="utf-8")


ALL_STEPS = [(s, lv) for s in ("smb", "key") for lv in ("preferred", "partnership", "alliance")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_with_few_replications_the_summary_states_no_verdict(few, lang):
    result, page, _ = few[lang]
    assert set(result.analysis.verdicts["verdict"]) == {"too close to call"}
    paragraph = _paragraph(page)
    for key, text in _verdict_sentences(lang).items():
        assert text not in paragraph, key
    with use_language(lang):
        assert tr("report.summary.all_too_close") in paragraph
        assert tr("report.summary.few_replications", n=3, least=10) in paragraph


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_with_every_step_too_close_the_summary_states_no_verdict(
    analysis, monkeypatch, tmp_path, lang
):
    """Ten replications (enough to call) where nothing was called: still no verdict."""
    unclear = _with_calls(analysis, dict.fromkeys(ALL_STEPS, "too close to call"), clear=False)
    paragraph = _paragraph(_page(unclear, monkeypatch, tmp_path, lang))
    for key, text in _verdict_sentences(lang).items():
        assert text not in paragraph, key
    with use_language(lang):
        assert tr("report.summary.all_too_close") in paragraph
        assert tr("report.summary.few_replications", n=10, least=10) not in paragraph


def test_steps_too_close_are_named_beside_the_luxurious_ones(analysis, monkeypatch, tmp_path):
    mixed = _with_calls(
        analysis,
        {
            ("key", "alliance"): "luxurious",
            ("key", "partnership"): "too close to call",
            ("smb", "alliance"): "too close to call",
        },
        clear=True,
    )
    paragraph = _paragraph(_page(mixed, monkeypatch, tmp_path))
    assert "Luxurious (extra cost above extra return): alliance for key." in paragraph
    assert "Too close to call whether it pays: alliance for smb; partnership for key." in (
        paragraph
    )
    assert "No step up the ladder is luxurious" not in paragraph


def test_no_luxurious_step_among_some_too_close_is_not_called_none(analysis, monkeypatch, tmp_path):
    mixed = _with_calls(analysis, {("key", "alliance"): "too close to call"}, clear=True)
    paragraph = _paragraph(_page(mixed, monkeypatch, tmp_path))
    assert "No step up the ladder is luxurious" not in paragraph
    assert "None of the steps called is luxurious." in paragraph
    assert "Too close to call whether it pays: alliance for key." in paragraph


def test_when_every_step_is_called_and_none_luxurious_the_summary_says_so(
    analysis, monkeypatch, tmp_path
):
    """Companion: the sentence the checks above forbid is there when the calls earn it."""
    called = _with_calls(analysis, {}, clear=True)
    paragraph = _paragraph(_page(called, monkeypatch, tmp_path))
    assert "No step up the ladder is luxurious." in paragraph
    assert "too close" not in paragraph.lower()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_money_at_stake_is_shown_for_a_best_level_too_close_to_call(few, lang):
    result, page, folder = few[lang]
    summary = pd.read_csv(folder / "summary.csv")
    assert not summary["clear"].any()
    assert summary["at_stake"].isna().all()  # empty cells: not counted
    assert result.analysis.summary["at_stake"].map(math.isnan).all()
    rows = _best_rows(page)
    assert len(rows) == 2
    for row in rows:
        assert row[6] == "–", row


def test_money_at_stake_is_shown_when_the_best_level_is_clear(analysis, monkeypatch, tmp_path):
    """Companion: a clear best level shows its gain over the plan, in the table and CSV."""
    called = _with_calls(analysis, {}, clear=True)
    page = _page(called, monkeypatch, tmp_path)
    summary = pd.read_csv(tmp_path / "en" / "summary.csv").set_index("segment")
    assert summary["at_stake"].notna().all()
    key = dict(zip([r[0] for r in _best_rows(page)], _best_rows(page), strict=True))["key"]
    assert key[6] != "–" and key[7] == "clear"


def _title(fig) -> str:
    return fig.axes[0].get_title()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_map_without_a_boundary_says_where_the_deeper_levels_pay(lang):
    flat = frontier_map(Scenario(segments=(SMB,)), n_points=4)
    assert not any(flat.pays(lv).any() for lv in flat.levels[2:])
    with use_language(lang):
        title = _title(plot_frontier(flat))
        dashed = tr("luxury_plots.frontier.edge", levels="X").split("X")[0][:2]
        nowhere = tr(
            "luxury_plots.frontier.nowhere_many",
            levels=level_label("partnership") + tr("report.and") + level_label("alliance"),
        )
    assert dashed not in title  # "da" of "dashed", "虚线"
    assert nowhere in title


def test_a_map_with_a_boundary_names_the_dashed_level_and_the_one_paying_nowhere():
    """Companion: the dashed line is announced where one is drawn."""
    key = frontier_map(Scenario(segments=(KEY,)), n_points=5)
    assert 0 < key.pays("partnership").mean() < 1 and not key.pays("alliance").any()
    fig = plot_frontier(key)
    title = _title(fig)
    assert "dashed: edge of where partnership pays" in title
    assert "alliance pays nowhere on this map" in title
    assert any(
        c.get_linestyles()
        for c in fig.axes[0].collections
        if type(c).__name__ in ("QuadContourSet", "ContourSet")
    )
    flat = frontier_map(Scenario(segments=(SMB,)), n_points=5)
    assert refresh_frontier(fig.axes[0], flat)
    assert "dashed" not in _title(fig)
    assert "partnership and alliance pay nowhere on this map" in _title(fig)


def test_tornado_csv_says_which_output_it_holds(few):
    """The swings in tornado.csv are of the output the manifest names for the figure."""
    result, _, folder = few["en"]
    tornado = pd.read_csv(folder / "tornado.csv")
    figures = result.manifest["figures"]
    for segment, rows in tornado.groupby("segment"):
        output = figures[f"tornado[{segment}]"]["arguments"]["output"]
        assert set(rows["output"]) == {output}, segment
        assert set(rows["level"]) == {figures[f"tornado[{segment}]"]["arguments"]["level"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tornado_axis_gives_the_unit_and_the_step(few, lang):
    """The tornado of the report swings money per customer of a step up: its axis says so."""
    from crmsim.views.luxury_plots import plot_tornado

    result, _, _ = few[lang]
    swing = result.analysis.tornado
    swing = swing[swing["segment"] == "key"]
    swing.attrs.clear()  # as read back from tornado.csv: the output is in its column
    with use_language(lang):
        label = plot_tornado(swing).axes[0].get_xlabel()
        money = money_label("").strip()
    assert money in label, label
    assert ("over the next cheaper level" if lang == "en" else "相对次一级层次") in label


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_break_evens_and_figures_say_where_their_numbers_come_from(few, lang):
    """The break-evens and some figures state verdicts even when the replications call
    nothing: their sections say which are the model's expected values (no replications)."""
    _, page, _ = few[lang]
    with use_language(lang):
        heading, explain = tr("report.break_evens"), tr("report.break_evens.explain")
    section = html_text.unescape(page.split(f"<h2>{heading}</h2>")[1].split("<h2")[0])
    assert explain in section
    with use_language(lang):
        heading, explain = tr("report.figures"), tr("report.figures.explain")
    section = html_text.unescape(page.split(f"<h2>{heading}</h2>")[1].split("<h2")[0])
    assert explain in section


def _figure_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_the_value_figure_explains_the_luxurious_mark_only_when_one_is_drawn(analysis):
    """Nothing called luxurious: no note about a mark no panel carries."""
    from crmsim.views.plots import plot_value_by_segment

    with use_language("en"):
        note = tr("plots.luxurious_note")
    unclear = _with_calls(analysis, dict.fromkeys(ALL_STEPS, "too close to call"), clear=False)
    fig = plot_value_by_segment(analysis.values, verdicts=unclear.verdicts)
    assert note not in _figure_texts(fig)
    # companion: a step called luxurious is marked, and the note explains the mark
    called = _with_calls(analysis, {("key", "alliance"): "luxurious"}, clear=True)
    fig = plot_value_by_segment(analysis.values, verdicts=called.verdicts)
    assert note in _figure_texts(fig)
    assert any(t.get_text() == "luxurious" for ax in fig.axes for t in ax.texts)


def test_the_value_axis_label_of_stacked_panels_is_not_drawn_twice(analysis):
    """Three segments stack two rows of panels: one value label for the figure, not one per
    panel running into the next."""
    from crmsim.views.plots import plot_value_by_segment

    three = pd.concat(
        [
            analysis.values,
            analysis.values[analysis.values["segment"] == "key"].assign(segment="third"),
        ],
        ignore_index=True,
    )
    fig = plot_value_by_segment(three)
    with use_language("en"):
        label = tr("plots.value_by_level.ylabel")
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 3
    assert [ax.get_ylabel() for ax in shown] == ["", "", ""]
    assert label in _figure_texts(fig)


def test_the_cumulative_profit_label_of_stacked_panels_is_not_drawn_twice(analysis):
    from crmsim.views.plots import plot_cumulative_profit_by_segment

    flows = analysis.cash_flows
    three = pd.concat(
        [flows, flows[flows["segment"] == "key"].assign(segment="third")], ignore_index=True
    )
    fig = plot_cumulative_profit_by_segment(three)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 3 and [ax.get_ylabel() for ax in shown] == ["", "", ""]
    assert tr("plots.cumulative_profit.ylabel") in _figure_texts(fig)
    # the other figures are per customer; this one adds up the segment's customers: it says so
    for lang, words in (("en", "all customers"), ("zh", "全部客户")):
        with use_language(lang):
            assert words in tr("plots.cumulative_profit.ylabel")
    # companion: one row of two panels keeps the label on its first panel
    two = plot_cumulative_profit_by_segment(flows)
    assert two.axes[0].get_ylabel() == tr("plots.cumulative_profit.ylabel")
