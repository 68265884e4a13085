"""The class at a glance: result counts per notebook, and the table ``crmsim grade`` prints.

The grades themselves (result codes, problem sentences) are English in every display
language (they are data); :func:`format_summary` shows headers and problems in the current
language (:mod:`crmsim.language.translate`). Its columns are as wide as a terminal shows
them, a Chinese character taking two (:func:`~crmsim.language.translate.display_width`), so
Chinese headers stand above their columns.

Examples
--------
>>> from crmsim.classroom.grading.grades import COLUMNS
>>> g = pd.DataFrame([["ann", "ann/ex01.ipynb", "ex01_lifecycle", "q1", "correct", "",
...                    0, False, ""]], columns=list(COLUMNS))
>>> print(format_summary(g))  # doctest: +NORMALIZE_WHITESPACE
student  notebook        exercise        correct  recorded  wrong  invalid  not attempted
  error  timeout  not credited
ann      ann/ex01.ipynb  ex01_lifecycle      1/1         0      0        0              0
      0        0             0
"""

from __future__ import annotations

import pandas as pd

from crmsim.classroom.grading.problems import shown_problem
from crmsim.language.translate import display_width, pad, tr

__all__ = ["format_summary", "summarise"]


def _unscored(exercise: str) -> frozenset[str]:
    """Names of the questions of ``exercise`` that are neither right nor wrong (predictions:
    ``Question.scored`` false); none for a name that is not an exercise."""
    from crmsim.classroom.exercises import EXERCISES, questions

    if exercise not in EXERCISES:
        return frozenset()
    return frozenset(q.name for q in questions(exercise) if not q.scored)


def summarise(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per notebook: counts of each result and the notebook's problem.

    The score is ``correct`` out of ``questions``, the questions whose answers are right or
    wrong; a "predict, then run" question is neither, so it is not among them: its guess
    counts in ``recorded`` (so does one graded ``correct`` in a file graded before the
    result ``recorded`` existed), and a notebook with every question right scores full marks.

    Parameters
    ----------
    grades : DataFrame
        Grades as :func:`crmsim.classroom.grading.grades.grade` returns them (or as read
        back from their CSV).

    Returns
    -------
    DataFrame
        Columns ``student``, ``notebook``, ``exercise``, ``correct``, ``questions`` (the
        questions with a right answer), ``recorded`` (predictions' guesses, neither right
        nor wrong), ``wrong``, ``invalid``, ``not_attempted``, ``error``, ``timeout``,
        ``not_credited``, ``problem``.

    Examples
    --------
    >>> from crmsim.classroom.grading.grades import COLUMNS
    >>> g = pd.DataFrame([["ann", "ann/ex01.ipynb", "ex01_lifecycle", q, result, "", 0,
    ...                    False, ""] for q, result in [("q1", "correct"), ("q4", "recorded")]],
    ...                  columns=list(COLUMNS))
    >>> summarise(g)[["student", "correct", "questions", "recorded"]].values.tolist()
    [['ann', 1, 1, 1]]
    """
    rows = []
    for (student, notebook), part in grades.groupby(["student", "notebook"], sort=False):
        exercise = part["exercise"].iloc[0]
        asked = part[part["question"] != ""]
        guessed = asked["question"].isin(_unscored(str(exercise)))
        scored = asked[~guessed]
        counts = part["result"].value_counts()
        rows.append({
            "student": student,
            "notebook": notebook,
            "exercise": exercise,
            "correct": int((scored["result"] == "correct").sum()),
            "questions": len(scored),
            "recorded": int(asked["result"].eq("recorded").sum()
                            + asked[guessed]["result"].eq("correct").sum()),
            "wrong": int(counts.get("wrong", 0)),
            "invalid": int(counts.get("invalid answer", 0)),
            "not_attempted": int(counts.get("not attempted", 0)),
            "error": int(counts.get("error", 0)),
            "timeout": int(counts.get("timeout", 0)),
            "not_credited": int(counts.get("not credited", 0)),
            "problem": str(part["notebook_problem"].iloc[0] or ""),
        })
    return pd.DataFrame(rows)


def format_summary(grades: pd.DataFrame) -> str:
    """The per-student table and one line per problem notebook, as ``crmsim grade`` prints.

    Headers and problems are in the current display language
    (:mod:`crmsim.language.translate`); the grades themselves (result codes, problem
    sentences) are English in every language. No grades give one sentence saying so.
    """
    table = summarise(grades)
    if table.empty:
        return tr("grade.nothing")
    shown = table.drop(columns=["problem"]).copy()
    shown["correct"] = [f"{c}/{n}" for c, n in zip(shown["correct"], shown["questions"],
                                                    strict=True)]
    shown = shown.drop(columns=["questions"])
    header = [tr(f"grade.col.{column}") for column in shown.columns]
    rows = [[str(value) for value in row] for row in shown.itertuples(index=False)]
    lines = [_aligned(header, rows, left=3)]  # student, notebook, exercise: names
    problems = table[table["problem"] != ""]
    if len(problems):
        lines.append("")
        lines.append(tr("grade.problems"))
        for row in problems.itertuples():
            lines.append(tr("grade.problem_line", student=row.student, notebook=row.notebook,
                            problem=shown_problem(row.problem)))
    return "\n".join(lines)


def _aligned(header: list[str], rows: list[list[str]], left: int) -> str:
    """A plain-text table whose columns line up in a terminal, Chinese text included: the
    first ``left`` columns aligned left, the others right.

    Examples
    --------
    >>> print(_aligned(["学生", "正确"], [["ann", "1/2"]], left=1))
    学生  正确
    ann    1/2
    """
    columns = zip(header, *rows, strict=True)
    widths = [max(display_width(text) for text in column) for column in columns]
    lines = []
    for row in [header, *rows]:
        cells = [
            pad(text, width, "<" if k < left else ">")
            for k, (text, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
