"""Writers for a scorecard: a rich table, JSON (spec/scoring.md) and CSV."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from flevonorm.models import Status
from flevonorm.scoring import STATUS_ORDER, Scorecard, Tally, tally_as_data, whole_percent
from flevonorm.textsafe import csv_cell, rich_text

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
    return json.dumps(scorecard_as_data(card), ensure_ascii=False, indent=2) + "\n"


def scorecard_as_csv(card: Scorecard) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in card.partners:
        writer.writerow(
            [p.partner.id, csv_cell(p.partner.name), p.partner.kind]
            + [p.counts[s] for s in STATUS_ORDER]
            + [format_points(p.tally.points), p.tally.applicable, _csv_score(p.tally), "false"]
        )
    for m in card.missing:
        writer.writerow([m.id, csv_cell(m.name), m.kind] + [""] * 8 + ["true"])
    totals = [sum(p.counts[s] for p in card.partners) for s in STATUS_ORDER]
    overall = card.overall
    figures = [format_points(overall.points), overall.applicable, _csv_score(overall)]
    writer.writerow(["overall", "", "", *totals, *figures, "false"])
    return out.getvalue()


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


_HEADERS = {
    Status.ACHIEVED: "achieved",
    Status.PARTIAL: "partial",
    Status.NOT_ACHIEVED: "not achieved",
    Status.NOT_APPLICABLE: "not applicable",
    Status.NOT_ASSESSED: "not assessed",
}


def scorecard_renderable(card: Scorecard, *, plain: bool) -> Group:
    """The tables a person reads: partners, themes, then the overall figure."""
    table_box = None if plain else box.SIMPLE_HEAD
    heading = f"{card.round_id}, norm {card.version.version}"
    partners = Table(
        title=rich_text(f"{card.round.title} ({heading})" if card.round.title else heading),
        box=table_box,
        title_justify="left",
    )
    partners.add_column("partner")
    partners.add_column("kind")
    for status in STATUS_ORDER:
        partners.add_column(_HEADERS[status], justify="right")
    partners.add_column("score", justify="right")
    for p in card.partners:
        partners.add_row(
            rich_text(p.partner.name),
            p.partner.kind,
            *(str(p.counts[s]) for s in STATUS_ORDER),
            format_score(p.tally),
        )
    for m in card.missing:
        partners.add_row(rich_text(m.name), m.kind, *([""] * len(STATUS_ORDER)), "missing")

    themes = Table(title="Themes", box=table_box, title_justify="left")
    themes.add_column("theme")
    themes.add_column("all partners", justify="right")
    for p in card.partners:
        themes.add_column(p.partner.id, justify="right")
    for index, theme in enumerate(card.themes):
        themes.add_row(
            rich_text(f"{theme.id}. {theme.title}" if theme.title else theme.id),
            format_score(theme.tally),
            *(_short_score(p.themes[index].tally) for p in card.partners),
        )

    overall = Text()
    if card.overall.score is None:
        overall.append("Overall: no ambition applies to any partner with a file", style="bold")
    else:
        overall.append(
            f"Overall: {whole_percent(card.overall.score)}% of the ambition points achieved "
            f"({format_points(card.overall.points)} of {card.overall.applicable})",
            style="bold",
        )
        overall.append(
            f", pooled over {len(card.partners)} partner{'s' * (len(card.partners) != 1)}"
        )
        if card.partial_weight:
            overall.append(f"; partial counts {format_points(card.partial_weight)}")
    return Group(partners, Text(""), themes, Text(""), overall)


def _short_score(tally: Tally) -> str:
    return "n/a" if tally.score is None else f"{whole_percent(tally.score)}%"


def print_scorecard(card: Scorecard, console: Console) -> None:
    plain = not console.is_terminal
    if not plain:
        console.print(scorecard_renderable(card, plain=False))
        return
    # Piped: no padding to the console width, so the text diffs and greps cleanly.
    with console.capture() as capture:
        console.print(scorecard_renderable(card, plain=True))
    lines = capture.get().splitlines()
    console.file.write("".join(line.rstrip() + "\n" for line in lines))
