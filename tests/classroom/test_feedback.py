"""The feedback API: four outcomes, messages that do not give the answer away, the registry."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsim.classroom import (
    ChoiceQuestion,
    Feedback,
    Mistake,
    Note,
    NumberQuestion,
    Outcome,
    PredictionQuestion,
    Registry,
    SimulatedNumberQuestion,
    checker_fingerprint,
    export_answers,
    feedback_modules,
    to_jsonable,
)
from crmsim.classroom.feedback import ____
from crmsim.classroom.feedback.wording import Bilingual
from crmsim.language.translate import use_language


def number_question(reference: float = 67_590.238, **kwargs) -> NumberQuestion:
    kwargs.setdefault("registry", Registry())
    return NumberQuestion(id="t.q1", title="t", reference=lambda: reference, **kwargs)


# -- outcomes --------------------------------------------------------------------------


def test_placeholder_is_not_attempted_and_records_nothing(capsys):
    q = number_question()
    q.check(____)
    assert "Not attempted yet" in capsys.readouterr().out
    assert q.evaluate(____).outcome is Outcome.NOT_ATTEMPTED
    assert "answer" not in q.registry.record("t.q1")
    q.check()  # no argument at all is the same
    assert "answer" not in q.registry.record("t.q1")


def test_not_attempted_differs_from_wrong_and_from_none():
    q = number_question(100.0)
    assert q.evaluate(____).outcome is Outcome.NOT_ATTEMPTED
    assert q.evaluate(50.0).outcome is Outcome.WRONG
    assert q.evaluate(None).outcome is Outcome.INVALID


def test_check_records_json_answers_and_attempts():
    q = number_question(100.0)
    q.check(np.float64(80.0))
    q.check(100)
    record = q.registry.record("t.q1")
    assert record["answer"] == 100 and record["attempts"] == 2
    json.dumps(q.registry.export())  # JSON-serialisable


@pytest.mark.parametrize("answer, expected, received", [
    ("67590", "expected a number", "the text '67590' (remove the quotes)"),
    ("lots", "expected a number", "the text 'lots'"),
    (None, "expected a number", "None"),
    (True, "expected a number", "True"),
    ([1.0, 2.0], "expected a number", "a list or tuple of 2 items"),
    ((0.5,), "expected a number", "a list or tuple of 1 item (pick one value, e.g. with [0])"),
    (pd.Series([1.0, 2.0, 3.0]), "expected a number", "a pandas.Series with 3 values"),
    (float("nan"), "expected a finite number", "nan"),
])
def test_invalid_answers_say_what_was_expected_and_received(answer, expected, received):
    fb = number_question().evaluate(answer)
    assert fb.outcome is Outcome.INVALID
    assert expected in fb.message and received in fb.message
    assert fb.message.endswith(".")


def a_break_even(values: tuple[float, ...] = (0.62,)):
    from crmsim.analysis.break_even_points import BreakEven

    return BreakEven(segment="key", level="partnership", cheaper_level="preferred",
                     parameter="segment:key.switching_cost", values=values, low=0.0, high=1.0,
                     grid=np.linspace(0, 1, 3), extra_profit=np.array([-1.0, 0.0, 1.0]),
                     paying=((0.62, 1.0),))


def test_a_break_even_object_is_named_as_imported_with_how_to_get_its_number():
    fb = number_question().evaluate(a_break_even())  # q.check(break_even(...))
    assert fb.outcome is Outcome.INVALID
    assert fb.message == ("expected a number; received a BreakEven (pick the number, e.g. "
                          "with .values[0]).")
    assert "crmsim.BreakEven" not in fb.message.zh and ".values[0]" in fb.message.zh


def test_an_object_is_named_by_its_package_only_where_the_package_exports_it():
    from crmsim import Segment

    assert "a pandas.DataFrame" in number_question().evaluate(pd.DataFrame({"x": [1]})).message
    assert "a crmsim.Segment." in number_question().evaluate(Segment(name="a")).message
    assert "a Generator." in number_question().evaluate(np.random.default_rng(1)).message


def test_a_tuple_is_not_called_a_list_in_either_language():
    fb = number_question().evaluate((0.5,))  # e.g. break_even(...).values
    assert "a list of" not in fb.message  # the old wording
    assert "list or tuple" in fb.message
    assert "列表或元组" in fb.message.zh and "[0]" in fb.message.zh


# -- answers out of the question's range -----------------------------------------------


def share_question(**kwargs) -> NumberQuestion:
    return number_question(0.3, rel_tol=0.0, abs_tol=0.005, low=0.0, high=1.0, **kwargs)


@pytest.mark.parametrize("answer, received", [(7, "7"), (30, "30"), (-0.3, "-0.3"),
                                              (1.2, "1.2")])
def test_an_answer_out_of_range_is_told_the_range_not_how_far_off_it_is(answer, received):
    fb = share_question().evaluate(answer)
    assert fb.outcome is Outcome.INVALID
    assert fb.message == (f"expected a number between 0 and 1; received {received}, which is "
                          "out of that range.")
    assert "factor of two" not in fb.message and "wrong sign" not in fb.message  # old wording
    assert fb.message.zh == f"应当是一个介于 0 和 1 之间的数；收到的是 {received}，超出了这个范围。"


def test_the_ends_of_the_range_are_answers_judged_as_usual():
    q = share_question()
    assert q.evaluate(0.3).outcome is Outcome.CORRECT
    for end in (0, 1):
        fb = q.evaluate(end)
        assert fb.outcome is Outcome.WRONG and "factor of two" in fb.message
    unbounded = number_question(0.3, rel_tol=0.0, abs_tol=0.005)  # the check needs the range
    assert unbounded.evaluate(7).outcome is Outcome.WRONG


def test_one_sided_and_whole_number_ranges_are_worded():
    at_least = number_question(3.0, whole=True, low=1)
    assert at_least.evaluate(0).message == ("expected a whole number of at least 1; received 0, "
                                            "which is out of that range.")
    assert at_least.evaluate(0).message.zh.startswith("应当是一个不小于 1 的整数")
    at_most = number_question(3.0, high=10)
    assert "expected a number of at most 10; received 11" in at_most.evaluate(11).message
    with pytest.raises(ValueError, match=r"low must not exceed \.high"):
        number_question(low=1.0, high=0.0)


def test_simulated_and_predicted_numbers_check_their_range_too():
    simulated = SimulatedNumberQuestion(id="t.q3", title="t", expected=lambda: 0.4,
                                        standard_error=lambda: 0.01, low=0.0, high=1.0,
                                        registry=Registry())
    assert simulated.evaluate(40).outcome is Outcome.INVALID
    assert "between 0 and 1" in simulated.evaluate(40).message
    predicted = PredictionQuestion(id="t.q5", title="t", result=lambda: 0.4, low=0.0,
                                   high=1.0, registry=Registry())
    assert predicted.evaluate(40).outcome is Outcome.INVALID
    assert predicted.evaluate(0.5).outcome is Outcome.RECORDED


def test_whole_number_questions_reject_fractions():
    q = number_question(3.0, rel_tol=0.0, whole=True)
    assert q.evaluate(3).outcome is Outcome.CORRECT
    assert q.evaluate(3.0).outcome is Outcome.CORRECT
    assert q.evaluate(3.5).outcome is Outcome.INVALID
    assert q.evaluate(4).outcome is Outcome.WRONG


# -- wrong-answer messages -------------------------------------------------------------


@pytest.mark.parametrize("answer, words", [
    (250_000.0, "too high by more than a factor of two"),
    (20_000.0, "too low by more than a factor of two"),
    (-67_590.0, "wrong sign"),
    (72_000.0, "close but too high"),
    (45_000.0, "too low (by less than a factor of two)"),
])
def test_wrong_messages_describe_the_error_without_any_number(answer, words):
    fb = number_question().evaluate(answer)
    assert fb.outcome is Outcome.WRONG
    assert words in fb.message
    assert not any(ch.isdigit() for ch in fb.message)


def test_typical_mistake_gets_its_own_message_and_does_not_shadow_the_answer():
    q = number_question(67_590.0, mistakes=(
        Mistake(value=lambda: 100_000.0, message="did you forget discounting?"),
        Mistake(value=lambda: 67_600.0, message="never shown: equals the reference"),
    ))
    assert q.evaluate(100_000).message == "did you forget discounting?"
    assert q.evaluate(67_600).outcome is Outcome.CORRECT


def test_mistake_with_its_own_tolerance():
    q = number_question(1000.0, mistakes=(
        Mistake(value=lambda: 0.5, message="that looks like a share.", rel_tol=0.25),))
    assert q.evaluate(0.55).message == "that looks like a share."
    assert q.evaluate(5.0).message != "that looks like a share."


@settings(max_examples=200, deadline=None)
@given(
    reference=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).filter(
        lambda x: abs(x) > 1e-3),
    factor=st.floats(min_value=-5.0, max_value=5.0, allow_nan=False),
    rel_tol=st.sampled_from([0.001, 0.01, 0.05]),
)
def test_number_check_accepts_exactly_the_tolerance_band(reference, factor, rel_tol):
    q = number_question(reference, rel_tol=rel_tol)
    answer = reference * factor
    fb = q.evaluate(answer)
    inside = abs(answer - reference) <= rel_tol * abs(reference)
    assert (fb.outcome is Outcome.CORRECT) == inside
    if not inside:
        assert fb.outcome is Outcome.WRONG
        assert not any(ch.isdigit() for ch in fb.message)  # gives no value away


@settings(max_examples=100, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_recorded_answer_grades_like_the_live_one(answer):
    q = number_question(123.0)
    recorded = json.loads(json.dumps(to_jsonable(answer)))
    assert q.grade({"answer": recorded}) == q.evaluate(answer)


# -- simulated numbers -----------------------------------------------------------------

N_DRAWS = 10_000


def _mean_of_draws(seed: int, mean: float = 10.0) -> float:
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    return float(rng.exponential(mean, N_DRAWS).mean())


def simulated_question() -> SimulatedNumberQuestion:
    # exponential(10): mean 10, standard deviation 10 -> SE = 10 / sqrt(N)
    return SimulatedNumberQuestion(id="t.q2", title="t", expected=lambda: 10.0,
                                   standard_error=lambda: 10.0 / math.sqrt(N_DRAWS),
                                   registry=Registry())


@pytest.mark.parametrize("seed", range(10))
def test_simulated_answers_from_honest_runs_pass(seed):
    fb = simulated_question().evaluate(_mean_of_draws(seed))
    assert fb.outcome is Outcome.CORRECT
    assert "standard errors" in fb.message


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("bias", [0.9, 1.1])
def test_simulated_answers_from_a_model_ten_percent_off_fail(bias, seed):
    fb = simulated_question().evaluate(_mean_of_draws(seed, mean=10.0 * bias))
    assert fb.outcome is Outcome.WRONG
    assert "sampling noise" in fb.message


def test_simulated_tolerance_is_fixed_in_advance():
    q = simulated_question()
    assert q.tolerance() == pytest.approx(4 * 10.0 / math.sqrt(N_DRAWS))
    assert q.evaluate(10.0 + 0.99 * q.tolerance()).outcome is Outcome.CORRECT
    assert q.evaluate(10.0 + 1.01 * q.tolerance()).outcome is Outcome.WRONG


# -- multiple choice -------------------------------------------------------------------


def choice_question(**kwargs) -> ChoiceQuestion:
    kwargs.setdefault("registry", Registry())
    kwargs.setdefault("correct", "b")
    return ChoiceQuestion(id="t.q3", title="t",
                          options=(("a", "low"), ("b", "middle"), ("c", "high")),
                          option_feedback={"a": "too low a level."}, **kwargs)


@pytest.mark.parametrize("answer", ["b", "B", " b ", "(b)", ["b"]])
def test_choice_accepts_letter_spellings(answer):
    assert choice_question().evaluate(answer).outcome is Outcome.CORRECT


@pytest.mark.parametrize("answer", ["d", "middle", 2, None, "a, b"])
def test_choice_rejects_non_letters_as_invalid(answer):
    fb = choice_question().evaluate(answer)
    assert fb.outcome is Outcome.INVALID
    assert "'a', 'b', 'c'" in fb.message


# what a Chinese input method types: full-width letters, brackets, commas, spaces and 、
@pytest.mark.parametrize("answer", ["ｂ", "Ｂ", "（b）", "（ｂ）", "\u3000b\u3000", ["ｂ"]])
def test_choice_accepts_letters_typed_with_a_chinese_input_method(answer):
    assert choice_question().evaluate(answer).outcome is Outcome.CORRECT


@pytest.mark.parametrize("answer", ["a，c", "a、c", "ａ、ｃ", "a\u3000c", "（a）、（c）", "ac"])
def test_select_all_accepts_chinese_commas_and_spaces(answer):
    q = choice_question(correct=lambda: frozenset({"a", "c"}), select_all=True)
    assert q.evaluate(answer).outcome is Outcome.CORRECT


@pytest.mark.parametrize("answer", ["ｄ", "ｂｂ", "战略联盟", "a；c", "b。"])
def test_full_width_answers_that_are_not_an_option_stay_invalid(answer):
    fb = choice_question().evaluate(answer)
    assert fb.outcome is Outcome.INVALID
    assert f"received the text {answer!r}" in fb.message  # as typed


def test_full_width_digits_in_quotes_are_told_how_to_type_the_number():
    fb = number_question().evaluate("２８４")  # a number as text is not accepted at all
    assert fb.outcome is Outcome.INVALID
    assert fb.message == ("expected a number; received the text '２８４' (remove the quotes "
                          "and type it with half-width digits: 284).")
    assert fb.message.zh == ("应当是一个数；收到的是文本 '２８４'（去掉引号，"
                             "并用半角数字写成 284）。")
    assert number_question().evaluate("284").message.endswith("(remove the quotes).")


def test_a_full_width_answer_grades_like_the_live_one():
    q = choice_question(correct=lambda: frozenset({"a", "c"}), select_all=True)
    q.check("ａ、ｃ")
    record = q.registry.record("t.q3")
    assert record["answer"] == "ａ、ｃ"  # recorded as typed
    assert q.grade(record).outcome is Outcome.CORRECT


def test_chinese_messages_put_a_space_after_shou_dao_de_shi_only_before_latin_text():
    assert choice_question().evaluate("ｄ").message.zh == (
        "应当是 'a', 'b', 'c' 中的一个字母；收到的是文本 'ｄ'。")
    assert number_question().evaluate({"x": 1.0}).message.zh == (
        "应当是一个数；收到的是一个含 1 个键的字典。")
    assert number_question().evaluate(None).message.zh.startswith("应当是一个数；收到的是 None（")
    assert number_question(whole=True).evaluate(3.5).message.zh == "应当是一个整数；收到的是 3.5。"
    predicted = PredictionQuestion(id="t.q5", title="t", result=lambda: "d", registry=Registry(),
                                   options=(("c", "partnership"), ("d", "alliance")))
    assert predicted.evaluate("x").message.zh == "应当是 'c', 'd' 中的一个字母；收到的是文本 'x'。"


def test_choice_wrong_option_explains_without_naming_the_answer():
    fb = choice_question().evaluate("a")
    assert fb.outcome is Outcome.WRONG and "too low a level" in fb.message
    assert "middle" not in fb.message


def test_choice_correct_may_be_computed():
    q = choice_question(correct=lambda: "c")
    assert q.reference_answer() == "c"
    assert q.evaluate("c").outcome is Outcome.CORRECT


def test_select_all_counts_extra_and_missed_options():
    q = choice_question(correct=lambda: frozenset({"a", "c"}), select_all=True)
    assert q.evaluate("a, c").outcome is Outcome.CORRECT
    assert q.evaluate("ca").outcome is Outcome.CORRECT
    assert q.evaluate(["c", "a"]).outcome is Outcome.CORRECT
    fb = q.evaluate("a, b")
    assert fb.outcome is Outcome.WRONG
    assert "1 option that does not apply" in fb.message and "missed 1" in fb.message


def test_choice_options_must_be_distinct_letters():
    with pytest.raises(ValueError, match="distinct lower-case letters"):
        ChoiceQuestion(id="t.q", title="t", options=(("a", "x"), ("a", "y")), correct="a")


# -- predictions -----------------------------------------------------------------------


def prediction_question(**kwargs) -> PredictionQuestion:
    return PredictionQuestion(id="t.q4", title="t", result=lambda: 117.0,
                              registry=Registry(), **kwargs)


def test_reveal_needs_a_recorded_prediction_first(capsys):
    q = prediction_question()
    q.reveal()
    out = capsys.readouterr().out
    assert "record your prediction first" in out and "117" not in out
    assert q.registry.record("t.q4")["revealed"] is False


def test_prediction_is_recorded_then_revealed_next_to_the_guess(capsys):
    q = prediction_question(lesson=lambda: "churn compounds.")
    q.check(140)
    assert "Recorded: your prediction is 140." in capsys.readouterr().out
    q.reveal()
    out = capsys.readouterr().out
    assert "you predicted **140**" in out and "**117**" in out and "churn compounds." in out
    assert "20% too high" in out


def test_prediction_after_reveal_does_not_replace_the_guess(capsys):
    q = prediction_question()
    q.check(50)
    q.reveal()
    capsys.readouterr()
    q.check(117)
    assert "earlier prediction (50) stands" in capsys.readouterr().out
    assert q.registry.record("t.q4")["answer"] == 50
    assert q.grade(q.registry.record("t.q4")).outcome is Outcome.RECORDED


def test_prediction_of_an_option():
    q = PredictionQuestion(id="t.q5", title="t", result=lambda: "d", registry=Registry(),
                           options=(("c", "partnership"), ("d", "alliance")))
    assert q.evaluate("c").outcome is Outcome.RECORDED  # any valid guess
    assert q.evaluate("（ｃ）").outcome is Outcome.RECORDED  # typed with a Chinese keyboard
    assert q.evaluate("x").outcome is Outcome.INVALID
    assert q.evaluate(3).outcome is Outcome.INVALID


def test_a_guess_is_recorded_not_judged_right_however_far_off(capsys):
    q = prediction_question()
    for guess in (117, 300):  # a guess equal to the result is no more "correct"
        fb = q.evaluate(guess)
        assert fb.outcome is Outcome.RECORDED and "Correct" not in str(fb)
    q.check(300)
    assert q.grade(q.registry.record("t.q4")).outcome is Outcome.RECORDED
    assert q.evaluate("lots").outcome is Outcome.INVALID  # an unusable guess stays invalid
    with use_language("zh"):
        shown = str(q.evaluate(300)), q.evaluate(300)._repr_markdown_()
    assert shown[0] == "已记录：记录了你的预测（300）。现在运行 q4.reveal() 查看结果。"
    assert shown[1].startswith("• **已记录：**") and "✓" not in shown[1]


@pytest.mark.parametrize("guess, result, en, zh", [
    (117, 117.0, "(well predicted).", "（预测准确）。"),
    (270_528, 270_528.3, "(well predicted).", "（预测准确）。"),  # the same as shown
    (0.3, 0.3004, "(well predicted).", "（预测准确）。"),
    (270_000, 270_528.3, "(your guess was less than 1% too low).", "（你的猜测偏低了不到 1%）。"),
    (140, 117.0, "(your guess was 20% too high).", "（你的猜测偏高了 20%）。"),
    (300, 117.0, "(your guess was 2.6 times the result).", "（你的猜测是结果的 2.6 倍）。"),
    (10, 117.0, "(your guess was 8.5% of the result).", "（你的猜测只有结果的 8.5%）。"),
    (0, 117.0, "(your guess was too low).", "（你的猜测偏低了）。"),
    (0, -20.0, "(your guess was too high).", "（你的猜测偏高了）。"),
    (-50, 117.0, "(your guess has the opposite sign to the result).",
     "（你的猜测与结果的符号相反）。"),
    (0.3, 0.0, "(your guess was too high).", "（你的猜测偏高了）。"),
])
def test_reveal_says_how_close_the_guess_was_in_both_languages(capsys, guess, result, en, zh):
    q = PredictionQuestion(id="t.q4", title="t", result=lambda: result, registry=Registry())
    q.check(guess)
    capsys.readouterr()
    q.reveal()
    assert capsys.readouterr().out.rstrip().endswith(en)
    with use_language("zh"):
        q.reveal()
    shown = capsys.readouterr().out.rstrip()
    assert shown.endswith(zh)
    assert "0%" not in shown.replace("20%", "") and "0.0 倍" not in shown


def test_a_unit_in_full_width_brackets_follows_the_number_without_a_space(capsys):
    q = PredictionQuestion(id="t.q4", title="t", result=lambda: 103_696.0, registry=Registry(),
                           unit=Bilingual("(money)", "（货币单位）"))
    q.check(100_000)
    q.reveal()
    assert "you predicted **100,000 (money)**" in capsys.readouterr().out
    with use_language("zh"):
        q.reveal()
    assert "你的预测是 **100,000（货币单位）**" in capsys.readouterr().out


# -- hints, solutions, display ---------------------------------------------------------


def test_hints_are_progressive_and_counted(capsys):
    q = number_question(hints=("first", "second"))
    outputs = []
    for _ in range(3):
        q.hint()
        outputs.append(capsys.readouterr().out)
    assert "Hint 1 of 2: first" in outputs[0]
    assert "Hint 2 of 2: second" in outputs[1]
    assert "last hint" in outputs[2] and "solution()" in outputs[2]
    assert q.registry.record("t.q1")["hints"] == 2


def test_solution_shows_code_and_is_recorded(capsys):
    q = number_question(100.0, solution_code="x = 50 * 2", explanation="because.")
    q.solution()
    out = capsys.readouterr().out
    assert "x = 50 * 2" in out and "100" in out and "because." in out
    assert q.registry.record("t.q1")["solution_viewed"] is True


def test_feedback_renders_as_markdown_and_plain_text():
    fb = Feedback("t.q1", Outcome.CORRECT, "")
    assert str(fb) == "Correct!"
    assert fb._repr_markdown_().startswith("✓ **Correct!**")
    note = Note("Hint 1 of 1", "look at `summary`.")
    assert "**Hint 1 of 1:**" in note._repr_markdown_()


def test_check_displays_rich_output_inside_ipython(monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    number_question(1.0).check(1.0)
    assert len(shown) == 1 and isinstance(shown[0], Feedback)


# -- registry and export ---------------------------------------------------------------


def test_to_jsonable_keeps_what_a_checker_needs():
    assert to_jsonable(np.int64(3)) == 3 and isinstance(to_jsonable(np.int64(3)), int)
    assert to_jsonable(np.array(2.5)) == 2.5
    assert to_jsonable({"b", "a"}) == ["a", "b"]
    described = to_jsonable(pd.DataFrame({"x": [1, 2]}))
    assert described["__crmsim_unserialisable__"] == "pandas.DataFrame"
    assert described["length"] == 2


def test_export_prints_the_registry_between_markers(capsys):
    reg = Registry()
    q = number_question(2.0, registry=reg)
    q.check(2.0)
    q.hint()
    capsys.readouterr()
    export_answers("@@M@@", reg)
    text = capsys.readouterr().out.strip()
    assert text.startswith("@@M@@") and text.endswith("@@M@@")
    data = json.loads(text[len("@@M@@"):-len("@@M@@")])
    assert data["records"]["t.q1"]["answer"] == 2.0 and data["records"]["t.q1"]["hints"] == 0
    assert data["checker"] == checker_fingerprint()


def test_fingerprint_changes_when_a_checker_is_patched(monkeypatch):
    before = checker_fingerprint()
    monkeypatch.setattr(NumberQuestion, "_judge", lambda self, answer: None)
    assert checker_fingerprint() != before
    monkeypatch.undo()
    assert checker_fingerprint() == before


@pytest.mark.parametrize("target", [
    "crmsim.classroom.feedback.answers.read_number",
    "crmsim.classroom.feedback.questions.show",
    "crmsim.classroom.feedback.display.show",
    "crmsim.classroom.feedback.registry.Registry.update",
    "crmsim.classroom.feedback.outcomes.Feedback.__str__",
    "crmsim.classroom.feedback.export.export_answers",
])
def test_fingerprint_covers_every_module_of_the_feedback_package(monkeypatch, target):
    before = checker_fingerprint()
    monkeypatch.setattr(target, lambda *args, **kwargs: None)
    assert checker_fingerprint() != before
    monkeypatch.undo()
    assert checker_fingerprint() == before


def test_fingerprinted_modules_are_the_whole_feedback_package():
    import crmsim.classroom.feedback as package

    files = sorted(Path(package.__file__).parent.glob("*.py"))
    expected = {f"crmsim.classroom.feedback.{f.stem}" for f in files if f.stem != "__init__"}
    assert {m.__name__ for m in feedback_modules()} == {"crmsim.classroom.feedback", *expected}


def test_fingerprint_does_not_depend_on_what_was_imported_first():
    code = ("import crmsim.classroom.feedback.registry\n"
            "from crmsim.classroom.feedback.export import checker_fingerprint\n"
            "print(checker_fingerprint())")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert fresh.stdout.strip() == checker_fingerprint()


def test_grade_of_an_empty_or_odd_record_is_not_attempted():
    q = number_question()
    assert q.grade({}).outcome is Outcome.NOT_ATTEMPTED
    assert q.grade("nonsense").outcome is Outcome.NOT_ATTEMPTED  # type: ignore[arg-type]


def test_questions_are_frozen():
    q = number_question()
    with pytest.raises((AttributeError, TypeError)):
        q.check = lambda answer: None  # type: ignore[method-assign]
