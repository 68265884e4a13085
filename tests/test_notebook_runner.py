"""The notebook runner of the test suite runs a timed-out notebook once more, and only once."""

from __future__ import annotations

import nbformat
import pytest
from nbclient.exceptions import CellTimeoutError

# the first run leaves a marker and waits far past the timeout; the second finds the marker
HANGS_THE_FIRST_TIME = """\
import pathlib, time
marker = pathlib.Path("first-run")
if not marker.exists():
    marker.touch()
    time.sleep(60)
print("done")
"""


def _notebook(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])


@pytest.mark.slow
def test_a_cell_that_timed_out_once_is_run_again_with_a_warning(tmp_path, notebook_runner):
    with pytest.warns(UserWarning, match="timed out after 3 s; running the notebook again"):
        nb = notebook_runner(_notebook(HANGS_THE_FIRST_TIME), tmp_path, timeout=3)
    assert nb.cells[0].outputs[0]["text"] == "done\n"


@pytest.mark.slow
def test_a_notebook_that_always_hangs_fails(tmp_path, notebook_runner):
    with pytest.warns(UserWarning), pytest.raises(CellTimeoutError):
        notebook_runner(_notebook("import time\ntime.sleep(60)"), tmp_path, timeout=3)
