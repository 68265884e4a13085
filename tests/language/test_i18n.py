"""English / 简体中文: the language switch, the message catalogue, the glossary, and every view
(figures, widgets, CLI, report) following the chosen language."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import crmsim
import crmsim.language.translate as i18n
from crmsim import ScenarioError, Segment
from crmsim.cli import main
from crmsim.common.numbers import format_number
from crmsim.language import (
    DOMAIN_TERMS,
    GLOSSARY,
    LADDER_TERMS,
    LANGUAGES,
    LEVER_TERMS,
    MESSAGES,
    format_glossary,
    get_language,
    glossary_table,
    level_label,
    money_label,
    parameter_label,
    placeholders,
    segment_label,
    set_language,
    state_label,
    term_zh,
    tr,
    use_language,
)
from crmsim.scenario import DEFAULT_LEVELS, STATE_LABELS_ZH, STATES, RelationshipLevel

CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE = Path(crmsim.__file__).parent


@pytest.fixture(autouse=True)
def _no_session_language(monkeypatch):
    """Each test starts from the default (no set_language, no CRMSIM_LANG)."""
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setattr(i18n, "_session", None)


# -- the switch -------------------------------------------------------------------------


def test_default_is_english_and_the_environment_variable_changes_it(monkeypatch):
    assert get_language() == "en"
    monkeypatch.setenv("CRMSIM_LANG", "zh_CN")
    assert get_language() == "zh"
    monkeypatch.setenv("CRMSIM_LANG", "klingon")
    with pytest.raises(ScenarioError, match="CRMSIM_LANG must be one of 'en', 'zh'"):
        get_language()


@pytest.mark.parametrize("alias", ["zh", "zh-CN", "zh_CN", "zh-Hans", "ZH-cn"])
def test_chinese_aliases(alias):
    set_language(alias)
    assert get_language() == "zh"
    set_language("en")
    assert get_language() == "en"


@pytest.mark.parametrize("bad", ["fr", "", "chinese", 3])
def test_set_language_rejects_other_values_in_one_sentence(bad):
    with pytest.raises(ValueError) as info:
        set_language(bad)
    message = str(info.value)
    assert isinstance(info.value, ScenarioError)
    assert "'en', 'zh'" in message and repr(bad) in message and message.count(".") <= 2
    assert get_language() == "en"  # unchanged


def test_use_language_restores_the_previous_language_even_after_an_error():
    set_language("zh")
    with use_language("en"):
        assert get_language() == "en"
        with use_language("zh-Hans"):
            assert get_language() == "zh"
        assert get_language() == "en"
    assert get_language() == "zh"
    with pytest.raises(RuntimeError), use_language("en"):
        raise RuntimeError
    assert get_language() == "zh"
    with use_language(None):  # None keeps the current language
        assert get_language() == "zh"


def test_set_language_reaches_other_threads_but_use_language_stays_local():
    seen = {}

    def read(key):
        seen[key] = get_language()

    with use_language("zh"):
        worker = threading.Thread(target=read, args=("inside block",))
        worker.start()
        worker.join()
    set_language("zh")
    worker = threading.Thread(target=read, args=("after set_language",))
    worker.start()
    worker.join()
    assert seen == {"inside block": "en", "after set_language": "zh"}


def test_set_language_inside_a_block_applies_at_once_and_the_block_still_restores():
    with use_language("en"):
        set_language("zh")
        assert get_language() == "zh"
    assert get_language() == "zh"  # the session default set inside the block


def test_the_package_exports_the_switch():
    assert crmsim.set_language is set_language
    assert crmsim.use_language is use_language and crmsim.get_language is get_language
    assert LANGUAGES == ("en", "zh")


# -- the catalogue ----------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_and_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(isinstance(text, str) and text for text in entry.values()), key
    assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def _keys_in_source() -> set[str]:
    keys = set()
    for path in SOURCE.rglob("*.py"):
        keys |= set(re.findall(r"""\btr\(\s*["']([^"'{}]+)["']""", path.read_text("utf-8")))
    return keys - {"no such message"}  # the doctest of a missing key


def test_every_literal_message_key_used_in_crmsim_is_in_the_catalogue():
    keys = _keys_in_source()
    assert len(keys) > 150
    assert sorted(keys - set(MESSAGES)) == []


def test_keys_built_at_run_time_are_in_the_catalogue():
    from crmsim.analysis.luxury import VERDICTS
    from crmsim.analysis.teaching import lifetime_value_steps
    from crmsim.views.widgets import BREAK_EVEN_ALONG, PROGRAMME_CHOICES

    wanted = [f"verdict.{v}" for v in VERDICTS] + [f"luxury.verdict.{v}" for v in VERDICTS]
    wanted += [f"widgets.programme.{k}" for k in PROGRAMME_CHOICES]
    wanted += [f"widgets.along.{p}" for p in BREAK_EVEN_ALONG]
    wanted += [f"widgets.worth.step.{s}" for s in lifetime_value_steps()["step"]]
    for suffix in ("one", "pays_all", "ranges"):
        wanted += [f"luxury.break_even.{suffix}", f"luxury.break_even.{suffix}_vs"]
    assert [k for k in wanted if k not in MESSAGES] == []


def test_tr_formats_and_explains_a_missing_key_or_value():
    ratio = format_number(1.84, digits=2)
    assert tr("luxury.detail.ratio", ratio=ratio) == "extra cost 1.8 × extra return"
    with use_language("zh"):
        assert tr("luxury.detail.ratio", ratio=ratio) == "额外成本是额外回报的 1.8 倍"
    assert tr("luxury.detail.ratio", ratio=format_number(123.4, digits=2)) == (
        "extra cost 120 × extra return")
    with pytest.raises(KeyError, match="no message 'nope'"):
        tr("nope")
    with pytest.raises(KeyError, match="needs the value 'ratio'"):
        tr("luxury.detail.ratio")


def test_chinese_messages_are_chinese():
    def words(text):
        return re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", text))

    untranslated = [k for k, v in MESSAGES.items() if words(v["en"]) and not CJK.search(v["zh"])]
    assert untranslated == []


# -- labels come from the existing data and agree with the glossary --------------------


def test_level_and_state_labels_come_from_the_model_data():
    with use_language("zh"):
        assert [level_label(lv.name) for lv in DEFAULT_LEVELS] == [
            lv.label_zh for lv in DEFAULT_LEVELS]
        assert [state_label(s) for s in STATES] == [STATE_LABELS_ZH[s] for s in STATES]
        custom = RelationshipLevel(name="vip club", label_zh="贵宾俱乐部")
        assert level_label("vip club", levels=[custom]) == "贵宾俱乐部"
        assert level_label("unknown") == "unknown"
    assert [level_label(lv.name) for lv in DEFAULT_LEVELS] == [lv.name for lv in DEFAULT_LEVELS]


def test_every_segment_of_every_preset_has_a_label_and_other_names_pass_through():
    from crmsim.scenario.presets import preset, preset_names

    names = {seg.name for p in preset_names() for seg in preset(p).segments}
    assert {"key accounts", "T-type", "R-type", "dealers", "prospects"} <= names
    assert sorted(n for n in names if f"segment.{n}" not in MESSAGES) == []
    for name in names:
        assert MESSAGES[f"segment.{name}"]["en"] == name  # English output unchanged
        assert segment_label(name) == name
        with use_language("zh"):
            assert CJK.search(segment_label(name)), name
    for p in preset_names():  # in each preset the Chinese names tell the segments apart
        with use_language("zh"):
            shown = [segment_label(seg.name) for seg in preset(p).segments]
        assert len(set(shown)) == len(shown), p
    for lang in LANGUAGES:
        with use_language(lang):
            assert [segment_label(n) for n in ("smb", "VIP 客户", "")] == ["smb", "VIP 客户", ""]


def test_preset_segment_labels_use_the_glossary_terms():
    terms = dict(GLOSSARY)
    with use_language("zh"):
        assert segment_label("key accounts") == terms["key account"]
        assert segment_label("prospects") == terms["potential customer"]
        assert segment_label("potential clients") == terms["potential customer"]
        assert segment_label("target clients") == terms["target customer"]
        assert segment_label("current clients") == terms["current customer"]


def test_glossary_holds_the_domain_texts_pairs():
    table = glossary_table()
    assert len(table) == len(GLOSSARY) == len(DOMAIN_TERMS) + len(LADDER_TERMS) + len(LEVER_TERMS)
    assert len(DOMAIN_TERMS) == 31
    assert table["english"].is_unique and table["chinese"].is_unique
    spot = {"customer relationship management": "客户关系管理", "luxurious": "奢侈的",
            "switching cost": "转移成本", "key account": "大客户", "win-back": "挽回",
            "call centre": "呼叫中心", "customer lifetime value": "客户终身价值"}
    assert {en: term_zh(en) for en in spot} == spot
    with pytest.raises(ScenarioError, match="not in the glossary"):
        term_zh("churn")


def test_chinese_level_and_state_labels_are_the_glossary_terms():
    terms = dict(GLOSSARY)
    with use_language("zh"):
        for level in DEFAULT_LEVELS:
            english = level.name if level.name in terms else level.label_en
            assert terms[english] == level_label(level.name)
        for state in STATES:
            if f"{state} customer" in terms:
                assert terms[f"{state} customer"] == state_label(state)
        assert terms["switching cost"] == parameter_label("segment:key.switching_cost")
        assert terms["mutual importance"] == parameter_label("mutual_importance")
        assert terms["mutual need"] == parameter_label("mutual_need")


def test_messages_that_are_glossary_terms_use_the_glossary_chinese():
    terms = {en.lower(): zh for en, zh in GLOSSARY}
    checked = 0
    for key, entry in MESSAGES.items():
        english = entry["en"].lower()
        if english in terms:
            assert entry["zh"] == terms[english], key
            checked += 1
        for en, zh in terms.items():  # "switching cost (转移成本)" style hints
            if f"{en} (" in english and "(" + zh + ")" in entry["en"]:
                checked += 1
    assert checked >= 5


def test_glossary_command_headers_follow_the_language(capsys):
    assert main(["glossary"]) == 0
    out = capsys.readouterr().out
    assert "English" in out and "strategic alliance" in out and "战略联盟" in out
    assert main(["--lang", "zh", "glossary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "术语表（英文 / 中文）" and lines[1].startswith("英文")
    assert main(["glossary", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "english,chinese"
    with use_language("zh"):
        assert format_glossary().splitlines()[2].endswith("客户关系管理")


# -- figures ------------------------------------------------------------------------------


def _comparison():
    from crmsim import Scenario
    from crmsim.analysis.compare import compare_levels

    return compare_levels(Scenario(segments=(Segment(name="smb", n_customers=20),),
                                   horizon_months=6), engine="analytic")


def test_figures_follow_the_language_and_english_is_unchanged():
    from crmsim.views.plots import plot_cumulative_profit, plot_value_by_level

    cmp = _comparison()
    fig = plot_value_by_level(cmp.summary)
    ax = fig.axes[0]
    assert ax.get_title() == "What a customer is worth at each relationship level"
    assert ax.get_legend().get_title().get_text() == "level"
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == [
        "transactional", "preferred"]
    with use_language("zh"):
        fig = plot_value_by_level(cmp.summary)
        zh = plot_cumulative_profit(cmp.cash_flows)
    ax = fig.axes[0]
    assert ax.get_title() == "各关系层次中每位客户的价值"
    assert ax.get_ylabel() == "每位客户的价值（现值，货币单位）"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "买卖关系", "优先供应关系", "合作伙伴关系", "战略联盟"]
    assert zh.axes[0].get_xlabel() == "月份"
    plt.close("all")


def test_value_by_level_shows_preset_segment_names_in_chinese():
    from crmsim.analysis.compare import compare_levels
    from crmsim.scenario.presets import preset
    from crmsim.views.plots import plot_value_by_level

    summary = compare_levels(preset("classroom"), engine="analytic").summary
    names = list(dict.fromkeys(summary["segment"]))
    en = plot_value_by_level(summary)
    assert [t.get_text() for t in en.axes[0].get_xticklabels()] == names
    with use_language("zh"):
        zh = plot_value_by_level(summary)
    ticks = [t.get_text() for t in zh.axes[0].get_xticklabels()]
    assert ticks == ["普通客户", "重要客户", "大客户", "潜在客户"]
    assert list(dict.fromkeys(summary["segment"])) == names  # the frame is untouched
    plt.close("all")


def test_verdict_texts_and_break_evens_in_both_languages():
    from crmsim import Scenario
    from crmsim.analysis import break_even, luxury_verdicts, verdict_text

    key = Segment(name="key accounts", annual_wallet=600_000.0, mutual_importance=0.9,
                  switching_cost=0.9)
    scenario = Scenario(segments=(key,))
    verdicts = luxury_verdicts(scenario)
    with use_language("zh"):
        again = luxury_verdicts(scenario)
        texts = [verdict_text(row) for _, row in verdicts.iterrows()]
        result = break_even(scenario, parameter="switching_cost")
        statement = result.statement
    assert again.equals(verdicts)  # frames and codes do not depend on the language
    assert texts[1].startswith("对大客户而言，合作伙伴关系是")  # a preset segment's name
    assert "额外成本是额外回报的" in texts[1]
    assert statement.startswith("对大客户而言，仅当转移成本 ≥ 0.382")
    assert statement.endswith("时合作伙伴关系才值得")
    assert str(result).startswith("partnership pays for key accounts only while switching")
    assert verdict_text(verdicts.iloc[1]).startswith("partnership pays for key accounts")
    with use_language("zh"):  # a name the user chose is shown as written
        assert verdict_text({**verdicts.iloc[1], "segment": "smb"}).startswith("对smb而言")
    row = {"segment": "s", "level": "alliance", "verdict": "luxurious", "extra_cost": 5.0,
           "extra_return": -1.0, "luxury_ratio": float("inf")}
    assert verdict_text(row) == (f"alliance is luxurious for s: extra cost {money_label('5')} "
                                 "per customer, no extra return")
    with use_language("zh"):  # the amount names its currency in Chinese too
        assert f"每位客户额外成本 {money_label('5')}，" in verdict_text(row)
    with pytest.raises(ScenarioError, match="verdict must be one of"):
        verdict_text({**row, "verdict": "expensive"})


# -- widgets ------------------------------------------------------------------------------


def _descriptions(explorer) -> list[str]:
    return [w.description for w in explorer.controls.values() if getattr(w, "description", "")]


def test_widgets_built_in_chinese_show_chinese_and_keep_their_values():
    import warnings

    from crmsim.scenario.presets import preset
    from crmsim.views.widgets import levels_explorer, retention_levers_explorer

    scenario = preset("classroom")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph in the PNG would fail here
        w = levels_explorer(scenario, segment="key accounts", lang="zh")
    assert all(CJK.search(d) for d in _descriptions(w))
    assert CJK.search(w.title) and CJK.search(w.children[0].value)
    assert w.controls["engine"].options[0] == ("期望值（解析）", "analytic")
    assert ("大客户", "key accounts") in w.controls["segment"].options
    assert w.controls["segment"].value == "key accounts"  # the value is the segment name
    assert w.controls["segment"].label == "大客户"
    assert w.figure._suptitle.get_text().startswith("“大客户”")
    assert list(w.data["level"])[:2] == ["transactional", "preferred"]  # data: codes
    assert list(w.display_table()["关系层次"])[:2] == ["买卖关系", "优先供应关系"]
    assert w.figure.axes[0].get_title() == "客户保留"
    with use_language("zh"):
        money = money_label("每位客户的价值")  # a column of money names its currency
    assert f"<th>{money}</th>" in w.table_html.value
    w.controls["switching_cost"].value = 0.2  # a callback redraws in Chinese
    assert w.figure.axes[0].get_xlabel() == "月份"
    assert get_language() == "en"
    r = retention_levers_explorer(scenario, lang="zh")
    assert ("客户俱乐部", "club") in r.controls["programme"].options
    r.controls["programme"].value = "club"  # values stay language-independent
    assert r.figure.axes[1].get_ylabel() == "所有客户群的贴现利润（货币单位）"


def test_widgets_in_english_are_unchanged_and_follow_set_language():
    from crmsim.views.widgets import customer_worth_explorer

    w = customer_worth_explorer()
    assert w.controls["churn"].description == "churn (流失率) per year"
    assert w.figure.axes[0].get_title() == "One correction at a time"
    ticks = [t.get_text() for t in w.figure.axes[0].get_yticklabels()]
    assert ticks[0] == "first purchase only"
    set_language("zh")
    w = customer_worth_explorer()
    assert w.controls["churn"].description == "每年流失率"
    ticks = [t.get_text() for t in w.figure.axes[0].get_yticklabels()]
    assert ticks[0] == "仅看首次购买"


# -- CLI and report -----------------------------------------------------------------------


@pytest.fixture
def tiny_file(tmp_path):
    from crmsim import Scenario
    from crmsim.scenario.toml_io import save_scenario

    scenario = Scenario(name="tiny", segments=(Segment(name="smb", n_customers=15),),
                        horizon_months=6)
    return save_scenario(scenario, tmp_path / "tiny.toml")


def test_cli_lang_zh_prints_chinese(tiny_file, tmp_path, capsys):
    assert main(["--lang", "zh", "validate", str(tiny_file)]) == 0
    assert "有效的情景“tiny”" in capsys.readouterr().out
    assert main(["--lang", "zh", "demo", "--scenario", str(tiny_file), "--out",
                 str(tmp_path / "demo"), "--no-plots", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "crmsim 演示" in out and "关系层次" in out and "<- 最佳" in out
    assert "优先供应关系" in out and "已将" in out
    assert get_language() == "en"  # the option does not leak out of the command


def test_cli_honours_crmsim_lang_and_rejects_bad_values(tiny_file, monkeypatch, capsys):
    monkeypatch.setenv("CRMSIM_LANG", "zh")
    assert main(["validate", str(tiny_file)]) == 0
    assert "有效的情景" in capsys.readouterr().out
    assert main(["--lang", "en", "validate", str(tiny_file)]) == 0  # the option wins
    assert "valid scenario 'tiny'" in capsys.readouterr().out
    monkeypatch.setenv("CRMSIM_LANG", "fr")
    assert main(["validate", str(tiny_file)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "CRMSIM_LANG" in err and "'fr'" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr", "glossary"])
    assert exit_info.value.code == 2
    assert "expected en or zh" in capsys.readouterr().err


def test_scenario_file_errors_stay_english_in_chinese_mode(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[segments]]\nname = "a"\ngross_margin = 1.5\n')
    assert main(["--lang", "zh", "demo", "--scenario", str(bad), "--out",
                 str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "gross_margin must be a number" in err


def test_demo_summary_names_preset_segments_in_chinese():
    import pandas as pd

    from crmsim.views.demo import format_summary

    table = pd.DataFrame({
        "segment": ["key accounts", "smb"], "level": ["partnership", "partnership"],
        "customers_start": [12, 30], "kept": [9, 18], "buying_end": [10.0, 20.0],
        "value_per_customer_se": [5.0, 1.0],
        "discounted_profit": [1000.0, 500.0], "value_per_customer": [80.0, 15.0],
        "value_per_customer_expected": [81.0, 16.0], "served_fraction": [1.0, 1.0]})
    assert "key accounts  (12 customers at start)" in format_summary(table)
    with use_language("zh"):
        text = format_summary(table)
    assert "大客户（期初 12 位客户）" in text and "smb（期初 30 位客户）" in text


def test_report_in_chinese(tiny_file, tmp_path):
    from crmsim.scenario.toml_io import load_scenario
    from crmsim.views.report import write_report

    out = tmp_path / "report"
    result = write_report(load_scenario(tiny_file), out, n_replications=2, seed=3,
                          progress=False, frontier_points=3, lang="zh")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    for heading in ("各客户群的最佳关系层次", "奢侈性判断", "盈亏平衡点", "假设", "运行清单"):
        assert f"<h2>{heading}</h2>" in html
    assert "对smb而言，优先供应关系是" in html
    assert result.manifest["language"] == "zh"
    assert result.manifest["reproduce"].startswith("crmsim --lang zh run scenario.toml")
    assert "verdict" in (out / "verdicts.csv").read_text().splitlines()[0]  # columns: English
    assert get_language() == "en"


def test_display_frame_shows_codes_and_headers_in_the_language_and_keeps_the_frame():
    import pandas as pd

    from crmsim.analysis.luxury import best_levels, luxury_verdicts
    from crmsim.analysis.teaching import lifetime_value_steps
    from crmsim.language.translate import display_frame
    from crmsim.scenario.presets import preset

    scenario = preset("classroom")
    verdicts = luxury_verdicts(scenario.segment_alone("key accounts", unlimited_staff=True))
    with use_language("zh"):
        shown = display_frame(verdicts[["level", "cheaper_level", "extra_cost", "verdict"]])
        best = display_frame(best_levels(scenario))
        by_level = display_frame(pd.DataFrame({"partnership": [0.5]}, index=["需要 0.3"]))
        indexed = display_frame(verdicts.set_index("level")[["luxury_ratio"]])
        extra_cost, value = money_label("额外成本"), money_label("每位客户的价值")
    assert list(shown.columns) == ["关系层次", "便宜一级的层次", extra_cost, "判断"]
    assert list(shown["关系层次"]) == ["优先供应关系", "合作伙伴关系", "战略联盟"]
    assert set(shown["判断"]) <= {"值得", "奢侈的", "难以判断"}
    assert list(best.columns) == ["客户群", "最佳层次", value, "明确"]
    assert "大客户" in set(best["客户群"]) and set(best["明确"]) <= {"是", "否"}
    assert list(by_level.columns) == ["合作伙伴关系"]
    assert (indexed.index.name, list(indexed.columns)) == ("关系层次", ["奢侈比"])
    assert list(indexed.index) == ["优先供应关系", "合作伙伴关系", "战略联盟"]
    # the frame itself keeps its codes; English shows the codes' own words
    assert list(verdicts["level"]) == ["preferred", "partnership", "alliance"]
    with use_language("zh"):
        steps = display_frame(lifetime_value_steps())
    assert list(steps["步骤"][:2]) == ["仅看首次购买", "年数 × 每年价值（面值）"]
    english = display_frame(verdicts[["level", "cheaper_level", "extra_cost"]])
    assert list(english.columns) == ["level", "cheaper level", money_label("extra cost")]
    assert list(english["level"]) == list(verdicts["level"])
