"""Showing feedback: rich output inside a notebook (IPython), plain text anywhere else.

Examples
--------
>>> from crmsim.classroom.feedback.outcomes import Feedback, Outcome
>>> show(Feedback("demo.q1", Outcome.CORRECT))
Correct!
"""

from __future__ import annotations

from typing import Any

__all__ = ["show"]


def show(item: Any) -> None:
    """Display ``item`` as rich output inside IPython, print it as plain text elsewhere.

    Inside a Jupyter kernel the item's ``_repr_markdown_`` is rendered (marks, bold
    labels); in a plain Python session, a doctest or a test, ``print(item)`` is used.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the default install
        get_ipython = None  # type: ignore[assignment]
    if get_ipython is not None and get_ipython() is not None:
        from IPython.display import display

        display(item)
    else:
        print(item)
