"""What a check finds: an :class:`Outcome`, the :class:`Feedback` on an answer, and a :class:`Note`.

Both results render as Markdown in Jupyter and as one line of plain text elsewhere
(:func:`crmsim.classroom.feedback.display.show` chooses).

Examples
--------
>>> print(Feedback("demo.q1", Outcome.CORRECT))
Correct!
>>> print(Note("Hint 1 of 2", "Look at the summary table."))
Hint 1 of 2: Look at the summary table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crmsim.classroom.feedback.wording import Bilingual, local, marks

__all__ = ["Feedback", "Note", "Outcome"]


class Outcome(StrEnum):
    """What ``check`` found.

    *recorded* is a prediction's: a guess is neither right nor wrong, so it is recorded
    (for the reveal) rather than judged.
    """

    NOT_ATTEMPTED = "not attempted"
    CORRECT = "correct"
    WRONG = "wrong"
    INVALID = "invalid answer"
    RECORDED = "recorded"


_PLAIN = {
    Outcome.NOT_ATTEMPTED: Bilingual("Not attempted yet", "尚未作答"),
    Outcome.CORRECT: Bilingual("Correct", "正确"),
    Outcome.WRONG: Bilingual("Not quite", "不太对"),
    Outcome.INVALID: Bilingual("Invalid answer", "答案无效"),
    Outcome.RECORDED: Bilingual("Recorded", "已记录"),
}
# marks as text, not emoji: they render in any font (and in the font crmsim ships), where an
# emoji font is missing emoji show as empty boxes
_MARK = {
    Outcome.NOT_ATTEMPTED: "…",
    Outcome.CORRECT: "✓",
    Outcome.WRONG: "×",
    Outcome.INVALID: "!",
    Outcome.RECORDED: "•",
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
    '× **Not quite:** your answer is too high.'
    """

    question: str
    outcome: Outcome
    message: str = ""

    def __str__(self) -> str:
        label, message = local(_PLAIN[self.outcome]), local(self.message)
        colon, space, bang = marks()
        return f"{label}{colon}{space}{message}" if message else f"{label}{bang}"

    def _repr_markdown_(self) -> str:
        label, message = local(_PLAIN[self.outcome]), local(self.message)
        colon, space, bang = marks()
        text = f"**{label}{colon}**{space}{message}" if message else f"**{label}{bang}**"
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
    >>> Note("Solution", "x = 1\\n\\nbecause.")._repr_markdown_()
    '**Solution:**\\n\\nx = 1\\n\\nbecause.'
    """

    title: str
    text: str

    def __str__(self) -> str:
        title, text = local(self.title), local(self.text)
        colon, space, _ = marks()
        gap = "\n" if "\n" in text else space
        return f"{title}{colon}{gap}{text}"

    def _repr_markdown_(self) -> str:
        title, text = local(self.title), local(self.text)
        colon, space, _ = marks()
        gap = "\n\n" if "\n" in text else space
        return f"**{title}{colon}**{gap}{text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))
