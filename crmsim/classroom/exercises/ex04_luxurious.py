"""Exercise 04 · When does a relationship become luxurious (奢侈的)?

Questions for ``exercises/masters/ex04_luxurious.py``: break-even mutual importance and
switching cost, which changes would make partnership pay, why it is luxurious for small
customers, what a dominant customer does to the frontier map, and a simulated check of
the alliance's extra profit with common random numbers.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6']
>>> key_accounts_alone(mutual_importance=0.42).segments[0].mutual_importance
0.42
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from crmsim.analysis.break_even_points import break_even
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.luxury import luxury_verdicts
from crmsim.classroom.exercises.helpers import alone, value_per_customer
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.engines.analytic import evaluate
from crmsim.engines.simulation import simulate
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.segments import Segment

__all__ = [
    "EXERCISE",
    "QUESTIONS",
    "TITLE",
    "important_alone",
    "key_accounts_alone",
    "ordinary_alone",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
]

EXERCISE = "ex04_luxurious"
TITLE = "When does a relationship become luxurious (奢侈的)?"
REFERENCE_SEED = 2026
"""Seed of the reference run behind the standard error of question 6."""
SIM_CUSTOMERS = 800


def key_accounts_alone(n_customers: int | None = None, *, referrals: bool = True,
                       **changes: object) -> Scenario:
    """The classroom's key accounts alone at preferred supplier, with unlimited staff.

    ``changes`` are segment fields to change (e.g. ``mutual_importance=0.42``).
    """
    return alone(preset("classroom"), "key accounts", level="preferred",
                 n_customers=n_customers, referrals=referrals, **changes)


def important_alone(**changes: object) -> Scenario:
    """The classroom's important customers alone, with unlimited staff."""
    return alone(preset("classroom"), "important customers", **changes)


def ordinary_alone() -> Scenario:
    """The classroom's ordinary customers alone, with unlimited staff."""
    return alone(preset("classroom"), "ordinary customers")


# -- q1 --------------------------------------------------------------------------------


def _only(values: tuple[float, ...]) -> float:
    (value,) = values
    return float(value)


q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    title="Key accounts: the mutual importance below which partnership stops paying",
    reference=lambda: _only(break_even(key_accounts_alone(), level="partnership",
                                       parameter="mutual_importance").values),
    rel_tol=0.0,
    abs_tol=0.01,
    hints=(
        "`break_even(scenario, level=..., parameter=...)` finds where a level's extra "
        "profit over the next cheaper level changes sign.",
        "Use `level=\"partnership\"` and `parameter=\"mutual_importance\"`; the result's "
        "`values` holds the break-even point(s).",
    ),
    solution_code="""\
found = break_even(key_accounts_alone(), level="partnership", parameter="mutual_importance")
print(found.statement)
threshold = found.values[0]""",
    explanation="Mutual importance (彼此具有重要意义) scales the value created jointly; below "
    "the threshold the partnership's cost is no longer covered, even for customers as large "
    "as key accounts.",
)


# -- q2 --------------------------------------------------------------------------------

q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    title="A key account with mutual importance 0.42: the break-even switching cost",
    reference=lambda: _only(break_even(key_accounts_alone(mutual_importance=0.42),
                                       level="partnership", parameter="switching_cost").values),
    rel_tol=0.0,
    abs_tol=0.01,
    mistakes=(
        Mistake(value=lambda: q1.reference_answer(),
                message="that is the break-even *mutual importance* (question 1); here mutual "
                "importance is fixed at 0.42 and the switching cost varies."),
    ),
    hints=(
        "Build the scenario with `key_accounts_alone(mutual_importance=0.42)`.",
        "Then `break_even(..., level=\"partnership\", parameter=\"switching_cost\")`.",
    ),
    solution_code="""\
found = break_even(key_accounts_alone(mutual_importance=0.42), level="partnership",
                   parameter="switching_cost")
threshold = found.values[0]""",
    explanation="Near the frontier, switching cost (转移成本) can decide: partnership's "
    "lock-in keeps more customers the costlier it is for them to leave, and here that tips "
    "the balance.",
)


# -- q3 --------------------------------------------------------------------------------

_Q3_CHANGES = {
    "a": {"mutual_importance": 0.9},
    "b": {"switching_cost": 0.9},
    "c": {"customer_power": 0.2},
}


def _q3_scenarios() -> dict[str, Scenario]:
    wallet = preset("classroom").segment("important customers").annual_wallet
    changes = {**_Q3_CHANGES, "d": {"annual_wallet": 50.0 * wallet}}
    return {key: important_alone(**change) for key, change in changes.items()}


def _partnership_pays() -> frozenset[str]:
    paying = set()
    for key, scenario in _q3_scenarios().items():
        verdicts = luxury_verdicts(scenario).set_index("level")
        if verdicts.loc["partnership", "verdict"] == "pays":
            paying.add(key)
    return frozenset(paying)


q3 = ChoiceQuestion(
    id=f"{EXERCISE}.q3",
    title="Partnership is luxurious for the important customers: which single change, alone, "
    "would make it pay?",
    options=(
        ("a", "mutual importance 0.9 instead of 0.4"),
        ("b", "switching cost 0.9 instead of 0.4"),
        ("c", "customer power 0.2 (the firm dominates) instead of 0.5"),
        ("d", "customers 50 times larger (annual wallet 1.2 million instead of 24,000)"),
    ),
    correct=_partnership_pays,
    select_all=True,
    option_feedback={
        "a": "more value created jointly is not enough for customers this small: "
        "partnership's running cost and manager hours dwarf it.",
        "b": "a higher switching cost mostly keeps customers who would have stayed anyway.",
        "c": "a weaker customer takes fewer concessions, but the saving is small next to "
        "partnership's cost.",
    },
    why="Size decides for these customers: partnership's set-up, running cost and manager "
    "hours are largely fixed per customer, so only a customer large enough covers them. The "
    "textbook conditions matter at the margin, size first.",
    hints=(
        "Make each change with `important_alone(field=value)` and run `luxury_verdicts`.",
        "Look at the `verdict` of the partnership row each time.",
    ),
    solution_code="""\
changes = {"a": dict(mutual_importance=0.9), "b": dict(switching_cost=0.9),
           "c": dict(customer_power=0.2), "d": dict(annual_wallet=1_200_000.0)}
for key, change in changes.items():
    verdicts = luxury_verdicts(important_alone(**change)).set_index("level")
    print(key, verdicts.loc["partnership", "verdict"])""",
)


# -- q4 --------------------------------------------------------------------------------


def _ordinary_reasons() -> frozenset[str]:
    """Which reasons hold for the ordinary customers, read from their parameters."""
    scenario = ordinary_alone()
    seg: Segment = scenario.segments[0]
    partnership = scenario.level("partnership")
    monthly_margin = seg.monthly_wallet * seg.gross_margin
    overloaded = scenario.staff.n_account_managers is not None and (
        evaluate(scenario, plan="partnership").extra["served_fraction"] < 1.0
    )
    holds = {
        "a": partnership.running_cost_per_month > monthly_margin,
        "b": seg.mutual_importance < 0.3,
        "c": seg.customer_power > 0.6,
        "d": seg.switching_cost < 0.3,
        "e": overloaded,
    }
    return frozenset(key for key, ok in holds.items() if ok)


q4 = ChoiceQuestion(
    id=f"{EXERCISE}.q4",
    title="Why is partnership luxurious for the ordinary customers? Select every reason that "
    "holds for this segment",
    options=(
        ("a", "they are small: partnership's running cost per month exceeds the margin "
              "their purchases bring"),
        ("b", "supplier and customer matter little to each other, so little value is "
              "created jointly"),
        ("c", "the customer dominates the bargaining and captures the value created jointly"),
        ("d", "switching costs are low, so partnership's lock-in keeps few extra customers"),
        ("e", "the account managers are overloaded"),
    ),
    correct=_ordinary_reasons,
    select_all=True,
    option_feedback={
        "a": "compare the level's running_cost_per_month with a customer's monthly wallet × "
        "gross margin.",
        "b": "look at the segment's mutual_importance.",
        "c": "look at the segment's customer_power (0.5 is balanced, 1 the customer "
        "dominates).",
        "d": "look at the segment's switching_cost.",
        "e": "here the segment is alone with unlimited staff: nobody waits for a manager.",
    },
    why="Three of the texts' conditions fail at once: the customers are small, supplier and "
    "customer are not important to each other, and switching costs are low. Bargaining power "
    "is not the problem here (the firm dominates), and with unlimited staff nobody is "
    "overloaded.",
    hints=(
        "Print the segment: `ordinary_alone().segments[0]`, and the level: "
        "`ordinary_alone().level(\"partnership\")`.",
        "0.5 is a balanced customer power; values below 0.3 count as low.",
    ),
    solution_code="""\
seg = ordinary_alone().segments[0]
level = ordinary_alone().level("partnership")
print(seg.monthly_wallet * seg.gross_margin, level.running_cost_per_month)
print(seg.mutual_importance, seg.customer_power, seg.switching_cost)""",
)


# -- q5 --------------------------------------------------------------------------------


def _deep_share(customer_power: float) -> float:
    fmap = frontier_map(key_accounts_alone(), n_points=21,
                        fixed={"customer_power": customer_power})
    return float(fmap.at_least("partnership").mean())


q5 = PredictionQuestion(
    id=f"{EXERCISE}.q5",
    title="Predict: the share of the key accounts' frontier map where partnership or above is "
    "best when the customer dominates (customer power 0.9)",
    result=lambda: _deep_share(0.9),
    lesson=lambda: (
        f"With balanced power (0.5) the share is {_deep_share(0.5):.0%}. A dominant customer "
        "captures the value created jointly, so the firm pays for the relationship and gets "
        "little back: partnership becomes luxurious almost everywhere."
    ),
    hints=("Share = number of grid points where partnership or alliance is best ÷ all points "
           "(between 0 and 1).",),
    solution_code="""\
fmap = frontier_map(key_accounts_alone(), n_points=21, fixed={"customer_power": 0.9})
share = fmap.at_least("partnership").mean()""",
)


# -- q6 --------------------------------------------------------------------------------


def _sim_scenario() -> Scenario:
    return key_accounts_alone(SIM_CUSTOMERS, referrals=False)


@cache
def _alliance_gain() -> float:
    scenario = _sim_scenario()
    return (value_per_customer(evaluate(scenario, plan="alliance"))
            - value_per_customer(evaluate(scenario, plan="partnership")))


@cache
def _paired_se() -> float:
    scenario = _sim_scenario()
    values = [
        simulate(scenario, plan=level, seed=REFERENCE_SEED).customers
        .sort_values("customer")["discounted_value"].to_numpy()
        for level in ("alliance", "partnership")
    ]
    diff = values[0] - values[1]
    return float(np.std(diff, ddof=1) / math.sqrt(diff.size))


q6 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q6",
    title="Simulate 800 key accounts with common random numbers: extra value per customer of "
    "the alliance over partnership",
    expected=_alliance_gain,
    standard_error=_paired_se,
    hints=(
        "Run `simulate(scenario, plan=\"alliance\", seed=s)` and "
        "`simulate(scenario, plan=\"partnership\", seed=s)` with the **same** seed `s`.",
        "Subtract the partnership's `value_per_customer` from the alliance's.",
        "The same seed gives the same customers the same luck at both levels, so the "
        "difference is the levels, not noise: the check's tolerance assumes it.",
    ),
    solution_code="""\
scenario = key_accounts_alone(800, referrals=False)
alliance = simulate(scenario, plan="alliance", seed=7)
partnership = simulate(scenario, plan="partnership", seed=7)
gain = (alliance.summary["value_per_customer"].iloc[0]
        - partnership.summary["value_per_customer"].iloc[0])""",
    explanation="Negative: the alliance is luxurious for key accounts. With common random "
    "numbers the standard error of the difference comes from the per-customer differences, "
    "much smaller than with two independent runs.",
    unit="(currency per customer)",
)

QUESTIONS = (q1, q2, q3, q4, q5, q6)
"""The questions, in notebook order."""
