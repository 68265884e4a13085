"""What a student answers: the ``____`` placeholder, answers as JSON data, and reading them.

An answer is recorded, and judged, in its JSON form (:func:`to_jsonable`), so the judgement
in the notebook and a grader's judgement of the recorded answer agree. A question reads
that form back as a number (:func:`read_number`) or as option letters
(:func:`read_letters`); what it received instead is named by :func:`describe_answer` and
said by :func:`received_phrase`.

Text is read as a Chinese keyboard types it too: before a text answer is parsed it is
normalised to Unicode NFKC, so full-width letters, digits, brackets, commas and spaces
(``"ｂ"``, ``"（b）"``, ``"a，c"``, ``"a　c"``) read like their plain counterparts, and the
ideographic comma ``、`` separates letters like a comma. The answer is recorded as typed.

Examples
--------
>>> read_number(to_jsonable("4"), whole=False)
(None, "expected a number; received the text '4' (remove the quotes).")
>>> read_letters("a, C"), read_letters("ａ、ｃ")
(['a', 'c'], ['a', 'c'])
"""

from __future__ import annotations

import contextlib
import math
import sys
import unicodedata
from numbers import Integral, Real
from typing import Any

from crmsim.classroom.feedback.wording import Bilingual, bi_format, chinese
from crmsim.common.numbers import format_number

__all__ = [
    "____",
    "describe_answer",
    "read_letters",
    "read_number",
    "received_phrase",
    "to_jsonable",
]


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

_UNSERIALISABLE = "__crmsim_unserialisable__"
"""Key of the description :func:`to_jsonable` gives a value that is not JSON data."""


def to_jsonable(value: object, _depth: int = 0) -> Any:
    """``value`` as plain JSON data, keeping what a checker needs to judge it.

    Numbers become ``int``/``float`` (numpy scalars and 0-d arrays included), text stays
    text, sequences become lists and mappings dicts with text keys. Anything else (a pandas
    Series, a figure ...) becomes a small description that a checker can name in its
    message (:func:`describe_answer`).

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
    described: dict[str, Any] = {_UNSERIALISABLE: _type_name(type(value))}
    with contextlib.suppress(Exception):
        described["length"] = len(value)  # type: ignore[arg-type]
    numbers = getattr(value, "values", None)
    if (isinstance(numbers, tuple) and numbers
            and all(isinstance(v, Real) and not isinstance(v, bool) for v in numbers)):
        described["pick"] = ".values[0]"  # e.g. a BreakEven: its numbers are in .values
    return described


def _type_name(kind: type) -> str:
    """``kind``'s name as a student would import it: ``pandas.Series`` where the package
    itself offers the class, else the bare class name (``BreakEven``, ``Generator``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> _type_name(pd.Series), _type_name(np.random.Generator), _type_name(dict)
    ('pandas.Series', 'Generator', 'dict')
    """
    package = kind.__module__.partition(".")[0]
    offered = getattr(sys.modules.get(package), kind.__name__, None) is kind
    return f"{package}.{kind.__name__}" if offered and package != "builtins" else kind.__name__


def describe_answer(value: Any) -> str:
    """How a received answer (in its JSON form) is named in a message.

    Examples
    --------
    >>> describe_answer(None)
    'None (did a function forget to return its result?)'
    >>> import pandas as pd
    >>> describe_answer(to_jsonable(pd.Series([1.0, 2.0])))
    'a pandas.Series with 2 values (pick one value, e.g. with .iloc[0], .item() or float(...))'
    """
    if value is None:
        return Bilingual("None (did a function forget to return its result?)",
                         "None（是不是某个函数忘了返回结果？）")
    if isinstance(value, bool):
        return bi_format("{v} (a True/False value)", "{v}（一个 True/False 值）", v=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return bi_format("the text {s!r}", "文本 {s!r}", s=shown)
    if isinstance(value, list):  # a list or a tuple (both are lists in JSON)
        items = "item" if len(value) == 1 else "items"
        return bi_format(f"a list or tuple of {{n}} {items}", "一个含 {n} 项的列表或元组",
                         n=len(value))
    if isinstance(value, dict) and _UNSERIALISABLE in value:
        name = value[_UNSERIALISABLE]
        length = value.get("length")
        what = bi_format("a {name}", "一个 {name}", name=name)
        if length is not None:
            what = bi_format(f"{{w}} with {{n}} value{'s' if length != 1 else ''}",
                             "{w}（含 {n} 个值）", w=what, n=length)
        if value.get("pick"):
            what = bi_format("{w} (pick the number, e.g. with {pick})",
                             "{w}（请取出其中的数值，例如用 {pick}）", w=what, pick=value["pick"])
        elif name.startswith(("pandas.", "numpy.")):
            what = bi_format("{w} (pick one value, e.g. with .iloc[0], .item() or float(...))",
                             "{w}（请取出一个值，例如用 .iloc[0]、.item() 或 float(...)）",
                             w=what)
        return what
    if isinstance(value, dict):
        return bi_format(f"a dict with {{n}} key{'s' if len(value) != 1 else ''}",
                         "一个含 {n} 个键的字典", n=len(value))
    return repr(value)


def read_number(answer: Any, *, whole: bool, low: float | None = None,
                high: float | None = None) -> tuple[float | None, str]:
    """``(answer as a float, "")``, or ``(None, why it is not a usable number)``.

    ``low`` and ``high`` (either may be None) are the smallest and largest answers the
    question can have; a number outside them is not a usable answer (e.g. 7 for a share).

    Examples
    --------
    >>> read_number(3, whole=True), read_number(3.5, whole=True)
    ((3.0, ''), (None, 'expected a whole number; received 3.5.'))
    >>> read_number(7, whole=False, low=0, high=1)[1]
    'expected a number between 0 and 1; received 7, which is out of that range.'
    """
    expected = (Bilingual("a whole number", "一个整数") if whole
                else Bilingual("a number", "一个数"))
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        if isinstance(answer, str):
            plain = _typed(answer).strip()
            try:
                float(plain.replace(",", ""))
            except ValueError:
                return None, _expected(expected, describe_answer(answer))
            if plain != answer.strip():  # full-width digits: without quotes, a syntax error
                return None, bi_format(
                    "expected {e}; received the text {a!r} (remove the quotes and type it "
                    "with half-width digits: {p}).",
                    "应当是{e}；收到的是文本 {a!r}（去掉引号，并用半角数字写成 {p}）。",
                    e=expected, a=answer, p=plain)
            return None, bi_format("expected {e}; received the text {a!r} (remove the quotes).",
                                   "应当是{e}；收到的是文本 {a!r}（去掉引号）。", e=expected,
                                   a=answer)
        received = describe_answer(answer)
        if isinstance(answer, list) and answer:
            received = bi_format("{r} (pick one value, e.g. with [0])",
                                 "{r}（请取出一个值，例如用 [0]）", r=received)
        return None, _expected(expected, received)
    x = float(answer)
    if not math.isfinite(x):
        return None, _expected(Bilingual("a finite number", "一个有限的数"), x)
    if whole and x != int(x):
        return None, _expected(expected, f"{x:g}")
    if (low is not None and x < low) or (high is not None and x > high):
        return None, bi_format("expected {e}; received {x}, which is out of that range.",
                               "应当是{e}；收到的是 {x}，超出了这个范围。",
                               e=_in_range(whole, low, high), x=format_number(x))
    return x, ""


def _in_range(whole: bool, low: float | None, high: float | None) -> Bilingual:
    """"a number between 0 and 1", "a whole number of at least 1", ... in both languages."""
    en, zh = ("a whole number", "整数") if whole else ("a number", "数")
    lo = None if low is None else format_number(low)
    hi = None if high is None else format_number(high)
    if lo is not None and hi is not None:
        return Bilingual(f"{en} between {lo} and {hi}", f"一个介于 {lo} 和 {hi} 之间的{zh}")
    if lo is not None:
        return Bilingual(f"{en} of at least {lo}", f"一个不小于 {lo} 的{zh}")
    return Bilingual(f"{en} of at most {hi}", f"一个不大于 {hi} 的{zh}")


def _expected(what: object, received: object) -> Bilingual:
    return bi_format("expected {w}; {r}.", "应当是{w}；{r}。", w=what,
                     r=received_phrase(received))


def received_phrase(what: object) -> Bilingual:
    """"received ..." in both languages, ``what`` being a description or a number.

    In Chinese, a space separates 收到的是 from what follows only where that starts with a
    Latin letter or a digit, as Chinese is typeset.

    Examples
    --------
    >>> received_phrase(describe_answer("d")).zh, received_phrase(3.5).zh
    ("收到的是文本 'd'", '收到的是 3.5')
    >>> received_phrase(describe_answer("d"))
    "received the text 'd'"
    """
    zh = str(chinese(what))
    gap = " " if zh[:1].isascii() else ""
    return bi_format("received {w}", "收到的是{g}{w}", w=what, g=gap)


def _typed(text: str) -> str:
    """``text`` as a plain keyboard would type it: Unicode NFKC, so full-width letters,
    digits, brackets, commas and spaces become their ASCII counterparts.

    Examples
    --------
    >>> _typed("（ｂ）"), _typed("２８４"), _typed("a，b　c")
    ('(b)', '284', 'a,b c')
    """
    return unicodedata.normalize("NFKC", text)


_SEPARATORS = str.maketrans({",": " ", "、": " "})
"""Between option letters: a comma (full-width ones are commas after NFKC) or 、."""


def read_letters(answer: Any) -> list[str] | None:
    """Option letters from ``"b"``, ``"B"``, ``"a, c"``, ``"ac"`` or ``["a", "c"]``; None if
    the answer is not letters.

    Full-width letters, brackets, commas and spaces read as their plain counterparts, and
    the ideographic comma ``、`` separates letters (what a Chinese keyboard types).

    Examples
    --------
    >>> read_letters("(B)"), read_letters("ac"), read_letters(["c", "a"]), read_letters(2)
    (['b'], ['a', 'c'], ['c', 'a'], None)
    >>> read_letters("（ｂ）"), read_letters("a，b，c"), read_letters("a、c"), read_letters(["ｃ"])
    (['b'], ['a', 'b', 'c'], ['a', 'c'], ['c'])
    """
    if isinstance(answer, str):
        parts = _typed(answer).translate(_SEPARATORS).split()
        if len(parts) == 1 and parts[0].isalpha() and len(parts[0]) > 1:
            parts = list(parts[0])  # "ac"
        items: list[Any] = parts
    elif isinstance(answer, list):
        items = answer
    else:
        return None
    if not all(isinstance(p, str) for p in items):
        return None
    return [_typed(p).strip().strip("()").lower() for p in items]
