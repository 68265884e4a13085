"""``crmsim grade``: a class's notebooks run headless, re-checked by pristine checkers.

The end-to-end test grades a folder with a correct, a partly wrong, an erroring, a
never-ending, a cell-deleting, a checker-tampering and an unreadable submission, and
expects exact rows.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmsim.classroom import Submission, build_exercises, find_submissions, grade, grade_notebook
from crmsim.classroom.grading import (
    COLUMNS,
    RESULTS,
    format_summary,
    notebook_problem,
    shown_problem,
    summarise,
)
from crmsim.classroom.grading.execute import MEMORY_MB
from crmsim.cli import main
from crmsim.common import ScenarioError
from crmsim.language.translate import display_width, use_language

ROOT = Path(__file__).resolve().parents[2] / "exercises"
EXERCISE = "ex01_lifecycle"


def _read(version: str):
    return nbformat.read(ROOT / version / f"{EXERCISE}.ipynb", as_version=4)


def _edit(nb, old: str, new: str):
    nb = copy.deepcopy(nb)
    hits = [c for c in nb.cells if old in c.source]
    assert len(hits) == 1, f"{old!r} found {len(hits)} times"
    hits[0].source = hits[0].source.replace(old, new)
    return nb


def _save(nb, folder: Path, student: str, name: str = f"{EXERCISE}.ipynb") -> Path:
    (folder / student).mkdir(parents=True, exist_ok=True)
    path = folder / student / name
    nbformat.write(nb, path)
    return path


# -- finding submissions, usage errors ---------------------------------------------------


def test_students_are_sub_folders_or_file_stems(tmp_path):
    root = tmp_path / "class"
    (root / "ann").mkdir(parents=True)
    (root / "ann" / "ex01.ipynb").write_text("{}")
    (root / "ann" / ".ipynb_checkpoints").mkdir()
    (root / "ann" / ".ipynb_checkpoints" / "ex01-checkpoint.ipynb").write_text("{}")
    (root / "ben_ex02.ipynb").write_text("{}")
    (root / "readme.txt").write_text("not collected from folders")
    loose = tmp_path / "carl.ipynb"
    loose.write_text("{}")
    found = find_submissions([root, loose])
    assert [(s.student, s.notebook) for s in found] == [
        ("ann", "class/ann/ex01.ipynb"), ("ben_ex02", "class/ben_ex02.ipynb"),
        ("carl", "carl.ipynb")]


def test_missing_path_or_no_notebooks_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(ScenarioError, match="does not exist"):
        find_submissions([tmp_path / "nope"])
    with pytest.raises(ScenarioError, match="no notebooks"):
        find_submissions([tmp_path])
    assert main(["grade", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--timeout", "0"], ["--timeout", "soon"], ["--jobs", "0"]])
def test_bad_options_are_usage_errors(argv, tmp_path):
    with pytest.raises(SystemExit) as stop:
        main(["grade", str(tmp_path), *argv])
    assert stop.value.code == 2


def test_grade_checks_its_arguments(tmp_path):
    with pytest.raises(ScenarioError, match="timeout_per_notebook"):
        grade([tmp_path], timeout_per_notebook=-1)
    with pytest.raises(ScenarioError, match="jobs"):
        grade([tmp_path], jobs=0)


def test_memory_option_defaults_to_the_graders_limit_and_refuses_negatives(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    assert f"(default: {MEMORY_MB}; 0: no limit)" in " ".join(capsys.readouterr().out.split())
    nb = tmp_path / "ann" / f"{EXERCISE}.ipynb"
    _save(_read("student"), tmp_path, "ann")
    assert main(["grade", str(nb), "--memory", "-1", "--no-progress"]) == 2
    assert "memory_mb must be a whole number of megabytes >= 0" in capsys.readouterr().err


def test_new_notebook_problems_read_back_in_chinese():
    tampered = notebook_problem("grade.problem.tampered", what="cell 9 uses REGISTRY",
                                questions="q1, q2")
    cut = notebook_problem("grade.problem.output_cut", cell=2, chars="2,000,000")
    assert tampered == ("the notebook reaches into the grader's records or internals "
                        "(cell 9 uses REGISTRY); q1, q2 earned nothing")
    with use_language("zh"):
        shown = shown_problem(f"{tampered}; {cut}")
    assert shown == ("笔记本触及评分程序的记录或内部（cell 9 uses REGISTRY）；q1, q2 不得分；"
                     "第 2 个单元格输出超过 2,000,000 个字符；其余部分未保留")


def test_unreadable_and_unknown_files_give_an_error_row_without_running(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("my answers: 42")
    rows = grade_notebook(Submission(text, "notes", "notes.txt"))
    assert [(r["question"], r["result"]) for r in rows] == [("", "error")]
    assert "not a readable notebook" in rows[0]["notebook_problem"]

    broken = tmp_path / "ex03_four_levels.ipynb"
    broken.write_text('{"cells": [')
    rows = grade_notebook(Submission(broken, "x", broken.name))
    assert {r["result"] for r in rows} == {"error"}
    assert [r["question"] for r in rows] == ["q1", "q2", "q3", "q4", "q5", "q6"]

    anonymous = tmp_path / "homework.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), anonymous)
    rows = grade_notebook(Submission(anonymous, "y", anonymous.name))
    assert rows[0]["result"] == "error"
    assert "cannot tell which exercise" in rows[0]["detail"]


def test_summary_counts_results_per_notebook():
    grades = pd.DataFrame(
        [["ann", "c/ann/ex01.ipynb", EXERCISE, "q1", "correct", "", 0, False, ""],
         ["ann", "c/ann/ex01.ipynb", EXERCISE, "q2", "wrong", "too high.", 1, False, ""],
         ["bob", "c/bob/ex01.ipynb", EXERCISE, "q1", "timeout", "", 0, False, "took long"]],
        columns=list(COLUMNS))
    table = summarise(grades)
    assert table[["student", "correct", "questions", "wrong", "timeout"]].values.tolist() == [
        ["ann", 1, 2, 1, 0], ["bob", 0, 1, 0, 1]]
    text = format_summary(grades)
    assert "1/2" in text and "bob (c/bob/ex01.ipynb): took long." in text


def test_a_recorded_guess_is_counted_apart_from_right_answers():
    grades = pd.DataFrame(
        [["ann", "c/ann/ex01.ipynb", EXERCISE, "q1", "correct", "", 0, False, ""],
         ["ann", "c/ann/ex01.ipynb", EXERCISE, "q4", "recorded", "", 0, False, ""],
         ["ann", "c/ann/ex01.ipynb", EXERCISE, "q5", "wrong", "too high.", 0, False, ""]],
        columns=list(COLUMNS))
    table = summarise(grades)
    # q4 of ex01 is "predict, then run": its guess is not among the questions scored
    assert table[["correct", "recorded", "wrong", "questions"]].values.tolist() == [[1, 1, 1, 2]]
    assert "recorded" in RESULTS
    header, row = format_summary(grades).splitlines()
    assert header.split()[3:5] == ["correct", "recorded"] and row.split()[3:5] == ["1/2", "1"]


def test_a_guess_graded_correct_in_an_older_file_counts_as_recorded():
    grades = pd.DataFrame(
        [["ann", "c/ann/ex01.ipynb", EXERCISE, q, "correct", "", 0, False, ""]
         for q in ("q1", "q2", "q3", "q4", "q5", "q6")],
        columns=list(COLUMNS))
    table = summarise(grades)
    assert table[["correct", "questions", "recorded"]].values.tolist() == [[5, 5, 1]]


def test_an_unanswered_guess_is_not_attempted_and_not_in_the_score():
    grades = pd.DataFrame(
        [["ann", "c/ann/ex01.ipynb", EXERCISE, "q1", "correct", "", 0, False, ""],
         ["ann", "c/ann/ex01.ipynb", EXERCISE, "q4", "not attempted", "", 0, False, ""]],
        columns=list(COLUMNS))
    table = summarise(grades)
    assert table[["correct", "questions", "recorded", "not_attempted"]].values.tolist() == [
        [1, 1, 0, 1]]


def _edges(line: str) -> tuple[list[int], list[int]]:
    """Terminal columns where each word of ``line`` starts and ends (Chinese characters are
    two columns wide)."""
    starts, ends, column = [], [], 0
    for k, ch in enumerate(line):
        if ch != " " and (k == 0 or line[k - 1] == " "):
            starts.append(column)
        column += display_width(ch)
        if ch != " " and (k + 1 == len(line) or line[k + 1] == " "):
            ends.append(column)
    return starts, ends


def test_the_chinese_summary_headers_stand_above_their_numbers():
    grades = pd.DataFrame(
        [["wang", "subs/wang/ex01_lifecycle.ipynb", EXERCISE, f"q{k}", result, "", 0, False, ""]
         for k, result in enumerate(["correct", "recorded", "invalid answer", "wrong"], 1)],
        columns=list(COLUMNS))
    with use_language("zh"):
        header, row = format_summary(grades).splitlines()
    assert header.split()[:4] == ["学生", "笔记本", "练习", "正确"]
    (header_starts, header_ends), (row_starts, row_ends) = _edges(header), _edges(row)
    assert len(header_ends) == len(row_ends) == len(header.split())
    # names read from the left: each header starts where its names start
    assert header_starts[:3] == row_starts[:3]
    # the counts are right-aligned: each header ends where its number ends
    assert header_ends[3:] == row_ends[3:]


def test_grading_reads_answers_typed_with_a_chinese_input_method(tmp_path, monkeypatch):
    from crmsim.classroom.exercises import questions
    from crmsim.classroom.feedback.export import checker_fingerprint
    from crmsim.classroom.grading.execute import NotebookRun

    path = _save(_read("trainer"), tmp_path, "wang")
    q = {question.name: question for question in questions(EXERCISE)}
    typed = {"q2": "ｂ", "q4": "１５０", "q6": "（b）"}  # q4, a prediction: a number as text
    records = {q[name].id: {"answer": answer} for name, answer in typed.items()}
    run = NotebookRun(records=records, checker=checker_fingerprint())
    monkeypatch.setattr("crmsim.classroom.grading.grades.run_notebook",
                        lambda *args, **kwargs: run)
    rows = {r["question"]: r for r in grade_notebook(Submission(path, "wang", path.name))}
    assert q["q2"].reference_answer() == "b" and q["q6"].reference_answer() == "b"
    assert rows["q2"]["result"] == rows["q6"]["result"] == "correct"
    assert rows["q4"]["result"] == "invalid answer"  # text, even in full-width digits
    assert "half-width digits: 150" in rows["q4"]["detail"]
    assert q["q4"].grade({"answer": 150}).outcome.value == "recorded"  # as a number


def test_a_right_answer_from_a_tampering_notebook_is_not_credited(tmp_path, monkeypatch):
    from crmsim.classroom.exercises import questions
    from crmsim.classroom.feedback.export import checker_fingerprint
    from crmsim.classroom.grading.execute import NotebookRun

    forged = _edit(_read("trainer"), "q2.check(answer)", (
        "from crmsim.classroom.feedback import REGISTRY\n"
        "REGISTRY.update('ex01_lifecycle.q2', answer='b')\nq2.check(answer)"))
    path = _save(forged, tmp_path, "mallory")
    q2 = questions(EXERCISE)[1]
    assert q2.grade({"answer": "b"}).outcome.value == "correct"  # the answer itself is right
    run = NotebookRun(records={q2.id: {"answer": "b"}}, checker=checker_fingerprint())
    monkeypatch.setattr("crmsim.classroom.grading.grades.run_notebook",
                        lambda *args, **kwargs: run)
    rows = grade_notebook(Submission(path, "mallory", path.name))
    row = next(r for r in rows if r["question"] == "q2")
    assert row["result"] == "not credited"
    assert row["detail"].startswith("the notebook reaches into the grader (")
    table = summarise(pd.DataFrame(rows, columns=list(COLUMNS)))
    assert table[["correct", "wrong", "not_credited"]].values.tolist() == [[0, 0, 1]]
    assert "not credited" in format_summary(pd.DataFrame(rows, columns=list(COLUMNS)))
    assert "not credited" in RESULTS


# -- build-exercises ---------------------------------------------------------------------


def test_build_check_names_stale_notebooks_and_exits_1(tmp_path, capsys):
    copy_root = tmp_path / "exercises"
    shutil.copytree(ROOT / "masters", copy_root / "masters")
    assert main(["build-exercises", "--dir", str(copy_root)]) == 0
    assert main(["build-exercises", "--dir", str(copy_root), "--check"]) == 0
    master = copy_root / "masters" / f"{EXERCISE}.py"
    master.write_text(master.read_text().replace("## Question 1", "## Question one"))
    capsys.readouterr()
    assert main(["build-exercises", "--dir", str(copy_root), "--check"]) == 1
    out = capsys.readouterr()
    assert f"student/{EXERCISE}.ipynb" in out.out and f"trainer/{EXERCISE}.ipynb" in out.out
    assert "out of date" in out.err
    assert build_exercises(copy_root).written  # and a build fixes it
    assert main(["build-exercises", "--dir", str(copy_root), "--check"]) == 0


def test_build_check_lists_stale_notebooks_and_writes_nothing(tmp_path):
    copy_root = tmp_path / "exercises"
    shutil.copytree(ROOT / "masters", copy_root / "masters")
    n_masters = len(list((copy_root / "masters").glob("ex*.py")))
    assert len(build_exercises(copy_root).written) == 2 * n_masters
    master = copy_root / "masters" / f"{EXERCISE}.py"
    master.write_text(master.read_text().replace("## Question 1", "## Question one"))
    before = (copy_root / "student" / f"{EXERCISE}.ipynb").read_text()
    result = build_exercises(copy_root, check=True)
    assert result.written == ()
    assert [p.relative_to(copy_root).as_posix() for p in result.stale] == [
        f"student/{EXERCISE}.ipynb", f"trainer/{EXERCISE}.ipynb"]
    assert len(result.up_to_date) == 2 * n_masters - 2
    assert (copy_root / "student" / f"{EXERCISE}.ipynb").read_text() == before


def test_bad_solution_markers_are_reported_with_file_and_line(tmp_path):
    (tmp_path / "masters").mkdir()
    (tmp_path / "masters" / "ex09_demo.py").write_text(
        "# %%\n# BEGIN SOLUTION\nx = 1\n# STUDENT: x = ____\n")
    with pytest.raises(ScenarioError, match=r"ex09_demo.py, cell 1, line 3: a '# STUDENT:'"):
        build_exercises(tmp_path)


# -- the whole class, end to end ---------------------------------------------------------


@pytest.fixture
def submissions(tmp_path) -> Path:
    folder = tmp_path / "submissions"
    student, trainer = _read("student"), _read("trainer")
    _save(trainer, folder, "alice")  # everything right
    bob = _edit(student, "buying_end = ____", "buying_end = 300")
    bob = _edit(bob, 'answer = ____  # "a", "b" or "c"\nq2', 'answer = "（ｂ）"\nq2')  # full-width
    bob = _edit(bob, "months = ____", "months = 'lots'")
    _save(bob, folder, "bob")  # partly wrong
    carol = _edit(trainer, "buying_end = result.summary", "1 / 0\nbuying_end = result.summary")
    _save(carol, folder, "carol")  # a cell raises
    dave = _edit(trainer, "guess = 140", "import time\nwhile True:\n    time.sleep(0.2)")
    _save(dave, folder, "dave")  # never ends
    eve = copy.deepcopy(trainer)
    eve.cells = [c for c in eve.cells if "q2.check" not in c.source
                 and "q3.check" not in c.source]
    _save(eve, folder, "eve")  # deleted cells
    frank = _edit(student, "buying_end = ____", (
        "import crmsim.classroom.feedback as fb\n"
        "fb.NumberQuestion._judge = lambda self, a: fb.Feedback(self.id, fb.Outcome.CORRECT)\n"
        "buying_end = 1"))
    frank = _edit(frank, 'answer = ____  # "a", "b" or "c"\nq2', (
        'fb.REGISTRY.update("ex01_lifecycle.q2", answer="c")\nanswer = ____\nq2'))
    frank = _edit(frank, "months = ____", (
        "type(q3).check = lambda self, answer=None: print('Correct!')\nmonths = 2"))
    _save(frank, folder, "frank")  # tampered checker
    (folder / "gina").mkdir()
    (folder / "gina" / f"{EXERCISE}.ipynb").write_text("this is not a notebook")
    return folder


EXPECTED = {
    "alice": ["correct"] * 3 + ["recorded"] + ["correct"] * 2,  # q4: a prediction
    "bob": ["wrong", "correct", "invalid answer", "not attempted", "not attempted",
            "not attempted"],
    "carol": ["error", "correct", "correct", "recorded", "correct", "correct"],
    "dave": ["timeout"] * 6,
    "eve": ["correct", "not attempted", "not attempted", "recorded", "correct", "correct"],
    "frank": ["wrong", "wrong", "not attempted", "not attempted", "not attempted",
              "not attempted"],
    "gina": ["error"] * 6,
}


@pytest.mark.slow
def test_grade_a_class_end_to_end(submissions, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    status = main(["grade", str(submissions), "--out", str(out), "--timeout", "30",
                   "--jobs", "2", "--no-progress"])
    assert status == 0  # grading completed, although students got answers wrong
    grades = pd.read_csv(out, keep_default_na=False)
    assert list(grades.columns) == list(COLUMNS)
    assert not list(tmp_path.glob(".grades.csv*"))  # written atomically
    rows = [(r.student, r.notebook, r.question, r.result) for r in grades.itertuples()]
    expected = [(s, f"submissions/{s}/{EXERCISE}.ipynb", f"q{i + 1}", result)
                for s, results in EXPECTED.items() for i, result in enumerate(results)]
    assert rows == expected

    def problem(student: str) -> str:
        return grades.loc[grades["student"] == student, "notebook_problem"].iloc[0]

    def detail(student: str, question: str) -> str:
        row = grades[(grades["student"] == student) & (grades["question"] == question)]
        return row["detail"].iloc[0]

    assert problem("alice") == "" and problem("bob") == ""
    assert "at the start" in detail("bob", "q1")  # the typical mistake, named
    assert "received the text 'lots'" in detail("bob", "q3")
    assert "ZeroDivisionError" in problem("carol") and "ZeroDivisionError" in detail("carol",
                                                                                        "q1")
    assert "did not finish within 30 s" in problem("dave")
    assert "no cell checks q2, q3" in problem("eve")
    assert "differs from the grader's" in problem("frank")
    assert "not a readable notebook" in problem("gina")

    printed = capsys.readouterr().out
    assert "7 notebooks of 7 students" in printed
    for student in ("carol", "dave", "eve", "frank", "gina"):
        assert f"  {student} (submissions/{student}/{EXERCISE}.ipynb): " in printed
    assert "  alice (" not in printed.split("Problems:")[1]


@pytest.mark.slow
def test_a_fully_correct_notebook_of_every_exercise_gets_full_marks(tmp_path):
    from crmsim.classroom.exercises import EXERCISES, questions

    predicting = [e for e in EXERCISES if any(not q.scored for q in questions(e))]
    assert predicting  # the exercises with a "predict, then run" question
    folder = tmp_path / "submissions"
    for exercise in predicting:
        _save(nbformat.read(ROOT / "trainer" / f"{exercise}.ipynb", as_version=4), folder,
              "alice", f"{exercise}.ipynb")
    grades = grade([folder], timeout_per_notebook=300, jobs=2)
    assert set(grades["result"]) == {"correct", "recorded"}
    table = summarise(grades).set_index("exercise")
    for exercise in predicting:
        asked = questions(exercise)
        guesses = sum(not q.scored for q in asked)
        row = table.loc[exercise]
        assert (row["correct"], row["questions"], row["recorded"]) == (
            len(asked) - guesses, len(asked) - guesses, guesses), exercise
    shown = format_summary(grades)
    for row in table.itertuples():
        assert f" {row.correct}/{row.correct} " in shown
