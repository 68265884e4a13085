"""``crmsim calibrate ... --write`` keeps the comments of the scenario file it starts from."""

from __future__ import annotations

import re

from crmsim.cli import main
from crmsim.scenario import load_scenario

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
    assert kept[0].startswith("# lifecycle.churn_repeat calibrated by 'crmsim calibrate cohort'")
    # only the calibrated number changed: the rest of the file is line for line the same
    changed = [line for line in after.splitlines()[2:] if line not in before.splitlines()]
    assert len(changed) == 1 and re.match(r"churn_repeat = 0\.0", changed[0]), changed


def test_the_fresh_file_without_comments_is_what_the_merge_would_lose(tmp_path):
    """Companion: writing from the scenario alone (the old behaviour) drops the comments."""
    from crmsim.scenario.toml_io import scenario_to_toml

    client = tmp_path / "client.toml"
    assert main(["new-scenario", str(client)]) == 0
    fresh = scenario_to_toml(load_scenario(client))
    assert len(_comments(fresh)) < len(_comments(client.read_text(encoding="utf-8")))
