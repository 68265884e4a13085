"""Notebook problems in words: English in the grades, the current language when printed.

Grades are data: the ``notebook_problem`` sentences they hold do not depend on the display
language (grading threads do not even share the caller's
:func:`~crmsim.language.translate.use_language` block). :func:`notebook_problem` writes a
problem in English from a catalogue template (``grade.problem.*`` in
:mod:`crmsim.language.catalogue`); :func:`shown_problem` turns it back into the current
language for people.

Examples
--------
>>> notebook_problem("grade.problem.checker_differs")  # doctest: +ELLIPSIS
"...differs from the grader's..."
"""

from __future__ import annotations

import re
import string
from functools import cache

from crmsim.language.catalogue import MESSAGES
from crmsim.language.translate import get_language, tr, use_language

__all__ = ["PROBLEM_PREFIX", "notebook_problem", "shown_problem"]

PROBLEM_PREFIX = "grade.problem."
"""Prefix of the catalogue's notebook-problem templates (:mod:`crmsim.language.catalogue`)."""


def notebook_problem(key: str, **values: object) -> str:
    """The notebook problem ``key`` (a ``grade.problem.*`` template) in English.

    This is the text the grades frame and CSV hold, whatever the display language.

    Examples
    --------
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     notebook_problem("grade.problem.unchecked", questions="q2")
    'no cell checks q2 (deleted?)'
    """
    with use_language("en"):
        return tr(key, **values)


@cache
def _problem_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(key, regex) per notebook-problem template; the regex matches one part of a problem."""
    patterns = []
    for key, entry in MESSAGES.items():
        if key.startswith(PROBLEM_PREFIX):
            regex = "".join(re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
                            for literal, name, _, _ in string.Formatter().parse(entry["en"]))
            patterns.append((key, re.compile(regex + r"(?:; |\Z)", re.S)))
    return tuple(patterns)


def shown_problem(problem: str) -> str:
    """A notebook problem of the grades (English) in the current display language.

    The problem is read back part by part (parts are joined by ``"; "``) with the English
    templates it was written with; text that does not match them (edited by hand, or
    written by another crmsim version) is shown as it is.

    Examples
    --------
    >>> text = "no cell checks q2, q3 (deleted?)"
    >>> shown_problem(text) == text
    True
    >>> with use_language("zh"):
    ...     shown_problem(text + "; grading failed (OSError: disk full)")
    '没有单元格检查 q2, q3（被删除了？）；评分失败（OSError: disk full）'
    """
    if not problem or get_language() == "en":
        return problem
    parts = []
    position = 0
    while position < len(problem):
        for key, pattern in _problem_patterns():
            match = pattern.match(problem, position)
            if match:
                parts.append(tr(key, **match.groupdict()))
                position = match.end()
                break
        else:
            return problem
    return tr("grade.problem_sep").join(parts)
