"""Grade a class's exercise notebooks: run each one headless, re-check every answer.

``grade(paths)`` (and ``crmsim grade PATH...``) finds the submitted notebooks, executes
each in a fresh Jupyter kernel of its own, in a temporary working folder, with a time
limit per notebook, and returns one row per student, notebook and question.

How a notebook is graded
------------------------
1. Its cells run in order with errors allowed, so one failing cell does not hide the
   answers after it. The cells share one time budget (``timeout_per_notebook``); a
   notebook that exceeds it (an endless loop, say) has its kernel shut down and every
   question marked ``timeout``.
2. A final cell, added by the grader, prints what the notebook's ``check`` calls recorded
   (:func:`crmsim.classroom.feedback.export_answers`).
3. Those answers are judged **again in the grading process**, by the exercise's own
   question objects, never by code from the notebook. A tampered checker in the notebook
   (``q1.check = lambda a: print("Correct!")``, a patched :mod:`crmsim.classroom.feedback`) changes
   what the student saw, not the grade.

Results per question: ``correct``, ``wrong``, ``invalid answer``, ``not attempted`` (no
answer recorded: the ``____`` is still there, or the cell was deleted), ``error`` (the
cell checking the question raised an exception, or the notebook could not be run) and
``timeout``. Notebook-level problems (unreadable file, cells that raised, a dead kernel,
a timeout) are also given in words in ``notebook_problem``, one sentence per notebook.
The grades are English in every display language (they are data); :func:`format_summary`,
which ``crmsim grade`` prints, shows headers and problems in the current language.

Which student and which exercise
--------------------------------
* Folders are searched for ``*.ipynb`` (recursively; checkpoints and hidden folders are
  skipped). A notebook in a sub-folder, ``submissions/<student>/ex01.ipynb``, belongs to
  ``<student>``; one directly in the folder, or a file given by name, to its file stem.
* The exercise comes from the notebook's metadata (written by ``crmsim build-exercises``);
  if that is missing, from ``exNN`` in the file name.

.. warning::
   Grading **executes student code with your privileges**: a hostile notebook can read or
   delete your files. Grade untrusted submissions inside a container or virtual machine.

Examples
--------
>>> sorted(RESULTS)[:3]
['correct', 'error', 'invalid answer']
>>> COLUMNS[:5]
('student', 'notebook', 'exercise', 'question', 'result')
"""

from __future__ import annotations

import json
import math
import re
import secrets
import string
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.classroom.exercises import EXERCISES, exercise_from_name, questions
from crmsim.classroom.feedback import Feedback, Outcome, Question, checker_fingerprint
from crmsim.common.errors import ScenarioError
from crmsim.common.files import atomic_open
from crmsim.language.catalogue import MESSAGES
from crmsim.language.translate import get_language, tr, use_language

__all__ = [
    "COLUMNS",
    "RESULTS",
    "Submission",
    "add_grade_command",
    "find_submissions",
    "format_summary",
    "grade",
    "grade_notebook",
    "summarise",
    "write_grades",
]

RESULTS: tuple[str, ...] = (*(o.value for o in Outcome), "error", "timeout")
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

EXPORT_BUDGET_SECONDS = 30
"""Time allowed for the grader's final cell, on top of the notebook's own budget."""

MAX_OUTPUT_CHARS = 2_000_000
"""Outputs of the submitted cells kept in memory at most (a print loop cannot fill it)."""


# --------------------------------------------------------------------------------------
# notebook problems: English in the grades, the current language when printed
# --------------------------------------------------------------------------------------

_PROBLEM = "grade.problem."
"""Prefix of the catalogue's notebook-problem templates (:mod:`crmsim.language.catalogue`)."""


def _problem(key: str, **values: object) -> str:
    """The notebook problem ``key`` in English, as the grades frame and CSV hold it.

    Grades are data: their text does not depend on the display language (grading threads
    do not even share the caller's :func:`~crmsim.language.translate.use_language` block).
    :func:`_shown_problem` turns the English back into the current language.
    """
    with use_language("en"):
        return tr(key, **values)


@cache
def _problem_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(key, regex) per notebook-problem template; the regex matches one part of a problem."""
    patterns = []
    for key, entry in MESSAGES.items():
        if key.startswith(_PROBLEM):
            regex = "".join(re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
                            for literal, name, _, _ in string.Formatter().parse(entry["en"]))
            patterns.append((key, re.compile(regex + r"(?:; |\Z)", re.S)))
    return tuple(patterns)


def _shown_problem(problem: str) -> str:
    """A notebook problem of the grades (English) in the current display language.

    The problem is read back part by part (parts are joined by ``"; "``) with the English
    templates it was written with; text that does not match them (edited by hand, or
    written by another crmsim version) is shown as it is.

    Examples
    --------
    >>> text = "no cell checks q2, q3 (deleted?)"
    >>> _shown_problem(text) == text
    True
    >>> with use_language("zh"):
    ...     _shown_problem(text + "; grading failed (OSError: disk full)")
    '没有单元格检查 q2, q3（被删除了？）；评分失败（OSError: disk full）'
    """
    if not problem or get_language() == "en":
        return problem
    parts = []
    position = 0
    while position < len(problem):
        for key, pattern in _problem_patterns():
            match = pattern.match(problem, position)
            if match:
                parts.append(tr(key, **match.groupdict()))
                position = match.end()
                break
        else:
            return problem
    return tr("grade.problem_sep").join(parts)


# --------------------------------------------------------------------------------------
# finding submissions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Submission:
    """One file to grade: where it is, whose it is, and how it is named in the output."""

    path: Path
    student: str
    notebook: str


def _skipped(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts[:-1])


def find_submissions(paths: Iterable[str | Path]) -> list[Submission]:
    """The notebooks to grade under ``paths`` (folders or files), in a stable order.

    ``notebook`` is the path from the given folder's name down (``submissions/alice/...``),
    or the file name for a file given directly.

    Raises
    ------
    ScenarioError
        If a path does not exist, or nothing at all is found to grade.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "submissions"
    >>> (root / "alice").mkdir(parents=True)
    >>> _ = (root / "alice" / "ex01_lifecycle.ipynb").write_text("{}")
    >>> _ = (root / "bob_ex01.ipynb").write_text("{}")
    >>> for sub in find_submissions([root]):
    ...     print(sub.student, sub.notebook)
    alice submissions/alice/ex01_lifecycle.ipynb
    bob_ex01 submissions/bob_ex01.ipynb
    """
    found: list[Submission] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for notebook in sorted(path.rglob("*.ipynb")):
                relative = notebook.relative_to(path)
                if _skipped(relative) or not notebook.is_file():
                    continue
                student = relative.parts[0] if len(relative.parts) > 1 else notebook.stem
                label = f"{path.resolve().name}/{relative.as_posix()}"
                found.append(Submission(notebook, student, label))
        elif path.is_file():
            found.append(Submission(path, path.stem, path.name))
        else:
            raise ScenarioError(f"{path} does not exist; expected a notebook or a folder of "
                                "notebooks.")
    if not found:
        listed = ", ".join(str(p) for p in paths)
        raise ScenarioError(f"no notebooks (*.ipynb) found in {listed}; expected at least one.")
    return found


# --------------------------------------------------------------------------------------
# running one notebook
# --------------------------------------------------------------------------------------


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """A notebook client that stops keeping outputs after ``MAX_OUTPUT_CHARS``."""

        kept_chars = 0
        protected_cell = -1

        def output(self, outs, msg, display_id, cell_index):
            if cell_index != self.protected_cell:
                content = msg.get("content", {})
                size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
                self.kept_chars += size
                if self.kept_chars > MAX_OUTPUT_CHARS:
                    return None
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


@dataclass(slots=True)
class _Run:
    """What happened when the notebook ran."""

    exported: dict[str, Any] | None = None
    checker: str = ""
    status: str = "ok"  # ok | timeout | dead | failed
    problem: str = ""
    errors: list[tuple[int, str, str]] | None = None  # (cell number, source, "Name: value")


def _error_text(output: Any) -> str:
    name = str(output.get("ename", "Error"))
    value = " ".join(str(output.get("evalue", "")).split())
    if len(value) > 120:
        value = value[:117] + "..."
    return f"{name}: {value}" if value else name


def _execute(nb: Any, timeout: float, kernel_name: str) -> _Run:
    """Run ``nb``'s code cells with one shared time budget, then the export cell."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    marker = f"@@crmsim-answers-{secrets.token_hex(8)}@@"
    export = nbformat.v4.new_code_cell(
        "import crmsim.classroom.feedback as _crmsim_feedback\n"
        f"_crmsim_feedback.export_answers({marker!r})"
    )
    cells = [c for c in nb.cells if c.get("cell_type") == "code"]
    for cell in cells:
        cell.outputs, cell.execution_count = [], None
    nb.cells = [*nb.cells, export]
    run = _Run(errors=[])
    with tempfile.TemporaryDirectory(prefix="crmsim-grade-") as workdir:
        client = _client_class()(
            nb, timeout=max(1, math.ceil(timeout)), kernel_name=kernel_name,
            allow_errors=True, interrupt_on_timeout=False, shutdown_kernel="immediate",
            resources={"metadata": {"path": workdir}},
        )
        client.protected_cell = len(nb.cells) - 1
        current = 0
        try:
            with client.setup_kernel(cwd=workdir, stderr=subprocess.DEVNULL):
                deadline = time.monotonic() + timeout  # the kernel's start-up is not counted
                for index, cell in enumerate(nb.cells):
                    if cell.get("cell_type") != "code":
                        continue
                    current = index
                    if index == len(nb.cells) - 1:
                        client.timeout = EXPORT_BUDGET_SECONDS
                    else:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            raise CellTimeoutError("notebook time budget used up")
                        client.timeout = max(1, math.ceil(left))
                    client.execute_cell(cell, index)
        except CellTimeoutError:
            if current == len(nb.cells) - 1:
                run.status = "failed"
                run.problem = _problem("grade.problem.export_timeout")
            else:
                run.status = "timeout"
                run.problem = _problem("grade.problem.timeout", seconds=f"{timeout:g}",
                                       cell=current + 1)
            return run
        except DeadKernelError:
            run.status = "dead"
            run.problem = _problem("grade.problem.dead_kernel", cell=current + 1)
            return run
    for index, cell in enumerate(nb.cells[:-1]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                run.errors.append((index + 1, cell.get("source", ""), _error_text(output)))
                break
    text = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", [])
                   if o.get("output_type") == "stream")
    found = re.findall(re.escape(marker) + r"(.*?)" + re.escape(marker), text, flags=re.S)
    try:
        data = json.loads(found[-1])
        if not (isinstance(data, dict) and isinstance(data.get("records"), dict)):
            raise ValueError("not a mapping")
        run.exported = data["records"]
        run.checker = str(data.get("checker", ""))
    except (IndexError, ValueError):
        run.status, run.problem = "failed", _problem("grade.problem.no_answers")
    return run


# --------------------------------------------------------------------------------------
# grading one notebook
# --------------------------------------------------------------------------------------


def _which_exercise(nb: Any, path: Path) -> str | None:
    meta = nb.get("metadata", {}).get("crmsim", {})
    named = meta.get("exercise") if isinstance(meta, dict) else None
    if isinstance(named, str) and named in EXERCISES:
        return named
    return exercise_from_name(path.name)


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def _row(sub: Submission, exercise: str, question: str, result: str, detail: str = "",
         hints: int = 0, solution: bool = False, problem: str = "") -> dict[str, Any]:
    return {"student": sub.student, "notebook": sub.notebook, "exercise": exercise,
            "question": question, "result": result, "detail": detail, "hints_used": hints,
            "solution_viewed": solution, "notebook_problem": problem}


def _pristine_feedback(question: Question, record: Any) -> tuple[str, str]:
    try:
        feedback: Feedback = question.grade(record if isinstance(record, dict) else {})
    except Exception as error:  # a checker bug must not stop the class's grading
        return "error", f"the checker failed on this answer ({type(error).__name__})."
    if feedback.outcome is Outcome.CORRECT:
        return feedback.outcome.value, ""
    if feedback.outcome is Outcome.NOT_ATTEMPTED:
        return feedback.outcome.value, "no answer was checked."
    return feedback.outcome.value, feedback.message


def _checks(source: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\s*\.\s*check\s*\(", source) is not None


def grade_notebook(sub: Submission, *, timeout_per_notebook: float = 120.0,
                   kernel_name: str = "python3") -> list[dict[str, Any]]:
    """Rows of :data:`COLUMNS` for one submission; never raises for a bad notebook."""
    import nbformat

    try:
        nb = nbformat.read(sub.path, as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as error:
        reason = type(error).__name__
        exercise = exercise_from_name(sub.path.name)
        problem = _problem("grade.problem.unreadable", reason=reason)
        if exercise is None:
            return [_row(sub, "", "", "error", problem, problem=problem)]
        return [_row(sub, exercise, q.name, "error", problem, problem=problem)
                for q in questions(exercise)]
    exercise = _which_exercise(nb, sub.path)
    if exercise is None:
        problem = _problem("grade.problem.unknown_exercise")
        return [_row(sub, "", "", "error", problem, problem=problem)]
    pristine = questions(exercise)
    try:
        run = _execute(nb, timeout_per_notebook, kernel_name)
    except Exception as error:  # kernel failed to start, and the like
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:280]
        problem = _problem("grade.problem.not_run", error=reason)
        return [_row(sub, exercise, q.name, "error", problem, problem=problem)
                for q in pristine]
    if run.status == "timeout":
        return [_row(sub, exercise, q.name, "timeout",
                     f"the notebook did not finish within {timeout_per_notebook:g} s.",
                     problem=run.problem) for q in pristine]
    if run.exported is None:
        return [_row(sub, exercise, q.name, "error", run.problem, problem=run.problem)
                for q in pristine]
    errors = run.errors or []
    problems = []
    if errors:
        first = errors[0]
        key = "grade.problem.cell_errors" if len(errors) > 1 else "grade.problem.cell_error"
        problems.append(_problem(key, n=len(errors), cell=first[0], error=first[2]))
    sources = [c.get("source", "") for c in nb.cells if c.get("cell_type") == "code"]
    missing = [q.name for q in pristine if not any(_checks(s, q.name) for s in sources)]
    if missing:
        problems.append(_problem("grade.problem.unchecked", questions=", ".join(missing)))
    if run.checker != checker_fingerprint():
        problems.append(_problem("grade.problem.checker_differs"))
    problem = "; ".join(problems)
    rows = []
    for question in pristine:
        record = run.exported.get(question.id, {})
        record = record if isinstance(record, dict) else {}
        result, detail = _pristine_feedback(question, record)
        if result == Outcome.NOT_ATTEMPTED.value:
            failed = [e for e in errors if _checks(e[1], question.name)]
            if failed:
                result = "error"
                detail = f"the cell checking {question.name} raised {failed[0][2]}."
        rows.append(_row(sub, exercise, question.name, result, detail,
                         hints=_count(record.get("hints", 0)),
                         solution=record.get("solution_viewed") is True, problem=problem))
    return rows


# --------------------------------------------------------------------------------------
# the whole class
# --------------------------------------------------------------------------------------


def grade(
    paths: Sequence[str | Path],
    *,
    timeout_per_notebook: float = 120.0,
    jobs: int = 1,
    kernel_name: str = "python3",
    progress_bar: bool = False,
) -> pd.DataFrame:
    """Grade every notebook under ``paths``; one row per student, notebook and question.

    Parameters
    ----------
    paths : sequence of path
        Notebooks and/or folders of notebooks (see the module docstring for how students
        and exercises are recognised).
    timeout_per_notebook : float
        Seconds all of a notebook's cells may take together.
    jobs : int
        Notebooks graded at the same time (each has its own kernel).
    kernel_name : str
        Jupyter kernel that runs the notebooks (it must have crmsim installed).
    progress_bar : bool
        Show a tqdm progress bar.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, in submission and question order.
    """
    if not (isinstance(timeout_per_notebook, int | float) and timeout_per_notebook > 0):
        raise ScenarioError("timeout_per_notebook must be a positive number of seconds; "
                            f"received {timeout_per_notebook!r}.")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ScenarioError(f"jobs must be a whole number >= 1; received {jobs!r}.")
    subs = find_submissions(paths)

    def one(sub: Submission) -> list[dict[str, Any]]:
        try:
            return grade_notebook(sub, timeout_per_notebook=timeout_per_notebook,
                                  kernel_name=kernel_name)
        except Exception as error:  # pragma: no cover - last line of defence
            problem = _problem("grade.problem.failed", error=f"{type(error).__name__}: {error}")
            return [_row(sub, "", "", "error", problem, problem=problem)]

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(one, subs)
        if progress_bar:
            from tqdm.auto import tqdm

            results = tqdm(results, total=len(subs), desc=tr("grade.progress"),
                           unit=tr("grade.progress_unit"))
        rows = [row for rows in results for row in rows]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def write_grades(grades: pd.DataFrame, path: str | Path) -> Path:
    """Write the grades as CSV, atomically."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        grades.to_csv(handle, index=False)
    return Path(path)


def summarise(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per notebook: counts of each result and the notebook's problem.

    Examples
    --------
    >>> g = pd.DataFrame([["ann", "ann/ex01.ipynb", "ex01_lifecycle", "q1", "correct", "",
    ...                    0, False, ""]], columns=list(COLUMNS))
    >>> summarise(g)[["student", "correct", "questions"]].values.tolist()
    [['ann', 1, 1]]
    """
    rows = []
    for (student, notebook), part in grades.groupby(["student", "notebook"], sort=False):
        counts = part["result"].value_counts()
        questions_ = part[part["question"] != ""]
        rows.append({
            "student": student,
            "notebook": notebook,
            "exercise": part["exercise"].iloc[0],
            "correct": int(counts.get("correct", 0)),
            "questions": len(questions_),
            "wrong": int(counts.get("wrong", 0)),
            "invalid": int(counts.get("invalid answer", 0)),
            "not_attempted": int(counts.get("not attempted", 0)),
            "error": int(counts.get("error", 0)),
            "timeout": int(counts.get("timeout", 0)),
            "problem": str(part["notebook_problem"].iloc[0] or ""),
        })
    return pd.DataFrame(rows)


def format_summary(grades: pd.DataFrame) -> str:
    """The per-student table and one line per problem notebook, as printed by the CLI.

    Headers and problems are in the current display language (:mod:`crmsim.language.translate`); the
    grades themselves (result codes, problem sentences) are English in every language.
    """
    table = summarise(grades)
    if table.empty:
        return tr("grade.nothing")
    shown = table.drop(columns=["problem"]).copy()
    shown["correct"] = [f"{c}/{n}" for c, n in zip(shown["correct"], shown["questions"],
                                                    strict=True)]
    shown = shown.drop(columns=["questions"])
    shown.columns = [tr(f"grade.col.{column}") for column in shown.columns]
    with pd.option_context("display.unicode.east_asian_width", True):
        lines = [shown.to_string(index=False)]
    problems = table[table["problem"] != ""]
    if len(problems):
        lines.append("")
        lines.append(tr("grade.problems"))
        for row in problems.itertuples():
            lines.append(tr("grade.problem_line", student=row.student, notebook=row.notebook,
                            problem=_shown_problem(row.problem)))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds; received '{text}'"
                                         ) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds; received "
                                         f"{text}")
    return value


def _jobs(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; received '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; received {value}")
    return value


def _grade_command(args: Any) -> int:
    import logging

    # a kernel shut down on timeout leaves nbclient's output poller pending; asyncio would
    # report it at exit, which is noise for the person grading
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    grades = grade(args.paths, timeout_per_notebook=args.timeout, jobs=args.jobs,
                   kernel_name=args.kernel, progress_bar=not args.no_progress)
    out = write_grades(grades, args.out)
    n_notebooks = grades.groupby(["student", "notebook"]).ngroups
    n_students = grades["student"].nunique()
    notebooks = tr("grade.notebook" if n_notebooks == 1 else "grade.notebooks", n=n_notebooks)
    students = tr("grade.student" if n_students == 1 else "grade.students", n=n_students)
    print(tr("grade.start", notebooks=notebooks, students=students,
             seconds=time.perf_counter() - started))
    print(format_summary(grades))
    print("\n" + tr("grade.wrote", path=out, n=len(grades)))
    return 0


def add_grade_command(commands: Any) -> None:
    """Register ``crmsim grade PATH...`` on an argparse subparsers object."""
    summary = tr("cli.help.grade")
    command = commands.add_parser("grade", help=summary, description=summary)
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                         help="notebooks, or folders of them (submissions/<student>/exNN.ipynb)")
    command.add_argument("--out", type=Path, default=Path("grades.csv"),
                         help="CSV of per-question results (default: grades.csv)")
    command.add_argument("--timeout", type=_seconds, default=120.0,
                         help="seconds each notebook may run (default: 120)")
    command.add_argument("--jobs", type=_jobs, default=1,
                         help="notebooks graded at the same time (default: 1)")
    command.add_argument("--kernel", default="python3",
                         help="Jupyter kernel with crmsim installed (default: python3)")
    command.add_argument("--no-progress", action="store_true", help="no progress bar")
    command.set_defaults(handler=_grade_command)
