"""Everything an evaluation report shows, computed once (spec/report.md).

`build_report` returns a `Report`: typed data whose JSON (`report --format json`) is a
public format for people who build dashboards, with its schema committed as
schemas/report.schema.json. The templates only format and arrange it. Words are not
decided here: statuses, kinds and cell kinds are codes that the templates' message
catalogue names.

Two audiences (report.md, "Two audiences"). The internal edition holds everything. The
public edition is built without any partner's figure, status or open point: those
sections are `null` in its data, so no template, shipped or a repository's own, can show
them. Beyond that, the public edition holds no figure from which one partner's can be
worked out, by subtraction either: see `_Disclosure`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from flevonorm.gitio import Provenance
from flevonorm.models import Ambition, Entry, Item, NormFile, NormVersion, Partner, Status
from flevonorm.scoring import (
    PartnerScore,
    Scorecard,
    Tally,
    points_for,
    tally_as_data,
    whole_percent,
)

# Matrix cells beyond the five statuses: the norm does not ask this of the partner's
# kind, or the partner handed in no file.
CELL_NOT_FOR_KIND = "not_for_kind"
CELL_MISSING = "missing"

Audience = Literal["internal", "public"]
AUDIENCES: tuple[Audience, ...] = ("internal", "public")

# The public edition shows no figure that covers fewer partners than this: with one, the
# figure is that partner's. (Two partners each learn the other's; the States' own
# mededeling publishes figures over seven.)
MIN_PUBLIC_PARTNERS = 2

# Where an ambition has no `short:`, tables show the start of its text, cut at a word.
SHORT_NAME_LENGTH = 40


class ReportModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartnerRef(ReportModel):
    id: str
    name: str
    kind: str


class Figures(ReportModel):
    """Points over applicable ambitions; `score` a float (4 decimals), `percent` whole."""

    points: float
    applicable: int
    score: float | None
    percent: int | None


class RoundInfo(ReportModel):
    id: str
    title: str | None
    # The title without the norm's name, which the report's own title already carries
    # ("Eindevaluatie" for "Eindevaluatie Flevolandse Norm"); the id when untitled.
    label: str
    kind: str
    date: str


class RoundRef(ReportModel):
    id: str
    title: str | None
    label: str
    date: str
    norm: str


class NormInfo(ReportModel):
    name: str
    version: str
    status: str
    note: str | None


class ProvenanceInfo(ReportModel):
    in_git: bool
    commit: str | None
    dirty: bool
    unknown: str | None = None  # why git could not tell, when it could not


class Overall(Figures):
    delta: int | None  # the key sentence's change: `comparison.delta`
    partners: int  # partners with a file
    expected: int  # partners expected in the round: with a file or missing


class LeftOut(PartnerRef):
    """A partner with a file in only one of the two rounds compared."""

    file_in: Literal["current", "previous"]


class Comparison(ReportModel):
    """The key figure against the previous round, like for like (report.md): over the
    partners with a file in both rounds and, across norm versions, over the ambitions
    that continue from the previous round's version to this one's."""

    previous: RoundRef
    same_partners: bool
    same_norm: bool
    partners: int  # partners counted in both figures
    now: Figures | None  # this round over those partners and ambitions
    before: Figures | None  # the previous round over the same
    # Whole percentage points from the exact fractions, rounded half away from zero;
    # None when nothing counts on one side, or when withheld.
    delta: int | None
    # Public edition: the comparison over fewer partners than the published totals would
    # let one partner's figure be worked out, so it is left out.
    withheld: bool = False
    left_out: list[LeftOut] | None  # None in the public edition


class PartnerRow(Figures):
    id: str
    name: str
    kind: str
    counts: dict[str, int]
    # Percentage points against the previous round, from exact fractions; None when the
    # partner had no file there.
    delta: int | None
    # Ambitions achieved now and not in the previous round, and the other way round;
    # None when it had no file there or the rounds fall under different norm versions.
    gained: list[str] | None = None
    lost: list[str] | None = None


class PartnerPercent(ReportModel):
    id: str
    percent: int | None


class ThemeRow(ReportModel):
    id: str
    title: str | None
    points: float | None
    applicable: int | None
    score: float | None
    percent: int | None
    covers: int  # partners with a file that an ambition of the theme applies to
    # Public edition: the figure would let one partner's be worked out (alone, or by
    # subtraction from the total and the other themes), so it is left out.
    withheld: bool = False
    partners: list[PartnerPercent] | None  # None in the public edition


class ItemRef(ReportModel):
    id: str
    label: str  # "D" for 3.5.D; the whole id where the item is numbered (3.2.5)
    text: str


class MatrixCell(ReportModel):
    partner: str
    code: str
    items: str | None
    missing_items: list[ItemRef] = []  # applicable items not in place


class MatrixRow(ReportModel):
    id: str
    short: str
    text: str
    cells: list[MatrixCell]


class MatrixGroup(ReportModel):
    name: str | None
    rows: list[MatrixRow]


class MatrixTheme(ReportModel):
    id: str
    title: str | None
    groups: list[MatrixGroup]


class Matrix(ReportModel):
    partners: list[PartnerRef]
    themes: list[MatrixTheme]


class AchievedEverywhere(ReportModel):
    id: str
    short: str
    sentence: str
    partners: int  # the partners with a file it applies to; every one achieved it
    kinds: list[str]
    # Every partner it applies to handed in; otherwise "everywhere" means "by every
    # partner that handed in", and the report says over how many.
    complete: bool = True


class Lacking(PartnerRef):
    status: str
    missing_items: list[ItemRef] = []


class WeakestLink(ReportModel):
    id: str
    short: str
    text: str
    achieved: int
    of: int
    lacking: list[Lacking]


class SharedGap(ReportModel):
    """An ambition at least half the partners it applies to have not achieved."""

    id: str
    short: str
    text: str
    achieved: int
    of: int
    achieved_by: list[PartnerRef]


class TrendPartner(PartnerRef):
    percents: list[int | None]


class Trend(ReportModel):
    rounds: list[RoundRef]
    handed_in: list[int]  # partners with a file, per round
    partners: list[TrendPartner] | None  # None in the public edition
    overall: list[int | None]
    # Across norm versions: the figure over the ambitions that continue through every
    # version shown (history.md); None when every round is under one version.
    like_for_like: list[int | None] | None


class Stale(ReportModel):
    rounds: int
    since: str  # the id of the first round of the run
    since_round: RoundRef


class OpenPoint(ReportModel):
    id: str
    short: str
    text: str
    status: str
    items: str | None
    missing_items: list[ItemRef] = []
    note: str | None
    next_step: str | None
    stale: Stale | None = None  # unchanged for this many rounds while not achieved


class PartnerOpenPoints(PartnerRef):
    points: list[OpenPoint]


class Method(ReportModel):
    partial_weight: float
    partial_weight_is_zero: bool
    declared_not_applicable: int
    not_for_kind: int
    missing: int


class AppendixItem(ReportModel):
    id: str
    text: str
    applies_to: list[str]


class AppendixAmbition(ReportModel):
    id: str
    short: str | None
    group: str | None
    text: str
    applies_to: list[str]
    items: list[AppendixItem]


class AppendixTheme(ReportModel):
    id: str
    title: str | None
    ambitions: list[AppendixAmbition]


class Report(ReportModel):
    """The data behind the evaluation report of one round.

    In the public edition (`audience: public`) every section about single partners is
    `null`: partners, missing, matrix, weakest_links, shared_gaps, open_points,
    themes[].partners, trend.partners and comparison.left_out.
    """

    audience: Audience = "internal"
    example: bool
    round: RoundInfo
    norm: NormInfo
    provenance: ProvenanceInfo
    partial_weight: float
    overall: Overall
    comparison: Comparison | None
    previous: RoundRef | None
    partners: list[PartnerRow] | None
    missing: list[PartnerRef] | None
    themes: list[ThemeRow]
    matrix: Matrix | None
    achieved_everywhere: list[AchievedEverywhere]
    weakest_links: list[WeakestLink] | None
    shared_gaps: list[SharedGap] | None
    trend: Trend
    open_points: list[PartnerOpenPoints] | None
    method: Method
    appendix: list[AppendixTheme]
    # Every ambition of the round's norm version by id: its `short:`, or the start of its
    # text (data-format.md), for naming ambitions where only their id is given.
    short_names: dict[str, str] = {}


@dataclass(frozen=True)
class ReportInput:
    """A round's scorecard with those of every earlier round, oldest first."""

    norm: NormFile
    scorecard: Scorecard
    history: Sequence[Scorecard]  # every round up to and including this one, by date
    provenance: Provenance
    # (partner id, ambition id) -> (rounds unchanged, first round of the run): answers
    # repeated while not achieved, as seen from this round (history.md, stale answers)
    stale: Mapping[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    audience: Audience = "internal"


# --- small helpers ----------------------------------------------------------------------


def _percent(tally: Tally) -> int | None:
    return None if tally.score is None else whole_percent(tally.score)


def _figures(tally: Tally) -> dict[str, Any]:
    return {**tally_as_data(tally), "percent": _percent(tally)}


def _change(now: Tally | None, before: Tally | None) -> int | None:
    """Percentage points from the exact fractions, then rounded half away from zero: two
    partners that gain one ambition of 22 both gain 5, whatever their rounded scores."""
    if now is None or before is None or now.score is None or before.score is None:
        return None
    return whole_percent(now.score - before.score)


def _partner_ref(partner: Partner) -> dict[str, str]:
    return {"id": partner.id, "name": partner.name, "kind": partner.kind}


def _sentence(ambition: Ambition) -> str:
    text = ambition.text.strip()
    if text.endswith(":") and ambition.items:
        text = f"{text} {'; '.join(item.text.strip() for item in ambition.items)}"
    return text if text.endswith((".", "!", "?")) else f"{text}."


def short_name(ambition: Ambition) -> str:
    """What names the ambition in tables and lists: its `short:`, or the start of its
    text cut at a word boundary (data-format.md)."""
    if ambition.short:
        return ambition.short.strip()
    text = " ".join(ambition.text.split()).rstrip(".:")
    if len(text) <= SHORT_NAME_LENGTH:
        return text
    cut = text[: SHORT_NAME_LENGTH + 1].rsplit(" ", 1)[0].rstrip(",;:-–")
    return f"{cut or text[:SHORT_NAME_LENGTH]}…"


def round_label(title: str | None, norm_name: str, round_id: str) -> str:
    """A round's title without the norm's name, which every report already carries."""
    if not title or not title.strip():
        return round_id
    pattern = re.compile(rf"(?<!\w){re.escape(norm_name.strip())}(?!\w)", re.IGNORECASE)
    label = " ".join(pattern.sub(" ", title).split()).strip(" -–—:,")
    return label or title.strip()


def _item_ref(ambition: Ambition, item: Item) -> dict[str, str]:
    """An item with the label a reader finds it by: the letter alone where the item is
    lettered (D for 3.5.D, as the norm's text lists them), else its whole id (3.2.5)."""
    prefix = f"{ambition.id}."
    suffix = item.id[len(prefix) :] if item.id.startswith(prefix) else ""
    label = suffix if suffix.isalpha() else item.id
    return {"id": item.id, "label": label, "text": item.text}


def _missing_items(ambition: Ambition, kind: str, entry: Entry | None) -> list[dict[str, str]]:
    """The applicable items not in place, where the entry lists items (an item left out
    counts as not in place); a status-only entry does not say which."""
    if entry is None or entry.items is None:
        return []
    return [
        _item_ref(ambition, item)
        for item in ambition.items_for(kind)
        if entry.items.get(item.id) is not True
    ]


def _status_of(partner_score: PartnerScore, ambition_id: str) -> Status | None:
    result = partner_score.results.get(ambition_id)
    return None if result is None else result.status


def _restricted(
    card: Scorecard, partners: set[str] | None, ambitions: frozenset[str] | None
) -> Tally:
    """The pooled tally of a round over some partners and ambitions (None: all)."""
    result = Tally()
    for p in card.partners:
        if partners is not None and p.partner.id not in partners:
            continue
        for ambition_id, outcome in p.results.items():
            if ambitions is not None and ambition_id not in ambitions:
                continue
            if outcome.status is not Status.NOT_APPLICABLE:
                result = result + Tally(points_for(outcome.status, card.partial_weight), 1)
    return result


# --- who could be singled out: the public edition's rule --------------------------------

CellSet = Callable[[str, str], bool]


def _nobody_singled_out(card: Scorecard, published: Sequence[CellSet]) -> bool:
    """Whether the published sums over these sets of a round's cells leave every partner
    hidden.

    A cell is one partner's answer on one ambition of its kind. Each published figure
    (points and applicable) is a sum over a set of cells; sums and differences of them
    can reveal at most the sum over each *atom*: the cells that lie in exactly the same
    published sets. If the counted cells of an atom belong to one partner, subtraction
    may give that partner's figure (the total minus the themes shown, a theme minus its
    ambitions achieved everywhere, a total minus a total over fewer partners); if an atom
    holds only one partner's cells, all declared not applicable, its denominator of 0
    tells that. Checking every atom is conservative: some cannot be isolated."""
    counted: dict[tuple[bool, ...], set[str]] = {}
    present: dict[tuple[bool, ...], set[str]] = {}
    for p in card.partners:
        partner = p.partner.id
        for ambition, outcome in p.results.items():
            signature = tuple(member(partner, ambition) for member in published)
            present.setdefault(signature, set()).add(partner)
            if outcome.status is not Status.NOT_APPLICABLE:
                counted.setdefault(signature, set()).add(partner)
    for signature, partners in present.items():
        if len(counted.get(signature, ())) == 1 or len(partners) == 1:
            return False
    return True


@dataclass
class _Disclosure:
    """What the public edition shows of one round, as sets of cells. Figures are decided
    in order (the ambitions achieved everywhere and the themes, then the like-for-like
    trend figure, then the comparison with the previous round): each is shown only when,
    together with everything already shown, it singles out no partner."""

    card: Scorecard
    published: list[CellSet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.published.append(lambda _partner, _ambition: True)  # the round's total

    def allows(self, extra: Sequence[CellSet]) -> bool:
        return _nobody_singled_out(self.card, [*self.published, *extra])

    def publish(self, extra: Sequence[CellSet]) -> None:
        self.published.extend(extra)


def _in_ambitions(ids: Iterable[str]) -> CellSet:
    chosen = frozenset(ids)
    return lambda _partner, ambition: ambition in chosen


def _in_restriction(partners: set[str] | None, ambitions: frozenset[str] | None) -> CellSet:
    return lambda partner, ambition: (
        (partners is None or partner in partners) and (ambitions is None or ambition in ambitions)
    )


# --- the report -------------------------------------------------------------------------


def build_report(data: ReportInput) -> Report:
    """The report of `data.scorecard`'s round for `data.audience`.

    Raises ValueError for a public edition of a round with fewer than two partners with
    a file: its total would be one partner's figure (the command says so first)."""
    card = data.scorecard
    version = card.version
    public = data.audience == "public"
    if public and len(card.partners) < MIN_PUBLIC_PARTNERS:
        raise ValueError("a public edition needs self-assessments of two partners or more")
    previous = data.history[-2] if len(data.history) > 1 else None
    rounds = {c.round_id: _round_ref(c, data.norm.name) for c in data.history}
    disclosures = {c.round_id: _Disclosure(c) for c in data.history} if public else None

    everywhere = _achieved_everywhere(card)
    if disclosures is not None:
        everywhere = [a for a in everywhere if a["partners"] >= MIN_PUBLIC_PARTNERS]
        themes, everywhere = _public_themes(card, everywhere, disclosures[card.round_id])
    else:
        themes = _themes(card, withheld=set(), public=False)
    trend = _trend(data.norm, data.history, disclosures)
    comparison = _comparison(data.norm, card, previous, rounds, disclosures) if previous else None
    return Report.model_validate(
        {
            "audience": data.audience,
            "example": card.round.example,
            "round": {
                "id": card.round_id,
                "title": card.round.title,
                "label": round_label(card.round.title, data.norm.name, card.round_id),
                "kind": card.round.kind,
                "date": card.round.date.isoformat(),
            },
            "norm": {
                "name": data.norm.name,
                "version": version.version,
                "status": version.status,
                "note": version.note,
            },
            "provenance": {
                "in_git": data.provenance.in_git,
                "commit": data.provenance.commit,
                "dirty": data.provenance.dirty,
                "unknown": data.provenance.unknown,
            },
            "partial_weight": float(card.partial_weight),
            "overall": {
                **_figures(card.overall),
                "delta": comparison["delta"] if comparison else None,
                "partners": len(card.partners),
                "expected": len(card.partners) + len(card.missing),
            },
            "comparison": comparison,
            "previous": rounds[previous.round_id] if previous else None,
            "partners": None if public else _partner_rows(card, previous),
            "missing": None if public else [_partner_ref(m) for m in card.missing],
            "themes": themes,
            "matrix": None if public else _matrix(card),
            "achieved_everywhere": everywhere,
            "weakest_links": None if public else _weakest_links(card),
            "shared_gaps": None if public else _shared_gaps(card),
            "trend": trend,
            "open_points": None if public else _open_points(card, data.stale, rounds),
            "method": _method(card),
            "appendix": _appendix(version),
            "short_names": {a.id: short_name(a) for a in version.ambitions()},
        }
    )


def _round_ref(card: Scorecard, norm_name: str) -> dict[str, Any]:
    return {
        "id": card.round_id,
        "title": card.round.title,
        "label": round_label(card.round.title, norm_name, card.round_id),
        "date": card.round.date.isoformat(),
        "norm": card.version.version,
    }


def _partner_rows(card: Scorecard, previous: Scorecard | None) -> list[dict[str, Any]]:
    before = {p.partner.id: p for p in previous.partners} if previous else {}
    same_norm = previous is not None and previous.version.version == card.version.version
    rows = []
    for p in card.partners:
        earlier = before.get(p.partner.id)
        gained: list[str] | None = None
        lost: list[str] | None = None
        if earlier is not None and same_norm:
            mine = [a.id for a in card.version.ambitions() if a.id in p.results]
            now_ok = {i for i in mine if _status_of(p, i) is Status.ACHIEVED}
            before_ok = {i for i in mine if _status_of(earlier, i) is Status.ACHIEVED}
            gained = [i for i in mine if i in now_ok - before_ok]
            lost = [i for i in mine if i in before_ok - now_ok]
        rows.append(
            {
                **_partner_ref(p.partner),
                **_figures(p.tally),
                "counts": {s.value: p.counts[s] for s in Status},
                "delta": _change(p.tally, earlier.tally) if earlier else None,
                "gained": gained,
                "lost": lost,
            }
        )
    return rows


def _comparison(
    norm: NormFile,
    card: Scorecard,
    previous: Scorecard,
    rounds: Mapping[str, dict[str, Any]],
    disclosures: Mapping[str, _Disclosure] | None,
) -> dict[str, Any]:
    from flevonorm.versions import surviving_ambitions

    now_ids = {p.partner.id for p in card.partners}
    before_ids = {p.partner.id for p in previous.partners}
    both = now_ids & before_ids
    same_partners = now_ids == before_ids
    old, new = previous.version.version, card.version.version
    same_norm = old == new
    ambitions_now: frozenset[str] | None = None
    ambitions_before: frozenset[str] | None = None
    comparable = True
    if not same_norm:
        ambitions_now = surviving_ambitions(norm, old, new, new)
        ambitions_before = surviving_ambitions(norm, old, new, old)
        comparable = ambitions_now is not None and ambitions_before is not None
    partners = None if same_partners else both
    now = _restricted(card, partners, ambitions_now)
    earlier = _restricted(previous, partners, ambitions_before)
    withheld = False
    if disclosures is not None and comparable:
        withheld = not (
            disclosures[card.round_id].allows([_in_restriction(partners, ambitions_now)])
            and disclosures[previous.round_id].allows([_in_restriction(partners, ambitions_before)])
        )
    shown = comparable and not withheld
    left_out = [
        {**_partner_ref(p.partner), "file_in": "current"}
        for p in card.partners
        if p.partner.id not in both
    ] + [
        {**_partner_ref(p.partner), "file_in": "previous"}
        for p in previous.partners
        if p.partner.id not in both
    ]
    return {
        "previous": rounds[previous.round_id],
        "same_partners": same_partners,
        "same_norm": same_norm,
        "partners": len(both),
        "now": _figures(now) if shown else None,
        "before": _figures(earlier) if shown else None,
        "delta": _change(now, earlier) if shown else None,
        "withheld": withheld,
        "left_out": None if disclosures is not None else left_out,
    }


def _theme_covers(card: Scorecard, index: int) -> int:
    return sum(1 for p in card.partners if p.themes[index].tally.applicable > 0)


def _themes(card: Scorecard, *, withheld: set[int], public: bool) -> list[dict[str, Any]]:
    rows = []
    for index, theme in enumerate(card.version.themes):
        hidden = index in withheld
        figures = (
            dict.fromkeys(("points", "applicable", "score", "percent"))
            if hidden
            else _figures(card.themes[index].tally)
        )
        rows.append(
            {
                "id": theme.id,
                "title": theme.title,
                **figures,
                "covers": _theme_covers(card, index),
                "withheld": hidden,
                "partners": None
                if public
                else [
                    {"id": p.partner.id, "percent": _percent(p.themes[index].tally)}
                    for p in card.partners
                ],
            }
        )
    return rows


def _public_themes(
    card: Scorecard, everywhere: list[dict[str, Any]], disclosure: _Disclosure
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The theme rows and the ambitions achieved everywhere that the public edition shows;
    records them in `disclosure`.

    A theme over fewer than two partners is left out. Then, while the figures shown (the
    total, the themes, the ambitions achieved everywhere) still single out a partner, one
    more theme goes: one that singles out a partner with the sentences alone, else the
    one over fewest partners, whose cells join the remainder (total minus themes shown)
    so that it covers several. With every theme left out, the last sentences go the same
    way; the total alone covers two partners or more."""
    themes = card.version.themes
    covers = [_theme_covers(card, index) for index in range(len(themes))]
    in_theme = [_in_ambitions(a.id for a in theme.ambitions) for theme in themes]
    withheld = {i for i, count in enumerate(covers) if count < MIN_PUBLIC_PARTNERS}
    kept = list(everywhere)
    while True:
        sentences = [_in_ambitions([a["id"]]) for a in kept]
        shown = [i for i in range(len(themes)) if i not in withheld]
        sets = [*sentences, *(in_theme[i] for i in shown)]
        if disclosure.allows(sets):
            disclosure.publish(sets)
            return _themes(card, withheld=withheld, public=True), kept
        if shown:
            culprit = next(
                (i for i in shown if not disclosure.allows([*sentences, in_theme[i]])),
                min(reversed(shown), key=lambda i: covers[i]),
            )
            withheld.add(culprit)
        else:
            kept.pop()


def _matrix(card: Scorecard) -> dict[str, Any]:
    columns = [p.partner for p in card.partners] + list(card.missing)
    scores = {p.partner.id: p for p in card.partners}
    themes = []
    for theme in card.version.themes:
        groups: list[dict[str, Any]] = []
        for ambition in theme.ambitions:
            if not groups or groups[-1]["name"] != ambition.group:
                groups.append({"name": ambition.group, "rows": []})
            cells = []
            for partner in columns:
                cell: dict[str, Any] = {
                    "partner": partner.id,
                    "code": CELL_NOT_FOR_KIND,
                    "items": None,
                    "missing_items": [],
                }
                if ambition.applies(partner.kind):
                    score = scores.get(partner.id)
                    if score is None:
                        cell["code"] = CELL_MISSING
                    else:
                        result = score.results[ambition.id]
                        cell["code"] = result.status.value
                        if result.items is not None:
                            cell["items"] = str(result.items)
                            cell["missing_items"] = _missing_items(
                                ambition, partner.kind, result.entry
                            )
                cells.append(cell)
            groups[-1]["rows"].append(
                {
                    "id": ambition.id,
                    "short": short_name(ambition),
                    "text": ambition.text,
                    "cells": cells,
                }
            )
        themes.append({"id": theme.id, "title": theme.title, "groups": groups})
    return {"partners": [_partner_ref(p) for p in columns], "themes": themes}


def _who(
    card: Scorecard, ambition: Ambition
) -> tuple[list[PartnerScore], list[tuple[PartnerScore, Status]]]:
    """Partners (with a file) that achieved the ambition, and those that lack it with their
    status; a declared not_applicable counts as neither."""
    achieved: list[PartnerScore] = []
    lacking: list[tuple[PartnerScore, Status]] = []
    for p in card.partners:
        status = _status_of(p, ambition.id)
        if status is None or status is Status.NOT_APPLICABLE:
            continue
        if status is Status.ACHIEVED:
            achieved.append(p)
        else:
            lacking.append((p, status))
    return achieved, lacking


def _achieved_everywhere(card: Scorecard) -> list[dict[str, Any]]:
    """Ambitions every partner with a file that they apply to has achieved (report.md:
    judged over those who handed in). `complete` tells whether every partner they apply
    to handed in, so that the report can say over how many it judged."""
    missing_kinds = {m.kind for m in card.missing}
    found = []
    for ambition in card.version.ambitions():
        achieved, lacking = _who(card, ambition)
        if achieved and not lacking:
            found.append(
                {
                    "id": ambition.id,
                    "short": short_name(ambition),
                    "sentence": _sentence(ambition),
                    "partners": len(achieved),
                    "kinds": sorted({p.partner.kind for p in achieved}),
                    "complete": not missing_kinds & set(ambition.kinds()),
                }
            )
    return found


def _lacking(ambition: Ambition, p: PartnerScore, status: Status) -> dict[str, Any]:
    result = p.results[ambition.id]
    return {
        **_partner_ref(p.partner),
        "status": status.value,
        "missing_items": _missing_items(ambition, p.partner.kind, result.entry),
    }


def _weakest_links(card: Scorecard) -> list[dict[str, Any]]:
    """Ambitions most partners have in place but some lack: where criminals move to
    (the waterbed effect). Sorted by how few lack it, then in the norm's order."""
    links = []
    for order, ambition in enumerate(card.version.ambitions()):
        achieved, lacking = _who(card, ambition)
        if lacking and len(achieved) > len(lacking):
            links.append(
                (
                    len(lacking),
                    order,
                    {
                        "id": ambition.id,
                        "short": short_name(ambition),
                        "text": ambition.text,
                        "achieved": len(achieved),
                        "of": len(achieved) + len(lacking),
                        "lacking": [_lacking(ambition, p, s) for p, s in lacking],
                    },
                )
            )
    return [link for _, _, link in sorted(links, key=lambda item: (item[0], item[1]))]


def _shared_gaps(card: Scorecard) -> list[dict[str, Any]]:
    """Ambitions that at least half of the partners they apply to lack, and at least two:
    the region's own agenda, beside the weakest links (which take the rest). Sorted by
    how many lack it, most first, then in the norm's order."""
    gaps = []
    for order, ambition in enumerate(card.version.ambitions()):
        achieved, lacking = _who(card, ambition)
        if len(lacking) >= 2 and len(lacking) >= len(achieved):
            gaps.append(
                (
                    -len(lacking),
                    order,
                    {
                        "id": ambition.id,
                        "short": short_name(ambition),
                        "text": ambition.text,
                        "achieved": len(achieved),
                        "of": len(achieved) + len(lacking),
                        "achieved_by": [_partner_ref(p.partner) for p in achieved],
                    },
                )
            )
    return [gap for _, _, gap in sorted(gaps, key=lambda item: (item[0], item[1]))]


def _trend(
    norm: NormFile,
    history: Sequence[Scorecard],
    disclosures: Mapping[str, _Disclosure] | None,
) -> dict[str, Any]:
    """Every partner seen in the rounds shown, and the overall figure, per round; across
    norm versions also the like-for-like figure (history.md). The public edition keeps
    only totals over two partners or more, and a like-for-like figure only where it and
    what the round already shows together single out no partner."""
    from flevonorm.history import trend_series
    from flevonorm.versions import surviving_ambitions

    seen: dict[str, Partner] = {}
    for card in history:
        for p in card.partners:
            seen.setdefault(p.partner.id, p.partner)
        for m in card.missing:
            seen.setdefault(m.id, m)
    series = trend_series(norm, list(seen.values()), list(history))
    public = disclosures is not None
    overall = [
        _percent(point.overall) if not public or len(card.partners) >= MIN_PUBLIC_PARTNERS else None
        for card, point in zip(history, series.points, strict=True)
    ]
    like_for_like: list[int | None] | None = None
    if series.mixes_versions:
        like_for_like = []
        oldest, latest = history[0].version.version, history[-1].version.version
        for index, (card, point) in enumerate(zip(history, series.points, strict=True)):
            value = None if point.like_for_like is None else _percent(point.like_for_like)
            if disclosures is not None and value is not None:
                surviving = surviving_ambitions(norm, oldest, latest, card.version.version)
                restriction = [_in_restriction(None, surviving)]
                disclosure = disclosures[card.round_id]
                if overall[index] is None or not disclosure.allows(restriction):
                    value = None
                else:
                    disclosure.publish(restriction)
            like_for_like.append(value)
    rows = [
        {
            **_partner_ref(partner),
            "percents": [
                None if (tally := point.partners[partner.id]) is None else _percent(tally)
                for point in series.points
            ],
        }
        for partner in series.partners
    ]
    return {
        "rounds": [_round_ref(card, norm.name) for card in history],
        "handed_in": [len(card.partners) for card in history],
        "partners": None if public else rows,
        "overall": overall,
        "like_for_like": like_for_like,
    }


def _open_points(
    card: Scorecard,
    stale: Mapping[tuple[str, str], tuple[int, str]],
    rounds: Mapping[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Per partner, every ambition not achieved (declared not applicable is not open)."""
    open_statuses = {Status.PARTIAL, Status.NOT_ACHIEVED, Status.NOT_ASSESSED}
    result = []
    for p in card.partners:
        points = []
        for ambition in card.version.ambitions():
            outcome = p.results.get(ambition.id)
            if outcome is None or outcome.status not in open_statuses:
                continue
            entry = outcome.entry
            run = stale.get((p.partner.id, ambition.id))
            points.append(
                {
                    "id": ambition.id,
                    "short": short_name(ambition),
                    "text": ambition.text,
                    "status": outcome.status.value,
                    "items": None if outcome.items is None else str(outcome.items),
                    "missing_items": _missing_items(ambition, p.partner.kind, entry),
                    "note": entry.note if entry else None,
                    "next_step": entry.next_step if entry else None,
                    "stale": None
                    if run is None or run[1] not in rounds
                    else {"rounds": run[0], "since": run[1], "since_round": rounds[run[1]]},
                }
            )
        if points:
            result.append({**_partner_ref(p.partner), "points": points})
    return result


def _method(card: Scorecard) -> dict[str, Any]:
    declared = sum(p.counts[Status.NOT_APPLICABLE] for p in card.partners)
    not_for_kind = sum(
        1
        for p in card.partners
        for ambition in card.version.ambitions()
        if not ambition.applies(p.partner.kind)
    )
    return {
        "partial_weight": float(card.partial_weight),
        "partial_weight_is_zero": card.partial_weight == Fraction(0),
        "declared_not_applicable": declared,
        "not_for_kind": not_for_kind,
        "missing": len(card.missing),
    }


def _appendix(version: NormVersion) -> list[dict[str, Any]]:
    return [
        {
            "id": theme.id,
            "title": theme.title,
            "ambitions": [
                {
                    "id": a.id,
                    "short": a.short,
                    "group": a.group,
                    "text": a.text,
                    "applies_to": list(a.kinds()),
                    "items": [
                        {"id": i.id, "text": i.text, "applies_to": list(a.item_kinds(i))}
                        for i in a.items or []
                    ],
                }
                for a in theme.ambitions
            ],
        }
        for theme in version.themes
    ]
