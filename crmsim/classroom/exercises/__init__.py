"""Exercise questions, one module per teaching-notebook theme.

=======================  ================================================================
``ex01_lifecycle``        the customer lifecycle (客户生命周期)
``ex02_customer_worth``   what a customer is worth (客户终身价值)
``ex03_four_levels``      the four relationship levels (客户关系的四种类型)
``ex04_luxurious``        when partnership and alliance become luxurious (奢侈的)
``ex05_segments_and_staff``  segments and account managers (Dell's model)
``ex06_keeping_customers``   complaints, loyalty programmes, win-back and other levers
``ex07_ladders``              other ladders of relationship depth (关系深度的其他阶梯)
=======================  ================================================================

Each module defines ``q1``, ``q2``, ... (built on :mod:`crmsim.classroom.feedback`),
``QUESTIONS`` in notebook order, and the scenario helpers its notebook imports; what the
modules share to compute reference answers is in :mod:`crmsim.classroom.exercises.helpers`.
A student notebook imports what it needs explicitly::

    from crmsim.classroom.exercises.ex01_lifecycle import q1, q2, q3

Examples
--------
>>> EXERCISES[0]
'ex01_lifecycle'
>>> [q.name for q in questions("ex03_four_levels")][:2]
['q1', 'q2']
>>> exercise_from_name("alice_ex02_customer_worth.ipynb"), exercise_from_name("notes.ipynb")
('ex02_customer_worth', None)
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from crmsim.classroom.feedback.questions import Question
from crmsim.common.checks import check_choice
from crmsim.common.errors import ScenarioError

__all__ = ["EXERCISES", "exercise_from_name", "load", "questions"]

EXERCISES: tuple[str, ...] = (
    "ex01_lifecycle",
    "ex02_customer_worth",
    "ex03_four_levels",
    "ex04_luxurious",
    "ex05_segments_and_staff",
    "ex06_keeping_customers",
    "ex07_ladders",
)
"""Every exercise, in course order."""


def load(exercise: str) -> ModuleType:
    """The module of ``exercise`` (one of :data:`EXERCISES`)."""
    check_choice("exercise", exercise, EXERCISES)
    return importlib.import_module(f"crmsim.classroom.exercises.{exercise}")


def questions(exercise: str) -> tuple[Question, ...]:
    """The questions of ``exercise``, in notebook order."""
    found = getattr(load(exercise), "QUESTIONS", None)
    if not found:  # pragma: no cover - every shipped module defines QUESTIONS
        raise ScenarioError(f"exercise {exercise!r} defines no QUESTIONS.")
    return tuple(found)


def exercise_from_name(name: str) -> str | None:
    """The exercise a file name refers to (``exNN`` anywhere in it), or None.

    The number decides (``ex02.ipynb`` and ``bob-ex02-final.ipynb`` both mean
    ``ex02_customer_worth``).
    """
    match = re.search(r"ex(\d\d)", name.lower())
    if match is None:
        return None
    prefix = f"ex{match.group(1)}_"
    for exercise in EXERCISES:
        if exercise.startswith(prefix):
            return exercise
    return None
