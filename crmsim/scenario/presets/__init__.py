"""Ready-made scenarios drawn from the domain texts, shipped as TOML files.

Each preset is a commented scenario file in ``crmsim/scenario/presets/`` (package data), read with
:func:`crmsim.scenario.toml_io.scenario_from_toml`. Start your own scenario from the text of a
preset (:func:`preset_text`): the comments explain every choice.

=================  ======================================================================
``classroom``      the default teaching scenario: ordinary, important (R-type) and key
                   accounts plus prospects; two account managers, one complaint handler
``broker``         a broker's book graded current / target / potential (现行、目标、潜在客户)
``dell``           Dell's T-type, R-type and key accounts sharing four account managers
``b2b_supplier``   an industrial supplier: dealers, a few important customers, public
                   buyers, small buyers and prospective dealers
=================  ======================================================================

Examples
--------
>>> preset_names()
('b2b_supplier', 'broker', 'classroom', 'dell')
>>> s = preset(DEFAULT_PRESET)
>>> s.name, s.horizon_months
('classroom', 60)
>>> dict(s.plan)["key accounts"]
'partnership'
>>> preset("del")
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: preset must be one of 'b2b_supplier', 'broker', 'classroom', 'dell' (did you mean 'dell'?); received 'del'.
"""  # noqa: E501

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from crmsim.common.checks import did_you_mean
from crmsim.common.errors import ScenarioError
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.toml_io import scenario_from_toml

__all__ = ["DEFAULT_PRESET", "preset", "preset_copy_text", "preset_names", "preset_text"]

DEFAULT_PRESET = "classroom"
"""The preset used when none is named (the CLI, notebooks, widgets)."""

_SUFFIX = ".toml"


def _folder() -> Traversable:
    return resources.files(__name__)


def preset_names() -> tuple[str, ...]:
    """Names of the shipped presets, sorted.

    Examples
    --------
    >>> DEFAULT_PRESET in preset_names()
    True
    """
    return tuple(
        sorted(
            entry.name[: -len(_SUFFIX)]
            for entry in _folder().iterdir()
            if entry.is_file() and entry.name.endswith(_SUFFIX)
        )
    )


def preset_text(name: str) -> str:
    """The commented TOML text of preset ``name``: a starting point for your own file.

    Examples
    --------
    >>> preset_text("dell").splitlines()[0]
    '# crmsim preset "dell": Dell\\'s direct model as the domain texts tell it.'
    """
    names = preset_names()
    if name not in names:
        hint = did_you_mean(name, names)
        listed = ", ".join(f"'{n}'" for n in names)
        shown = f"'{name}'" if isinstance(name, str) else repr(name)
        raise ScenarioError(f"preset must be one of {listed}{hint}; received {shown}.")
    return _folder().joinpath(name + _SUFFIX).read_text(encoding="utf-8")


def preset(name: str = DEFAULT_PRESET) -> Scenario:
    """Return the preset scenario ``name``.

    Parameters
    ----------
    name : str
        One of :func:`preset_names`; default :data:`DEFAULT_PRESET`.

    Returns
    -------
    Scenario
        A fresh, validated scenario (read from the package's TOML file on every call).

    Examples
    --------
    >>> [seg.name for seg in preset("dell").segments]
    ['T-type', 'R-type', 'key accounts']
    """
    return scenario_from_toml(preset_text(name), source=f"crmsim/scenario/presets/{name}{_SUFFIX}")


def preset_copy_text(name: str, *, scenario_name: str) -> str:
    """The text of preset ``name`` as a scenario of one's own to start from.

    Every line of :func:`preset_text` is kept (its comments explain each choice) except the
    scenario's ``name``, which becomes ``scenario_name``, and its ``description``, which
    asks for one of the user's own; a comment at the top says so. So a report of the copy
    never opens with the preset's name or description.

    Examples
    --------
    >>> import dataclasses
    >>> text = preset_copy_text("dell", scenario_name="client")
    >>> print(text.splitlines()[0])
    # Copied from the crmsim preset "dell" by 'crmsim new-scenario --preset dell'.
    >>> copy = scenario_from_toml(text)
    >>> copy.name, copy == dataclasses.replace(preset("dell"), name="client",
    ...                                        description=copy.description)
    ('client', True)
    """
    import tomlkit

    text = preset_text(name)
    document = tomlkit.parse(text)
    document["name"] = scenario_name
    document["description"] = (
        f"Started from the crmsim preset '{name}'; describe the customers and the firm "
        "this scenario is about here."
    )
    header = (
        f"# Copied from the crmsim preset \"{name}\" by 'crmsim new-scenario --preset {name}'.\n"
        "# Every value and comment is the preset's, except `name` and `description` below,\n"
        "# which are this file's own: change them to your client's (a report shows both).\n#\n"
    )
    return header + tomlkit.dumps(document)
