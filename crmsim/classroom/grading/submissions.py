"""Which notebooks to grade, whose they are, and which exercise each one is.

* Folders are searched for ``*.ipynb`` (recursively; checkpoints and hidden folders are
  skipped). A notebook in a sub-folder, ``submissions/<student>/ex01.ipynb``, belongs to
  ``<student>``; one directly in the folder, or a file given by name, to its file stem.
* The exercise comes from the notebook's metadata (written by ``crmsim build-exercises``);
  if that is missing, from ``exNN`` in the file name.

Examples
--------
>>> from pathlib import Path
>>> exercise_of_notebook({"metadata": {}}, Path("bob-ex02-final.ipynb"))
'ex02_customer_worth'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmsim.classroom.exercises import EXERCISES, exercise_from_name
from crmsim.common.errors import ScenarioError

__all__ = ["Submission", "exercise_of_notebook", "find_submissions"]


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
    paths = list(paths)
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


def exercise_of_notebook(nb: Mapping[str, Any], path: Path) -> str | None:
    """The exercise a notebook is (from its ``crmsim`` metadata, else its file name), or None.

    Examples
    --------
    >>> from pathlib import Path
    >>> exercise_of_notebook({"metadata": {"crmsim": {"exercise": "ex03_four_levels"}}},
    ...                      Path("homework.ipynb"))
    'ex03_four_levels'
    >>> exercise_of_notebook({"metadata": {}}, Path("homework.ipynb")) is None
    True
    """
    meta = nb.get("metadata", {}).get("crmsim", {})
    named = meta.get("exercise") if isinstance(meta, dict) else None
    if isinstance(named, str) and named in EXERCISES:
        return named
    return exercise_from_name(path.name)
