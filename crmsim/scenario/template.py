"""A commented scenario-file template: every field with its meaning, unit and range.

The text is generated from the ``param(...)`` metadata of the parameter dataclasses
(:mod:`crmsim.common.checks`), so the template never disagrees with the validator. It loads
as it is (the defaults, one example segment) and is meant to be edited.

Examples
--------
>>> from crmsim.scenario.toml_io import scenario_from_toml
>>> text = scenario_template()
>>> "# gross margin on list price" in text
True
>>> scenario_from_toml(text).segments[0].name
'customers'
"""

from __future__ import annotations

import dataclasses
import math
import os
import textwrap
from pathlib import Path
from typing import Any

import tomli_w

from crmsim.common.files import write_text_atomic
from crmsim.scenario.levels import DEFAULT_LEVELS
from crmsim.scenario.levers import (
    Expectation,
    FollowUp,
    LostCustomerAnalysis,
    SatisfactionSurvey,
)
from crmsim.scenario.scenario import (
    Acquisition,
    ComplaintDesk,
    Lifecycle,
    Programme,
    Scenario,
    Staff,
)
from crmsim.scenario.segments import Segment
from crmsim.scenario.states import STATES

__all__ = ["field_help", "scenario_template", "write_template"]

_SECTIONS: tuple[tuple[str, type, str], ...] = (
    ("lifecycle", Lifecycle, "Base monthly movement between lifecycle states (before level "
     "and segment effects)."),
    ("acquisition", Acquisition, "Touch points that turn potential customers into buyers."),
    ("complaints", ComplaintDesk, "Complaint desk: capacity, quality, effect on loyalty."),
    ("staff", Staff, "Account managers, the resource the deeper levels compete for."),
    ("follow_up", FollowUp, "Follow-up discipline: contacts that lapse, reminders that "
     "prevent it."),
    ("satisfaction", SatisfactionSurvey, "Satisfaction surveys that find customers about to "
     "leave."),
    ("lost_customers", LostCustomerAnalysis, "Analysis of lost customers: win-back now, less "
     "churn once its lessons are applied."),
    ("expectation", Expectation, "Extra service for customers believed valuable (the "
     "self-fulfilling prophecy)."),
)


def _number(x: float) -> str:
    return f"{x:g}"


def field_help(spec: dict[str, Any]) -> str:
    """One-line help for a ``param`` field: meaning, unit and allowed values.

    Examples
    --------
    >>> spec = dataclasses.fields(Segment)[5].metadata["crmsim"]
    >>> field_help(spec)
    'gross margin on list price [share of list revenue]; a number in [0, 1]'
    """
    text = spec["doc"]
    if spec["unit"]:
        text += f" [{spec['unit']}]"
    if spec["choices"] is not None:
        allowed = "one of " + ", ".join(f'"{c}"' for c in spec["choices"])
    elif spec["text"]:
        allowed = "text"
    else:
        low, high = spec["low"], min(spec["high"], spec.get("ceiling", math.inf))
        kind = "a whole number" if spec["whole"] else "a number"
        left = "(" if spec["low_open"] else "["
        lo = "-inf" if math.isinf(low) else _number(low)
        hi = "inf)" if math.isinf(high) else _number(high) + "]"
        allowed = f"{kind} in {left}{lo}, {hi}"
        if spec["optional"]:
            allowed += "; may be left out"
    return f"{text}; {allowed}"


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, width=88, initial_indent="# ", subsequent_indent="#   ")


def _line(key: str, value: Any) -> str:
    return tomli_w.dumps({key: value}).strip()


def _fields(cls: type, instance: object, *, skip: tuple[str, ...] = ()) -> list[str]:
    lines = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("crmsim")
        if spec is None or f.name in skip:
            continue
        lines += _comment(field_help(spec))
        value = getattr(instance, f.name)
        if value is None:
            example = 4 if spec["whole"] else 1.0
            lines.append(f"# {_line(f.name, example)}")
        else:
            lines.append(_line(f.name, value))
    return lines


def scenario_template() -> str:
    """Return the text of a commented scenario file holding today's defaults."""
    scenario = Scenario()
    out = [
        "# crmsim scenario file (TOML; data only, nothing is executed).",
        "# Every field is optional except [[segments]] (at least one, each with a name);",
        "# a field left out takes the default shown. Format: docs/scenario-files.md.",
        "# Check it with:  crmsim validate THIS_FILE",
        "",
    ]
    for f in dataclasses.fields(Scenario):
        spec = f.metadata.get("crmsim")
        if spec is not None:
            out += [*_comment(field_help(spec)), _line(f.name, getattr(scenario, f.name))]
    for key, cls, title in _SECTIONS:
        out += ["", f"# --- {title}", f"[{key}]", *_fields(cls, getattr(scenario, key))]
    segment = Segment()
    mix_spec = dataclasses.fields(Segment)[2].metadata["crmsim"]
    out += [
        "",
        "# --- Customer segments: repeat the [[segments]] block once per segment.",
        "[[segments]]",
        *_fields(Segment, segment, skip=("initial_mix",)),
        *_comment(f"{mix_spec['doc']}; states: {', '.join(STATES)}; each share in [0, 1]"),
        "initial_mix = { repeat = 1.0 }",
        "",
        "# --- Optional retention programmes: uncomment and repeat per programme.",
        "# [[programmes]]",
        *(f"# {line}" if not line.startswith("#") else f"#{line}"
          for line in _fields(Programme, Programme())),
        "",
        "# --- The level of each segment: segment name = level name. Segments left out get",
        "# the cheapest level. Levels: " + ", ".join(lv.name for lv in DEFAULT_LEVELS) + ".",
        "# To change a level's costs or effects add [[levels]] tables (the whole ladder,",
        "# cheapest first; see docs/scenario-files.md).",
        "[plan]",
        f'{_line(segment.name, "transactional")}',
        "",
    ]
    return "\n".join(out)


def write_template(
    path: str | os.PathLike[str], *, overwrite: bool = False, preset: str | None = None
) -> Path:
    """Write :func:`scenario_template` to ``path`` atomically; refuse to overwrite.

    With ``preset``, write that preset's commented text instead, named after the file
    (:func:`crmsim.scenario.presets.preset_copy_text`).

    Raises
    ------
    FileExistsError
        When ``path`` exists and ``overwrite`` is false.
    ScenarioError
        When ``preset`` is not a preset's name (nothing is written).

    Examples
    --------
    >>> import tempfile
    >>> from crmsim.scenario.toml_io import load_scenario
    >>> target = Path(tempfile.mkdtemp()) / "client.toml"
    >>> load_scenario(write_template(target, preset="broker")).name
    'client'
    """
    from crmsim.scenario.presets import preset_copy_text

    target = Path(path)
    text = (scenario_template() if preset is None
            else preset_copy_text(preset, scenario_name=target.stem))
    if target.exists() and not overwrite:
        raise FileExistsError(target)
    return write_text_atomic(target, text)
