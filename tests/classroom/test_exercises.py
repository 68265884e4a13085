"""The exercises: reference answers pass, typical wrong answers fail, notebooks are current.

Reference answers are computed by crmsim when checked, so "the reference passes" checks the
checkers' plumbing; the solutions shown to students are run and checked too, and every
simulated answer is checked against honest runs with several seeds and against answers
ten per cent off.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import nbformat
import pytest
from scipy.optimize import brentq

import crmsim
from crmsim.analysis.break_even_points import break_even
from crmsim.analysis.levers import lever_payoffs
from crmsim.classroom import (
    ChoiceQuestion,
    NumberQuestion,
    Outcome,
    PredictionQuestion,
    Question,
    SimulatedNumberQuestion,
    build_exercises,
    exercises,
)
from crmsim.common.numbers import format_number

ROOT = Path(__file__).resolve().parents[2] / "exercises"
ALL = [q for name in exercises.EXERCISES for q in exercises.questions(name)]
NUMBERS = [q for q in ALL if isinstance(q, NumberQuestion | SimulatedNumberQuestion)]
SIMULATED = [q for q in ALL if isinstance(q, SimulatedNumberQuestion)]
CHOICES = [q for q in ALL if isinstance(q, ChoiceQuestion)]


def ids(q: Question) -> str:
    return q.id


def module_of(q: Question):
    return exercises.load(q.id.partition(".")[0])


def run_solution(q: Question, **replace_seed: int) -> object:
    """Run the question's solution code; return the value of its last statement or target."""
    code = q.solution_code
    if "seed" in replace_seed:
        code = re.sub(r"seed=\d+", f"seed={replace_seed['seed']}", code)
    public = {name: getattr(crmsim, name) for name in crmsim.__all__}  # names load lazily
    namespace = {**public, **vars(module_of(q)), "replace": dataclasses.replace,
                 "brentq": brentq}
    tree = ast.parse(code)
    last = tree.body[-1]
    exec(compile(ast.Module(tree.body[:-1], []), "<solution>", "exec"), namespace)
    if isinstance(last, ast.Expr):
        return eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)
    exec(compile(ast.Module([last], []), "<solution>", "exec"), namespace)
    assert isinstance(last, ast.Assign | ast.AugAssign), "solution must end with its answer"
    target = last.targets[0] if isinstance(last, ast.Assign) else last.target
    return namespace[target.id]


# -- structure ---------------------------------------------------------------------------


def test_an_exercise_for_every_notebook_theme():
    themes = {p.stem[:2] for p in (ROOT.parent / "notebooks").glob("0[1-6]_*.py")}
    assert len(themes) == 6
    assert themes <= {e[2:4] for e in exercises.EXERCISES}
    assert sorted(p.stem for p in (ROOT / "masters").glob("ex*.py")) == list(exercises.EXERCISES)


@pytest.mark.parametrize("exercise", exercises.EXERCISES)
def test_each_exercise_mixes_question_kinds(exercise):
    qs = exercises.questions(exercise)
    assert 4 <= len(qs) <= 8
    kinds = {type(q) for q in qs}
    assert {NumberQuestion, SimulatedNumberQuestion, ChoiceQuestion,
            PredictionQuestion} <= kinds
    assert [q.name for q in qs] == [f"q{i}" for i in range(1, len(qs) + 1)]
    assert all(q.id == f"{exercise}.{q.name}" for q in qs)


@pytest.mark.parametrize("q", ALL, ids=ids)
def test_every_question_has_help(q):
    assert q.title
    assert q.hints or isinstance(q, ChoiceQuestion)
    if not isinstance(q, ChoiceQuestion) or callable(q.correct):
        assert q.solution_code or q.explanation or getattr(q, "why", "")


# -- reference answers -------------------------------------------------------------------


@pytest.mark.parametrize("q", ALL, ids=ids)
def test_reference_answer_passes(q):
    reference = q.reference_answer()
    if isinstance(reference, frozenset):
        reference = ", ".join(sorted(reference))
    fb = q.evaluate(reference)
    judged = Outcome.RECORDED if isinstance(q, PredictionQuestion) else Outcome.CORRECT
    assert fb.outcome is judged, fb.message


NUMERIC_PREDICTIONS = [q for q in ALL if isinstance(q, PredictionQuestion) and not q.options]


@pytest.mark.parametrize("q", [q for q in NUMBERS + NUMERIC_PREDICTIONS
                               if "seed=" not in q.solution_code], ids=ids)
def test_solution_code_computes_an_accepted_answer(q):
    value = run_solution(q)
    if isinstance(q, PredictionQuestion):
        assert float(value) == pytest.approx(float(q.reference_answer()))
    else:
        assert q.evaluate(value).outcome is Outcome.CORRECT


@pytest.mark.slow
@pytest.mark.parametrize("seed", [101, 202, 303])
@pytest.mark.parametrize("q", SIMULATED, ids=ids)
def test_simulated_solution_passes_with_any_seed(q, seed):
    assert "seed=" in q.solution_code
    value = run_solution(q, seed=seed)
    fb = q.evaluate(value)
    assert fb.outcome is Outcome.CORRECT, fb.message


@pytest.mark.parametrize("bias", [0.9, 1.1])
@pytest.mark.parametrize("q", SIMULATED, ids=ids)
def test_simulated_answer_ten_percent_off_fails(q, bias):
    assert q.tolerance() < 0.1 * abs(q.reference_answer())  # tolerance fixed in advance, < 10 %
    fb = q.evaluate(q.reference_answer() * bias)
    assert fb.outcome is Outcome.WRONG
    assert "standard errors" in fb.message


# -- wrong answers -----------------------------------------------------------------------

TYPICAL_WRONG = [
    ("ex01_lifecycle.q1", 300, "at the start"),
    ("ex01_lifecycle.q3", 1 / 0.06, "1 / churn_new"),
    ("ex01_lifecycle.q2", "a", "customers × rate"),
    ("ex01_lifecycle.q6", "a", "touch points work on prospects"),
    ("ex02_customer_worth.q1", 100_000, "without discounting"),
    ("ex02_customer_worth.q1", 67_590.24 / 1.1, "discounted the first year"),
    ("ex02_customer_worth.q2", 36_594, "sales, not margin"),
    ("ex02_customer_worth.q6", "b", "not biased"),
    ("ex03_four_levels.q1", "b", "partnership"),
    ("ex03_four_levels.q2", 151_340 * 12, "all the key accounts"),
    ("ex03_four_levels.q6", 1 / 1.062, "divided the extra return"),
    ("ex04_luxurious.q2", 0.339, "mutual importance"),
    ("ex04_luxurious.q3", "d", "size alone does not do it"),
    ("ex04_luxurious.q3", "a, e", "does not apply"),
    ("ex04_luxurious.q4", "a, b, c, d, f", "size does not decide"),
    ("ex04_luxurious.q4", "a, b, c, d, e", "alliance row"),
    ("ex05_segments_and_staff.q1", 1.0, "four account managers"),
    ("ex05_segments_and_staff.q2", 2, "too low"),
    ("ex05_segments_and_staff.q3", "a", "need no account"),
    ("ex05_segments_and_staff.q6", 10.72, "compares whole segments"),
    ("ex06_keeping_customers.q1", 0.7, "handled *well*"),
    ("ex06_keeping_customers.q2", 0.270, "points card"),
    ("ex06_keeping_customers.q4", "a", "overloaded"),
    ("ex06_keeping_customers.q5", 0.233, "looks like a share"),
    ("ex06_keeping_customers.q7", "e", "one lever adds value"),
    ("ex06_keeping_customers.q7", "d", "5 (currency) a month"),
    ("ex06_keeping_customers.q7", "a", "1,200 (currency) a year"),
    ("ex06_keeping_customers.q8", "a, b, c, d", "does not apply"),
    ("ex06_keeping_customers.q8", "a", "you missed 2"),
]
BY_ID = {q.id: q for q in ALL}


@pytest.mark.parametrize("qid, answer, says", TYPICAL_WRONG,
                         ids=[f"{q}-{a!r}" for q, a, _ in TYPICAL_WRONG])
def test_typical_wrong_answer_fails_with_a_specific_message(qid, answer, says):
    fb = BY_ID[qid].evaluate(answer)
    assert fb.outcome is Outcome.WRONG
    assert says in fb.message


def test_ex06_q7_feedback_names_the_currency_in_chinese():
    from crmsim.language.translate import use_language

    with use_language("zh"):
        shown = [str(BY_ID["ex06_keeping_customers.q7"].evaluate(a)) for a in ("a", "d")]
    assert "年采购额 1,200（货币单位）" in shown[0]
    assert "花费 5（货币单位）" in shown[1] and "约 100（货币单位）" in shown[1]


def test_ex04_keys_ask_the_model_change_by_change():
    ex04 = exercises.load("ex04_luxurious")
    assert ex04.q3.reference_answer() == ex04.changes_that_make_partnership_pay(
        ex04.important_alone())
    assert ex04.q4.reference_answer() == ex04.changes_that_make_partnership_luxurious(
        ex04.key_accounts_alone())
    # each letter holds exactly when the model's verdict turns with that change alone
    base = ex04.key_accounts_alone()
    for letter, change in ex04.Q4_CHANGES.items():
        turned = not ex04.partnership_pays(base.with_segment("key accounts", **change))
        assert (letter in ex04.q4.reference_answer()) == turned
    # a key account that matters less to the firm: losing mutual need now tips it too
    weaker = ex04.key_accounts_alone(mutual_importance=0.5)
    assert ex04.partnership_pays(weaker)
    assert "e" not in ex04.q4.reference_answer()
    assert "e" in ex04.changes_that_make_partnership_luxurious(weaker)
    # important customers already at 0.9 importance, need and switching cost: partnership
    # pays, so there is nothing to make it pay
    with pytest.raises(crmsim.ScenarioError):
        ex04.changes_that_make_partnership_pay(ex04.important_alone(
            mutual_importance=0.9, mutual_need=0.9, switching_cost=0.9))


def test_ex06_lever_keys_ask_the_model():
    ex06 = exercises.load("ex06_keeping_customers")
    table = lever_payoffs(ex06.firm())
    keys = table[(table["segment"] == "key accounts") & table["pays"]]["lever"]
    assert ex06.paying_levers("key accounts") == frozenset(keys)
    # the same question on the preset, whose managers never let a contact lapse: the
    # reminders no longer pay, because there is nothing for them to catch
    classroom = crmsim.preset("classroom")
    assert "reminders" in ex06.paying_levers("key accounts")
    assert "reminders" not in ex06.paying_levers("key accounts", classroom)
    # ordinary customers with an important customer's wallet: more levers pay for them
    keys7 = ("survey", "call_centre", "voucher", "club")
    assert ex06.best_lever("ordinary customers", keys7) == "voucher"
    richer = ex06.firm().with_segment("ordinary customers", annual_wallet=24_000.0)
    assert {"survey", "call_centre", "club"} <= ex06.paying_levers("ordinary customers", richer)


def test_ex05_q7_premise_holds_in_both_engines():
    ex05 = exercises.load("ex05_segments_and_staff")
    served = ex05.served_by_segment(ex05.relationship_segments(1))
    assert served["R-type"] < served["key accounts"]
    assert ex05.q4.reference_answer() < served["key accounts"]


@pytest.mark.parametrize("q", [q for q in NUMBERS if q.mistakes], ids=ids)
def test_every_declared_mistake_is_recognised(q):
    for mistake in q.mistakes:
        fb = q.evaluate(mistake.value())
        assert fb.outcome is Outcome.WRONG
        assert fb.message == mistake.message


@pytest.mark.parametrize("factor", [-1.0, 0.3, 3.0])
@pytest.mark.parametrize("q", NUMBERS, ids=ids)
def test_far_off_numbers_fail_without_giving_the_answer_away(q, factor):
    reference = q.reference_answer()
    answer = reference * factor if reference else factor
    if getattr(q, "whole", False):
        answer = round(answer)
    fb = q.evaluate(answer)
    if not _in_range(q, answer):  # told only the declared range and the answer given
        assert fb.outcome is Outcome.INVALID
        assert fb.message == (f"expected a number between {format_number(q.low)} and "
                              f"{format_number(q.high)}; received {format_number(answer)}, "
                              "which is out of that range.")
        return
    assert fb.outcome is Outcome.WRONG
    if not any(fb.message == m.message for m in q.mistakes):
        assert "wrong sign" in fb.message or "factor of two" in fb.message \
            or "standard errors" in fb.message
    shown = {f"{reference:,.0f}", f"{reference:.3g}", f"{reference:.2f}"} - {"0", "-0", "0.00"}
    assert not any(s in fb.message for s in shown)


def _in_range(q: Question, x: float) -> bool:
    return (q.low is None or x >= q.low) and (q.high is None or x <= q.high)


# Questions whose answer is a share or a [0, 1] parameter (mutual importance, switching cost).
BOUNDED_01 = {"ex04_luxurious.q1", "ex04_luxurious.q2", "ex04_luxurious.q5",
              "ex05_segments_and_staff.q1", "ex05_segments_and_staff.q4",
              "ex06_keeping_customers.q1", "ex06_keeping_customers.q2"}


def test_every_share_and_every_break_even_of_a_0_1_parameter_declares_its_range():
    declared = {q.id for q in NUMBERS + NUMERIC_PREDICTIONS if (q.low, q.high) == (0.0, 1.0)}
    assert declared == BOUNDED_01
    shares = {q.id for q in NUMBERS + NUMERIC_PREDICTIONS if "share" in q.title.lower()}
    assert shares <= declared  # a new share question must declare its range too


@pytest.mark.parametrize("q", [q for q in ALL if q.id in BOUNDED_01], ids=ids)
def test_an_answer_out_of_range_says_the_range_in_both_languages(q):
    fb = q.evaluate(7)  # e.g. a percentage, or a switching cost read off the wrong column
    assert fb.outcome is Outcome.INVALID
    assert fb.message == ("expected a number between 0 and 1; received 7, which is out of that "
                          "range.")
    assert "factor of two" not in fb.message  # the old, misleading wording
    assert fb.message.zh == "应当是一个介于 0 和 1 之间的数；收到的是 7，超出了这个范围。"


@pytest.mark.parametrize("name, scenario_changes, parameter", [
    ("q1", {}, "mutual_importance"),
    ("q2", {"mutual_importance": 0.42}, "switching_cost"),
])
def test_break_even_questions_point_to_values_in_the_first_hint(name, scenario_changes,
                                                                parameter):
    ex04 = exercises.load("ex04_luxurious")
    q = getattr(ex04, name)
    first = q.hints[0]
    assert "`.values`" in first and "sentence" in first  # printing shows only a sentence
    assert "`.values`" in first.zh and "句话" in first.zh and first.zh != str(first)
    # what a student passes after reading hint 1: the tuple itself
    found = break_even(ex04.key_accounts_alone(**scenario_changes), level="partnership",
                       parameter=parameter)
    fb = q.evaluate(found.values)
    assert fb.outcome is Outcome.INVALID and "list or tuple of 1 item" in fb.message
    assert "a list of" not in fb.message  # the old wording
    assert q.evaluate(found.values[0]).outcome is Outcome.CORRECT


@pytest.mark.parametrize("q", CHOICES, ids=ids)
def test_every_wrong_option_fails_without_naming_the_right_one(q):
    reference = q.reference_answer()
    right = {reference} if isinstance(reference, str) else set(reference)
    for letter, _ in q.options:
        answer = letter if not q.select_all else ", ".join(sorted(right ^ {letter}))
        if not q.select_all and letter in right:
            continue
        fb = q.evaluate(answer) if answer else None
        if fb is None:
            continue
        assert fb.outcome is Outcome.WRONG
        for r in right:
            assert dict(q.options)[r] not in fb.message


@pytest.mark.parametrize("q", ALL, ids=ids)
def test_wrong_kind_of_answer_is_invalid(q):
    answer = "lots" if isinstance(q, NumberQuestion | SimulatedNumberQuestion) else 3.5
    if isinstance(q, PredictionQuestion) and not q.options:
        answer = "lots"
    fb = q.evaluate(answer)
    assert fb.outcome is Outcome.INVALID
    assert "expected" in fb.message and "received" in fb.message


# -- generated notebooks -----------------------------------------------------------------


def test_generated_notebooks_are_up_to_date_with_their_masters():
    result = build_exercises(ROOT, check=True)
    assert result.stale == (), "run 'crmsim build-exercises'"
    assert len(result.up_to_date) == 2 * len(exercises.EXERCISES)


@pytest.mark.parametrize("exercise", exercises.EXERCISES)
def test_student_notebook_has_placeholders_and_no_solutions(exercise):
    student = nbformat.read(ROOT / "student" / f"{exercise}.ipynb", as_version=4)
    trainer = nbformat.read(ROOT / "trainer" / f"{exercise}.ipynb", as_version=4)
    assert student.metadata["crmsim"] == {"exercise": exercise, "version": "student",
                                          "master": f"masters/{exercise}.py"}
    assert trainer.metadata["crmsim"]["version"] == "trainer"
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "SOLUTION" not in code and "# STUDENT" not in code
    assert "trainer-only" not in str(student)
    for q in exercises.questions(exercise):
        assert re.search(rf"\b{q.name}\.check\(", code), f"{q.name} is never checked"
    assert code.count("= ____") >= len(exercises.questions(exercise))
    trainer_code = "\n".join(c.source for c in trainer.cells if c.cell_type == "code")
    assert "= ____" not in trainer_code
    for book in (student, trainer):
        for cell in book.cells:
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None


@pytest.mark.slow
def test_trainer_notebooks_execute_with_every_check_correct():
    from crmsim.classroom.grading import grade

    english = sorted((ROOT / "trainer").glob("*.ipynb"))  # the Chinese ones: test_course_zh
    grades = grade(english, timeout_per_notebook=300, jobs=2)
    assert set(grades["exercise"]) == set(exercises.EXERCISES)
    assert (grades["notebook_problem"] == "").all(), grades["notebook_problem"].unique()
    wrong = grades[~grades["result"].isin(["correct", "recorded"])]  # recorded: predictions
    assert wrong.empty, wrong[["notebook", "question", "result", "detail"]].to_string()
    recorded = grades[grades["result"] == "recorded"]
    assert len(recorded) == sum(isinstance(q, PredictionQuestion) for q in ALL)
    assert len(grades) == len(ALL)


@pytest.mark.slow
def test_untouched_student_notebooks_run_cleanly_and_report_not_attempted():
    from crmsim.classroom.grading import grade

    english = sorted((ROOT / "student").glob("*.ipynb"))  # the Chinese ones: test_course_zh
    grades = grade(english, timeout_per_notebook=300, jobs=2)
    assert set(grades["exercise"]) == set(exercises.EXERCISES)
    assert (grades["notebook_problem"] == "").all(), grades["notebook_problem"].unique()
    assert (grades["result"] == "not attempted").all()
    assert len(grades) == len(ALL)
