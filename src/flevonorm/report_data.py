"""Everything an evaluation report shows, computed once (spec/report.md).

`build_report` returns a `Report`: typed data whose JSON (`report --format json`) is a
public format for people who build dashboards, with its schema committed as
schemas/report.schema.json. The templates only format and arrange it. Words are not
decided here: statuses, kinds and cell kinds are codes that the templates' message
catalogue names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict

from flevonorm.gitio import Provenance
from flevonorm.models import Ambition, NormFile, NormVersion, Partner, Status
from flevonorm.scoring import PartnerScore, Scorecard, Tally, tally_as_data, whole_percent

# Matrix cells beyond the five statuses: the norm does not ask this of the partner's
# kind, or the partner handed in no file.
CELL_NOT_FOR_KIND = "not_for_kind"
CELL_MISSING = "missing"


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
    kind: str
    date: str


class RoundRef(ReportModel):
    id: str
    title: str | None
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
    delta: int | None
    partners: int


class PartnerRow(Figures):
    id: str
    name: str
    kind: str
    counts: dict[str, int]
    delta: int | None


class PartnerPercent(ReportModel):
    id: str
    percent: int | None


class ThemeRow(Figures):
    id: str
    title: str | None
    partners: list[PartnerPercent]


class MatrixCell(ReportModel):
    partner: str
    code: str
    items: str | None


class MatrixRow(ReportModel):
    id: str
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
    sentence: str
    partners: int
    kinds: list[str]


class Lacking(PartnerRef):
    status: str


class WeakestLink(ReportModel):
    id: str
    text: str
    achieved: int
    of: int
    lacking: list[Lacking]


class TrendPartner(PartnerRef):
    percents: list[int | None]


class Trend(ReportModel):
    rounds: list[RoundRef]
    partners: list[TrendPartner]
    overall: list[int | None]
    # Across norm versions: the figure over the ambitions that continue through every
    # version shown (history.md); None when every round is under one version.
    like_for_like: list[int | None] | None


class Stale(ReportModel):
    rounds: int
    since: str


class OpenPoint(ReportModel):
    id: str
    text: str
    status: str
    items: str | None
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
    group: str | None
    text: str
    applies_to: list[str]
    items: list[AppendixItem]


class AppendixTheme(ReportModel):
    id: str
    title: str | None
    ambitions: list[AppendixAmbition]


class Report(ReportModel):
    """The data behind the evaluation report of one round."""

    example: bool
    round: RoundInfo
    norm: NormInfo
    provenance: ProvenanceInfo
    partial_weight: float
    overall: Overall
    previous: RoundRef | None
    partners: list[PartnerRow]
    missing: list[PartnerRef]
    themes: list[ThemeRow]
    matrix: Matrix
    achieved_everywhere: list[AchievedEverywhere]
    weakest_links: list[WeakestLink]
    trend: Trend
    open_points: list[PartnerOpenPoints]
    method: Method
    appendix: list[AppendixTheme]


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


def _percent(tally: Tally) -> int | None:
    return None if tally.score is None else whole_percent(tally.score)


def _figures(tally: Tally) -> dict[str, Any]:
    return {**tally_as_data(tally), "percent": _percent(tally)}


def _delta(now: int | None, before: int | None) -> int | None:
    # The change of the shown whole percentages, so a reader can check it by subtraction.
    return None if now is None or before is None else now - before


def _partner_ref(partner: Partner) -> dict[str, str]:
    return {"id": partner.id, "name": partner.name, "kind": partner.kind}


def _sentence(ambition: Ambition) -> str:
    text = ambition.text.strip()
    if text.endswith(":") and ambition.items:
        text = f"{text} {'; '.join(item.text.strip() for item in ambition.items)}"
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _status_of(partner_score: PartnerScore, ambition_id: str) -> Status | None:
    result = partner_score.results.get(ambition_id)
    return None if result is None else result.status


def build_report(data: ReportInput) -> Report:
    card = data.scorecard
    version = card.version
    previous = data.history[-2] if len(data.history) > 1 else None
    before = {p.partner.id: p for p in previous.partners} if previous else {}
    return Report.model_validate(
        {
            "example": card.round.example,
            "round": {
                "id": card.round_id,
                "title": card.round.title,
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
                "delta": _delta(_percent(card.overall), _percent(previous.overall))
                if previous
                else None,
                "partners": len(card.partners),
            },
            "previous": _round_ref(previous) if previous else None,
            "partners": [
                {
                    **_partner_ref(p.partner),
                    **_figures(p.tally),
                    "counts": {s.value: p.counts[s] for s in Status},
                    "delta": _delta(_percent(p.tally), _percent(before[p.partner.id].tally))
                    if p.partner.id in before
                    else None,
                }
                for p in card.partners
            ],
            "missing": [_partner_ref(m) for m in card.missing],
            "themes": [
                {
                    "id": theme.id,
                    "title": theme.title,
                    **_figures(theme.tally),
                    "partners": [
                        {"id": p.partner.id, "percent": _percent(p.themes[index].tally)}
                        for p in card.partners
                    ],
                }
                for index, theme in enumerate(card.themes)
            ],
            "matrix": _matrix(card),
            "achieved_everywhere": _achieved_everywhere(card),
            "weakest_links": _weakest_links(card),
            "trend": _trend(data.norm, data.history),
            "open_points": _open_points(card, data.stale),
            "method": _method(card),
            "appendix": _appendix(version),
        }
    )


def _round_ref(card: Scorecard) -> dict[str, Any]:
    return {
        "id": card.round_id,
        "title": card.round.title,
        "date": card.round.date.isoformat(),
        "norm": card.version.version,
    }


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
                cells.append(cell)
            groups[-1]["rows"].append({"id": ambition.id, "text": ambition.text, "cells": cells})
        themes.append({"id": theme.id, "title": theme.title, "groups": groups})
    return {"partners": [_partner_ref(p) for p in columns], "themes": themes}


def _who(card: Scorecard, ambition: Ambition) -> tuple[list[Partner], list[tuple[Partner, Status]]]:
    """Partners (with a file) that achieved the ambition, and those that lack it with their
    status; a declared not_applicable counts as neither."""
    achieved: list[Partner] = []
    lacking: list[tuple[Partner, Status]] = []
    for p in card.partners:
        status = _status_of(p, ambition.id)
        if status is None or status is Status.NOT_APPLICABLE:
            continue
        if status is Status.ACHIEVED:
            achieved.append(p.partner)
        else:
            lacking.append((p.partner, status))
    return achieved, lacking


def _achieved_everywhere(card: Scorecard) -> list[dict[str, Any]]:
    """Ambitions every partner they apply to has achieved. Where a partner of a kind the
    ambition applies to has no file, nobody can say "everywhere", so it is left out."""
    missing_kinds = {m.kind for m in card.missing}
    found = []
    for ambition in card.version.ambitions():
        achieved, lacking = _who(card, ambition)
        if achieved and not lacking and not missing_kinds & set(ambition.kinds()):
            found.append(
                {
                    "id": ambition.id,
                    "sentence": _sentence(ambition),
                    "partners": len(achieved),
                    "kinds": sorted({p.kind for p in achieved}),
                }
            )
    return found


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
                        "text": ambition.text,
                        "achieved": len(achieved),
                        "of": len(achieved) + len(lacking),
                        "lacking": [{**_partner_ref(p), "status": s.value} for p, s in lacking],
                    },
                )
            )
    return [link for _, _, link in sorted(links, key=lambda item: (item[0], item[1]))]


def _trend(norm: NormFile, history: Sequence[Scorecard]) -> dict[str, Any]:
    """Every partner seen in the rounds shown, and the overall figure, per round; across
    norm versions also the like-for-like figure (history.md)."""
    from flevonorm.history import trend_series

    seen: dict[str, Partner] = {}
    for card in history:
        for p in card.partners:
            seen.setdefault(p.partner.id, p.partner)
        for m in card.missing:
            seen.setdefault(m.id, m)
    series = trend_series(norm, list(seen.values()), list(history))
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
    like_for_like = None
    if series.mixes_versions:
        like_for_like = [
            None if point.like_for_like is None else _percent(point.like_for_like)
            for point in series.points
        ]
    return {
        "rounds": [_round_ref(card) for card in history],
        "partners": rows,
        "overall": [_percent(point.overall) for point in series.points],
        "like_for_like": like_for_like,
    }


def _open_points(
    card: Scorecard, stale: Mapping[tuple[str, str], tuple[int, str]]
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
            points.append(
                {
                    "id": ambition.id,
                    "text": ambition.text,
                    "status": outcome.status.value,
                    "items": None if outcome.items is None else str(outcome.items),
                    "note": entry.note if entry else None,
                    "next_step": entry.next_step if entry else None,
                    "stale": None
                    if (run := stale.get((p.partner.id, ambition.id))) is None
                    else {"rounds": run[0], "since": run[1]},
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
