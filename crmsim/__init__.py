"""crmsim: customer lifecycles under four relationship levels, and when they become luxurious.

The public API in one place::

    from crmsim import Scenario, Segment, evaluate, simulate, load_scenario, preset

The display language (English or 简体中文) of figures, widgets, reports and the CLI::

    crmsim.set_language("zh")          # or: with crmsim.use_language("zh"): ...

Luxury analysis, frontier maps, experiments and sensitivity live in
:mod:`crmsim.luxury`, :mod:`crmsim.frontier`, :mod:`crmsim.experiments` and
:mod:`crmsim.sensitivity`.
"""

from importlib import metadata as _metadata

from crmsim._validate import ScenarioError
from crmsim.analytic import evaluate
from crmsim.compare import compare_levels
from crmsim.i18n import get_language, set_language, use_language
from crmsim.levels import DEFAULT_LEVELS, LEVEL_NAMES, RelationshipLevel
from crmsim.presets import preset, preset_names
from crmsim.scenario import Acquisition, ComplaintDesk, Lifecycle, Programme, Scenario, Staff
from crmsim.scenario_io import load_scenario, save_scenario
from crmsim.segments import Segment
from crmsim.simulation import simulate
from crmsim.states import BUYING_STATES, STATES

try:
    __version__ = _metadata.version("crmsim")
except _metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "BUYING_STATES",
    "DEFAULT_LEVELS",
    "LEVEL_NAMES",
    "STATES",
    "Acquisition",
    "ComplaintDesk",
    "Lifecycle",
    "Programme",
    "RelationshipLevel",
    "Scenario",
    "ScenarioError",
    "Segment",
    "Staff",
    "__version__",
    "compare_levels",
    "evaluate",
    "get_language",
    "load_scenario",
    "preset",
    "preset_names",
    "save_scenario",
    "set_language",
    "simulate",
    "use_language",
]
