"""A mistake in the k-th entry of an array of tables is reported at that entry, the same way
by ``crmsim validate`` (:func:`problems_in_text`) and by the loader (:func:`scenario_from_toml`).

Each case edits one entry of a file written out here, then finds the line it edited in the
text by its content; no line number is written down.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crmsim.cli.main import main
from crmsim.common.errors import ScenarioError
from crmsim.scenario import load_scenario, preset_text, scenario_from_toml
from crmsim.scenario.problems import problems_in_text
from crmsim.scenario.toml_io import key_lines

SOURCE = "f.toml"

EXTRA_PROGRAMMES = """
[[programmes]]
name = "club"
kind = "club"
churn_reduction = 0.1

[[programmes]]
name = "events"
kind = "events"
churn_reduction = 0.05
"""

LADDER = "".join(
    f'\n[[levels]]\nname = "{name}"\nsetup_cost = {cost}\n'
    for name, cost in (("transactional", 0), ("preferred", 500), ("partnership", 5000),
                       ("alliance", 20000))
)


def base_text() -> str:
    """The classroom preset with three programmes and a written ladder of four levels."""
    return preset_text("classroom") + EXTRA_PROGRAMMES + LADDER


def entries(lines: list[str], array: str) -> list[tuple[int, int]]:
    """(header index, end index) of every ``[[array]]`` entry of ``lines``; an entry ends at
    the next header of another array of tables or top-level table."""
    starts = [i for i, line in enumerate(lines) if line.strip() == f"[[{array}]]"]
    spans = []
    for start in starts:
        end = next((j for j in range(start + 1, len(lines))
                    if re.match(r"\[\[?(?!" + re.escape(array) + r"\.)", lines[j])), len(lines))
        while end > start + 1 and (not lines[end - 1].strip()
                                   or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # the comment and blank lines before the next header belong to it
        spans.append((start, end))
    return spans


Edit = Callable[[list[str], int, int], str]
"""Changes the entry ``lines[start:end]`` in place; returns the exact text of the line the
message must name."""


def replace_key(key: str, value: str) -> Edit:
    """``key = value`` in place of the entry's ``key`` line."""
    def edit(lines: list[str], start: int, end: int) -> str:
        i = next(j for j in range(start, end) if lines[j].startswith(f"{key} ="))
        lines[i] = f"{key} = {value}"
        return lines[i]
    return edit


def add_key(key: str, value: str) -> Edit:
    """A new line ``key = value`` right after the entry's header."""
    def edit(lines: list[str], start: int, end: int) -> str:
        lines.insert(start + 1, f"{key} = {value}")
        return lines[start + 1]
    return edit


def mix_as_sub_table(body: list[str], marked: int) -> Edit:
    """The entry's inline ``initial_mix`` rewritten as a ``[segments.initial_mix]`` table
    with ``body`` lines; the line to name is ``body[marked]`` (-1: the header)."""
    def edit(lines: list[str], start: int, end: int) -> str:
        i = next(j for j in range(start, end) if lines[j].startswith("initial_mix ="))
        del lines[i]
        table = ["[segments.initial_mix]", *body]
        lines[end - 1:end - 1] = table  # the entry lost a line: it now ends at end - 1
        return table[marked + 1]
    return edit


def mix_as_dotted_keys(lines: list[str], start: int, end: int) -> str:
    """The entry's inline ``initial_mix`` rewritten as dotted keys, one share out of range."""
    i = next(j for j in range(start, end) if lines[j].startswith("initial_mix ="))
    lines[i:i + 1] = ["initial_mix.loyal = 0.2", "initial_mix.repeat = 1.4"]
    return lines[i + 1]


CASES: dict[str, tuple[str, Edit, str]] = {
    # name: (array, edit, what the message says after "line N: ", with {k} for the entry)
    "share out of range": (
        "segments", replace_key("initial_mix", "{ repeat = 1.4 }"),
        "segments[{k}].initial_mix.repeat must be a number in [0, 1]; received 1.4."),
    "shares not summing to 1": (
        "segments", replace_key("initial_mix", "{ new = 0.5, repeat = 0.7 }"),
        "segments[{k}].initial_mix shares must sum to 1; received 1.2."),
    "unknown state": (
        "segments", replace_key("initial_mix", "{ targt = 0.5, repeat = 0.5 }"),
        "segments[{k}].initial_mix has an unknown state 'targt' (did you mean 'target'?)"),
    "share out of range, sub-table": (
        "segments", mix_as_sub_table(["loyal = 0.2", "repeat = 1.4"], 1),
        "segments[{k}].initial_mix.repeat must be a number in [0, 1]; received 1.4."),
    "shares not summing to 1, sub-table": (
        "segments", mix_as_sub_table(["new = 0.5", "repeat = 0.7"], -1),
        "segments[{k}].initial_mix shares must sum to 1; received 1.2."),
    "unknown state, sub-table": (
        "segments", mix_as_sub_table(["repeat = 0.5", "targt = 0.5"], 1),
        "segments[{k}].initial_mix has an unknown state 'targt'"),
    "share out of range, dotted key": (
        "segments", mix_as_dotted_keys,
        "segments[{k}].initial_mix.repeat must be a number in [0, 1]; received 1.4."),
    "segment field out of range": (
        "segments", replace_key("gross_margin", "1.5"),
        "segments[{k}].gross_margin must be a number in [0, 1]; received 1.5."),
    "unknown segment key": (
        "segments", add_key("gross_margn", "0.3"),
        "unknown key segments[{k}].gross_margn (did you mean 'gross_margin'?)"),
    "programme field out of range": (
        "programmes", replace_key("churn_reduction", "1.5"),
        "programmes[{k}].churn_reduction must be a number in [0, 1]; received 1.5."),
    "unknown programme kind": (
        "programmes", replace_key("kind", '"clubb"'),
        "programmes[{k}].kind must be one of"),
    "level field out of range": (
        "levels", replace_key("setup_cost", "-1"),
        "levels[{k}].setup_cost must be a number in [0, "),
    "unknown level key": (
        "levels", add_key("lock_inn", "0.1"),
        "unknown key levels[{k}].lock_inn (did you mean 'lock_in'?)"),
}


def broken(case: str, k: int) -> tuple[str, int, str]:
    """The base text with mistake ``case`` in entry ``k``: (text, line, expected message)."""
    array, edit, said = CASES[case]
    lines = base_text().splitlines()
    start, end = entries(lines, array)[k]
    marker = edit(lines, start, end)
    text = "\n".join(lines) + "\n"
    found = text.splitlines()
    assert found.count(marker) == 1, marker  # the edited line is the only one like it
    return text, found.index(marker) + 1, said.format(k=k)


def n_entries(array: str) -> int:
    return len(entries(base_text().splitlines(), array))


def test_the_base_text_loads_and_has_several_entries_of_each_array() -> None:
    text = base_text()
    assert problems_in_text(text, source=SOURCE) == []
    scenario = scenario_from_toml(text, source=SOURCE)
    assert len(scenario.segments) == n_entries("segments") == 4
    assert len(scenario.programmes) == n_entries("programmes") == 3
    assert len(scenario.levels) == n_entries("levels") == 4


@pytest.mark.parametrize(
    ("case", "k"),
    [(case, k) for case, (array, _, _) in CASES.items() for k in range(1, n_entries(array))],
)
def test_a_mistake_in_a_later_entry_names_that_entry_and_its_line(case: str, k: int) -> None:
    text, line, said = broken(case, k)
    problems = problems_in_text(text, source=SOURCE)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{SOURCE}, line {line}: {said}")
    with pytest.raises(ScenarioError) as loaded:
        scenario_from_toml(text, source=SOURCE)
    assert str(loaded.value) == problems[0]  # validate and the loader say the same


def test_validate_and_the_loader_name_the_same_lines_through_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for case, (array, _, _) in CASES.items():
        k = n_entries(array) - 1
        text, line, said = broken(case, k)
        path = tmp_path / "share.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError) as loaded:
            load_scenario(path)
        assert main(["validate", str(path)]) != 0
        out = capsys.readouterr()
        reported = (out.out + out.err).splitlines()
        assert str(loaded.value) in reported, case
        assert str(loaded.value).startswith(f"{path}, line {line}: {said}"), case


def test_key_lines_counts_nested_arrays_of_tables_per_entry() -> None:
    text = "[[a]]\nx = 1\n[[a.b]]\ny = 1\n[[a]]\nx = 2\n[[a.b]]\ny = 2\n[[a.b]]\ny = 3\n"
    lines = key_lines(text)
    assert lines[("a", 1, "b", 0, "y")] == 8  # a[1].b starts again at 0
    assert lines[("a", 1, "b", 1, "y")] == 10
    assert lines[("a", 0, "b", 0, "y")] == 4


def inline_segments_text(k: int, changes: dict[str, object]) -> tuple[str, int]:
    """The classroom scenario with its segments as an inline array, one segment a line (a
    comment with brackets between them), ``changes`` made to segment ``k``; returns the text
    and the line of segment ``k``."""
    import tomli_w

    from crmsim.scenario import preset, scenario_to_dict

    data = scenario_to_dict(preset("classroom"))
    segments = data.pop("segments")
    segments[k] = {**segments[k], **changes}

    def inline(value: object) -> str:
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{key} = {inline(v)}" for key, v in value.items()) + " }"
        return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()

    rows = [f"  {inline(segment)},  # [{i}] {{ a, b }}" for i, segment in enumerate(segments)]
    scalars = {key: value for key, value in data.items() if not isinstance(value, dict | list)}
    tables = {key: value for key, value in data.items() if key not in scalars}
    text = (tomli_w.dumps(scalars) + "segments = [\n  # the segments, one a line: [x], {y}\n"
            + "\n".join(rows) + "\n]\n\n" + tomli_w.dumps(tables))
    line = text.splitlines().index(rows[k]) + 1
    return text, line


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize(("changes", "said"), [
    ({"gross_margin": 1.5}, "segments[{k}].gross_margin must be a number in [0, 1]"),
    ({"initial_mix": {"repeat": 1.4}}, "segments[{k}].initial_mix.repeat must be a number"),
    ({"initial_mix": {"targt": 1.0}}, "segments[{k}].initial_mix has an unknown state"),
])
def test_an_inline_array_of_segments_names_the_line_of_each_entry(k, changes, said) -> None:
    text, line = inline_segments_text(k, changes)
    problems = problems_in_text(text, source=SOURCE)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{SOURCE}, line {line}: {said.format(k=k)}")
    with pytest.raises(ScenarioError) as loaded:
        scenario_from_toml(text, source=SOURCE)
    assert str(loaded.value) == problems[0]


def test_key_lines_of_inline_values_skip_strings_and_comments() -> None:
    text = ('a = [ "x, [y]", { b = "}", c = [1,\n  2] },  # ], {\n'
            '  { "d.e" = { f = 1 } } ]\ng = 1\n')
    lines = key_lines(text)
    assert lines[("a", 0)] == 1 and lines[("a", 1, "b")] == 1 and lines[("a", 1, "c", 1)] == 2
    assert lines[("a", 2)] == 3 and lines[("a", 2, "d.e", "f")] == 3
    assert lines[("g",)] == 4
