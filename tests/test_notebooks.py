"""Every teaching notebook runs top to bottom, is paired with its .py file and has no outputs."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _sources(nb) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source.strip()) for cell in nb.cells]


def test_notebooks_exist():
    assert len(NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_sync_with_its_py_file(path):
    py = path.with_suffix(".py")
    assert py.exists(), f"{py.name} missing: 'jupytext --set-formats ipynb,py:percent'"
    ipynb = jupytext.read(path)
    paired = jupytext.read(py)
    assert _sources(ipynb) == _sources(paired), f"run 'jupytext --sync {path.name}'"
    assert "py:percent" in ipynb.metadata.get("jupytext", {}).get("formats", "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: clear outputs before committing"
            assert cell.execution_count is None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, notebook_runner):
    # raises CellExecutionError on the first failing cell
    nb = notebook_runner(nbformat.read(path, as_version=4), path.parent)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    # a cell that draws with one of crmsim's plot functions shows its figure
    # (notebook 04 once lost every figure after its first map: interactive mode was off)
    unseen = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "code"
              and _draws(c.source) and not any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert not unseen, f"{path.name}: cells drew a figure that was not shown: {unseen}"


def _draws(source: str) -> bool:
    """True when a code cell calls a crmsim plot function (not just imports one) and leaves
    the figure to the notebook (a cell that closes it shows it elsewhere, e.g. in a widget)."""
    return "plt.close(" not in source and any(
        re.search(r"\bplot_\w+\(", line) and not line.lstrip().startswith(("from", "import"))
        for line in source.splitlines())


def test_the_figure_check_finds_drawing_cells():
    assert _draws("fig = plot_frontier(frontier_map(pair))")
    assert _draws("with classroom_style():\n    plot_box(found, ax=right)")
    assert not _draws("from crmsim.views import plot_frontier, plot_box")
    assert not _draws("explorer = luxury_map_explorer()")
    assert not _draws("fig, ax = plt.subplots()\nplot_box(found, ax=ax)\nplt.close(fig)")
