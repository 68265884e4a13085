"""How quickly the ``crmsim`` command starts, measured in one run on this machine.

Each subject is a fresh process, timed from start to exit (wall clock), ``--runs`` times,
alternating with the others round by round (``_common.interleaved``); the table gives the
median, its ratio to the reference ``python -c pass`` (the interpreter alone) and the
verdict against the targets:

* ``crmsim --version``                                 — target <= 0.5 s;
* ``crmsim validate <the classroom preset's file>``   — target <= 1.5 s;
* ``crmsim --help``                                    — no target (listed for comparison).

Figures are printed, never asserted. ``python -X importtime -m crmsim.cli --version`` shows
where the time goes when a target is missed.

Run: ``python benchmarks/bench_startup.py`` (``--quick`` for a smoke run, ``--runs N``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

from _common import interleaved, print_table

TARGETS = {"crmsim --version": 0.5, "crmsim validate classroom.toml": 1.5}
"""Subject → target median wall time in seconds."""


def _crmsim() -> list[str]:
    """The ``crmsim`` console script of this interpreter's environment, else ``-m``."""
    script = Path(sys.executable).parent / "crmsim"
    if script.exists():
        return [str(script)]
    found = shutil.which("crmsim")
    return [found] if found else [sys.executable, "-m", "crmsim.cli"]


def _runner(argv: list[str]):
    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


def main(runs: int) -> None:
    preset_file = resources.files("crmsim.scenario.presets") / "classroom.toml"
    crmsim = _crmsim()
    subjects = {
        "python -c pass": _runner([sys.executable, "-c", "pass"]),
        "crmsim --version": _runner([*crmsim, "--version"]),
        "crmsim validate classroom.toml": _runner([*crmsim, "validate", str(preset_file)]),
        "crmsim --help": _runner([*crmsim, "--help"]),
    }
    for run in subjects.values():  # warm-up: bytecode compiled, files in the page cache
        run()
    timings = interleaved(subjects, runs)
    reference = timings["python -c pass"].median
    rows = []
    for name, timing in timings.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (
            "target met" if timing.median <= target else "target MISSED")
        rows.append((name, f"{timing.median:.3f} s", f"{timing.median / reference:.1f}x",
                     "" if target is None else f"<= {target:g} s", verdict))
    how = crmsim[0] if len(crmsim) == 1 else "python -m crmsim.cli"
    print(f"crmsim start-up: median wall time of {runs} runs each, fresh processes "
          f"(crmsim = {how}; load average {os.getloadavg()[0]:.2f})")
    print_table(["command", "median", "vs python", "target", ""], rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs of each command (default: 15; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    options = parser.parse_args()
    main(options.runs or (5 if options.quick else 15))
