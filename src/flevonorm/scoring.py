"""Achievement per partner, per theme and overall (spec/scoring.md). Pure: no I/O.

The overall figure is pooled (all points over all applicable ambitions of every
partner with a file), as the published "83% van de ambitiepunten" was computed;
it is not a mean of partner percentages. Figures are exact fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from flevonorm.models import Assessment, Entry, NormVersion, Partner, RoundFile, Status
from flevonorm.status import ItemTally, entry_status, is_expected, item_tally

STATUS_ORDER: tuple[Status, ...] = tuple(Status)


@dataclass(frozen=True)
class Tally:
    """Points over applicable ambitions; `score` is None where nothing applies."""

    points: Fraction = Fraction(0)
    applicable: int = 0

    @property
    def score(self) -> Fraction | None:
        return self.points / self.applicable if self.applicable else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.points + other.points, self.applicable + other.applicable)


def tally_as_data(tally: Tally) -> dict[str, Any]:
    """A tally as JSON-ready numbers: the score as a float to 4 decimals, or None."""
    score = None if tally.score is None else round(float(tally.score), 4)
    return {"points": float(tally.points), "applicable": tally.applicable, "score": score}


def total(tallies: Iterable[Tally]) -> Tally:
    result = Tally()
    for tally in tallies:
        result = result + tally
    return result


@dataclass(frozen=True)
class ThemeScore:
    id: str
    title: str | None
    tally: Tally


class AmbitionResult(NamedTuple):
    """One partner's status on one ambition that applies to its kind. A named tuple, not
    a frozen dataclass: a national round makes ten thousand of them, and a frozen
    dataclass sets each field through object.__setattr__ (four times the cost)."""

    ambition_id: str
    theme_id: str
    status: Status
    items: ItemTally | None  # applicable items in place, where the entry lists items
    entry: Entry | None = None  # what the partner wrote (note, next step), if anything


@dataclass(frozen=True)
class PartnerScore:
    partner: Partner
    tally: Tally
    counts: Mapping[Status, int]
    themes: Sequence[ThemeScore]
    results: Mapping[str, AmbitionResult]  # by ambition id, every ambition of its kind
    expected: bool = True


@dataclass(frozen=True)
class Scorecard:
    round_id: str
    round: RoundFile
    version: NormVersion
    partial_weight: Fraction
    overall: Tally
    themes: Sequence[ThemeScore]
    partners: Sequence[PartnerScore]
    missing: Sequence[Partner] = field(default_factory=tuple)

    def partner(self, partner_id: str) -> PartnerScore | None:
        return next((p for p in self.partners if p.partner.id == partner_id), None)


def points_for(status: Status, partial_weight: Fraction) -> Fraction:
    if status is Status.ACHIEVED:
        return Fraction(1)
    if status is Status.PARTIAL:
        return partial_weight
    return Fraction(0)


def score_partner(
    version: NormVersion,
    partner: Partner,
    assessment: Assessment,
    partial_weight: Fraction,
    *,
    expected: bool = True,
) -> PartnerScore:
    results: dict[str, AmbitionResult] = {}
    counts = dict.fromkeys(STATUS_ORDER, 0)
    themes: list[ThemeScore] = []
    kind = partner.kind
    for theme in version.themes:
        # Counted as integers and turned into a fraction once per theme: exact, and far
        # cheaper than adding Fractions per ambition at national scale.
        achieved = partial = applicable = 0
        for ambition in theme.ambitions:
            if not ambition.applies(kind):
                continue
            entry = assessment.ambitions.get(ambition.id)
            items = item_tally(ambition, kind, entry) if entry else None
            status = entry_status(ambition, kind, entry) if items is None else items.status
            results[ambition.id] = AmbitionResult(ambition.id, theme.id, status, items, entry)
            counts[status] += 1
            if status is not Status.NOT_APPLICABLE:
                applicable += 1
                if status is Status.ACHIEVED:
                    achieved += 1
                elif status is Status.PARTIAL:
                    partial += 1
        points = achieved + partial_weight * partial if partial else Fraction(achieved)
        themes.append(ThemeScore(theme.id, theme.title, Tally(points, applicable)))
    return PartnerScore(
        partner=partner,
        tally=total(t.tally for t in themes),
        counts=counts,
        themes=themes,
        results=results,
        expected=expected,
    )


def score_round(
    round_id: str,
    meta: RoundFile,
    version: NormVersion,
    partners: Sequence[Partner],
    assessments: Mapping[str, Assessment],
    partial_weight: Fraction = Fraction(0),
) -> Scorecard:
    """Score every partner with a file; list expected partners without one as missing.

    `partners` gives the order of the result (that of partners.yaml).
    """
    if not 0 <= partial_weight <= 1:
        raise ValueError(f"partial weight must lie between 0 and 1, not {partial_weight}")
    scored: list[PartnerScore] = []
    missing: list[Partner] = []
    for partner in partners:
        expected = is_expected(partner, version, meta.date)
        assessment = assessments.get(partner.id)
        if assessment is not None:
            scored.append(
                score_partner(version, partner, assessment, partial_weight, expected=expected)
            )
        elif expected:
            missing.append(partner)
    themes = [
        ThemeScore(theme.id, theme.title, total(p.themes[index].tally for p in scored))
        for index, theme in enumerate(version.themes)
    ]
    return Scorecard(
        round_id=round_id,
        round=meta,
        version=version,
        partial_weight=partial_weight,
        overall=total(p.tally for p in scored),
        themes=themes,
        partners=scored,
        missing=missing,
    )


def whole_percent(value: Fraction) -> int:
    """A fraction as a whole percentage, rounded half away from zero (never to even)."""
    scaled = value * 100
    magnitude = int(abs(scaled) + Fraction(1, 2))
    return magnitude if scaled >= 0 else -magnitude
