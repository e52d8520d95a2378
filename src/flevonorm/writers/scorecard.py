"""Writers for a scorecard: JSON (spec/scoring.md), CSV, and the table a person reads
(in scorecard_table, which alone imports rich: JSON and CSV never wait for it)."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from flevonorm.scoring import (
    STATUS_ORDER,
    Scorecard,
    Tally,
    tally_as_data,
    whole_percent,
)
from flevonorm.textsafe import csv_cell, json_text, terminal_safe

if TYPE_CHECKING:
    from rich.console import Console, Group

CSV_COLUMNS = [
    "id", "name", "kind", "achieved", "partial", "not_achieved", "not_applicable",
    "not_assessed", "points", "applicable", "score", "missing",
]  # fmt: skip


def scorecard_as_data(card: Scorecard) -> dict[str, Any]:
    """The scorecard as plain data, in the shape spec/scoring.md gives."""
    return {
        "round": card.round_id,
        "norm": card.version.version,
        "partial_weight": float(card.partial_weight),
        "overall": tally_as_data(card.overall),
        "themes": [{"id": t.id, "title": t.title, **tally_as_data(t.tally)} for t in card.themes],
        "partners": [
            {
                "id": p.partner.id,
                "name": p.partner.name,
                "kind": p.partner.kind,
                **tally_as_data(p.tally),
                "counts": {s.value: p.counts[s] for s in STATUS_ORDER},
                "themes": [{"id": t.id, **tally_as_data(t.tally)} for t in p.themes],
            }
            for p in card.partners
        ],
        "missing": [p.id for p in card.missing],
    }


def scorecard_as_json(card: Scorecard) -> str:
    return json_text(scorecard_as_data(card))


def scorecard_as_csv(card: Scorecard) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in card.partners:
        writer.writerow(
            [p.partner.id, _text_cell(p.partner.name), p.partner.kind]
            + [p.counts[s] for s in STATUS_ORDER]
            + [format_points(p.tally.points), p.tally.applicable, _csv_score(p.tally), "false"]
        )
    for m in card.missing:
        writer.writerow([m.id, _text_cell(m.name), m.kind] + [""] * 8 + ["true"])
    totals = [sum(p.counts[s] for p in card.partners) for s in STATUS_ORDER]
    overall = card.overall
    figures = [format_points(overall.points), overall.applicable, _csv_score(overall)]
    writer.writerow(["overall", "", "", *totals, *figures, "false"])
    return out.getvalue()


def _text_cell(text: str) -> str:
    """A name as a CSV cell: one line of printable text (a line break inside a quoted cell
    would still print as a line of its own), never a spreadsheet formula."""
    return csv_cell(terminal_safe(text))


def _csv_score(tally: Tally) -> str:
    score = tally_as_data(tally)["score"]
    return "" if score is None else f"{score:.4f}"


def format_points(points: Fraction) -> str:
    """Points as a user writes them: 20, 20.5, 20.25."""
    if points.denominator == 1:
        return str(points.numerator)
    return f"{float(points):.2f}".rstrip("0")


def format_score(tally: Tally) -> str:
    """`91% (20/22)`, or `n/a` where nothing applies."""
    if tally.score is None:
        return "n/a"
    return f"{whole_percent(tally.score)}% ({format_points(tally.points)}/{tally.applicable})"


def scorecard_renderable(card: Scorecard, *, plain: bool, width: int = 200) -> Group:
    """The tables a person reads (see scorecard_table)."""
    from flevonorm.writers.scorecard_table import scorecard_renderable as renderable

    return renderable(card, plain=plain, width=width)


def print_scorecard(card: Scorecard, console: Console) -> None:
    """The tables on `console`; plain lines without trailing spaces when it is piped."""
    from flevonorm.writers.scorecard_table import print_scorecard as print_tables

    print_tables(card, console)
