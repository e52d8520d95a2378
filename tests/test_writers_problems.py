"""Problems as the lines a user and an editor read."""

from __future__ import annotations

from flevonorm.problems import Problem, Severity
from flevonorm.writers.problems import problems_as_text


def test_problem_lines_and_summary() -> None:
    problems = [
        Problem("a.yaml", 3, 5, Severity.ERROR, "kapot"),
        Problem("a.yaml", 7, 1, Severity.WARNING, "let op"),
    ]
    assert problems_as_text(problems) == (
        "a.yaml:3:5: error: kapot\na.yaml:7:1: warning: let op\n1 error, 1 warning\n"
    )


def test_a_problem_is_one_line_whatever_the_data_holds() -> None:
    forged = Problem(
        "rounds/r1/gem-a.yaml",
        2,
        3,
        Severity.ERROR,
        "unknown partner 'x\nnorm.yaml:1:1: error: fake'; the \x1b[31mred\x1b[0m [bold]name[/bold]",
    )
    assert problems_as_text([forged]).splitlines()[0] == (
        "rounds/r1/gem-a.yaml:2:3: error: unknown partner 'x\\nnorm.yaml:1:1: error: fake'; "
        "the \\x1b[31mred\\x1b[0m [bold]name[/bold]"
    )
