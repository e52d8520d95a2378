from __future__ import annotations

import os
from pathlib import Path

from flevonorm.output import write_atomic
from flevonorm.problems import Problem, Severity
from flevonorm.writers.problems import problems_as_text


def test_write_atomic_gives_a_new_file_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "r.md", "tekst\n")
    finally:
        os.umask(old)
    assert (tmp_path / "r.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "tekst\n"


def test_write_atomic_keeps_an_existing_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("oud\n")
    target.chmod(0o640)
    write_atomic(target, "nieuw\n")
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text() == "nieuw\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_problem_lines_and_summary() -> None:
    problems = [
        Problem("a.yaml", 3, 5, Severity.ERROR, "kapot"),
        Problem("a.yaml", 7, 1, Severity.WARNING, "let op"),
    ]
    assert problems_as_text(problems) == (
        "a.yaml:3:5: error: kapot\na.yaml:7:1: warning: let op\n1 error, 1 warning\n"
    )
