"""The Chinese course: built from the English sources, up to date, Chinese, runnable, gradable.

The generated notebooks are compared with what the English sources and the catalogues give
(`crmsim build-course --check`), every English passage has its Chinese counterpart, the
Markdown of each Chinese notebook is mostly Han characters, every Chinese notebook runs, and
the Chinese trainer notebooks get full marks from ``crmsim grade`` with the English
notebooks' question ids.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import shutil
import tokenize
from pathlib import Path

import jupytext
import nbformat
import pytest

from crmsim.classroom import Registry, exercises, grade, replace_registry
from crmsim.classroom.build import render
from crmsim.classroom.course_build import (
    LANGUAGE_CELL,
    build_course,
    comment_key,
    passage_key,
    read_catalogue,
    render_teaching,
    string_key,
    translate_comments,
    translate_strings,
)
from crmsim.classroom.exercises.chinese import english_key, read_translations, translated
from crmsim.classroom.feedback.wording import Bilingual
from crmsim.cli import main
from crmsim.common import ScenarioError
from crmsim.language.translate import use_language

ROOT = Path(__file__).resolve().parents[2]
TEACHING = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
MASTERS = sorted((ROOT / "exercises" / "masters").glob("ex[0-9][0-9]_*.py"))
ZH_TEACHING = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
ZH_STUDENT = sorted((ROOT / "exercises" / "student" / "zh").glob("*.ipynb"))
ZH_TRAINER = sorted((ROOT / "exercises" / "trainer" / "zh").glob("*.ipynb"))
ALL_QUESTIONS = [q for name in exercises.EXERCISES for q in exercises.questions(name)]
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _without_comments(code: str) -> str:
    lines = code.split("\n")
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col].rstrip()
    return "\n".join(lines)


def test_student_placeholders_say_in_chinese_what_to_write():
    student = nbformat.read(ZH_STUDENT[0], as_version=4)
    assert "buying_end = ____  # 客户人数\nq1.check(buying_end)" in [
        c.source for c in student.cells
    ]
    assert "# q1.hint()\n# q1.solution()" in [c.source for c in student.cells]  # code stays


def test_a_comment_is_translated_only_where_it_is_a_comment():
    code = 'label = "# a number"  # a number\nx = 1  # not in the catalogue'
    translated_code, used = translate_comments(code, {comment_key("a  number"): "一个数"})
    assert translated_code == 'label = "# a number"  # 一个数\nx = 1  # not in the catalogue'
    assert used == {"# a number"}


def test_an_english_comment_without_chinese_stops_the_build():
    source = "# %% [markdown]\n# Hello\n\n# %%\nanswer = ____  # a letter\n# q1.hint()\n"
    catalogue = {passage_key("Hello"): "你好"}
    with pytest.raises(ScenarioError, match=r"demo.py: no Chinese for \[# a letter\]"):
        render_teaching(source, catalogue, source="demo.py")
    # with the comment in the catalogue it builds; code commented out needs no Chinese
    book = render_teaching(source, {**catalogue, "# a letter": "一个字母"}, source="demo.py")
    cells = [c.source for c in nbformat.reads(book, as_version=4).cells]
    assert "answer = ____  # 一个字母\n# q1.hint()" in cells


def han_share(markdown: str) -> float:
    """The share of Han characters among the letters of ``markdown``, code left out."""
    prose = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    prose = re.sub(r"`[^`]*`", " ", prose)
    han, latin = len(HAN.findall(prose)), len(LATIN.findall(prose))
    return han / (han + latin) if han + latin else 1.0


# -- the build ---------------------------------------------------------------------------


def test_every_notebook_of_the_course_has_a_chinese_version():
    assert len(ZH_TEACHING) == len(TEACHING) >= 7
    assert len(ZH_STUDENT) == len(ZH_TRAINER) == len(MASTERS) >= 6


def test_the_chinese_course_is_up_to_date_and_fully_translated():
    result = build_course(ROOT, check=True)
    problems = (
        [str(p) for p in result.untranslated]
        + list(result.unused)
        + [f"stale: {_name(p)}" for p in result.stale]
    )
    assert not problems, "run 'crmsim build-course':\n" + "\n".join(problems)
    assert len(result.up_to_date) == len(TEACHING) + 2 * len(MASTERS)


@pytest.mark.parametrize("source", TEACHING + MASTERS, ids=lambda p: p.name)
def test_every_english_passage_has_its_chinese_counterpart(source):
    catalogue = read_catalogue(source.parent / "zh" / f"{source.stem}.toml")
    passages = [c.source for c in jupytext.read(source).cells if c.cell_type == "markdown"]
    missing = [" ".join(p.split()[:8]) for p in passages if passage_key(p) not in catalogue]
    assert not missing, f"{_name(source)}: no Chinese for {missing}"
    passage_entries = {key for key in catalogue if not key.startswith(("# ", '"'))}
    assert passage_entries == {passage_key(p) for p in passages}


def test_check_names_the_notebook_and_the_first_words_of_an_untranslated_passage(tmp_path):
    (tmp_path / "notebooks" / "zh").mkdir(parents=True)
    source = tmp_path / "notebooks" / "01_demo.py"
    source.write_text("# %% [markdown]\n# # Hello\n#\n# Customers flow.\n\n# %%\nx = 1\n")
    key = passage_key("# Hello\n\nCustomers flow.")
    (tmp_path / "notebooks" / "zh" / "01_demo.toml").write_text(
        f"[{key}]\nzh = '''\n# 你好\n\n客户在流动。\n'''\n", encoding="utf-8"
    )
    master = tmp_path / "exercises" / "masters" / "ex01_demo.py"
    master.parent.mkdir(parents=True)
    master.write_text(
        "# %% [markdown]\n# Answer below.\n\n# %%\n# BEGIN SOLUTION\ny = 2\n"
        "# END SOLUTION\n# STUDENT: y = ____\n"
    )
    (master.parent / "zh").mkdir()
    (master.parent / "zh" / "ex01_demo.toml").write_text(
        f"[{passage_key('Answer below.')}]\nzh = '在下面作答。'\n", encoding="utf-8"
    )
    assert len(build_course(tmp_path).written) == 3
    assert build_course(tmp_path, check=True).ok

    # the English changes: its translation is missing, the old one unused, nothing written
    source.write_text(source.read_text().replace("Customers flow.", "Customers move."))
    result = build_course(tmp_path, check=True)
    assert [str(p) for p in result.untranslated] == [
        f"notebooks/01_demo.py: no Chinese for [{passage_key('# Hello Customers move.')}] "
        "“# Hello Customers move.…”"
    ]
    assert result.unused == (f"notebooks/zh/01_demo.toml: [{key}]",)
    assert build_course(tmp_path).written == ()
    assert main(["build-course", "--root", str(tmp_path), "--check"]) == 1

    # a generated notebook edited by hand is stale
    source.write_text(source.read_text().replace("Customers move.", "Customers flow."))
    assert build_course(tmp_path, check=True).ok
    student = tmp_path / "exercises" / "student" / "zh" / "ex01_demo.ipynb"
    student.write_text(student.read_text().replace("在下面作答", "Answer below"))
    assert build_course(tmp_path, check=True).stale == (student,)
    assert main(["build-course", "--root", str(tmp_path)]) == 0
    assert build_course(tmp_path, check=True).ok


def test_a_catalogue_entry_without_chinese_text_is_an_error(tmp_path):
    path = tmp_path / "01_demo.toml"
    path.write_text("[abc]\ntext = 'no zh field'\n")
    with pytest.raises(
        ScenarioError,
        match=r"01_demo.toml, entry \[abc\]: expected a table "
        "with a text 'zh'",
    ):
        read_catalogue(path)


# -- string literals ([strings]) ---------------------------------------------------------


STRINGS_SOURCE = (
    "# %% [markdown]\n# Hello\n\n# %%\n"
    "share, frame = 0.25, {'seed': [1]}\n"
    'print(f"best on {share:.0%} of the map", frame["seed"], "seed")\n'
    "print('points:', \"points:\")\n"
)


def _strings_project(tmp_path: Path, strings: str) -> Path:
    (tmp_path / "notebooks" / "zh").mkdir(parents=True)
    (tmp_path / "notebooks" / "01_demo.py").write_text(STRINGS_SOURCE, encoding="utf-8")
    (tmp_path / "notebooks" / "zh" / "01_demo.toml").write_text(
        f"[{passage_key('Hello')}]\nzh = '你好'\n\n[strings]\n{strings}", encoding="utf-8"
    )
    master = tmp_path / "exercises" / "masters" / "ex01_demo.py"
    master.parent.mkdir(parents=True)
    master.write_text("# %% [markdown]\n# Answer below.\n\n# %%\ny = 2\n")
    (master.parent / "zh").mkdir()
    (master.parent / "zh" / "ex01_demo.toml").write_text(
        f"[{passage_key('Answer below.')}]\nzh = '在下面作答。'\n", encoding="utf-8"
    )
    return tmp_path / "notebooks" / "zh" / "01_demo.ipynb"


def test_the_build_translates_the_listed_string_literals_and_keeps_their_placeholders(tmp_path):
    target = _strings_project(
        tmp_path,
        '"best on {share:.0%} of the map" = "在 {share:.0%} 的图上最佳"\n'
        '"points:" = "点数："\n'
        '"never in the code" = "不在代码中"\n',
    )
    assert len(build_course(tmp_path).written) == 3
    code = [c.source for c in nbformat.read(target, as_version=4).cells if c.cell_type == "code"]
    assert code[-1] == (
        "share, frame = 0.25, {'seed': [1]}\n"
        'print(f"在 {share:.0%} 的图上最佳", frame["seed"], "seed")\n'
        "print('点数：', \"点数：\")"
    )
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exec(code[-1], namespace)
    assert printed.getvalue() == "在 25% 的图上最佳 [1] seed\n点数： 点数：\n"
    result = build_course(tmp_path, check=True)
    assert result.unused == ('notebooks/zh/01_demo.toml: ["never in the code"]',)
    assert main(["build-course", "--root", str(tmp_path), "--check"]) == 1


def test_a_string_translation_with_other_placeholders_is_refused(tmp_path):
    _strings_project(tmp_path, '"best on {share:.0%} of the map" = "在 {share} 的图上最佳"\n')
    with pytest.raises(
        ScenarioError,
        match=r"01_demo.toml, table \[strings\], entry 'best on \{share:.0%\} of the map': "
        r"expected the placeholders \['\{share:.0%\}'\] of the English text; "
        r"received \['\{share\}'\]\.",
    ):
        build_course(tmp_path)
    assert main(["build-course", "--root", str(tmp_path)]) == 2


def test_a_string_translation_that_would_close_the_quotes_is_refused():
    with pytest.raises(ScenarioError, match=r"fits between the code's quotes"):
        translate_strings('x = "seed"', {string_key("seed"): 'seed" + "种子'})


@pytest.mark.parametrize(
    ("code", "spans"),
    [
        ('f"{a}-{b!r:>{w}}" "x"', ['f"{a}-{b!r:>{w}}"', '"x"']),
        ("rf'{a}\\n' + f'''{b}\n{c}'''", ["rf'{a}\\n'", "f'''{b}\n{c}'''"]),
        ('f"{d[\'k\']:.0%}"  # "not a string"', ["f\"{d['k']:.0%}\""]),
    ],
)
def test_an_f_string_is_one_literal_on_every_python(code, spans):
    """Python 3.12 tokenizes f-strings in parts, 3.11 whole: the translation sees them whole."""
    for span in spans:
        quote = span[-3:] if span.endswith(("'''", '"""')) else span[-1]
        prefix = span[: span.index(quote)]
        text = span[len(prefix) + len(quote) : -len(quote)]
        swapped, used = translate_strings(code, {string_key(text): text + "。"})
        assert used == {string_key(text)}
        assert swapped == code.replace(span, f"{prefix}{quote}{text}。{quote}", 1)


@pytest.mark.parametrize("source", TEACHING + MASTERS, ids=lambda p: p.name)
def test_built_chinese_notebooks_hold_the_chinese_string_literals(source):
    strings = {
        k: v
        for k, v in read_catalogue(source.parent / "zh" / f"{source.stem}.toml").items()
        if k.startswith('"')
    }
    built = (
        [ROOT / "notebooks" / "zh" / f"{source.stem}.ipynb"]
        if source in TEACHING
        else [
            ROOT / "exercises" / version / "zh" / f"{source.stem}.ipynb"
            for version in ("student", "trainer")
        ]
    )
    code = "\n".join(
        cell.source
        for path in built
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    )
    for english, chinese in strings.items():
        assert f'"{chinese}"' in code or f"'{chinese}'" in code, (english, chinese)
        assert english not in code, english


# -- what the Chinese notebooks hold -----------------------------------------------------


def test_han_share_tells_chinese_from_english_prose():
    assert han_share("客户终身价值是 `evaluate(scenario)` 给出的期望值。") == 1.0
    assert han_share("Customer lifetime value (客户终身价值) is what `evaluate` gives.") < 0.5


@pytest.mark.parametrize("path", ZH_TEACHING + ZH_STUDENT + ZH_TRAINER, ids=_name)
def test_chinese_notebook_markdown_is_mostly_chinese(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert han_share(cell.source) >= 0.5, (
                f"{_name(path)}: mostly English: {' '.join(cell.source.split()[:8])}"
            )
    assert nb.cells[[c.cell_type for c in nb.cells].index("code")].source == LANGUAGE_CELL


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.name)
def test_chinese_exercises_keep_the_english_code_and_metadata(master):
    english = render(
        master.read_text(encoding="utf-8"), master.stem, source=f"masters/{master.name}"
    )
    for version in ("student", "trainer"):
        en = nbformat.reads(english[version], as_version=4)
        zh = nbformat.read(
            ROOT / "exercises" / version / "zh" / f"{master.stem}.ipynb", as_version=4
        )
        assert zh.metadata["crmsim"] == {**en.metadata["crmsim"], "language": "zh"}
        code = [_without_comments(c.source) for c in zh.cells if c.cell_type == "code"]
        assert code[0] == _without_comments(LANGUAGE_CELL)
        assert code[1:] == [_without_comments(c.source) for c in en.cells if c.cell_type == "code"]
        assert [c.cell_type for c in zh.cells if c.source != LANGUAGE_CELL] == [
            c.cell_type for c in en.cells
        ]


# -- running and grading (slow) ------------------------------------------------------------


def _execute(path: Path, notebook_runner) -> None:
    # raises CellExecutionError on the first failing cell
    nb = notebook_runner(nbformat.read(path, as_version=4), ROOT / "notebooks")
    assert not [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert "Glyph" not in str([o for c in nb.cells for o in c.get("outputs", [])])


@pytest.mark.slow
@pytest.mark.parametrize("path", ZH_TEACHING, ids=_name)
def test_chinese_notebook_executes(path, notebook_runner):
    _execute(path, notebook_runner)


def _grade_as_one_student(paths: list[Path], folder: Path):
    (folder / "submissions" / "zh").mkdir(parents=True)
    for path in paths:
        shutil.copy(path, folder / "submissions" / "zh" / path.name)
    grades = grade([folder / "submissions"], timeout_per_notebook=600, jobs=2, progress_bar=False)
    assert set(grades["exercise"]) == {p.stem for p in MASTERS}
    assert (grades["notebook_problem"] == "").all(), grades["notebook_problem"].unique()
    assert len(grades) == len(ALL_QUESTIONS)
    return grades


@pytest.mark.slow
def test_chinese_trainer_notebooks_get_full_marks_like_the_english_ones(tmp_path):
    grades = _grade_as_one_student(ZH_TRAINER, tmp_path)
    wrong = grades[~grades["result"].isin(["correct", "recorded"])]  # recorded: predictions
    assert wrong.empty, wrong[["exercise", "question", "result", "detail"]].to_string()


@pytest.mark.slow
def test_untouched_chinese_student_notebooks_run_and_report_not_attempted(tmp_path):
    grades = _grade_as_one_student(ZH_STUDENT, tmp_path)
    assert (grades["result"] == "not attempted").all()


# -- exercise feedback in Chinese ------------------------------------------------------------


def _prose(text: str) -> bool:
    """Whether ``text`` holds words outside code spans (a code-only hint needs no Chinese)."""
    return LATIN.search(re.sub(r"`[^`]*`", "", str(text))) is not None


def _texts(question) -> list[object]:
    found = [*question.hints, question.explanation]
    found += [m.message for m in getattr(question, "mistakes", ())]
    found += [text for _, text in getattr(question, "options", ())]
    found += list(getattr(question, "option_feedback", {}).values())
    found += [getattr(question, name, "") for name in ("why", "lesson", "unit")]
    return [t for t in found if isinstance(t, str) and t]


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: q.id)
def test_every_feedback_text_of_every_question_has_chinese(question):
    entry = read_translations(question.id.partition(".")[0]).get(question.name, {})
    assert entry.get("english") == english_key(question), (
        f"{question.id}: its English texts changed since they were translated; update "
        f"english = {english_key(question)!r} and the Chinese texts"
    )
    lacking = [
        " ".join(str(t).split()[:8])
        for t in _texts(question)
        if not isinstance(t, Bilingual) or (_prose(t) and not HAN.search(t.zh))
    ]
    assert not lacking, f"{question.id}: no Chinese for {lacking}"


@pytest.mark.parametrize("exercise", exercises.EXERCISES)
def test_catalogues_translate_only_existing_questions(exercise):
    names = {q.name for q in exercises.questions(exercise)}
    assert set(read_translations(exercise)) <= names


def test_a_question_whose_english_changed_keeps_english_texts():
    question = exercises.questions("ex01_lifecycle")[0]
    entry = read_translations("ex01_lifecycle")["q1"]
    english = dataclasses.replace(
        question, hints=tuple(str(h) for h in question.hints), explanation="A new explanation."
    )
    assert translated(english, entry).hints == english.hints
    assert not isinstance(translated(english, entry).hints[0], Bilingual)


def test_feedback_is_shown_in_chinese_and_recorded_in_english(capsys):
    from crmsim.classroom.exercises.ex01_lifecycle import q1, q2, q4

    with use_language("zh"):
        wrong = q1.evaluate(10)
        choice = q2.evaluate("a")
        print(wrong, choice, sep="\n")
    shown = capsys.readouterr().out
    assert shown.startswith("不太对：你的答案偏低，相差超过一倍。\n")
    assert "（a）新客户：新客户的流失*率*最高" in shown
    # what the grader writes to its CSV file stays English in either language
    assert str(wrong.message) == "your answer is too low by more than a factor of two."
    assert str(choice.message).startswith("(a) new customers (新客户): new customers have")
    with use_language("en"):
        assert str(wrong) == "Not quite: your answer is too low by more than a factor of two."

    registry = Registry()
    prediction = replace_registry(q4, registry)
    with use_language("zh"):
        prediction.check(100)
        prediction.reveal()
    shown = capsys.readouterr().out
    assert "记录了你的预测（100 位客户）" in shown and "流失会累积" in shown and "位客户" in shown
    assert registry.record(q4.id)["answer"] == 100
