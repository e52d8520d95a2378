"""Problems as text lines, JSON or GitHub workflow annotations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from flevonorm.i18n import ngettext
from flevonorm.problems import Problem
from flevonorm.textsafe import json_text, terminal_safe


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _capped(problems: Iterable[Problem], max_per_file: int) -> tuple[list[Problem], Counter[str]]:
    shown: list[Problem] = []
    per_file: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for problem in problems:
        per_file[problem.path] += 1
        if max_per_file and per_file[problem.path] > max_per_file:
            hidden[problem.path] += 1
        else:
            shown.append(problem)
    return shown, hidden


def problems_as_text(problems: list[Problem], max_per_file: int = 0) -> str:
    """One `path:line:col: severity: message` line per problem, then a summary line."""
    shown, hidden = _capped(problems, max_per_file)
    lines = [str(p) for p in shown]
    for path, count in hidden.items():
        more = ngettext(
            "... and {count} more problem not shown",
            "... and {count} more problems not shown",
            count,
        )
        lines.append(f"{terminal_safe(path)}: {more.format(count=count)}")
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if problems:
        lines.append(summary(errors, warnings))
    return "\n".join(lines) + ("\n" if lines else "")


def summary(errors: int, warnings: int) -> str:
    """`2 errors, 1 warning`, in the language chosen."""
    return "{errors}, {warnings}".format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )


def problems_as_json(problems: list[Problem]) -> str:
    data = {
        "valid": not any(p.is_error for p in problems),
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if not p.is_error),
        "problems": [
            {
                "path": terminal_safe(p.path),
                "line": p.line,
                "column": p.col,
                "severity": p.severity.value,
                "message": terminal_safe(p.message),
            }
            for p in problems
        ],
    }
    return json_text(data)


def _escape_data(text: str) -> str:
    text = terminal_safe(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_as_github(problems: list[Problem], max_per_file: int = 0) -> str:
    """GitHub workflow commands, which the Actions UI shows as annotations on the diff."""
    shown, hidden = _capped(problems, max_per_file)
    lines = [
        f"::{p.severity.value} file={_escape_property(p.path)},line={p.line},col={p.col}"
        f"::{_escape_data(p.message)}"
        for p in shown
    ]
    for path, count in hidden.items():
        more = ngettext("{count} more problem not shown", "{count} more problems not shown", count)
        lines.append(
            f"::notice file={_escape_property(path)}::{_escape_data(more.format(count=count))}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def format_problems(problems: list[Problem], fmt: ProblemFormat, max_per_file: int = 0) -> str:
    if fmt is ProblemFormat.json:
        return problems_as_json(problems)
    if fmt is ProblemFormat.github:
        return problems_as_github(problems, max_per_file)
    return problems_as_text(problems, max_per_file)
