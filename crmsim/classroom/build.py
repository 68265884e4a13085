"""Build student and trainer notebooks from one master source per exercise.

A master is a jupytext ``py:percent`` file, ``exercises/masters/exNN_name.py``. Inside a
code cell, a solution region is marked like this::

    # BEGIN SOLUTION
    clv = lifetime_value_arithmetic(discount_rate=0.10).total
    # END SOLUTION
    # STUDENT: clv = ____  # a number
    q1.check(clv)

* the **trainer** notebook keeps the solution lines and drops the ``# STUDENT:`` lines;
* the **student** notebook drops the solution lines and turns every ``# STUDENT: code``
  line into ``code``, so the cell still runs and the question reports "not attempted".

Whole cells tagged ``trainer-only`` (``# %% [markdown] tags=["trainer-only"]``) appear in
the trainer notebook only. Generated notebooks have no outputs, stable cell ids and
``metadata.crmsim = {"exercise", "version", "master"}`` (the grader reads the exercise
from it), so building twice gives identical files and ``--check`` is stable.

Examples
--------
>>> master = '''# %%
... # BEGIN SOLUTION
... x = 1 + 1
... # END SOLUTION
... # STUDENT: x = ____
... print(x)
... '''
>>> out = render(master, "ex99_demo")
>>> import nbformat
>>> nbformat.reads(out["student"], as_version=4).cells[0].source
'x = ____\\nprint(x)'
>>> nbformat.reads(out["trainer"], as_version=4).cells[0].source
'x = 1 + 1\\nprint(x)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

from crmsim.common.errors import ScenarioError
from crmsim.common.files import write_text_atomic

__all__ = [
    "VERSIONS",
    "BuildResult",
    "GeneratedNotebooks",
    "build_exercises",
    "render",
    "split_cell",
]

VERSIONS = ("student", "trainer")
"""The notebooks built from each master, each in its own folder."""

BEGIN, END, STUDENT = "# BEGIN SOLUTION", "# END SOLUTION", "# STUDENT:"
TRAINER_ONLY = "trainer-only"
_NAME = re.compile(r"^ex\d\d_[a-z0-9_]+$")


def split_cell(source: str, *, where: str = "<cell>") -> dict[str, str]:
    """The student and trainer versions of one code cell's source.

    Raises
    ------
    ScenarioError
        For unbalanced markers or a ``# STUDENT:`` line inside a solution region.

    Examples
    --------
    >>> split_cell("# BEGIN SOLUTION\\ny = 2\\n# END SOLUTION\\n# STUDENT: y = ____")
    {'student': 'y = ____', 'trainer': 'y = 2'}
    """
    student: list[str] = []
    trainer: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text == BEGIN:
            if inside:
                raise ScenarioError(f"{where}, line {number}: '{BEGIN}' inside a solution "
                                    f"region; expected '{END}' first.")
            inside = True
        elif text == END:
            if not inside:
                raise ScenarioError(f"{where}, line {number}: '{END}' without a matching "
                                    f"'{BEGIN}'.")
            inside = False
        elif text.startswith(STUDENT):
            if inside:
                raise ScenarioError(f"{where}, line {number}: a '{STUDENT}' line inside a "
                                    f"solution region; expected it after '{END}'.")
            indent = line[: len(line) - len(line.lstrip())]
            student.append(indent + text[len(STUDENT):].strip())
        elif inside:
            trainer.append(line)
        else:
            student.append(line)
            trainer.append(line)
    if inside:
        raise ScenarioError(f"{where}: '{BEGIN}' is never closed; expected '{END}'.")
    return {"student": "\n".join(student).strip("\n"), "trainer": "\n".join(trainer).strip("\n")}


def _compiles(source: str, where: str) -> None:
    try:
        compile(source, where, "exec")
    except SyntaxError as error:
        raise ScenarioError(f"{where}, line {error.lineno}: the generated code is not valid "
                            f"Python ({error.msg}).") from None


def render(master: str, exercise: str, *, source: str = "<master>") -> dict[str, str]:
    """The student and trainer notebooks (as JSON text) built from a master's text.

    Parameters
    ----------
    master : str
        The master file's text (jupytext ``py:percent``).
    exercise : str
        The exercise id written to the notebooks' metadata (e.g. ``"ex01_lifecycle"``).
    source : str
        The master's path as recorded in the metadata and named in errors.
    """
    nb = jupytext.reads(master, fmt="py:percent")
    cells: dict[str, list] = {version: [] for version in VERSIONS}
    for index, cell in enumerate(nb.cells, start=1):
        where = f"{source}, cell {index}"
        tags = list(cell.metadata.get("tags", []))
        versions = ("trainer",) if TRAINER_ONLY in tags else VERSIONS
        kept_tags = [t for t in tags if t != TRAINER_ONLY]
        if cell.cell_type == "code":
            texts = split_cell(cell.source, where=where)
            for version in versions:
                _compiles(texts[version], f"{where} ({version} version)")
        else:
            texts = {version: cell.source for version in VERSIONS}
        for version in versions:
            cells[version].append((cell.cell_type, texts[version], kept_tags))
    out = {}
    for version in VERSIONS:
        book = nbformat.v4.new_notebook()
        book.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
            "crmsim": {"exercise": exercise, "version": version, "master": source},
        }
        for number, (kind, text, tags) in enumerate(cells[version], start=1):
            make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
            new = make(text)
            new.id = f"cell-{number:02d}"
            new.metadata = {"tags": tags} if tags else {}
            book.cells.append(new)
        nbformat.validate(book)
        out[version] = nbformat.writes(book) + "\n"
    return out


@dataclass(slots=True)
class GeneratedNotebooks:
    """Generated notebooks brought up to date with their sources, or (``check``) compared.

    :meth:`put` each generated text with its file, then :meth:`leftovers` the folders they
    live in; the lists say what was written, what is stale and what was already up to date.

    Attributes
    ----------
    check : bool
        Write nothing; count notebooks that differ from their text as stale.
    written, stale, up_to_date : list of Path
        Notebooks written now; missing, different, not generated or left over; identical.
    expected : set of Path
        Every notebook given to :meth:`put`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> files = GeneratedNotebooks(check=False)
    >>> files.put(folder / "a.ipynb", "{}\\n")
    >>> _ = (folder / "old.ipynb").write_text("{}\\n")
    >>> files.leftovers([folder])
    >>> [p.name for p in files.written], [p.name for p in files.stale]
    (['a.ipynb'], ['old.ipynb'])
    """

    check: bool
    written: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    expected: set[Path] = field(default_factory=set)

    def put(self, target: Path, text: str | None) -> None:
        """Write ``text`` to ``target`` unless it holds it already (None: cannot be built)."""
        self.expected.add(target)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if text is not None and current == text:
            self.up_to_date.append(target)
        elif self.check or text is None:
            self.stale.append(target)
        else:
            write_text_atomic(target, text)
            self.written.append(target)

    def leftovers(self, folders: Iterable[Path]) -> None:
        """Count the notebooks of ``folders`` that no :meth:`put` named as stale."""
        for folder in folders:
            self.stale.extend(p for p in sorted(folder.glob("*.ipynb")) if p not in self.expected)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What :func:`build_exercises` did (or, with ``check=True``, would do).

    Attributes
    ----------
    written : tuple of Path
        Notebooks written (empty when checking).
    stale : tuple of Path
        Notebooks missing, different from what their master gives, or without a master.
    up_to_date : tuple of Path
        Notebooks already identical to what their master gives.
    """

    written: tuple[Path, ...]
    stale: tuple[Path, ...]
    up_to_date: tuple[Path, ...]


def build_exercises(root: str | Path = "exercises", *, check: bool = False) -> BuildResult:
    """Generate ``root/student/*.ipynb`` and ``root/trainer/*.ipynb`` from ``root/masters``.

    Parameters
    ----------
    root : path
        The exercises folder (holding ``masters/``).
    check : bool
        Write nothing; report which notebooks are stale (missing, different from their
        master, or left over without a master).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "masters").mkdir()
    >>> _ = (root / "masters" / "ex99_demo.py").write_text("# %%\\nprint(1)\\n")
    >>> [p.name for p in build_exercises(root, check=True).stale]
    ['ex99_demo.ipynb', 'ex99_demo.ipynb']
    >>> len(build_exercises(root).written), build_exercises(root, check=True).stale
    (2, ())
    """
    root = Path(root)
    masters_dir = root / "masters"
    if not masters_dir.is_dir():
        raise ScenarioError(f"{masters_dir} is not a folder; expected the exercises folder "
                            "holding masters/.")
    masters = sorted(masters_dir.glob("ex*.py"))
    if not masters:
        raise ScenarioError(f"{masters_dir} holds no exNN_name.py masters; expected at least "
                            "one.")
    files = GeneratedNotebooks(check=check)
    for master in masters:
        exercise = master.stem
        if not _NAME.match(exercise):
            raise ScenarioError(f"{master}: master names must look like 'ex01_lifecycle.py'; "
                                f"received '{master.name}'.")
        texts = render(master.read_text(encoding="utf-8"), exercise,
                       source=master.relative_to(root).as_posix())
        for version in VERSIONS:
            files.put(root / version / f"{exercise}.ipynb", texts[version])
    files.leftovers(root / version for version in VERSIONS)
    return BuildResult(tuple(files.written), tuple(files.stale), tuple(files.up_to_date))
