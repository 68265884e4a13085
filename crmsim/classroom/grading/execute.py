"""Run one notebook headless: a fresh kernel, one time budget, the answers read back.

:func:`run_notebook` executes a notebook's code cells in order in a Jupyter kernel of its
own, in a temporary working folder, with errors allowed (one failing cell does not hide the
answers after it). The cells share one time budget; a notebook that exceeds it (an endless
loop, say) has its kernel shut down. A final cell, added here, prints what the notebook's
``check`` calls recorded (:func:`crmsim.classroom.feedback.export.export_answers`), and
that is read back into a :class:`NotebookRun`.

.. warning::
   Running a notebook **executes its code with your privileges**.
"""

from __future__ import annotations

import json
import math
import re
import secrets
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from crmsim.classroom.grading.problems import notebook_problem

__all__ = [
    "EXPORT_BUDGET_SECONDS",
    "MAX_OUTPUT_CHARS",
    "RUN_STATUSES",
    "CellError",
    "NotebookRun",
    "run_notebook",
]

EXPORT_BUDGET_SECONDS = 30
"""Time allowed for the grader's final cell, on top of the notebook's own budget."""

MAX_OUTPUT_CHARS = 2_000_000
"""Outputs of the submitted cells kept in memory at most (a print loop cannot fill it)."""

RUN_STATUSES = ("ok", "timeout", "dead", "failed")
"""What can happen to a run: it finished, ran out of time, lost its kernel, or its answers
could not be read back."""


@dataclass(frozen=True, slots=True)
class CellError:
    """A code cell that raised: its number (from 1, all cells counted), source and error."""

    cell: int
    source: str
    error: str


@dataclass(frozen=True, slots=True)
class NotebookRun:
    """What happened when a notebook ran.

    Attributes
    ----------
    status : str
        One of :data:`RUN_STATUSES`.
    problem : str
        The notebook-level problem in English (:mod:`crmsim.classroom.grading.problems`),
        empty when ``status`` is ``"ok"``.
    records : dict or None
        The registry records the notebook exported (None unless ``status`` is ``"ok"``).
    checker : str
        The checker fingerprint the notebook exported.
    errors : tuple of CellError
        Cells that raised, in order (the run went on after them).
    """

    status: str = "ok"
    problem: str = ""
    records: dict[str, Any] | None = None
    checker: str = ""
    errors: tuple[CellError, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in RUN_STATUSES:
            raise ValueError(f"NotebookRun.status must be one of {RUN_STATUSES}; received "
                             f"{self.status!r}.")


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


def _error_text(output: Any) -> str:
    name = str(output.get("ename", "Error"))
    value = " ".join(str(output.get("evalue", "")).split())
    if len(value) > 120:
        value = value[:117] + "..."
    return f"{name}: {value}" if value else name


def run_notebook(nb: Any, timeout: float, kernel_name: str) -> NotebookRun:
    """Run ``nb``'s code cells with one shared time budget, then the export cell.

    Parameters
    ----------
    nb : NotebookNode
        The notebook (version 4), changed in place: outputs are cleared, then filled, and
        the export cell is appended.
    timeout : float
        Seconds all of the notebook's own cells may take together (the kernel's start-up
        is not counted; the export cell has :data:`EXPORT_BUDGET_SECONDS` of its own).
    kernel_name : str
        The Jupyter kernel to start (it must have crmsim installed).

    Raises
    ------
    Exception
        Whatever starting the kernel raises (no such kernel, and the like); a notebook
        that misbehaves once running is reported in the result instead.
    """
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    marker = f"@@crmsim-answers-{secrets.token_hex(8)}@@"
    export = nbformat.v4.new_code_cell(
        "import crmsim.classroom.feedback.export as _crmsim_export\n"
        f"_crmsim_export.export_answers({marker!r})"
    )
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells = [*nb.cells, export]
    last = len(nb.cells) - 1
    with tempfile.TemporaryDirectory(prefix="crmsim-grade-") as workdir:
        client = _client_class()(
            nb, timeout=max(1, math.ceil(timeout)), kernel_name=kernel_name,
            allow_errors=True, interrupt_on_timeout=False, shutdown_kernel="immediate",
            resources={"metadata": {"path": workdir}},
        )
        client.protected_cell = last
        current = 0
        try:
            with client.setup_kernel(cwd=workdir, stderr=subprocess.DEVNULL):
                deadline = time.monotonic() + timeout  # the kernel's start-up is not counted
                for index, cell in enumerate(nb.cells):
                    if cell.get("cell_type") != "code":
                        continue
                    current = index
                    if index == last:
                        client.timeout = EXPORT_BUDGET_SECONDS
                    else:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            raise CellTimeoutError("notebook time budget used up")
                        client.timeout = max(1, math.ceil(left))
                    client.execute_cell(cell, index)
        except CellTimeoutError:
            if current == last:
                return NotebookRun("failed", notebook_problem("grade.problem.export_timeout"))
            return NotebookRun("timeout", notebook_problem(
                "grade.problem.timeout", seconds=f"{timeout:g}", cell=current + 1))
        except DeadKernelError:
            return NotebookRun("dead", notebook_problem("grade.problem.dead_kernel",
                                                        cell=current + 1))
    errors = []
    for index, cell in enumerate(nb.cells[:last]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(CellError(index + 1, cell.get("source", ""), _error_text(output)))
                break
    text = "".join(o.get("text", "") for o in nb.cells[last].get("outputs", [])
                   if o.get("output_type") == "stream")
    found = re.findall(re.escape(marker) + r"(.*?)" + re.escape(marker), text, flags=re.S)
    try:
        data = json.loads(found[-1])
        if not (isinstance(data, dict) and isinstance(data.get("records"), dict)):
            raise ValueError("not a mapping")
    except (IndexError, ValueError):
        return NotebookRun("failed", notebook_problem("grade.problem.no_answers"),
                           errors=tuple(errors))
    return NotebookRun("ok", records=data["records"], checker=str(data.get("checker", "")),
                       errors=tuple(errors))
