"""``crmsim notebooks DEST``: the course copied for a pip-installed user."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crmsim.cli import main
from crmsim.cli.course import course_files

ROOT = Path(__file__).resolve().parents[2]


def test_the_course_is_copied_whole(tmp_path, capsys):
    dest = tmp_path / "course"
    assert main(["notebooks", str(dest)]) == 0
    for name, folder in (("notebooks", "notebooks"), ("exercises", "exercises/student")):
        originals = sorted((ROOT / folder).glob("*.ipynb"))
        assert originals
        copied = sorted((dest / name).glob("*.ipynb"))
        assert [p.name for p in copied] == [p.name for p in originals]
        assert all(a.read_bytes() == b.read_bytes() for a, b in zip(originals, copied, strict=True))
    n = len(list((ROOT / "notebooks").glob("*.ipynb")))
    n += len(list((ROOT / "exercises" / "student").glob("*.ipynb")))
    assert f"{n} notebooks" in capsys.readouterr().out


def test_lang_zh_copies_the_chinese_course(tmp_path, capsys):
    dest = tmp_path / "课程"
    assert main(["notebooks", str(dest), "--lang", "zh"]) == 0
    for name, folder in (("notebooks", "notebooks/zh"), ("exercises", "exercises/student/zh")):
        originals = sorted((ROOT / folder).glob("*.ipynb"))
        assert originals
        copied = sorted((dest / name).glob("*.ipynb"))
        assert [p.read_bytes() for p in copied] == [p.read_bytes() for p in originals]
    assert "已将" in capsys.readouterr().out


def test_a_folder_that_is_not_empty_needs_force(tmp_path, capsys):
    dest = tmp_path / "course"
    dest.mkdir()
    mine = dest / "notebooks" / "01_lifecycle.ipynb"
    mine.parent.mkdir()
    mine.write_text("my edits")
    assert main(["notebooks", str(dest)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--force" in err and "not empty" in err
    assert main(["--lang", "zh", "notebooks", str(dest)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--force" in err and "不是空的" in err
    assert mine.read_text() == "my edits"
    assert main(["notebooks", str(dest), "--force"]) == 0
    assert mine.read_bytes() == (ROOT / "notebooks" / "01_lifecycle.ipynb").read_bytes()


def _wheel_course() -> dict[str, tuple[str, str]]:
    """setup.py's ``COURSE``: folder in the wheel's crmsim/course/ -> (source folder, pattern)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    (value,) = (
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["COURSE"]
    )
    return ast.literal_eval(value)


def test_the_wheel_build_hook_ships_the_folders_the_command_reads():
    """setup.py copies exactly the folders course_files() falls back to in a checkout."""
    for language, prefix in (("en", ""), ("zh", "zh/")):
        files = course_files(language, trainer=True)
        shipped = {
            f"{prefix}{name}": (paths[0].parent.relative_to(ROOT).as_posix(), "*.ipynb")
            for name, paths in files.items()
        }
        assert shipped == {
            k: v for k, v in _wheel_course().items() if k.startswith("zh/") == (language == "zh")
        }
    assert {p.parent.name for p in course_files()["exercises"]} == {"student"}
    assert {p.parent.name for p in course_files(trainer=True)["trainer"]} == {"trainer"}


def test_the_source_distribution_holds_every_folder_the_wheel_ships():
    """A wheel built from the sdist has the whole course, Chinese and trainer notebooks too."""
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    for folder, pattern in _wheel_course().values():
        assert f"include {folder}/{pattern}" in manifest, folder


def test_trainer_copies_the_exercises_with_solutions_too(tmp_path, capsys):
    dest = tmp_path / "course"
    assert main(["notebooks", str(dest), "--trainer"]) == 0
    folders = {
        "notebooks": "notebooks",
        "exercises": "exercises/student",
        "trainer": "exercises/trainer",
    }
    for name, folder in folders.items():
        originals = sorted((ROOT / folder).glob("*.ipynb"))
        copied = sorted((dest / name).glob("*.ipynb"))
        assert originals and [p.name for p in copied] == [p.name for p in originals]
        assert [p.read_bytes() for p in copied] == [p.read_bytes() for p in originals]
    out = capsys.readouterr().out
    assert str((dest / "trainer").resolve()) in out and "solutions" in out
    assert "# BEGIN SOLUTION" not in (dest / "trainer" / "ex01_lifecycle.ipynb").read_text()


def test_trainer_lang_zh_copies_the_chinese_trainer_exercises(tmp_path, capsys):
    dest = tmp_path / "课程"
    assert main(["--lang", "zh", "notebooks", str(dest), "--trainer"]) == 0
    for name, folder in (
        ("exercises", "exercises/student/zh"),
        ("trainer", "exercises/trainer/zh"),
    ):
        originals = sorted((ROOT / folder).glob("*.ipynb"))
        copied = sorted((dest / name).glob("*.ipynb"))
        assert originals and [p.read_bytes() for p in copied] == [p.read_bytes() for p in originals]
    assert "答案" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [
        ["build-exercises", "--dir", "{tmp}"],
        ["build-course", "--root", "{tmp}"],
        ["build-exercises", "--check", "--dir", "{tmp}/exercises"],
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_authoring_commands_without_a_source_checkout_say_what_they_need(
    tmp_path, capsys, command, lang
):
    """After a pip install there are no masters: one sentence naming them and the way to the
    built notebooks, before asking for the trainer extra."""
    argv = ["--lang", lang, *(part.format(tmp=tmp_path) for part in command)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert captured.out == "" and err.count("\n") == 0, err
    assert "exercises/masters" in err and "crmsim notebooks DEST --trainer" in err
    assert ("source" in err) if lang == "en" else ("源代码" in err)
