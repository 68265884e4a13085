"""Exercise 05 · Segments and staff: who deserves which level?

Questions for ``exercises/masters/ex05_segments_and_staff.py``, on Dell's direct model
(``dell`` preset): T-type, R-type and key accounts (大客户) share a few account managers
(客户经理). How much service is lost when managers are short, how many are needed for an
alliance, who loses most, what the analytic approximation misses, and what one key account
is worth in T-type customers.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']
>>> dell(n_account_managers=1).staff.n_account_managers
1
"""

from __future__ import annotations

import dataclasses
from functools import cache

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

__all__ = [
    "EXERCISE",
    "QUESTIONS",
    "TITLE",
    "dell",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "relationship_segments",
    "t_type_alone",
]

EXERCISE = "ex05_segments_and_staff"
TITLE = "Segments and staff: who deserves which level?"
REFERENCE_SEED = 2026
"""Seed of the reference runs of questions 4 and 5."""
T_CUSTOMERS = 8000


def dell(n_account_managers: int | None = None, *, key_accounts: str | None = None) -> Scenario:
    """The ``dell`` preset, optionally with another number of account managers.

    ``key_accounts`` moves the key accounts to another level (the others stay as planned).
    """
    scenario = preset("dell")
    if n_account_managers is not None:
        scenario = dataclasses.replace(
            scenario, staff=dataclasses.replace(scenario.staff,
                                                n_account_managers=n_account_managers))
    if key_accounts is not None:
        scenario = scenario.with_plan({**dict(scenario.plan), "key accounts": key_accounts})
    return scenario


def relationship_segments(n_account_managers: int = 1) -> Scenario:
    """The Dell preset without its T-type customers (who need no manager time)."""
    scenario = dell(n_account_managers)
    kept = tuple(seg for seg in scenario.segments if seg.name != "T-type")
    plan = {name: level for name, level in scenario.plan if name != "T-type"}
    return dataclasses.replace(scenario, segments=kept, plan=plan)


def t_type_alone(n_customers: int = T_CUSTOMERS) -> Scenario:
    """Dell's T-type customers alone, referrals off, unlimited staff (question 5)."""
    return alone(preset("dell"), "T-type", n_customers=n_customers, referrals=False)


def _served(scenario: Scenario) -> float:
    return float(evaluate(scenario).extra["served_fraction"])


# -- q1 --------------------------------------------------------------------------------

q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    title="One account manager instead of four: the share of contacts served (analytic)",
    reference=lambda: _served(dell(1)),
    rel_tol=0.0,
    abs_tol=0.005,
    mistakes=(
        Mistake(value=lambda: _served(dell()),
                message="that is with the preset's four account managers; set "
                "n_account_managers to 1."),
    ),
    hints=(
        "`dell(1)` is the preset with one account manager.",
        "`evaluate(...)` reports the share in `result.extra[\"served_fraction\"]`.",
    ),
    solution_code="served = evaluate(dell(1)).extra[\"served_fraction\"]",
    explanation="The plan asks more hours of the one manager than a month holds, so a share "
    "of contacts is missed, in every segment that needs manager time.",
)


# -- q2 --------------------------------------------------------------------------------


@cache
def _managers_for_alliance() -> int:
    for n in range(1, 201):
        if _served(dell(n, key_accounts="alliance")) >= 1.0 - 1e-9:
            return n
    raise RuntimeError("more than 200 account managers needed")  # pragma: no cover


q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    title="Key accounts at alliance: fewest account managers that serve every contact",
    reference=lambda: float(_managers_for_alliance()),
    rel_tol=0.0,
    abs_tol=0.0,
    whole=True,
    hints=(
        "`dell(n, key_accounts=\"alliance\")` moves the key accounts to alliance with `n` "
        "managers.",
        "Try n = 1, 2, 3, ... until `extra[\"served_fraction\"]` reaches 1.",
    ),
    solution_code="""\
n = next(n for n in range(1, 100)
         if evaluate(dell(n, key_accounts="alliance")).extra["served_fraction"] >= 1.0)""",
    explanation="An alliance needs 40 manager hours per key account per month; on top of the "
    "R-type customers' needs that is more than the preset's managers can give.",
    unit="account managers",
)


# -- q3 --------------------------------------------------------------------------------

_SEGMENT_LETTERS = {"T-type": "a", "R-type": "b", "key accounts": "c"}


def _biggest_loser() -> str:
    full = evaluate(dell()).summary.set_index("segment")["discounted_profit"]
    short = evaluate(dell(1)).summary.set_index("segment")["discounted_profit"]
    return _SEGMENT_LETTERS[str((full - short).idxmax())]


q3 = ChoiceQuestion(
    id=f"{EXERCISE}.q3",
    title="With one account manager, which segment loses most discounted profit?",
    options=(("a", "T-type customers"), ("b", "R-type customers"), ("c", "key accounts")),
    correct=_biggest_loser,
    option_feedback={
        "a": "T-type customers are served at the transactional level: they need no account "
        "manager time, so they lose nothing.",
        "b": "R-type customers lose service too; compare the size of each segment's loss.",
    },
    why="Every segment that needs managers is served at the same reduced share, and the key "
    "accounts have by far the most to lose per missed contact.",
    hints=("Compare `summary[\"discounted_profit\"]` per segment of `evaluate(dell())` and "
           "`evaluate(dell(1))`.",),
    solution_code="""\
full = evaluate(dell()).summary.set_index("segment")["discounted_profit"]
short = evaluate(dell(1)).summary.set_index("segment")["discounted_profit"]
full - short""",
)


# -- q4 --------------------------------------------------------------------------------


@cache
def _simulated_served() -> float:
    run = simulate(relationship_segments(1), seed=REFERENCE_SEED)
    return float(run.summary.set_index("segment").loc["R-type", "served_fraction"])


q4 = PredictionQuestion(
    id=f"{EXERCISE}.q4",
    title="Predict: the share of R-type contacts served in a SimPy run with one account manager",
    result=_simulated_served,
    lesson=lambda: (
        f"The analytic engine said {_served(relationship_segments(1)):.1%}. It treats staff "
        "as a fluid shared evenly; in SimPy the manager is a `simpy.Resource` with a real "
        "queue, busy periods bunch up, and more contacts are missed: overload does not "
        "degrade gracefully."
    ),
    hints=("The analytic engine's answer is your answer to q1 (the T-type customers need no "
           "manager time). Would a real queue do better or worse?",),
    solution_code="""\
run = simulate(relationship_segments(1), seed=2026)
run.summary.set_index("segment").loc["R-type", "served_fraction"]""",
)


# -- q5 --------------------------------------------------------------------------------


@cache
def _t_expected() -> float:
    return value_per_customer(evaluate(t_type_alone()))


@cache
def _t_reference_run() -> Results:
    return simulate(t_type_alone(), seed=REFERENCE_SEED)


q5 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q5",
    title="Simulate 8,000 T-type customers: mean discounted value per customer",
    expected=_t_expected,
    standard_error=lambda: ledger_se(_t_reference_run()),
    mistakes=(
        Mistake(value=lambda: float(_t_reference_run().customers["discounted_value"].median()),
                message="that looks like the median customer; the question asks for the mean.",
                rel_tol=0.1),
    ),
    hints=(
        "`simulate(t_type_alone(), seed=...)`, any seed.",
        "Read `summary[\"value_per_customer\"]`.",
    ),
    solution_code="""\
sim = simulate(t_type_alone(), seed=1)
t_value = sim.summary["value_per_customer"].iloc[0]""",
    explanation="T-type customers are worth little each: small wallets, thin margins and "
    "frequent churn. The standard error (from a reference run with a fixed seed) is small "
    "because 8,000 customers are averaged.",
    unit="(currency per customer)",
)


# -- q6 --------------------------------------------------------------------------------


@cache
def _dell_results() -> Results:
    return evaluate(dell())


def _key_in_t_customers() -> float:
    res = _dell_results()
    return value_per_customer(res, "key accounts") / value_per_customer(res, "T-type")


def _segment_ratio() -> float:
    profit = _dell_results().summary.set_index("segment")["discounted_profit"]
    return float(profit["key accounts"] / profit["T-type"])


q6 = NumberQuestion(
    id=f"{EXERCISE}.q6",
    title="How many T-type customers is one key account worth? (Dell preset as planned)",
    reference=_key_in_t_customers,
    rel_tol=0.01,
    mistakes=(
        Mistake(value=_segment_ratio,
                message="that compares whole segments; compare one key account with one "
                "T-type customer (value per customer)."),
        Mistake(value=lambda: 1.0 / _key_in_t_customers(),
                message="you divided the other way round."),
    ),
    hints=(
        "`evaluate(dell()).summary` has `value_per_customer` for each segment.",
        "Divide the key accounts' value per customer by the T-type's.",
    ),
    solution_code="""\
values = evaluate(dell()).summary.set_index("segment")["value_per_customer"]
ratio = values["key accounts"] / values["T-type"]""",
    explanation="One key account is worth well over a thousand T-type customers: the texts' "
    "'dozens or hundreds' is, if anything, modest. That is why key accounts get a dedicated "
    "team and T-type customers fixed terms and no extra resources.",
    unit="T-type customers",
)


# -- q7 --------------------------------------------------------------------------------

q7 = ChoiceQuestion(
    id=f"{EXERCISE}.q7",
    title="Why does every segment that needs managers lose service at once when hours run "
    "short?",
    options=(
        ("a", "the levels compete for the same account managers: one shared resource"),
        ("b", "the model gives key accounts priority, and the others get what is left"),
        ("c", "T-type customers take up the managers' time"),
        ("d", "complaints take managers away from their customers"),
    ),
    correct="a",
    option_feedback={
        "b": "there is no priority rule: every contact waits for the same managers.",
        "c": "T-type customers are transactional and need no manager time.",
        "d": "complaints go to the complaint desk, which has its own staff.",
    },
    why="Account managers (客户经理) are one limited resource shared by every level above "
    "transactional. Moving one segment up the ladder takes hours from all the others: a "
    "level's cost includes the service it crowds out.",
)

QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
"""The questions, in notebook order."""
