"""Exercise 05 · Segments and staff: who deserves which level?

Questions for ``exercises/masters/ex05_segments_and_staff.py``, on Dell's direct model
(``dell`` preset): T-type, R-type and key accounts (大客户) share a few account managers
(客户经理). How much service is lost when managers are short, how many are needed for an
alliance, who loses most, which level keeps its contacts when hours run short (both engines
serve the deepest level first), and what one key account is worth in T-type customers.

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

from crmsim.classroom.exercises.chinese import in_chinese
from crmsim.classroom.exercises.helpers import alone, ledger_se, value_per_customer
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.classroom.feedback.wording import bi_format
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
    "served_by_segment",
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
    low=0.0,
    high=1.0,
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
    "of contacts is missed. The hours go to the deepest level first, so the key accounts' "
    "partnership contacts are missed less often than the R-type customers' (question 4).",
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
    explanation="An alliance needs about twice partnership's manager time per key account (a "
    "floor plus hours that grow with the account's size); on top of the R-type customers' "
    "needs that is far more than the preset's managers can give. Managers are payroll: the "
    "firm pays for these hours whether or not the contacts come.",
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
        "b": "R-type customers lose the larger share of their contacts; compare the size of "
        "each segment's loss in money.",
    },
    why="The key accounts' partnership contacts are served first, but one manager cannot "
    "cover even them, and a neglected key account loses far more than an R-type customer: "
    "the key accounts have by far the most to lose per missed contact.",
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


def served_by_segment(scenario: Scenario) -> dict[str, float]:
    """Share of each segment's contacts served by the account managers (analytic engine).

    Examples
    --------
    >>> served = served_by_segment(relationship_segments(1))
    >>> served["R-type"] < served["key accounts"]
    True
    """
    summary = evaluate(scenario).summary.set_index("segment")
    return {str(k): float(v) for k, v in summary["served_fraction"].items()}


q4 = PredictionQuestion(
    id=f"{EXERCISE}.q4",
    low=0.0,
    high=1.0,
    title="Predict: the share of R-type contacts served in a SimPy run with one account manager",
    result=_simulated_served,
    lesson=lambda: bi_format(
        "The analytic engine says {r:.1%} (the key accounts: {k:.1%}). Both engines give the "
        "managers' hours to the deepest level first: the key accounts' partnership contacts, "
        "then the R-type customers' preferred contacts with what is left. Overload does not "
        "spread evenly: the shallower level loses most.",
        "分析引擎给出的是 {r:.1%}（大客户：{k:.1%}）。两个引擎都先把客户经理的工时分给"
        "最深的关系层次：先是大客户的合作伙伴关系接触，剩下的才给R型客户的优先供应关系接触。"
        "超负荷的影响并不均匀："
        "较浅的层次损失最大。",
        r=served_by_segment(relationship_segments(1))["R-type"],
        k=served_by_segment(relationship_segments(1))["key accounts"],
    ),
    hints=("With too few hours, whose contacts do the managers serve first: the key "
           "accounts' at partnership or the R-type customers' at preferred supplier?",),
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
    title="With one account manager the R-type customers lose a larger share of their "
    "contacts than the key accounts. Why?",
    options=(
        ("a", "the managers serve the deepest level first (alliance, then partnership, then "
              "preferred supplier): a firm short of managers keeps its most committed "
              "relationships"),
        ("b", "an R-type contact takes longer than a key account's, so fewer of them fit"),
        ("c", "T-type customers take up the managers' time"),
        ("d", "complaints take managers away from their customers"),
    ),
    correct="a",
    option_feedback={
        "b": "a preferred-supplier contact with an R-type customer takes far fewer hours than "
        "a partnership contact with a key account.",
        "c": "T-type customers are transactional and need no manager time.",
        "d": "complaints go to the complaint desk, which has its own staff.",
    },
    why="Account managers (客户经理) are one limited resource shared by every level above "
    "transactional, and when hours run short they go to the deepest level first, as "
    "key-account management prescribes. Moving one segment up the ladder takes hours from "
    "the levels below it: a level's cost includes the service it crowds out.",
)

q1, q2, q3, q4, q5, q6, q7 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6, q7)
QUESTIONS = (q1, q2, q3, q4, q5, q6, q7)
"""The questions, in notebook order."""
