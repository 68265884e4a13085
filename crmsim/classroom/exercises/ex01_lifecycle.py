"""Exercise 01 · The customer lifecycle (客户生命周期).

Questions for ``exercises/masters/ex01_lifecycle.py``: customers flow from potential
(潜在客户) and target (目标客户) to new (新客户), repeat (老客户) and loyal (忠诚客户), and
are lost (流失客户) or won back (挽回). All references are computed from the
``classroom`` preset when an answer is checked.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6']
>>> ordinary_alone().segments[0].n_customers
2000
"""

from __future__ import annotations

import dataclasses
from functools import cache

from crmsim.analysis.teaching import expected_flows, scaled_churn
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
from crmsim.engines.results import Results
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Scenario

__all__ = ["EXERCISE", "QUESTIONS", "TITLE", "ordinary_alone", "q1", "q2", "q3", "q4", "q5",
           "q6"]

EXERCISE = "ex01_lifecycle"
TITLE = "The customer lifecycle (客户生命周期)"
ORDINARY = "ordinary customers"
SIM_MONTH = 24


def ordinary_alone(n_customers: int = 2000) -> Scenario:
    """The classroom's ordinary customers on their own, for simulation (question 5).

    Referrals are switched off (nobody new joins) and staff is unlimited, so every customer
    moves independently of the others.
    """
    return alone(preset("classroom"), ORDINARY, n_customers=n_customers, referrals=False)


@cache
def _classroom() -> Results:
    return evaluate(preset("classroom"))


def _row(results: Results, column: str, segment: str = ORDINARY) -> float:
    return float(results.summary.set_index("segment").loc[segment, column])


# -- q1 --------------------------------------------------------------------------------

q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    title="Ordinary customers still buying in the last month (analytic engine)",
    reference=lambda: _row(_classroom(), "buying_end"),
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: _row(_classroom(), "customers_start"),
                message="that is how many ordinary customers there are at the start; the "
                "question asks how many still buy in the last month."),
        Mistake(value=lambda: float(_classroom().summary["buying_end"].sum()),
                message="that counts every segment; keep only the ordinary customers."),
        Mistake(value=lambda: _row(_classroom(), "buying_months"),
                message="that is customer-months spent buying over all five years "
                "(buying_months), not the customers buying in the last month."),
    ),
    hints=(
        "`evaluate(scenario)` returns a `Results`; its `summary` has one row per segment.",
        "The column `buying_end` counts customers in a buying state (new, repeat or loyal) "
        "in the last month.",
        "`result.summary.set_index(\"segment\").loc[\"ordinary customers\", \"buying_end\"]`",
    ),
    solution_code="""\
result = evaluate(preset("classroom"))
buying_end = result.summary.set_index("segment").loc["ordinary customers", "buying_end"]""",
    explanation="Fewer than the 300 who started are still buying, but not many fewer: "
    "customers lost along the way are partly replaced by won-back customers and by the "
    "leads that word of mouth brings.",
    unit="customers",
)


# -- q2 --------------------------------------------------------------------------------


def _largest_flow_into_lost() -> str:
    flows = expected_flows(_classroom())
    into_lost = flows[flows["target"] == "lost"].groupby("source")["customers_per_month"].sum()
    return {"new": "a", "repeat": "b", "loyal": "c"}[str(into_lost.idxmax())]


q2 = ChoiceQuestion(
    id=f"{EXERCISE}.q2",
    title="Which buying state sends the most customers to lost each month?",
    options=(("a", "new customers (新客户)"), ("b", "repeat customers (老客户)"),
             ("c", "loyal customers (忠诚客户)")),
    correct=_largest_flow_into_lost,
    option_feedback={
        "a": "new customers have the highest churn *rate*, but a flow is customers × rate: "
        "look at how many customers are in each state.",
        "c": "loyal customers churn least per month (1.2 % before any level effect).",
    },
    why="A moderate churn rate applied to the largest group gives the largest flow: flow = "
    "customers × rate. Retention work pays most where many customers sit at a middling "
    "rate, not only where the rate is highest.",
    hints=(
        "`expected_flows(result)` lists the average customers per month moving from "
        "`source` to `target`.",
        "Keep the rows whose `target` is `\"lost\"` and compare `customers_per_month`.",
    ),
    solution_code="""\
flows = expected_flows(evaluate(preset("classroom")))
flows[flows["target"] == "lost"].sort_values("customers_per_month", ascending=False)""",
)


# -- q3 --------------------------------------------------------------------------------


def _months_to_churn(start: str) -> float:
    clv = _classroom().clv
    row = clv[(clv["segment"] == ORDINARY) & (clv["start_state"] == start)]
    return float(row["expected_months_to_churn"].iloc[0])


q3 = NumberQuestion(
    id=f"{EXERCISE}.q3",
    title="Expected months a new ordinary customer buys before first churning",
    reference=lambda: _months_to_churn("new"),
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: 1.0 / preset("classroom").lifecycle.churn_new,
                message="1 / churn_new assumes a new customer stays new until churning; new "
                "customers move on to repeat and loyal, where churn is lower. Use the "
                "engine's expected_months_to_churn."),
        Mistake(value=lambda: _months_to_churn("repeat"),
                message="that is for a customer who starts as a repeat customer; the "
                "question asks about a new one."),
        Mistake(value=lambda: _months_to_churn("loyal"),
                message="that is for a customer who starts as a loyal customer; the question "
                "asks about a new one."),
    ),
    hints=(
        "The analytic result has a `clv` table with one row per segment and start state.",
        "Its column `expected_months_to_churn` is what you need; pick segment "
        "\"ordinary customers\" and start_state \"new\".",
    ),
    solution_code="""\
clv = evaluate(preset("classroom")).clv
row = clv[(clv["segment"] == "ordinary customers") & (clv["start_state"] == "new")]
months = row["expected_months_to_churn"].iloc[0]""",
    explanation="A new customer who survives the fragile first months becomes a repeat and "
    "perhaps a loyal customer, whose churn is much lower: the expected time is far longer "
    "than 1 / (churn of new customers).",
    unit="months",
)


# -- q4 --------------------------------------------------------------------------------

q4 = PredictionQuestion(
    id=f"{EXERCISE}.q4",
    title="Predict: ordinary customers buying in the last month if every churn rate doubles",
    result=lambda: _row(evaluate(scaled_churn(preset("classroom"), 2.0)), "buying_end"),
    lesson="Churn compounds: the chance of surviving 60 months is (1 − churn)^60, so doubling "
    "the rate more than halves the survivors, and fewer buyers also bring fewer referrals.",
    unit="customers",
    hints=("Compare with your answer to q1. Is churn's effect proportional?",),
    solution_code="""\
faster = evaluate(scaled_churn(preset("classroom"), 2.0))
faster.summary.set_index("segment").loc["ordinary customers", "buying_end"]""",
)


# -- q5 --------------------------------------------------------------------------------


@cache
def _alone_expected() -> float:
    return buying_in_month(evaluate(ordinary_alone()), SIM_MONTH)


def _alone_se() -> float:
    return binomial_se(_alone_expected(), ordinary_alone().segments[0].n_customers)


def _alone_with_lost() -> float:
    occ = evaluate(ordinary_alone()).occupancy
    rows = occ[(occ["month"] == SIM_MONTH) & occ["state"].isin(["new", "repeat", "loyal",
                                                                 "lost"])]
    return float(rows["customers"].sum())


q5 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q5",
    title="Simulate 2,000 ordinary customers: how many still buy at the start of month 24?",
    expected=_alone_expected,
    standard_error=_alone_se,
    mistakes=(
        Mistake(value=_alone_with_lost,
                message="you counted lost customers too; only new, repeat and loyal customers "
                "buy."),
        Mistake(value=lambda: _alone_expected() / ordinary_alone().segments[0].n_customers,
                message="that looks like a share; the question asks for a number of "
                "customers.", rel_tol=0.25),
    ),
    hints=(
        "`simulate(scenario, seed=...)` runs the SimPy engine; any seed will do.",
        "Its `occupancy` frame has one row per month and state; keep `month == 24` and the "
        "states new, repeat and loyal, then add up `customers`.",
    ),
    solution_code="""\
sim = simulate(ordinary_alone(), seed=1)
occ = sim.occupancy
buying = occ[(occ["month"] == 24) & occ["state"].isin(["new", "repeat", "loyal"])]
count = buying["customers"].sum()""",
    explanation="Each customer buys at month 24 with the same probability p, independently "
    "of the others, so the count is binomial: standard error √(n p (1 − p)). The check "
    "accepts any run within 4 standard errors of the analytic expectation.",
    unit="customers",
)


# -- q6 --------------------------------------------------------------------------------

_LEVERS = {
    "a": lambda s: dataclasses.replace(
        s, acquisition=dataclasses.replace(
            s.acquisition, touch_points_per_month=2.0 * s.acquisition.touch_points_per_month)),
    "b": lambda s: scaled_churn(s, 0.5),
    "c": lambda s: dataclasses.replace(
        s, lifecycle=dataclasses.replace(s.lifecycle, win_back=2.0 * s.lifecycle.win_back)),
}


def _best_lever() -> str:
    gains = {key: _row(evaluate(change(preset("classroom"))), "buying_end")
             for key, change in _LEVERS.items()}
    return max(gains, key=gains.__getitem__)


q6 = ChoiceQuestion(
    id=f"{EXERCISE}.q6",
    title="Which single lever raises the ordinary customers buying in the last month most?",
    options=(("a", "twice the touch points (接触点) per prospect per month"),
             ("b", "half the churn of every buying state"),
             ("c", "twice the win-back (挽回) rate")),
    correct=_best_lever,
    option_feedback={
        "a": "touch points work on prospects (potential and target customers); most ordinary "
        "customers already buy, so acquisition only reaches the leads their referrals bring.",
        "c": "win-back acts only on customers who are already lost.",
    },
    why="Retention acts on the whole buying base every month; acquisition and win-back act "
    "only on the few customers outside it. Keeping customers beats winning them (back).",
    hints=(
        "Make each change with `dataclasses.replace` (or `scaled_churn`) and compare "
        "`buying_end` for the ordinary customers.",
        "Touch points live in `scenario.acquisition`, win-back in `scenario.lifecycle`.",
    ),
    solution_code="""\
base = preset("classroom")
levers = {
    "a": replace(base, acquisition=replace(base.acquisition, touch_points_per_month=2.0)),
    "b": scaled_churn(base, 0.5),
    "c": replace(base, lifecycle=replace(base.lifecycle, win_back=0.06)),
}
{key: evaluate(s).summary.set_index("segment").loc["ordinary customers", "buying_end"]
 for key, s in levers.items()}""",
)

q1, q2, q3, q4, q5, q6 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6)
QUESTIONS = (q1, q2, q3, q4, q5, q6)
"""The questions, in notebook order."""
