"""A problem found in the data, and the collection of them.

Every check in flevonorm appends problems instead of raising, so one run
reports everything that is wrong in every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located as `path:line:col` (1-based, path relative to the root)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # Always one line of printable text, whatever a name or value in the data holds.
        from flevonorm.textsafe import terminal_safe

        location = f"{terminal_safe(self.path)}:{self.line}:{self.col}"
        return f"{location}: {self.severity.value}: {terminal_safe(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_error(self) -> Problem:
        return replace(self, severity=Severity.ERROR)


@dataclass
class Problems:
    """An ordered collection of problems, added to by every loader and check."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, line, col, Severity.ERROR, message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, line, col, Severity.WARNING, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Problems grouped by file, in line order; the order files were read is kept."""
        first_seen: dict[str, int] = {}
        for index, problem in enumerate(self.items):
            first_seen.setdefault(problem.path, index)
        return sorted(self.items, key=lambda p: (first_seen[p.path], p.line, p.col))
