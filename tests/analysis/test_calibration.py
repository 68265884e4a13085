"""Calibration: transition probabilities from a state history, sBG churn from a cohort."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crmsim import Scenario, Segment
from crmsim.analysis import (
    LIFECYCLE_CELLS,
    MAX_WRITTEN_DIGITS,
    calibrated_scenario,
    estimate_transitions,
    fit_cohort,
    history_from_trace,
    lifecycle_from_transitions,
    read_history,
    wilson_interval,
    written_rate,
)
from crmsim.cli import main
from crmsim.common.errors import ScenarioError
from crmsim.engines import simulate
from crmsim.model.mechanisms import served_regime
from crmsim.scenario import Acquisition, Lifecycle, load_scenario, save_scenario, state_index
from crmsim.scenario.toml_edit import header_block

TRUE = Lifecycle(new_to_repeat=0.2, churn_new=0.08, repeat_to_loyal=0.05, churn_repeat=0.04,
                 loyal_to_repeat=0.03, churn_loyal=0.02, win_back=0.06, lost_to_gone=0.05)


def _scenario(lifecycle: Lifecycle = TRUE) -> Scenario:
    # a segment with non-neutral mechanisms (price sensitivity, orientation, complaints),
    # so the observed moves differ from the base rates and must be mapped back
    return Scenario(
        name="truth",
        segments=(Segment(name="smb", n_customers=1500, price_sensitivity=0.8,
                          relationship_orientation=0.3, complaints_per_year=2.0,
                          referrals_per_year=0.0,
                          initial_mix={"new": 0.4, "repeat": 0.3, "loyal": 0.2, "lost": 0.1}),),
        horizon_months=36,
        lifecycle=lifecycle,
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A customer-state history simulated by crmsim's own SimPy engine."""
    results = simulate(_scenario(), seed=2026, trace=True)
    frame = history_from_trace(results)
    path = tmp_path_factory.mktemp("cal") / "history.csv"
    frame.to_csv(path, index=False)
    return path


def test_recovers_the_lifecycle_that_generated_the_data(history):
    table = estimate_transitions(read_history(history), confidence=0.995)
    # start from a scenario with the wrong lifecycle: only the data speak
    estimates = lifecycle_from_transitions(_scenario(Lifecycle()), table).set_index("field")
    assert set(estimates.index) == {f for f in LIFECYCLE_CELLS
                                    if f not in ("potential_gone", "target_gone")}
    for field, row in estimates.iterrows():
        truth = getattr(TRUE, field)
        # 99.5% per field: a Bonferroni-style family-wise level of about 96% for 8 fields
        assert row["low"] <= truth <= row["high"], (field, truth, row.to_dict())
        assert row["low"] < row["estimate"] < row["high"]
    # the mechanisms were taken out: churn of repeat customers is observed well above the
    # base rate (price-sensitive segment, complaints) but estimated near it
    assert estimates.loc["churn_repeat", "observed"] > 0.05
    assert abs(estimates.loc["churn_repeat", "estimate"] - TRUE.churn_repeat) < 0.006


def test_calibrate_transitions_command_writes_the_estimates(history, tmp_path, capsys):
    start = save_scenario(_scenario(Lifecycle()), tmp_path / "start.toml")
    written = tmp_path / "calibrated.toml"
    table = tmp_path / "estimates.csv"
    assert main(["calibrate", "transitions", str(history), "--scenario", str(start),
                 "--write", str(written), "--table", str(table)]) == 0
    out = capsys.readouterr().out
    assert "Wilson" in out and "reference segment 'smb'" in out
    calibrated = load_scenario(written)
    assert written.read_text().splitlines()[1].startswith("# lifecycle calibrated by")
    for field in ("churn_new", "churn_repeat", "churn_loyal", "win_back"):
        assert abs(getattr(calibrated.lifecycle, field) - getattr(TRUE, field)) < 0.012
    assert calibrated.segments == load_scenario(start).segments
    assert set(pd.read_csv(table).columns) >= {"segment", "from_state", "to_state", "p",
                                               "low", "high"}


def test_transitions_per_segment_and_gaps():
    history = pd.DataFrame({
        "customer": ["a", "a", "a", "a", "b", "b", "c", "c"],
        "month": [0, 1, 2, 4, 0, 1, 0, 1],
        "state": ["new", "repeat", "repeat", "lost", "new", "lost", "new", "new"],
        "segment": ["x", "x", "x", "x", "x", "x", "y", "y"],
    })
    table = estimate_transitions(history).set_index(["segment", "from_state", "to_state"])
    assert table.loc[("x", "new", "repeat"), "p"] == 0.5  # a: new→repeat, b: new→lost
    assert table.loc[("x", "repeat", "repeat"), "n_from"] == 1  # month 2→4 is a gap
    assert table.loc[("y", "new", "new"), "p"] == 1.0


def test_wilson_interval_matches_the_textbook():
    # Newcombe (1998), Table I: 81/263 -> 0.2553 to 0.3662 at 95%
    low, high = wilson_interval(81, 263)
    assert round(float(low), 4) == 0.2553 and round(float(high), 4) == 0.3662


# --------------------------------------------------------------------------------------
# Fader & Hardie (2007) through the calibration path
# --------------------------------------------------------------------------------------

# Same data and published estimates as tests/engines/test_published_results.py: survivors of 1000
# customers at years 0..7 (Fader & Hardie 2007, "How to project customer retention",
# Journal of Interactive Marketing 21(1):76-90, Table 1), and their MLE (p. 7).
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241)
HIGH_END = (1000, 869, 743, 653, 593, 551, 517, 491)
PUBLISHED_MLE = {"regular": (0.704, 1.182), "high_end": (0.668, 3.806)}


@pytest.mark.parametrize(("cohort", "survivors"), [("regular", REGULAR), ("high_end", HIGH_END)])
def test_fader_hardie_2007_through_the_command(cohort, survivors, tmp_path, capsys):
    data = tmp_path / f"{cohort}.csv"
    data.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(survivors)))
    start = save_scenario(Scenario(segments=(Segment(name="subscribers"),)),
                          tmp_path / "start.toml")
    written = tmp_path / "out.toml"
    assert main(["calibrate", "cohort", str(data), "--scenario", str(start),
                 "--period-months", "12", "--write", str(written)]) == 0
    out = capsys.readouterr().out
    alpha, beta = PUBLISHED_MLE[cohort]
    assert f"alpha      = {alpha:.3f}" in out and f"beta       = {beta:.3f}" in out
    fit = fit_cohort(survivors)
    assert (round(fit.alpha, 3), round(fit.beta, 3)) == (alpha, beta)
    assert fit.alpha_low < alpha < fit.alpha_high and fit.beta_low < beta < fit.beta_high
    monthly = 1.0 - (1.0 - fit.alpha / (fit.alpha + fit.beta)) ** (1.0 / 12.0)
    # written rounded at the second significant digit of the standard error: within a
    # twentieth of it, the number printed, the full value in the header comment
    low, high = fit.monthly_churn_interval(12.0)
    standard_error = (high - low) / (2.0 * stats.norm.ppf(0.975))
    value = load_scenario(written).lifecycle.churn_repeat
    assert value != monthly and abs(value - monthly) <= standard_error / 20.0
    assert f"  = {value!r} per month  [{low:.5f}, {high:.5f}]" in out
    text = written.read_text()
    assert f"sBG alpha = {fit.alpha:.6g}" in text and f"monthly {monthly:.6g}" in text
    assert f"churn_repeat = {value!r}\n" in text


def test_cohort_fit_recovers_simulated_parameters():
    """sBG data drawn from known (alpha, beta): the 95% intervals cover them."""
    rng = np.random.default_rng(7)
    theta = rng.beta(1.5, 4.0, size=20_000)
    lifetimes = rng.geometric(theta)
    survivors = [int((lifetimes > t).sum()) for t in range(10)]
    fit = fit_cohort(survivors)
    assert fit.alpha_low < 1.5 < fit.alpha_high and fit.beta_low < 4.0 < fit.beta_high


# --------------------------------------------------------------------------------------
# malformed CSV files: one line naming the file and the line
# --------------------------------------------------------------------------------------

HEADER = "customer,month,state,segment\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("", "line 1: the file is empty"),
    ("customer,month\n1,0\n", "line 1: the header must name the columns"),
    (HEADER, "no data rows"),
    (HEADER + "a,0,new,x\na,one,repeat,x\n", "line 3: column 'month' must be a whole number"),
    (HEADER + "a,0,new,x\na,-1,repeat,x\n", "line 3: column 'month'"),
    (HEADER + "a,0,new,x\na,1,loyl,x\n", "line 3: column 'state' must be one of"),
    (HEADER + "a,0,new,x\na,1,repeat\n", "line 3: expected 4 comma-separated fields"),
    (HEADER + "a,0,new,x\n\na,0,repeat,x\n", "line 4: customer 'a' already has a state"),
    (HEADER + "a,0,new,x\na,1,repeat,y\n", "line 3: customer 'a' is in segment 'y'"),
    (HEADER + ",0,new,x\n", "line 2: column 'customer' must not be empty"),
    (HEADER + 'a,0,"new,x\n', "line 2"),
])
def test_malformed_history_is_one_line_with_the_line_number(text, expected, tmp_path, capsys):
    data = tmp_path / "history.csv"
    data.write_text(text)
    start = save_scenario(Scenario(), tmp_path / "s.toml")
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{data}" in err and expected in err, err


@pytest.mark.parametrize(("text", "expected"), [
    ("period,active\n0,100\n1,120\n2,50\n", "line 3: column 'active' must not increase"),
    ("period,active\n0,100\n2,80\n3,50\n", "line 3: column 'period' must count"),
    ("period,active\n0,100\n1,x\n", "line 3: column 'active' must be a whole number"),
    ("period,active\n0,100\n1,100\n2,100\n", "at least one customer lost"),
    ("period,customers\n0,100\n", "line 1: the header must name the columns period, active"),
])
def test_malformed_cohort_is_one_line_with_the_line_number(text, expected, tmp_path, capsys):
    data = tmp_path / "cohort.csv"
    data.write_text(text)
    start = save_scenario(Scenario(), tmp_path / "s.toml")
    assert main(["calibrate", "cohort", str(data), "--scenario", str(start)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err


def test_history_with_another_segment_than_the_reference(tmp_path, capsys):
    data = tmp_path / "h.csv"
    data.write_text(HEADER + "a,0,new,x\na,1,repeat,x\nb,0,new,y\nb,1,new,y\n")
    start = save_scenario(Scenario(segments=(Segment(name="smb"),)), tmp_path / "s.toml")
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start)]) == 2
    assert "segment 'smb'" in capsys.readouterr().err
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start),
                 "--segment", "nope"]) == 2
    assert "segment must be one of 'smb'" in capsys.readouterr().err


def test_estimates_stay_inside_rates_whose_rows_sum_to_at_most_one(tmp_path, capsys):
    """Few moves: repeat_to_loyal 0.5 doubles to 1 at the partnership level, so the
    calibrated churn_repeat must be 0 there, never a row over 1 (nor a crash)."""
    data = tmp_path / "h.csv"
    data.write_text(HEADER + "a,0,new,smb\na,1,repeat,smb\na,2,repeat,smb\na,3,loyal,smb\n"
                    "b,0,new,smb\nb,1,lost,smb\nb,2,non_customer,smb\n"
                    "c,0,new,smb\nc,1,new,smb\nc,2,repeat,smb\n")
    start = save_scenario(Scenario(segments=(Segment(name="smb"),)), tmp_path / "s.toml")
    written = tmp_path / "out.toml"
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start),
                 "--write", str(written)]) == 0
    calibrated = load_scenario(written).lifecycle
    assert calibrated.repeat_to_loyal == pytest.approx(0.5, abs=1e-9)
    assert calibrated.churn_repeat == 0.0 and calibrated.win_back == 0.0
    assert calibrated.new_to_repeat + calibrated.churn_new <= 1.0
    capsys.readouterr()


@pytest.mark.parametrize("text", ["1_0", "+1", "-1", "1.0", "1e1", "inf", "nan", "١٠"])
def test_months_are_plain_digits(text, tmp_path):
    data = tmp_path / "h.csv"
    data.write_text(HEADER + f'a,0,new,x\na,"{text}",repeat,x\n')
    with pytest.raises(ScenarioError, match=r"line 3: column 'month' must be a whole number"):
        read_history(data)


# -- rates estimated from moves that never happened ------------------------------------------

# 8 customers watched for 11 months: 24 monthly moves from new, 32 from repeat, 24 from
# loyal, and not one of them to lost (nor from loyal back to repeat)
NEVER_LOST = HEADER + "".join(
    f"c{c},{m},{state},smb\n" for c in range(8)
    for m, state in enumerate(["new"] * 3 + ["repeat"] * 4 + ["loyal"] * 4))


def _never_lost(tmp_path, complaints_per_year: float = 0.0) -> tuple[Path, Path]:
    """The history, and a scenario whose segment does not complain: a churn of 0 then means
    that no customer ever leaves (complaints handled badly would still end some)."""
    data = tmp_path / "never_lost.csv"
    data.write_text(NEVER_LOST)
    segment = Segment(name="smb", complaints_per_year=complaints_per_year)
    start = save_scenario(Scenario(segments=(segment,)), tmp_path / "s.toml")
    return data, start


def test_estimates_count_the_moves_behind_each_rate(tmp_path):
    data, start = _never_lost(tmp_path)
    estimates = lifecycle_from_transitions(
        load_scenario(start), estimate_transitions(read_history(data))).set_index("field")
    assert estimates.loc["churn_new", ["n", "n_from"]].tolist() == [0, 24]
    assert estimates.loc["churn_repeat", ["n", "n_from"]].tolist() == [0, 32]
    assert estimates.loc["new_to_repeat", ["n", "n_from"]].tolist() == [8, 24]
    # the maximum-likelihood estimate stays 0; its interval does not
    assert estimates.loc["churn_new", "estimate"] == 0.0
    assert estimates.loc["churn_new", "high"] > 0.1


def test_a_churn_of_zero_from_no_observed_move_is_said_on_stderr_and_in_the_table(
        tmp_path, capsys):
    data, start = _never_lost(tmp_path)
    written, csv_file = tmp_path / "out.toml", tmp_path / "est.csv"
    estimates = lifecycle_from_transitions(
        load_scenario(start), estimate_transitions(read_history(data))).set_index("field")
    high = estimates["high"]
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start),
                 "--write", str(written), "--table", str(csv_file)]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines == [
        f"Warning: churn_new = 0 because none of the 24 observed monthly moves of new "
        f"customers went to lost; 0 is the maximum-likelihood estimate, its 95% interval "
        f"reaches {high['churn_new']:.4f}, and a churn of 0 means these customers never "
        "leave.",
        f"Warning: churn_repeat = 0 because none of the 32 observed monthly moves of repeat "
        f"customers went to lost; 0 is the maximum-likelihood estimate, its 95% interval "
        f"reaches {high['churn_repeat']:.4f}, and a churn of 0 means these customers never "
        "leave.",
        f"Warning: loyal_to_repeat = 0 because none of the 24 observed monthly moves of loyal "
        f"customers went to repeat; 0 is the maximum-likelihood estimate, its 95% interval "
        f"reaches {high['loyal_to_repeat']:.4f}, and a rate of 0 means no loyal customer ever "
        "moves to repeat.",
        f"Warning: churn_loyal = 0 because none of the 24 observed monthly moves of loyal "
        f"customers went to lost; 0 is the maximum-likelihood estimate, its 95% interval "
        f"reaches {high['churn_loyal']:.4f}, and a churn of 0 means these customers never "
        "leave.",
    ]
    # the printed estimates say it in a note column ...
    row = next(line for line in out.splitlines() if line.lstrip().startswith("churn_new "))
    assert row.rstrip().endswith("none of 24 moved"), row
    # ... the CSV in its note column, on the rows that became these rates ...
    table = pd.read_csv(csv_file, keep_default_na=False).set_index(
        ["segment", "from_state", "to_state"])
    assert table.loc[("smb", "new", "lost"), "note"] == (
        f"none of 24 moved: 0 is the maximum-likelihood estimate of p, 95% upper bound "
        f"{table.loc[('smb', 'new', 'lost'), 'high']:.4f}")
    assert table.loc[("smb", "new", "repeat"), "note"] == ""
    assert table.loc[("smb", "new", "loyal"), "note"] == ""  # not a move of the lifecycle
    # ... and the written file in its header comment, next to the value it explains
    text = written.read_text()
    assert (f"# churn_new = 0: none of 24 observed monthly moves of new customers went to "
            f"lost (95% interval up to {high['churn_new']:.4f}); a churn of 0 means they "
            "never leave.") in text
    assert load_scenario(written).lifecycle.churn_new == 0.0  # written, not corrected


def test_the_warning_in_chinese(tmp_path, capsys):
    data, start = _never_lost(tmp_path)
    assert main(["--lang", "zh", "calibrate", "transitions", str(data), "--scenario",
                 str(start)]) == 0
    out, err = capsys.readouterr()
    first = err.splitlines()[0]
    assert first.startswith(
        "警告：churn_new = 0，因为观测到的 24 次新客户月度转移中没有一次转为流失客户；")
    assert first.endswith("而流失率为 0 意味着这些客户永远不会离开。")
    assert len(err.splitlines()) == 4  # churn_new, churn_repeat, loyal_to_repeat, churn_loyal
    assert "24 次中无一转移" in out


def test_a_churn_of_zero_that_complaints_still_end_says_so(tmp_path, capsys):
    """No move seen, but the segment complains: at 0 the model still loses some customers,
    so the sentence says that instead of "never leave"."""
    data, start = _never_lost(tmp_path, complaints_per_year=1.0)
    estimates = lifecycle_from_transitions(
        load_scenario(start), estimate_transitions(read_history(data))).set_index("field")
    written = tmp_path / "out.toml"
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start),
                 "--write", str(written)]) == 0
    _, err = capsys.readouterr()
    churns = ["churn_new", "churn_repeat", "churn_loyal"]
    assert (estimates.loc[churns, "floor"] > 0).all()
    assert (estimates.loc[churns, "clip"] == "floor").all()
    row = estimates.loc["churn_new"]
    assert err.splitlines()[0] == (
        "Warning: churn_new = 0 because none of the 24 observed monthly moves of new "
        f"customers went to lost; 0 is the maximum-likelihood estimate, its 95% interval "
        f"reaches {row['high']:.4f}, and even at 0 the scenario's other mechanisms (such as "
        f"complaints) give the reference segment {row['floor']:.4f} a month, so the model "
        "still shows some of these moves.")
    assert "never leave" not in err and "never leave" not in written.read_text()
    # loyal_to_repeat has no floor: its sentence still says what a rate of 0 means
    assert estimates.loc["loyal_to_repeat", "floor"] == 0.0
    assert sum("no loyal customer ever moves to repeat" in line for line in err.splitlines()) == 1


def test_a_rate_with_moves_gets_no_warning(history, tmp_path, capsys):
    """Companion: the simulated history has churn from every state, so nothing is said."""
    start = save_scenario(_scenario(Lifecycle()), tmp_path / "start.toml")
    assert main(["calibrate", "transitions", str(history), "--scenario", str(start)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "none of" not in out


# -- a rate clipped to 0 although moves were observed -------------------------------------


def _churn_new_floor(scenario: Scenario) -> float:
    """The model's monthly chance new -> lost for the first segment at the cheapest level with
    churn_new = 0: what the segment's other mechanisms (badly handled complaints) end alone."""
    at_zero = dataclasses.replace(
        scenario, lifecycle=dataclasses.replace(scenario.lifecycle, churn_new=0.0))
    regime = served_regime(at_zero, scenario.segments[0], scenario.level(scenario.level_names[0]))
    return float(regime.transition()[state_index("new"), state_index("lost")])


def _one_month(tmp_path, start: str, moves: list[str]) -> Path:
    """A history of customers of 'smb' seen for one month: in ``start``, then each in its
    state of ``moves``."""
    data = tmp_path / "one_month.csv"
    data.write_text(HEADER + "".join(f"c{c},0,{start},smb\nc{c},1,{m},smb\n"
                                     for c, m in enumerate(moves)))
    return data


def _new_customers(tmp_path, n_lost: int, n_from: int) -> Path:
    """``n_from`` new customers seen for one month: ``n_lost`` leave, a tenth buy again, the
    others stay new."""
    n_repeat = n_from // 10
    moves = ["lost"] * n_lost + ["repeat"] * n_repeat + ["new"] * (n_from - n_lost - n_repeat)
    return _one_month(tmp_path, "new", moves)


def _clip_case(tmp_path, above_floor: bool) -> tuple[Path, Path, pd.DataFrame]:
    """One customer in ``n_from`` leaves, half the floor of churn_new (or three times it)."""
    scenario = Scenario(segments=(Segment(name="smb"),))
    floor = _churn_new_floor(scenario)
    assert floor > 0.0  # the default segment complains: churn_new = 0 still loses some
    n_from = math.ceil(2.0 / floor)
    n_lost = math.ceil(3.0 * floor * n_from) if above_floor else 1
    assert (n_lost / n_from > floor) is above_floor
    data = _new_customers(tmp_path, n_lost, n_from)
    start = save_scenario(scenario, tmp_path / "s.toml")
    estimates = lifecycle_from_transitions(scenario, estimate_transitions(read_history(data)))
    return data, start, estimates.set_index("field")


def test_a_rate_clipped_to_zero_although_moves_were_observed_is_said(tmp_path, capsys):
    data, start, estimates = _clip_case(tmp_path, above_floor=False)
    row = estimates.loc["churn_new"]
    # the estimate carries the clip, and its floor is the model's own cell at 0
    assert (row["estimate"], row["clip"], row["n"]) == (0.0, "floor", 1)
    calibrated = calibrated_scenario(load_scenario(start), estimates.reset_index())
    assert row["floor"] == pytest.approx(_churn_new_floor(calibrated), rel=1e-12)
    assert row["observed"] < row["floor"]
    assert estimates.loc["new_to_repeat", "clip"] == ""
    written = tmp_path / "out.toml"
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start),
                 "--write", str(written)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"Warning: churn_new = 0 although 1 of the {row['n_from']} observed monthly moves of "
        f"new customers went to lost ({row['observed']:.4f}): even at 0, the lowest value "
        "there is, the scenario's other mechanisms (such as complaints) give the reference "
        f"segment {row['floor']:.4f} a month, so the model shows more of these moves than "
        "the data."]
    line = next(line for line in out.splitlines() if line.lstrip().startswith("churn_new "))
    assert line.rstrip().endswith(f"1 moved; the model gives {row['floor']:.4f} at 0"), line
    assert (f"# churn_new = 0 although 1 of {row['n_from']} observed monthly moves of new "
            f"customers went to lost ({row['observed']:.4f}): even at 0 the scenario's other "
            "mechanisms (such as complaints) give the reference segment "
            f"{row['floor']:.4f} a month, so the model shows more of these moves than the "
            "data.\n") in header_block(written.read_text())
    assert load_scenario(written).lifecycle.churn_new == 0.0


def test_a_rate_above_its_floor_is_not_clipped(tmp_path, capsys):
    """Companion: three times the floor observed gives a positive rate and no sentence."""
    data, start, estimates = _clip_case(tmp_path, above_floor=True)
    assert estimates.loc["churn_new", "clip"] == ""
    assert estimates.loc["churn_new", "estimate"] > 0.0
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "the model gives" not in out


def test_a_rate_without_room_in_its_row_is_clipped_and_said(tmp_path, capsys):
    """Every target buys within the month in this scenario: target_gone has no room left."""
    scenario = Scenario(segments=(Segment(name="smb"),),
                        acquisition=Acquisition(first_purchase_per_touch=1.0),
                        lifecycle=Lifecycle(target_gone=0.0))
    assert scenario.acquisition.first_purchase_prob() == 1.0
    data = _one_month(tmp_path, "target", ["non_customer"] * 2 + ["new"] * 18)
    start = save_scenario(scenario, tmp_path / "s.toml")
    row = lifecycle_from_transitions(
        scenario, estimate_transitions(read_history(data))).set_index("field").loc["target_gone"]
    assert (row["estimate"], row["clip"], row["n"], row["floor"]) == (0.0, "room", 2, 0.0)
    assert main(["calibrate", "transitions", str(data), "--scenario", str(start)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "Warning: target_gone = 0 although 2 of the 20 observed monthly moves of target "
        "customers went to non-customer (0.1000): the other monthly chances of target "
        "customers in the reference segment (the scenario's or just estimated) leave it no "
        "room, so the model shows fewer of these moves than the data."]
    assert "2 moved; no room left" in out


def test_the_clip_warning_in_chinese(tmp_path, capsys):
    data, start, estimates = _clip_case(tmp_path, above_floor=False)
    assert main(["--lang", "zh", "calibrate", "transitions", str(data), "--scenario",
                 str(start)]) == 0
    out, err = capsys.readouterr()
    floor = estimates.loc["churn_new", "floor"]
    assert err.splitlines()[0].startswith(
        f"警告：churn_new = 0，尽管观测到的 {estimates.loc['churn_new', 'n_from']} 次新客户月度"
        "转移中有 1 次转为流失客户")
    assert f"每月有 {floor:.4f} 的概率" in err and f"取 0 时模型已为 {floor:.4f}" in out


# -- the written numbers ------------------------------------------------------------------


def _significant_digits(text: str) -> int:
    mantissa = text.lower().split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa)


def test_written_values_carry_the_digits_their_intervals_justify(history, tmp_path, capsys):
    start = save_scenario(_scenario(Lifecycle()), tmp_path / "start.toml")
    written = tmp_path / "calibrated.toml"
    assert main(["calibrate", "transitions", str(history), "--scenario", str(start),
                 "--write", str(written)]) == 0
    out = capsys.readouterr().out
    estimates = lifecycle_from_transitions(
        load_scenario(start), estimate_transitions(read_history(history))).set_index("field")
    z = stats.norm.ppf(0.975)
    text = written.read_text()
    life = load_scenario(written).lifecycle
    printed = {line.split()[0]: line.split()[3] for line in out.splitlines()
               if line.split() and line.split()[0] in estimates.index}
    assert set(printed) == set(estimates.index)
    for field, row in estimates.iterrows():
        # the file holds the number as printed, read back as the same float ...
        number = re.search(rf"^{field} = (\S+)$", text, flags=re.MULTILINE)[1]
        assert number == printed[field] and float(number) == getattr(life, field)
        # ... with no more digits than the standard error justifies, and no fewer
        standard_error = (row["high"] - row["low"]) / (2.0 * z)
        assert abs(float(number) - row["estimate"]) <= standard_error / 20.0
        assert 1 <= _significant_digits(number) <= MAX_WRITTEN_DIGITS
        assert row["estimate"] != float(number)  # full precision is not what a file needs


def test_rates_at_the_top_of_their_row_are_rounded_down_not_over_it(tmp_path):
    """99 of 100 new customers buy again and one leaves: the two base rates fill the new
    customers' row, so rounding the larger up would push the row over 1."""
    scenario = Scenario(segments=(Segment(name="smb"),))
    estimates = lifecycle_from_transitions(
        scenario, estimate_transitions(read_history(
            _one_month(tmp_path, "new", ["lost"] + ["repeat"] * 99))))
    by_field = estimates.set_index("field")
    nearest = {f: written_rate(r["estimate"], r["low"], r["high"])
               for f, r in by_field.iterrows()}
    with pytest.raises(ScenarioError):  # companion: the nearest values are not a scenario
        dataclasses.replace(scenario, lifecycle=dataclasses.replace(scenario.lifecycle,
                                                                     **nearest))
    life = calibrated_scenario(scenario, estimates, rounded=True).lifecycle
    for field, row in by_field.iterrows():
        value = getattr(life, field)
        assert value <= row["estimate"] and value == written_rate(
            row["estimate"], row["low"], row["high"], toward_zero=True)

