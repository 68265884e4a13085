"""The grader's final cell: the registry and a fingerprint of the checkers, as JSON.

:func:`export_answers` prints ``{"records": ..., "checker": ...}`` between two markers; the
grader (:mod:`crmsim.classroom.grading`) reads it back, judges the answers again with its
own question objects, and compares the notebook's :func:`checker_fingerprint` with its own
to notice a checker replaced in the notebook.

Examples
--------
>>> from crmsim.classroom.feedback.registry import Registry
>>> export_answers("@@", Registry())  # doctest: +ELLIPSIS
@@{"checker": "...", "records": {}}@@
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
from types import ModuleType

from crmsim.classroom.feedback.registry import REGISTRY, Registry

__all__ = ["checker_fingerprint", "export_answers", "feedback_modules"]

PACKAGE = __name__.rpartition(".")[0]
"""The feedback package, whose code the fingerprint covers."""


def feedback_modules() -> tuple[ModuleType, ...]:
    """The feedback package and every module in it, by name (each imported if need be).

    Examples
    --------
    >>> [m.__name__.rpartition(".")[2] for m in feedback_modules()][:3]
    ['feedback', 'answers', 'display']
    """
    package = importlib.import_module(PACKAGE)
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    return (package, *(importlib.import_module(f"{PACKAGE}.{name}") for name in names))


def checker_fingerprint() -> str:
    """A hash of where every function and method of the feedback package comes from.

    Every module of :mod:`crmsim.classroom.feedback` is covered, in name order: each
    function the module holds, and each method and property of the classes it defines,
    contributes its name, module, qualified name, file and first line. The grader compares
    the fingerprint a notebook exports with its own: a difference means a checker was
    replaced in the notebook (a function from a notebook cell has another module, name,
    file and line) or another crmsim version ran it.

    Examples
    --------
    >>> len(checker_fingerprint()), checker_fingerprint() == checker_fingerprint()
    (64, True)
    """
    digest = hashlib.sha256()
    for module in feedback_modules():
        for name, obj in sorted(vars(module).items()):
            members = [(name, obj)]
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                members += sorted((f"{name}.{k}", v) for k, v in vars(obj).items())
            for label, member in members:
                function = getattr(member, "__func__", member)
                function = getattr(function, "fget", function)
                code = getattr(function, "__code__", None)
                if code is not None:
                    origin = (module.__name__, label, getattr(function, "__module__", ""),
                              getattr(function, "__qualname__", ""), code.co_name,
                              code.co_filename, code.co_firstlineno)
                    digest.update(repr(origin).encode())
    return digest.hexdigest()


def export_answers(marker: str, registry: Registry | None = None) -> None:
    """Print the registry and the checker's fingerprint as JSON between two markers.

    The grader reads ``{"records": ..., "checker": ...}`` back from the notebook.

    Examples
    --------
    >>> reg = Registry()
    >>> reg.update("demo.q1", answer=1)
    >>> export_answers("@@", reg)  # doctest: +ELLIPSIS
    @@{"checker": "...", "records": {"demo.q1": {"answer": 1, "attempts": 0, ...}}}@@
    """
    records = (REGISTRY if registry is None else registry).export()
    data = {"records": records, "checker": checker_fingerprint()}
    print(f"{marker}{json.dumps(data, sort_keys=True)}{marker}")
