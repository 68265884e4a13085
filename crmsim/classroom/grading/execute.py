"""Run one notebook headless: a fresh kernel, one time budget, the answers read back.

:func:`run_notebook` executes a notebook's code cells in order in a Jupyter kernel of its
own, in a temporary working folder, with errors allowed (one failing cell does not hide the
answers after it). The cells share one time budget; a notebook that exceeds it (an endless
loop, say) has its kernel shut down. A final cell, added here, prints what the notebook's
``check`` calls recorded (:func:`crmsim.classroom.feedback.export.export_answers`), and
that is read back into a :class:`NotebookRun`.

Nothing the kernel reports is trusted as it is (:mod:`crmsim.classroom.grading.audit`
decides which of its answers count), and the kernel is contained:

* it runs under a keeper (:mod:`crmsim.classroom.grading.keeper`) in a session of its own,
  with an address-space limit (``memory_mb``), so a notebook that kills its parent or its
  process group does not reach the grader, and a memory bomb ends in a ``MemoryError``;
* the cells share one time budget and their outputs are capped (:data:`MAX_OUTPUT_CHARS`);
* afterwards the keeper's process group, its descendants (it adopts their orphans) and
  every process that carries the run's token are killed
  (:func:`~crmsim.classroom.grading.keeper.end_processes`), so a detached process does not
  outlive its grading.

.. warning::
   Running a notebook **executes its code with your privileges**: it can still read or
   delete your files, or find and kill the grader through ``/proc`` (the grades written
   before are kept). Grade untrusted submissions inside a container or virtual machine.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from crmsim.classroom.grading.keeper import TOKEN_VARIABLE, end_processes, with_children
from crmsim.classroom.grading.problems import notebook_problem

__all__ = [
    "EXPORT_BUDGET_SECONDS",
    "MAX_MESSAGE_BYTES",
    "MAX_OUTPUT_CHARS",
    "MEMORY_MB",
    "RUN_STATUSES",
    "CellError",
    "NotebookRun",
    "run_notebook",
]

EXPORT_BUDGET_SECONDS = 30
"""Time allowed for the grader's final cell, on top of the notebook's own budget."""

MAX_OUTPUT_CHARS = 2_000_000
"""Characters of output the submitted cells may print, and the grader keep, at most; the
kernel drops what they print beyond it (a print loop runs until its time is up)."""

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest message the grader accepts from a kernel (a larger one is not received)."""

MEMORY_MB = 3072
"""Address space a notebook's kernel may use, in megabytes (0: no limit)."""

KEEPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keeper.py")
"""The keeper script the kernel is started under."""

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
    output_cut : int
        The cell (from 1) whose output went past :data:`MAX_OUTPUT_CHARS`, from which on
        output was dropped (0: none).
    """

    status: str = "ok"
    problem: str = ""
    records: dict[str, Any] | None = None
    checker: str = ""
    errors: tuple[CellError, ...] = ()
    output_cut: int = 0

    def __post_init__(self) -> None:
        if self.status not in RUN_STATUSES:
            raise ValueError(
                f"NotebookRun.status must be one of {RUN_STATUSES}; received {self.status!r}."
            )


def _kept_manager(memory_mb: int):
    from jupyter_client.manager import AsyncKernelManager

    class KeptKernelManager(AsyncKernelManager):
        """A kernel manager that starts the kernel under the keeper, with a memory limit."""

        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            prelude = (
                f"__import__('runpy').run_path({KEEPER!r})['kernel_prelude']({MAX_OUTPUT_CHARS})"
            )
            return [
                sys.executable,
                KEEPER,
                str(memory_mb),
                "--",
                *command,
                f"--IPKernelApp.exec_lines={prelude}",
            ]

        def _context_default(self):
            import zmq

            context = super()._context_default()
            context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
            return context

    return KeptKernelManager


def _note_processes(client: Any, run: dict[str, Any]) -> None:
    """Note the keeper's process group, and the keeper and the kernel with start times."""
    provisioner = getattr(client.km, "provisioner", None)
    run["group"] = getattr(provisioner, "pgid", None)
    keeper = getattr(getattr(provisioner, "process", None), "pid", None)
    if keeper is None:
        return
    run["roots"] = with_children(keeper)  # the keeper and the kernel, its child


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """A notebook client that stops keeping outputs after ``MAX_OUTPUT_CHARS``."""

        kept_chars = 0
        protected_cell = -1
        cut_cell = -1

        def output(self, outs, msg, display_id, cell_index):
            if cell_index != self.protected_cell and msg.get("msg_type") != "error":
                content = msg.get("content", {})
                size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
                self.kept_chars += size
                if self.kept_chars >= MAX_OUTPUT_CHARS and self.cut_cell < 0:
                    self.cut_cell = cell_index  # the kernel keeps no more than this
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


def run_notebook(
    nb: Any, timeout: float, kernel_name: str, memory_mb: int = MEMORY_MB
) -> NotebookRun:
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
    memory_mb : int
        Address space the kernel may use, in megabytes (0: no limit).

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
        "import ipykernel.iostream as _crmsim_io\n"
        "_crmsim_io.OutStream.crmsim_budget = None\n"
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
            nb,
            timeout=max(1, math.ceil(timeout)),
            kernel_name=kernel_name,
            allow_errors=True,
            interrupt_on_timeout=False,
            shutdown_kernel="immediate",
            resources={"metadata": {"path": workdir}},
            kernel_manager_class=_kept_manager(memory_mb),
        )
        client.protected_cell = last
        current = 0
        token = secrets.token_hex(16)
        env = {**os.environ, TOKEN_VARIABLE: token}
        run: dict[str, Any] = {"group": None, "roots": {}}
        try:
            with client.setup_kernel(
                cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            ):
                _note_processes(client, run)
                try:
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
                finally:  # before the kernel manager's shutdown: the kernel is still a root
                    end_processes(run["group"], token, run["roots"])
        except CellTimeoutError:
            if current == last:
                return NotebookRun(
                    "failed",
                    notebook_problem("grade.problem.export_timeout"),
                    output_cut=client.cut_cell + 1,
                )
            return NotebookRun(
                "timeout",
                notebook_problem("grade.problem.timeout", seconds=f"{timeout:g}", cell=current + 1),
                output_cut=client.cut_cell + 1,
            )
        except DeadKernelError:
            return NotebookRun(
                "dead",
                notebook_problem("grade.problem.dead_kernel", cell=current + 1),
                output_cut=client.cut_cell + 1,
            )
        finally:
            end_processes(run["group"], token, run["roots"])
    errors = []
    for index, cell in enumerate(nb.cells[:last]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(CellError(index + 1, cell.get("source", ""), _error_text(output)))
                break
    text = "".join(
        o.get("text", "")
        for o in nb.cells[last].get("outputs", [])
        if o.get("output_type") == "stream"
    )
    found = re.findall(re.escape(marker) + r"(.*?)" + re.escape(marker), text, flags=re.S)
    try:
        data = json.loads(found[-1])
        if not (isinstance(data, dict) and isinstance(data.get("records"), dict)):
            raise ValueError("not a mapping")
    except (IndexError, ValueError):
        return NotebookRun(
            "failed",
            notebook_problem("grade.problem.no_answers"),
            errors=tuple(errors),
            output_cut=client.cut_cell + 1,
        )
    return NotebookRun(
        "ok",
        records=data["records"],
        checker=str(data.get("checker", "")),
        errors=tuple(errors),
        output_cut=client.cut_cell + 1,
    )
