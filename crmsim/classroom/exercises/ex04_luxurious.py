"""Exercise 04 · When does a relationship become luxurious (奢侈的)?

Questions for ``exercises/masters/ex04_luxurious.py``: break-even mutual importance and
switching cost, which changes would make partnership pay for the important customers and
which would make it luxurious for the key accounts (each answer key asks the model, change
by change), what a dominant customer does to the frontier map, a simulated check, with
common random numbers, of the alliance's extra profit for a strategic pair, and a prediction
of which of the texts' conditions matters most, answered by scenario discovery.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']
>>> key_accounts_alone(mutual_importance=0.42).segments[0].mutual_importance
0.42
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from crmsim.analysis.break_even_points import break_even
from crmsim.analysis.discovery import Discovery, box_text, discover
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.luxury import luxury_verdicts
from crmsim.classroom.exercises.chinese import in_chinese
from crmsim.classroom.exercises.helpers import alone, value_per_customer
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.classroom.feedback.wording import Bilingual, bi_format
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import evaluate
from crmsim.engines.simulation import simulate
from crmsim.language.translate import parameter_label, use_language
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Scenario

__all__ = [
    "EXERCISE",
    "Q3_CHANGES",
    "Q4_CHANGES",
    "Q7_CONDITIONS",
    "QUESTIONS",
    "TITLE",
    "changes_that_make_partnership_luxurious",
    "changes_that_make_partnership_pay",
    "condition_discovery",
    "important_alone",
    "key_accounts_alone",
    "partnership_pays",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "strategic_pair",
]

EXERCISE = "ex04_luxurious"
TITLE = "When does a relationship become luxurious (奢侈的)?"
REFERENCE_SEED = 2026
"""Seed of the reference run behind the standard error of question 6."""
SIM_CUSTOMERS = 3000


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


# -- q1 --------------------------------------------------------------------------------


def _only(values: tuple[float, ...]) -> float:
    (value,) = values
    return float(value)


q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    low=0.0,
    high=1.0,
    title="Key accounts: the mutual importance below which partnership stops paying",
    reference=lambda: _only(break_even(key_accounts_alone(), level="partnership",
                                       parameter="mutual_importance").values),
    rel_tol=0.0,
    abs_tol=0.01,
    hints=(
        "`break_even(scenario, level=..., parameter=...)` finds where a level's extra "
        "profit over the next cheaper level changes sign. Printing its result shows a "
        "sentence; the number to answer with is in the result's `.values` (a tuple).",
        "Use `level=\"partnership\"` and `parameter=\"mutual_importance\"`; `.values[0]` "
        "is the break-even point.",
    ),
    solution_code="""\
found = break_even(key_accounts_alone(), level="partnership", parameter="mutual_importance")
print(found.statement)
threshold = found.values[0]""",
    explanation="Mutual importance (彼此具有重要意义) scales what partnership creates: value "
    "created jointly, the strategic use of information and the entry barrier. Below the "
    "threshold the partnership's cost is no longer covered, even for customers as large as "
    "key accounts.",
)


# -- q2 --------------------------------------------------------------------------------

q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    low=0.0,
    high=1.0,
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
        "Build the scenario with `key_accounts_alone(mutual_importance=0.42)` and pass it to "
        "`break_even`, as in question 1: the number is in the result's `.values`, not in the "
        "sentence it prints.",
        "Then `break_even(..., level=\"partnership\", parameter=\"switching_cost\").values[0]`.",
    ),
    solution_code="""\
found = break_even(key_accounts_alone(mutual_importance=0.42), level="partnership",
                   parameter="switching_cost")
threshold = found.values[0]""",
    explanation="Near the frontier, switching cost (转移成本) can decide: partnership's "
    "entry barrier keeps more customers the costlier it is for them to leave, and each side "
    "invests in joint work only as far as the other's cost of leaving protects it.",
)


# -- q3 --------------------------------------------------------------------------------


def partnership_pays(scenario: Scenario) -> bool:
    """Whether partnership pays (against preferred supplier) for the scenario's only
    segment, by the analytic engine (:func:`crmsim.analysis.luxury.luxury_verdicts`)."""
    verdicts = luxury_verdicts(scenario).set_index("level")
    return bool(verdicts.loc["partnership", "verdict"] == "pays")


Q3_CHANGES: dict[str, dict[str, float]] = {
    "a": {"mutual_importance": 0.9},
    "b": {"switching_cost": 0.9},
    "c": {"mutual_need": 0.9},
    "d": {"annual_wallet": 1_200_000.0},
    "e": {"mutual_importance": 0.9, "mutual_need": 0.9, "switching_cost": 0.9},
}
"""The changes of question 3's options, made to the important customers."""


def changes_that_make_partnership_pay(scenario: Scenario) -> frozenset[str]:
    """Letters of :data:`Q3_CHANGES` that turn partnership from luxurious to paying for the
    scenario's only segment, each change made on its own (analytic engine).

    Examples
    --------
    >>> sorted(changes_that_make_partnership_pay(important_alone()))
    ['e']
    """
    if partnership_pays(scenario):
        raise ScenarioError("partnership already pays for this segment: no change is needed.")
    name = scenario.segments[0].name
    return frozenset(key for key, change in Q3_CHANGES.items()
                     if partnership_pays(scenario.with_segment(name, **change)))


q3 = ChoiceQuestion(
    id=f"{EXERCISE}.q3",
    title="Partnership is luxurious for the important customers: which change would make it "
    "pay?",
    options=(
        ("a", "mutual importance 0.9 instead of 0.4, nothing else changed"),
        ("b", "switching cost 0.9 instead of 0.4, nothing else changed"),
        ("c", "mutual need 0.9 instead of 0.4, nothing else changed"),
        ("d", "customers 50 times larger (annual wallet 1.2 million instead of 24,000), "
              "nothing else changed"),
        ("e", "mutual importance, mutual need and switching cost all 0.9 together (power "
              "stays balanced, size unchanged)"),
    ),
    correct=lambda: changes_that_make_partnership_pay(important_alone()),
    select_all=True,
    option_feedback={
        "a": "one condition alone adds little: the value created jointly grows with "
        "importance × need × switching cost, and the other two stay middling.",
        "b": "a higher switching cost alone mostly keeps customers who would have stayed "
        "anyway; importance and need stay middling.",
        "c": "need alone adds little value created jointly while importance and switching "
        "cost stay middling.",
        "d": "size alone does not do it: partnership's costs grow with the account, and "
        "without the texts' conditions what it creates grows no faster.",
        "e": "make the three changes together and read the partnership row of "
        "`luxury_verdicts`.",
    },
    why="The texts' conditions work together: the value a partnership creates jointly grows "
    "with mutual importance × mutual need × switching cost (and is largest when power is "
    "balanced), so one condition alone, or size alone, is not enough; all of them together "
    "make partnership pay even at the important customers' size.",
    hints=(
        "Make each change with `important_alone(field=value, ...)` and run "
        "`luxury_verdicts`.",
        "Look at the `verdict` of the partnership row each time.",
    ),
    solution_code="""\
changes = {"a": dict(mutual_importance=0.9), "b": dict(switching_cost=0.9),
           "c": dict(mutual_need=0.9), "d": dict(annual_wallet=1_200_000.0),
           "e": dict(mutual_importance=0.9, mutual_need=0.9, switching_cost=0.9)}
for key, change in changes.items():
    verdicts = luxury_verdicts(important_alone(**change)).set_index("level")
    print(key, verdicts.loc["partnership", "verdict"])""",
)


# -- q4 --------------------------------------------------------------------------------

Q4_CHANGES: dict[str, dict[str, float]] = {
    "a": {"mutual_importance": 0.1},
    "b": {"switching_cost": 0.1},
    "c": {"customer_power": 0.95},
    "d": {"customer_power": 0.05},
    "e": {"mutual_need": 0.1},
    "f": {"annual_wallet": 100_000.0},
}
"""The changes of question 4's options, made to the key accounts."""


def changes_that_make_partnership_luxurious(scenario: Scenario) -> frozenset[str]:
    """Letters of :data:`Q4_CHANGES` that turn partnership from paying to luxurious for the
    scenario's only segment, each change made on its own (analytic engine).

    Examples
    --------
    >>> sorted(changes_that_make_partnership_luxurious(key_accounts_alone()))
    ['a', 'b', 'c', 'd']
    """
    if not partnership_pays(scenario):
        raise ScenarioError("partnership is already luxurious for this segment.")
    name = scenario.segments[0].name
    return frozenset(key for key, change in Q4_CHANGES.items()
                     if not partnership_pays(scenario.with_segment(name, **change)))


q4 = ChoiceQuestion(
    id=f"{EXERCISE}.q4",
    title="Partnership pays for the key accounts: which single change, made alone, would make "
    "it luxurious? Select every one",
    options=(
        ("a", "mutual importance falls to 0.1 (from 0.9)"),
        ("b", "switching cost falls to 0.1 (from 0.85)"),
        ("c", "the customer dominates the bargaining (customer power 0.95 instead of 0.5)"),
        ("d", "the firm dominates the bargaining (customer power 0.05 instead of 0.5)"),
        ("e", "mutual need falls to 0.1 (from 0.75)"),
        ("f", "the accounts are a tenth of the size (100,000 a year instead of 1 million)"),
    ),
    correct=lambda: changes_that_make_partnership_luxurious(key_accounts_alone()),
    select_all=True,
    option_feedback={
        "a": "make the change alone and read the partnership row of `luxury_verdicts`.",
        "b": "make the change alone and read the partnership row of `luxury_verdicts`.",
        "c": "make the change alone and read the partnership row of `luxury_verdicts`.",
        "d": "make the change alone and read the partnership row of `luxury_verdicts`.",
        "e": "less need means less value created jointly, but partnership's strategic use "
        "of information and its entry barrier do not depend on need; look at what the same "
        "change does to the alliance row.",
        "f": "partnership's costs grow with the account, and so does what it creates: for "
        "an account this large, size does not decide.",
    },
    why="Each of the other conditions is necessary: with little mutual importance, low "
    "switching costs, or power out of balance in either direction, partnership becomes "
    "luxurious even for accounts this large. Size does not decide once an account is large, "
    "and mutual need matters less for partnership than for the alliance, whose joint "
    "growth rests on it.",
    hints=(
        "Make each change with `key_accounts_alone(field=value)` and run `luxury_verdicts`.",
        "Look at the `verdict` of the partnership row each time; then look at the alliance "
        "row too.",
    ),
    solution_code="""\
changes = {"a": dict(mutual_importance=0.1), "b": dict(switching_cost=0.1),
           "c": dict(customer_power=0.95), "d": dict(customer_power=0.05),
           "e": dict(mutual_need=0.1), "f": dict(annual_wallet=100_000.0)}
for key, change in changes.items():
    verdicts = luxury_verdicts(key_accounts_alone(**change)).set_index("level")
    print(key, verdicts.loc["partnership", "verdict"], verdicts.loc["alliance", "extra_profit"])""",
)


# -- q5 --------------------------------------------------------------------------------


def _deep_share(customer_power: float) -> float:
    fmap = frontier_map(key_accounts_alone(), n_points=21,
                        fixed={"customer_power": customer_power})
    return float(fmap.at_least("partnership").mean())


q5 = PredictionQuestion(
    id=f"{EXERCISE}.q5",
    low=0.0,
    high=1.0,
    title="Predict: the share of the key accounts' frontier map where partnership or above is "
    "best when the customer dominates (customer power 0.9)",
    result=lambda: _deep_share(0.9),
    lesson=lambda: bi_format(
        "With balanced power (0.5) the share is {balanced:.0%}; with the customer dominating "
        "it is {dominant:.0%}. A dominant customer takes most of the value created jointly, "
        "and joint work needs both sides to invest: balanced power is one of the texts' "
        "conditions.",
        "力量均衡（0.5）时，这个比例是 {balanced:.0%}；客户占主导时是 {dominant:.0%}。"
        "占主导的客户拿走了共同创造的价值的大部分，而共同工作需要双方都投入：力量均衡正是教材中的条件之一。",
        balanced=_deep_share(0.5), dominant=_deep_share(0.9),
    ),
    hints=("Share = number of grid points where partnership or alliance is best ÷ all points "
           "(between 0 and 1).",),
    solution_code="""\
fmap = frontier_map(key_accounts_alone(), n_points=21, fixed={"customer_power": 0.9})
share = fmap.at_least("partnership").mean()""",
)


# -- q6 --------------------------------------------------------------------------------


def strategic_pair(n_customers: int | None = None, *, referrals: bool = True) -> Scenario:
    """The classroom's key accounts as a strategic pair: mutual importance, mutual need and
    switching cost all 1, power balanced, alone with unlimited staff (question 6).

    Examples
    --------
    >>> seg = strategic_pair(10).segments[0]
    >>> seg.mutual_importance, seg.mutual_need, seg.switching_cost, seg.n_customers
    (1.0, 1.0, 1.0, 10)
    """
    return key_accounts_alone(n_customers, referrals=referrals, mutual_importance=1.0,
                              mutual_need=1.0, switching_cost=1.0)


def _sim_scenario() -> Scenario:
    return strategic_pair(SIM_CUSTOMERS, referrals=False)


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
    title="Simulate 3,000 strategic pairs with common random numbers: extra value per "
    "customer of the alliance over partnership",
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
scenario = strategic_pair(3000, referrals=False)
alliance = simulate(scenario, plan="alliance", seed=7)
partnership = simulate(scenario, plan="partnership", seed=7)
gain = (alliance.summary["value_per_customer"].iloc[0]
        - partnership.summary["value_per_customer"].iloc[0])""",
    explanation="Positive: where both sides matter fully to and need each other, power is "
    "balanced and leaving is as costly as it gets, joint growth and supply-chain savings "
    "repay the alliance's cost. With common random numbers the standard error of the "
    "difference comes from the per-customer differences, much smaller than with two "
    "independent runs.",
    unit="(currency per customer)",
)

# -- q7 --------------------------------------------------------------------------------

Q7_CONDITIONS: dict[str, str] = {
    "a": "mutual_importance",
    "b": "mutual_need",
    "c": "customer_power",
    "d": "switching_cost",
}
"""The texts' four conditions, by question 7's letters."""


@cache
def condition_discovery(n_points: int = 2000, seed: int = 0) -> Discovery:
    """Scenario discovery on the key accounts (:func:`key_accounts_alone`): where does
    partnership pay, with the texts' four conditions sampled over 0–1 (size held)?

    Examples
    --------
    >>> found = condition_discovery(200)
    >>> [path.rpartition(".")[2] for path, _, _ in found.ranges]
    ['mutual_importance', 'mutual_need', 'customer_power', 'switching_cost']
    """
    return discover(key_accounts_alone(), level="partnership", outcome="pays",
                    ranges=list(Q7_CONDITIONS.values()), n_points=n_points, seed=seed)


def _most_significant() -> str:
    box = condition_discovery().boxes[0]
    field = box.restricted[0].rpartition(".")[2]
    return next(letter for letter, name in Q7_CONDITIONS.items() if name == field)


def _q7_lesson() -> str:
    found = condition_discovery()
    box = found.boxes[0]
    order_en = ", ".join(path.rpartition(".")[2].replace("_", " ") for path in box.restricted)
    with use_language("en"):
        found_en = box_text(found)
    with use_language("zh"):
        found_zh = box_text(found)
        order_zh = "、".join(parameter_label(path) for path in box.restricted)
    return bi_format(
        "{found} PRIM lists the box's limits most significant first: {order}. The first is the "
        "condition the verdict turns on most sharply; compare the whole order with the four "
        "conditions as the texts list them, and look at how close the first two are "
        "(`box.trajectory` shows where each limit came in).",
        "{found}PRIM 按重要性从高到低列出框的边界：{order}。第一个就是结论最敏感地取决于的条件；"
        "把整个顺序与教材列出的四个条件比较一下，并看看前两个有多接近（`box.trajectory` "
        "显示每条边界是在哪一步加入的）。",
        found=Bilingual(found_en, found_zh), order=Bilingual(order_en, order_zh),
    )


q7 = PredictionQuestion(
    id=f"{EXERCISE}.q7",
    title="Predict which of the texts' four conditions matters most for whether partnership "
    "pays for the key accounts, then run scenario discovery",
    options=tuple((letter, field.replace("_", " ")) for letter, field in Q7_CONDITIONS.items()),
    result=_most_significant,
    lesson=_q7_lesson,
    hints=(
        "Record your guess first, e.g. `q7.check(\"c\")`.",
        "`discover(key_accounts_alone(), level=\"partnership\", ranges=[...])` samples the "
        "four conditions; the first box's `restricted` lists its limits most significant "
        "first.",
    ),
    solution_code="""\
found = discover(key_accounts_alone(), level="partnership", outcome="pays",
                 ranges=["mutual_importance", "mutual_need", "customer_power",
                         "switching_cost"], n_points=2000, seed=0)
print(box_text(found))
found.boxes[0].restricted[0]""",
)

q1, q2, q3, q4, q5, q6, q7 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6, q7)
QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
"""The questions, in notebook order."""
