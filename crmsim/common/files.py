"""Atomic file output, and a lock per output folder: a reader never sees a half-written file.

Every file crmsim writes goes to a temporary file in the target directory first and is
then renamed over the target with :func:`os.replace`, which is atomic on POSIX and
Windows. An interrupted run leaves the previous file intact and no partial file behind.

:func:`folder_lock` keeps two runs out of one output folder: the lock is a file next to
the folder (``.NAME.crmsim-lock``) holding the owner's pid and host, locked with
:func:`fcntl.flock` on POSIX (the kernel frees it when the owner dies, however it dies);
elsewhere the file is created exclusively and taken over only once :func:`process_alive`
says its owner is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from crmsim.common.errors import ScenarioError

__all__ = ["LOCK_SUFFIX", "atomic_open", "folder_lock", "make_folder", "process_alive",
           "write_text_atomic"]

LOCK_SUFFIX = ".crmsim-lock"
"""The lock of folder ``NAME`` is the file ``.NAME.crmsim-lock`` next to it."""


def make_folder(folder: str | os.PathLike) -> Path:
    """Create ``folder`` and its missing parents (nothing if it exists); return it.

    A file where the folder (or one of its parents) goes raises :class:`NotADirectoryError`
    naming that file, rather than the :class:`FileExistsError` of :meth:`pathlib.Path.mkdir`,
    whose "File exists" does not say what is wrong.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> make_folder(root / "a" / "b").is_dir()
    True
    >>> _ = (root / "note.txt").write_text("x")
    >>> make_folder(root / "note.txt" / "c")
    Traceback (most recent call last):
    NotADirectoryError: [Errno 20] Not a directory: '.../note.txt'
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 str(blocking)) from None
    return folder


def _naming(error: OSError, path: Path) -> OSError:
    """``error`` again, naming ``path`` (what the user asked for) instead of a temporary file.

    An error without an error number (raised by hand, not by the system) is left as it is.
    """
    if error.errno is None or error.strerror is None:
        return error
    return type(error)(error.errno, error.strerror, str(path))


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success rename it to ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_open(target) as fh:
    ...     _ = fh.write("hello")
    >>> target.read_text()
    'hello'
    """
    target = Path(path)
    make_folder(target.parent)
    permissions = _permissions(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _naming(exc, target) from None
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise _naming(exc, target) from None
        with contextlib.suppress(OSError):
            os.chmod(tmp, permissions)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _naming(exc, target) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _permissions(target: Path) -> int:
    """The mode the file should end with: the old file's, else what ``open`` would give."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8) and return the path."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return Path(path)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running on this machine (a zombie counts as gone).

    Examples
    --------
    >>> import os
    >>> process_alive(os.getpid())
    True
    """
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - no signal 0 on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:  # Linux: a killed process nobody has reaped yet is a zombie, not alive
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def _owner(lock: Path) -> str:
    """``pid N on HOST`` as written in ``lock`` (or ``another process``)."""
    try:
        pid, _, host = lock.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        pid = host = ""
    if not pid.isdigit():
        return "another process"
    return f"pid {pid}" + ("" if host in ("", socket.gethostname()) else f" on {host}")


def _in_use(folder: Path, lock: Path) -> ScenarioError:
    return ScenarioError(f"the folder '{folder}' is in use by {_owner(lock)} (another crmsim "
                         "run); wait for it to finish or choose another --out.")


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike) -> Iterator[Path]:
    """Hold the lock of ``folder`` for the block; a second holder gets a :class:`ScenarioError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> with folder_lock(out) as lock:
    ...     with folder_lock(out):
    ...         pass
    Traceback (most recent call last):
    crmsim.common.errors.ScenarioError: the folder '...' is in use by pid ... (another crmsim...
    >>> lock.exists()
    False
    """
    folder = Path(folder)
    make_folder(folder.parent)
    lock = folder.parent / f".{folder.name}{LOCK_SUFFIX}"
    text = f"{os.getpid()} {socket.gethostname()}\n"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        fd = _exclusive_lock_file(folder, lock, text)
        try:
            yield lock
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(lock)
        return
    for _ in range(100):  # retries only when a holder removed the file as we opened it
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _naming(exc, folder) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _in_use(folder, lock) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:  # pragma: no cover - would need 100 lost races in a row
        raise _in_use(folder, lock)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, text.encode("utf-8"))
        yield lock
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)  # before unlocking: a waiter then opens a fresh file
        os.close(fd)


def _exclusive_lock_file(folder: Path, lock: Path, text: str) -> int:  # pragma: no cover
    """Portable lock: create ``lock`` exclusively, taking it over from a dead owner."""
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            owner = lock.read_text(encoding="utf-8").split() if lock.exists() else []
            same_host = len(owner) < 2 or owner[1] == socket.gethostname()
            if owner and owner[0].isdigit() and same_host and process_alive(int(owner[0])):
                raise _in_use(folder, lock) from None
            with contextlib.suppress(OSError):
                os.unlink(lock)
            continue
        os.write(fd, text.encode("utf-8"))
        return fd
    raise _in_use(folder, lock)
