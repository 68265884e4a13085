"""Scenario files: read and write a :class:`~crmsim.scenario.scenario.Scenario` as TOML.

A scenario file is plain data (TOML, read with the standard library's :mod:`tomllib`,
written with ``tomli_w``); nothing in it is ever executed. The layout mirrors the
:class:`~crmsim.scenario.scenario.Scenario` dataclass and is described with a complete annotated
example in ``docs/scenario-files.md``::

    name = "my book"
    horizon_months = 60
    annual_discount_rate = 0.10

    [staff]
    n_account_managers = 2

    [[segments]]
    name = "key accounts"
    n_customers = 12
    initial_mix = { repeat = 0.4, loyal = 0.6 }

    [plan]
    "key accounts" = "partnership"

Every mistake in a file raises one :class:`~crmsim.common.errors.ScenarioError` whose message is
a single sentence naming the file, the line (where it can be found), the key path, what was
expected and what was received::

    scenario.toml, line 14: segments[1].gross_margin must be a number in [0, 1]; received 1.5.

Ranges are not repeated here: they live in the ``param(...)`` metadata of the dataclasses,
whose own messages are reworded with the key path of the file.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> s = Scenario(segments=(Segment(name="smb", n_customers=50),), plan={"smb": "preferred"})
>>> scenario_from_dict(scenario_to_dict(s)) == s
True
>>> scenario_from_dict({"segments": [{"name": "smb", "gross_margin": 1.5}]})
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: segments[0].gross_margin must be a number in [0, 1]; \
received 1.5.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from numbers import Real
from pathlib import Path
from typing import Any

import tomli_w

from crmsim.common.checks import did_you_mean
from crmsim.common.errors import ScenarioError
from crmsim.common.files import write_text_atomic
from crmsim.scenario.levels import DEFAULT_LEVELS, LEVEL_NAMES, RelationshipLevel
from crmsim.scenario.scenario import (
    SECTIONS,
    Programme,
    Scenario,
    Staff,
)
from crmsim.scenario.segments import Segment
from crmsim.scenario.states import STATES

__all__ = [
    "MAX_NESTING",
    "TOP_LEVEL_KEYS",
    "load_scenario",
    "parse_toml",
    "save_scenario",
    "scenario_from_dict",
    "scenario_from_toml",
    "scenario_to_dict",
    "scenario_to_toml",
]

KeyPath = tuple[Any, ...]
"""Where a value sits in a scenario file: ``("segments", 1, "gross_margin")``."""

SCALAR_KEYS = ("name", "description", "horizon_months", "annual_discount_rate")
SECTION_TABLES: dict[str, type] = SECTIONS
TOP_LEVEL_KEYS: tuple[str, ...] = (
    *SCALAR_KEYS,
    *SECTION_TABLES,
    "segments",
    "programmes",
    "plan",
    "levels",
)
"""Keys allowed at the top of a scenario file, in the order :func:`scenario_to_toml` writes."""

MAX_NESTING = 32
"""Deepest nesting of arrays and inline tables a scenario file may use (it needs three)."""

_DICT_SOURCE = "<dict>"
_HEADER_COMMENT = (
    "# crmsim scenario file (TOML, data only). Format: docs/scenario-files.md.\n"
    "# Written by crmsim.scenario.toml_io.save_scenario; comments are not preserved.\n\n"
)


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario from a TOML file.

    Parameters
    ----------
    path : str or path-like
        The scenario file (UTF-8 TOML).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        For any mistake in the file (or a file that cannot be read), with one sentence
        naming the file, the line, the key path, what was expected and what was received.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from crmsim import Scenario, Segment
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> s = Scenario(name="demo", segments=(Segment(name="smb"),))
    >>> load_scenario(save_scenario(s, folder / "demo.toml")) == s
    True
    """
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ScenarioError(
            f"{source}: the scenario file cannot be read; expected a readable TOML file; "
            f"received the error '{reason}'."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{source}, line {line}: the file must be UTF-8 text; received the byte "
            f"{raw[exc.start]:#04x} at position {exc.start}."
        ) from None
    return scenario_from_toml(text, source=source)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write ``scenario`` to a TOML file atomically and return the path.

    The text goes to a temporary file in the same directory, which then replaces ``path``
    in one step (:func:`crmsim.common.files.write_text_atomic`), so a reader never sees a
    half-written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from crmsim import Scenario
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> save_scenario(Scenario(), target).read_text(encoding="utf-8").startswith("#")
    True
    """
    return write_text_atomic(path, scenario_to_toml(scenario))


def scenario_from_toml(text: str, *, source: str = "<string>") -> Scenario:
    """Build a scenario from TOML text; ``source`` names it in error messages.

    Examples
    --------
    >>> s = scenario_from_toml('[[segments]]\\nname = "smb"\\n')
    >>> s.segments[0].name
    'smb'
    >>> scenario_from_toml('[[segments]]\\nname = "smb"\\ngross_margin = 2\\n', source="a.toml")
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: a.toml, line 3: segments[0].gross_margin must be a number in [0, 1]; received 2.
    """  # noqa: E501
    return _build(parse_toml(text, source=source), SourceLocator(source, text))


def parse_toml(text: str, *, source: str = "<string>") -> dict[str, Any]:
    """The data of TOML ``text``; every parser failure is one ScenarioError with a line.

    Besides syntax errors (:func:`syntax_error`), arrays or inline tables nested deeper
    than :data:`MAX_NESTING` (which would exhaust Python's recursion) and numbers too long
    to convert are refused, each naming the line.

    Examples
    --------
    >>> parse_toml("a = 1")
    {'a': 1}
    >>> try:
    ...     parse_toml("a = 1\\nx = " + "[" * 40 + "]" * 40, source="f.toml")
    ... except ScenarioError as error:
    ...     print(str(error)[:71])
    f.toml, line 2: the file nests arrays or inline tables more than 32 lev
    """
    deep = nesting_line(text, MAX_NESTING)
    if deep is not None:
        raise _line_error(
            text, source, deep,
            f"the file nests arrays or inline tables more than {MAX_NESTING} levels deep; "
            "expected a scenario file, which needs at most three")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(str(exc), text, source) from None
    except RecursionError:  # pragma: no cover - nesting_line refuses such files first
        raise _line_error(text, source, 1, "the file nests values too deeply to be read; "
                          "expected a scenario file") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        long_number = re.search(r"[0-9][0-9_]{4000,}", text)
        if long_number is None:
            reason = str(exc).split(":")[0]
            raise _line_error(text, source, 1, "the file holds a value that cannot be read ("
                              f"{reason[:1].lower()}{reason[1:]}); expected TOML values"
                              ) from None
        number = text[: long_number.start()].count("\n") + 1
        raise _line_error(text, source, number, "the file holds a number with thousands of "
                          "digits; expected a number of ordinary length") from None


def nesting_line(text: str, limit: int) -> int | None:
    """The first line where arrays / inline tables nest deeper than ``limit``, or None.

    Brackets inside strings and comments are ignored; a best-effort scan in one pass.

    Examples
    --------
    >>> nesting_line("a = [[1]]\\nb = [[[[2]]]]", 3), nesting_line("a = '[[[['", 3)
    (2, None)
    """
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        skipped = _skipped(text, i)
        if skipped is not None:  # a comment or a string: no brackets in it
            line += text.count("\n", i, skipped)
            i = skipped
            continue
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None


def _skipped(text: str, i: int) -> int | None:
    """Where a scan of ``text`` goes on past the comment or string starting at ``text[i]``
    (a comment ends before its newline), or None when neither starts there.

    Examples
    --------
    >>> _skipped("a # b\\nc", 2), _skipped("'x' y", 0), _skipped("a", 0)
    (5, 3, None)
    """
    if text[i] == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text[i] in "\"'":
        return _string_end(text, i)
    return None


def _string_end(text: str, i: int) -> int:
    """Index just after the TOML string opening at ``text[i]`` (a quote; basic or literal,
    one line or triple-quoted); an unclosed one-line string ends at its line's end."""
    ch = text[i]
    quote = ch * 3 if text.startswith(ch * 3, i) else ch
    j, n = i + len(quote), len(text)
    while j < n and not text.startswith(quote, j):
        if text[j] == "\n" and len(quote) == 1:
            break
        j += 2 if (text[j] == "\\" and ch == '"') else 1
    return j + len(quote) if text.startswith(quote, j) else j


def _line_error(text: str, source: str, number: int, reason: str) -> ScenarioError:
    lines = text.splitlines()
    shown = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return ScenarioError(
        _one_line(f"{source}, line {number}: {reason}; received `{shown}`.")
    )


def scenario_from_dict(data: Mapping[str, Any], *, source: str = _DICT_SOURCE) -> Scenario:
    """Build a scenario from a dict laid out like a scenario file.

    Parameters
    ----------
    data : mapping
        What :func:`tomllib.loads` returns for a scenario file (or
        :func:`scenario_to_dict` produces). ``None`` is accepted where a field is optional
        (``complaints.n_staff``, ``staff.n_account_managers``) and means "unlimited".
    source : str
        Names the origin in error messages (a file name, say); the default adds no prefix.

    Examples
    --------
    >>> s = scenario_from_dict({"segments": [{"name": "smb"}], "plan": {"smb": "preferred"}})
    >>> dict(s.plan)
    {'smb': 'preferred'}
    >>> scenario_from_dict({"segments": [{"name": "smb"}], "plan": {"smb": "partner"}})
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: plan.smb must be one of 'transactional', 'preferred', 'partnership', 'alliance' (did you mean 'partnership'?); received 'partner'.
    """  # noqa: E501
    return _build(data, SourceLocator(source, None))


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return ``scenario`` as a dict in the scenario-file layout (TOML-ready).

    Every field is written out, so the file does not depend on today's defaults, except
    the relationship levels: ``levels`` appears only when they differ from
    :data:`crmsim.scenario.levels.DEFAULT_LEVELS`. Optional fields that are ``None`` (unlimited
    staff) are left out, as TOML has no null.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> d = scenario_to_dict(Scenario(segments=(Segment(name="smb"),)))
    >>> d["segments"][0]["initial_mix"], d["plan"]
    ({'repeat': 1.0}, {'smb': 'transactional'})
    >>> "levels" in d, "n_account_managers" in d["staff"]
    (False, False)
    """
    out: dict[str, Any] = {key: getattr(scenario, key) for key in SCALAR_KEYS}
    for key in SECTION_TABLES:
        out[key] = set_fields(getattr(scenario, key))
    out["segments"] = [set_fields(seg) for seg in scenario.segments]
    for seg in out["segments"]:
        seg["initial_mix"] = dict(seg["initial_mix"])
    if scenario.programmes:
        out["programmes"] = [set_fields(p) for p in scenario.programmes]
    out["plan"] = dict(scenario.plan)
    if tuple(scenario.levels) != DEFAULT_LEVELS:
        out["levels"] = [set_fields(level) for level in scenario.levels]
    return out


def scenario_to_toml(scenario: Scenario) -> str:
    """Return the text of a scenario file for ``scenario``.

    Tables come in the order of :data:`TOP_LEVEL_KEYS`; segments, programmes and levels are
    arrays of tables (``[[segments]]``) and a segment's ``initial_mix`` is an inline table.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> text = scenario_to_toml(Scenario(segments=(Segment(name="key accounts"),)))
    >>> print(text[text.index("[plan]"):].strip())
    [plan]
    "key accounts" = "transactional"
    """
    data = scenario_to_dict(scenario)
    parts = [_HEADER_COMMENT, tomli_w.dumps({k: data[k] for k in SCALAR_KEYS})]
    for key in TOP_LEVEL_KEYS[len(SCALAR_KEYS) :]:
        value = data.get(key)
        if isinstance(value, dict):
            parts.append(f"\n[{key}]\n" + _table_body(value))
        elif isinstance(value, list):
            parts.extend(f"\n[[{key}]]\n" + _table_body(item) for item in value)
    return "".join(parts)


# --------------------------------------------------------------------------------------
# Writing helpers
# --------------------------------------------------------------------------------------


def set_fields(obj: object) -> dict[str, Any]:
    """Field values of a dataclass, leaving out optional fields that are ``None``."""
    return {
        f.name: getattr(obj, f.name)
        for f in dataclasses.fields(obj)  # type: ignore[arg-type]
        if getattr(obj, f.name) is not None
    }


def _table_body(table: Mapping[str, Any]) -> str:
    lines = []
    for key, value in table.items():
        if isinstance(value, Mapping):
            inner = ", ".join(tomli_w.dumps({k: v}).strip() for k, v in value.items())
            lines.append(f"{_toml_key(key)} = " + (f"{{ {inner} }}" if inner else "{}"))
        else:
            lines.append(tomli_w.dumps({key: value}).strip())
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    """``key`` as TOML writes it (bare if possible, else quoted)."""
    return tomli_w.dumps({key: 0}).rsplit("=", 1)[0].strip()


# --------------------------------------------------------------------------------------
# Locating keys in the file text, for line numbers in messages
# --------------------------------------------------------------------------------------

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]")
_KEY_RE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_BARE_RE = re.compile(r"[A-Za-z0-9_-]+\Z")


def _key_parts(text: str) -> tuple[str, ...]:
    parts = []
    for part in re.findall(_KEY_PART, text):
        if part[0] in "\"'":
            try:
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except (tomllib.TOMLDecodeError, StopIteration):
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map key paths to the line (1-based) where they first appear; best effort.

    Tracks ``[table]`` and ``[[array]]`` headers (counting array entries, and the entries of
    an array nested in one afresh for each of its entries), ``key = value`` lines (dotted
    keys included) and, inside an inline value (``[ ... ]`` or ``{ ... }``, on one line or
    several), each element of an array and each key of an inline table. Error messages use
    it to name the line of the value they are about.

    Examples
    --------
    >>> key_lines('name = "x"\\n[[segments]]\\nname = "a"')[("segments", 0, "name")]
    3
    >>> lines = key_lines('segments = [\\n  { name = "a" },\\n  { name = "b", x = { y = 1 } },\\n]')
    >>> lines[("segments", 1)], lines[("segments", 1, "x", "y")]
    (3, 3)
    """
    found: dict[KeyPath, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    section: KeyPath = ()
    open_quote: str | None = None

    def resolve(names: tuple[str, ...]) -> KeyPath:
        path: list[Any] = []
        for i, name in enumerate(names):
            path.append(name)
            if names[: i + 1] in counts:
                path.append(counts[names[: i + 1]])
        return tuple(path)

    lines = text.split("\n")  # as TOML counts lines (str.splitlines also breaks at \x1c, ...)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    skip_to = 0
    for number, line in enumerate(lines, start=1):
        if number <= skip_to:
            continue
        if open_quote is not None:
            if open_quote in line:
                open_quote = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            header = _HEADER_RE.match(line)
            if header:
                names = _key_parts(header.group(2))
                if header.group(1) == "[[":
                    counts[names] = counts.get(names, -1) + 1
                    for inner in [n for n in counts if n[: len(names)] == names != n]:
                        del counts[inner]  # a new entry starts its own nested arrays at 0
                section = resolve(names)
                for end in range(1, len(section) + 1):
                    found.setdefault(section[:end], number)
            continue
        match = _KEY_RE.match(line)
        if not match:
            continue
        path = section + _key_parts(match.group(1))
        for end in range(len(section) + 1, len(path) + 1):
            found.setdefault(path[:end], number)
        rest = line[match.end() :]
        value = rest.lstrip()
        if value.startswith(("[", "{")):
            at = starts[number - 1] + match.end() + len(rest) - len(value)
            skip_to = _inline_value_lines(text, at, number, path, found)
            continue
        for quote in ('"""', "'''"):
            if rest.count(quote) == 1:
                open_quote = quote
    return found


_INLINE_KEY_RE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")


def _inline_value_lines(text: str, at: int, number: int, path: KeyPath,
                        found: dict[KeyPath, int]) -> int:
    """Record in ``found`` the line of each array element and inline-table key of the
    value opening at ``text[at]`` (``[`` or ``{``, line ``number``) whose key path is
    ``path``; return the line where the value ends. Strings and comments are skipped."""
    frames: list[list[Any]] = []  # [kind "[" or "{", path, element index or expecting a key]
    pending = path
    i, n = at, len(text)
    while i < n:
        ch = text[i]
        top = frames[-1] if frames else None
        if top is not None and top[0] == "{" and top[2] and ch not in " \t\r\n}":
            key = _INLINE_KEY_RE.match(text, i)
            if key is not None:
                parts = _key_parts(key.group(1))
                for end in range(1, len(parts) + 1):
                    found.setdefault((*top[1], *parts[:end]), number)
                pending, top[2] = (*top[1], *parts), False
                i = key.end()
                continue
        if top is not None and top[0] == "[" and ch not in " \t\r\n,]#":
            found.setdefault((*top[1], top[2]), number)  # an element of the array
        skipped = _skipped(text, i)
        if skipped is not None:  # a comment or a string: no keys or elements in it
            number += text.count("\n", i, skipped)
            i = skipped
            continue
        if ch == "\n":
            number += 1
        elif ch in "[{":
            if top is not None and top[0] == "[":
                pending = (*top[1], top[2])
            found.setdefault(pending, number)
            frames.append([ch, pending, 0 if ch == "[" else True])
        elif ch in "]}":
            frames.pop()
            if not frames:
                return number
        elif ch == "," and top is not None:
            if top[0] == "[":
                top[2] += 1
            else:
                top[2] = True
        i += 1
    return number


class SourceLocator:
    """Turns a key path and a message into a ScenarioError naming source and line."""

    def __init__(self, source: str, text: str | None) -> None:
        self.source = source
        self.lines = key_lines(text) if text is not None else {}

    def line(self, path: KeyPath) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(self, path: KeyPath, message: str) -> ScenarioError:
        message = _one_line(message)
        line = self.line(path)
        if line is not None:
            return ScenarioError(f"{self.source}, line {line}: {message}")
        if self.source != _DICT_SOURCE:
            return ScenarioError(f"{self.source}: {message}")
        return ScenarioError(message)


def _one_line(message: str) -> str:
    """Escape control characters (a received value may hold a newline) to keep one line."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) == "Cc" else ch
        for ch in message
    )


def syntax_error(message: str, text: str, source: str) -> ScenarioError:
    lines = text.splitlines()
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if where:
        number, column = int(where.group(1)), int(where.group(2))
        reason = f"{message[: where.start()]} at column {column}"
    else:
        number = max(len(lines), 1)
        reason = re.sub(r"\s*\(at end of document\)", " at the end of the file", message)
    shown = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    reason = reason[:1].lower() + reason[1:]
    return ScenarioError(
        _one_line(
            f"{source}, line {number}: the file is not valid TOML ({reason}); "
            f"expected key = value lines and [table] headers; received `{shown}`."
        )
    )


# --------------------------------------------------------------------------------------
# Building a scenario from file data, one key path at a time
# --------------------------------------------------------------------------------------

MISSING: Any = object()


def dotted_path(path: KeyPath) -> str:
    """``("segments", 1, "gross_margin")`` → ``segments[1].gross_margin``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
            continue
        name = str(part)
        name = name if _BARE_RE.match(name) else _toml_key(name)
        text += f".{name}" if text else name
    return text


def shown_value(value: object) -> str:
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return shown if isinstance(value, str) else f"{shown} of type {type(value).__name__}"


def _listed(options: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{option}'" for option in options)


def read_table(where: SourceLocator, value: object, path: KeyPath) -> dict[Any, Any]:
    if not isinstance(value, Mapping):
        name = dotted_path(path) or "the scenario"
        raise where.error(
            path, f"{name} must be a table of key = value pairs; received {shown_value(value)}."
        )
    return dict(value)


def read_array(where: SourceLocator, value: object, path: KeyPath, *, required: bool) -> list[Any]:
    name = dotted_path(path)
    if not isinstance(value, list | tuple):
        raise where.error(
            path, f"{name} must be an array of tables ([[{name}]]); received {shown_value(value)}."
        )
    if required and not value:
        raise where.error(
            path, f"{name} must hold at least one [[{name}]] table; received an empty array."
        )
    return list(value)


def check_keys(
    where: SourceLocator, table: Mapping[Any, Any], allowed: tuple[str, ...], path: KeyPath
) -> None:
    for key in table:
        if key not in allowed:
            full = (*path, str(key))
            raise where.error(
                full,
                f"unknown key {dotted_path(full)}{did_you_mean(str(key), allowed)}; "
                f"expected one of {_listed(allowed)}.",
            )


def require_name(where: SourceLocator, table: Mapping[Any, Any], path: KeyPath, what: str) -> None:
    if "name" not in table:
        raise where.error(
            (*path, "name"),
            f"{dotted_path((*path, 'name'))} is missing; expected name = \"...\", {what}.",
        )


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _range_text(spec: Mapping[str, Any]) -> str:
    low, high = spec["low"], min(spec["high"], spec.get("ceiling", math.inf))
    left = "(" if spec["low_open"] else "["
    right = ")" if math.isinf(high) else "]"
    lo = "-inf" if math.isinf(low) else f"{low:g}"
    hi = "inf" if math.isinf(high) else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def _check_finite(where: SourceLocator, cls: type, table: Mapping[str, Any], path: KeyPath) -> None:
    """Reject infinite or overflowing numbers in number fields (ranges from ``param``).

    ``check_number`` accepts ``inf`` where the upper bound is unbounded and cannot convert
    integers beyond the float range, so both are caught here first.
    """
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("crmsim")
        if (
            spec is None
            or spec["custom"]
            or spec["whole"]
            or spec["text"]
            or spec["choices"] is not None
        ):
            continue
        value = table.get(f.name)
        if isinstance(value, bool) or not isinstance(value, Real):
            continue
        try:
            infinite = math.isinf(float(value))
        except OverflowError:
            infinite = True
        if infinite:  # NaN and the range itself are left to the dataclass
            full = (*path, f.name)
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            raise where.error(
                full,
                f"{dotted_path(full)} must be a finite number in {_range_text(spec)}; "
                f"received {shown}.",
            )


def _check_share(where: SourceLocator, share: object, path: KeyPath) -> None:
    """Reject a share too large to be a float (the range itself is checked by Segment)."""
    if isinstance(share, int) and not isinstance(share, bool):
        try:
            float(share)
        except OverflowError:
            raise where.error(
                path,
                f"{dotted_path(path)} must be a number in [0, 1]; received {shown_value(share)}.",
            ) from None


def build_dataclass(
    where: SourceLocator,
    cls: type,
    table: dict[str, Any],
    path: KeyPath,
    prefixes: tuple[tuple[str, KeyPath], ...] = (),
) -> Any:
    """Construct ``cls(**table)``, rewording its ScenarioError with the key path."""
    _check_finite(where, cls, table, path)
    try:
        return cls(**table)
    except ScenarioError as exc:
        raise _reworded(where, str(exc), (*prefixes, (cls.__name__, path))) from None


def _reworded(
    where: SourceLocator, message: str, prefixes: tuple[tuple[str, KeyPath], ...]
) -> ScenarioError:
    """Replace ``Owner.field`` at the start of a dataclass message by the key path."""
    for prefix, path in prefixes:
        if not message.startswith(prefix):
            continue
        rest = message[len(prefix) :]
        field = re.match(r"\.(\w+)", rest)
        if field:
            path, rest = (*path, field.group(1)), rest[field.end() :]
        elif not rest.startswith(" "):
            continue
        return where.error(path, f"{dotted_path(path) or 'the scenario'}{rest}")
    return where.error((), message)


def read_segments(where: SourceLocator, value: object) -> tuple[Segment, ...]:
    path: KeyPath = ("segments",)
    if value is MISSING:
        raise where.error(
            path, "segments is missing; expected at least one [[segments]] table with a name."
        )
    built: list[Segment] = []
    first_use: dict[str, int] = {}
    for i, item in enumerate(read_array(where, value, path, required=True)):
        segment = read_segment(where, item, (*path, i))
        claim_name(where, (*path, i), segment.name, first_use)
        built.append(segment)
    return tuple(built)


def read_segment(where: SourceLocator, item: object, here: KeyPath) -> Segment:
    """The segment of the ``[[segments]]`` entry ``item`` found at ``here`` (``("segments", 2)``).

    Every message names ``here``, so a mistake in the third entry says ``segments[2]`` and
    the line of that entry's key, whichever part of the file checks it.

    Examples
    --------
    >>> text = '[[segments]]\\nname = "a"\\n[[segments]]\\nname = "b"\\ninitial_mix = { lost = 2 }\\n'
    >>> try:
    ...     read_segment(SourceLocator("f.toml", text), {"name": "b", "initial_mix": {"lost": 2}},
    ...                  ("segments", 1))
    ... except ScenarioError as error:
    ...     print(error)
    f.toml, line 5: segments[1].initial_mix.lost must be a number in [0, 1]; received 2.
    """  # noqa: E501
    table = read_table(where, item, here)
    check_keys(where, table, field_names(Segment), here)
    require_name(where, table, here, "a segment name unique within the scenario")
    prefixes: tuple[tuple[str, KeyPath], ...] = ()
    if "initial_mix" in table:
        mix_path = (*here, "initial_mix")
        mix = read_table(where, table["initial_mix"], mix_path)
        for state, share in mix.items():
            _check_share(where, share, (*mix_path, str(state)))
            if state not in STATES:
                full = (*mix_path, str(state))
                raise where.error(
                    full,
                    f"{dotted_path(mix_path)} has an unknown state {shown_value(state)}"
                    f"{did_you_mean(state, STATES)}; expected one of {_listed(STATES)}.",
                )
        table["initial_mix"] = mix
        prefixes = ((f"Segment '{table['name']}'.initial_mix", mix_path),)
    return build_dataclass(where, Segment, table, here, prefixes)


def claim_name(where: SourceLocator, here: KeyPath, name: str, first_use: dict[str, int]) -> None:
    """Record that entry ``here`` (e.g. ``segments[2]``) uses ``name``; refuse a repeat.

    The refusal names the repeat's line (from ``where``) and the first entry with the name,
    with its line when the text is known.

    Examples
    --------
    >>> where = SourceLocator("f.toml", '[[segments]]\\nname = "a"\\n[[segments]]\\nname = "a"\\n')
    >>> first_use = {}
    >>> claim_name(where, ("segments", 0), "a", first_use)
    >>> try:
    ...     claim_name(where, ("segments", 1), "a", first_use)
    ... except ScenarioError as error:
    ...     print(*str(error).split("; "), sep="\\n")
    f.toml, line 4: segments[1].name must be unique
    received 'a', already the name of segments[0] at line 2.
    """
    if name in first_use:
        full = (*here, "name")
        first = (here[0], first_use[name], "name")
        line = where.line(first)
        at = f" at line {line}" if line is not None else ""
        raise where.error(
            full,
            f"{dotted_path(full)} must be unique; received '{name}', already the name of "
            f"{dotted_path(first[:2])}{at}.",
        )
    first_use[name] = here[-1]


def _programmes(where: SourceLocator, value: object) -> tuple[Programme, ...]:
    path: KeyPath = ("programmes",)
    allowed = field_names(Programme)
    built = []
    for i, item in enumerate(read_array(where, value, path, required=False)):
        here = (*path, i)
        table = read_table(where, item, here)
        check_keys(where, table, allowed, here)
        require_name(where, table, here, "the programme's name")
        built.append(build_dataclass(where, Programme, table, here))
    return tuple(built)


def _levels(where: SourceLocator, value: object, staff: Staff) -> tuple[RelationshipLevel, ...]:
    """The ladder of levels, cheapest first; entries named like a default start from it."""
    path: KeyPath = ("levels",)
    defaults = {level.name: level for level in DEFAULT_LEVELS}
    allowed = field_names(RelationshipLevel)
    built: list[RelationshipLevel] = []
    first_use: dict[str, int] = {}
    for i, item in enumerate(read_array(where, value, path, required=True)):
        here = (*path, i)
        table = read_table(where, item, here)
        check_keys(where, table, allowed, here)
        require_name(where, table, here, "a level name such as 'partnership'")
        name = table["name"]
        start: dict[str, Any] = {}
        if isinstance(name, str) and name in defaults:
            start = set_fields(defaults[name])
        elif isinstance(name, str):
            start = {"label_en": name, "label_zh": name}
        level = build_dataclass(where, RelationshipLevel, {**start, **table}, here)
        claim_name(where, here, level.name, first_use)
        built.append(level)
    for i in range(1, len(built)):
        before, level = built[i - 1], built[i]
        keep_before = _monthly_keep_cost(before, staff)
        keep = _monthly_keep_cost(level, staff)
        if level.setup_cost < before.setup_cost and keep < keep_before:
            raise where.error(
                (*path, i),
                f"levels[{i}] ('{level.name}') must not be cheaper than levels[{i - 1}] "
                f"('{before.name}'), as levels are listed cheapest first; received a setup "
                f"cost of {level.setup_cost:g} < {before.setup_cost:g} and a monthly cost of "
                f"{keep:g} < {keep_before:g}.",
            )
    return tuple(built)


def _monthly_keep_cost(level: RelationshipLevel, staff: Staff) -> float:
    return level.running_cost_per_month + level.manager_hours_per_month * staff.cost_per_hour


def read_plan(
    where: SourceLocator,
    value: object,
    segments: tuple[Segment, ...],
    levels: tuple[RelationshipLevel, ...],
    levels_given: bool,
) -> dict[str, str]:
    path: KeyPath = ("plan",)
    table = read_table(where, value, path)
    segment_names = tuple(seg.name for seg in segments)
    level_names = tuple(level.name for level in levels)
    for segment, level in table.items():
        full = (*path, segment)
        if segment not in segment_names:
            raise where.error(
                full,
                f"{dotted_path(full)} names no segment{did_you_mean(segment, segment_names)}; "
                f"expected one of {_listed(segment_names)}; received {shown_value(segment)}.",
            )
        if not isinstance(level, str) or level not in level_names:
            hint = did_you_mean(level, level_names)
            if levels_given and level in LEVEL_NAMES:
                hint = (
                    f" ([[levels]] lists the whole ladder, so add a [[levels]] entry "
                    f"name = \"{level}\" to keep it)"
                )
            raise where.error(
                full,
                f"{dotted_path(full)} must be one of {_listed(level_names)}{hint}; "
                f"received {shown_value(level)}.",
            )
    return table


def _build(data: object, where: SourceLocator) -> Scenario:
    top = read_table(where, data, ())
    check_keys(where, top, TOP_LEVEL_KEYS, ())
    parts: dict[str, Any] = {key: top[key] for key in SCALAR_KEYS if key in top}
    for key, cls in SECTION_TABLES.items():
        if key in top:
            table = read_table(where, top[key], (key,))
            check_keys(where, table, field_names(cls), (key,))
            parts[key] = build_dataclass(where, cls, table, (key,))
    segments = read_segments(where, top.get("segments", MISSING))
    levels = (
        _levels(where, top["levels"], parts.get("staff", Staff()))
        if "levels" in top
        else DEFAULT_LEVELS
    )
    plan = read_plan(where, top.get("plan", {}), segments, levels, "levels" in top)
    parts.update(segments=segments, levels=levels, plan=plan)
    if "programmes" in top:
        parts["programmes"] = _programmes(where, top["programmes"])
    return build_dataclass(where, Scenario, parts, ())
