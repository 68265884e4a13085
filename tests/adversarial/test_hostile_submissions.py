"""Hostile submissions: nothing gets through, nothing is lost.

A class of notebooks that forge the answer registry, patch the export and report the
fingerprint saved before patching, erase their hints, leave a detached process behind,
kill their parent, allocate without end or print without end is graded next to an honest
notebook. Each gets the expected grade and problem, no traceback, and the honest
notebook's grades are kept. One more run kills ``crmsim grade`` itself, through ``/proc``:
the grades written before it survive and the run's processes do not. After each run no
process of the run is left.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmsim.classroom.grading.audit import audit_cells
from crmsim.classroom.grading.grades import COLUMNS, grade
from crmsim.classroom.grading.keeper import TOKEN_VARIABLE

ROOT = Path(__file__).resolve().parents[2] / "exercises"
EXERCISE = "ex01_lifecycle"
NAMES = [f"q{i}" for i in range(1, 7)]


def _read(version: str):
    return nbformat.read(ROOT / version / f"{EXERCISE}.ipynb", as_version=4)


def _with_cell(nb, source: str, at: int | None = None):
    nb = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell(source)
    nb.cells.insert(len(nb.cells) if at is None else at, cell)
    return nb


def _save(nb, folder: Path, student: str) -> None:
    (folder / student).mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / student / f"{EXERCISE}.ipynb")


FORGE = """\
from crmsim.classroom.feedback.registry import REGISTRY
for q in (q1, q2, q3, q4, q5, q6):
    REGISTRY.update(q.id, answer=q.reference_answer(), attempts=1)
"""

PATCH_EXPORT = """\
import json
import crmsim.classroom.feedback.export as export
saved = export.checker_fingerprint()
answers = {q.id: {"answer": q.reference_answer(), "attempts": 1, "hints": 0,
                  "solution_viewed": False, "revealed": True}
           for q in (q1, q2, q3, q4, q5, q6)}
def forged(marker, registry=None):
    print(marker + json.dumps({"records": answers, "checker": saved}) + marker)
export.export_answers = forged
export.checker_fingerprint = lambda: saved
"""

ERASE = """\
q1.hint()
q2.solution()
from crmsim.classroom.feedback import REGISTRY
REGISTRY.update("ex01_lifecycle.q1", hints=0)
REGISTRY.update("ex01_lifecycle.q2", solution_viewed=False)
"""

DETACH = """\
import subprocess
# a new session, an emptied environment, and an orphan: neither group nor token finds it
subprocess.run(["sh", "-c", "setsid sleep 600 >/dev/null 2>&1 & echo $! > {path}"],
               env={{"PATH": "/usr/bin:/bin"}})
"""

KILL_PARENT = (  # after detaching a process, so that its keeper is gone when grading ends
    DETACH + "import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(30)"
)

MEMORY_BOMB = "blob = bytearray(8 * 1024 ** 3)"

ENDLESS_OUTPUT = "while True:\n    print('x' * 10_000)"


MARK_VARIABLE = "CRMSIM_TEST_GRADING_RUN"
"""Set to a fresh value for each test, so that the processes of this test's grading runs can
be told from those of other tests grading at the same time (the suite runs in parallel)."""


@pytest.fixture(autouse=True)
def run_mark(monkeypatch) -> str:
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK_VARIABLE, mark)
    return mark


def _run_processes() -> list[int]:
    """Processes (other than this one) of this test's grading runs: their environment
    carries a run's token and this test's mark."""
    mark = f"{MARK_VARIABLE}={os.environ[MARK_VARIABLE]}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    environ = handle.read().split(b"\0")
            except OSError:
                continue
            ours = mark in environ and any(v.startswith(f"{TOKEN_VARIABLE}=".encode())
                                           for v in environ)
            if ours and not _gone(int(entry)):
                found.append(int(entry))
    return found


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1].startswith(("Z", "X"))  # a zombie is dead
    except OSError:
        return True


def test_the_audit_names_each_kind_of_tampering():
    student = [c.source if c.cell_type == "code" else "" for c in _read("student").cells]
    trainer = [c.source if c.cell_type == "code" else "" for c in _read("trainer").cells]
    for honest in (student, trainer):
        assert audit_cells(honest, NAMES).findings == ()
        assert audit_cells(honest, NAMES).checked == frozenset(NAMES)
    for hostile in (FORGE, PATCH_EXPORT, ERASE):
        found = audit_cells([*student, hostile], NAMES)
        assert found.findings and found.tampered() == frozenset(NAMES), hostile
    erased = audit_cells([*student, ERASE], NAMES)
    assert erased.hints == {"q1": 1} and erased.solutions == {"q2": 1}
    cheat = audit_cells(["q3.check(q3.reference_answer())"], NAMES)
    assert cheat.tampered() == frozenset({"q3"})
    assert "uses q3.reference_answer" in cheat.findings[0].describe()
    hidden = audit_cells(
        [
            'getattr(q1, "che" + "ck")(1)',
            "exec('1')",
            "import gc",
            "import json\njson.dumps = str",
            "import my_helper",
            "q2._judge(1)",
            "e.__traceback__.tb_frame",
            "%run cheat.py",
            "%time q4.check(q4.reference_answer())",
            "q5 = q6",
        ],
        NAMES,
    )
    assert [f.describe() for f in hidden.findings] == [  # what costs every question first
        "cell 1 calls getattr with a computed name",
        "cell 2 calls exec",
        "cell 3 imports gc, which reaches into the running Python",
        "cell 4 changes json.dumps (monkeypatching)",
        "cell 5 imports my_helper, which is not installed (written by the notebook?)",
        "cell 7 uses .tb_frame",
        "cell 7 uses .__traceback__",
        "cell 8 uses the IPython magic %run",
        "cell 1 passes q1 around",
        "cell 6 uses q2._judge",
        "cell 9 uses q4.reference_answer",
        "cell 10 rebinds q5",
        "cell 10 passes q6 around",
    ]
    assert hidden.checked == frozenset({"q4"})  # only a plain qN.check(answer) call counts
    assert hidden.tampered() == frozenset(NAMES)
    module = f"crmsim.classroom.exercises.{EXERCISE}"
    renamed = audit_cells(
        [
            f"from {module} import ordinary_alone, q1, q2 as two, QUESTIONS",
            "globals()['q3'].correct",
            f"from {module} import *",
        ],
        NAMES,
    )
    assert [f.describe() for f in renamed.findings] == [
        f"cell 1 imports QUESTIONS from {module}",
        "cell 2 calls globals",
        f"cell 3 imports * from {module}",
        "cell 1 imports q2 as two",
    ]


def test_ordinary_code_is_not_a_finding():
    cells = [
        "import os, json, subprocess\nfrom pathlib import Path\nimport numpy as np",
        "import pandas as pd\nimport matplotlib.pyplot as plt\n"
        "pd.options.display.max_rows = 20\nplt.rcParams['figure.dpi'] = 120",
        "def twice(x):\n    return 2 * x\n\nclass Box:\n    def __init__(self, v):\n"
        "        self._v = v\n        super().__init__()\n    def __repr__(self):\n"
        "        return f'Box({self._v})'",
        "grade = registry = 3\nprint(q1, q1.name)\nq1.hint()\nq1.hint()\nq1.solution()",
        "%%time\nwith open(os.devnull) as handle:\n    data = handle.read()\nq1.check(twice(3))",
        "!ls\n%matplotlib inline",
        'q2.check(answer="b")\nq4.check(140)\nq4.reveal()',
    ]
    found = audit_cells(cells, NAMES)
    assert found.findings == ()
    assert found.checked == frozenset({"q1", "q2", "q4"})
    assert found.hints == {"q1": 2} and found.solutions == {"q1": 1}


def test_a_cell_the_audit_cannot_read_must_fail_in_the_kernel():
    found = audit_cells(["x = 1", "def broken(:\n    pass", "await something()"], NAMES)
    assert found.unread == (2,)  # top-level await is IPython, and read
    assert found.findings == ()


@pytest.mark.slow
def test_hostile_submissions_earn_nothing_and_lose_nothing(tmp_path):
    folder = tmp_path / "submissions"
    student, trainer = _read("student"), _read("trainer")
    pid_file = tmp_path / "detached.pid"
    _save(trainer, folder, "alice")  # honest and right
    typo = "import os\ndef twice(x):\n    return 2 * x\nprint(twice(os.cpu_count())"
    _save(_with_cell(trainer, typo, at=3), folder, "typo")  # honest, right, with a typo
    _save(_with_cell(student, FORGE), folder, "forger")
    _save(_with_cell(student, PATCH_EXPORT), folder, "patcher")
    _save(_with_cell(student, ERASE), folder, "eraser")
    _save(_with_cell(student, DETACH.format(path=str(pid_file))), folder, "detacher")
    killer_pid = tmp_path / "killer-detached.pid"
    _save(_with_cell(student, KILL_PARENT.format(path=str(killer_pid)), at=2), folder, "killer")
    _save(_with_cell(student, MEMORY_BOMB, at=1), folder, "bomber")
    _save(_with_cell(student, ENDLESS_OUTPUT, at=1), folder, "printer")
    out = tmp_path / "grades.csv"
    started = time.monotonic()
    budget = 40  # seconds per notebook: room for the honest ones on a loaded machine
    grades = grade([folder], timeout_per_notebook=budget, jobs=2, out=out)
    # nine notebooks, two at a time: no hostile one holds the grader past its own budget
    assert time.monotonic() - started < 5 * budget
    assert pd.read_csv(out, keep_default_na=False).equals(
        grades.astype({"hints_used": "int64"}).fillna("")
    )  # written as they came in
    assert list(grades.columns) == list(COLUMNS)

    def rows(student: str) -> pd.DataFrame:
        return grades[grades["student"] == student].set_index("question")

    right = ["correct"] * 3 + ["recorded"] + ["correct"] * 2  # q4 is a prediction
    assert list(rows("alice")["result"]) == right
    assert rows("alice")["notebook_problem"].iloc[0] == ""
    assert list(rows("typo")["result"]) == right  # a syntax error is no tampering
    assert (
        rows("typo")["notebook_problem"]
        .iloc[0]
        .startswith("1 cell raised an error (first: cell 4, SyntaxError")
    )
    for cheat in ("forger", "patcher"):
        part = rows(cheat)
        assert list(part["result"]) == ["not credited"] * 6, cheat
        assert part["detail"].str.startswith("the notebook reaches into the grader").all()
        assert "earned nothing" in part["notebook_problem"].iloc[0]
    eraser = rows("eraser")
    assert eraser.loc["q1", "hints_used"] == 1 and bool(eraser.loc["q2", "solution_viewed"])
    assert "uses REGISTRY" in eraser["notebook_problem"].iloc[0]

    assert pid_file.exists()
    assert _gone(int(pid_file.read_text()))  # the detached process did not outlive grading
    detacher = rows("detacher")  # starting a process is not cheating: graded as it is
    assert list(detacher["result"]) == ["not attempted"] * 6
    assert detacher["notebook_problem"].iloc[0] == ""
    assert _run_processes() == []

    killer = rows("killer")
    assert list(killer["result"]) == ["error"] * 6
    assert _gone(int(killer_pid.read_text()))
    assert killer["notebook_problem"].iloc[0].startswith("the kernel died while running cell 3")
    bomber = rows("bomber")
    assert (
        bomber["notebook_problem"]
        .iloc[0]
        .startswith("1 cell raised an error (first: cell 2, MemoryError)")
    )
    assert list(bomber["result"]) == ["not attempted"] * 6
    printer = rows("printer")
    assert list(printer["result"]) == ["timeout"] * 6
    assert printer["notebook_problem"].iloc[0] == (
        f"did not finish within {budget} s (cell 2 was still running); the kernel was shut down; "
        "cell 2 printed more than 2,000,000 characters; the rest was not kept"
    )
    assert not any("Traceback" in str(v) for v in grades.to_numpy().ravel())


@pytest.mark.slow
def test_grades_written_before_a_notebook_kills_the_grader_survive(tmp_path):
    folder = tmp_path / "submissions"
    student = _read("student")
    _save(student, folder, "a_first")
    pid_file = tmp_path / "detached.pid"
    grader_killer = (  # the kernel's parent is the keeper; the keeper's parent is the grader
        DETACH.format(path=str(pid_file)) + "import os, signal\n"
        "keeper = os.getppid()\n"
        "with open(f'/proc/{keeper}/stat') as h:\n"
        "    grader = int(h.read().split(') ')[-1].split()[1])\n"
        "os.kill(grader, signal.SIGKILL)\n"
    )
    _save(_with_cell(student, grader_killer, at=1), folder, "b_killer")
    out = tmp_path / "grades.csv"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "crmsim", "grade", str(folder), "--out", str(out)]
    done = subprocess.run(  # no pipes: an orphaned kernel would hold one open
        [*command, "--timeout", "60", "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == -9  # the grader was killed ...
    grades = pd.read_csv(out, keep_default_na=False)  # ... but the first notebook's grades
    assert set(grades["student"]) == {"a_first"}
    assert list(grades["result"]) == ["not attempted"] * 6
    detached = int(pid_file.read_text())
    for _ in range(50):  # the keeper ends the run's processes when the grader is gone
        if _gone(detached) and not _run_processes():
            break
        time.sleep(0.1)
    assert _gone(detached)
    assert _run_processes() == []
