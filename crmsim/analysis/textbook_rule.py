"""The texts' rule for deep relationships, set beside the model's luxury map.

The texts say a relationship at partnership level or above suits a customer only where
supplier and customer are important to each other, switching costs are high and neither
side's bargaining power controls the other. Notebook 04 reads "high" as at least
:data:`RULE_HIGH` on the 0–1 scales and "balanced" as the customer's bargaining power within
:data:`RULE_BALANCED`: a reading of words, not a model parameter.

The model never uses the rule. Where a level is best comes from the map
(:func:`crmsim.analysis.frontier.frontier_map`: costs, retention, co-created value and who
captures it); :func:`textbook_rule_check` only measures how far the texts' corner of that
map and the model's own region of partnership-or-above overlap.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.frontier import frontier_map
>>> key = Segment(name="key accounts", annual_wallet=600_000.0, customer_power=0.5)
>>> fmap = frontier_map(Scenario(segments=(key,)), n_points=11)
>>> check = textbook_rule_check(fmap, customer_power=0.5)
>>> check.power_balanced, check.level
(True, 'partnership')
>>> 0.0 <= check.agreement <= 1.0
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmsim.analysis.frontier import FrontierMap
from crmsim.common.checks import check_probability
from crmsim.common.errors import ScenarioError

__all__ = ["RULE_BALANCED", "RULE_HIGH", "TextbookRuleCheck", "textbook_rule_check"]

RULE_HIGH = 0.6
""""High" mutual importance and switching cost, as notebook 04 reads the texts."""

RULE_BALANCED = (0.3, 0.7)
"""Customer bargaining power at which "neither side controls the other" (inclusive)."""


@dataclass(frozen=True, slots=True)
class TextbookRuleCheck:
    """The texts' corner against a frontier map (see :func:`textbook_rule_check`).

    Shares are fractions of the map's grid points; NaN where the share is of nothing.

    Attributes
    ----------
    level : str
        The level the rule speaks of; "or above" means this level or a deeper one is best.
    power_balanced : bool
        The customer's bargaining power lies within :data:`RULE_BALANCED`.
    region_share : float
        Share of the map where ``level`` or a deeper one is best (the model's verdict).
    region_in_corner : float
        Share of that region inside the texts' corner (both axes at least
        :data:`RULE_HIGH`).
    corner_in_region : float
        Share of the texts' corner where ``level`` or a deeper one is best.
    agreement : float
        Share of the map where the rule (inside the corner and power balanced) and the map
        (``level`` or deeper is best) say the same.
    """

    level: str
    power_balanced: bool
    region_share: float
    region_in_corner: float
    corner_in_region: float
    agreement: float


def textbook_rule_check(fmap: FrontierMap, customer_power: float, *,
                        level: str = "partnership") -> TextbookRuleCheck:
    """Compare the texts' corner with where ``fmap`` says ``level`` or above is best.

    Parameters
    ----------
    fmap : FrontierMap
        A map over mutual importance (x) × switching cost (y), the default axes of
        :func:`crmsim.analysis.frontier.frontier_map`.
    customer_power : float
        The customer's bargaining power the map was computed at (0–1).
    level : str
        The level of the rule (default partnership; "or above" includes deeper levels).

    Returns
    -------
    TextbookRuleCheck

    Raises
    ------
    ScenarioError
        If the map's axes are not mutual importance and switching cost, or ``level`` is
        not one of its levels.
    """
    if not (fmap.x_path.endswith(".mutual_importance")
            and fmap.y_path.endswith(".switching_cost")):
        raise ScenarioError(
            "the textbook rule needs a map over mutual importance (x) and switching cost (y); "
            f"received a map over '{fmap.x_path}' and '{fmap.y_path}'."
        )
    power = check_probability("customer_power", customer_power)
    region = fmap.at_least(level)
    xx, yy = np.meshgrid(fmap.x, fmap.y)
    corner = (xx >= RULE_HIGH) & (yy >= RULE_HIGH)
    balanced = RULE_BALANCED[0] <= power <= RULE_BALANCED[1]
    rule = corner & balanced
    both = int((region & corner).sum())
    n_region, n_corner = int(region.sum()), int(corner.sum())
    return TextbookRuleCheck(
        level=level,
        power_balanced=balanced,
        region_share=float(region.mean()),
        region_in_corner=both / n_region if n_region else float("nan"),
        corner_in_region=both / n_corner if n_corner else float("nan"),
        agreement=float((rule == region).mean()),
    )
