"""Exercise questions with instant feedback: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

In the spirit of Kaggle Learn's *learntools*, every question of an exercise notebook is an
object with three calls:

* ``check(answer)`` judges the answer passed to it (never a notebook global) and shows one
  of four outcomes (:class:`Outcome`): *not attempted* (the ``____`` placeholder is still
  there), *correct*, *wrong* (what is wrong, without giving the answer away), or
  *invalid answer* (the wrong kind of value: what was expected and what was received);
* ``hint()`` shows the next hint each time it is called;
* ``solution()`` shows code and an explanation.

Question kinds:

* :class:`NumberQuestion` -- a number compared with a reference computed by crmsim at check
  time, within a relative/absolute tolerance; typical mistakes (:class:`Mistake`) get their
  own message ("this is the value without discounting");
* :class:`SimulatedNumberQuestion` -- a number that comes from a stochastic SimPy run,
  accepted when it lies within ``n_se`` standard errors of the expected value (analytic, or
  a recomputed reference with a fixed seed); the tolerance is fixed in advance;
* :class:`ChoiceQuestion` -- multiple choice (one letter, or "select all that apply");
  the correct letters may be computed by crmsim;
* :class:`PredictionQuestion` -- "predict, then run": any valid guess is accepted, but it
  must be recorded with ``check(guess)`` *before* ``reveal()`` shows the computed result
  next to the guess.

Every ``check`` (and every hint, solution and reveal) is written to an in-kernel
:class:`Registry` as plain JSON-serialisable data, so a grader can read the answers back
and judge them again with checkers of its own (:mod:`crmsim.classroom.grading`).

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

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from numbers import Integral, Real
from typing import Any

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
    "export_answers",
    "format_number",
    "replace_registry",
    "to_jsonable",
]


# --------------------------------------------------------------------------------------
# the placeholder
# --------------------------------------------------------------------------------------


class _Blank:
    """The ``____`` placeholder of a student notebook: "no answer yet"."""

    __slots__ = ()
    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __reduce__(self) -> str:
        return "____"


____ = _Blank()
"""Placeholder for an answer still to be written; ``check(____)`` reports "not attempted"."""


# --------------------------------------------------------------------------------------
# outcomes and messages
# --------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """What ``check`` found."""

    NOT_ATTEMPTED = "not attempted"
    CORRECT = "correct"
    WRONG = "wrong"
    INVALID = "invalid answer"


_PLAIN = {
    Outcome.NOT_ATTEMPTED: "Not attempted yet",
    Outcome.CORRECT: "Correct",
    Outcome.WRONG: "Not quite",
    Outcome.INVALID: "Invalid answer",
}
_MARK = {
    Outcome.NOT_ATTEMPTED: "⏳",
    Outcome.CORRECT: "✅",
    Outcome.WRONG: "❌",
    Outcome.INVALID: "⚠️",
}


@dataclass(frozen=True, slots=True)
class Feedback:
    """The verdict on one answer: an :class:`Outcome` and a message for the student.

    Renders as Markdown in Jupyter and as one line of plain text elsewhere.

    Examples
    --------
    >>> fb = Feedback("demo.q1", Outcome.WRONG, "your answer is too high.")
    >>> str(fb)
    'Not quite: your answer is too high.'
    >>> fb._repr_markdown_()
    '❌ **Not quite:** your answer is too high.'
    """

    question: str
    outcome: Outcome
    message: str = ""

    def __str__(self) -> str:
        label = _PLAIN[self.outcome]
        return f"{label}: {self.message}" if self.message else f"{label}!"

    def _repr_markdown_(self) -> str:
        label = _PLAIN[self.outcome]
        text = f"**{label}:** {self.message}" if self.message else f"**{label}!**"
        return f"{_MARK[self.outcome]} {text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


@dataclass(frozen=True, slots=True)
class Note:
    """A hint, a solution or a reveal: a title and Markdown text.

    Examples
    --------
    >>> print(Note("Hint 1 of 2", "Look at the summary table."))
    Hint 1 of 2: Look at the summary table.
    """

    title: str
    text: str
    icon: str = "💡"

    def __str__(self) -> str:
        gap = "\n" if "\n" in self.text else " "
        return f"{self.title}:{gap}{self.text}"

    def _repr_markdown_(self) -> str:
        gap = "\n\n" if "\n" in self.text else " "
        return f"{self.icon} **{self.title}:**{gap}{self.text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def _show(item: Feedback | Note) -> None:
    """Display ``item`` as rich output inside IPython, as plain text elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the default install
        get_ipython = None  # type: ignore[assignment]
    if get_ipython is not None and get_ipython() is not None:
        from IPython.display import display

        display(item)
    else:
        print(item)


def format_number(x: float) -> str:
    """A number as a person would write it in a message.

    Examples
    --------
    >>> format_number(67590.238), format_number(0.5984), format_number(3.0)
    ('67,590', '0.598', '3')
    """
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


# --------------------------------------------------------------------------------------
# the in-kernel registry
# --------------------------------------------------------------------------------------

_UNSERIALISABLE = "__crmsim_unserialisable__"


def to_jsonable(value: object, _depth: int = 0) -> Any:
    """``value`` as plain JSON data, keeping what a checker needs to judge it.

    Numbers become ``int``/``float`` (numpy scalars and 0-d arrays included), text stays
    text, sequences become lists and mappings dicts with text keys. Anything else (a pandas
    Series, a figure ...) becomes a small description that a checker can name in its
    message.

    Examples
    --------
    >>> import numpy as np
    >>> to_jsonable(np.float64(2.5)), to_jsonable(("a", 1)), to_jsonable({"x": np.int64(3)})
    (2.5, ['a', 1], {'x': 3})
    >>> to_jsonable(object())["__crmsim_unserialisable__"]
    'object'
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    shape = getattr(value, "shape", None)
    if shape == () and hasattr(value, "item"):
        return to_jsonable(value.item(), _depth)
    if _depth < 4:
        if isinstance(value, list | tuple):
            return [to_jsonable(v, _depth + 1) for v in value]
        if isinstance(value, set | frozenset):
            items = [to_jsonable(v, _depth + 1) for v in value]
            return sorted(items, key=repr)
        if isinstance(value, dict):
            return {str(k): to_jsonable(v, _depth + 1) for k, v in value.items()}
    kind = type(value)
    package = kind.__module__.partition(".")[0]
    name = kind.__name__ if package == "builtins" else f"{package}.{kind.__name__}"
    described: dict[str, Any] = {_UNSERIALISABLE: name}
    with contextlib.suppress(Exception):
        described["length"] = len(value)  # type: ignore[arg-type]
    return described


def _new_record() -> dict[str, Any]:
    return {"attempts": 0, "hints": 0, "solution_viewed": False, "revealed": False}


class Registry:
    """Everything the student did with each question in this kernel, as plain JSON data.

    One record per question id: ``answer`` (the last answer checked; absent when none),
    ``attempts``, ``hints`` (hints shown), ``solution_viewed`` and ``revealed``
    (predictions). :func:`export_answers` prints the whole registry for a grader.

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


def checker_fingerprint() -> str:
    """A hash of where every function and method of this module comes from.

    The grader compares the fingerprint a notebook exports with its own: a difference
    means a checker was replaced in the notebook (a function from a notebook cell has
    another module, name, file and line) or another crmsim version ran it.

    Examples
    --------
    >>> len(checker_fingerprint())
    64
    """
    import hashlib
    import sys

    digest = hashlib.sha256()
    module = sys.modules[__name__]
    for name, obj in sorted(vars(module).items()):
        members = [(name, obj)]
        if isinstance(obj, type) and obj.__module__ == __name__:
            members += sorted((f"{name}.{k}", v) for k, v in vars(obj).items())
        for label, member in members:
            function = getattr(member, "__func__", member)
            function = getattr(function, "fget", function)
            code = getattr(function, "__code__", None)
            if code is not None:
                origin = (label, getattr(function, "__module__", ""),
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
    data = {"records": (registry or REGISTRY).export(), "checker": checker_fingerprint()}
    print(f"{marker}{json.dumps(data, sort_keys=True)}{marker}")


# --------------------------------------------------------------------------------------
# questions
# --------------------------------------------------------------------------------------


def _registry_default() -> Registry:
    return REGISTRY


def _received(value: Any) -> str:
    """How a received value is named in a message (from its JSON form)."""
    if value is None:
        return "None (did a function forget to return its result?)"
    if isinstance(value, bool):
        return f"{value} (a True/False value)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict) and _UNSERIALISABLE in value:
        name = value[_UNSERIALISABLE]
        length = value.get("length")
        what = f"a {name}" + (f" with {length} value{'s' if length != 1 else ''}"
                              if length is not None else "")
        if name.startswith(("pandas.", "numpy.")):
            what += " (pick one value, e.g. with .iloc[0], .item() or float(...))"
        return what
    if isinstance(value, dict):
        return f"a dict with {len(value)} key{'s' if len(value) != 1 else ''}"
    return repr(value)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Question:
    """What every question has: an id, a title, hints, a solution and a registry.

    Parameters
    ----------
    id : str
        ``"<exercise>.<name>"``, e.g. ``"ex01_lifecycle.q1"``; the registry key.
    title : str
        One line saying what is asked.
    hints : tuple of str
        Shown one at a time by :meth:`hint` (Markdown).
    solution_code : str
        Python code that computes the answer (shown by :meth:`solution`).
    explanation : str
        Why the answer is what it is (Markdown), shown with the solution.
    registry : Registry
        Where checks are recorded (default: :data:`REGISTRY`).
    """

    id: str
    title: str
    hints: tuple[str, ...] = ()
    solution_code: str = ""
    explanation: str = ""
    registry: Registry = field(default_factory=_registry_default, compare=False)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}: {self.title}>"

    @property
    def name(self) -> str:
        """The short name, e.g. ``"q1"``."""
        return self.id.rpartition(".")[2]

    # -- what subclasses provide --------------------------------------------------------
    def _judge(self, answer: Any) -> Feedback:
        """Judge an attempted answer given as JSON data."""
        raise NotImplementedError

    def _reference(self) -> Any:
        """The reference answer (computed by crmsim), for tests and trainers."""
        raise NotImplementedError

    def _solution_value(self) -> str:
        """The reference in words, shown with the solution."""
        return ""

    # -- the student's calls ------------------------------------------------------------
    def evaluate(self, answer: object) -> Feedback:
        """Judge ``answer`` without recording or showing anything.

        ``____`` (the placeholder) is "not attempted"; anything else is first turned into
        JSON data (:func:`to_jsonable`), exactly as it is recorded, so the judgement in the
        notebook and a grader's judgement of the recorded answer agree.
        """
        if answer is ____:
            return self._not_attempted()
        return self._judge(to_jsonable(answer))

    def grade(self, record: Mapping[str, Any]) -> Feedback:
        """Judge a registry record (as exported by :func:`export_answers`)."""
        if not isinstance(record, Mapping) or "answer" not in record:
            return self._not_attempted()
        return self._judge(record["answer"])

    def _not_attempted(self) -> Feedback:
        return Feedback(self.id, Outcome.NOT_ATTEMPTED,
                        "replace ____ with your answer, then run the cell again.")

    def check(self, answer: object = ____) -> None:
        """Check ``answer``, record it, and show the verdict."""
        feedback = self.evaluate(answer)
        if answer is not ____:
            record = self.registry.record(self.id)
            self.registry.update(self.id, answer=to_jsonable(answer),
                                 attempts=record["attempts"] + 1)
        _show(feedback)

    def hint(self) -> None:
        """Show the next hint (the last one again once all have been shown)."""
        if not self.hints:
            _show(Note("Hint", "there is no hint for this question; try "
                       f"{self.name}.solution()."))
            return
        used = self.registry.record(self.id)["hints"]
        k = min(used, len(self.hints) - 1)
        self.registry.update(self.id, hints=min(used + 1, len(self.hints)))
        text = self.hints[k]
        if used >= len(self.hints):
            text += f" (That was the last hint; {self.name}.solution() shows the answer.)"
        _show(Note(f"Hint {k + 1} of {len(self.hints)}", text))

    def solution(self) -> None:
        """Show code that computes the answer and why it is the answer."""
        self.registry.update(self.id, solution_viewed=True)
        parts = []
        if self.solution_code:
            parts.append(f"```python\n{self.solution_code.strip()}\n```")
        value = self._solution_value()
        if value:
            parts.append(value)
        if self.explanation:
            parts.append(self.explanation)
        _show(Note("Solution", "\n\n".join(parts).strip() or "(no solution text)", "📖"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Mistake:
    """A typical wrong answer and what to say when a student gives it.

    Parameters
    ----------
    value : callable
        Returns the mistaken value (computed, like the reference).
    message : str
        What the student probably did, without the right value (e.g. "this is the value
        without discounting: money in later years is worth less today").
    rel_tol : float, optional
        Recognise the mistake within this relative tolerance (default: the question's own
        tolerance).
    """

    value: Callable[[], float]
    message: str
    rel_tol: float | None = None

    def matches(self, x: float, tolerance: float) -> bool:
        """Whether ``x`` is this mistake, ``tolerance`` being the question's own."""
        m = float(self.value())
        if self.rel_tol is not None:
            return abs(x - m) <= self.rel_tol * abs(m)
        return abs(x - m) <= tolerance


def _number(answer: Any, *, whole: bool) -> tuple[float | None, str]:
    """(the answer as a float, "") or (None, why it is not a usable number)."""
    expected = "a whole number" if whole else "a number"
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        if isinstance(answer, str):
            try:
                float(answer.replace(",", ""))
            except ValueError:
                return None, f"expected {expected}; received {_received(answer)}."
            return None, (f"expected {expected}; received the text {answer!r} "
                          "(remove the quotes).")
        return None, f"expected {expected}; received {_received(answer)}."
    x = float(answer)
    if not math.isfinite(x):
        return None, f"expected a finite number; received {x}."
    if whole and x != int(x):
        return None, f"expected a whole number; received {x:g}."
    return x, ""


def _size_words(x: float, ref: float) -> str:
    """How far ``x`` is from ``ref``, in words (no digits) that do not reveal ``ref``."""
    if ref != 0 and x != 0 and (x > 0) != (ref > 0):
        return "your answer has the wrong sign"
    direction = "too high" if x > ref else "too low"
    if ref == 0:
        return f"your answer is {direction}"
    ratio = x / ref
    if ratio >= 2 or ratio <= 0.5:
        return f"your answer is {direction} by more than a factor of two"
    if abs(ratio - 1) <= 0.1:
        return (f"your answer is close but {direction} (within ten per cent); check rounding "
                "and every parameter")
    return f"your answer is {direction} (by less than a factor of two)"


def _close(x: float, target: float, rel_tol: float, abs_tol: float) -> bool:
    return abs(x - target) <= max(rel_tol * abs(target), abs_tol)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class NumberQuestion(Question):
    """A number, compared with a reference computed by crmsim when the answer is checked.

    Parameters
    ----------
    reference : callable
        Returns the right answer (call crmsim; never a hard-coded number).
    rel_tol, abs_tol : float
        Accepted if ``|answer - reference| <= max(rel_tol * |reference|, abs_tol)``.
    whole : bool
        The answer must be a whole number (e.g. a count of account managers).
    mistakes : tuple of Mistake
        Typical wrong answers, recognised within the same tolerance.
    unit : str
        Unit named in the solution text (e.g. "currency per customer").

    Examples
    --------
    >>> q = NumberQuestion(id="demo.q2", title="Ten years of 10,000",
    ...                    reference=lambda: 100_000.0, registry=Registry(),
    ...                    mistakes=(Mistake(value=lambda: 10_000.0,
    ...                                      message="that is one year, not ten."),))
    >>> print(q.evaluate(10_000))
    Not quite: that is one year, not ten.
    >>> print(q.evaluate(250_000))
    Not quite: your answer is too high by more than a factor of two.
    >>> print(q.evaluate(100_400))
    Correct!
    """

    reference: Callable[[], float]
    rel_tol: float = 0.01
    abs_tol: float = 0.0
    whole: bool = False
    mistakes: tuple[Mistake, ...] = ()
    unit: str = ""

    def _reference(self) -> float:
        return float(self.reference())

    def _solution_value(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"The answer is about **{format_number(self._reference())}**{unit}."

    def _judge(self, answer: Any) -> Feedback:
        x, problem = _number(answer, whole=self.whole)
        if x is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        ref = self._reference()
        if _close(x, ref, self.rel_tol, self.abs_tol):
            return Feedback(self.id, Outcome.CORRECT)
        for mistake in self.mistakes:
            m = float(mistake.value())
            if mistake.matches(x, max(self.rel_tol * abs(m), self.abs_tol)) and not _close(
                m, ref, self.rel_tol, self.abs_tol
            ):
                return Feedback(self.id, Outcome.WRONG, mistake.message)
        return Feedback(self.id, Outcome.WRONG, _size_words(x, ref) + ".")


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class SimulatedNumberQuestion(Question):
    """A number from a stochastic (SimPy) run, accepted within sampling error.

    The answer is accepted when ``|answer - expected| <= n_se * standard_error``. Both are
    computed when the answer is checked: ``expected`` from the analytic engine (or a
    recomputed reference), ``standard_error`` from the analytic variance or a reference run
    with a fixed seed. The tolerance is fixed in advance (4 standard errors by default: an
    honest run fails about once in 16,000 times).

    Examples
    --------
    >>> q = SimulatedNumberQuestion(id="demo.q3", title="Mean of 100 fair dice",
    ...                             expected=lambda: 3.5,
    ...                             standard_error=lambda: (35 / 12) ** 0.5 / 10,
    ...                             registry=Registry())
    >>> q.evaluate(3.62).outcome, q.evaluate(4.5).outcome
    (<Outcome.CORRECT: 'correct'>, <Outcome.WRONG: 'wrong'>)
    """

    expected: Callable[[], float]
    standard_error: Callable[[], float]
    n_se: float = 4.0
    mistakes: tuple[Mistake, ...] = ()
    unit: str = ""

    def _reference(self) -> float:
        return float(self.expected())

    def tolerance(self) -> float:
        """The largest accepted distance from the expected value."""
        return self.n_se * float(self.standard_error())

    def _solution_value(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return (f"The model expects about **{format_number(self._reference())}**{unit}; a "
                f"simulated answer is accepted within {self.n_se:g} standard errors "
                f"(± {format_number(self.tolerance())}).")

    def _judge(self, answer: Any) -> Feedback:
        x, problem = _number(answer, whole=False)
        if x is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        expected, se = self._reference(), float(self.standard_error())
        if abs(x - expected) <= self.n_se * se:
            z = (x - expected) / se if se > 0 else 0.0
            return Feedback(
                self.id, Outcome.CORRECT,
                f"your simulated value is {abs(z):.1f} standard errors from the analytic "
                f"expectation of {format_number(expected)}, well within sampling noise.",
            )
        for mistake in self.mistakes:
            m = float(mistake.value())
            if mistake.matches(x, self.n_se * se) and abs(m - expected) > self.n_se * se:
                return Feedback(self.id, Outcome.WRONG, mistake.message)
        words = _size_words(x, expected)
        return Feedback(
            self.id, Outcome.WRONG,
            f"{words}: it is further from the model's expectation than sampling noise can "
            f"explain (more than {self.n_se:g} standard errors). Check the scenario, the "
            "number of customers and which column you read.",
        )


def _letters(answer: Any) -> list[str] | None:
    """Option letters from "b", "B", "a, c", "ac" or ["a", "c"]; None if not letters."""
    if isinstance(answer, str):
        parts = [p for p in answer.replace(",", " ").split() if p]
        if len(parts) == 1 and parts[0].isalpha() and len(parts[0]) > 1:
            parts = list(parts[0])  # "ac"
        items: list[Any] = parts
    elif isinstance(answer, list):
        items = answer
    else:
        return None
    if not all(isinstance(p, str) for p in items):
        return None
    return [p.strip().strip("()").lower() for p in items]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ChoiceQuestion(Question):
    """Multiple choice: answer with a letter (``"b"``), or letters if ``select_all``.

    Parameters
    ----------
    options : tuple of (letter, text)
        The choices, e.g. ``(("a", "low switching cost"), ("b", ...))``.
    correct : callable or str or collection of str
        The right letter(s); a callable computes them with crmsim when checked.
    select_all : bool
        "Select all that apply": the answer is a set of letters (``"a, c"`` or
        ``["a", "c"]``) and must match exactly.
    option_feedback : mapping letter -> str
        Said when that option is chosen wrongly (why it does not fit), never naming the
        right option.
    why : str
        Said when the answer is right (Markdown).

    Examples
    --------
    >>> q = ChoiceQuestion(id="demo.q4", title="Which is the deepest level?",
    ...                    options=(("a", "preferred supplier"), ("b", "strategic alliance")),
    ...                    correct="b", registry=Registry(),
    ...                    option_feedback={"a": "there is a level above it."})
    >>> print(q.evaluate("A"))
    Not quite: (a) preferred supplier: there is a level above it.
    >>> print(q.evaluate("c"))
    Invalid answer: expected one of the letters 'a', 'b'; received the text 'c'.
    >>> q.evaluate("b").outcome
    <Outcome.CORRECT: 'correct'>
    """

    options: tuple[tuple[str, str], ...]
    correct: Callable[[], str | Collection[str]] | str | Collection[str]
    select_all: bool = False
    option_feedback: Mapping[str, str] = field(default_factory=dict)
    why: str = ""

    def __post_init__(self) -> None:
        letters = [letter for letter, _ in self.options]
        if len(set(letters)) != len(letters) or not all(
            isinstance(x, str) and len(x) == 1 and x.islower() for x in letters
        ):
            raise ValueError(f"ChoiceQuestion.options must use distinct lower-case letters; "
                             f"received {letters}.")

    def _letter_list(self) -> str:
        return ", ".join(f"'{letter}'" for letter, _ in self.options)

    def _reference(self) -> str | frozenset[str]:
        value = self.correct() if callable(self.correct) else self.correct
        found = frozenset([value] if isinstance(value, str) else value)
        if not self.select_all:
            (letter,) = found
            return letter
        return found

    def _text(self, letter: str) -> str:
        return dict(self.options)[letter]

    def _solution_value(self) -> str:
        ref = self._reference()
        chosen = sorted([ref] if isinstance(ref, str) else ref)
        if not chosen:
            return "None of the options applies."
        listed = "; ".join(f"({c}) {self._text(c)}" for c in chosen)
        return f"The answer is {listed}."

    def _judge(self, answer: Any) -> Feedback:
        letters = _letters(answer)
        allowed = {letter for letter, _ in self.options}
        if letters is None or (not self.select_all and len(letters) != 1):
            what = "letters such as 'a, c'" if self.select_all else "one letter"
            return Feedback(self.id, Outcome.INVALID,
                            f"expected {what} among {self._letter_list()}; received "
                            f"{_received(answer)}.")
        if any(x not in allowed for x in letters):
            return Feedback(self.id, Outcome.INVALID,
                            f"expected {'letters' if self.select_all else 'one of the letters'}"
                            f" {self._letter_list()}; received {_received(answer)}.")
        ref = self._reference()
        if not self.select_all:
            (letter,) = letters
            if letter == ref:
                return Feedback(self.id, Outcome.CORRECT, self.why)
            reason = self.option_feedback.get(letter, "this is not the best explanation; "
                                              "look again at the numbers.")
            return Feedback(self.id, Outcome.WRONG, f"({letter}) {self._text(letter)}: {reason}")
        chosen = set(letters)
        assert isinstance(ref, frozenset)
        if chosen == ref:
            return Feedback(self.id, Outcome.CORRECT, self.why)
        extra, missed = sorted(chosen - ref), ref - chosen
        parts = []
        if extra:
            parts.append(f"you chose {len(extra)} option{'s' if len(extra) > 1 else ''} that "
                         f"do{'es' if len(extra) == 1 else ''} not apply")
        if missed:
            parts.append(f"you missed {len(missed)} that do{'es' if len(missed) == 1 else ''}")
        reasons = [f"({x}) {self.option_feedback[x]}" for x in extra if x in self.option_feedback]
        message = " and ".join(parts) + "."
        if reasons:
            message += " " + " ".join(reasons)
        return Feedback(self.id, Outcome.WRONG, message)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class PredictionQuestion(Question):
    """"Predict, then run": record a guess with ``check``, then ``reveal()`` the result.

    Any valid guess is accepted (outcome *correct*: the prediction is recorded), but only
    guesses made before the first :meth:`reveal` count; ``reveal`` refuses to show the
    result until a guess is recorded, then shows it next to the guess.

    Parameters
    ----------
    result : callable
        Computes the result with crmsim (a number, or an option letter if ``options``).
    options : tuple of (letter, text), optional
        Predict one of these instead of a number.
    lesson : str or callable
        What the result teaches (Markdown), shown by :meth:`reveal`; a callable computes
        it (so it can quote other results).
    unit : str
        Unit shown next to numbers.

    Examples
    --------
    >>> q = PredictionQuestion(id="demo.q5", title="Guess 6 × 7", result=lambda: 42.0,
    ...                        registry=Registry())
    >>> q.reveal()
    Reveal: record your prediction first with q5.check(your_guess); the result is shown only after that.
    >>> q.check(40)
    Correct: prediction recorded. Now run q5.reveal() to see the result.
    >>> q.reveal()
    Reveal: you predicted **40**; the model gives **42** (your guess was 5% too low).
    >>> q.check(42)
    Correct: the result was already revealed, so your earlier prediction (40) stands.
    """  # noqa: E501

    result: Callable[[], float | str]
    options: tuple[tuple[str, str], ...] = ()
    lesson: str | Callable[[], str] = ""
    unit: str = ""

    def _reference(self) -> float | str:
        value = self.result()
        return value if self.options else float(value)

    def _valid(self, answer: Any) -> tuple[Any, str]:
        if self.options:
            letters = _letters(answer)
            allowed = [letter for letter, _ in self.options]
            if letters is None or len(letters) != 1 or letters[0] not in allowed:
                listed = ", ".join(f"'{x}'" for x in allowed)
                return None, (f"expected one of the letters {listed}; received "
                              f"{_received(answer)}.")
            return letters[0], ""
        return _number(answer, whole=False)

    def _shown(self, value: Any) -> str:
        if self.options:
            return f"({value}) {dict(self.options)[value]}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{format_number(float(value))}{unit}"

    def _solution_value(self) -> str:
        return f"The model gives **{self._shown(self._reference())}**."

    def _judge(self, answer: Any) -> Feedback:
        guess, problem = self._valid(answer)
        if guess is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        return Feedback(self.id, Outcome.CORRECT,
                        f"prediction recorded. Now run {self.name}.reveal() to see the result.")

    def check(self, answer: object = ____) -> None:
        """Record the guess ``answer`` (only while the result is not revealed yet)."""
        record = self.registry.record(self.id)
        earlier = record.get("answer")
        if not record["revealed"] or earlier is None:
            Question.check(self, answer)
            return
        _show(Feedback(self.id, Outcome.CORRECT,
                       f"the result was already revealed, so your earlier prediction "
                       f"({self._shown(self._valid(earlier)[0])}) stands."))

    def reveal(self) -> None:
        """Show the computed result next to the recorded guess."""
        record = self.registry.record(self.id)
        guess = self._valid(record["answer"])[0] if "answer" in record else None
        if guess is None:
            _show(Note("Reveal", f"record your prediction first with {self.name}.check("
                       "your_guess); the result is shown only after that."))
            return
        self.registry.update(self.id, revealed=True)
        value = self._reference()
        text = (f"you predicted **{self._shown(guess)}**; the model gives "
                f"**{self._shown(value)}**")
        if self.options:
            text += " (well predicted)." if guess == value else "."
        elif value != 0 and guess != value:
            off = abs(guess / value - 1.0)
            if off >= 1.0:
                text += f" (your guess was {guess / value:.1f} times the result)."
            else:
                direction = "high" if guess > value else "low"
                text += f" (your guess was {off:.0%} too {direction})."
        else:
            text += " (spot on)." if guess == value else "."
        lesson = self.lesson() if callable(self.lesson) else self.lesson
        if lesson:
            text += " " + lesson
        _show(Note("Reveal", text, "🔎"))


def replace_registry(question: Question, registry: Registry) -> Question:
    """A copy of ``question`` that records into ``registry`` (for graders and tests).

    Examples
    --------
    >>> q = NumberQuestion(id="demo.q1", title="t", reference=lambda: 1.0)
    >>> replace_registry(q, Registry()).registry is REGISTRY
    False
    """
    return dataclasses.replace(question, registry=registry)
