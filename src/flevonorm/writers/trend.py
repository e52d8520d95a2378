"""A trend as JSON and CSV (spec/history.md), and as a Markdown or plain-text table."""

from __future__ import annotations

import csv
import io
from typing import Any

from flevonorm.history import TrendPoint, TrendSeries
from flevonorm.scoring import Tally, tally_as_data, whole_percent
from flevonorm.textsafe import csv_cell, json_text

CSV_COLUMNS = ["round", "date", "norm", "partner", "points", "applicable", "score"]

LIKE_FOR_LIKE_SENTENCE = {
    "nl": "Vergelijkbaar: het percentage over alleen de ambities die in elke getoonde "
    "normversie voortbestaan; het ruwe percentage telt alle ambities van de eigen versie "
    "van de ronde, en die verschillen per versie.",
    "en": "Like for like: the figure over only the ambitions that continue through every "
    "norm version shown; the raw figure counts every ambition of the round's own version, "
    "and those differ between versions.",
}
_WORDS = {
    "nl": {"round": "", "overall": "totaal", "like": "vergelijkbaar"},
    "en": {"round": "", "overall": "overall", "like": "like for like"},
}


def _round_data(point: TrendPoint, series: TrendSeries) -> dict[str, Any]:
    card = point.card
    return {
        "id": card.round_id,
        "title": card.round.title,
        "date": card.round.date.isoformat(),
        "norm": card.version.version,
        "overall": tally_as_data(point.overall),
        "like_for_like": None
        if point.like_for_like is None
        else tally_as_data(point.like_for_like),
        "partners": {
            partner.id: None if tally is None else tally_as_data(tally)
            for partner, tally in zip(series.partners, point.partners.values(), strict=True)
        },
    }


def trend_as_data(series: TrendSeries) -> dict[str, Any]:
    return {
        "partial_weight": float(series.partial_weight),
        "rounds": [_round_data(point, series) for point in series.points],
    }


def trend_as_json(series: TrendSeries) -> str:
    return json_text(trend_as_data(series))


def _csv_figures(tally: Tally | None) -> list[object]:
    if tally is None:
        return ["", "", ""]
    data = tally_as_data(tally)
    score = "" if data["score"] is None else f"{data['score']:.4f}"
    return [f"{data['points']:g}", data["applicable"], score]


def trend_as_csv(series: TrendSeries) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for point in series.points:
        card = point.card
        head = [card.round_id, card.round.date.isoformat(), card.version.version]
        for partner_id, tally in point.partners.items():
            writer.writerow([csv_cell(v) for v in [*head, partner_id, *_csv_figures(tally)]])
        writer.writerow([csv_cell(v) for v in [*head, "overall", *_csv_figures(point.overall)]])
        if point.like_for_like is not None:
            row = [*head, "like_for_like", *_csv_figures(point.like_for_like)]
            writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _percent(tally: Tally | None) -> str:
    if tally is None or tally.score is None:
        return "–"
    return f"{whole_percent(tally.score)}%"


def round_legend(series: TrendSeries) -> list[str]:
    """One line per round: its date, title and norm version (the table's columns are dates)."""
    return [
        f"{p.card.round.date.isoformat()}  {p.card.round.title or p.card.round_id} "
        f"(norm {p.card.version.version})"
        for p in series.points
    ]


def trend_rows(series: TrendSeries, lang: str) -> tuple[list[str], list[list[str]]]:
    """The table a person reads: a column per round (by date; `round_legend` gives the
    titles), a row for the overall figure, one for the like-for-like figure where norm
    versions differ, then one per partner."""
    words = _WORDS[lang]
    header = [words["round"], *(p.card.round.date.isoformat() for p in series.points)]
    rows = [[words["overall"], *(_percent(p.overall) for p in series.points)]]
    if series.mixes_versions:
        rows.append([words["like"], *(_percent(p.like_for_like) for p in series.points)])
    for partner in series.partners:
        rows.append([partner.name, *(_percent(p.partners[partner.id]) for p in series.points)])
    return header, rows


def trend_as_markdown(series: TrendSeries, lang: str) -> str:
    from flevonorm.render import md_escape

    header, rows = trend_rows(series, lang)
    lines = [f"- {md_escape(line)}" for line in round_legend(series)]
    lines += [
        "",
        "| " + " | ".join(md_escape(h) for h in header) + " |",
        "|---|" + "|".join(["---:"] * (len(header) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    if series.mixes_versions:
        lines += ["", LIKE_FOR_LIKE_SENTENCE[lang]]
    return "\n".join(lines) + "\n"
