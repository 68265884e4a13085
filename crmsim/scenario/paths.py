"""Parameter paths: one name for every number a scenario holds.

A *path* names one parameter of a :class:`~crmsim.scenario.Scenario`, so experiments,
maps, break-evens and sensitivity analyses can vary it without knowing the dataclasses:

* ``"segment:<name>.<field>"`` (``<name>`` may be ``*`` for every segment),
* ``"level:<name>.<field>"``, ``"programme:<name>.<field>"``,
* ``"<section>.<field>"`` for a section of
  :data:`~crmsim.scenario.scenario.SECTIONS` (``"staff"``, ``"lifecycle"``,
  ``"satisfaction"``, ...),
* or a scenario field such as ``"annual_discount_rate"``.

Examples
--------
>>> from crmsim.scenario.scenario import Scenario
>>> apply_parameter(Scenario(), "segment:customers.switching_cost", 0.7).segment(
...     "customers").switching_cost
0.7
>>> resolve_path(Scenario(), "staff.n_account_managers").whole
True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from crmsim.common.checks import did_you_mean
from crmsim.common.errors import ScenarioError
from crmsim.scenario.levels import RelationshipLevel
from crmsim.scenario.scenario import SECTIONS, Programme, Scenario
from crmsim.scenario.segments import Segment

__all__ = [
    "ResolvedPath",
    "apply_parameter",
    "apply_parameters",
    "parameter_range",
    "parameter_unit",
    "resolve_path",
    "scan_points",
    "segment_path",
]

_SECTIONS = tuple(SECTIONS)


# --------------------------------------------------------------------------------------
# parameter paths
# --------------------------------------------------------------------------------------


def _param_fields(cls: type) -> dict[str, dict]:
    """Fields of a parameter dataclass that a path may set, with their specs."""
    out = {}
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("crmsim")
        if spec is None or spec["custom"] or f.name == "name":
            continue
        out[f.name] = spec
    return out


def _coerce(owner: str, field: str, spec: dict, value: object) -> object:
    """Make ``value`` fit the field: whole numbers rounded, numpy scalars made plain."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None and spec["optional"]:
        return None
    if spec["whole"] and isinstance(value, float):
        if not math.isfinite(value):
            raise ScenarioError(f"{owner}.{field} must be a whole number; received {value!r}.")
        return math.floor(value + 0.5)  # half up, not to even
    return value


def _split_named(path: str, kind: str) -> tuple[str, str]:
    rest = path[len(kind) + 1:]
    name, dot, field = rest.rpartition(".")
    if not dot or not name or not field:
        raise ScenarioError(
            f"Parameter path '{path}' must look like '{kind}:<name>.<field>'; "
            f"received no '.<field>' part."
        )
    return name, field


def _unknown(path: str, field: str, owner: str, allowed: Iterable[str]) -> ScenarioError:
    listed = ", ".join(sorted(allowed))
    return ScenarioError(
        f"Parameter path '{path}' names unknown {owner} field '{field}'"
        f"{did_you_mean(field, allowed)}; expected one of {listed}."
    )


def _scenario_fields() -> dict[str, dict]:
    """The scenario's own numeric fields a path may name bare (``"horizon_months"``)."""
    return {k: v for k, v in _param_fields(Scenario).items() if not v["text"]}


def _other_paths() -> str:
    """The end of an unknown-path sentence: the forms a path may take besides a bare name."""
    return (
        f"'<section>.<field>' with section in {', '.join(_SECTIONS)}, or "
        "'segment:<name>.<field>', 'level:<name>.<field>', 'programme:<name>.<field>'"
    )


def _section_paths() -> list[str]:
    """Every ``"<section>.<field>"`` path, for suggestions."""
    return [f"{head}.{f}" for head, cls in SECTIONS.items() for f in _param_fields(cls)]


def parameter_unit(path: str) -> str:
    """The unit the field named by ``path`` declares (``""`` for none or an unknown path).

    Unlike :func:`resolve_path` it needs no scenario: the segment, level or programme named
    in the path is not checked.

    Examples
    --------
    >>> parameter_unit("segment:key.annual_wallet"), parameter_unit("staff.cost_per_hour")
    ('currency per customer per year', 'currency per hour')
    >>> parameter_unit("switching_cost"), parameter_unit("no such field")
    ('0-1', '')
    """
    kinds = {"segment": Segment, "level": RelationshipLevel, "programme": Programme}
    kind, colon, rest = path.partition(":")
    head, dot, field = path.partition(".")
    if colon and kind in kinds:
        fields, field = _param_fields(kinds[kind]), rest.rpartition(".")[2]
    elif dot and head in SECTIONS:
        fields = _param_fields(SECTIONS[head])
    else:  # a scenario field, or a segment field named bare (as sweeps name them)
        fields, field = {**_param_fields(Segment), **_scenario_fields()}, path
    spec = fields.get(field)
    return str(spec.get("unit") or "") if spec else ""


@dataclass(frozen=True, slots=True)
class ResolvedPath:
    """What a parameter path points at.

    Attributes
    ----------
    kind : str
        ``"segment"``, ``"level"``, ``"programme"``, ``"scenario"`` or a section name
        (``"staff"``, ``"lifecycle"``, ``"acquisition"``, ``"complaints"``).
    name : str
        The segment, level or programme named by the path (``""`` for the others).
    field : str
        The dataclass field.
    spec : dict
        The field's declared range and kind (``low``, ``high``, ``whole``, ``optional`` ...).
    """

    kind: str
    name: str
    field: str
    spec: dict

    @property
    def whole(self) -> bool:
        """True for whole-number fields (counts such as ``n_account_managers``)."""
        return bool(self.spec["whole"])

    def coerce(self, value: object) -> object:
        """``value`` as the field stores it (whole numbers rounded half up, numpy made plain).

        Examples
        --------
        >>> from crmsim.scenario.scenario import Scenario
        >>> resolve_path(Scenario(), "staff.n_account_managers").coerce(2.5)
        3
        """
        return _coerce(self.kind, self.field, self.spec, value)


def resolve_path(scenario: Scenario, path: str) -> ResolvedPath:
    """What ``path`` points at in ``scenario``; raise ScenarioError for an unknown path."""
    if not isinstance(path, str) or not path:
        raise ScenarioError(f"Parameter path must be non-empty text; received {path!r}.")
    kinds = {"segment": Segment, "level": RelationshipLevel, "programme": Programme}
    for kind, cls in kinds.items():
        if path.startswith(kind + ":"):
            name, field = _split_named(path, kind)
            fields = _param_fields(cls)
            if field not in fields:
                raise _unknown(path, field, cls.__name__, fields)
            if kind == "segment":
                names = [s.name for s in scenario.segments]
            elif kind == "level":
                names = list(scenario.level_names)
            else:
                names = [p.name for p in scenario.programmes]
            if name != "*" and name not in names:
                listed = ", ".join(f"'{n}'" for n in names) or "none"
                raise ScenarioError(
                    f"Parameter path '{path}' names unknown {kind} '{name}'; expected one of "
                    f"{listed}{' or *' if kind == 'segment' else ''}."
                )
            return ResolvedPath(kind, name, field, fields[field])
    sections = SECTIONS
    head, dot, field = path.partition(".")
    if dot:
        if head not in sections:
            raise ScenarioError(
                f"Parameter path '{path}' must start with 'segment:', 'level:', "
                f"'programme:' or one of {', '.join(_SECTIONS)}; received '{head}'."
            )
        fields = _param_fields(sections[head])
        if field not in fields:
            raise _unknown(path, field, sections[head].__name__, fields)
        return ResolvedPath(head, "", field, fields[field])
    fields = _scenario_fields()
    if path not in fields:
        hint = did_you_mean(path, [*fields, *_section_paths()])
        raise ScenarioError(
            f"Parameter path '{path}' is not a scenario field{hint}; expected one of "
            f"{', '.join(sorted(fields))}, {_other_paths()}."
        )
    return ResolvedPath("scenario", "", path, fields[path])


def apply_parameter(scenario: Scenario, path: str, value: object) -> Scenario:
    """Return a copy of ``scenario`` with the parameter at ``path`` set to ``value``.

    Paths
    -----
    ``"segment:<name>.<field>"`` (``<name>`` may be ``*`` for every segment),
    ``"level:<name>.<field>"``, ``"programme:<name>.<field>"``,
    ``"staff.<field>"``, ``"lifecycle.<field>"``, ``"acquisition.<field>"``,
    ``"complaints.<field>"``, or a scenario field such as ``"annual_discount_rate"``.
    Whole-number fields round float values (so grids and Latin hypercubes can set them).
    The new value is validated like any other; a bad path or value raises
    :class:`~crmsim.ScenarioError`.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> apply_parameter(Scenario(), "staff.n_account_managers", 3.0).staff.n_account_managers
    3
    >>> apply_parameter(Scenario(), "level:partnership.setup_cost", 1.0).level(
    ...     "partnership").setup_cost
    1.0
    >>> apply_parameter(Scenario(), "segment:customers.colour", 1)
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: Parameter path 'segment:customers.colour' names unknown \
Segment field 'colour'; expected one of annual_wallet, complaints_per_year, customer_power, \
gain_loyalty, gross_margin, lead_heat, mutual_importance, mutual_need, n_customers, \
price_sensitivity, referrals_per_year, relation_type, relationship_orientation, switching_cost, \
value_tier, wallet_cv.
    """
    resolved = resolve_path(scenario, path)
    kind, name, field, spec = resolved.kind, resolved.name, resolved.field, resolved.spec
    replace = dataclasses.replace
    if kind == "segment":
        value = _coerce("Segment", field, spec, value)
        segments = tuple(
            replace(s, **{field: value}) if name in ("*", s.name) else s
            for s in scenario.segments
        )
        return replace(scenario, segments=segments)
    if kind == "level":
        value = _coerce("RelationshipLevel", field, spec, value)
        levels = tuple(
            replace(lv, **{field: value}) if lv.name == name else lv for lv in scenario.levels
        )
        return replace(scenario, levels=levels)
    if kind == "programme":
        value = _coerce("Programme", field, spec, value)
        programmes = tuple(
            replace(p, **{field: value}) if p.name == name else p for p in scenario.programmes
        )
        return replace(scenario, programmes=programmes)
    if kind == "scenario":
        return replace(scenario, **{field: _coerce("Scenario", field, spec, value)})
    section = getattr(scenario, kind)
    value = _coerce(type(section).__name__, field, spec, value)
    return replace(scenario, **{kind: replace(section, **{field: value})})


def scan_points(
    scenario: Scenario, path: str, values: Iterable[object]
) -> list[Scenario | tuple[Scenario, Segment]]:
    """``scenario`` with the parameter at ``path`` set to each of ``values``, for a scan.

    A path of one named segment gives ``(scenario, segment)`` pairs that share ``scenario``:
    each value is validated on the segment alone, which is several times faster than a new
    scenario per value (a row of monthly chances that sums over 1 is refused when the pair
    is evaluated, :mod:`crmsim.model.mechanisms`). Any other path gives a scenario per
    value (:func:`apply_parameter`). Both forms are what
    :func:`crmsim.engines.analytic.level_lines_batch` takes.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> [seg.switching_cost for _, seg in scan_points(
    ...     Scenario(), "segment:customers.switching_cost", [0.2, 0.8])]
    [0.2, 0.8]
    >>> [s.staff.cost_per_hour for s in scan_points(Scenario(), "staff.cost_per_hour", [50])]
    [50.0]
    """
    resolved = resolve_path(scenario, path)
    kind, name, field, spec = resolved.kind, resolved.name, resolved.field, resolved.spec
    if kind != "segment" or name == "*":
        return [apply_parameter(scenario, path, value) for value in values]
    segment = scenario.segment(name)
    return [
        (scenario, dataclasses.replace(segment, **{field: _coerce("Segment", field, spec, v)}))
        for v in values
    ]


def apply_parameters(scenario: Scenario, parameters: Mapping[str, object]) -> Scenario:
    """Apply several parameter paths in order (see :func:`apply_parameter`)."""
    for path, value in parameters.items():
        scenario = apply_parameter(scenario, path, value)
    return scenario


def _current(scenario: Scenario, kind: str, name: str, field: str) -> object:
    if kind == "segment":
        seg = scenario.segments[0] if name == "*" else scenario.segment(name)
        return getattr(seg, field)
    if kind == "level":
        return getattr(scenario.level(name), field)
    if kind == "programme":
        return getattr(next(p for p in scenario.programmes if p.name == name), field)
    if kind == "scenario":
        return getattr(scenario, field)
    return getattr(getattr(scenario, kind), field)


def parameter_range(scenario: Scenario, path: str) -> tuple[float, float, object]:
    """(lowest allowed, highest allowed, current value) of the parameter at ``path``.

    The highest value is the field's declared upper bound, or less where the rest of
    ``scenario`` allows less: chances of one month must not sum over 1 (a churn of 0.9
    leaves no room for a progression of 0.2), so a scan never steps on a value the
    scenario refuses. Open-ended fields (money, counts) report ``inf``; their practical
    ceiling (:mod:`crmsim.scenario.limits`) is enforced when a value is set.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> parameter_range(Scenario(), "segment:customers.switching_cost")
    (0.0, 1.0, 0.3)
    >>> low, high, current = parameter_range(Scenario(), "lifecycle.churn_new")
    >>> round(high, 6), current
    (0.85, 0.06)
    """
    resolved = resolve_path(scenario, path)
    kind, name, field, spec = resolved.kind, resolved.name, resolved.field, resolved.spec
    current = _current(scenario, kind, name, field)
    high = float(spec["high"])
    if math.isfinite(high) and isinstance(current, int | float) and not _accepts(
            scenario, path, high):
        high = _highest_accepted(scenario, path, float(current), high, whole=spec["whole"])
    return float(spec["low"]), high, current


def _accepts(scenario: Scenario, path: str, value: float) -> bool:
    try:
        apply_parameter(scenario, path, value)
    except ScenarioError:
        return False
    return True


def _highest_accepted(scenario: Scenario, path: str, good: float, bad: float, *,
                      whole: bool) -> float:
    """Bisect between an accepted value ``good`` and a refused one ``bad``."""
    for _ in range(60):
        if (bad - good <= 1) if whole else (bad - good <= 1e-12 * max(1.0, abs(bad))):
            break
        middle = (good + bad) / 2
        middle = math.floor(middle) if whole else middle
        if _accepts(scenario, path, middle):
            good = middle
        else:
            bad = middle
    return float(good)



def segment_path(scenario: Scenario, path: str, segment: str) -> str:
    """Expand a bare segment field (``"switching_cost"``) to ``"segment:<name>.<field>"``.

    Other paths are returned unchanged. A bare name that is neither a segment field nor a
    scenario field raises :class:`ScenarioError`, suggesting the closest accepted name.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> segment_path(Scenario(), "switching_cost", "customers")
    'segment:customers.switching_cost'
    >>> segment_path(Scenario(), "staff.n_account_managers", "customers")
    'staff.n_account_managers'
    >>> segment_path(Scenario(), "switching_cst", "customers")
    Traceback (most recent call last):
    crmsim.common.errors.ScenarioError: Parameter 'switching_cst' is not a segment or \
scenario field (did you mean 'switching_cost'?); expected a segment field (annual_wallet, ...
    """
    if ":" in path or "." in path:
        return path
    scenario_fields = {f.name for f in dataclasses.fields(Scenario)}
    if path in scenario_fields:
        return path
    if path in {f.name for f in dataclasses.fields(Segment)}:
        return f"segment:{segment}.{path}"
    segment_fields = sorted(_param_fields(Segment))
    hint = did_you_mean(path, [*segment_fields, *_scenario_fields(), *_section_paths()])
    raise ScenarioError(
        f"Parameter '{path}' is not a segment or scenario field{hint}; expected a segment "
        f"field ({', '.join(segment_fields)}), one of {', '.join(sorted(_scenario_fields()))}, "
        f"{_other_paths()}."
    )
