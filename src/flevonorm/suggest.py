"""The known value someone most likely meant when they typed one that is not known, and the
"; did you mean …?" that offers it.

One policy for every suggestion flevonorm makes (a key, a status word, a round, partner or
norm version, an option or a command): a known value is offered when difflib's similarity
ratio between it and the value typed is at least `SIMILAR_ENOUGH`, both compared without
regard to case. 0.6 is difflib's own default, which the command-line library uses too, so
a suggestion reads the same wherever it is made. Case is ignored because ids and words are
lower case by habit and a capital is the commonest slip: with case, `R1` and `r1` are only
0.5 alike and nothing would be offered. The suggestion is spelled as it is known.

Only difflib and the message functions are imported: `flevonorm --help` and `score` load
this module and must stay light.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable, Sequence

from flevonorm.i18n import _, either

SIMILAR_ENOUGH = 0.6


def closest(
    value: str, known: Iterable[str], *, limit: int = 1, cutoff: float = SIMILAR_ENOUGH
) -> list[str]:
    """The known values at least `cutoff` similar to `value` (case ignored), the most
    similar first; at most `limit`, each once. Equally similar ones come as difflib orders
    them, the later in alphabetical order first (`gem-c` → `gem-b` before `gem-a`).

    Ask only for a value that is not known: one that is, is its own closest match."""
    if limit < 1:
        return []
    matcher = difflib.SequenceMatcher()
    # As difflib.get_close_matches does: the typed value is the second sequence, whose
    # analysis is kept, and the cheap upper bounds rule most candidates out first.
    matcher.set_seq2(value.casefold())
    scored: list[tuple[float, str]] = []
    for word in dict.fromkeys(known):
        matcher.set_seq1(word.casefold())
        if (
            matcher.real_quick_ratio() >= cutoff
            and matcher.quick_ratio() >= cutoff
            and (ratio := matcher.ratio()) >= cutoff
        ):
            scored.append((ratio, word))
    return [word for _ratio, word in heapq.nlargest(limit, scored)]


def did_you_mean(suggestions: Sequence[str]) -> str:
    """`; did you mean a?` (or `a or b` for several) to end a message with, in the language
    chosen, or nothing when there is no suggestion. The suggestions are shown as given:
    quote them first where the message quotes the value (`'status'`)."""
    if not suggestions:
        return ""
    return _("; did you mean {suggestion}?").format(suggestion=either(suggestions))
