r"""Editing a scenario file in place: new numbers in, every other byte of the file kept.

:func:`~crmsim.scenario.toml_io.save_scenario` writes a scenario afresh; a consultant's
own file holds comments, an order and a spacing of its own that a fresh file would lose.
:func:`edited_scenario_text` sets values in such a file with :mod:`tomlkit` and changes
nothing else; :func:`write_edited_scenario` does the same to a file on disk (keeping its
byte-order mark and Windows line ends, written atomically, refused unless it reads back
as the expected scenario).

**The header block.** What a tool wants to say about the values it set (where they come
from, which of them need a second look) goes at the top of the file between two marker
lines, :data:`HEADER_BEGIN` and :data:`HEADER_END`. The next edit replaces that block
instead of adding a second one; every comment outside it, including the user's own
comments at the top of the file, is kept byte for byte. Only a complete block at the very
top of the file is recognised (a file whose markers were moved or deleted gets a new
block and keeps the old lines as the user's).

**Positions.** tomlkit (0.13 to at least 0.15) has no public way to insert a key or a
table at a position (python-poetry/tomlkit issue #7, open since 2018: ``add`` and item
assignment append). Two private methods of its ``Container``, ``_insert_after`` and
``_insert_at``, do it; every result is therefore read back with :mod:`tomllib` and
compared with the data expected, so a change in tomlkit shows as one clear error, never
as a wrong file.

Examples
--------
>>> text = '# client file\nname = "x"\n\n[lifecycle]\nchurn_new = 0.06  # audit\n'
>>> once = edited_scenario_text(text, {"lifecycle": {"churn_new": 0.05}}, ["first run"])
>>> twice = edited_scenario_text(once, {"lifecycle": {"churn_new": 0.04}}, ["second run"])
>>> print(twice, end="")
# >>> crmsim: set by the last calibration; replaced by the next >>>
# second run
# <<< crmsim <<<
# client file
name = "x"
<BLANKLINE>
[lifecycle]
churn_new = 0.04  # audit
"""

from __future__ import annotations

import codecs
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from crmsim.common.errors import ScenarioError
from crmsim.common.files import write_text_atomic
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.toml_io import TOP_LEVEL_KEYS, scenario_from_toml

__all__ = [
    "HEADER_BEGIN",
    "HEADER_END",
    "edited_scenario_file",
    "edited_scenario_text",
    "header_block",
    "write_edited_scenario",
]

HEADER_BEGIN = "# >>> crmsim: set by the last calibration; replaced by the next >>>"
"""First line of the header block that :func:`edited_scenario_text` writes and replaces."""

HEADER_END = "# <<< crmsim <<<"
"""Last line of the header block."""

_EOL = re.compile(r"\r?\n")


def header_block(text: str) -> str:
    r"""The header block that opens ``text`` (markers included), or ``""`` when there is none.

    A block is recognised only at the very top of the text and only whole: the line
    :data:`HEADER_BEGIN`, comment lines, and the line :data:`HEADER_END`.

    Examples
    --------
    >>> text = HEADER_BEGIN + "\n# from history.csv\n" + HEADER_END + "\nname = 'x'\n"
    >>> print(header_block(text), end="")
    # >>> crmsim: set by the last calibration; replaced by the next >>>
    # from history.csv
    # <<< crmsim <<<
    >>> header_block("# my own comment\n" + HEADER_BEGIN + "\n" + HEADER_END + "\n")
    ''
    >>> header_block(HEADER_BEGIN + "\nname = 'x'\n" + HEADER_END + "\n")  # not comments
    ''
    """
    lines = text.splitlines(keepends=True)
    if not lines or _EOL.sub("", lines[0]) != HEADER_BEGIN:
        return ""
    for at, line in enumerate(lines[1:], start=1):
        bare = _EOL.sub("", line)
        if bare == HEADER_END:
            return "".join(lines[: at + 1])
        if not bare.startswith("#"):
            return ""
    return ""


def _set_key(table: Any, key: str, value: float) -> None:
    """Set ``key`` of the tomlkit ``table`` to ``value``, every other byte of it kept.

    An existing key keeps its place, spacing and comment (only the number is rewritten,
    and only when it differs); a missing key goes after the last key of a ``[table]``,
    above the blank lines and comments that lead to the next table (tomlkit's own
    ``add`` would put it below them). Inline tables and dotted keys take it their way.
    """
    import tomlkit
    from tomlkit.items import AoT, Table

    if key in table:
        if table[key] != value:
            table[key] = value
        return
    if not isinstance(table, Table):  # inline table or dotted keys
        table[key] = value
        return
    body = table.value
    keys = [k for k, item in body.body if k is not None and not isinstance(item, Table | AoT)]
    # private tomlkit calls (no public insertion, see the module's docstring): the caller
    # reads the result back
    if keys:
        body._insert_after(keys[-1], key, tomlkit.item(value))
    elif body.body:
        body._insert_at(0, key, tomlkit.item(value))
    else:
        table.add(key, value)


def _add_table(document: Any, name: str, values: Mapping[str, float]) -> None:
    """Create the table ``[name]`` where it belongs: in the order of
    :data:`~crmsim.scenario.toml_io.TOP_LEVEL_KEYS`, above the next table and above the
    comment lines written directly over that table's header."""
    import tomlkit
    from tomlkit.items import AoT, Comment, Table

    rank = TOP_LEVEL_KEYS.index(name)
    table = tomlkit.table()
    for key, value in values.items():
        table.add(key, value)
    table.add(tomlkit.nl())
    body = document.body
    at = next(
        (
            i
            for i, (k, item) in enumerate(body)
            if isinstance(item, Table | AoT)
            and (k.key not in TOP_LEVEL_KEYS or TOP_LEVEL_KEYS.index(k.key) > rank)
        ),
        len(body),
    )
    above = at
    while above > 0 and isinstance(body[above - 1][1], Comment):
        above -= 1
    if above > 0:  # comments that open the file stay at its top
        at = above
    if at == len(body):
        document.add(name, table)
    else:  # private tomlkit call, read back by the caller
        document._insert_at(at, name, table)


def edited_scenario_text(
    source_text: str,
    values: Mapping[str, Mapping[str, float]],
    header: Sequence[str],
    *,
    source: str = "the scenario file",
) -> str:
    r"""The scenario file ``source_text`` with ``values`` (table -> key -> number) set.

    The document is edited in place with :mod:`tomlkit`: only the keys of ``values``
    change (a missing key is added after the last key of its table, a missing table is
    created where it belongs); comments, order, spacing and every other byte stay. The
    ``header`` lines (a line break in one starts another) become comment lines of the
    header block at the top, which replaces
    a header block the file already opens with (:func:`header_block`). Windows line ends
    stay Windows line ends. The result is read back and compared with the source's data
    plus ``values``; a layout this cannot serve raises
    :class:`~crmsim.common.errors.ScenarioError` naming ``source``.

    Examples
    --------
    >>> text = 'name = "x"  # client\n\n[lifecycle]\nchurn_new =  0.06  # audit\n'
    >>> print(edited_scenario_text(text, {"lifecycle": {"churn_new": 0.05,
    ...                                                 "churn_repeat": 0.02}}, ["new"]))
    # >>> crmsim: set by the last calibration; replaced by the next >>>
    # new
    # <<< crmsim <<<
    name = "x"  # client
    <BLANKLINE>
    [lifecycle]
    churn_new =  0.05  # audit
    churn_repeat = 0.02
    <BLANKLINE>
    """
    import tomlkit

    body_text = source_text[len(header_block(source_text)) :]
    comments = [f"# {part}" for line in header for part in line.splitlines() or [""]]
    block = "".join(f"{line}\n" for line in (HEADER_BEGIN, *comments, HEADER_END))
    try:
        expected = tomllib.loads(body_text)
        document = tomlkit.parse(body_text)
        for name, table_values in values.items():
            expected.setdefault(name, {}).update(table_values)
            if name in document:
                for key, value in table_values.items():
                    _set_key(document[name], key, value)
            else:
                _add_table(document, name, table_values)
        text = block + tomlkit.dumps(document)
        if "\n" in source_text and source_text.count("\n") == source_text.count("\r\n"):
            text = re.sub(r"(?<!\r)\n", "\r\n", text)  # a Windows file stays one
        kept = tomllib.loads(text) == expected
    except (
        tomlkit.exceptions.TOMLKitError,
        tomllib.TOMLDecodeError,
        AttributeError,
        TypeError,
        ValueError,
    ):
        kept = False
    if not kept:
        raise ScenarioError(
            f"{source}: the values of {', '.join(values)} could not be set in "
            "this file's layout; expected each of them as a table ([lifecycle]), an "
            "inline table or dotted keys; nothing was written."
        )
    return text


def edited_scenario_file(
    source: str | os.PathLike[str],
    values: Mapping[str, Mapping[str, float]],
    header: Sequence[str],
    *,
    expected: Scenario,
    source_text: str | None = None,
) -> str:
    r"""The text :func:`write_edited_scenario` writes: the scenario file ``source`` with
    ``values`` set, checked to read back as ``expected``; nothing is written.

    :func:`edited_scenario_text` of the file (UTF-8; a byte-order mark is kept), refused
    with one :class:`~crmsim.common.errors.ScenarioError` unless the result reads back as
    ``expected``. A command prepares the text with it before it prints anything, so a file
    the edit cannot serve costs nothing. ``source_text``, when given, is the text to start
    from instead of the file's (a shipped preset's,
    :func:`crmsim.scenario.presets.preset_text`); ``source`` then only names it.

    Examples
    --------
    >>> import dataclasses, tempfile
    >>> from crmsim.scenario.toml_io import save_scenario
    >>> from crmsim.scenario.scenario import Scenario
    >>> start = save_scenario(Scenario(), Path(tempfile.mkdtemp()) / "client.toml")
    >>> goal = dataclasses.replace(Scenario(), lifecycle=dataclasses.replace(
    ...     Scenario().lifecycle, churn_new=0.05))
    >>> text = edited_scenario_file(start, {"lifecycle": {"churn_new": 0.05}}, ["audit"],
    ...                             expected=goal)
    >>> "churn_new = 0.05" in text
    True
    >>> edited_scenario_file(start, {"lifecycle": {"churn_new": 0.04}}, ["audit"],
    ...                      expected=goal)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: ...client.toml: the edited file would not read back as...
    """
    bom = ""
    if source_text is None:
        raw = Path(source).read_bytes()
        bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""
        try:
            source_text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                f"{source}: the file must be UTF-8 text; received the byte "
                f"{raw[exc.start]:#04x} at byte {exc.start}; nothing was written."
            ) from None
    text = edited_scenario_text(source_text, values, header, source=os.fspath(source))
    if scenario_from_toml(text, source=os.fspath(source)) != expected:
        raise ScenarioError(
            f"{source}: the edited file would not read back as the expected scenario; "
            "expected only the values set to change; nothing was written."
        )
    return bom + text


def write_edited_scenario(
    source: str | os.PathLike[str],
    path: str | os.PathLike[str],
    values: Mapping[str, Mapping[str, float]],
    header: Sequence[str],
    *,
    expected: Scenario,
    source_text: str | None = None,
) -> Path:
    r"""Write the scenario file ``source`` with ``values`` set to ``path``, atomically.

    The text is :func:`edited_scenario_file` (refused unless it reads back as
    ``expected``; ``source_text`` as there); ``path`` may be ``source`` itself.

    Examples
    --------
    >>> import dataclasses, tempfile
    >>> from crmsim.scenario.toml_io import load_scenario, save_scenario
    >>> from crmsim.scenario.scenario import Scenario
    >>> folder = Path(tempfile.mkdtemp())
    >>> start = save_scenario(Scenario(), folder / "client.toml")
    >>> goal = dataclasses.replace(Scenario(), lifecycle=dataclasses.replace(
    ...     Scenario().lifecycle, churn_new=0.05))
    >>> out = write_edited_scenario(start, start, {"lifecycle": {"churn_new": 0.05}},
    ...                             ["churn_new from the audit"], expected=goal)
    >>> load_scenario(out) == goal
    True
    """
    return write_text_atomic(path, edited_scenario_file(source, values, header,
                                                        expected=expected,
                                                        source_text=source_text))
