"""Hostile scenario files: each is refused with one clear line, and user text is escaped.

Every file of :data:`HOSTILE` goes through ``crmsim validate`` and ``crmsim run``: one line
naming the problem (with its line in the file where it has one), exit status 1 (validate:
problems found) or 2 (run: a user mistake), no traceback, and no report folder written.
Names that are legal but hostile (``$\\undefinedcmd$``, ``=cmd``, ``<script>``) go through a
whole report and the demo: figures draw them literally, HTML escapes them, CSV cells cannot
start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import math

import pytest

from crmsim import Scenario, Segment
from crmsim.cli import main
from crmsim.common.text import CSV_FORMULA_PREFIXES
from crmsim.scenario import save_scenario
from crmsim.scenario.limits import MAX_CUSTOMERS, MAX_SEGMENTS

SEGMENT = '[[segments]]\nname = "smb"\n'


def _segment(**fields: str) -> str:
    return SEGMENT + "".join(f"{key} = {value}\n" for key, value in fields.items())


def _many_segments(n: int) -> str:
    return "".join(f'[[segments]]\nname = "s{i}"\nn_customers = 1\n' for i in range(n))


HOSTILE: dict[str, tuple[str, tuple[str, ...]]] = {
    # absurd sizes
    "a trillion customers": (
        _segment(n_customers="1000000000000"),
        ("line 3", "segments[0].n_customers", f"[0, {MAX_CUSTOMERS}]", "received 1000000000000"),
    ),
    "too many customers in total": (
        SEGMENT + "n_customers = 600000\n" + '[[segments]]\nname = "b"\nn_customers = 600000\n',
        ("at most 1,000,000 customers in total", "received 1,200,000", "too large for one"),
    ),
    "too much work": (
        "horizon_months = 1200\n" + _segment(n_customers="100000"),
        ("customer-months", "1,200 × 100,000 = 120,000,000", "too large for one machine",
         "fewer customers", "shorter horizon", "analytic engine"),
    ),
    "three thousand segments": (
        _many_segments(3000),
        (f"at most {MAX_SEGMENTS} segments", "received 3000"),
    ),
    "horizon of a millennium": (
        "horizon_months = 12000\n" + SEGMENT,
        ("line 1", "horizon_months", "[1, 1200]", "received 12000"),
    ),
    "many account managers": (
        "[staff]\nn_account_managers = 1000000000000000000000000000000\n" + SEGMENT,
        ("line 2", "staff.n_account_managers", "[0, 100000]"),
    ),
    "a billion manager hours": (
        SEGMENT + '[[levels]]\nname = "transactional"\nmanager_hours_per_month = 1e9\n',
        ("levels[0].manager_hours_per_month", "[0, 744]", "received 1000000000.0"),
    ),
    # money that would overflow a sum
    "wallet of 1e308": (
        _segment(annual_wallet="1e308"),
        ("line 3", "segments[0].annual_wallet", "[0, 1e+12]", "received 1e+308"),
    ),
    "infinite wallet": (
        _segment(annual_wallet="inf"),
        ("line 3", "segments[0].annual_wallet must be a finite number", "received inf"),
    ),
    "NaN wallet": (
        _segment(annual_wallet="nan"),
        ("line 3", "segments[0].annual_wallet", "received NaN"),
    ),
    "wallet of 10**400": (
        _segment(annual_wallet="1" + "0" * 400),
        ("line 3", "segments[0].annual_wallet must be a finite number", "received 1000"),
    ),
    "touch point at 1e300": (
        "[acquisition]\ncost_per_touch_point = 1e300\n" + SEGMENT,
        ("line 2", "acquisition.cost_per_touch_point", "[0, 1e+12]"),
    ),
    "number of 5000 digits": (
        'name = "x"\nhorizon_months = ' + "9" * 5000 + "\n" + SEGMENT,
        ("line 2", "thousands of digits"),
    ),
    # monthly chances that would sum over 1
    "new customers leave twice": (
        "[lifecycle]\nnew_to_repeat = 0.9\nchurn_new = 0.9\n" + SEGMENT,
        ("line 1", "lifecycle.churn_new must be at most 0.1", "new_to_repeat 0.9",
         "received 0.9"),
    ),
    "lost customers won back and gone": (
        "[lifecycle]\nwin_back = 0.6\nlost_to_gone = 0.6\n" + SEGMENT,
        ("lifecycle.lost_to_gone must be at most 0.4", "win_back 0.6", "received 0.6"),
    ),
    "a hundred touch points a month": (
        "[acquisition]\ntouch_points_per_month = 100\n" + _segment(referrals_per_year="12"),
        ("lifecycle.potential_gone must be at most", "fewer touch points", "received 0.01"),
    ),
    "loyalty built beyond certainty": (
        "[lifecycle]\nrepeat_to_loyal = 0.5\n" + SEGMENT
        + '[[levels]]\nname = "transactional"\n[[levels]]\nname = "club"\n'
          "loyalty_building = 10\nsetup_cost = 10\n",
        ("lifecycle.repeat_to_loyal must be at most", "level 'club'", "received 0.5"),
    ),
    "a level that drives customers away": (
        "[lifecycle]\ntransaction_cost_share = 1\n" + _segment(gain_loyalty="100")
        + '[[levels]]\nname = "transactional"\n[[levels]]\nname = "costly"\n'
          "transaction_cost_factor = 2\nsetup_cost = 10\n",
        ("must be at most", "level 'costly'"),
    ),
    # the parser
    "deeply nested arrays": (
        'name = "x"\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
        ("line 2", "more than 32 levels deep"),
    ),
    "deeply nested inline tables": (
        SEGMENT + "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
        ("line 3", "more than 32 levels deep"),
    ),
    "a 2,000-level header": (
        SEGMENT + "[" + ".".join(["deep"] * 2000) + "]\nb = 1\n",
        ("line 3", "unknown key deep"),
    ),
    "unclosed string": (
        SEGMENT + 'description = "never closed\n',
        ("line 3", "not valid TOML"),
    ),
    # names
    "NUL in a segment name": (
        '[[segments]]\nname = "a\\u0000b"\n',
        ("line 2", "segments[0].name", "without control characters", "'a\\x00b'"),
    ),
    "newline in a segment name": (
        '[[segments]]\nname = "a\\nb"\n',
        ("line 2", "segments[0].name", "without control characters", "'a\\nb'"),
    ),
    "right-to-left override in the scenario name": (
        'name = "abc\\u202edef"\n' + SEGMENT,
        ("line 1", "name must be text without control characters", "\\u202e"),
    ),
    "tab in a level name": (
        SEGMENT + '[[levels]]\nname = "trans\\tactional"\n',
        ("line 4", "levels[0].name", "without control characters"),
    ),
    "a name of 5,000 characters": (
        '[[segments]]\nname = "' + "x" * 5000 + '"\n',
        ("line 2", "segments[0].name must be at most 200 characters", "received 5000"),
    ),
    "control character in a plan key": (
        SEGMENT + '[plan]\n"sm\\u0007b" = "preferred"\n',
        ("plan", "names no segment", "\\x07"),
    ),
}


def _one_line_without_traceback(text: str) -> str:
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_in_one_line_by_validate_and_run(case, tmp_path, capsys):
    text, fragments = HOSTILE[case]
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")

    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    problem = _one_line_without_traceback(captured.out)
    assert problem.startswith(f"{path}")
    for fragment in fragments:
        assert fragment in problem, (fragment, problem)
    assert "Traceback" not in captured.err

    out = tmp_path / "report"
    assert main(["run", str(path), "--out", str(out), "--replications", "2",
                 "--no-progress"]) == 2
    captured = capsys.readouterr()
    error = _one_line_without_traceback(captured.err)
    assert problem.split(": ", 1)[1] in error  # the same sentence as validate's
    assert not out.exists()  # nothing written, not even half
    assert not any(p.name != "hostile.toml" for p in tmp_path.iterdir())


def test_every_preset_stays_within_the_limits():
    from crmsim.scenario.limits import MAX_CUSTOMER_MONTHS
    from crmsim.scenario.presets import preset, preset_names

    for name in preset_names():
        scenario = preset(name)
        total = sum(seg.n_customers for seg in scenario.segments)
        assert total * scenario.horizon_months <= MAX_CUSTOMER_MONTHS


# --------------------------------------------------------------------------------------
# legal but hostile names, end to end
# --------------------------------------------------------------------------------------

MATH = r"$\undefinedcmd$"
FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"


def _hostile_names() -> Scenario:
    return Scenario(
        name=SCRIPT,
        description="</script><!-- =1+1",
        segments=(Segment(name=MATH, n_customers=8),
                  Segment(name=FORMULA, n_customers=3, annual_wallet=600_000.0,
                          mutual_importance=0.9, switching_cost=0.9),
                  Segment(name="@SUM(A1)", n_customers=3),
                  Segment(name="-2+3", n_customers=3)),
        plan={FORMULA: "partnership"},
        horizon_months=6,
    )


def _assert_no_formula_cells(folder) -> int:
    """Every text cell of every CSV in ``folder`` is defused; return the cells checked."""
    checked = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    checked += 1
                    if cell.startswith(CSV_FORMULA_PREFIXES):
                        assert math.isfinite(float(cell)), (path.name, cell)  # a number
    return checked


def test_a_report_escapes_names_in_html_csv_and_figures(tmp_path, capsys):
    source = save_scenario(_hostile_names(), tmp_path / "names.toml")
    out = tmp_path / "report"
    assert main(["run", str(source), "--out", str(out), "--replications", "2", "--seed", "1",
                 "--frontier-points", "3", "--no-progress"]) == 0  # figures drew MATH
    assert "Traceback" not in capsys.readouterr().err
    page = (out / "report.html").read_text(encoding="utf-8")
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "</script><!--" not in page
    assert page.count("</script>") == 1  # only the manifest's own closing tag
    assert _assert_no_formula_cells(out) > 0
    cells = {cell for path in out.glob("*.csv")
             for row in csv.reader(path.open(encoding="utf-8", newline="")) for cell in row}
    assert {"'" + FORMULA, "'@SUM(A1)", "'-2+3", MATH} <= cells


def test_the_demo_defuses_formula_names_in_its_tables(tmp_path, capsys):
    source = save_scenario(_hostile_names(), tmp_path / "names.toml")
    out = tmp_path / "demo"
    assert main(["demo", "--scenario", str(source), "--out", str(out), "--seed", "1"]) == 0
    capsys.readouterr()
    assert _assert_no_formula_cells(out) > 0
    assert (out / "value_by_level.png").stat().st_size > 0


def test_a_figure_draws_a_dollar_name_as_written():
    import io

    import matplotlib

    matplotlib.use("Agg")
    from crmsim.analysis.compare import compare_levels
    from crmsim.views.plots import plot_value_by_level

    comparison = compare_levels(_hostile_names(), engine="analytic")
    fig = plot_value_by_level(comparison.summary)
    fig.savefig(io.BytesIO(), format="png")  # the math parser would raise here
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert MATH in labels and FORMULA in labels
    assert all(not label.get_parse_math() for label in fig.axes[0].get_xticklabels())
