"""Grade a class's exercise notebooks: run each one headless, re-check every answer.

``grade(paths)`` (and ``crmsim grade PATH...``) finds the submitted notebooks, executes
each in a fresh Jupyter kernel of its own, in a temporary working folder, with a time
limit per notebook, and returns one row per student, notebook and question.

How a notebook is graded
------------------------
1. Its submitted source is read first (``audit``): only a plain ``qN.check(answer)`` call
   in a code cell can earn a question, and a cell that reaches the grader's records or
   internals (the answer registry, the export, the checker fingerprint, a question's
   reference or private parts, monkeypatching a module, interpreter introspection) is
   named, and costs the questions it can reach (every question, unless it names one).
2. Its cells run in order with errors allowed, so one failing cell does not hide the
   answers after it, in a kernel under a keeper process (``keeper``): its own session,
   an address-space limit, output capped, and every process of the run killed at the
   end. The cells share one time budget (``timeout_per_notebook``); a notebook that
   exceeds it (an endless loop, endless output) has its kernel shut down and every
   question marked ``timeout``.
3. A final cell, added by the grader, prints what the notebook's ``check`` calls recorded
   (:func:`crmsim.classroom.feedback.export.export_answers`).
4. Those answers are judged **again in the grading process**, by the exercise's own
   question objects, never by code from the notebook. A tampered checker in the notebook
   (``q1.check = lambda a: print("Correct!")``, a patched :mod:`crmsim.classroom.feedback`)
   changes what the student saw, not the grade. Hints and solutions count from the
   larger of the kernel's record and the calls in the source, so they cannot be erased.
5. With ``out``, the grades so far are written (atomically) after every notebook, so a
   notebook that kills the grader loses nothing graded before it.

Results per question: ``correct``, ``wrong``, ``invalid answer``, ``recorded`` (a
prediction's guess: neither right nor wrong, counted apart), ``not attempted`` (no answer
recorded: the ``____`` is still there, or the cell was deleted), ``error`` (the cell
checking the question raised an exception, or the notebook could not be run), ``timeout``
and ``not credited`` (see :mod:`crmsim.classroom.grading.grades`). Notebook-level
problems (unreadable file, cells that raised, a dead kernel, a timeout, reaching into the
grader) are also given in words in ``notebook_problem``, one sentence per notebook.
The grades are English in every display language (they are data); :func:`format_summary`,
which ``crmsim grade`` prints, shows headers and problems in the current language.

One job per module:

================  ====================================================================
``submissions``    which notebooks, whose they are, which exercise each one is
``audit``          reading the submitted source: which checks count, what tampers
``execute``        running one notebook: kernel, time budget, shut down on timeout
``keeper``         the kernel's parent: memory limit, output cap, no process left over
``grades``         re-checking the recorded answers; the grades frame and its CSV
``summary``        counts per notebook and the printed table
``problems``       notebook problems in English, shown in the current language
================  ====================================================================

.. warning::
   Grading **executes student code with your privileges**: a hostile notebook can read or
   delete your files. Grade untrusted submissions inside a container or virtual machine.

Examples
--------
>>> COLUMNS[:5]
('student', 'notebook', 'exercise', 'question', 'result')
"""

from crmsim.classroom.grading.execute import (
    EXPORT_BUDGET_SECONDS,
    MAX_OUTPUT_CHARS,
    RUN_STATUSES,
    CellError,
    NotebookRun,
    run_notebook,
)
from crmsim.classroom.grading.grades import COLUMNS, RESULTS, grade, grade_notebook, write_grades
from crmsim.classroom.grading.problems import PROBLEM_PREFIX, notebook_problem, shown_problem
from crmsim.classroom.grading.submissions import (
    Submission,
    exercise_of_notebook,
    find_submissions,
)
from crmsim.classroom.grading.summary import format_summary, summarise

__all__ = [
    "COLUMNS",
    "EXPORT_BUDGET_SECONDS",
    "MAX_OUTPUT_CHARS",
    "PROBLEM_PREFIX",
    "RESULTS",
    "RUN_STATUSES",
    "CellError",
    "NotebookRun",
    "Submission",
    "exercise_of_notebook",
    "find_submissions",
    "format_summary",
    "grade",
    "grade_notebook",
    "notebook_problem",
    "run_notebook",
    "shown_problem",
    "summarise",
    "write_grades",
]
