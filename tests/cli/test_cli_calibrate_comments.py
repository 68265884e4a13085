"""``crmsim calibrate ... --write`` keeps the comments of the scenario file it starts from."""

from __future__ import annotations

import re

import pytest

from crmsim.cli import main
from crmsim.scenario import load_scenario
from crmsim.scenario.toml_edit import HEADER_BEGIN, HEADER_END, header_block

# Fader & Hardie (2007), regular customers
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241)


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_calibrating_the_commented_template_in_place_keeps_every_comment(tmp_path, capsys):
    client = tmp_path / "client.toml"
    assert main(["new-scenario", str(client)]) == 0
    before = client.read_text(encoding="utf-8")
    assert len(_comments(before)) > 20  # the template explains every field
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(REGULAR)))
    old = load_scenario(client).lifecycle.churn_repeat
    assert (
        main(
            ["calibrate", "cohort", str(cohort), "--scenario", str(client), "--write", str(client)]
        )
        == 0
    )
    after = client.read_text(encoding="utf-8")
    new = load_scenario(client)
    assert new.lifecycle.churn_repeat != old
    kept = _comments(after)
    assert all(line in kept for line in _comments(before))
    header = header_block(after).splitlines()
    assert kept[: len(header)] == header
    assert header[1].startswith("# lifecycle.churn_repeat calibrated by 'crmsim calibrate cohort'")
    # only the calibrated number changed: the rest of the file is line for line the same
    body = after.splitlines()[len(header) :]
    changed = [line for line in body if line not in before.splitlines()]
    assert len(changed) == 1 and re.match(r"churn_repeat = 0\.0", changed[0]), changed


def test_the_fresh_file_without_comments_is_what_the_merge_would_lose(tmp_path):
    """Companion: writing from the scenario alone (the old behaviour) drops the comments."""
    from crmsim.scenario.toml_io import scenario_to_toml

    client = tmp_path / "client.toml"
    assert main(["new-scenario", str(client)]) == 0
    fresh = scenario_to_toml(load_scenario(client))
    assert len(_comments(fresh)) < len(_comments(client.read_text(encoding="utf-8")))


# the user's own comments: above everything, between keys, beside a calibrated value
CLIENT = """\
# Huadong -- prepared by consultant X
# (keep this line first)
name = "Huadong"  # as on the contract

[lifecycle]
churn_repeat = 0.05  # audit figure

# our two segments
[[segments]]
name = "key accounts"
"""


def _cohort(tmp_path, survivors) -> str:
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("period,active\n" + "".join(f"{t},{n}\n" for t, n in enumerate(survivors)))
    return str(cohort)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_calibrating_in_place_twice_keeps_one_header_block(newline, tmp_path, capsys):
    client = tmp_path / "client.toml"
    client.write_bytes(CLIENT.replace("\n", newline).encode())
    first = _cohort(tmp_path, REGULAR)
    command = ["calibrate", "cohort", first, "--scenario", str(client), "--write", str(client)]
    assert main(command) == 0
    once = client.read_bytes().decode()
    (tmp_path / "later").mkdir()
    second = _cohort(tmp_path / "later", (1000, 869, 743, 653, 593, 551, 517, 491))
    command[2] = second
    assert main(command) == 0
    twice = client.read_bytes().decode()
    capsys.readouterr()
    # one block, and it speaks of the second run only
    assert twice.count(HEADER_BEGIN) == 1 and twice.count(HEADER_END) == 1
    block = header_block(twice)
    assert second in block and first not in block and first in header_block(once)
    # below the block: the user's file, comments byte for byte, one number changed
    body = twice[len(block) :].split(newline)
    user = CLIENT.replace("\n", newline).split(newline)
    assert body[:5] == user[:5] and body[6:] == user[6:]  # line ends included
    assert body[5].startswith("churn_repeat = 0.0") and body[5].endswith("  # audit figure")
    assert body[5] != once[len(header_block(once)) :].split(newline)[5]


def test_a_header_without_its_end_marker_is_left_to_the_user(tmp_path, capsys):
    """Companion: lines that only look like the block are never removed."""
    client = tmp_path / "client.toml"
    lookalike = f"{HEADER_BEGIN}\n# my own note, the end marker deleted\n" + CLIENT
    client.write_text(lookalike, encoding="utf-8")
    assert (
        main(
            [
                "calibrate",
                "cohort",
                _cohort(tmp_path, REGULAR),
                "--scenario",
                str(client),
                "--write",
                str(client),
            ]
        )
        == 0
    )
    after = client.read_text(encoding="utf-8")
    capsys.readouterr()
    assert after.count(HEADER_BEGIN) == 2
    assert after[len(header_block(after)) :].startswith(lookalike.split("[lifecycle]")[0])
