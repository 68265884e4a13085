"""The question kinds: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

Every question of an exercise notebook is an object with three calls: ``check(answer)``
judges the answer passed to it (never a notebook global), records it in a
:class:`~crmsim.classroom.feedback.registry.Registry` and shows one of the
:class:`~crmsim.classroom.feedback.outcomes.Outcome` values; ``hint()`` shows the next hint;
``solution()`` shows code and an explanation. The kinds:

* :class:`NumberQuestion` -- a number compared with a reference computed by crmsim at check
  time, within a relative/absolute tolerance; typical mistakes (:class:`Mistake`) get their
  own message ("this is the value without discounting");
* :class:`SimulatedNumberQuestion` -- a number that comes from a stochastic SimPy run,
  accepted within ``n_se`` standard errors of the expected value; the tolerance is fixed in
  advance;
* :class:`ChoiceQuestion` -- multiple choice (one letter, or "select all that apply"); the
  correct letters may be computed by crmsim;
* :class:`PredictionQuestion` -- "predict, then run": any valid guess is *recorded* (a
  guess is neither right nor wrong), but only with ``check(guess)`` *before* ``reveal()``
  shows the computed result next to it.

A wrong answer's message says what is wrong without giving the answer away: it never
contains the reference's digits.

Examples
--------
>>> from crmsim.classroom.feedback.registry import Registry
>>> q = NumberQuestion(id="demo.q1", title="Two plus two", reference=lambda: 4.0,
...                    registry=Registry())
>>> print(q.evaluate(5))
Not quite: your answer is too high (by less than a factor of two).
>>> q.reference_answer()
4.0
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from crmsim.classroom.feedback.answers import (
    ____,
    describe_answer,
    read_letters,
    read_number,
    received_phrase,
    to_jsonable,
)
from crmsim.classroom.feedback.display import show
from crmsim.classroom.feedback.outcomes import Feedback, Note, Outcome
from crmsim.classroom.feedback.registry import REGISTRY, Registry
from crmsim.classroom.feedback.wording import Bilingual, bi_format, bi_join, chinese
from crmsim.common.numbers import format_number

__all__ = [
    "ChoiceQuestion",
    "Mistake",
    "NumberQuestion",
    "PredictionQuestion",
    "Question",
    "SimulatedNumberQuestion",
    "how_close",
    "replace_registry",
]


def _default_registry() -> Registry:
    return REGISTRY


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

    Attributes
    ----------
    scored : bool
        Whether an answer is right or wrong and so counts in a score (a class attribute:
        false for :class:`PredictionQuestion`, whose guesses are only recorded).
    """

    scored: ClassVar[bool] = True

    id: str
    title: str
    hints: tuple[str, ...] = ()
    solution_code: str = ""
    explanation: str = ""
    registry: Registry = field(default_factory=_default_registry, compare=False)

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

    def reference_answer(self) -> Any:
        """The right answer, computed by crmsim now (for solutions, trainers and tests).

        A number for number and prediction questions, an option letter (or, for "select
        all that apply", a frozenset of letters) for choices.
        """
        raise NotImplementedError

    def _solution_value(self) -> str:
        """The reference in words, shown with the solution."""
        return ""

    # -- the student's calls ------------------------------------------------------------
    def evaluate(self, answer: object) -> Feedback:
        """Judge ``answer`` without recording or showing anything.

        ``____`` (the placeholder) is "not attempted"; anything else is first turned into
        JSON data (:func:`~crmsim.classroom.feedback.answers.to_jsonable`), exactly as it
        is recorded, so the judgement in the notebook and a grader's judgement of the
        recorded answer agree.
        """
        if answer is ____:
            return self._not_attempted()
        return self._judge(to_jsonable(answer))

    def grade(self, record: Mapping[str, Any]) -> Feedback:
        """Judge a registry record, as a grader reads it back from a notebook.

        A record without an ``answer`` (or not a mapping at all) is "not attempted".
        """
        if not isinstance(record, Mapping) or "answer" not in record:
            return self._not_attempted()
        return self._judge(record["answer"])

    def _not_attempted(self) -> Feedback:
        return Feedback(self.id, Outcome.NOT_ATTEMPTED,
                        Bilingual("replace ____ with your answer, then run the cell again.",
                                  "把 ____ 换成你的答案，然后再次运行这个单元格。"))

    def check(self, answer: object = ____) -> None:
        """Check ``answer``, record it, and show the verdict."""
        feedback = self.evaluate(answer)
        if answer is not ____:
            record = self.registry.record(self.id)
            self.registry.update(self.id, answer=to_jsonable(answer),
                                 attempts=record["attempts"] + 1)
        show(feedback)

    def hint(self) -> None:
        """Show the next hint (the last one again once all have been shown)."""
        if not self.hints:
            show(Note(Bilingual("Hint", "提示"), bi_format(
                "there is no hint for this question; try {name}.solution().",
                "这道题没有提示；试试 {name}.solution()。", name=self.name)))
            return
        used = self.registry.record(self.id)["hints"]
        k = min(used, len(self.hints) - 1)
        self.registry.update(self.id, hints=min(used + 1, len(self.hints)))
        text = self.hints[k]
        if used >= len(self.hints):
            text = bi_format("{text} (That was the last hint; {name}.solution() shows the "
                             "answer.)", "{text}（这是最后一条提示；"
                             "{name}.solution() 会显示答案。）",
                             text=text, name=self.name)
        show(Note(bi_format("Hint {k} of {n}", "提示 {k}/{n}", k=k + 1, n=len(self.hints)),
                  text))

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
        text = bi_join("\n\n", "\n\n", parts) if parts else Bilingual("(no solution text)",
                                                                     "（没有解答文字）")
        show(Note(Bilingual("Solution", "解答"), text))


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


def _size_words(x: float, ref: float) -> str:
    """How far ``x`` is from ``ref``, in words (no digits) that do not reveal ``ref``."""
    if ref != 0 and x != 0 and (x > 0) != (ref > 0):
        return Bilingual("your answer has the wrong sign", "你的答案符号不对")
    direction = Bilingual("too high", "偏高") if x > ref else Bilingual("too low", "偏低")
    if ref == 0:
        return bi_format("your answer is {d}", "你的答案{d}", d=direction)
    ratio = x / ref
    if ratio >= 2 or ratio <= 0.5:
        return bi_format("your answer is {d} by more than a factor of two",
                         "你的答案{d}，相差超过一倍", d=direction)
    if abs(ratio - 1) <= 0.1:
        return bi_format("your answer is close but {d} (within ten per cent); check rounding "
                         "and every parameter", "你的答案接近了，但{d}（相差在百分之十以内）；"
                         "检查一下舍入和每个参数", d=direction)
    return bi_format("your answer is {d} (by less than a factor of two)",
                     "你的答案{d}（相差不到一倍）", d=direction)


def _unit(unit: str) -> Bilingual:
    """A unit after a number, with a space before it (none before a full-width bracket).

    Examples
    --------
    >>> _unit(Bilingual("customers", "位客户")).zh, _unit(Bilingual("(money)", "（货币单位）")).zh
    (' 位客户', '（货币单位）')
    """
    if not unit:
        return Bilingual("", "")
    zh = str(chinese(unit))
    gap = "" if zh[:1] and unicodedata.east_asian_width(zh[0]) == "F" else " "
    return bi_format(" {u}", "{g}{u}", u=unit, g=gap)


def _check_range(question: Question, low: float | None, high: float | None) -> None:
    """Refuse a question whose declared answer range is empty."""
    if low is not None and high is not None and not low <= high:
        raise ValueError(f"{type(question).__name__}.low must not exceed .high; received "
                         f"low={low!r}, high={high!r} for {question.id}.")


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
    low, high : float, optional
        The smallest and largest answers the question can have (e.g. 0 and 1 for a share);
        an answer outside them is invalid and told so ("expected a number between 0 and 1").

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
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        _check_range(self, self.low, self.high)

    def reference_answer(self) -> float:
        return float(self.reference())

    def _solution_value(self) -> str:
        return bi_format("The answer is about **{x}**{unit}.", "答案约为 **{x}**{unit}。",
                         x=format_number(self.reference_answer()), unit=_unit(self.unit))

    def _judge(self, answer: Any) -> Feedback:
        x, problem = read_number(answer, whole=self.whole, low=self.low, high=self.high)
        if x is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        ref = self.reference_answer()
        if _close(x, ref, self.rel_tol, self.abs_tol):
            return Feedback(self.id, Outcome.CORRECT)
        for mistake in self.mistakes:
            m = float(mistake.value())
            if mistake.matches(x, max(self.rel_tol * abs(m), self.abs_tol)) and not _close(
                m, ref, self.rel_tol, self.abs_tol
            ):
                return Feedback(self.id, Outcome.WRONG, mistake.message)
        return Feedback(self.id, Outcome.WRONG, bi_format("{w}.", "{w}。", w=_size_words(x, ref)))


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class SimulatedNumberQuestion(Question):
    """A number from a stochastic (SimPy) run, accepted within sampling error.

    The answer is accepted when ``|answer - expected| <= n_se * standard_error``. Both are
    computed when the answer is checked: ``expected`` from the analytic engine (or a
    recomputed reference), ``standard_error`` from the analytic variance or a reference run
    with a fixed seed. The tolerance is fixed in advance (4 standard errors by default: an
    honest run fails about once in 16,000 times). ``low`` and ``high`` bound the possible
    answers as for :class:`NumberQuestion`.

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
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        _check_range(self, self.low, self.high)

    def reference_answer(self) -> float:
        return float(self.expected())

    def tolerance(self) -> float:
        """The largest accepted distance from the expected value."""
        return self.n_se * float(self.standard_error())

    def _solution_value(self) -> str:
        return bi_format(
            "The model expects about **{x}**{unit}; a simulated answer is accepted within "
            "{n:g} standard errors (± {tol}).",
            "模型的期望值约为 **{x}**{unit}；模拟得到的答案在 {n:g} 个标准误（± {tol}）"
            "之内都会被接受。",
            x=format_number(self.reference_answer()), unit=_unit(self.unit), n=self.n_se,
            tol=format_number(self.tolerance()))

    def _judge(self, answer: Any) -> Feedback:
        x, problem = read_number(answer, whole=False, low=self.low, high=self.high)
        if x is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        expected, se = self.reference_answer(), float(self.standard_error())
        if abs(x - expected) <= self.n_se * se:
            z = (x - expected) / se if se > 0 else 0.0
            return Feedback(
                self.id, Outcome.CORRECT,
                bi_format("your simulated value is {z:.1f} standard errors from the analytic "
                          "expectation of {e}, well within sampling noise.",
                          "你模拟得到的值与分析引擎的期望值 {e} 相差 {z:.1f} 个标准误，"
                          "完全在抽样噪声之内。",
                          z=abs(z), e=format_number(expected)),
            )
        for mistake in self.mistakes:
            m = float(mistake.value())
            if mistake.matches(x, self.n_se * se) and abs(m - expected) > self.n_se * se:
                return Feedback(self.id, Outcome.WRONG, mistake.message)
        words = _size_words(x, expected)
        return Feedback(
            self.id, Outcome.WRONG,
            bi_format("{w}: it is further from the model's expectation than sampling noise can "
                      "explain (more than {n:g} standard errors). Check the scenario, the "
                      "number of customers and which column you read.",
                      "{w}：它与模型期望值的差距超出了抽样噪声所能解释的范围"
                      "（超过 {n:g} 个标准误）。"
                      "检查一下情景、客户人数以及你读取的是哪一列。", w=words, n=self.n_se),
        )


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

    def reference_answer(self) -> str | frozenset[str]:
        value = self.correct() if callable(self.correct) else self.correct
        found = frozenset([value] if isinstance(value, str) else value)
        if not self.select_all:
            (letter,) = found
            return letter
        return found

    def _text(self, letter: str) -> str:
        return dict(self.options)[letter]

    def _solution_value(self) -> str:
        ref = self.reference_answer()
        chosen = sorted([ref] if isinstance(ref, str) else ref)
        if not chosen:
            return Bilingual("None of the options applies.", "没有一个选项符合。")
        listed = bi_join("; ", "；", [bi_format("({c}) {t}", "（{c}）{t}", c=c, t=self._text(c))
                                     for c in chosen])
        return bi_format("The answer is {listed}.", "答案是{listed}。", listed=listed)

    def _judge(self, answer: Any) -> Feedback:
        letters = read_letters(answer)
        allowed = {letter for letter, _ in self.options}
        if letters is None or (not self.select_all and len(letters) != 1):
            what = (Bilingual("letters such as 'a, c'", "像 'a, c' 这样的若干字母")
                    if self.select_all else Bilingual("one letter", "一个字母"))
            return Feedback(self.id, Outcome.INVALID, bi_format(
                "expected {what} among {letters}; {got}.",
                "应当是 {letters} 中的{what}；{got}。", what=what,
                letters=self._letter_list(), got=received_phrase(describe_answer(answer))))
        if any(x not in allowed for x in letters):
            what = (Bilingual("letters", "字母") if self.select_all
                    else Bilingual("one of the letters", "一个字母"))
            return Feedback(self.id, Outcome.INVALID, bi_format(
                "expected {what} {letters}; {got}.",
                "应当是 {letters} 中的{what}；{got}。", what=what,
                letters=self._letter_list(), got=received_phrase(describe_answer(answer))))
        ref = self.reference_answer()
        if not self.select_all:
            (letter,) = letters
            if letter == ref:
                return Feedback(self.id, Outcome.CORRECT, self.why)
            reason = self.option_feedback.get(letter, Bilingual(
                "this is not the best explanation; look again at the numbers.",
                "这不是最好的解释；再看看那些数字。"))
            return Feedback(self.id, Outcome.WRONG, bi_format(
                "({letter}) {text}: {reason}", "（{letter}）{text}：{reason}", letter=letter,
                text=self._text(letter), reason=reason))
        chosen = set(letters)
        assert isinstance(ref, frozenset)
        if chosen == ref:
            return Feedback(self.id, Outcome.CORRECT, self.why)
        extra, missed = sorted(chosen - ref), ref - chosen
        parts = []
        if extra:
            parts.append(bi_format(
                f"you chose {{n}} option{'s' if len(extra) > 1 else ''} that "
                f"do{'es' if len(extra) == 1 else ''} not apply", "你选了 {n} 个不符合的选项",
                n=len(extra)))
        if missed:
            parts.append(bi_format(f"you missed {{n}} that do{'es' if len(missed) == 1 else ''}",
                                   "漏选了 {n} 个符合的选项", n=len(missed)))
        reasons = [bi_format("({x}) {why}", "（{x}）{why}", x=x, why=self.option_feedback[x])
                   for x in extra if x in self.option_feedback]
        message = bi_format("{parts}.", "{parts}。", parts=bi_join(" and ", "，", parts))
        if reasons:
            message = bi_format("{m} {r}", "{m}{r}", m=message, r=bi_join(" ", "", reasons))
        return Feedback(self.id, Outcome.WRONG, message)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class PredictionQuestion(Question):
    """"Predict, then run": record a guess with ``check``, then ``reveal()`` the result.

    Any valid guess is recorded (outcome *recorded*: a guess is neither right nor wrong, and
    grading counts it apart from right answers), but only guesses made before the first
    :meth:`reveal` count; ``reveal`` refuses to show the result until a guess is recorded,
    then shows it next to the guess and says how close it was (:func:`how_close`).

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
    low, high : float, optional
        The smallest and largest numbers a guess can be (as for :class:`NumberQuestion`).

    Examples
    --------
    >>> q = PredictionQuestion(id="demo.q5", title="Guess 6 × 7", result=lambda: 42.0,
    ...                        registry=Registry())
    >>> q.reveal()
    Reveal: record your prediction first with q5.check(your_guess); the result is shown only after that.
    >>> q.check(40)
    Recorded: your prediction is 40. Now run q5.reveal() to see the result.
    >>> q.reveal()
    Reveal: you predicted **40**; the model gives **42** (your guess was 5% too low).
    >>> q.check(42)
    Recorded: the result was already revealed, so your earlier prediction (40) stands.
    """  # noqa: E501

    scored: ClassVar[bool] = False  # a guess is recorded, neither right nor wrong

    result: Callable[[], float | str]
    options: tuple[tuple[str, str], ...] = ()
    lesson: str | Callable[[], str] = ""
    unit: str = ""
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        _check_range(self, self.low, self.high)

    def reference_answer(self) -> float | str:
        value = self.result()
        return value if self.options else float(value)

    def _valid(self, answer: Any) -> tuple[Any, str]:
        if self.options:
            letters = read_letters(answer)
            allowed = [letter for letter, _ in self.options]
            if letters is None or len(letters) != 1 or letters[0] not in allowed:
                listed = ", ".join(f"'{x}'" for x in allowed)
                return None, bi_format("expected one of the letters {listed}; {got}.",
                                       "应当是 {listed} 中的一个字母；{got}。", listed=listed,
                                       got=received_phrase(describe_answer(answer)))
            return letters[0], ""
        return read_number(answer, whole=False, low=self.low, high=self.high)

    def _shown(self, value: Any) -> str:
        if self.options:
            return bi_format("({v}) {t}", "（{v}）{t}", v=value, t=dict(self.options)[value])
        return bi_format("{x}{unit}", "{x}{unit}", x=format_number(float(value)),
                         unit=_unit(self.unit))

    def _solution_value(self) -> str:
        return bi_format("The model gives **{x}**.", "模型给出的结果是 **{x}**。",
                         x=self._shown(self.reference_answer()))

    def _judge(self, answer: Any) -> Feedback:
        guess, problem = self._valid(answer)
        if guess is None:
            return Feedback(self.id, Outcome.INVALID, problem)
        return Feedback(self.id, Outcome.RECORDED, bi_format(
            "your prediction is {g}. Now run {name}.reveal() to see the result.",
            "记录了你的预测（{g}）。现在运行 {name}.reveal() 查看结果。",
            g=self._shown(guess), name=self.name))

    def check(self, answer: object = ____) -> None:
        """Record the guess ``answer`` (only while the result is not revealed yet)."""
        record = self.registry.record(self.id)
        earlier = record.get("answer")
        if not record["revealed"] or earlier is None:
            Question.check(self, answer)
            return
        show(Feedback(self.id, Outcome.RECORDED, bi_format(
            "the result was already revealed, so your earlier prediction ({p}) stands.",
            "结果已经揭晓，所以仍以你之前的预测（{p}）为准。",
            p=self._shown(self._valid(earlier)[0]))))

    def reveal(self) -> None:
        """Show the computed result next to the recorded guess."""
        record = self.registry.record(self.id)
        guess = self._valid(record["answer"])[0] if "answer" in record else None
        if guess is None:
            show(Note(Bilingual("Reveal", "揭晓"), bi_format(
                "record your prediction first with {name}.check(your_guess); the result is "
                "shown only after that.", "请先用 {name}.check(your_guess) 记录你的预测；"
                "之后才会显示结果。", name=self.name)))
            return
        self.registry.update(self.id, revealed=True)
        value = self.reference_answer()
        text = bi_format("you predicted **{g}**; the model gives **{v}**",
                         "你的预测是 **{g}**；模型给出的结果是 **{v}**",
                         g=self._shown(guess), v=self._shown(value))
        if self.options:
            end = _WELL_PREDICTED if guess == value else Bilingual(".", "。")
        else:
            end = how_close(float(guess), float(value))
        text = bi_format("{t}{e}", "{t}{e}", t=text, e=end)
        lesson = self.lesson() if callable(self.lesson) else self.lesson
        if lesson:
            text = bi_format("{t} {lesson}", "{t}{lesson}", t=text, lesson=lesson)
        show(Note(Bilingual("Reveal", "揭晓"), text))


_WELL_PREDICTED = Bilingual(" (well predicted).", "（预测准确）。")


def how_close(guess: float, result: float) -> Bilingual:
    """How a numeric guess compares with the result, as the end of a reveal's sentence.

    A guess that reads the same as the result where both are rounded for showing
    (:func:`~crmsim.common.numbers.format_number`) is well predicted. Otherwise the
    difference is a percentage, "less than 1%" when it rounds to none; a guess of twice
    the result or more is a multiple of it, one of half the result or less a percentage of
    it. Where a ratio means nothing (a guess or result of zero, or a guess on the other side
    of zero) only the direction is said.

    Examples
    --------
    >>> print(how_close(270_528, 270_528.3), how_close(40, 42), how_close(300, 117))
     (well predicted).  (your guess was 5% too low).  (your guess was 2.6 times the result).
    >>> print(how_close(10, 117), how_close(270_000, 270_528.3))
     (your guess was 8.5% of the result).  (your guess was less than 1% too low).
    >>> print(how_close(0, 117), how_close(-50, 117), how_close(0.3, 0))
     (your guess was too low).  (your guess has the opposite sign to the result).  (your guess was too high).
    >>> how_close(0, 117).zh, how_close(300, 117).zh
    ('（你的猜测偏低了）。', '（你的猜测是结果的 2.6 倍）。')
    """  # noqa: E501
    if format_number(guess) == format_number(result):
        return _WELL_PREDICTED
    direction = Bilingual("high", "偏高") if guess > result else Bilingual("low", "偏低")
    if guess == 0 or result == 0:
        return bi_format(" (your guess was too {d}).", "（你的猜测{d}了）。", d=direction)
    ratio = guess / result
    if ratio < 0:
        return Bilingual(" (your guess has the opposite sign to the result).",
                         "（你的猜测与结果的符号相反）。")
    if ratio >= 2:
        return bi_format(" (your guess was {r} times the result).", "（你的猜测是结果的 {r} 倍）。",
                         r=format_number(ratio, digits=2, significant=True))
    if ratio <= 0.5:
        return bi_format(" (your guess was {p}% of the result).",
                         "（你的猜测只有结果的 {p}%）。", p=format_number(100 * ratio, digits=2))
    off = abs(ratio - 1)
    if round(100 * off) == 0:
        return bi_format(" (your guess was less than 1% too {d}).",
                         "（你的猜测{d}了不到 1%）。", d=direction)
    return bi_format(" (your guess was {off:.0%} too {d}).", "（你的猜测{d}了 {off:.0%}）。",
                     off=off, d=direction)


def replace_registry(question: Question, registry: Registry) -> Question:
    """A copy of ``question`` that records into ``registry`` (for graders and tests).

    Examples
    --------
    >>> q = NumberQuestion(id="demo.q1", title="t", reference=lambda: 1.0)
    >>> replace_registry(q, Registry()).registry is REGISTRY
    False
    """
    return dataclasses.replace(question, registry=registry)
