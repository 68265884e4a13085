"""Every problem in a scenario file, not just the first (``crmsim validate``).

:func:`crmsim.scenario.toml_io.load_scenario` stops at the first mistake. :func:`file_problems` walks
the whole file instead and checks each key on its own, with the same checks and the same
messages (the ranges live in the ``param(...)`` metadata of the dataclasses and the
wording in :mod:`crmsim.scenario.toml_io`); each problem is one line naming the file, the line,
the key path, what was expected and what was received. Checks that need the whole file at
once (initial mixes summing to 1, the order of a custom level ladder, ...) run when every
key is fine on its own, so an empty list means exactly that the file loads.

Examples
--------
>>> text = '''
... horizon_months = 0
... [[segments]]
... name = "smb"
... gross_margin = 1.5
... price_sensitivity = "high"
... '''
>>> for line in problems_in_text(text, source="a.toml"):
...     print(line)
a.toml, line 2: horizon_months must be a whole number in [1, 1200]; received 0.
a.toml, line 5: segments[0].gross_margin must be a number in [0, 1]; received 1.5.
a.toml, line 6: segments[0].price_sensitivity must be a number in [0, 1]; received 'high' of type str.
"""  # noqa: E501

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import crmsim.scenario.toml_io as io
from crmsim.common.errors import ScenarioError
from crmsim.scenario.levels import DEFAULT_LEVELS, RelationshipLevel
from crmsim.scenario.scenario import Programme, Scenario
from crmsim.scenario.segments import Segment

__all__ = ["file_problems", "problems_in_text"]


def file_problems(path: str | os.PathLike[str]) -> list[str]:
    """Every problem in the scenario file at ``path``, one sentence each (empty: it loads).

    A file that cannot be read or decoded, or is not valid TOML, gives one problem.
    """
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return [f"{source}: the scenario file cannot be read; expected a readable TOML file; "
                f"received the error '{reason}'."]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            io.load_scenario(path)
        except ScenarioError as error:
            return [str(error)]
        return []  # pragma: no cover - load_scenario decodes the same way
    return problems_in_text(text, source=source)


def problems_in_text(text: str, *, source: str = "<string>") -> list[str]:
    """Every problem in the TOML ``text`` of a scenario file; ``source`` names it."""
    try:
        data = io.parse_toml(text, source=source)
    except ScenarioError as error:
        return [str(error)]
    found = _Collector(io.SourceLocator(source, text)).walk(data)
    if not found:
        try:
            io.scenario_from_toml(text, source=source)
        except ScenarioError as error:
            found.append(str(error))
    return sorted(dict.fromkeys(found), key=_line_of)


def _line_of(message: str) -> int:
    match = re.match(r"[^\n]*?, line (\d+): ", message)
    return int(match.group(1)) if match else 0


class _Collector:
    def __init__(self, where: io.SourceLocator) -> None:
        self.where = where
        self.found: list[str] = []

    def attempt(self, check: Callable[[], Any]) -> Any:
        """Run one check; record its ScenarioError and return None instead of raising."""
        try:
            return check()
        except ScenarioError as error:
            self.found.append(str(error))
            return None

    def keys(self, table: Mapping[Any, Any], allowed: tuple[str, ...], path: io.KeyPath
             ) -> dict[str, Any]:
        """The known keys of ``table``; one problem per unknown key."""
        known = {}
        for key, value in table.items():
            if key in allowed:
                known[key] = value
            else:
                self.attempt(lambda k=key: io.check_keys(self.where, {k: 0}, allowed, path))
        return known

    def fields(self, cls: type, table: Mapping[str, Any], path: io.KeyPath,
               base: Mapping[str, Any] | None = None) -> bool:
        """Check each field of ``table`` alone (on top of ``base``); True if all are fine."""
        ok = True
        for key, value in table.items():
            if key == "initial_mix":
                continue
            result = self.attempt(
                lambda k=key, v=value: io.build_dataclass(
                    self.where, cls, {**(base or {}), k: v}, path)
            )
            ok &= result is not None
        return ok

    def table(self, value: object, path: io.KeyPath) -> dict[Any, Any] | None:
        return self.attempt(lambda: io.read_table(self.where, value, path))

    def array(self, value: object, path: io.KeyPath, required: bool) -> list[Any]:
        items = self.attempt(lambda: io.read_array(self.where, value, path, required=required))
        return items or []

    def named(self, table: Mapping[Any, Any], path: io.KeyPath, what: str) -> str | None:
        if "name" not in table:
            self.attempt(lambda: io.require_name(self.where, table, path, what))
            return None
        return table["name"]

    # ---------------------------------------------------------------------------------
    def walk(self, data: object) -> list[str]:
        top = self.table(data, ())
        if top is None:
            return self.found
        top = self.keys(top, io.TOP_LEVEL_KEYS, ())
        scalars = {k: top[k] for k in io.SCALAR_KEYS if k in top}
        self.fields(Scenario, scalars, ())
        for key, cls in io.SECTION_TABLES.items():
            if key in top:
                table = self.table(top[key], (key,))
                if table is not None:
                    self.fields(cls, self.keys(table, io.field_names(cls), (key,)), (key,))
        segment_names = self.segments(top.get("segments", io.MISSING))
        if "programmes" in top:
            self.named_items(top["programmes"], ("programmes",), Programme,
                             "the programme's name")
        level_names = (
            self.levels(top["levels"]) if "levels" in top
            else [lv.name for lv in DEFAULT_LEVELS]
        )
        if "plan" in top:
            self.plan(top["plan"], segment_names, level_names, "levels" in top)
        return self.found

    def segments(self, value: object) -> list[str]:
        path: io.KeyPath = ("segments",)
        if value is io.MISSING:
            self.attempt(lambda: io.read_segments(self.where, value))
            self.segments_complete = False
            return []
        names: list[str] = []
        self.segments_complete = True
        first_use: dict[str, int] = {}
        for i, item in enumerate(self.array(value, path, required=True)):
            here = (*path, i)
            table = self.table(item, here)
            if table is None:
                self.segments_complete = False
                continue
            table = self.keys(table, io.field_names(Segment), here)
            name = self.named(table, here, "a segment name unique within the scenario")
            ok = name is not None and self.attempt(lambda n=name, h=here: io.build_dataclass(
                self.where, Segment, {"name": n}, h)) is not None
            self.fields(Segment, {k: v for k, v in table.items() if k != "name"}, here,
                        {"name": name if ok else "segment"})
            if not ok:
                self.segments_complete = False
                continue
            if "initial_mix" in table:
                self.attempt(lambda t=table, h=here: io.read_segment(
                    self.where, {"name": t["name"], "initial_mix": t["initial_mix"]}, h))
            if name not in first_use:
                names.append(name)
            self.attempt(lambda n=name, h=here: io.claim_name(self.where, h, n, first_use))
        return names

    def named_items(self, value: object, path: io.KeyPath, cls: type, what: str) -> None:
        for i, item in enumerate(self.array(value, path, required=False)):
            here = (*path, i)
            table = self.table(item, here)
            if table is not None:
                table = self.keys(table, io.field_names(cls), here)
                self.named(table, here, what)
                self.fields(cls, table, here)

    def levels(self, value: object) -> list[str] | None:
        path: io.KeyPath = ("levels",)
        defaults = {level.name: level for level in DEFAULT_LEVELS}
        names: list[str] | None = []
        for i, item in enumerate(self.array(value, path, required=True)):
            here = (*path, i)
            table = self.table(item, here)
            if table is None:
                names = None
                continue
            table = self.keys(table, io.field_names(RelationshipLevel), here)
            name = self.named(table, here, "a level name such as 'partnership'")
            start: dict[str, Any] = {}
            if isinstance(name, str) and name in defaults:
                start = io.set_fields(defaults[name])
            elif isinstance(name, str):
                start = {"label_en": name, "label_zh": name}
            ok = self.fields(RelationshipLevel, table, here, start)
            if names is not None and ok and isinstance(name, str):
                names.append(name)
            else:
                names = None
        return names

    def plan(self, value: object, segment_names: list[str], level_names: list[str] | None,
             levels_given: bool) -> None:
        """Each plan entry alone; names that cannot be known (broken) are not judged."""
        table = self.table(value, ("plan",))
        if table is None:
            return
        for key, level in table.items():
            if not isinstance(level, str):
                self.attempt(lambda k=key, lv=level: _not_a_name(self.where, ("plan", k), lv))
                continue
            segments = list(segment_names)
            if not self.segments_complete:
                segments.append(key)
            levels = list(level_names) if level_names is not None else [level]
            self.attempt(lambda k=key, lv=level, s=segments, v=levels: io.read_plan(
                self.where, {k: lv}, tuple(SimpleNamespace(name=n) for n in s),
                tuple(SimpleNamespace(name=n) for n in v), levels_given))


def _not_a_name(where: io.SourceLocator, path: io.KeyPath, value: object) -> None:
    raise where.error(path, f"{io.dotted_path(path)} must be a level name; "
                      f"received {io.shown_value(value)}.")

