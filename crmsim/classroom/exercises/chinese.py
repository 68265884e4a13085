"""The exercise questions' texts in Chinese, from one catalogue per exercise.

The questions are written in English in their modules. Their Chinese counterparts live in
``crmsim/classroom/exercises/zh/exNN_name.toml``, one table per question::

    [q1]
    english = "3f2a9c1e07aa"   # english_key(q1): the English texts this translates
    hints = ["...", "..."]      # as many as the question has, in order
    explanation = "..."
    mistakes = ["..."]          # the messages of q1.mistakes, in order
    options = ["...", "..."]    # the texts of q1.options, in order
    option_feedback = { a = "..." }
    why = "..."
    lesson = "..."              # a lesson written as text (a computed lesson is bilingual)
    unit = "..."

Each exercise module ends with ``q1, q2, ... = in_chinese(EXERCISE, q1, q2, ...)``: every
text becomes a :class:`~crmsim.classroom.feedback.wording.Bilingual`, so the questions show
their hints, messages and solutions in the current language and record, export and grade
exactly as before. A question whose English texts changed since they were translated
(``english`` differs) keeps English texts until its catalogue entry is updated; the tests
list such questions.

Examples
--------
>>> from crmsim.classroom.exercises.ex01_lifecycle import q1
>>> from crmsim.language.translate import use_language
>>> with use_language("zh"):
...     print(q1.evaluate(10))
不太对：你的答案偏低，相差超过一倍。
>>> q1.hints[0].zh.endswith("每个细分市场一行。")
True
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from importlib.resources import files
from typing import Any

from crmsim.classroom.feedback.questions import Question
from crmsim.classroom.feedback.wording import Bilingual, text_key
from crmsim.common.errors import ScenarioError

__all__ = ["english_key", "english_texts", "in_chinese", "read_translations", "translated"]


def english_texts(question: Question) -> dict[str, Any]:
    """The English texts of ``question`` that a catalogue entry translates, by field.

    Examples
    --------
    >>> from crmsim.classroom.feedback.questions import NumberQuestion
    >>> english_texts(NumberQuestion(id="demo.q1", title="t", reference=lambda: 1.0,
    ...                              hints=("Look.",), unit="customers"))
    {'hints': ['Look.'], 'unit': 'customers'}
    """
    texts: dict[str, Any] = {}
    if question.hints:
        texts["hints"] = [str(h) for h in question.hints]
    if question.explanation:
        texts["explanation"] = str(question.explanation)
    mistakes = getattr(question, "mistakes", ())
    if mistakes:
        texts["mistakes"] = [str(m.message) for m in mistakes]
    options = getattr(question, "options", ())
    if options:
        texts["options"] = [str(text) for _, text in options]
    feedback = getattr(question, "option_feedback", {})
    if feedback:
        texts["option_feedback"] = {k: str(v) for k, v in sorted(feedback.items())}
    for name in ("why", "lesson", "unit"):
        value = getattr(question, name, "")
        if value and isinstance(value, str):
            texts[name] = str(value)
    return texts


def english_key(question: Question) -> str:
    """A hash of :func:`english_texts`: changes whenever an English text changes."""
    return text_key(json.dumps(english_texts(question), ensure_ascii=False, sort_keys=True))


def read_translations(exercise: str) -> dict[str, dict[str, Any]]:
    """The catalogue of ``exercise`` (question name -> Chinese texts); empty if there is none.

    Raises
    ------
    ScenarioError
        If the catalogue is not valid TOML.
    """
    path = files("crmsim.classroom.exercises").joinpath("zh", f"{exercise}.toml")
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"zh/{exercise}.toml: not a valid TOML catalogue ({error}).") from None


def _pair(english: Any, chinese: Any) -> Any:
    return Bilingual(english, chinese) if isinstance(chinese, str) and chinese else english


def translated(question: Question, entry: dict[str, Any]) -> Question:
    """``question`` with every text that ``entry`` translates made bilingual.

    Nothing changes when ``entry`` was made for other English texts (``entry["english"]``
    is not :func:`english_key` of the question).
    """
    if entry.get("english") != english_key(question):
        return question
    changes: dict[str, Any] = {}
    if question.hints and len(entry.get("hints", [])) == len(question.hints):
        changes["hints"] = tuple(map(_pair, question.hints, entry["hints"]))
    if question.explanation:
        changes["explanation"] = _pair(question.explanation, entry.get("explanation"))
    mistakes = getattr(question, "mistakes", ())
    if mistakes and len(entry.get("mistakes", [])) == len(mistakes):
        changes["mistakes"] = tuple(
            dataclasses.replace(m, message=_pair(m.message, zh))
            for m, zh in zip(mistakes, entry["mistakes"], strict=True)
        )
    options = getattr(question, "options", ())
    if options and len(entry.get("options", [])) == len(options):
        changes["options"] = tuple(
            (letter, _pair(text, zh))
            for (letter, text), zh in zip(options, entry["options"], strict=True)
        )
    feedback = getattr(question, "option_feedback", {})
    if feedback:
        zh = entry.get("option_feedback", {})
        changes["option_feedback"] = {k: _pair(v, zh.get(k)) for k, v in feedback.items()}
    for name in ("why", "lesson", "unit"):
        value = getattr(question, name, "")
        if value and isinstance(value, str):
            changes[name] = _pair(value, entry.get(name))
    return dataclasses.replace(question, **changes)


def in_chinese(exercise: str, *questions: Question) -> tuple[Question, ...]:
    """``questions`` with the Chinese texts of ``exercise``'s catalogue added."""
    catalogue = read_translations(exercise)
    return tuple(translated(q, catalogue.get(q.name, {})) for q in questions)
