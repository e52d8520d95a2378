"""Adding problems at a model location of a parsed file, and the helpers checks share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flevonorm.problems import Problems
from flevonorm.suggest import closest, did_you_mean
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


def unique(at: At, entries: Iterable[tuple[str, Loc]], message: str, **fixed: str) -> None:
    """An error at every value seen before. `message` is a translated text with the
    placeholders {value}, {first} and {second} (the two lines), and those in `fixed`."""
    first: dict[str, Loc] = {}
    for value, loc in entries:
        if value in first:
            at.error(
                loc,
                message.format(
                    value=repr(value), first=at.line(first[value]), second=at.line(loc), **fixed
                ),
            )
        else:
            first[value] = loc


def suggest(value: str, known: Sequence[str]) -> str:
    """`; did you mean 'x'?` for the known value closest to `value`, quoted as the messages
    of checks quote values, or nothing when none is close."""
    return did_you_mean([repr(word) for word in closest(value, known)])
