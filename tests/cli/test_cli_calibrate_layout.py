"""``crmsim calibrate ... --write`` changes the calibrated numbers and not one other byte."""

from __future__ import annotations

import difflib
import re

import pytest

from crmsim.cli import main
from crmsim.scenario import load_scenario
from crmsim.scenario.toml_edit import HEADER_BEGIN, HEADER_END, header_block

# three customers of 'key accounts' whose moves inform the six rates of new, repeat and
# loyal customers (and one of them leaves, so no rate rests on zero moves)
HISTORY = (
    "customer,month,state,segment\n"
    "a,0,new,key accounts\na,1,repeat,key accounts\na,2,loyal,key accounts\n"
    "a,3,repeat,key accounts\na,4,lost,key accounts\n"
    "b,0,new,key accounts\nb,1,lost,key accounts\n"
    "c,0,new,key accounts\nc,1,new,key accounts\nc,2,repeat,key accounts\n"
    "c,3,repeat,key accounts\nc,4,loyal,key accounts\nc,5,loyal,key accounts\n"
    "c,6,lost,key accounts\n"
)
CALIBRATED = (
    "new_to_repeat",
    "churn_new",
    "repeat_to_loyal",
    "churn_repeat",
    "loyal_to_repeat",
    "churn_loyal",
)

# compact, commented, oddly spaced, tables in an order of its own, [lifecycle] holding
# two of the six calibrated keys (one with a comment of its own) and not the others
COMPACT = """\
# Huadong -- prepared by consultant X
name="Huadong Industrial Supplies"   # as on the contract
horizon_months   = 36
[plan]
"key accounts"="partnership"
"small shops" = 'transactional'

# the big ones first
[[segments]]
name = "key accounts"
n_customers=20
  annual_wallet = 250_000.0
[[segments]]
name = "small shops"
n_customers = 400
[lifecycle]      # from the 2023 audit
churn_new =   0.06    # audit figure, to be replaced
win_back = 0.05

# four managers only, per client interview
[staff]
n_account_managers = 4
"""

# the same without a [lifecycle] table: one comment line directly above the first table
NO_LIFECYCLE = """\
# Huadong -- prepared by consultant X
name = "Huadong Industrial Supplies"
horizon_months = 36

# two handlers
[complaints]
n_staff = 2
[[segments]]
name = "key accounts"
"""


def _calibrate(tmp_path, text: str, kind: str = "transitions") -> tuple[str, str]:
    client = tmp_path / "client.toml"
    client.write_text(text, encoding="utf-8")
    out = tmp_path / "client_cal.toml"
    if kind == "transitions":
        data = tmp_path / "history.csv"
        data.write_text(HISTORY)
    else:
        data = tmp_path / "cohort.csv"
        data.write_text("period,active\n0,1000\n1,631\n2,468\n3,382\n4,326\n")
    assert main(["calibrate", kind, str(data), "--scenario", str(client), "--write", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    return text, out.read_text(encoding="utf-8")


def _body(after: str) -> list[str]:
    """The lines of a written file below its header block."""
    return after.splitlines(keepends=True)[len(header_block(after).splitlines()) :]


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed from and added to ``before`` (the header block dropped)."""
    header = header_block(after).splitlines(keepends=True)[1:-1]
    assert all(
        line.startswith("# lifecycle calibrated by")
        or line.startswith("# (reference")
        or line.startswith("# values rounded")
        or line.startswith("# lifecycle.churn_repeat")
        or line.startswith("# sBG")
        for line in header
    ), header
    diff = list(difflib.ndiff(before.splitlines(keepends=True), _body(after)))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    return removed, added


def _value_line(line: str) -> tuple[str, str]:
    """``key``, ``everything but the number`` of a ``key = number  # comment`` line."""
    match = re.fullmatch(r"(\w+)(\s*=\s*)([0-9.e+-]+)(.*)", line, flags=re.DOTALL)
    assert match, line
    return match[1], match[2] + "<number>" + match[4]


def test_only_the_calibrated_values_change_in_a_compact_commented_file(tmp_path, capsys):
    before, after = _calibrate(tmp_path, COMPACT)
    removed, added = _changes(before, after)
    # the one calibrated key the file had changed its number, kept its spacing and comment
    assert removed == ["churn_new =   0.06    # audit figure, to be replaced\n"]
    assert _value_line(added[0]) == (
        "churn_new",
        " =   <number>    # audit figure, to be replaced\n",
    )
    # the five it lacked were added in [lifecycle], after its last key, in no other table
    assert [_value_line(line)[0] for line in added[1:]] == [
        f for f in CALIBRATED if f != "churn_new"
    ]
    lines = after.splitlines(keepends=True)
    at = lines.index(added[1])
    assert lines[at - 1] == "win_back = 0.05\n"
    assert lines[at + 5 : at + 8] == [
        "\n",
        "# four managers only, per client interview\n",
        "[staff]\n",
    ]
    assert len(lines) == len(before.splitlines()) + len(header_block(after).splitlines()) + 5
    life = load_scenario(tmp_path / "client_cal.toml").lifecycle
    assert life.win_back == 0.05 and life.churn_new != 0.06
    capsys.readouterr()


def test_a_missing_lifecycle_table_is_created_above_the_first_table(tmp_path, capsys):
    before, after = _calibrate(tmp_path, NO_LIFECYCLE)
    removed, added = _changes(before, after)
    assert removed == [] and len(added) == len(CALIBRATED) + 2
    # one block after the top-level keys and their blank line, above the comment that
    # belongs to [complaints]; every line of the file around it as it was
    lines, old = _body(after), before.splitlines(keepends=True)
    block = lines[4 : 4 + len(added)]
    assert lines[:4] == old[:4] and lines[4 + len(added) :] == old[4:]
    assert block[0] == "[lifecycle]\n" and block[-1] == "\n"
    assert [_value_line(line)[0] for line in block[1:-1]] == list(CALIBRATED)
    capsys.readouterr()


def test_cohort_changes_one_number_of_the_compact_file(tmp_path, capsys):
    before, after = _calibrate(tmp_path, COMPACT, kind="cohort")
    removed, added = _changes(before, after)
    assert removed == []
    assert len(added) == 1 and _value_line(added[0])[0] == "churn_repeat"
    assert _body(after).index(added[0]) == (
        before.splitlines(keepends=True).index("win_back = 0.05\n") + 1
    )
    capsys.readouterr()


@pytest.mark.parametrize(
    "layout",
    [
        "lifecycle = { churn_new = 0.06, win_back = 0.05 }  # inline\n",
        "lifecycle.churn_new = 0.06  # dotted\nlifecycle.win_back = 0.05\n",
    ],
)
def test_inline_and_dotted_lifecycles_keep_their_form(layout, tmp_path, capsys):
    text = 'name = "x"\n' + layout + '[[segments]]\nname = "key accounts"\n'
    before, after = _calibrate(tmp_path, text)
    life = load_scenario(tmp_path / "client_cal.toml").lifecycle
    assert life.win_back == 0.05 and life.churn_new != 0.06
    assert "[lifecycle]" not in after
    assert after.splitlines()[-2:] == before.splitlines()[-2:]
    capsys.readouterr()


def test_the_diff_check_catches_a_rewritten_file(tmp_path, capsys):
    """Companion: a file written afresh from the scenario fails the diff-based check."""
    from crmsim.scenario.toml_io import scenario_to_toml

    client = tmp_path / "client.toml"
    client.write_text(COMPACT, encoding="utf-8")
    fresh = (
        f"{HEADER_BEGIN}\n# lifecycle calibrated by\n# (reference\n{HEADER_END}\n"
        + scenario_to_toml(load_scenario(client))
    )
    removed, _ = _changes(COMPACT, fresh)
    assert len(removed) > 1


def test_a_windows_file_keeps_its_line_ends_and_byte_order_mark(tmp_path, capsys):
    (tmp_path / "unix").mkdir()
    _, unix = _calibrate(tmp_path / "unix", COMPACT)
    client = tmp_path / "client.toml"
    client.write_bytes(b"\xef\xbb\xbf" + COMPACT.replace("\n", "\r\n").encode())
    data = tmp_path / "history.csv"
    data.write_text(HISTORY)
    out = tmp_path / "client_cal.toml"
    assert (
        main(
            ["calibrate", "transitions", str(data), "--scenario", str(client), "--write", str(out)]
        )
        == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    windows = raw.decode("utf-8-sig").replace("\r\n", "\n")
    # the same file as from the Unix copy, apart from the paths in the header comment
    assert windows.splitlines()[2:] == unix.splitlines()[2:]
    assert load_scenario(out) == load_scenario(tmp_path / "unix" / "client_cal.toml")
    capsys.readouterr()


def test_comments_that_open_the_file_stay_on_top(tmp_path, capsys):
    before, after = _calibrate(tmp_path, "# client file\n[[segments]]\nname = 'key accounts'\n")
    assert [line.rstrip("\n") for line in _body(after)[:2]] == ["# client file", "[lifecycle]"]
    assert after.splitlines()[-2:] == before.splitlines()[-2:]
    capsys.readouterr()
