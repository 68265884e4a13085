"""``crmsim grade``, ``crmsim build-exercises`` and ``crmsim build-course``: the trainer's commands.

They need the ``trainer`` extra.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from crmsim.cli.options import (
    add_command,
    check_output_file,
    positive_whole_number,
    seconds,
    show_progress,
)
from crmsim.common.errors import ScenarioError
from crmsim.common.extras import require_extra
from crmsim.language.translate import tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim build-exercises``, ``crmsim build-course`` and ``crmsim grade``."""
    build = add_command(commands, "build-exercises")
    build.add_argument("--dir", type=Path, default=Path("exercises"),
                       help="exercises folder holding masters/ (default: exercises)")
    build.add_argument("--check", action="store_true",
                       help="write nothing; list stale notebooks and exit 1 if there are any")
    build.set_defaults(handler=_build_exercises)

    course = add_command(commands, "build-course")
    course.add_argument("--root", type=Path, default=Path("."),
                        help="project folder holding notebooks/ and exercises/ (default: .)")
    course.add_argument("--check", action="store_true",
                        help="write nothing; list stale notebooks and untranslated passages "
                        "and exit 1 if there are any")
    course.set_defaults(handler=_build_course)

    grade = add_command(commands, "grade")
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="notebooks, or folders of them (submissions/<student>/exNN.ipynb)")
    grade.add_argument("--out", type=Path, default=Path("grades.csv"),
                       help="CSV of per-question results (default: grades.csv)")
    grade.add_argument("--timeout", type=seconds, default=120.0,
                       help="seconds each notebook may run (default: 120)")
    grade.add_argument("--jobs", type=positive_whole_number, default=1,
                       help="notebooks graded at the same time (default: 1)")
    grade.add_argument("--kernel", default="python3",
                       help="Jupyter kernel with crmsim installed (default: python3)")
    grade.add_argument("--memory", type=int, default=None, metavar="MB",
                       help="address space each notebook's kernel may use, in megabytes "
                            "(default: 3072; 0: no limit)")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(handler=_grade)


def _need_masters(command: str, exercises: Path, folder: Path, option: str) -> None:
    """Refuse, in one sentence, a folder without the exercise masters (a pip install has none).

    Checked before the ``trainer`` extra: the masters are what a pip-installed trainer lacks.
    """
    if not (exercises / "masters").is_dir():
        raise ScenarioError(
            tr("build.needs_source", command=f"crmsim {command}", folder=folder, option=option)
        )


def _build_exercises(args: argparse.Namespace) -> int:
    _need_masters("build-exercises", args.dir, args.dir, "--dir")
    require_extra("crmsim build-exercises", "trainer")
    from crmsim.classroom.build import build_exercises

    result = build_exercises(args.dir, check=args.check)
    if args.check:
        for path in result.stale:
            print(tr("build.stale", path=path))
        if result.stale:
            print(tr("build.out_of_date", n=len(result.stale)), file=sys.stderr)
            return 1
        print(tr("build.up_to_date", n=len(result.up_to_date)))
        return 0
    for path in result.written:
        print(tr("build.wrote", path=path))
    for path in result.stale:
        print(tr("build.no_master", path=path))
    print(tr("build.done", written=len(result.written), fresh=len(result.up_to_date)))
    return 0


def _build_course(args: argparse.Namespace) -> int:
    _need_masters("build-course", args.root / "exercises", args.root, "--root")
    require_extra("crmsim build-course", "trainer")
    from crmsim.classroom.course_build import build_course

    result = build_course(args.root, check=args.check)
    for passage in result.untranslated:
        print(tr("course.untranslated", passage=passage))
    for entry in result.unused:
        print(tr("course.unused", entry=entry))
    for path in result.written:
        print(tr("build.wrote", path=path))
    for path in result.stale:
        print(tr("build.stale", path=path))
    if not result.ok:
        print(tr("course.out_of_date", stale=len(result.stale), untranslated=len(
            result.untranslated), unused=len(result.unused)), file=sys.stderr)
        return 1
    if args.check:
        print(tr("course.up_to_date", n=len(result.up_to_date)))
        return 0
    print(tr("build.done", written=len(result.written), fresh=len(result.up_to_date)))
    return 0


def _grade(args: argparse.Namespace) -> int:
    require_extra("crmsim grade", "trainer")
    check_output_file("--out", args.out)
    import logging

    from crmsim.classroom.grading.grades import grade, write_grades
    from crmsim.classroom.grading.summary import format_summary

    # a kernel shut down on timeout leaves nbclient's output poller pending; asyncio would
    # report it at exit, which is noise for the person grading
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    from crmsim.classroom.grading.execute import MEMORY_MB

    memory = MEMORY_MB if args.memory is None else args.memory
    # written after every notebook: a notebook that kills the grader loses nothing before it
    grades = grade(args.paths, timeout_per_notebook=args.timeout, jobs=args.jobs,
                   kernel_name=args.kernel, progress_bar=show_progress(args),
                   memory_mb=memory, out=args.out)
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
