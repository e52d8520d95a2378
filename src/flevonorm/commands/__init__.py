"""One module per command: plain arguments in, an Outcome (a value or nothing, and the
problems found) out. Nothing here prints or exits; the CLI writes the outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from flevonorm.problems import Problem, Problems
from flevonorm.repository import Repository
from flevonorm.sources import WorkTree

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """What a command produced (None when errors in the data block it) and every problem
    found in what it read."""

    value: T | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def open_worktree(root: Path) -> Repository:
    """The working tree at `root`, with the result cache unless it is turned off."""
    from flevonorm.cache import for_repository

    return Repository(WorkTree(root), cache=for_repository(root))


def gather(repo: Repository, *groups: Iterable[Problem]) -> list[Problem]:
    """norm.yaml's and partners.yaml's problems, then those given, grouped by file."""
    collected = Problems()
    collected.extend(repo.problems)
    for group in groups:
        collected.extend(group)
    return collected.sorted()
