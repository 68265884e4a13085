"""Exercise 06 · Keeping customers: complaints, loyalty programmes and win-back.

Questions for ``exercises/masters/ex06_keeping_customers.py``: the complaint desk as a
queue (投诉管理), the break-even effect of a customer club (客户俱乐部), the disputed service
recovery paradox, which retention lever pays, winning lost customers back (挽回), and which
of the retention levers of :mod:`crmsim.analysis.levers` pays for which segment.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']
>>> classroom(hours_per_handler_per_month=60.0).complaints.hours_per_handler_per_month
60.0
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pandas as pd
from scipy.optimize import brentq

from crmsim.analysis.levers import lever_payoffs
from crmsim.classroom.exercises.chinese import in_chinese
from crmsim.classroom.exercises.helpers import alone, binomial_se, buying_in_month
from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    Mistake,
    NumberQuestion,
    PredictionQuestion,
    SimulatedNumberQuestion,
)
from crmsim.classroom.feedback.wording import bi_format
from crmsim.engines.analytic import evaluate
from crmsim.scenario.levers import FollowUp
from crmsim.scenario.presets import preset
from crmsim.scenario.scenario import Programme, Scenario

__all__ = ["EXERCISE", "LAPSED_CONTACTS", "QUESTIONS", "TITLE", "best_lever", "classroom",
           "club", "firm", "lost_customers", "paying_levers", "q1", "q2", "q3", "q4", "q5", "q6",
           "q7", "q8", "with_programmes"]

EXERCISE = "ex06_keeping_customers"
TITLE = "Keeping customers: complaints, loyalty programmes and win-back"
LOST_CUSTOMERS = 8000
SIM_MONTH = 24
LAPSED_CONTACTS = 0.2
"""Share of due account-manager contacts that lapse without reminders in :func:`firm`."""


def classroom(**desk: object) -> Scenario:
    """The classroom preset, with complaint-desk fields changed (e.g. ``n_staff=2``)."""
    scenario = preset("classroom")
    return dataclasses.replace(scenario,
                               complaints=dataclasses.replace(scenario.complaints, **desk))


def club(churn_reduction: float) -> Programme:
    """A customer club (客户俱乐部) costing 5 per member per month."""
    return Programme(name="customer club", kind="club", cost_per_member_per_month=5.0,
                     churn_reduction=churn_reduction)


def with_programmes(*programmes: Programme) -> Scenario:
    """The classroom preset with exactly these programmes (none: no programme at all)."""
    return dataclasses.replace(preset("classroom"), programmes=programmes)


def lost_customers(n_customers: int = LOST_CUSTOMERS) -> Scenario:
    """Ordinary customers who have all just been lost (流失客户), over 25 months.

    Alone, referrals off and unlimited staff, so each customer is independent (question 5).
    """
    scenario = alone(preset("classroom"), "ordinary customers", n_customers=n_customers,
                     referrals=False, initial_mix={"lost": 1.0})
    return dataclasses.replace(scenario, horizon_months=SIM_MONTH + 1)


def firm() -> Scenario:
    """The classroom firm of notebook 06's lever table: the preset, with account managers who
    let :data:`LAPSED_CONTACTS` of the due contacts lapse when nobody reminds them."""
    return dataclasses.replace(preset("classroom"),
                               follow_up=FollowUp(missed_share=LAPSED_CONTACTS))


def _profit(scenario: Scenario) -> float:
    return evaluate(scenario).total_discounted_profit()


# -- q1 --------------------------------------------------------------------------------


def _in_time(scenario: Scenario) -> float:
    return float(evaluate(scenario).extra["complaints_in_time"])


q1 = NumberQuestion(
    id=f"{EXERCISE}.q1",
    low=0.0,
    high=1.0,
    title="The handler has only 60 hours a month for complaints: share answered in time",
    reference=lambda: _in_time(classroom(hours_per_handler_per_month=60.0)),
    rel_tol=0.0,
    abs_tol=0.005,
    mistakes=(
        Mistake(value=lambda: preset("classroom").complaints.handling_quality,
                message="that is the chance a complaint answered in time is handled *well*; "
                "the question asks how many are answered in time."),
        Mistake(value=lambda: _in_time(preset("classroom")),
                message="that is with the preset's 140 hours a month; set "
                "hours_per_handler_per_month to 60."),
    ),
    hints=(
        "`classroom(hours_per_handler_per_month=60.0)` is the scenario.",
        "`evaluate(...)` reports the share in `extra[\"complaints_in_time\"]` (an Erlang C "
        "queue).",
    ),
    solution_code="""\
result = evaluate(classroom(hours_per_handler_per_month=60.0))
in_time = result.extra["complaints_in_time"]""",
    explanation="A queue is not linear: with 140 hours almost every complaint is answered "
    "in time; cut the hours to well under half and the desk is close to overload, so waiting "
    "times explode and many complaints miss the target and are handled badly.",
)


# -- q2 --------------------------------------------------------------------------------


@cache
def _club_break_even(*base: Programme) -> float:
    before = _profit(with_programmes(*base))
    return float(brentq(lambda x: _profit(with_programmes(*base, club(x))) - before,
                        0.0, 1.0, xtol=1e-6))


q2 = NumberQuestion(
    id=f"{EXERCISE}.q2",
    low=0.0,
    high=1.0,
    title="Break-even: what share of churn must the club remove to pay for itself?",
    reference=lambda: _club_break_even(),
    rel_tol=0.0,
    abs_tol=0.005,
    mistakes=(
        Mistake(value=lambda: _club_break_even(*preset("classroom").programmes),
                message="you compared against the classroom with its points card; the "
                "question compares the club alone with no programme at all "
                "(with_programmes())."),
    ),
    hints=(
        "Compare `with_programmes()` (no programme) with `with_programmes(club(x))`.",
        "Total discounted profit is `evaluate(s).total_discounted_profit()`.",
        "Find the `x` where both are equal, e.g. `brentq(gain, 0, 1)`.",
    ),
    solution_code="""\
before = evaluate(with_programmes()).total_discounted_profit()

def gain(x):
    return evaluate(with_programmes(club(x))).total_discounted_profit() - before

break_even = brentq(gain, 0, 1)""",
    explanation="Below this churn reduction the club's running cost exceeds the margin it "
    "keeps; above it the club pays. A loyalty programme (忠诚计划) is worth its cost only if "
    "it really changes behaviour.",
    unit="(share of churn removed)",
)


# -- q3 --------------------------------------------------------------------------------

q3 = PredictionQuestion(
    id=f"{EXERCISE}.q3",
    title="Predict: how much total discounted profit rests on the service recovery paradox?",
    result=lambda: _profit(preset("classroom"))
    - _profit(classroom(service_recovery_strength=0.0)),
    lesson=lambda: bi_format(
        "That is {share:.1%} of the firm's total: a noticeable part of the complaint desk's "
        "value rests on a disputed effect. Good handling still prevents churn without it.",
        "这占企业总利润的 {share:.1%}：投诉处理台的价值中有相当一部分建立在一个有争议的效应之上。"
        "没有这个效应，妥善处理投诉仍然能防止流失。",
        share=1 - _profit(classroom(service_recovery_strength=0.0)) / _profit(preset("classroom")),
    ),
    unit="(currency)",
    hints=("Switch the paradox off with `classroom(service_recovery_strength=0.0)` after you "
           "have predicted.",),
    solution_code="""\
lost = (evaluate(preset("classroom")).total_discounted_profit()
        - evaluate(classroom(service_recovery_strength=0.0)).total_discounted_profit())""",
)


# -- q4 --------------------------------------------------------------------------------


def _better_lever() -> str:
    base = _profit(preset("classroom"))
    gains = {"a": _profit(classroom(n_staff=2)) - base,
             "b": _profit(classroom(handling_quality=0.9)) - base}
    best = max(gains, key=gains.__getitem__)
    return best if gains[best] >= 0.01 * abs(base) else "c"


q4 = ChoiceQuestion(
    id=f"{EXERCISE}.q4",
    title="Which adds more total discounted profit to the classroom firm?",
    options=(
        ("a", "a second complaint handler"),
        ("b", "better handling: quality 0.9 instead of 0.7"),
        ("c", "neither adds even 1 % of total profit"),
    ),
    correct=_better_lever,
    option_feedback={
        "a": "look at the share of complaints answered in time with one handler: is the desk "
        "overloaded?",
        "c": "compute both changes; one of them adds far more than 1 %.",
    },
    why="One handler already answers nearly every complaint in time, so a second adds cost "
    "and little else. Handling complaints *well* is what keeps customers: quality, not "
    "staff numbers, once the queue keeps up.",
    hints=("`classroom(n_staff=2)` and `classroom(handling_quality=0.9)`; compare "
           "`total_discounted_profit()` with the preset's.",),
    solution_code="""\
base = evaluate(preset("classroom")).total_discounted_profit()
for change in (dict(n_staff=2), dict(handling_quality=0.9)):
    print(change, evaluate(classroom(**change)).total_discounted_profit() - base)""",
)


# -- q5 --------------------------------------------------------------------------------


@cache
def _won_back_expected() -> float:
    return buying_in_month(evaluate(lost_customers()), SIM_MONTH)


q5 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q5",
    title="Simulate 8,000 lost customers: how many buy again at the start of month 24?",
    expected=_won_back_expected,
    standard_error=lambda: binomial_se(_won_back_expected(), LOST_CUSTOMERS),
    mistakes=(
        Mistake(value=lambda: _won_back_expected() / LOST_CUSTOMERS,
                message="that looks like a share; the question asks for a number of "
                "customers.", rel_tol=0.25),
    ),
    hints=(
        "`simulate(lost_customers(), seed=...)` (any seed).",
        "In its `occupancy`, keep `month == 24` and the states new, repeat and loyal.",
    ),
    solution_code="""\
occ = simulate(lost_customers(), seed=1).occupancy
back = occ[(occ["month"] == 24) & occ["state"].isin(["new", "repeat", "loyal"])]
count = back["customers"].sum()""",
    explanation="Lost customers are not all gone: each month some are won back (挽回) as new "
    "customers, others are gone for good. Each customer does so independently, so the count "
    "is binomial and the check allows 4 standard errors.",
    unit="customers",
)


# -- q6 --------------------------------------------------------------------------------

q6 = ChoiceQuestion(
    id=f"{EXERCISE}.q6",
    title="What does research find about the service recovery paradox?",
    options=(
        ("a", "a well-handled complaint raises satisfaction, but not reliably repurchase"),
        ("b", "customers whose complaint was handled well are always more loyal than those "
              "who never complained"),
        ("c", "complaint handling has no effect on customers at all"),
        ("d", "complaints should be avoided because every complaint drives churn"),
    ),
    correct="a",
    option_feedback={
        "b": "that is the paradox as claimed; the evidence is weaker than the claim.",
        "c": "badly handled or late complaints clearly drive churn.",
        "d": "complaints also reveal product ideas and broken processes; handled well, they "
        "prevent churn.",
    },
    why="Research finds the effect on satisfaction but not reliably on repurchase, so "
    "crmsim makes its strength a parameter (service_recovery_strength) rather than a fact: "
    "treat it as disputed and test your conclusions with it set to 0.",
)



# -- q7, q8: which lever pays for which segment --------------------------------------------


@cache
def _payoffs(scenario: Scenario) -> pd.DataFrame:
    return lever_payoffs(scenario)


def paying_levers(segment: str, scenario: Scenario | None = None) -> frozenset[str]:
    """Keys of the levers of :func:`~crmsim.analysis.levers.lever_payoffs` that pay for
    ``segment`` of ``scenario`` (default: :func:`firm`)."""
    table = _payoffs(firm() if scenario is None else scenario)
    rows = table[(table["segment"] == segment) & table["pays"]]
    return frozenset(rows["lever"])


def best_lever(segment: str, keys: tuple[str, ...], scenario: Scenario | None = None) -> str | None:
    """Of the levers ``keys``, the one adding most per customer of ``segment`` of
    ``scenario`` (default: :func:`firm`), or None when none of them pays."""
    table = _payoffs(firm() if scenario is None else scenario)
    rows = table[table["segment"] == segment].set_index("lever").loc[list(keys)]
    best = str(rows["value_change"].idxmax())
    return best if rows.at[best, "pays"] else None


_Q7_LEVERS = {"a": "survey", "b": "call_centre", "c": "voucher", "d": "club"}


def _best_for_ordinary() -> str:
    best = best_lever("ordinary customers", tuple(_Q7_LEVERS.values()))
    return {key: letter for letter, key in _Q7_LEVERS.items()}.get(best, "e")


q7 = ChoiceQuestion(
    id=f"{EXERCISE}.q7",
    title="Which lever adds most per ordinary customer, if any pays at all?",
    options=(
        ("a", "a satisfaction survey every 3 months"),
        ("b", "a call centre"),
        ("c", "a gift voucher"),
        ("d", "a customer club"),
        ("e", "none of them pays for ordinary customers"),
    ),
    correct=_best_for_ordinary,
    option_feedback={
        "a": "each survey costs the same for every customer, and a customer found by it takes "
        "complaint-desk hours; set that against the margin of an ordinary customer who buys "
        "1,200 (currency) a year.",
        "b": "the call centre costs every buying customer each month, and each call that "
        "reaches the desk costs handling time; compare that with an ordinary customer's "
        "margin.",
        "d": "the club costs 5 (currency) a month per repeat or loyal member: a large share "
        "of the margin of a customer who buys about 100 (currency) a month.",
        "e": "look again at the ordinary customers' column: one lever adds value there.",
    },
    why="A gift voucher is paid only when it is used, so it costs an ordinary customer "
    "little; the lasting levers cost every customer every month or every survey, while what "
    "they save is a share of the customer's margin, which is small for ordinary customers.",
    hints=(
        "`lever_payoffs(firm())` prices every lever for every segment.",
        "Keep the rows of the ordinary customers and compare `value_change` (and `pays`).",
    ),
    solution_code="""\
payoffs = lever_payoffs(firm())
ordinary = payoffs[payoffs["segment"] == "ordinary customers"].set_index("lever")
print(ordinary.loc[["survey", "call_centre", "voucher", "club"], ["value_change", "pays"]])""",
)


_Q8_LEVERS = {"a": "reminders", "b": "survey", "c": "club", "d": "extra_service"}


def _paying_for_key_accounts() -> frozenset[str]:
    paying = paying_levers("key accounts")
    return frozenset(letter for letter, key in _Q8_LEVERS.items() if key in paying)


q8 = ChoiceQuestion(
    id=f"{EXERCISE}.q8",
    title="Which of these levers pay for the key accounts? Select all that apply.",
    options=(
        ("a", "follow-up reminders"),
        ("b", "a satisfaction survey every 3 months"),
        ("c", "a customer club"),
        ("d", "extra service worth 0.5 % of the wallet for VIP and important customers"),
    ),
    correct=_paying_for_key_accounts,
    select_all=True,
    option_feedback={
        "a": "reminders pay only where contacts lapse and the lapses cost more than the "
        "reminders; look at the key accounts' row.",
        "b": "compare the survey's cost per key account with what it changes.",
        "c": "compare the club's cost per key account with what it changes.",
        "d": "the service is paid on a key account's whole wallet every month; compare its "
        "cost (`lever_cost`) with the extra sales at the key accounts' margin.",
    },
    why="What a lever saves grows with the customer's margin, what it costs mostly does not, "
    "so cheap levers pay for key accounts. Extra service is different: its cost grows with "
    "the wallet too, so it pays only if the customer answers it strongly enough (the "
    "self-fulfilling prophecy is a bet, not a law).",
    hints=(
        "`lever_payoffs(firm())`; keep the rows of the key accounts.",
        "A lever pays where `pays` is True (`value_change` above zero).",
    ),
    solution_code="""\
payoffs = lever_payoffs(firm())
keys = payoffs[payoffs["segment"] == "key accounts"].set_index("lever")
print(keys.loc[["reminders", "survey", "club", "extra_service"], ["value_change", "pays"]])""",
)

q1, q2, q3, q4, q5, q6, q7, q8 = in_chinese(EXERCISE, q1, q2, q3, q4, q5, q6, q7, q8)
QUESTIONS = (q1, q2, q3, q4, q5, q6, q7, q8)
"""The questions, in notebook order."""
