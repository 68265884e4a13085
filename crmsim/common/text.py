"""Text written by users (segment, level, scenario names), made safe wherever it is shown.

A name comes from a scenario file or a notebook and ends up in a terminal line, an HTML
report, a CSV table and a figure. Each place has its own hazard, and each has one helper
here, used by every writer in crmsim:

* :func:`check_name` refuses control characters (NUL, newline, bidirectional overrides,
  ...) in a name, so a name is always one visible line;
* :func:`one_line` escapes control characters in any message or received value;
* :func:`html_text` escapes text for HTML (``<``, ``&``, quotes) after :func:`one_line`;
* :func:`csv_cell` / :func:`csv_safe` defuse spreadsheet formulas: a text cell starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP CSV
  injection advice), so no spreadsheet runs it;
* figures: crmsim's figure styles switch matplotlib's math parsing off
  (:data:`PLAIN_TEXT_RC`), so ``$\\undefinedcmd$`` is drawn as written.

Examples
--------
>>> check_name("Segment.name", "key accounts")
'key accounts'
>>> check_name("Segment.name", "key\\naccounts")
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: Segment.name must be text without control characters \
(newline, tab, NUL, ...); received 'key\\naccounts'.
>>> csv_cell("=HYPERLINK(1)"), csv_cell("smb"), csv_cell(-3)
("'=HYPERLINK(1)", 'smb', -3)
>>> html_text("<b>R&D</b>")
'&lt;b&gt;R&amp;D&lt;/b&gt;'
"""

from __future__ import annotations

import html
import unicodedata
from typing import TYPE_CHECKING, Any

from crmsim.common.errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "CSV_FORMULA_PREFIXES",
    "MAX_NAME_LENGTH",
    "PLAIN_TEXT_RC",
    "check_name",
    "csv_cell",
    "csv_safe",
    "html_text",
    "one_line",
    "shown_text",
]

MAX_NAME_LENGTH = 200
"""Longest name (segment, level, programme, scenario, label) accepted, in characters."""

CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula."""

PLAIN_TEXT_RC: dict[str, Any] = {"text.parse_math": False}
"""Matplotlib settings under which every text is drawn as written (no ``$...$`` math)."""


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf")


def one_line(text: str) -> str:
    """``text`` with every control or format character escaped (``\\n``, ``\\x00``, ``\\u202e``).

    Examples
    --------
    >>> one_line("a\\nb\\x00c")
    'a\\\\nb\\\\x00c'
    """
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text
    )


def shown_text(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message: on one line and at most ``limit`` characters.

    Examples
    --------
    >>> shown_text("key\\taccounts")
    "'key\\\\taccounts'"
    >>> len(shown_text("x" * 500))
    62
    """
    text = one_line(value).replace("'", "\\'")
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"'{text}'"


def check_name(field: str, value: object, *, allow_empty: bool = False,
               multiline: bool = False) -> str:
    """Return ``value`` after checking it is text fit to be shown as a name.

    Parameters
    ----------
    field : str
        The field named in the message (``"Segment.name"``).
    value : object
        What was received.
    allow_empty : bool
        Accept ``""`` (labels and descriptions may be empty; names may not).
    multiline : bool
        Free text (a description): line breaks and tabs are allowed, other control characters
        are not, and there is no length limit.

    Raises
    ------
    ScenarioError
        For non-text, empty text, text longer than :data:`MAX_NAME_LENGTH` or text holding
        control characters, in one sentence.
    """
    if not isinstance(value, str):
        raise ScenarioError(
            f"{field} must be text; received {value!r:.60} of type {type(value).__name__}."
        )
    if not allow_empty and not value.strip():
        raise ScenarioError(f"{field} must be non-empty text; received {shown_text(value)}.")
    allowed = "\n\r\t" if multiline else ""
    if any(_is_control(ch) and ch not in allowed for ch in value):
        raise ScenarioError(
            f"{field} must be text without control characters (newline, tab, NUL, ...); "
            f"received {shown_text(value)}."
        )
    if not multiline and len(value) > MAX_NAME_LENGTH:
        raise ScenarioError(
            f"{field} must be at most {MAX_NAME_LENGTH} characters long; received "
            f"{len(value)} characters ({shown_text(value, 40)})."
        )
    return value


def html_text(value: object) -> str:
    """``value`` as text safe inside HTML (one line, ``<>&"'`` escaped)."""
    return html.escape(one_line(str(value)), quote=True)


def csv_cell(value: object) -> object:
    """``value`` made safe for a CSV cell: text starting like a formula gets a leading ``'``.

    Numbers and other non-text values are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def _holds_text(dtype: object) -> bool:
    from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

    return not (is_numeric_dtype(dtype) or is_bool_dtype(dtype)
                or is_datetime64_any_dtype(dtype))


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names pass through :func:`csv_cell`.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"segment": ["=1+1", "smb"], "value": [-1.0, 2.0]}))
      segment  value
    0   '=1+1   -1.0
    1     smb    2.0
    """
    out = frame.copy()
    out.columns = [csv_cell(c) for c in out.columns]
    for column in out.columns:
        if _holds_text(out[column].dtype):
            out[column] = out[column].map(csv_cell)
    index_names = [csv_cell(n) for n in out.index.names]
    if _holds_text(out.index.dtype):
        out.index = out.index.map(csv_cell)
    out.index.names = index_names
    return out
