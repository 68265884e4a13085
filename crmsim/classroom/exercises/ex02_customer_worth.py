"""Exercise 02 · What a customer is worth (客户终身价值).

Questions for ``exercises/masters/ex02_customer_worth.py``: the texts' "500 on the first
purchase, 100,000 over ten years", what margin, cost to serve, churn and discounting do to
it, a break-even retention budget, and the spread of simulated customer values.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6']
>>> important_alone().segments[0].n_customers
10000
"""

from __future__ import annotations

from functools import cache

from scipy.optimize import brentq

from crmsim.analysis.teaching import lifetime_value_arithmetic
from crmsim.classroom.exercises.chinese import in_chinese
from crmsim.classroom.exercises.helpers import alone, ledger_se, value_per_customer
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.engines.analytic import evaluate
from crmsim.engines.results import Results
from crmsim.engines.simulation import simulate
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Scenario

__all__ = ["EXERCISE", "QUESTIONS", "RETAIL", "TITLE", "important_alone", "q1", "q2", "q3",
           "q4", "q5", "q6"]

EXERCISE = "ex02_customer_worth"
TITLE = "What a customer is worth (客户终身价值)"
REFERENCE_SEED = 2026
"""Seed of the reference run behind the standard error of question 5."""
SIM_CUSTOMERS = 10_000
"""Customers simulated in question 5: enough that the mean, the median and an answer ten
per cent off lie several standard errors apart."""

RETAIL = {"gross_margin": 0.3, "cost_to_serve": 1_000.0, "churn": 0.15, "discount_rate": 0.10}
"""The typical retail case of question 2 (as in notebook 02)."""


def important_alone(n_customers: int = SIM_CUSTOMERS) -> Scenario:
    """The classroom's important customers on their own at preferred supplier (question 5).

    Referrals are switched off (every customer's value is their own) and staff is
    unlimited (customers are independent).
    """
    return alone(preset("classroom"), "important customers", n_customers=n_customers,
                 referrals=False)


def _lv(**kwargs: float) -> float:
    return lifetime_value_arithmetic(**kwargs).total


# -- q1 --------------------------------------------------------------------------------

q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    title="The texts' customer (10,000 a year for ten years) at a 10 % discount rate",
    reference=lambda: _lv(discount_rate=0.10),
    rel_tol=0.005,
    mistakes=(
        Mistake(value=lambda: _lv(),
                message="that is the face value, without discounting: money in year 10 is "
                "worth less than money today."),
        Mistake(value=lambda: _lv(discount_rate=0.10) / 1.10,
                message="you discounted the first year too; crmsim counts each year's cash "
                "at the start of the year, so year 1 is not discounted."),
        Mistake(value=lambda: lifetime_value_arithmetic().first_purchase,
                message="that is the first purchase only."),
    ),
    hints=(
        "`lifetime_value_arithmetic()` reproduces the texts' 100,000; its parameters add "
        "the corrections.",
        "Pass `discount_rate=0.10` and read `.total`.",
    ),
    solution_code="clv = lifetime_value_arithmetic(discount_rate=0.10).total",
    explanation="Year t's 10,000 is worth 10,000 / 1.1^(t−1) today: year 10's payment is "
    "worth well under half its face value.",
    unit="(currency)",
)


# -- q2 --------------------------------------------------------------------------------


def _retail(**overrides: float) -> float:
    return _lv(**{**RETAIL, **overrides})


q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    title="Lifetime value in the typical retail case (margin, cost to serve, churn, discount)",
    reference=_retail,
    rel_tol=0.005,
    mistakes=(
        Mistake(value=lambda: _retail(gross_margin=1.0),
                message="you counted sales, not margin: only 30 % of each sale is earned."),
        Mistake(value=lambda: _retail(cost_to_serve=0.0),
                message="you left out the yearly cost of keeping the customer."),
        Mistake(value=lambda: _retail(churn=0.0),
                message="you left out churn: each year 15 % of the customers still buying "
                "stop."),
        Mistake(value=lambda: _retail(discount_rate=0.0),
                message="you left out discounting."),
    ),
    hints=(
        "Every correction is a parameter of `lifetime_value_arithmetic`.",
        "`lifetime_value_arithmetic(gross_margin=..., cost_to_serve=..., churn=..., "
        "discount_rate=...)`; `RETAIL` holds the four values.",
    ),
    solution_code="clv = lifetime_value_arithmetic(**RETAIL).total",
    explanation="Margin takes most of the 100,000 away (it counted sales, not profit); the "
    "cost to serve, churn and discounting each cut it further.",
    unit="(currency)",
)


# -- q3 --------------------------------------------------------------------------------

_Q3 = {"gross_margin": 0.3, "cost_to_serve": 1_000.0, "discount_rate": 0.10}


@cache
def _break_even_spend() -> float:
    before = _lv(**_Q3, churn=0.2)

    def gain(extra: float) -> float:
        return _lv(**{**_Q3, "cost_to_serve": _Q3["cost_to_serve"] + extra}, churn=0.1) - before

    return float(brentq(gain, 0.0, 10_000.0, xtol=1e-6))


q3 = NumberQuestion(
    id=f"{EXERCISE}.q3",
    title="Break-even: the most a year worth spending to halve churn from 20 % to 10 %",
    reference=_break_even_spend,
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: _lv(**_Q3, churn=0.1) - _lv(**_Q3, churn=0.2),
                message="that is the whole gain over ten years (a present value), not an "
                "amount per year; the extra spending is paid every year the customer buys."),
    ),
    hints=(
        "Compare `lifetime_value_arithmetic(..., churn=0.2)` with `..., churn=0.1` where the "
        "cost to serve is 1,000 plus the extra spending.",
        "Find the extra spending at which both totals are equal, e.g. with "
        "`scipy.optimize.brentq`, or by trying values.",
        "The extra spending is paid only while the customer still buys, and it is "
        "discounted like everything else.",
    ),
    solution_code="""\
base = dict(gross_margin=0.3, discount_rate=0.10)
before = lifetime_value_arithmetic(**base, cost_to_serve=1_000, churn=0.2).total

def gain(extra):
    after = lifetime_value_arithmetic(**base, cost_to_serve=1_000 + extra, churn=0.1)
    return after.total - before

break_even = brentq(gain, 0, 10_000)""",
    explanation="Below this amount a year, halving churn pays for itself; above it, the "
    "retention effort is a luxury.",
    unit="(currency per customer per year)",
)


# -- q4 --------------------------------------------------------------------------------

q4 = PredictionQuestion(
    id=f"{EXERCISE}.q4",
    title="Predict: the texts' customer over 30 years instead of 10, at a 10 % discount rate",
    result=lambda: _lv(years=30, discount_rate=0.10),
    lesson="The twenty extra years add far less than the first ten: at 10 % a year, money 20 "
    "years away is worth about a seventh of its face value today. Long horizons matter "
    "little once you discount.",
    unit="(currency)",
    hints=("The first ten years give the answer to q1. How much can twenty more years add "
           "once each is discounted?",),
    solution_code="lifetime_value_arithmetic(years=30, discount_rate=0.10).total",
)


# -- q5 --------------------------------------------------------------------------------


@cache
def _important_expected() -> float:
    return value_per_customer(evaluate(important_alone()))


@cache
def _important_reference_run() -> Results:
    return simulate(important_alone(), seed=REFERENCE_SEED)


def _important_se() -> float:
    return ledger_se(_important_reference_run())


q5 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q5",
    title="Simulate 10,000 important customers: mean discounted value per customer",
    expected=_important_expected,
    standard_error=_important_se,
    mistakes=(
        Mistake(value=lambda: _important_expected() * important_alone().segments[0].n_customers,
                message="that is the whole segment's discounted profit; divide by the number "
                "of customers.", rel_tol=0.1),
        # recognised within the question's own tolerance: a median's sampling error is
        # about a mean's, so an answer ten per cent off is not mistaken for it
        Mistake(value=lambda: float(_important_reference_run().customers["discounted_value"]
                                    .median()),
                message="that looks like the median customer; the question asks for the mean."),
    ),
    hints=(
        "`simulate(important_alone(), seed=...)` runs the SimPy engine (any seed).",
        "The run's `summary` has `value_per_customer`; the per-customer ledger "
        "`customers[\"discounted_value\"]` has the same mean.",
    ),
    solution_code="""\
sim = simulate(important_alone(), seed=1)
mean_value = sim.summary["value_per_customer"].iloc[0]""",
    explanation="The standard error is the spread of customer values divided by √10000 "
    "(estimated from a reference run with a fixed seed); your run is accepted within 4 "
    "standard errors of the analytic expectation.",
    unit="(currency per customer)",
)


# -- q6 --------------------------------------------------------------------------------

q6 = ChoiceQuestion(
    id=f"{EXERCISE}.q6",
    title="Why is the median simulated customer worth less than the mean?",
    options=(
        ("a", "a few long-lived, large customers carry the average: values are skewed"),
        ("b", "the simulation is biased low"),
        ("c", "discounting lowers the median but not the mean"),
        ("d", "the median leaves out customers who churned"),
    ),
    correct="a",
    option_feedback={
        "b": "the mean agrees with the analytic expectation (question 5), so the simulation "
        "is not biased.",
        "c": "discounting shrinks every customer's value, so it moves mean and median alike.",
        "d": "the median is taken over every customer, churned ones included.",
    },
    why="Customer values are skewed: many customers leave early and are worth little, a few "
    "stay for years with large wallets. The mean (what a segment is worth per head) is "
    "pulled up by them; the typical customer is worth less. Treat a customer as worth the "
    "mean only on average.",
    hints=("Plot a histogram of `sim.customers[\"discounted_value\"]`.",),
    solution_code="sim.customers[\"discounted_value\"].describe()",
)

q1, q2, q3, q4, q5, q6 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6)
QUESTIONS = (q1, q2, q3, q4, q5, q6)
"""The questions, in notebook order."""
