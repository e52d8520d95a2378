"""Adding problems at a model location of a parsed file, and the helpers checks share."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from flevonorm.problems import Problems
from flevonorm.yamlio import Document, Loc


class At:
    """Adds problems for one document, located by model path."""

    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.error(self.doc.path, *self.doc.position(loc, key=key), message)

    def warning(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.warning(self.doc.path, *self.doc.position(loc, key=key), message)

    def line(self, loc: Loc) -> int:
        return self.doc.position(loc)[0]


def unique(at: At, entries: Iterable[tuple[str, Loc]], what: str) -> None:
    first: dict[str, Loc] = {}
    for value, loc in entries:
        if value in first:
            at.error(
                loc,
                f"{what} {value!r} appears twice (lines {at.line(first[value])} and "
                f"{at.line(loc)}); each must be unique",
            )
        else:
            first[value] = loc


def suggest(value: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
