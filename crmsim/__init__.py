"""crmsim: customer lifecycles under four relationship levels, and when they become luxurious.

The public API in one place::

    from crmsim import Scenario, Segment, evaluate, simulate, load_scenario, preset
"""

from crmsim._validate import ScenarioError
from crmsim.analytic import evaluate
from crmsim.levels import DEFAULT_LEVELS, LEVEL_NAMES, RelationshipLevel
from crmsim.scenario import Acquisition, ComplaintDesk, Lifecycle, Programme, Scenario, Staff
from crmsim.segments import Segment
from crmsim.states import BUYING_STATES, STATES

__version__ = "0.1.0"

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
    "evaluate",
]
