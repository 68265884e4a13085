"""Exercise questions with instant feedback: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

In the spirit of Kaggle Learn's *learntools*, every question of an exercise notebook is an
object with three calls:

* ``check(answer)`` judges the answer passed to it (never a notebook global) and shows one
  of five outcomes (:class:`Outcome`): *not attempted* (the ``____`` placeholder is still
  there), *correct*, *wrong* (what is wrong, without giving the answer away),
  *invalid answer* (the wrong kind of value: what was expected and what was received), or
  *recorded* (a prediction's guess, neither right nor wrong, kept for the reveal);
* ``hint()`` shows the next hint each time it is called;
* ``solution()`` shows code and an explanation.

Every ``check`` (and every hint, solution and reveal) is written to an in-kernel
:class:`Registry` as plain JSON-serialisable data, so a grader can read the answers back
and judge them again with checkers of its own (:mod:`crmsim.classroom.grading`).

One job per module:

==============  ======================================================================
``outcomes``     :class:`Outcome`, :class:`Feedback` and :class:`Note` (what a check finds)
``answers``      the ``____`` placeholder; answers as JSON data and read back
``registry``     the in-kernel :class:`Registry` of answers, hints and solutions
``questions``    the question kinds: number, simulated number, choice, prediction
``display``      rich display in notebooks, plain text elsewhere
``export``       the grader's final cell and the checkers' fingerprint
==============  ======================================================================

A notebook imports what it needs from here::

    from crmsim.classroom.feedback import ____

Examples
--------
>>> q = NumberQuestion(id="demo.q1", title="Two plus two", reference=lambda: 4.0,
...                    hints=("Count on your fingers.",), registry=Registry())
>>> q.check(____)
Not attempted yet: replace ____ with your answer, then run the cell again.
>>> q.check(5)
Not quite: your answer is too high (by less than a factor of two).
>>> q.check("4")
Invalid answer: expected a number; received the text '4' (remove the quotes).
>>> q.check(4)
Correct!
>>> q.hint()
Hint 1 of 1: Count on your fingers.
>>> q.evaluate(4.0).outcome
<Outcome.CORRECT: 'correct'>
"""

from crmsim.classroom.feedback.answers import (
    ____,
    describe_answer,
    read_letters,
    read_number,
    received_phrase,
    to_jsonable,
)
from crmsim.classroom.feedback.display import show
from crmsim.classroom.feedback.export import (
    checker_fingerprint,
    export_answers,
    feedback_modules,
)
from crmsim.classroom.feedback.outcomes import Feedback, Note, Outcome
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    Question,
    SimulatedNumberQuestion,
    how_close,
    replace_registry,
)
from crmsim.classroom.feedback.registry import REGISTRY, Registry

__all__ = [
    "REGISTRY",
    "ChoiceQuestion",
    "Feedback",
    "Mistake",
    "Note",
    "NumberQuestion",
    "Outcome",
    "PredictionQuestion",
    "Question",
    "Registry",
    "SimulatedNumberQuestion",
    "____",
    "checker_fingerprint",
    "describe_answer",
    "export_answers",
    "feedback_modules",
    "how_close",
    "read_letters",
    "read_number",
    "received_phrase",
    "replace_registry",
    "show",
    "to_jsonable",
]
