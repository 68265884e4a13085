"""Tornado and Sobol sensitivity of the luxury verdict, and every figure of the analysis."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from crmsim import Scenario, ScenarioError, Segment, Staff
from crmsim.analysis import (
    assess_levels,
    break_even,
    frontier_map,
    portfolio,
    replicate,
    sobol_indices,
    sweep,
    tornado,
)
from crmsim.scenario import apply_parameters
from crmsim.views import LEVEL_COLOURS
from crmsim.views import luxury_plots as lp

KEY = Scenario(segments=(Segment(name="key", n_customers=20, annual_wallet=1_000_000.0,
                                 mutual_importance=0.9, switching_cost=0.9),))


def test_tornado_of_the_luxury_ratio():
    t = tornado(KEY)
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)
    assert (t["base"] == t["base"].iloc[0]).all()
    assert (t["base"] < 1).all()  # partnership pays for this key account
    # directional: a higher switching cost (more lock-in) lowers the ratio
    sc = t.set_index("parameter").loc["segment:key.switching_cost"]
    assert sc["output_high"] < sc["base"] < sc["output_low"]
    # the range stays inside the field's allowed range
    mi = t.set_index("parameter").loc["segment:key.mutual_importance"]
    assert mi["high"] == 1.0


def test_tornado_of_profit_per_level():
    t = tornado(KEY, level=None, output="value_per_customer",
                parameters={"gross_margin": (0.2, 0.4), "switching_cost": (0.0, 1.0)})
    assert len(t) == 2 * 4
    assert t["parameter"].iloc[0] == "segment:key.gross_margin"
    # a higher margin raises the profit of every level
    gm = t[t["parameter"] == "segment:key.gross_margin"]
    assert (gm["output_high"] > gm["output_low"]).all()
    with pytest.raises(ScenarioError, match="needs a level above the cheapest"):
        tornado(KEY, level="transactional")


def test_sobol_finds_the_parameters_that_matter_and_ignores_one_that_does_not():
    # wallet_cv only spreads wallets around the same mean: no effect on expected values;
    # importance and switching cost are sampled over the same full range
    result = sobol_indices(KEY, {"mutual_importance": (0.0, 1.0), "switching_cost": (0.0, 1.0),
                                 "wallet_cv": (0.0, 2.0)}, n_base=64, seed=1)
    by = result.set_index("parameter")
    assert by.loc["segment:key.wallet_cv", "ST"] == pytest.approx(0.0, abs=1e-9)
    assert result["parameter"].iloc[0] == "segment:key.mutual_importance"
    assert by.loc["segment:key.mutual_importance", "ST"] > 0.5
    assert len(result.attrs["samples"]) == 64 * (3 + 2)


def test_sobol_ratio_must_be_finite():
    # an alliance with exactly the partnership's effects returns nothing extra: ratio +inf
    same = apply_parameters(Scenario(segments=(Segment(name="t"),)), {
        "level:alliance.complaint_handling_bonus": 0.15, "level:alliance.lock_in": 0.8,
        "level:alliance.co_creation_rate": 0.1, "level:alliance.information_uplift": 0.04,
        "level:alliance.joint_growth_rate": 0.0, "level:alliance.supply_chain_saving": 0.0})
    with pytest.raises(ScenarioError, match="not finite"):
        sobol_indices(same, {"mutual_importance": (0.2, 0.4)}, output="luxury_ratio",
                      level="alliance", n_base=8)


# -- figures ---------------------------------------------------------------------------------


def _colours(fig) -> set[str]:
    found = set()
    for ax in fig.axes:
        for artist in [*ax.patches, *ax.lines, *ax.collections]:
            for getter in ("get_facecolor", "get_color", "get_edgecolor"):
                try:
                    c = getattr(artist, getter)()
                except AttributeError:
                    continue
                arr = np.atleast_2d(matplotlib.colors.to_rgba_array(c))
                found |= {matplotlib.colors.to_hex(x) for x in arr}
    return found


def test_every_figure_draws_with_the_level_colours():
    verdicts = assess_levels(KEY).verdicts
    figures = {
        "verdicts": lp.plot_verdicts(verdicts),
        "ratio": lp.plot_luxury_ratio(verdicts),
        "frontier": lp.plot_frontier(frontier_map(KEY, n_points=9)),
        "break_even": lp.plot_break_even(break_even(KEY, parameter="mutual_importance")),
        "tornado": lp.plot_tornado(tornado(KEY)),
        "sobol": lp.plot_sobol(sobol_indices(KEY, {"mutual_importance": (0.3, 1.0),
                                                   "switching_cost": (0.0, 1.0)}, n_base=8)),
    }
    small = Scenario(segments=(Segment(name="s", n_customers=10),), horizon_months=12)
    runs = replicate(small, n_replications=3, seed=1, executor="serial", progress_bar=False)
    figures["replications"] = lp.plot_replications(runs)
    swept = sweep(small, {"segment:s.switching_cost": [0.2, 0.8]}, n_replications=2,
                  executor="serial", progress_bar=False)
    figures["sweep"] = lp.plot_sweep(swept, "segment:s.switching_cost")
    two = Scenario(segments=(*KEY.segments, Segment(name="r", n_customers=100)),
                   staff=Staff(n_account_managers=2))
    figures["portfolio"] = lp.plot_portfolio(portfolio(two))
    for name, fig in figures.items():
        ax = fig.axes[0]
        assert ax.get_title(), name
        assert ax.get_xlabel() or ax.get_ylabel(), name
        assert ax.title.get_fontsize() >= 14, name
    assert LEVEL_COLOURS["partnership"] in _colours(figures["frontier"])
    assert LEVEL_COLOURS["preferred"] in _colours(figures["verdicts"])
    assert LEVEL_COLOURS["alliance"] in _colours(figures["replications"])
    assert LEVEL_COLOURS["partnership"] in _colours(figures["break_even"])
    plt.close("all")
