"""Hostile calibration files: each is one clear line on stderr, exit 2, and nothing written.

Every case is generated here (no data files in the repository) and goes through
``crmsim calibrate transitions|cohort`` exactly as a user would type it. The second half
checks at library level that degenerate sBG fits never report a point interval.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from crmsim import Scenario, Segment
from crmsim.analysis.calibration import (
    MIN_COHORT_SIZE,
    fit_cohort,
    profile_mean_churn_interval,
)
from crmsim.cli import main
from crmsim.scenario import save_scenario

HISTORY = "customer,month,state,segment\n"
COHORT = "period,active\n"
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241)  # Fader & Hardie (2007)
GOOD_HISTORY = HISTORY + "a,0,new,smb\na,1,repeat,smb\nb,0,new,smb\nb,1,lost,smb\n"
GOOD_COHORT = COHORT + "".join(f"{t},{n}\n" for t, n in enumerate(REGULAR))


def _unclosed_quote() -> bytes:
    rows = [f"c{i},0,new,smb\n" for i in range(77)] + ['x,0,"new,smb\n']
    rows += [f"d{i},0,new,smb\n" for i in range(1400)]
    return (HISTORY + "".join(rows)).encode()  # the quote opens on line 79


# name -> (command, file content, text the one error line must hold)
HOSTILE: dict[str, tuple[str, bytes, str]] = {
    "empty file": ("transitions", b"", "line 1: the file is empty"),
    "blank lines only": ("cohort", b"\n\n  \n", "line 1: the file is empty"),
    "header only": ("transitions", HISTORY.encode(), "no data rows"),
    "cohort header only": ("cohort", COHORT.encode(), "no data rows"),
    "wrong delimiter": ("transitions", b"customer;month;state\na;0;new\n",
                        "seem separated by ';'"),
    "utf-16 with its byte-order mark": ("cohort", GOOD_COHORT.encode("utf-16"),
                                        "line 1: the file must be UTF-8 text"),
    "latin-1 bytes": ("transitions", HISTORY.encode() + b"a,0,new,smb\nb\xe9,0,new,smb\n",
                      "line 3: the file must be UTF-8 text; received the byte 0xe9"),
    "one-row history": ("transitions", (HISTORY + "a,0,new,smb\n").encode(),
                        "at least one customer in two consecutive months"),
    "underscore in a number": ("transitions", (HISTORY + "a,0,new,smb\na,1_0,new,smb\n")
                               .encode(), "line 3: column 'month' must be a whole number"),
    "unclosed quote": ("transitions", _unclosed_quote(), "line 79: a quoted field opens"),
    "10 MB line": ("transitions", (HISTORY + "a,0,new,smb\n" + "b" * 10_000_000
                                   + ",1,new,smb\n").encode(),
                   "line 3: a line must hold at most 10,000 characters"),
    "control character in a name": ("transitions", (HISTORY + "a\x1b[31m,0,new,smb\n").encode(),
                                    "line 2: column 'customer' must be text without control"),
    "negative month": ("transitions", (HISTORY + "a,-1,new,smb\n").encode(),
                       "line 2: column 'month' must be a whole number"),
    "flat cohort written": ("cohort", (COHORT + "0,5\n1,5\n2,5\n3,5\n4,0\n").encode(),
                            "the sBG fit is degenerate"),
    "one-customer cohort written": ("cohort", (COHORT + "0,1\n1,0\n2,0\n").encode(),
                                    "the cohort holds 1 customer, fewer than"),
    "huge integer": ("cohort", (COHORT + f"0,{10**400}\n1,5\n2,3\n").encode(),
                     "line 2: column 'active' must be a whole number from 0 to"),
    "inf": ("cohort", (COHORT + "0,inf\n1,5\n2,3\n").encode(), "received 'inf'"),
    "nan": ("cohort", (COHORT + "0,100\n1,nan\n2,3\n").encode(), "line 3: column 'active'"),
    "exponent": ("cohort", (COHORT + "0,1e3\n1,5\n2,3\n").encode(), "received '1e3'"),
    "negative count": ("cohort", (COHORT + "0,100\n1,-5\n2,3\n").encode(),
                       "line 3: column 'active' must be a whole number"),
    "unicode digits": ("cohort", (COHORT + "0,١٠٠\n1,5\n2,3\n").encode(),
                       "line 2: column 'active'"),
    "increasing survivors": ("cohort", (COHORT + "0,100\n1,120\n2,50\n").encode(),
                             "line 3: column 'active' must not increase"),
    "periods out of order": ("cohort", (COHORT + "0,100\n2,80\n3,50\n").encode(),
                             "line 3: column 'period' must count"),
    "no customer lost": ("cohort", (COHORT + "0,100\n1,100\n2,100\n").encode(),
                         "at least one customer lost"),
    "two periods": ("cohort", (COHORT + "0,100\n1,50\n").encode(), "at least 3 periods"),
}


@pytest.fixture
def scenario(tmp_path) -> Path:
    return save_scenario(Scenario(segments=(Segment(name="smb"),)), tmp_path / "start.toml")


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_one_line_exit_2_and_nothing_written(case, scenario, tmp_path,
                                                             capsys):
    command, content, expected = HOSTILE[case]
    data = tmp_path / "data.csv"
    data.write_bytes(content)
    (tmp_path / "out").mkdir()
    before = _files(tmp_path)
    argv = ["calibrate", command, str(data), "--scenario", str(scenario),
            "--write", str(tmp_path / "out" / "calibrated.toml")]
    if command == "transitions":
        argv += ["--table", str(tmp_path / "out" / "table.csv")]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err[:2000]
    assert "Traceback" not in captured.err + captured.out
    assert captured.err.startswith("crmsim: ") and expected in captured.err, captured.err
    assert len(captured.err) < 600
    assert _files(tmp_path) == before


@pytest.mark.parametrize(("option", "command"), [("--write", "cohort"),
                                                 ("--write", "transitions"),
                                                 ("--table", "transitions")])
def test_a_folder_given_as_output_file_is_one_sentence(option, command, scenario, tmp_path,
                                                       capsys):
    data = tmp_path / "data.csv"
    data.write_text(GOOD_COHORT if command == "cohort" else GOOD_HISTORY)
    folder = tmp_path / "folder"
    folder.mkdir()
    before = _files(tmp_path)
    assert main(["calibrate", command, str(data), "--scenario", str(scenario),
                 option, str(folder)]) == 2
    err = capsys.readouterr().err
    assert err == f"crmsim: {option} must name a file to write; received the folder {folder}.\n"
    assert _files(tmp_path) == before


def test_an_output_below_a_file_is_one_sentence(scenario, tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_text(GOOD_COHORT)
    assert main(["calibrate", "cohort", str(data), "--scenario", str(scenario),
                 "--write", str(data / "out.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"but {data} is a file" in err


def test_a_byte_order_mark_and_windows_line_ends_are_read(scenario, tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_bytes(b"\xef\xbb\xbf" + GOOD_COHORT.replace("\n", "\r\n").encode())
    written = tmp_path / "out.toml"
    assert main(["calibrate", "cohort", str(data), "--scenario", str(scenario),
                 "--write", str(written)]) == 0
    assert "alpha      = 0.704" in capsys.readouterr().out and written.exists()


def test_a_degenerate_fit_without_write_is_flagged_not_certain(scenario, tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_text(COHORT + "0,1\n1,0\n2,0\n")
    assert main(["calibrate", "cohort", str(data), "--scenario", str(scenario)]) == 0
    out = capsys.readouterr().out
    assert "DEGENERATE FIT" in out and "profile-likelihood" in out
    assert "[1.0000, 1.0000]" not in out and "[0.1465, 1.0000]" in out  # exp(-chi2_1(0.95) / 2)


# -- honest intervals -------------------------------------------------------------------


def test_one_customer_who_left_is_not_certain():
    fit = fit_cohort([1, 0, 0])
    assert fit.degenerate.startswith("the cohort holds 1 customer")
    assert fit.interval_method == "profile likelihood"
    assert fit.mean_churn == 1.0 and fit.mean_churn_high == 1.0
    # the likelihood is m**1: the 95% bound solves log m = -chi2_1(0.95) / 2
    assert fit.mean_churn_low == pytest.approx(math.exp(-3.841459 / 2), abs=1e-5)


def test_a_flat_cohort_has_a_wide_interval_and_no_alpha_beta_interval():
    fit = fit_cohort([5, 5, 5, 5, 0])  # was a LinAlgError
    assert fit.degenerate and fit.alpha_low != fit.alpha_low  # NaN: not identified
    # everybody alike leaving at the 4th renewal: a geometric MLE of 5 / 20
    assert fit.mean_churn == pytest.approx(0.25, abs=1e-4)
    assert 0.05 < fit.mean_churn_low < 0.15 and 0.4 < fit.mean_churn_high < 0.5


def test_a_boundary_estimate_of_a_large_cohort_is_flagged():
    fit = fit_cohort([100, 0, 0])  # every one of 100 left at once: beta runs to 0
    assert "boundary" in fit.degenerate
    assert fit.mean_churn == 1.0
    # the likelihood is m**100: log m = -chi2_1(0.95) / 200
    assert fit.mean_churn_low == pytest.approx(math.exp(-3.841459 / 200), abs=1e-5)


def test_a_regular_fit_keeps_its_wald_intervals_and_the_profile_agrees():
    fit = fit_cohort(REGULAR)
    assert fit.degenerate == "" and fit.interval_method == "wald"
    m, low, high = profile_mean_churn_interval(REGULAR)
    assert m == pytest.approx(fit.mean_churn, rel=1e-4)
    # large cohort: the likelihood is near quadratic, the two intervals almost agree
    assert low == pytest.approx(fit.mean_churn_low, abs=0.005)
    assert high == pytest.approx(fit.mean_churn_high, abs=0.005)


@pytest.mark.parametrize("size", [2, 5, MIN_COHORT_SIZE - 1])
def test_small_cohorts_are_flagged_and_their_interval_holds_the_estimate(size):
    survivors = [size, size // 2, size // 4]
    fit = fit_cohort(survivors)
    assert fit.degenerate
    assert 0.0 < fit.mean_churn_low < fit.mean_churn < fit.mean_churn_high < 1.0


def test_library_refuses_an_overflowing_count_with_a_sentence():
    from crmsim.common.errors import ScenarioError

    with pytest.raises(ScenarioError, match="survivor counts"):
        fit_cohort([10**400, 5, 3])
