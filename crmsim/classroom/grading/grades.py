"""Grade notebooks: run each one, then judge its recorded answers again with pristine checkers.

:func:`grade` returns one row per student, notebook and question (:data:`COLUMNS`). The
answers a notebook exported are judged **in the grading process**, by the exercise's own
question objects, never by code from the notebook: a tampered checker in the notebook
(``q1.check = lambda a: print("Correct!")``, a patched :mod:`crmsim.classroom.feedback`)
changes what the student saw, not the grade, and is named in the notebook's problem when
the notebook's checker fingerprint differs from the grader's.

Everything the kernel reports is untrusted, so the submitted source is read first
(:mod:`crmsim.classroom.grading.audit`): an answer counts only for a question that a
``qN.check(answer)`` call in the submission checks, and only when no cell reaches the
grader's records or internals (the registry, the export, the fingerprint, the feedback
modules, a question's reference); a question that a cell tampers with earns nothing (a right
answer is ``not credited``, with the reason in ``detail``) and the notebook's problem names
the cell.
Hints used and solutions viewed are the larger of the calls in the submitted cells and
the kernel's record, so they cannot be erased. With ``out``, the grades are written
(atomically) after every notebook, so a notebook that kills the grader loses nothing
graded before it.

Results per question (:data:`RESULTS`): ``correct``, ``wrong``, ``invalid answer``,
``recorded`` (a "predict, then run" question's guess, recorded before the reveal: a guess
is neither right nor wrong, so it is counted apart from right answers; files graded before
this result existed give such a guess as ``correct``), ``not attempted`` (no answer
recorded: the ``____`` is still there, or the cell was deleted), ``error`` (the cell
checking the question raised an exception, or the notebook could not be run), ``timeout``
(the notebook did not finish in its time: an endless loop, or endless output) and ``not
credited`` (a right answer or a recorded guess from a notebook that reaches into the
grader's records or internals; it earns nothing).

Examples
--------
>>> sorted(RESULTS)[:3]
['correct', 'error', 'invalid answer']
>>> "recorded" in RESULTS
True
>>> COLUMNS[:5]
('student', 'notebook', 'exercise', 'question', 'result')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.classroom.exercises import exercise_from_name, questions
from crmsim.classroom.feedback.export import checker_fingerprint
from crmsim.classroom.feedback.outcomes import Feedback, Outcome
from crmsim.classroom.feedback.questions import Question
from crmsim.classroom.grading.audit import Finding, SourceAudit, audit_cells
from crmsim.classroom.grading.execute import MAX_OUTPUT_CHARS, MEMORY_MB, NotebookRun, run_notebook
from crmsim.classroom.grading.problems import notebook_problem
from crmsim.classroom.grading.submissions import (
    Submission,
    exercise_of_notebook,
    find_submissions,
)
from crmsim.common.errors import ScenarioError
from crmsim.common.files import atomic_open
from crmsim.common.numbers import format_number
from crmsim.language.translate import tr

__all__ = ["COLUMNS", "RESULTS", "grade", "grade_notebook", "write_grades"]

RESULTS: tuple[str, ...] = (*(o.value for o in Outcome), "error", "timeout", "not credited")
"""Every value of the ``result`` column."""

COLUMNS: tuple[str, ...] = (
    "student",
    "notebook",
    "exercise",
    "question",
    "result",
    "detail",
    "hints_used",
    "solution_viewed",
    "notebook_problem",
)
"""Columns of the grades frame: who, which notebook (path relative to the folder given),
which exercise and question, the result, what was wrong (the checker's message, or the
error), hints shown and whether the solution was viewed (as recorded in the notebook), and
the notebook-level problem in one sentence (empty if none)."""


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def _row(
    sub: Submission,
    exercise: str,
    question: str,
    result: str,
    detail: str = "",
    hints: int = 0,
    solution: bool = False,
    problem: str = "",
) -> dict[str, Any]:
    return {
        "student": sub.student,
        "notebook": sub.notebook,
        "exercise": exercise,
        "question": question,
        "result": result,
        "detail": detail,
        "hints_used": hints,
        "solution_viewed": solution,
        "notebook_problem": problem,
    }


def _pristine_feedback(question: Question, record: Any) -> tuple[str, str]:
    try:
        feedback: Feedback = question.grade(record if isinstance(record, dict) else {})
    except Exception as error:  # a checker bug must not stop the class's grading
        return "error", f"the checker failed on this answer ({type(error).__name__})."
    if feedback.outcome in (Outcome.CORRECT, Outcome.RECORDED):
        return feedback.outcome.value, ""
    if feedback.outcome is Outcome.NOT_ATTEMPTED:
        return feedback.outcome.value, "no answer was checked."
    return feedback.outcome.value, feedback.message


def _checks(source: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\s*\.\s*check\s*\(", source) is not None


def _findings(audit: SourceAudit, run: NotebookRun) -> tuple[Finding, ...]:
    """The audit's findings, and cells it could not read that ran all the same."""
    raised = {
        e.cell
        for e in run.errors
        if e.error.startswith(("SyntaxError", "IndentationError", "TabError"))
    }
    ran = tuple(
        Finding(cell, "could not be read as Python, yet ran")
        for cell in audit.unread
        if cell not in raised
    )
    return audit.findings + ran


def _output_cut(run: NotebookRun) -> list[str]:
    if not run.output_cut:
        return []
    return [
        notebook_problem(
            "grade.problem.output_cut", cell=run.output_cut, chars=format_number(MAX_OUTPUT_CHARS)
        )
    ]


def grade_notebook(
    sub: Submission,
    *,
    timeout_per_notebook: float = 120.0,
    kernel_name: str = "python3",
    memory_mb: int = MEMORY_MB,
) -> list[dict[str, Any]]:
    """Rows of :data:`COLUMNS` for one submission; never raises for a bad notebook.

    Notebook-level problems (unreadable file, cells that raised, questions no cell checks,
    a dead kernel, a timeout, a checker that differs from the grader's) are given in words
    in ``notebook_problem``, one sentence per notebook, in English
    (:func:`~crmsim.classroom.grading.problems.notebook_problem`).
    """
    import nbformat

    try:
        nb = nbformat.read(sub.path, as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as error:
        reason = type(error).__name__
        exercise = exercise_from_name(sub.path.name)
        problem = notebook_problem("grade.problem.unreadable", reason=reason)
        if exercise is None:
            return [_row(sub, "", "", "error", problem, problem=problem)]
        return [
            _row(sub, exercise, q.name, "error", problem, problem=problem)
            for q in questions(exercise)
        ]
    exercise = exercise_of_notebook(nb, sub.path)
    if exercise is None:
        problem = notebook_problem("grade.problem.unknown_exercise")
        return [_row(sub, "", "", "error", problem, problem=problem)]
    pristine = questions(exercise)
    sources = [c.get("source", "") if c.get("cell_type") == "code" else "" for c in nb.cells]
    audit = audit_cells(sources, [q.name for q in pristine])
    try:
        run = run_notebook(nb, timeout_per_notebook, kernel_name, memory_mb)
    except Exception as error:  # kernel failed to start, and the like
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:280]
        problem = notebook_problem("grade.problem.not_run", error=reason)
        return [_row(sub, exercise, q.name, "error", problem, problem=problem) for q in pristine]
    if run.status == "timeout":
        problem = "; ".join([run.problem, *_output_cut(run)])
        return [
            _row(
                sub,
                exercise,
                q.name,
                "timeout",
                f"the notebook did not finish within {timeout_per_notebook:g} s.",
                problem=problem,
            )
            for q in pristine
        ]
    if run.records is None:
        problem = "; ".join([run.problem, *_output_cut(run)])
        return [
            _row(sub, exercise, q.name, "error", run.problem, problem=problem) for q in pristine
        ]
    problems = _output_cut(run)
    if run.errors:
        first = run.errors[0]
        key = "grade.problem.cell_errors" if len(run.errors) > 1 else "grade.problem.cell_error"
        problems.append(
            notebook_problem(key, n=len(run.errors), cell=first.cell, error=first.error)
        )
    missing = [q.name for q in pristine if q.name not in audit.checked]
    if missing:
        problems.append(notebook_problem("grade.problem.unchecked", questions=", ".join(missing)))
    if run.checker != checker_fingerprint():
        problems.append(notebook_problem("grade.problem.checker_differs"))
    findings = _findings(audit, run)
    tampered = SourceAudit(audit.checked, findings=findings, names=audit.names).tampered()
    if findings:
        shown = [f.describe() for f in findings[:3]]
        if len(findings) > 3:
            shown.append(f"{len(findings) - 3} more")
        problems.append(
            notebook_problem(
                "grade.problem.tampered",
                what=", ".join(shown),
                questions=", ".join(q.name for q in pristine if q.name in tampered),
            )
        )
    problem = "; ".join(problems)
    rows = []
    for question in pristine:
        record = run.records.get(question.id, {})
        record = record if isinstance(record, dict) else {}
        if question.name not in audit.checked:
            record = {k: v for k, v in record.items() if k != "answer"}  # not from a check
        result, detail = _pristine_feedback(question, record)
        if result == Outcome.NOT_ATTEMPTED.value:
            failed = [e for e in run.errors if _checks(e.source, question.name)]
            if failed:
                result = "error"
                detail = f"the cell checking {question.name} raised {failed[0].error}."
        credited = (Outcome.CORRECT.value, Outcome.RECORDED.value)
        if question.name in tampered and result in credited:
            result = "not credited"
            reasons = ", ".join(
                f.describe() for f in findings if not f.questions or question.name in f.questions
            )
            if len(reasons) > 200:
                reasons = reasons[:197] + "..."
            detail = f"the notebook reaches into the grader ({reasons})."
        called = min(audit.hints.get(question.name, 0), len(question.hints))
        hints = max(_count(record.get("hints", 0)), called)
        solution = (
            record.get("solution_viewed") is True or audit.solutions.get(question.name, 0) > 0
        )
        rows.append(
            _row(
                sub,
                exercise,
                question.name,
                result,
                detail,
                hints=hints,
                solution=solution,
                problem=problem,
            )
        )
    return rows


def grade(
    paths: Sequence[str | Path],
    *,
    timeout_per_notebook: float = 120.0,
    jobs: int = 1,
    kernel_name: str = "python3",
    progress_bar: bool = False,
    memory_mb: int = MEMORY_MB,
    out: str | Path | None = None,
) -> pd.DataFrame:
    """Grade every notebook under ``paths``; one row per student, notebook and question.

    Parameters
    ----------
    paths : sequence of path
        Notebooks and/or folders of notebooks (see
        :mod:`crmsim.classroom.grading.submissions` for how students and exercises are
        recognised).
    timeout_per_notebook : float
        Seconds all of a notebook's cells may take together.
    jobs : int
        Notebooks graded at the same time (each has its own kernel).
    kernel_name : str
        Jupyter kernel that runs the notebooks (it must have crmsim installed).
    progress_bar : bool
        Show a tqdm progress bar.
    memory_mb : int
        Address space each notebook's kernel may use, in megabytes (0: no limit).
    out : path, optional
        A CSV that the grades so far are written to (atomically, with
        :func:`write_grades`) each time a notebook is graded, in submission order, so a
        notebook that kills the grader loses nothing graded before it.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, in submission and question order.

    Raises
    ------
    ScenarioError
        For a time limit or number of jobs that is not usable, or nothing to grade.
    """
    if not (isinstance(timeout_per_notebook, int | float) and timeout_per_notebook > 0):
        raise ScenarioError(
            "timeout_per_notebook must be a positive number of seconds; "
            f"received {timeout_per_notebook!r}."
        )
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ScenarioError(f"jobs must be a whole number >= 1; received {jobs!r}.")
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, int) or memory_mb < 0:
        raise ScenarioError(
            "memory_mb must be a whole number of megabytes >= 0 (0: no "
            f"limit); received {memory_mb!r}."
        )
    subs = find_submissions(paths)

    def one(sub: Submission) -> list[dict[str, Any]]:
        try:
            return grade_notebook(
                sub,
                timeout_per_notebook=timeout_per_notebook,
                kernel_name=kernel_name,
                memory_mb=memory_mb,
            )
        except Exception as error:  # pragma: no cover - last line of defence
            problem = notebook_problem(
                "grade.problem.failed", error=f"{type(error).__name__}: {error}"
            )
            return [_row(sub, "", "", "error", problem, problem=problem)]

    done: dict[int, list[dict[str, Any]]] = {}

    def frame() -> pd.DataFrame:
        rows = [row for index in sorted(done) for row in done[index]]
        return pd.DataFrame(rows, columns=list(COLUMNS))

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one, sub): index for index, sub in enumerate(subs)}
        finished = as_completed(futures)
        if progress_bar:
            from tqdm.auto import tqdm

            finished = tqdm(
                finished, total=len(subs), desc=tr("grade.progress"), unit=tr("grade.progress_unit")
            )
        for future in finished:
            done[futures[future]] = future.result()
            if out is not None:
                write_grades(frame(), out)
    return frame()


def write_grades(grades: pd.DataFrame, path: str | Path) -> Path:
    """Write the grades as CSV (UTF-8, no index), atomically; return the path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "grades.csv"
    >>> write_grades(pd.DataFrame(columns=list(COLUMNS)), out).read_text().split(",")[:2]
    ['student', 'notebook']
    """
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        grades.to_csv(handle, index=False)
    return Path(path)
