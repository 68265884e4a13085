"""``crmsim --lang zh`` for calibrate, grade and build-exercises, and for ``--help``.

What a person reads is Chinese; what a program reads (CSV, TOML, notebooks) is the same in
both languages.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import crmsim.classroom.grading as grading
import crmsim.language.translate as i18n
from crmsim import Scenario, Segment
from crmsim.analysis import estimate_transitions, lifecycle_from_transitions, read_history
from crmsim.classroom.grading import COLUMNS, format_summary, summarise
from crmsim.cli import build_parser, main
from crmsim.cli.options import argparse_text
from crmsim.language import MESSAGES, get_language, tr, use_language
from crmsim.scenario import save_scenario

CJK = re.compile(r"[\u4e00-\u9fff]")
EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
EXERCISE = "ex01_lifecycle"
# Fader & Hardie (2007), regular customers: the cohort of tests/analysis/test_calibration.py
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241)
HISTORY = ("customer,month,state,segment\n"
           "a,0,new,smb\na,1,repeat,smb\na,2,repeat,smb\na,3,loyal,smb\n"
           "b,0,new,smb\nb,1,lost,smb\nb,2,non_customer,smb\n"
           "c,0,new,smb\nc,1,new,smb\nc,2,repeat,smb\n")


@pytest.fixture(autouse=True)
def _no_session_language(monkeypatch):
    """Each test starts from the default (no set_language, no CRMSIM_LANG)."""
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setattr(i18n, "_session", None)


@pytest.fixture
def start(tmp_path) -> Path:
    return save_scenario(Scenario(segments=(Segment(name="smb"),)), tmp_path / "start.toml")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


# -- calibrate ----------------------------------------------------------------------------


def test_calibrate_cohort_prints_chinese_and_writes_the_same_file(start, tmp_path, capsys):
    data = tmp_path / "cohort.csv"
    data.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(REGULAR)))
    printed, written = {}, {}
    for lang in ("en", "zh"):
        written[lang] = tmp_path / f"{lang}.toml"
        status, printed[lang], _ = _run(capsys, "--lang", lang, "calibrate", "cohort",
                                        str(data), "--scenario", str(start),
                                        "--write", str(written[lang]))
        assert status == 0
    zh = printed["zh"].splitlines()
    assert zh[0].startswith(f"对 {data} 拟合移位贝塔几何（sBG）模型（7 期，同期群规模 1000）")
    assert "95% Wald 置信区间" in zh[0]
    assert zh[1] == printed["en"].splitlines()[1]  # alpha: a symbol in both languages
    assert zh[1].startswith("  alpha      = 0.704")
    assert zh[3].startswith("  平均流失率 = 每期 0.3733")  # 流失: the glossary's "lost"
    assert "（每期 = 12 个月）-> lifecycle.churn_repeat" in zh[4]
    assert zh[5] == f"已写入 {written['zh']}。"
    assert "  mean churn = 0.3733 per period" in printed["en"]
    assert written["zh"].read_text() == written["en"].read_text()  # TOML: language-free
    _, nothing, _ = _run(capsys, "--lang", "zh", "calibrate", "cohort", str(data),
                         "--scenario", str(start))
    assert nothing.splitlines()[-1].startswith("未写入任何文件")


def test_calibrate_transitions_prints_chinese_and_writes_the_same_files(start, tmp_path,
                                                                        capsys):
    data = tmp_path / "history.csv"
    data.write_text(HISTORY)
    printed = {}
    for lang in ("en", "zh"):
        status, printed[lang], _ = _run(
            capsys, "--lang", lang, "calibrate", "transitions", str(data), "--scenario",
            str(start), "--write", str(tmp_path / f"{lang}.toml"),
            "--table", str(tmp_path / f"{lang}.csv"))
        assert status == 0
    zh = printed["zh"]
    assert "各客户群的月度转移概率" in zh and "95% Wilson 置信区间" in zh
    header = zh.splitlines()[1].split()
    assert header == ["客户群", "起始状态", "转入状态", "转移次数", "观测月数", "概率", "下限",
                      "上限"]
    assert "流失客户" in zh and "非客户" in zh  # states shown with their glossary names
    assert "参照客户群“smb”在关系层次“买卖关系”下的基准生命周期概率" in zh
    assert "churn_repeat" in zh  # scenario-file keys stay as they are written
    assert zh.rstrip().endswith(f"（生命周期 = 上述估计值；其余内容均取自 {start}）。")
    en = printed["en"]
    assert en.splitlines()[1].split() == ["segment", "from_state", "to_state", "n", "n_from",
                                          "p", "low", "high"]
    assert "non_customer" in en and "reference segment 'smb' at level 'transactional'" in en
    assert (tmp_path / "zh.csv").read_bytes() == (tmp_path / "en.csv").read_bytes()
    assert (tmp_path / "zh.toml").read_text() == (tmp_path / "en.toml").read_text()


def test_calibrate_column_headers_are_in_the_catalogue(start, tmp_path):
    data = tmp_path / "history.csv"
    data.write_text(HISTORY)
    from crmsim.scenario.toml_io import load_scenario

    table = estimate_transitions(read_history(data))
    estimates = lifecycle_from_transitions(load_scenario(start), table)
    columns = set(table.columns) | set(estimates.columns)
    assert sorted(c for c in columns if f"calibrate.col.{c}" not in MESSAGES) == [
        "clip", "floor", "observed_high", "observed_low"]  # not printed (clip: in the notes)


# -- grade --------------------------------------------------------------------------------


@pytest.mark.slow
def test_grade_prints_chinese_and_writes_the_same_csv(tmp_path, capsys):
    folder = tmp_path / "class"
    (folder / "sam").mkdir(parents=True)
    shutil.copy(EXERCISES / "student" / f"{EXERCISE}.ipynb", folder / "sam")  # as handed out
    (folder / "gina").mkdir()
    (folder / "gina" / f"{EXERCISE}.ipynb").write_text("this is not a notebook")
    printed = {}
    for lang in ("en", "zh"):
        status, printed[lang], _ = _run(capsys, "--lang", lang, "grade", str(folder),
                                        "--out", str(tmp_path / f"{lang}.csv"), "--timeout",
                                        "60", "--jobs", "2", "--no-progress")
        assert status == 0
    en, zh = (tmp_path / "en.csv").read_bytes(), (tmp_path / "zh.csv").read_bytes()
    assert zh == en  # columns, result codes and problem sentences: English in both
    grades = pd.read_csv(tmp_path / "zh.csv", keep_default_na=False)
    assert list(grades.columns) == list(COLUMNS)
    assert set(grades["result"]) == {"not attempted", "error"}
    assert "not a readable notebook" in grades["notebook_problem"].iloc[0]

    lines = printed["zh"].splitlines()
    assert re.fullmatch(r"crmsim 评分：2 名学生的 2 个笔记本，用时 \d+ 秒", lines[0])
    assert lines[1].split()[:4] == ["学生", "笔记本", "练习", "正确"]
    assert "未作答" in lines[1] and "超时" in lines[1]
    assert "问题：" in lines
    assert (f"  gina（class/gina/{EXERCISE}.ipynb）：不是可读取的笔记本（NotJSONError）；"
            "未运行任何内容。") in lines
    assert lines[-1] == f"已写入 {tmp_path / 'zh.csv'}（12 行，列为 student、notebook、question、" \
                        "result ……）"
    assert "2 notebooks of 2 students" in printed["en"]
    assert f"  gina (class/gina/{EXERCISE}.ipynb): not a readable notebook" in printed["en"]


def test_every_notebook_problem_is_printed_in_chinese():
    values = {"reason": "NotJSONError", "error": "ZeroDivisionError: division by zero (x)",
              "seconds": "30", "cell": "7", "n": "2", "questions": "q2, q3",
              "what": "cell 9 uses REGISTRY", "chars": "2,000,000"}
    keys = [k for k in MESSAGES if k.startswith("grade.problem.")]
    used = {key for module in Path(grading.__file__).parent.glob("*.py")
            for key in re.findall(r'"(grade\.problem\.\w+)"', module.read_text("utf-8"))}
    assert used == set(keys)
    for key in keys:
        needed = {name: values[name] for name in i18n.placeholders(MESSAGES[key]["en"])}
        english = grading.notebook_problem(key, **needed)
        with use_language("zh"):
            wanted = tr(key, **needed)
            assert grading.shown_problem(english) == wanted, key
            # parts are joined with "; " in the grades
            both = english + "; " + grading.notebook_problem("grade.problem.checker_differs")
            assert grading.shown_problem(both) == (
                wanted + "；" + tr("grade.problem.checker_differs"))
        assert grading.shown_problem(english) == english
    with use_language("zh"):
        assert grading.shown_problem("edited by hand") == "edited by hand"
        assert grading.shown_problem("") == ""


def test_grading_writes_problems_in_english_whatever_the_language(tmp_path):
    broken = tmp_path / f"{EXERCISE}.ipynb"
    broken.write_text("{")
    i18n.set_language("zh")  # the session language, as a grading thread would see it
    rows = grading.grade_notebook(grading.Submission(broken, "x", broken.name))
    assert rows[0]["notebook_problem"].startswith("not a readable notebook (")
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    assert "问题：" in format_summary(frame) and "不是可读取的笔记本" in format_summary(frame)


def test_grade_summary_headers_are_in_the_catalogue():
    grades = pd.DataFrame([["ann", "a.ipynb", EXERCISE, "q1", "correct", "", 0, False, ""]],
                          columns=list(COLUMNS))
    shown = summarise(grades).drop(columns=["questions", "problem"]).columns
    assert [c for c in shown if f"grade.col.{c}" not in MESSAGES] == []
    with use_language("zh"):
        assert format_summary(grades.iloc[:0]) == "（没有评分任何笔记本）"


# -- build-exercises ----------------------------------------------------------------------


def test_build_exercises_prints_chinese_and_builds_the_same_notebooks(tmp_path, capsys):
    root = tmp_path / "exercises"
    shutil.copytree(EXERCISES / "masters", root / "masters")
    n = 2 * len(list((root / "masters").glob("ex*.py")))
    status, out, _ = _run(capsys, "--lang", "zh", "build-exercises", "--dir", str(root))
    assert status == 0
    assert f"已写入 {root / 'student' / f'{EXERCISE}.ipynb'}" in out.splitlines()
    assert out.splitlines()[-1] == f"已写入 {n} 个，0 个已是最新。"
    # the notebooks built in Chinese mode are the ones English mode expects, and the
    # committed ones
    status, out, _ = _run(capsys, "build-exercises", "--dir", str(root), "--check")
    assert (status, out) == (0, f"{n} generated notebooks up to date with their masters.\n")
    for built in (root / "student").glob("*.ipynb"):
        assert built.read_bytes() == (EXERCISES / "student" / built.name).read_bytes()
    status, out, _ = _run(capsys, "--lang", "zh", "build-exercises", "--dir", str(root),
                          "--check")
    assert (status, out) == (0, f"{n} 个生成的笔记本均与其母版一致。\n")
    master = root / "masters" / f"{EXERCISE}.py"
    master.write_text(master.read_text().replace("## Question 1", "## Question one"))
    status, out, err = _run(capsys, "--lang", "zh", "build-exercises", "--dir", str(root),
                            "--check")
    assert status == 1
    assert f"已过期：{root / 'trainer' / f'{EXERCISE}.ipynb'}" in out.splitlines()
    assert err == ("crmsim：有 2 个生成的笔记本与其母版不一致；请运行“crmsim build-exercises”。"
                   "\n")
    (root / "student" / "ex99_old.ipynb").write_text("{}")
    master.unlink()
    status, out, _ = _run(capsys, "--lang", "zh", "build-exercises", "--dir", str(root))
    assert f"{root / 'student' / 'ex99_old.ipynb'} 没有对应的母版（保持原样）" in out


# -- help ---------------------------------------------------------------------------------


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_help_follows_the_language(monkeypatch, capsys):
    zh = _help(capsys, "--lang", "zh", "--help")
    assert "四种关系层次下的客户生命周期" in zh
    for summary in ("在每个关系层次下运行默认情景", "根据数据估计生命周期参数",
                    "在后台运行提交的练习笔记本", "根据练习母版生成学生版和教师版笔记本"):
        assert summary in zh
    assert "language of messages, figures and reports" in zh  # option help: English
    assert "Customer lifecycles under four" in _help(capsys, "--help")
    assert "根据同期群保留表" in _help(capsys, "--lang", "zh", "calibrate", "--help")
    assert "为每道题评分" in _help(capsys, "--lang=zh-CN", "grade", "--help")
    monkeypatch.setenv("CRMSIM_LANG", "zh")
    assert "打印领域教材的英文 / 中文术语表" in _help(capsys, "--help")
    assert "print the English / Chinese" in _help(capsys, "--lang", "en", "--help")
    assert get_language() == "zh"  # nothing left behind by the pre-parse
    monkeypatch.setenv("CRMSIM_LANG", "fr")  # reported by the command, as before
    assert "Customer lifecycles" in _help(capsys, "--help")


def test_every_command_summary_is_in_the_catalogue():
    with use_language("zh"):
        parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    names = [n for n in commands.choices if n != "dashboard"]  # crmsim/dashboard: its own
    kinds = next(a for a in commands.choices["calibrate"]._actions if a.dest == "kind")
    names += [f"calibrate.{kind}" for kind in kinds.choices]
    assert {"demo", "run", "notebooks", "discover", "build-course", "calibrate.cohort",
            "calibrate.transitions"} <= set(names)
    assert [n for n in names if f"cli.help.{n}" not in MESSAGES] == []
    assert all(CJK.search(c.help) for c in commands._choices_actions if c.dest != "dashboard")



# --------------------------------------------------------------------------------------
# argparse's own errors and help headings under --lang zh
# --------------------------------------------------------------------------------------

USAGE_ERRORS = {  # argv after `crmsim --lang zh`: what the Chinese error line must hold
    "not a whole number": (
        ["run", "x.toml", "--replications", "abc"],
        "crmsim run：错误：参数 --replications：应为整数；收到的是 'abc'。",
    ),
    "missing argument": (["run"], "crmsim run：错误：缺少必需的参数：file。"),
    "unknown option": (["demo", "--bogus"], "crmsim：错误：无法识别的参数：--bogus。"),
    "invalid choice": (
        ["frobnicate"],
        "crmsim：错误：参数 COMMAND：无效的选择 'frobnicate'（可选：",
    ),
    "invalid int": (
        ["grade", "x", "--memory", "lots"],
        "crmsim grade：错误：参数 --memory：无效的 int 值：'lots'。",
    ),
    "no value": (["demo", "--seed"], "crmsim demo：错误：参数 --seed：需要一个值。"),
    "bad range": (
        ["discover", "classroom", "--range", "switching_cost=high"],
        "crmsim discover：错误：参数 --range：应为 PATH=LOW:HIGH，"
        "且 LOW 和 HIGH 为两个数；收到的是 'switching_cost=high'。",
    ),
}


def _usage_error(capsys, *argv):
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize("case", list(USAGE_ERRORS), ids=list(USAGE_ERRORS))
def test_argparse_errors_are_one_chinese_sentence(capsys, case):
    argv, expected = USAGE_ERRORS[case]
    err = _usage_error(capsys, "--lang", "zh", *argv)
    assert err.startswith("用法：crmsim") and err.endswith("\n")
    line = err.splitlines()[-1]
    assert line.startswith(expected), line
    assert line.endswith("。") and line.count("。") == 1
    english = re.findall(
        r"\b(error|argument|arguments|invalid|expected|required|choose|"
        r"unrecognized|received)\b",
        line,
    )
    assert english == [], line


@pytest.mark.parametrize("case", list(USAGE_ERRORS), ids=list(USAGE_ERRORS))
def test_argparse_errors_stay_argparse_s_english_without_lang(capsys, case):
    argv, _ = USAGE_ERRORS[case]
    err = _usage_error(capsys, *argv)
    assert err.startswith("usage: crmsim") and not CJK.search(err)
    assert re.match(r"crmsim( [a-z]+)?: error: ", err.splitlines()[-1])


class _Recorder(argparse.ArgumentParser):
    """A plain argparse parser whose error messages are collected, not printed."""

    def error(self, message):
        raise LookupError(message)


def _argparse_messages():
    """Every message shape the translation knows, produced by the running Python's argparse."""
    parser = _Recorder(prog="p", allow_abbrev=True)
    parser.add_argument("file")
    parser.add_argument("--n", type=int)
    parser.add_argument("--kind", choices=("a", "b"))
    parser.add_argument("--many", nargs="+")
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--colour-a")
    parser.add_argument("--colour-b")
    either = parser.add_mutually_exclusive_group()
    either.add_argument("--left", action="store_true")
    either.add_argument("--right", action="store_true")
    needed = _Recorder(prog="q")
    one = needed.add_mutually_exclusive_group(required=True)
    one.add_argument("--x")
    one.add_argument("--y")
    cases = [
        (parser, []),
        (parser, ["f", "--n", "two"]),
        (parser, ["f", "--kind", "c"]),
        (parser, ["f", "--many"]),
        (parser, ["f", "--n"]),
        (parser, ["f", "--flag=yes"]),
        (parser, ["f", "--colour", "red"]),
        (parser, ["f", "--left", "--right"]),
        (parser, ["f", "g"]),
        (needed, []),
    ]
    messages = []
    for which, argv in cases:
        with pytest.raises(LookupError) as info:
            which.parse_args(argv)
        messages.append(str(info.value))
    return messages


def test_every_known_argparse_shape_is_read_from_argparse_s_own_messages():
    messages = _argparse_messages()
    assert len(set(messages)) == len(messages) == 10
    for message in messages:
        with use_language("en"):
            assert argparse_text(message) == message  # the English is argparse's, unchanged
        with use_language("zh"):
            chinese = argparse_text(message)
        assert chinese is not None and CJK.search(chinese), message
        assert not re.search(
            r"\b(argument|arguments|invalid|expected|required|choose|"
            r"unrecognized|ignored|allowed|ambiguous|could)\b",
            chinese,
        ), chinese


def test_an_unknown_argparse_message_stays_english_whole(capsys):
    with use_language("zh"):
        assert argparse_text("a message argparse may add one day") is None
        assert argparse_text("argument --n: a message argparse may add one day") is None
        parser = build_parser()
        with pytest.raises(SystemExit) as stop:
            parser.error("argument --n: a message argparse may add one day")
    assert stop.value.code == 2
    line = capsys.readouterr().err.splitlines()[-1]
    assert line == "crmsim: error: argument --n: a message argparse may add one day"


def test_help_headings_follow_the_language(capsys):
    zh = _help(capsys, "--lang", "zh", "run", "--help")
    for heading in ("用法：crmsim run", "\n位置参数:", "\n选项:", "显示此帮助信息并退出"):
        assert heading in zh
    en = _help(capsys, "run", "--help")
    for heading in (
        "usage: crmsim run",
        "positional arguments:",
        "options:",
        "show this help message and exit",
    ):
        assert heading in en
