"""The scorecard as the tables a person reads, fitted to the width of the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from flevonorm.i18n import _, ngettext
from flevonorm.models import Status, kind_label
from flevonorm.scoring import STATUS_ORDER, PartnerScore, Scorecard, Tally, whole_percent
from flevonorm.textsafe import rich_text
from flevonorm.writers.scorecard import format_points, format_score
from flevonorm.writers.table import print_renderable


def _status_header(status: Status) -> str:
    return {
        Status.ACHIEVED: _("achieved"),
        Status.PARTIAL: _("partial"),
        Status.NOT_ACHIEVED: _("not achieved"),
        Status.NOT_APPLICABLE: _("not applicable"),
        Status.NOT_ASSESSED: _("not assessed"),
    }[status]


# --- a table that fits the width it is given ------------------------------------------
#
# Rich fits a table that is too wide by shrinking its widest columns, cutting words
# ("municipal…", "Bewustwor…") and, at national width, leaving columns blank. Here each
# layout is tried at widths where no word is cut: text columns wrap at spaces down to
# their longest word; when even that does not fit, the next, more stacked layout is tried.


def _text_width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _word_width(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


@dataclass
class _Column:
    header: str
    right: bool = False
    wraps: bool = False  # may wrap at spaces (names, titles); figures never do
    style: str | None = None


@dataclass
class _Fitted:
    table: Table
    fits: bool


def _narrowest_table(
    columns: list[_Column],
    rows: list[list[Text]],
    width: int,
    *,
    title: Text | None,
    plain: bool,
) -> _Fitted:
    """The table at the narrowest widths down to `width` that cut no word; `fits` says
    whether it got there. (A table that does not fit is still readable: a word too long for
    the width is folded onto the next line, never cut.)"""
    headers = [Text(c.header) for c in columns]
    natural = [
        max([_text_width(h), *(_text_width(r[i]) for r in rows)]) for i, h in enumerate(headers)
    ]
    least = [
        max([_word_width(h), *(_word_width(r[i]) if c.wraps else _text_width(r[i]) for r in rows)])
        for i, (c, h) in enumerate(zip(columns, headers, strict=True))
    ]

    def build(widths: list[int]) -> Table:
        # On a terminal, two spaces between columns and none at the edges: every column
        # counts at 80 columns. Piped text keeps rich's plain layout.
        framing: dict[str, Any] = (
            {"box": None}
            if plain
            else {
                "box": box.SIMPLE_HEAD,
                "show_edge": False,
                "pad_edge": False,
                "collapse_padding": True,
            }
        )
        table = Table(title=title, title_justify="left", **framing)
        for column, header, column_width in zip(columns, headers, widths, strict=True):
            table.add_column(
                header,
                justify="right" if column.right else "left",
                width=column_width,
                overflow="fold",  # never an ellipsis: a word too long is folded, not cut
                style=column.style,
            )
        for row in rows:
            table.add_row(*row)
        return table

    widths = list(natural)
    measuring = Console(width=10_000)
    overhead = measuring.measure(build([1] * len(columns))).maximum - len(columns)
    excess = sum(widths) + overhead - width
    while excess > 0:
        shrinkable = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not shrinkable:
            return _Fitted(build(widths), fits=False)
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return _Fitted(build(widths), fits=True)


def _fitted_table(
    columns: list[_Column],
    rows: list[list[Text]],
    width: int,
    *,
    title: Text | None,
    plain: bool,
) -> Table | None:
    """The table at widths that fit `width` without cutting a word, or None."""
    fitted = _narrowest_table(columns, rows, width, title=title, plain=plain)
    return fitted.table if fitted.fits else None


def _partner_tables(card: Scorecard, width: int, plain: bool) -> Table | Group:
    heading = f"{card.round_id}, norm {card.version.version}"
    title = rich_text(f"{card.round.title} ({heading})" if card.round.title else heading)
    counts = [_Column(_status_header(s), right=True, wraps=True) for s in STATUS_ORDER]
    score = _Column(_("score"), right=True, wraps=True)

    def figures(p: PartnerScore) -> list[Text]:
        return [Text(str(p.counts[s])) for s in STATUS_ORDER] + [Text(format_score(p.tally))]

    missing_figures = [Text("") for _ in STATUS_ORDER] + [Text(_("missing"))]
    # Wide: the kind in a column of its own.
    wide_rows = [
        [rich_text(p.partner.name), Text(kind_label(p.partner.kind)), *figures(p)]
        for p in card.partners
    ] + [[rich_text(m.name), Text(kind_label(m.kind)), *missing_figures] for m in card.missing]
    columns = [_Column(_("partner"), wraps=True), _Column(_("kind"), wraps=True)]
    table = _fitted_table([*columns, *counts, score], wide_rows, width, title=title, plain=plain)
    if table is not None:
        return table
    # Narrower: the kind under the name.
    stacked_rows = [
        [_name_and_kind(p.partner.name, p.partner.kind), *figures(p)] for p in card.partners
    ] + [[_name_and_kind(m.name, m.kind), *missing_figures] for m in card.missing]
    columns = [_Column(_("partner"), wraps=True)]
    table = _fitted_table([*columns, *counts, score], stacked_rows, width, title=title, plain=plain)
    if table is not None:
        return table
    # Narrowest: one paragraph per partner, wrapped at spaces by the console.
    lines: list[Text] = [title]
    for p in card.partners:
        lines.append(_partner_paragraph(p.partner.name, p.partner.kind, format_score(p.tally)))
        shown = [f"{_status_header(s)} {p.counts[s]}" for s in STATUS_ORDER if p.counts[s]]
        lines.append(Text("  " + ", ".join(shown)))
    for m in card.missing:
        lines.append(_partner_paragraph(m.name, m.kind, _("missing")))
    return Group(*lines)


def _name_and_kind(name: str, kind: str) -> Text:
    cell = rich_text(name)
    cell.append("\n" + kind_label(kind), style="dim")
    return cell


def _partner_paragraph(name: str, kind: str, figure: str) -> Text:
    line = rich_text(name)
    line.append(f" ({kind_label(kind)}): {figure}")
    return line


def _theme_tables(card: Scorecard, width: int, plain: bool) -> RenderableType:
    title = Text(_("Themes"))
    theme_names = [
        rich_text(f"{theme.id}. {theme.title}" if theme.title else theme.id)
        for theme in card.themes
    ]
    pooled = [Text(format_score(theme.tally)) for theme in card.themes]
    # Wide: every partner a column beside the pooled figure.
    columns = [_Column(_("theme"), wraps=True), _Column(_("all partners"), right=True)]
    columns += [_Column(p.partner.id, right=True) for p in card.partners]
    rows = [
        [name, figure, *(Text(_short_score(p.themes[index].tally)) for p in card.partners)]
        for index, (name, figure) in enumerate(zip(theme_names, pooled, strict=True))
    ]
    table = _fitted_table(columns, rows, width, title=title, plain=plain)
    if table is not None:
        return table
    # Too many partners for columns: the pooled figures, then a row per partner.
    columns = [_Column(_("theme"), wraps=True), _Column(_("all partners"), right=True, wraps=True)]
    pooled_rows = [list(r) for r in zip(theme_names, pooled, strict=True)]
    pooled_table = _narrowest_table(columns, pooled_rows, width, title=title, plain=plain).table
    columns = [_Column(_("partner"), wraps=True)]
    columns += [_Column(theme.id, right=True) for theme in card.themes]
    per_partner = [
        [rich_text(p.partner.name), *(Text(_short_score(t.tally)) for t in p.themes)]
        for p in card.partners
    ]
    by_partner = _fitted_table(
        columns, per_partner, width, title=Text(_("Themes per partner")), plain=plain
    )
    if by_partner is None:
        note = _(
            "Theme scores per partner do not fit this width; see flevonorm score --format json."
        )
        return Group(pooled_table, Text(note))
    return Group(pooled_table, Text(""), by_partner)


def scorecard_renderable(card: Scorecard, *, plain: bool, width: int = 200) -> Group:
    """The tables a person reads, laid out to fit `width` without cutting a word:
    partners, themes, then the overall figure."""
    partners = _partner_tables(card, width, plain)
    themes = _theme_tables(card, width, plain)
    overall = Text()
    if card.overall.score is None:
        overall.append(_("Overall: no ambition applies to any partner with a file"), style="bold")
    else:
        overall.append(
            _(
                "Overall: {percent}% of the ambition points achieved ({points} of {applicable})"
            ).format(
                percent=whole_percent(card.overall.score),
                points=format_points(card.overall.points),
                applicable=card.overall.applicable,
            ),
            style="bold",
        )
        overall.append(
            ngettext(
                ", pooled over {count} partner", ", pooled over {count} partners",
                len(card.partners),
            ).format(count=len(card.partners))
        )  # fmt: skip
        if card.partial_weight:
            overall.append(
                _("; partial counts {weight}").format(weight=format_points(card.partial_weight))
            )
    return Group(partners, Text(""), themes, Text(""), overall)


def _short_score(tally: Tally) -> str:
    return "n/a" if tally.score is None else f"{whole_percent(tally.score)}%"


def print_scorecard(card: Scorecard, console: Console) -> None:
    renderable = scorecard_renderable(card, plain=not console.is_terminal, width=console.width)
    print_renderable(renderable, console)
