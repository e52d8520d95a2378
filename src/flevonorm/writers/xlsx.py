"""The evaluation report as a spreadsheet: `report --format xlsx -o FILE` (spec/report.md,
"Formats"), for the analysts who work in Excel or LibreOffice.

Five sheets hold the report's tables: partners, themes, the matrix, open points and the
trend. Numbers stay numbers (a score is the fraction 0.8333 shown as 83%, a change a whole
number of percentage points shown with its sign, a date a date), so that an analyst can
sort, filter and compute without retyping. Each sheet keeps its header row (and the
columns that name a row) in view and has a filter on its header. A public edition's data
leaves out every section about single partners (null), and so does its workbook: only the
themes and the trend, pooled, remain.

The names and notes come from many hands, so no text from the data can act in the
spreadsheet: every text cell is stored as a string, never as a formula (a partner named
`=HYPERLINK(...)` stays those characters), and characters that XML cannot hold are shown as
escapes, the way `textsafe.terminal_safe` writes them. Line breaks and tabs in a note are
kept: a cell can hold them.

The same report gives the same bytes: the workbook's dates are the round's date and every
part of the zip archive is dated 1980-01-01, so a file can be regenerated and compared.

openpyxl is imported inside `report_as_xlsx`, so that `flevonorm --help` never loads it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from io import BytesIO
from typing import TYPE_CHECKING, Any

from flevonorm.models import Status
from flevonorm.textsafe import terminal_safe

if TYPE_CHECKING:
    from flevonorm.report_data import Report

# A value as it goes into a cell; None leaves the cell empty.
Value = str | int | float | date | None

# Excel refuses to open a file with a longer cell (and repairs it by dropping content).
MAX_CELL_CHARS = 32_767

# The earliest date a zip archive can record: the same for every run.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Widths in characters: a header wraps beyond its cap, long text wraps in its column.
_HEADER_WIDTH_CAP = 18
_WIDTH_CAP = 40
_LONG_TEXT_WIDTH = 60

# Runs of characters between the line breaks and tabs that a cell keeps.
_BETWEEN_BREAKS = re.compile("[^\n\t]+")
# XML 1.0 cannot hold these two non-characters; terminal_safe leaves them alone.
_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")
# A spreadsheet reads `_x0041_` in a cell's text as the character U+0041 (ECMA-376,
# ST_Xstring); `_x005F_` is its escape for the underscore, so text that happens to look
# like that is written as `_x005F_x0041_` and shown as typed (as XlsxWriter does).
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


class Kind(Enum):
    """What a column holds, which decides its cell format, alignment and width."""

    TEXT = "text"
    LONG_TEXT = "long text"  # wraps in a wide column: ambition texts, notes
    COUNT = "count"
    NUMBER = "number"  # points: whole, or a fraction with a partial weight
    PERCENT = "percent"  # a fraction, 0.8333, shown as 83%
    CHANGE = "change"  # whole percentage points, shown with their sign
    DATE = "date"


_NUMBER_FORMATS = {
    Kind.COUNT: "0",
    Kind.NUMBER: "General",
    Kind.PERCENT: "0%",
    Kind.CHANGE: "+0;-0;0",
    Kind.DATE: "yyyy-mm-dd",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """One sheet: a header row, rows of data, and a footer (the total) below a blank
    row, kept out of the filter so that sorting the rows leaves it where it is."""

    name: str
    columns: list[Column]
    rows: list[list[Value]]
    kept_in_view: int = 0  # leading columns that stay visible when scrolling sideways
    footer: list[list[Value]] = field(default_factory=list)


# The words of the sheets. The keys are English, as the templates' msgids are; the
# Dutch follows the report's message catalogue where it has the word.
_DUTCH = {
    "Partners": "Partners",
    "Themes": "Thema's",
    "Matrix": "Matrix",
    "Open points": "Open punten",
    "Trend": "Verloop",
    "ID": "ID",
    "Partner": "Partner",
    "Kind": "Soort",
    "Points": "Punten",
    "Applicable ambitions": "Ambities die gelden",
    "Score": "Score",
    "Change (percentage points)": "Verschil (procentpunten)",
    "Remark": "Opmerking",
    "Total": "Totaal",
    "no file (missing)": "geen zelfevaluatie (ontbreekt)",
    "Theme": "Thema",
    "All partners": "Alle partners",
    "Group": "Groep",
    "Ambition": "Ambitie",
    "Text": "Tekst",
    "Status": "Status",
    "Items in place": "Onderdelen op orde",
    "Note": "Toelichting",
    "Next step": "Volgende stap",
    "Newly achieved": "Nieuw behaald",
    "No longer achieved": "Niet meer behaald",
    "not published: it would reveal one partner's figure": (
        "niet gepubliceerd: het zou het cijfer van één partner prijsgeven"
    ),
    "Missing items": "Ontbrekende onderdelen",
    "Self-assessments handed in": "Ingeleverde zelfevaluaties",
    "Rounds unchanged": "Rondes ongewijzigd",
    "Unchanged since": "Ongewijzigd sinds",
    "Round": "Ronde",
    "Date": "Datum",
    "Norm": "Norm",
    "Like for like": "Vergelijkbaar",
    # statuses and the matrix's other cells
    "achieved": "behaald",
    "partially achieved": "deels behaald",
    "not achieved": "niet behaald",
    "declared not applicable": "niet van toepassing",
    "not assessed": "niet beoordeeld",
    "does not apply (norm)": "geldt niet (norm)",
    "missing": "ontbreekt",
    # kinds of partner
    "municipality": "gemeente",
    "province": "provincie",
    "water board": "waterschap",
    "police": "politie",
    "public prosecution service": "Openbaar Ministerie",
}
_WORDS: dict[str, dict[str, str]] = {"en": {}, "nl": _DUTCH}

_CODE_WORDS = {
    Status.ACHIEVED.value: "achieved",
    Status.PARTIAL.value: "partially achieved",
    Status.NOT_ACHIEVED.value: "not achieved",
    Status.NOT_APPLICABLE.value: "declared not applicable",
    Status.NOT_ASSESSED.value: "not assessed",
    "not_for_kind": "does not apply (norm)",
    "missing": "missing",
    "municipality": "municipality",
    "province": "province",
    "water_board": "water board",
    "police": "police",
    "prosecution": "public prosecution service",
}


class _Words:
    def __init__(self, lang: str) -> None:
        if lang not in _WORDS:
            raise ValueError(f"no words for language {lang!r}; choose from {sorted(_WORDS)}")
        self._words = _WORDS[lang]

    def __call__(self, english: str) -> str:
        return self._words.get(english, english)

    def code(self, code: str) -> str:
        """A status, cell or kind code in words; an unknown code as it is."""
        english = _CODE_WORDS.get(code)
        return code if english is None else self(english)


def report_as_xlsx(report: Report, lang: str = "nl") -> bytes:
    """The report's tables as an .xlsx workbook, its sheets and headers in `lang` (nl, en).

    A public edition (`report.audience == "public"`) has no partner's figures in its data,
    so its workbook has none either: only the themes and the trend, pooled. Raises
    ValueError for a language without words.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report_tables(report, lang):
        _write_sheet(workbook.create_sheet(table.name), table)
    made = datetime.combine(date.fromisoformat(report.round.date), datetime.min.time())
    properties = workbook.properties
    properties.title = _cell_text(f"{report.norm.name} — {report.round.label}")
    properties.creator = "flevonorm"
    properties.language = {"nl": "nl-NL", "en": "en-GB"}[lang]
    properties.created = made
    properties.modified = made
    archive = BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the file with the current time.
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        ExcelWriter(workbook, zipped).save()
    return _dated_alike(archive.getvalue())


def report_tables(report: Report, lang: str = "nl") -> list[Table]:
    """The sheets of the workbook as plain tables, in `lang`: what `report_as_xlsx` writes.

    A section the report leaves out (null in a public edition) gives no sheet or column.
    """
    words = _Words(lang)
    tables = [
        _partners(report, words),
        _themes(report, words),
        _matrix(report, words),
        _open_points(report, words),
        _trend(report, words),
    ]
    return [table for table in tables if table is not None]


def _status_codes(report: Report) -> list[str]:
    # The report's own order when it has a partner; the norm's statuses otherwise.
    return list(report.partners[0].counts) if report.partners else [s.value for s in Status]


def _ids(ambitions: list[str] | None) -> str | None:
    return ", ".join(ambitions) if ambitions else None


def _partners(report: Report, words: _Words) -> Table | None:
    if report.partners is None:
        return None
    statuses = _status_codes(report)
    columns = [
        Column(words("ID")),
        Column(words("Partner")),
        Column(words("Kind")),
        *(Column(words.code(code), Kind.COUNT) for code in statuses),
        Column(words("Points"), Kind.NUMBER),
        Column(words("Applicable ambitions"), Kind.COUNT),
        Column(words("Score"), Kind.PERCENT),
        Column(words("Change (percentage points)"), Kind.CHANGE),
        Column(words("Newly achieved")),
        Column(words("No longer achieved")),
        Column(words("Remark")),
    ]
    rows: list[list[Value]] = [
        [
            p.id,
            p.name,
            words.code(p.kind),
            *(p.counts.get(code, 0) for code in statuses),
            p.points,
            p.applicable,
            p.score,
            p.delta,
            _ids(p.gained),
            _ids(p.lost),
            None,
        ]
        for p in report.partners
    ]
    blank: list[Value] = [None] * (len(statuses) + 6)
    rows += [
        [m.id, m.name, words.code(m.kind), *blank, words("no file (missing)")]
        for m in report.missing or []
    ]
    overall = report.overall
    total: list[Value] = [
        None,
        words("Total"),
        None,
        *(sum(p.counts.get(code, 0) for p in report.partners) for code in statuses),
        overall.points,
        overall.applicable,
        overall.score,
        overall.delta,
        None,
        None,
        None,
    ]
    return Table(words("Partners"), columns, rows, kept_in_view=2, footer=[total])


def _themes(report: Report, words: _Words) -> Table:
    partners = report.partners or []
    per_partner = [p.id for p in partners if any(t.partners is not None for t in report.themes)]
    names = {p.id: p.name for p in partners}
    any_withheld = any(theme.withheld for theme in report.themes)
    columns = [
        Column(words("ID")),
        Column(words("Theme")),
        Column(words("Points"), Kind.NUMBER),
        Column(words("Applicable ambitions"), Kind.COUNT),
        Column(words("All partners"), Kind.PERCENT),
        *(Column(names[partner_id], Kind.PERCENT) for partner_id in per_partner),
    ]
    if any_withheld:
        columns.append(Column(words("Remark")))
    rows: list[list[Value]] = []
    for theme in report.themes:
        percents = {p.id: _hundredth(p.percent) for p in theme.partners or []}
        row: list[Value] = [
            theme.id,
            theme.title or theme.id,
            theme.points,
            theme.applicable,
            theme.score,
            *(percents.get(partner_id) for partner_id in per_partner),
        ]
        if any_withheld:
            row.append(
                words("not published: it would reveal one partner's figure")
                if theme.withheld
                else None
            )
        rows.append(row)
    overall = report.overall
    total: list[Value] = [None, words("Total"), overall.points, overall.applicable, overall.score]
    total += [None] * (len(columns) - len(total))
    return Table(words("Themes"), columns, rows, kept_in_view=2, footer=[total])


def _matrix(report: Report, words: _Words) -> Table | None:
    matrix = report.matrix
    if matrix is None:
        return None
    rows_by_theme = [
        (theme, group, row)
        for theme in matrix.themes
        for group in theme.groups
        for row in group.rows
    ]
    # A norm without groups would show an empty column; one whose short names are its
    # texts a repeated one.
    with_groups = any(group.name for _, group, _ in rows_by_theme)
    with_text = any(row.short != row.text for _, _, row in rows_by_theme)
    columns = [
        Column(words("Theme")),
        *([Column(words("Group"))] if with_groups else []),
        Column(words("ID")),
        Column(words("Ambition"), Kind.TEXT if with_text else Kind.LONG_TEXT),
        *(Column(p.name) for p in matrix.partners),
        *([Column(words("Text"), Kind.LONG_TEXT)] if with_text else []),
    ]
    rows: list[list[Value]] = []
    for theme, group, row in rows_by_theme:
        cells: list[Value] = []
        for partner in matrix.partners:
            cell = next((c for c in row.cells if c.partner == partner.id), None)
            if cell is None:
                cells.append(None)
                continue
            label = words.code(cell.code)
            cells.append(f"{label} ({cell.items})" if cell.items else label)
        rows.append(
            [
                theme.title or theme.id,
                *([group.name] if with_groups else []),
                row.id,
                row.short or row.text,
                *cells,
                *([row.text] if with_text else []),
            ]
        )
    return Table(words("Matrix"), columns, rows, kept_in_view=4 if with_groups else 3)


def _open_points(report: Report, words: _Words) -> Table | None:
    if report.open_points is None:
        return None
    columns = [
        Column(words("Partner")),
        Column(words("ID")),
        Column(words("Ambition")),
        Column(words("Status")),
        Column(words("Items in place")),
        Column(words("Missing items"), Kind.LONG_TEXT),
        Column(words("Note"), Kind.LONG_TEXT),
        Column(words("Next step"), Kind.LONG_TEXT),
        Column(words("Rounds unchanged"), Kind.COUNT),
        Column(words("Unchanged since")),
        Column(words("Text"), Kind.LONG_TEXT),
    ]
    rows: list[list[Value]] = [
        [
            partner.name,
            point.id,
            point.short or point.text,
            words.code(point.status),
            point.items,
            "; ".join(f"{item.label} {item.text}" for item in point.missing_items) or None,
            point.note,
            point.next_step,
            None if point.stale is None else point.stale.rounds,
            None if point.stale is None else point.stale.since_round.label,
            point.text,
        ]
        for partner in report.open_points
        for point in partner.points
    ]
    return Table(words("Open points"), columns, rows, kept_in_view=2)


def _trend(report: Report, words: _Words) -> Table:
    trend = report.trend
    like_for_like = trend.like_for_like
    partners = trend.partners or []
    columns = [
        Column(words("Round")),
        Column(words("Date"), Kind.DATE),
        Column(words("Norm")),
        Column(words("Self-assessments handed in"), Kind.COUNT),
        Column(words("Total"), Kind.PERCENT),
        *([Column(words("Like for like"), Kind.PERCENT)] if like_for_like is not None else []),
        *(Column(p.name, Kind.PERCENT) for p in partners),
    ]
    rows: list[list[Value]] = []
    for index, shown in enumerate(trend.rounds):
        rows.append(
            [
                shown.label,
                date.fromisoformat(shown.date),
                shown.norm,
                trend.handed_in[index],
                _hundredth(trend.overall[index]),
                *([_hundredth(like_for_like[index])] if like_for_like is not None else []),
                *(_hundredth(p.percents[index]) for p in partners),
            ]
        )
    return Table(words("Trend"), columns, rows, kept_in_view=1)


def _hundredth(percent: int | None) -> float | None:
    return None if percent is None else percent / 100


def _cell_text(text: str) -> str:
    """Text from the data as a cell can hold it: controls other than line breaks and tabs
    as escapes (XML refuses most of them, and the rest can make a name read other than it
    is), `_xHHHH_` kept from being read as an escape, cut to the length Excel accepts."""
    safe = _BETWEEN_BREAKS.sub(lambda run: terminal_safe(run.group()), text)
    safe = _XML_NONCHARACTERS.sub(lambda char: f"\\u{ord(char.group()):04x}", safe)
    safe = _LOOKS_ESCAPED.sub(r"_x005F_\1", safe)
    if len(safe) > MAX_CELL_CHARS:
        safe = safe[: MAX_CELL_CHARS - 1] + "…"
    return safe


def _put(cell: Any, value: Value, kind: Kind) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = _cell_text(value)
        # openpyxl makes a formula of any text that starts with "="; data is never one.
        cell.data_type = "s"
        return
    cell.value = value
    number_format = _NUMBER_FORMATS.get(kind)
    if number_format is not None:
        cell.number_format = number_format


def _shown_width(value: Value, kind: Kind) -> int:
    """About how many characters the value takes on screen in its format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(line) for line in _cell_text(value).split("\n"))
    if isinstance(value, date):
        return len("2022-11-15")
    if kind is Kind.PERCENT and isinstance(value, float | int):
        return len(f"{value:.0%}")
    if kind is Kind.CHANGE and isinstance(value, int):
        return len(f"{value:+d}")
    return len(f"{value:g}") if isinstance(value, float) else len(str(value))


def _width(column: Column, values: Sequence[Value]) -> float:
    widest = max((_shown_width(value, column.kind) for value in values), default=0)
    if column.kind is Kind.LONG_TEXT:
        return min(max(widest, len(column.header)), _LONG_TEXT_WIDTH) + 2
    # A header wraps, so a long one does not widen a column of short values much.
    header = min(len(column.header), _HEADER_WIDTH_CAP)
    return min(max(widest, header), _WIDTH_CAP) + 2


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    bold = Font(bold=True)
    header_alignment = Alignment(wrap_text=True, vertical="bottom")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=number)
        _put(cell, column.header, Kind.TEXT)
        cell.font = bold
        cell.alignment = header_alignment
    for row_number, row in enumerate(table.rows, start=2):
        for number, (column, value) in enumerate(zip(table.columns, row, strict=True), 1):
            cell = sheet.cell(row=row_number, column=number)
            _put(cell, value, column.kind)
            cell.alignment = wrapped if column.kind is Kind.LONG_TEXT else top
    first_footer = len(table.rows) + 3  # below one blank row
    for row_number, row in enumerate(table.footer, start=first_footer):
        for number, (column, value) in enumerate(zip(table.columns, row, strict=True), 1):
            cell = sheet.cell(row=row_number, column=number)
            _put(cell, value, column.kind)
            cell.font = bold
    for number, column in enumerate(table.columns, start=1):
        values = [row[number - 1] for row in (*table.rows, *table.footer)]
        sheet.column_dimensions[get_column_letter(number)].width = _width(column, values)
    sheet.freeze_panes = sheet.cell(row=2, column=table.kept_in_view + 1).coordinate
    if table.rows:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _dated_alike(workbook: bytes) -> bytes:
    """The archive with every part dated 1980-01-01 and no file permissions, so that the
    bytes depend on the report alone (openpyxl dates each part with the current time)."""
    rewritten = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(workbook)) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            info = zipfile.ZipInfo(part.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            target.writestr(info, source.read(part))
    return rewritten.getvalue()
