"""Exercise 07 · Other ladders of relationship depth (关系深度的其他阶梯).

Questions for ``exercises/masters/ex07_ladders.py``: place described relationships on the
salesperson and the agency ladder, see which of the four levels a rung needs, what that
level spends on a key account, and what it keeps.

Every key asks crmsim: :func:`~crmsim.language.ladders.place` for the rungs,
:func:`~crmsim.language.ladders.level_for_rung` for the level a rung needs (read from the
levels' own parameters) and the engines for the rest.

Examples
--------
>>> [q.name for q in QUESTIONS]
['q1', 'q2', 'q3', 'q4', 'q5']
>>> CALLS_AFTER_SALE.after_sale
'seller_checks_once'
"""

from __future__ import annotations

import dataclasses
from functools import cache

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
from crmsim.language.ladders import AGENCY, SALESPERSON, Relationship, level_for_rung, place
from crmsim.scenario.levels import RelationshipLevel
from crmsim.scenario.presets import preset

__all__ = ["CALLS_AFTER_SALE", "EXERCISE", "FORGIVING_CUSTOMER", "QUESTIONS", "TITLE",
           "hollow_partnership_levels", "q1", "q2", "q3", "q4", "q5"]

EXERCISE = "ex07_ladders"
TITLE = "Other ladders of relationship depth (关系深度的其他阶梯)"

SALESPERSON_OPTIONS = tuple((letter, f"{rung.name_en} ({rung.name_zh})")
                            for letter, rung in zip("abcde", SALESPERSON.rungs, strict=True))
AGENCY_OPTIONS = tuple((letter, f"{rung.name_en} ({rung.name_zh})")
                       for letter, rung in zip("abcd", AGENCY.rungs, strict=True))
LEVEL_OPTIONS = (("a", "transactional (买卖关系)"), ("b", "preferred supplier (优先供应关系)"),
                 ("c", "partnership (合作伙伴关系)"), ("d", "strategic alliance (战略联盟)"),
                 ("e", "none of the scenario's levels"))
LEVEL_LETTERS = {"transactional": "a", "preferred": "b", "partnership": "c", "alliance": "d"}

CALLS_AFTER_SALE = Relationship(after_sale="seller_checks_once", keeps_promises=True)
"""Question 1: a week after delivery the seller phones to ask whether the machine works and
what could be better; otherwise the buyer calls when something breaks."""

FORGIVING_CUSTOMER = Relationship(after_sale="seller_calls_regularly", keeps_promises=True,
                                  brings_value=True, personal_bond=True, shared_plans=False)
"""Question 2: a reliable supplier whose advice saves the buyer money; when a delivery was
late the buyer shrugged it off ("they have been good to us"); no joint plans."""


def _letter(options: tuple[tuple[str, str], ...], rung_key: str,
            ladder_rungs: tuple) -> str:
    keys = [rung.key for rung in ladder_rungs]
    return options[keys.index(rung_key)][0]


def _level_letter(level: RelationshipLevel | None) -> str:
    return "e" if level is None else LEVEL_LETTERS[level.name]


def hollow_partnership_levels() -> tuple[RelationshipLevel, ...]:
    """The classroom's levels with a partnership that creates nothing jointly."""
    return tuple(dataclasses.replace(level, co_creation_rate=0.0)
                 if level.name == "partnership" else level
                 for level in preset("classroom").levels)


# -- q1 --------------------------------------------------------------------------------

q1 = ChoiceQuestion(
    id=f"{EXERCISE}.q1",
    title="Which salesperson level (销售人员的关系水平) is a seller who calls once after the "
    "sale?",
    options=SALESPERSON_OPTIONS,
    correct=lambda: _letter(SALESPERSON_OPTIONS, place(CALLS_AFTER_SALE).salesperson.key,
                            SALESPERSON.rungs),
    option_feedback={
        "a": "the basic salesperson never calls again; this one does call.",
        "b": "a reactive salesperson waits for the customer's call; here the seller calls "
        "first.",
        "d": "a proactive salesperson calls regularly with suggestions, not once.",
        "e": "the partnership salesperson works with the customer continuously to cut its "
        "costs.",
    },
    why="Calling soon after the sale to check and ask for suggestions is the accountable "
    "level (负责型): `place(CALLS_AFTER_SALE).salesperson`.",
)


# -- q2 --------------------------------------------------------------------------------

q2 = ChoiceQuestion(
    id=f"{EXERCISE}.q2",
    title="Which layer of the agency's ladder does the forgiving customer's supplier reach?",
    options=AGENCY_OPTIONS,
    correct=lambda: _letter(AGENCY_OPTIONS, place(FORGIVING_CUSTOMER).agency.key,
                            AGENCY.rungs),
    option_feedback={
        "a": "the supplier is trusted, and more: its advice saves the buyer money.",
        "b": "look at the late delivery the buyer forgave: which layer lets a firm overdraw?",
        "d": "vision needs shared long-term plans, equity or pooled resources; there are "
        "none.",
    },
    why="A forgiven lapse is a withdrawal from the emotional bank account (情感账户): the "
    "supplier stands on the Emotion layer (情感), below Vision because nothing is planned "
    "together.",
)


# -- q3 --------------------------------------------------------------------------------

q3 = PredictionQuestion(
    id=f"{EXERCISE}.q3",
    title="Predict: with a partnership that creates nothing jointly, which level does the "
    "salesperson's partnership rung need?",
    result=lambda: _level_letter(level_for_rung(SALESPERSON["partnership"],
                                                hollow_partnership_levels())),
    options=LEVEL_OPTIONS,
    hints=("What does the partnership salesperson do with the customer, and which level "
           "parameter is that?",),
    lesson="The rung needs value created jointly (`co_creation_rate` above 0). Once the "
    "partnership level creates none, the cheapest level that still does is the strategic "
    "alliance: a level is what it does, not what it is called.",
    solution_code="level_for_rung(SALESPERSON['partnership'], hollow_partnership_levels())",
)


# -- q4 --------------------------------------------------------------------------------


@cache
def _emotion_hours() -> float:
    scenario = preset("classroom")
    level = level_for_rung(AGENCY["emotion"], scenario.levels)
    assert level is not None
    return level.manager_hours_for(scenario.segment("key accounts").annual_wallet)


q4 = NumberQuestion(
    id=f"{EXERCISE}.q4",
    title="How many account-manager hours a month does the level of the Emotion layer need "
    "for one classroom key account?",
    reference=_emotion_hours,
    rel_tol=0.01,
    mistakes=(
        Mistake(value=lambda: level_for_rung(AGENCY["emotion"],
                                             preset("classroom").levels).manager_hours_per_month,
                message="that is only the floor; add the hours that grow with the customer's "
                "size (`manager_hours_for(annual_wallet)`)."),
    ),
    hints=(
        "`level_for_rung(AGENCY['emotion'], scenario.levels)` gives the level.",
        "A level's hours for one customer: `level.manager_hours_for(segment.annual_wallet)`.",
    ),
    solution_code="""\
scenario = preset("classroom")
level = level_for_rung(AGENCY["emotion"], scenario.levels)
hours = level.manager_hours_for(scenario.segment("key accounts").annual_wallet)""",
    explanation="Deposits in the emotional bank account are monthly contacts: the cheapest "
    "classroom level with contact every month and joint value is partnership, and its hours "
    "grow with the customer's size.",
    unit="hours per month",
)


# -- q5 --------------------------------------------------------------------------------

SIM_CUSTOMERS = 2000


def _proactive_level() -> str:
    level = level_for_rung(SALESPERSON["proactive"], preset("classroom").levels)
    assert level is not None
    return level.name


@cache
def _proactive_expected() -> float:
    scenario = alone(preset("classroom"), "key accounts", level=_proactive_level(),
                     n_customers=SIM_CUSTOMERS, referrals=False)
    return buying_in_month(evaluate(scenario), scenario.horizon_months - 1)


q5 = SimulatedNumberQuestion(
    id=f"{EXERCISE}.q5",
    title="Simulate 2,000 key accounts at the level a proactive salesperson needs: how many "
    "buy in the last month?",
    expected=_proactive_expected,
    standard_error=lambda: binomial_se(_proactive_expected(), SIM_CUSTOMERS),
    mistakes=(
        Mistake(value=lambda: _proactive_expected() / SIM_CUSTOMERS,
                message="that looks like a share; the question asks for a number of "
                "customers.", rel_tol=0.25),
    ),
    hints=(
        "`level_for_rung(SALESPERSON['proactive'], scenario.levels).name` is the level.",
        "Build `alone(preset('classroom'), 'key accounts', level=..., n_customers=2000, "
        "referrals=False)`, simulate it and add up `customers` in new, repeat and loyal "
        "in month 59.",
    ),
    solution_code="""\
level = level_for_rung(SALESPERSON["proactive"], preset("classroom").levels).name
scenario = alone(preset("classroom"), "key accounts", level=level, n_customers=2000,
                 referrals=False)
occ = simulate(scenario, seed=1).occupancy
last = occ[(occ["month"] == 59) & occ["state"].isin(["new", "repeat", "loyal"])]
count = last["customers"].sum()""",
    explanation="Each key account is still buying at the end with the same probability, "
    "independently (unlimited staff), so the count is binomial and the check allows 4 "
    "standard errors around the analytic expectation.",
    unit="customers",
)

q1, q2, q3, q4, q5 = in_chinese(EXERCISE, q1, q2, q3, q4, q5)
QUESTIONS = (q1, q2, q3, q4, q5)
"""The questions, in notebook order."""
