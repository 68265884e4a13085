"""``crmsim notebooks DEST``: a copy of the course to work in (teaching notebooks, exercises).

A pip-installed crmsim carries the course inside the package (``crmsim/course/``, the
Chinese course in ``crmsim/course/zh/``, put there when the wheel is built); a development
checkout reads it from the repository (``notebooks/``, ``exercises/student/`` and
``exercises/trainer/``, and their ``zh/`` folders). ``crmsim notebooks DEST --lang zh`` copies
the Chinese course; ``--trainer`` adds the exercises with solutions and notes for the
discussion (``DEST/trainer/``), the notebooks a trainer runs in class and grades against.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from crmsim.cli.options import add_command
from crmsim.language.translate import get_language, tr

__all__ = ["add_commands", "course_files"]

_FOLDERS = {
    "notebooks": "notebooks",
    "exercises": "exercises/student",
    "trainer": "exercises/trainer",
}


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim notebooks``."""
    command = add_command(commands, "notebooks")
    command.add_argument("dest", type=Path, help="folder to copy the course into")
    command.add_argument(
        "--trainer",
        action="store_true",
        help="also copy the exercises with solutions and trainer notes into DEST/trainer "
        "(keep them from the students)",
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="overwrite the course's files in a folder that is not empty",
    )
    command.set_defaults(handler=_notebooks)


def course_files(language: str = "en", *, trainer: bool = False) -> dict[str, list[Path]]:
    """The course's notebooks by folder: ``notebooks`` (teaching) and ``exercises`` (student).

    ``language`` ``"zh"`` gives the Chinese course (same notebooks, Chinese prose);
    ``trainer`` adds ``trainer``, the exercises with solutions and trainer notes.

    Examples
    --------
    >>> files = course_files()
    >>> sorted(files), files["notebooks"][0].name
    (['exercises', 'notebooks'], '01_lifecycle.ipynb')
    >>> [p.parent.name for p in course_files("zh")["notebooks"]][:1]
    ['zh']
    >>> sorted(course_files(trainer=True)), course_files(trainer=True)["trainer"][0].name
    (['exercises', 'notebooks', 'trainer'], 'ex01_lifecycle.ipynb')
    """
    shipped = Path(str(resources.files("crmsim") / "course"))
    checkout = Path(__file__).resolve().parents[2]
    if language == "zh":
        shipped = shipped / "zh"
    files = {}
    for name, folder in _FOLDERS.items():
        if name == "trainer" and not trainer:
            continue
        in_checkout = checkout / folder / "zh" if language == "zh" else checkout / folder
        source = shipped / name if (shipped / name).is_dir() else in_checkout
        files[name] = sorted(source.glob("*.ipynb"))
    return files


def _notebooks(args: argparse.Namespace) -> int:
    from crmsim.common.errors import ScenarioError
    from crmsim.common.files import atomic_open

    dest: Path = args.dest
    if dest.exists() and not dest.is_dir():
        raise ScenarioError(tr("cli.notebooks.not_folder", dest=dest))
    if dest.is_dir() and any(dest.iterdir()) and not args.force:
        raise ScenarioError(tr("cli.notebooks.not_empty", dest=dest))
    files = course_files(get_language(), trainer=args.trainer)
    if not all(files.values()):
        raise ScenarioError(tr("cli.notebooks.no_course"))
    n = 0
    for name, paths in files.items():
        for path in paths:
            with atomic_open(dest / name / path.name, "wb") as handle:
                handle.write(path.read_bytes())
            n += 1
    print(tr("cli.notebooks.wrote", n=n, folder=dest.resolve()))
    if args.trainer:
        print(
            tr(
                "cli.notebooks.trainer",
                trainer=(dest / "trainer").resolve(),
                students=(dest / "exercises").resolve(),
            )
        )
    return 0
