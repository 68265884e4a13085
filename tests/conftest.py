"""Fixtures shared by the test folders: running a notebook top to bottom."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import nbformat
import pytest

CELL_TIMEOUT = 180
"""Seconds one notebook cell may take. The slowest cell of the course takes about 12 s on a
2-core machine with a load of 3; a cell that waits far longer has lost its reply."""


def run_notebook(
    nb: nbformat.NotebookNode, folder: Path, timeout: int = CELL_TIMEOUT
) -> nbformat.NotebookNode:
    """Execute ``nb`` with ``folder`` as its working folder and return the executed copy.

    A cell that times out is run again once, with the whole notebook in a new kernel, and a
    warning says so: a reply lost between the kernel and the client leaves both waiting,
    while a notebook that really hangs times out twice and fails. A cell that raises fails
    at once (``CellExecutionError``).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    def execute() -> nbformat.NotebookNode:
        executed = copy.deepcopy(nb)
        NotebookClient(
            executed,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        ).execute()
        return executed

    try:
        return execute()
    except CellTimeoutError as first:
        warnings.warn(
            f"a cell timed out after {timeout} s; running the notebook again: "
            f"{str(first).splitlines()[0]}",
            stacklevel=2,
        )
        return execute()


@pytest.fixture
def notebook_runner():
    """:func:`run_notebook`, for tests that execute the course's notebooks."""
    return run_notebook
