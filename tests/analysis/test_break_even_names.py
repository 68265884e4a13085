"""break_even with a mistyped bare segment field suggests the closest accepted name."""

from __future__ import annotations

import pytest

from crmsim import Scenario, Segment
from crmsim.analysis.break_even_points import break_even
from crmsim.common.errors import ScenarioError


def test_break_even_with_a_typo_suggests_switching_cost():
    scenario = Scenario(segments=(Segment(name="key"),))
    with pytest.raises(ScenarioError, match=r"did you mean 'switching_cost'\?"):
        break_even(scenario, level="partnership", parameter="switching_cst")
