"""Exercise 03 · The four relationship levels (客户关系的四种类型).

Questions for ``exercises/masters/ex03_four_levels.py``: what each level is, what a step
up the ladder adds for the key accounts, retention by level (simulated), and the luxury
ratio of the strategic alliance.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6']
>>> key_accounts_alone().plan
(('key accounts', 'preferred'),)
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from crmsim.analysis.luxury import best_levels, luxury_ratio, luxury_verdicts
from crmsim.classroom.exercises.chinese import in_chinese
from crmsim.classroom.exercises.helpers import alone, binomial_se, buying_in_month
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.engines.analytic import evaluate
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Scenario

__all__ = ["EXERCISE", "QUESTIONS", "TITLE", "important_alone", "key_accounts_alone", "q1",
           "q2", "q3", "q4", "q5", "q6"]

EXERCISE = "ex03_four_levels"
TITLE = "The four relationship levels (客户关系的四种类型)"
LEVEL_LETTERS = {"transactional": "a", "preferred": "b", "partnership": "c", "alliance": "d"}
LEVEL_OPTIONS = (("a", "transactional (买卖关系)"), ("b", "preferred supplier (优先供应关系)"),
                 ("c", "partnership (合作伙伴关系)"), ("d", "strategic alliance (战略联盟)"))


def key_accounts_alone(n_customers: int | None = None, *, referrals: bool = True,
                       level: str = "preferred") -> Scenario:
    """The classroom's key accounts on their own, with unlimited staff.

    ``referrals=False`` switches word of mouth off (question 4 simulates them).
    """
    return alone(preset("classroom"), "key accounts", level=level, n_customers=n_customers,
                 referrals=referrals)


def important_alone() -> Scenario:
    """The classroom's important customers on their own, with unlimited staff."""
    return alone(preset("classroom"), "important customers")


@cache
def _key_verdicts() -> pd.DataFrame:
    return luxury_verdicts(key_accounts_alone()).set_index("level")


# -- q1 --------------------------------------------------------------------------------

q1 = ChoiceQuestion(
    id=f"{EXERCISE}.q1",
    title="What characterises the preferred-supplier level (优先供应关系)?",
    options=(
        ("a", "the firm hands part of its value to the customer (discounts, priority) to make "
              "trade long-term: an unequal relationship"),
        ("b", "value is created jointly by both sides and shared"),
        ("c", "both sides pay a heavy price if either defects"),
        ("d", "competition becomes supply chain against supply chain"),
    ),
    correct="a",
    option_feedback={
        "b": "value created jointly and shared is the mark of partnership (合作伙伴关系).",
        "c": "high switching costs for *both* sides belong to partnership and above.",
        "d": "that describes the strategic alliance (战略联盟).",
    },
    why="The preferred supplier buys loyalty with favours (concessions, priority, a team): "
    "the customer stays because of them, but leaving would not hurt the customer's "
    "competitiveness. In crmsim these favours are the `concessions` cash line.",
    hints=("Re-read the table of the four levels in notebook 03 (or domain.md §1).",),
)


# -- q2 --------------------------------------------------------------------------------

q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    title="Key accounts: extra discounted profit per customer of partnership over preferred",
    reference=lambda: float(_key_verdicts().loc["partnership", "extra_profit"]),
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: float(_key_verdicts().loc["partnership", "extra_profit"])
                * key_accounts_alone().segments[0].n_customers,
                message="that is for all the key accounts together; the question asks per "
                "customer."),
        Mistake(value=lambda: float(_key_verdicts().loc["partnership", "extra_cost"]),
                message="that is the extra cost only; the extra profit is the extra return "
                "minus the extra cost."),
        Mistake(value=lambda: float(_key_verdicts().loc["partnership", "extra_return"]),
                message="that is the extra return only; subtract the extra cost."),
    ),
    hints=(
        "`luxury_verdicts(key_accounts_alone())` compares each level with the next cheaper "
        "one, per customer.",
        "Read `extra_profit` on the row whose `level` is \"partnership\".",
    ),
    solution_code="""\
verdicts = luxury_verdicts(key_accounts_alone()).set_index("level")
extra = verdicts.loc["partnership", "extra_profit"]""",
    explanation="Positive: for the key accounts partnership pays. Its extra cost (set-up, "
    "running cost, manager hours) is smaller than what it brings back in retention, share of "
    "wallet and value created jointly.",
    unit="(currency per customer)",
)


# -- q3 --------------------------------------------------------------------------------


def _most_retained() -> str:
    scenario = key_accounts_alone()
    kept = {lv: buying_in_month(evaluate(scenario, plan=lv), scenario.horizon_months - 1)
            for lv in scenario.level_names}
    return LEVEL_LETTERS[max(kept, key=kept.__getitem__)]


q3 = PredictionQuestion(
    id=f"{EXERCISE}.q3",
    title="Predict: at which level are the most key accounts still buying after five years?",
    result=_most_retained,
    options=LEVEL_OPTIONS,
    hints=("Which levels remove churn through favours, and which through lock-in (high "
           "switching costs for both sides)?",),
    lesson="Retention improves at every step up the ladder. But keeping customers is not the "
    "same as earning from them: question 6 shows the level that keeps most of them is "
    "luxurious.",
    solution_code="""\
scenario = key_accounts_alone()
{level: evaluate(scenario, plan=level).summary["buying_end"].iloc[0]
 for level in scenario.level_names}""",
)


# -- q4 --------------------------------------------------------------------------------

SIM_CUSTOMERS = 2000


@cache
def _partnership_expected() -> float:
    scenario = key_accounts_alone(SIM_CUSTOMERS, referrals=False, level="partnership")
    return buying_in_month(evaluate(scenario), scenario.horizon_months - 1)


q4 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q4",
    title="Simulate 2,000 key accounts at partnership: how many buy in the last month?",
    expected=_partnership_expected,
    standard_error=lambda: binomial_se(_partnership_expected(), SIM_CUSTOMERS),
    mistakes=(
        Mistake(value=lambda: _partnership_expected() / SIM_CUSTOMERS,
                message="that looks like a share; the question asks for a number of "
                "customers.", rel_tol=0.25),
    ),
    hints=(
        "Simulate `key_accounts_alone(2000, referrals=False, level=\"partnership\")` with "
        "`simulate(..., seed=...)`.",
        "The last month is `scenario.horizon_months - 1` (59); add up `customers` in the "
        "buying states new, repeat and loyal.",
    ),
    solution_code="""\
scenario = key_accounts_alone(2000, referrals=False, level="partnership")
occ = simulate(scenario, seed=1).occupancy
last = occ[(occ["month"] == 59) & occ["state"].isin(["new", "repeat", "loyal"])]
count = last["customers"].sum()""",
    explanation="Each key account is still buying at the end with the same probability, "
    "independently, so the count is binomial and the check allows 4 standard errors around "
    "the analytic expectation.",
    unit="customers",
)


# -- q5 --------------------------------------------------------------------------------

q5 = ChoiceQuestion(
    id=f"{EXERCISE}.q5",
    title="Which level earns most per customer for the important customers?",
    options=LEVEL_OPTIONS,
    correct=lambda: LEVEL_LETTERS[str(best_levels(important_alone())["best_level"].iloc[0])],
    option_feedback={
        "a": "these customers value a relationship (orientation 0.7): compare what the next "
        "level up costs with what it brings back.",
        "c": "compare partnership's extra cost with its extra return (`luxury_verdicts`): "
        "how much value do two sides that matter to and need each other only moderately "
        "create jointly?",
        "d": "compare the alliance's extra cost with its extra return (`luxury_verdicts`).",
    },
    why="For most customers the preferred-supplier level is enough, as the texts say: its "
    "favours keep relationship-minded customers at a modest cost. Partnership pays only where "
    "both sides matter to and need each other, power is balanced and switching costs are "
    "high; with mutual importance, need and switching cost only middling, what it creates "
    "jointly does not cover its cost.",
    hints=("`best_levels(important_alone())` or `luxury_verdicts(important_alone())`.",),
    solution_code="best_levels(important_alone())",
)


# -- q6 --------------------------------------------------------------------------------


def _alliance_ratio() -> float:
    row = _key_verdicts().loc["alliance"]
    return float(row["luxury_ratio"])


def _alliance_vs_preferred() -> float:
    from crmsim.analysis.luxury import assess_levels

    values = assess_levels(key_accounts_alone()).values.set_index("level")
    cost = values.loc["alliance", "cost_per_customer"] - values.loc["preferred",
                                                                  "cost_per_customer"]
    ret = values.loc["alliance", "return_per_customer"] - values.loc["preferred",
                                                                   "return_per_customer"]
    return luxury_ratio(float(cost), float(ret))


q6 = NumberQuestion(
    id=f"{EXERCISE}.q6",
    title="Key accounts: the luxury ratio of the strategic alliance (extra cost ÷ extra return)",
    reference=_alliance_ratio,
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: 1.0 / _alliance_ratio(),
                message="you divided the extra return by the extra cost; the luxury ratio is "
                "extra cost ÷ extra return."),
        Mistake(value=_alliance_vs_preferred,
                message="compare the alliance with the next cheaper level (partnership), not "
                "with preferred supplier."),
    ),
    hints=(
        "The verdicts table has a `luxury_ratio` column.",
        "The alliance row compares it with partnership, the next cheaper level.",
    ),
    solution_code="""\
verdicts = luxury_verdicts(key_accounts_alone()).set_index("level")
ratio = verdicts.loc["alliance", "luxury_ratio"]""",
    explanation="Above 1, the extra cost exceeds the extra return: the alliance is luxurious "
    "(奢侈的) for these key accounts, although it keeps the most of them. They sit close to "
    "the alliance's frontier: with mutual importance, need and switching cost a little "
    "higher it would pay (exercise 04, question 6).",
)

q1, q2, q3, q4, q5, q6 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6)
QUESTIONS = (q1, q2, q3, q4, q5, q6)
"""The questions, in notebook order."""
