"""The one exception a user mistake raises.

Examples
--------
>>> raise ScenarioError("Segment.gross_margin must be a number in [0, 1]; received 1.5.")
Traceback (most recent call last):
...
crmsim.common.errors.ScenarioError: Segment.gross_margin must be a number in [0, 1]; received 1.5.
"""

from __future__ import annotations

__all__ = ["ScenarioError"]


class ScenarioError(ValueError):
    """A scenario, parameter or input file holds a value the model cannot use.

    The message is one sentence meant for the person who wrote the value.
    """
