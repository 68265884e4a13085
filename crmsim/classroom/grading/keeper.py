"""The kernel's keeper: a small parent between the grader and a student's kernel.

The grader starts ``python keeper.py MEGABYTES -- KERNEL COMMAND...`` (this file, run as a
script, so it imports nothing of crmsim) in a new session. The keeper

* limits its address space to ``MEGABYTES`` (``RLIMIT_AS``), which the kernel inherits,
  so a memory bomb ends in a ``MemoryError`` in the notebook, not in a machine that swaps;
* starts the kernel as its child, in the keeper's session and process group (not the
  grader's: Jupyter starts the keeper in a new session), so a notebook that kills its
  parent, or its parent's process group, kills the keeper (and itself), never the grader;
* ignores interrupts (Jupyter interrupts the whole group) and passes ``SIGTERM`` on;
* adopts the orphans of its descendants (Linux's child subreaper; the kernel does too,
  :func:`kernel_prelude`), so a process that detaches itself (a double fork into a new
  session, with an emptied environment) is still one of their descendants;
* when the grader itself dies (killed by a notebook that found it), kills every process
  of the run, so nothing outlives the grading.

The grader kills the run's processes once the notebook is graded, with
:func:`end_processes`: the keeper's process group, its descendants, and every process that
carries the run's token (:data:`TOKEN_VARIABLE`) in its environment, and the kernel with
its descendants, even when the notebook killed the keeper
(:mod:`crmsim.classroom.grading.execute`).

In the kernel, :func:`limit_output` (run when the kernel starts) keeps at most a given
number of characters of what the cells print, so a notebook that prints without end runs
until its time is up, with bounded memory, instead of dying of its own output.

Examples
--------
>>> limit_memory(0)  # 0: no limit
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

__all__ = [
    "TOKEN_VARIABLE",
    "adopt_orphans",
    "end_processes",
    "kernel_prelude",
    "limit_memory",
    "limit_output",
    "main",
    "started",
    "with_children",
]

TOKEN_VARIABLE = "CRMSIM_GRADING_RUN"
"""Environment variable holding a run's random token; processes that carry it are killed
when the run ends."""


def limit_memory(megabytes: int) -> None:
    """Limit this process's address space (and its children's) to ``megabytes`` (0: none).

    Where the system has no such limit (not POSIX, or macOS refusing it), nothing changes.
    """
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, AttributeError, ValueError, OSError):  # pragma: no cover - not Linux
        pass


def limit_output(chars: int) -> None:
    """In a kernel: drop what the cells print beyond ``chars`` characters (stdout and stderr).

    Before each cell runs, the write of ``sys.stdout`` and ``sys.stderr`` (as IPython wraps
    it for the cell) is wrapped once more, so text beyond the budget reaches neither the
    grader nor IPython's output history. The grader's final cell lifts the limit
    (``OutStream.crmsim_budget = None``) before it prints the answers. Outside a kernel
    nothing changes.
    """
    try:
        from ipykernel.iostream import OutStream
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - only called in a kernel
        return
    shell = get_ipython()
    if shell is None:  # pragma: no cover - only called in a kernel
        return
    OutStream.crmsim_budget = chars

    def limited(write):
        def write_within_budget(string, *args, **kwargs):
            budget = OutStream.crmsim_budget
            if budget is None or not isinstance(string, str):
                return write(string, *args, **kwargs)
            if len(string) <= budget:
                OutStream.crmsim_budget = budget - len(string)
                return write(string, *args, **kwargs)
            OutStream.crmsim_budget = 0
            write(string[:budget], *args, **kwargs)  # the grader sees the budget used up
            return len(string)

        return write_within_budget

    def before_cell(info=None):
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, OutStream):
                stream.write = limited(stream.write)

    shell.events.register("pre_run_cell", before_cell)


def _carries(pid: int, token: str) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return f"{TOKEN_VARIABLE}={token}".encode() in handle.read().split(b"\0")
    except OSError:
        return False


def _table() -> dict[int, tuple[int, int]]:
    """Each process's parent and start time (clock ticks after boot), from ``/proc``."""
    table = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            with (
                contextlib.suppress(OSError, ValueError, IndexError),
                open(f"/proc/{entry}/stat", "rb") as handle,
            ):
                fields = handle.read().rsplit(b")", 1)[1].split()
                table[int(entry)] = (int(fields[1]), int(fields[19]))
    return table


def started(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot), or None if there is none.

    With the pid, it names one process even after the pid is reused.

    Examples
    --------
    >>> started(os.getpid()) is not None or not os.path.isdir("/proc")
    True
    """
    return _table().get(pid, (0, None))[1]


def with_children(pid: int) -> dict[int, int | None]:
    """Process ``pid`` and its children, each with its start time (for :func:`end_processes`).

    Examples
    --------
    >>> me = os.getpid()
    >>> with_children(me)[me] == started(me)
    True
    """
    table = _table()
    family = {pid: table.get(pid, (0, None))[1]}
    family.update({child: start for child, (parent, start) in table.items() if parent == pid})
    return family


def _descendants(roots: dict[int, int | None], table: dict[int, tuple[int, int]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found = {pid for pid, start in roots.items() if pid in table and table[pid][1] == start}
    todo = list(found)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def end_processes(group: int | None, token: str, roots: dict[int, int | None] | None = None) -> int:
    """Kill a run's processes: group ``group``, carriers of ``token``, ``roots`` and below.

    ``roots`` maps a pid to its start time (:func:`started`): each of these processes that
    still runs is killed with all its descendants (the keeper and the kernel adopt their
    descendants' orphans, so a process that detached itself is still found). Processes are
    found through ``/proc`` (Linux); elsewhere only the group is killed. The calling
    process is spared. Returns how many processes were killed.

    Examples
    --------
    >>> end_processes(None, "no-such-token")
    0
    """
    killed = 0
    me = os.getpid()
    for _ in range(5):  # a process may fork while the first pass kills its parent
        found = set()
        if os.path.isdir("/proc"):
            table = _table()
            if token:
                found |= {pid for pid in table if _carries(pid, token)}
            found |= _descendants(roots or {}, table)
            if group is not None:
                found |= {pid for pid in table if _group_of(pid) == group}
        if group is not None and group != os.getpgid(0):
            with contextlib.suppress(OSError):
                os.killpg(group, signal.SIGKILL)
        found.discard(me)
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        if not found:
            break
        time.sleep(0.05)
    return killed


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def adopt_orphans() -> None:
    """Make this process the parent of its descendants' orphans (Linux; elsewhere nothing).

    The keeper and the kernel call it, so a process that detaches itself (a double fork
    into a new session, with an emptied environment) stays one of their descendants.
    """
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def kernel_prelude(chars: int) -> None:
    """What a graded kernel runs when it starts: :func:`limit_output`, :func:`adopt_orphans`."""
    limit_output(chars)
    adopt_orphans()


def _watch_parent(parent: int, kernel: subprocess.Popen) -> None:
    """Kill the whole run, then exit, once the grader (``parent``) is gone."""
    while kernel.poll() is None:
        if os.getppid() != parent:
            token = os.environ.get(TOKEN_VARIABLE, "")
            end_processes(os.getpgid(0), token, {os.getpid(): started(os.getpid())})
            os._exit(1)
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    """Run the kernel command after ``--`` under a memory limit; return its exit status."""
    megabytes, separator, *command = argv
    if separator != "--" or not command:
        print("usage: keeper.py MEGABYTES -- KERNEL COMMAND...", file=sys.stderr)
        return 2
    parent = os.getppid()
    limit_memory(int(megabytes))
    adopt_orphans()
    # no parent for the kernel to poll: a kernel whose keeper was killed stays, with the
    # processes it adopted, until the grader ends them all
    env = {k: v for k, v in os.environ.items() if k != "JPY_PARENT_PID"}
    kernel = subprocess.Popen(command, env=env)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # after the start: the kernel keeps its own
    signal.signal(signal.SIGTERM, lambda signum, frame: kernel.send_signal(signum))
    threading.Thread(target=_watch_parent, args=(parent, kernel), daemon=True).start()
    return kernel.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
