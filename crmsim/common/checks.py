"""Field checks shared by every parameter dataclass.

Each check raises :class:`ScenarioError` with one sentence naming the field, what was
expected and what was received, e.g.::

    Segment.gross_margin must be a number in [0, 1]; received 1.5.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Iterable
from numbers import Integral, Real

from crmsim.common.errors import ScenarioError
from crmsim.common.text import check_name

__all__ = [
    "check_choice",
    "check_int",
    "check_number",
    "check_probability",
    "did_you_mean",
    "named_fields",
]


def _shown(value: object) -> str:
    """The received value as it appears in a message, always on one line."""
    if isinstance(value, str):
        return "'" + value.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_number(
    field: str,
    value: object,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is a finite number in range.

    Examples
    --------
    >>> check_number("Segment.annual_wallet", 12.5, low=0)
    12.5
    >>> check_number("Segment.annual_wallet", -1, low=0)
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Segment.annual_wallet must be a number in [0, inf); \
received -1.
    """
    left = "(" if (low_open or math.isinf(low)) else "["
    right = ")" if (high_open or math.isinf(high)) else "]"
    lo = "-inf" if math.isinf(low) else f"{low:g}"
    hi = "inf" if math.isinf(high) else f"{high:g}"
    expected = f"a number in {left}{lo}, {hi}{right}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ScenarioError(
            f"{field} must be {expected}; received {_shown(value)} "
            f"of type {type(value).__name__}."
        )
    try:
        number = float(value)
    except OverflowError:
        raise ScenarioError(f"{field} must be {expected}; received {_shown(value)}.") from None
    if math.isnan(number):
        raise ScenarioError(f"{field} must be {expected}; received NaN.")
    too_low = number < low or (low_open and number == low)
    too_high = number > high or (high_open and number == high)
    if too_low or too_high or math.isinf(number):
        raise ScenarioError(f"{field} must be {expected}; received {_shown(value)}.")
    return number


def check_probability(field: str, value: object) -> float:
    """Return ``value`` as a float after checking it lies in [0, 1]."""
    return check_number(field, value, low=0.0, high=1.0)


def check_int(field: str, value: object, *, low: int = 0, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is a whole number in range."""
    upper = "inf)" if high is None else f"{high}]"
    expected = f"a whole number in [{low}, {upper}"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ScenarioError(
            f"{field} must be {expected}; received {_shown(value)} "
            f"of type {type(value).__name__}."
        )
    if value < low or (high is not None and value > high):
        raise ScenarioError(f"{field} must be {expected}; received {_shown(value)}.")
    return int(value)


def did_you_mean(typed: object, accepted: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the accepted name closest to ``typed``, else ``""``.

    Examples
    --------
    >>> did_you_mean("partner", ["preferred", "partnership"])
    " (did you mean 'partnership'?)"
    >>> did_you_mean("xyz", ["preferred", "partnership"]), did_you_mean(3, ["3"])
    ('', '')
    """
    if not isinstance(typed, str):
        return ""
    close = difflib.get_close_matches(typed, list(accepted), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_choice(field: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` after checking it is one of ``choices``.

    Examples
    --------
    >>> check_choice("--segment", "OEM plants", ["retail", "OEM plant"])
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: --segment must be one of 'retail', 'OEM plant' \
(did you mean 'OEM plant'?); received 'OEM plants'.
    """
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(f"'{c}'" for c in options)
        raise ScenarioError(f"{field} must be one of {listed}{did_you_mean(value, options)}; "
                            f"received {_shown(value)}.")
    return value


def named_fields(cls: type) -> type:
    """Class decorator for a dataclass: a keyword that names no field is one
    :class:`ScenarioError` sentence with the closest field's name, not Python's TypeError.

    Examples
    --------
    >>> import dataclasses
    >>> @named_fields
    ... @dataclasses.dataclass(frozen=True, kw_only=True)
    ... class Shop:
    ...     name: str = "corner"
    ...     staff: int = 1
    >>> Shop(nam="deli")
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Shop has no field 'nam' (did you mean 'name'?).
    >>> Shop(owner="me")
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Shop has no field 'owner'; its fields are name, staff.
    """
    import dataclasses

    generated = cls.__init__
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    accepted = frozenset(names)

    @functools.wraps(generated)
    def __init__(self, *args, **kwargs) -> None:
        if not accepted.issuperset(kwargs):
            unknown = next(key for key in kwargs if key not in accepted)
            hint = did_you_mean(str(unknown), names) or f"; its fields are {', '.join(names)}"
            raise ScenarioError(f"{cls.__name__} has no field {_shown(unknown)}{hint}.")
        generated(self, *args, **kwargs)

    cls.__init__ = __init__
    return cls


# --------------------------------------------------------------------------------------
# Declarative parameter fields: ranges, units and help text declared once, next to the
# default, and used for validation, scenario templates and documentation alike.
# --------------------------------------------------------------------------------------


def param(
    default: object,
    *,
    doc: str,
    unit: str = "",
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    whole: bool = False,
    choices: tuple[str, ...] | None = None,
    optional: bool = False,
    custom: bool = False,
    ceiling: float = math.inf,
):
    """A dataclass field whose range, unit and meaning travel with it.

    ``optional=True`` allows ``None`` (meaning "unlimited" or "not set", as the doc says);
    ``custom=True`` leaves the check to the owner's ``__post_init__``. ``ceiling`` is a
    practical upper limit of an open-ended field (``high=inf``): money values at most
    1e12 keep every sum finite, counts at most a million keep a run on one machine. The
    field's range stays open (``high``) for analyses that scan it; validation refuses
    values above the ceiling. Text fields (a non-choice ``str`` default) are names: one
    line without control characters (:func:`crmsim.common.text.check_name`), except a
    field called ``description``, which may hold newlines.
    """
    import dataclasses

    spec = {
        "doc": doc,
        "unit": unit,
        "low": low,
        "high": high,
        "low_open": low_open,
        "whole": whole,
        "choices": choices,
        "optional": optional,
        "text": isinstance(default, str) and choices is None,
        "custom": custom,
        "ceiling": ceiling,
    }
    return dataclasses.field(default=default, metadata={"crmsim": spec})


def validate_fields(obj: object) -> None:
    """Check every :func:`param` field of dataclass ``obj``; coerce ints to floats."""
    import dataclasses

    owner = type(obj).__name__
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        spec = f.metadata.get("crmsim")
        if spec is None or spec["custom"]:
            continue
        name = f"{owner}.{f.name}"
        value = getattr(obj, f.name)
        if value is None and spec["optional"]:
            continue
        high = min(spec["high"], spec.get("ceiling", math.inf))
        if spec["text"]:
            if not isinstance(value, str):
                raise ScenarioError(
                    f"{name} must be text; received {_shown(value)} of type {type(value).__name__}."
                )
            check_name(name, value, allow_empty=f.name != "name",
                       multiline=f.name == "description")
        elif spec["choices"] is not None:
            check_choice(name, value, spec["choices"])
        elif spec["whole"]:
            low = 0 if math.isinf(spec["low"]) else int(spec["low"])
            check_int(name, value, low=low, high=None if math.isinf(high) else int(high))
        else:
            number = check_number(name, value, low=spec["low"], high=high,
                                  low_open=spec["low_open"])
            object.__setattr__(obj, f.name, number)
