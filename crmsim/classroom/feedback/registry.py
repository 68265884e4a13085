"""The in-kernel answer registry: what the student did with each question, as JSON data.

Every ``check`` (and every hint, solution and reveal) is written to a :class:`Registry`, so
a grader can read the answers back and judge them again with checkers of its own
(:mod:`crmsim.classroom.feedback.export`, :mod:`crmsim.classroom.grading`).

Examples
--------
>>> reg = Registry()
>>> reg.record("demo.q1")
{'attempts': 0, 'hints': 0, 'solution_viewed': False, 'revealed': False}
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["REGISTRY", "Registry"]


def _new_record() -> dict[str, Any]:
    return {"attempts": 0, "hints": 0, "solution_viewed": False, "revealed": False}


class Registry:
    """Everything the student did with each question in this kernel, as plain JSON data.

    One record per question id: ``answer`` (the last answer checked; absent when none),
    ``attempts``, ``hints`` (hints shown), ``solution_viewed`` and ``revealed``
    (predictions). :func:`crmsim.classroom.feedback.export.export_answers` prints the whole
    registry for a grader.

    Examples
    --------
    >>> reg = Registry()
    >>> reg.update("demo.q1", answer=3.0)
    >>> reg.export()["demo.q1"]["answer"]
    3.0
    """

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Any]] = {}

    def record(self, question: str) -> dict[str, Any]:
        """A copy of the record of ``question`` (an empty record if there is none)."""
        return copy.deepcopy(self._records.get(question, _new_record()))

    def update(self, question: str, **changes: Any) -> None:
        """Set fields of the record of ``question``; values must be JSON data."""
        record = self._records.setdefault(question, _new_record())
        record.update(changes)

    def export(self) -> dict[str, dict[str, Any]]:
        """All records, as a deep copy that :func:`json.dumps` accepts."""
        return copy.deepcopy(self._records)

    def clear(self) -> None:
        """Forget everything (a fresh start)."""
        self._records.clear()


REGISTRY = Registry()
"""The registry of this Python process (one kernel = one student's session)."""
