"""What every command that takes a scenario accepts: a scenario file, or a preset's name.

One rule for ``run``, ``compare``, ``validate``, ``demo``, ``discover`` and ``calibrate``
(:func:`scenario_source`): an existing file is read as a scenario file; otherwise the name
of a shipped preset (:func:`crmsim.scenario.presets.preset_names`) is that preset; otherwise
a path that exists (a folder) is read as a file, which says in one sentence why it cannot
be; anything else is one sentence naming both possibilities and the presets, with the
closest preset when the text looks like a typo of one. So ``crmsim run classroom`` runs the
preset, a file called ``classroom`` in the current folder, if there is one, wins, and a
folder called ``classroom`` (a report written with ``--out classroom``) does not.

Examples
--------
>>> source = scenario_source("SCENARIO", "dell")
>>> source.preset, source.path, source.stem, source.load().name
('dell', None, 'dell', 'dell')
>>> scenario_source("FILE", "clasroom")
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: FILE must be a scenario file or the name of a preset, one of 'b2b_supplier', 'broker', 'classroom', 'dell' (did you mean 'classroom'?); received 'clasroom', which is neither an existing file nor a preset.
"""  # noqa: E501

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crmsim.common.errors import ScenarioError

if TYPE_CHECKING:
    from crmsim.scenario.scenario import Scenario

__all__ = ["ScenarioSource", "scenario_help", "scenario_source"]


def scenario_help(what: str = "scenario") -> str:
    """The help of an argument that takes a scenario: ``what``, then the accepted forms.

    Examples
    --------
    >>> scenario_help("scenario A")
    'scenario A: a scenario TOML file, or a preset name (b2b_supplier, broker, classroom, dell)'
    """
    from crmsim.scenario.presets import preset_names

    return f"{what}: a scenario TOML file, or a preset name ({', '.join(preset_names())})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioSource:
    """Where a command's scenario comes from: exactly one of a file and a preset.

    Parameters
    ----------
    given : str
        The text as typed (messages name the scenario by it).
    path : Path, optional
        The scenario file.
    preset : str, optional
        The preset's name.
    """

    given: str
    path: Path | None = None
    preset: str | None = None

    def __post_init__(self) -> None:
        if (self.path is None) == (self.preset is None):
            raise ValueError(
                f"a scenario source must have exactly one of path and preset; received "
                f"path={self.path!r}, preset={self.preset!r}."
            )

    @property
    def stem(self) -> str:
        """The name for default output folders: the file's stem, or the preset's name."""
        return self.path.stem if self.path is not None else str(self.preset)

    def load(self) -> Scenario:
        """The validated scenario (a :class:`ScenarioError` sentence for a bad file)."""
        if self.path is not None:
            from crmsim.scenario.toml_io import load_scenario

            return load_scenario(self.path)
        from crmsim.scenario.presets import preset

        return preset(str(self.preset))


def scenario_source(option: str, text: str | os.PathLike[str]) -> ScenarioSource:
    """The scenario that ``text``, given as ``option``, names: a file, else a preset.

    Parameters
    ----------
    option : str
        The argument's name in messages (``FILE``, ``--scenario``).
    text : str or path-like
        A path to a scenario file, or a preset's name.

    Raises
    ------
    ScenarioError
        When ``text`` is neither an existing path nor a preset's name.
    """
    from crmsim.common.checks import did_you_mean
    from crmsim.scenario.presets import preset_names

    given = os.fspath(text)
    path = Path(given)
    names = preset_names()
    if path.is_file() or (path.exists() and given not in names):
        return ScenarioSource(given=given, path=path)
    if given in names:
        return ScenarioSource(given=given, preset=given)
    hint = did_you_mean(given, names)
    listed = ", ".join(f"'{name}'" for name in names)
    raise ScenarioError(
        f"{option} must be a scenario file or the name of a preset, one of {listed}{hint}; "
        f"received '{given}', which is neither an existing file nor a preset."
    )
