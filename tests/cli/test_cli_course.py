"""``crmsim notebooks DEST``: the course copied for a pip-installed user."""

from __future__ import annotations

from pathlib import Path

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
    assert mine.read_text() == "my edits"
    assert main(["notebooks", str(dest), "--force"]) == 0
    assert mine.read_bytes() == (ROOT / "notebooks" / "01_lifecycle.ipynb").read_bytes()


def test_the_wheel_build_hook_ships_the_folders_the_command_reads():
    """setup.py copies exactly the folders course_files() falls back to in a checkout."""
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"notebooks": ("notebooks", "*.ipynb")' in text
    assert '"exercises": ("exercises/student", "*.ipynb")' in text
    assert '"zh/notebooks": ("notebooks/zh", "*.ipynb")' in text
    assert '"zh/exercises": ("exercises/student/zh", "*.ipynb")' in text
    assert {p.parent.name for p in course_files()["exercises"]} == {"student"}
