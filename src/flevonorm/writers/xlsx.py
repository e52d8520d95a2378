"""The evaluation report as a spreadsheet: `report --format xlsx -o FILE` (spec/report.md,
"Formats"), for the analysts who work in Excel or LibreOffice.

Five sheets hold the report's tables: partners, themes, the matrix, open points and the
trend. Numbers stay numbers, so that an analyst can sort, filter, chart and compute without
retyping: a score is the fraction itself (2 of 3 points is 0.666…) formatted as a
percentage (67%), a change a whole number of percentage points shown with its sign, a date a
date. Each sheet keeps its header row (and the columns that name a row) in view and has a
filter on its header. A public edition's data leaves out every section about single
partners (null), and so does its workbook: only the themes and the trend, pooled, remain.

Every word of the workbook comes from the report templates, as the Markdown and HTML
reports' words do: `report.xlsx.j2` names the sheets and columns through the report's
message catalogue and takes the statuses and partner kinds from `_labels.j2`, so a word
changed there, or in a repository's own templates, changes in all three formats.

A percentage shown is the report's own: the exact fraction rounded half away from zero
(`scoring.whole_percent`, 82.5% is 83%). A spreadsheet rounds the double it holds, and the
double nearest a fraction exactly halfway (0.285) may lie just below it: such a value is
moved up by a unit in its 16th digit, so that Excel and LibreOffice both show 29%, as the
report does (`_shown_as`). Where the report's data holds only the whole percentage (a
partner's figure per theme, the trend), the cell holds that percentage as a fraction (0.83).

The names and notes come from many hands, so no text from the data can act in the
spreadsheet: every text cell is stored as a string, never as a formula (a partner named
`=HYPERLINK(...)` stays those characters), and characters that XML cannot hold are shown as
escapes, the way `textsafe.terminal_safe` writes them. Line breaks and tabs in a note are
kept: a cell can hold them.

The same report gives the same bytes: the workbook's dates are the round's date and every
part of the zip archive is dated 1980-01-01, so a file can be regenerated and compared.

openpyxl and the templates' machinery are imported inside the functions that use them, so
that `flevonorm --help` loads neither.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flevonorm.models import PARTNER_KINDS, Status
from flevonorm.problems import Problem, Severity
from flevonorm.textsafe import terminal_safe

if TYPE_CHECKING:
    from flevonorm.report_data import Report

# A value as it goes into a cell; None leaves the cell empty.
Value = str | int | float | date | None

# Excel refuses to open a file with a longer cell (and repairs it by dropping content).
MAX_CELL_CHARS = 32_767

# The template that says the workbook's words (templates/report.xlsx.j2).
WORDS_TEMPLATE = "report.xlsx.j2"

# The earliest date a zip archive can record: the same for every run.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Widths in characters: a header wraps beyond its cap, long text wraps in its column.
_HEADER_WIDTH_CAP = 18
_WIDTH_CAP = 40
_LONG_TEXT_WIDTH = 60
# A line of the workbook's font (11-point Calibri) is 15 points high; Excel allows a row
# at most 409 points.
_LINE_HEIGHT = 15
_MAX_ROW_HEIGHT = 409

# Runs of characters between the line breaks and tabs that a cell keeps.
_BETWEEN_BREAKS = re.compile("[^\n\t]+")
# XML 1.0 cannot hold these two non-characters; terminal_safe leaves them alone.
_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")
# A spreadsheet reads `_x0041_` in a cell's text as the character U+0041 (ECMA-376,
# ST_Xstring); `_x005F_` is its escape for the underscore, so text that happens to look
# like that is written as `_x005F_x0041_` and shown as typed (as XlsxWriter does).
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")

# What Excel allows in a sheet's name: at most 31 characters, none of these, no
# apostrophe at either end, and not "History", which it keeps for itself.
_SHEET_NAME_CHARS = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*:\[\]]")
_SHEET_NAME_RESERVED = "history"

# One step in the 16th significant digit (how openpyxl writes a number) spans at most 9
# doubles, so this many steps from a double always reach the next number written.
_MAX_STEPS = 16


class Kind(Enum):
    """What a column holds, which decides its cell format, alignment and width."""

    TEXT = "text"
    LONG_TEXT = "long text"  # wraps in a wide column: ambition texts, notes
    STATUS = "status"  # a status word per partner in the matrix: wraps in a narrow column
    COUNT = "count"
    NUMBER = "number"  # points: whole, or a fraction with a partial weight
    PERCENT = "percent"  # a fraction, 0.8333, shown as 83%
    CHANGE = "change"  # whole percentage points, shown with their sign
    DATE = "date"


_WRAPPED = frozenset({Kind.LONG_TEXT, Kind.STATUS})

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


# The named words the workbook uses, as keys of the "words" that WORDS_TEMPLATE gives.
SHEET_WORD_KEYS = frozenset(
    {
        "sheet_partners", "sheet_themes", "sheet_matrix", "sheet_open_points", "sheet_trend",
        "id", "partner", "kind", "points", "applicable", "score", "change", "gained", "lost",
        "remark", "total", "no_file", "theme", "all_partners", "withheld", "group",
        "ambition", "text", "status", "parts_in_place", "parts_missing", "note", "next_step",
        "rounds_unchanged", "unchanged_since", "round", "date", "norm", "handed_in",
        "like_for_like",
    }
)  # fmt: skip


@dataclass(frozen=True)
class SheetWords:
    """The workbook's words in one language, as WORDS_TEMPLATE gives them.

    `words("points")` is a named word (SHEET_WORD_KEYS); `status`, `status_head` and
    `kind` say a code as the other report formats do (`_labels.j2`), or give the code
    itself where the template has no word for it.
    """

    named: Mapping[str, str]
    statuses: Mapping[str, str]
    status_heads: Mapping[str, str]
    kinds: Mapping[str, str]

    def __call__(self, key: str) -> str:
        return self.named[key]

    def status(self, code: str) -> str:
        """A status or matrix cell code (`not_for_kind`, `missing` too), as in a sentence."""
        return self.statuses.get(code, code)

    def status_head(self, code: str) -> str:
        """A status as the head of its column (capital first)."""
        return self.status_heads.get(code, code)

    def kind(self, code: str) -> str:
        return self.kinds.get(code, code)


def sheet_words(
    lang: str, search_path: Sequence[Path] | None = None, *, display_root: Path | None = None
) -> SheetWords:
    """The workbook's words in `lang` (nl, en), from WORDS_TEMPLATE rendered as the report
    is: templates and message catalogue looked up in `search_path` (first folder wins, file
    by file; by default the shipped templates alone), in the report's sandbox.

    Raises ValueError for a language without a catalogue, and render.TemplateProblem,
    located at the template, for templates that cannot be rendered or do not give the
    words the workbook needs.
    """
    from flevonorm.render import (
        LOCALES,
        TemplateProblem,
        render_template,
        sandboxed_environment,
        shipped_templates,
        shown_path,
    )

    if lang not in LOCALES:
        raise ValueError(f"no words for language {lang!r}; choose from {sorted(LOCALES)}")
    folders = list(search_path) if search_path is not None else [shipped_templates()]
    env = sandboxed_environment(folders, autoescape=False, lang=lang, display_root=display_root)
    context = {"statuses": [status.value for status in Status], "kinds": list(PARTNER_KINDS)}
    text = render_template(env, WORDS_TEMPLATE, context)
    try:
        return _words_from_json(text)
    except ValueError as exc:
        where = shown_path(str(env.get_template(WORDS_TEMPLATE).filename), display_root)
        problem = Problem(where, 1, 1, Severity.ERROR, terminal_safe(str(exc)))
        raise TemplateProblem([problem]) from None


def _words_from_json(text: str) -> SheetWords:
    """The words from WORDS_TEMPLATE's output; ValueError saying what is wrong with it."""
    shape = (
        'the template must give one JSON object: {"words": {key: word, ...}, "statuses", '
        '"status_heads" and "kinds": [[code, word], ...]}'
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{shape}; its output is not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError(shape)
    named = data.get("words")
    if not isinstance(named, dict) or not all(isinstance(w, str) for w in named.values()):
        raise ValueError(shape)
    missing = sorted(SHEET_WORD_KEYS - named.keys())
    if missing:
        raise ValueError(f"the template gives no word for {', '.join(missing)}")
    by_code: dict[str, dict[str, str]] = {}
    for part in ("statuses", "status_heads", "kinds"):
        pairs = data.get(part, [])
        if not isinstance(pairs, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
            for pair in pairs
        ):
            raise ValueError(shape)
        by_code[part] = dict(pairs)
    return SheetWords(named, by_code["statuses"], by_code["status_heads"], by_code["kinds"])


def report_as_xlsx(
    report: Report,
    lang: str = "nl",
    search_path: Sequence[Path] | None = None,
    *,
    display_root: Path | None = None,
) -> bytes:
    """The report's tables as an .xlsx workbook, its words in `lang` (nl, en) from the
    report templates in `search_path` (as `sheet_words`; pass the md/html report's search
    path and the repository's root, so that a repository's own words reach it too).

    A public edition (`report.audience == "public"`) has no partner's figures in its data,
    so its workbook has none either: only the themes and the trend, pooled. Raises
    ValueError for a language without words, render.TemplateProblem for templates that
    cannot give them.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    from flevonorm.render import LOCALES

    words = sheet_words(lang, search_path, display_root=display_root)
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in report_tables(report, words):
        _write_sheet(workbook.create_sheet(_sheet_name(table.name, taken)), table)
    made = datetime.combine(date.fromisoformat(report.round.date), datetime.min.time())
    properties = workbook.properties
    properties.title = _cell_text(f"{report.norm.name} — {report.round.label}")
    properties.creator = "flevonorm"
    properties.language = LOCALES[lang].replace("_", "-")
    properties.created = made
    properties.modified = made
    archive = BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the file with the current time.
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        ExcelWriter(workbook, zipped).save()
    return _dated_alike(archive.getvalue())


def report_tables(report: Report, words: SheetWords) -> list[Table]:
    """The sheets of the workbook as plain tables, in `words`: what `report_as_xlsx` writes.

    A section the report leaves out (null in a public edition) gives no sheet or column.
    """
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


def _partners(report: Report, words: SheetWords) -> Table | None:
    if report.partners is None:
        return None
    statuses = _status_codes(report)
    columns = [
        Column(words("id")),
        Column(words("partner")),
        Column(words("kind")),
        *(Column(words.status_head(code), Kind.COUNT) for code in statuses),
        Column(words("points"), Kind.NUMBER),
        Column(words("applicable"), Kind.COUNT),
        Column(words("score"), Kind.PERCENT),
        Column(words("change"), Kind.CHANGE),
        Column(words("gained")),
        Column(words("lost")),
        Column(words("remark")),
    ]
    rows: list[list[Value]] = [
        [
            p.id,
            p.name,
            words.kind(p.kind),
            *(p.counts.get(code, 0) for code in statuses),
            p.points,
            p.applicable,
            _score(p.points, p.applicable, p.percent),
            p.delta,
            _ids(p.gained),
            _ids(p.lost),
            None,
        ]
        for p in report.partners
    ]
    blank: list[Value] = [None] * (len(statuses) + 6)
    rows += [
        [m.id, m.name, words.kind(m.kind), *blank, words("no_file")] for m in report.missing or []
    ]
    overall = report.overall
    total: list[Value] = [
        None,
        words("total"),
        None,
        *(sum(p.counts.get(code, 0) for p in report.partners) for code in statuses),
        overall.points,
        overall.applicable,
        _score(overall.points, overall.applicable, overall.percent),
        overall.delta,
        None,
        None,
        None,
    ]
    return Table(words("sheet_partners"), columns, rows, kept_in_view=2, footer=[total])


def _themes(report: Report, words: SheetWords) -> Table:
    partners = report.partners or []
    per_partner = [p.id for p in partners if any(t.partners is not None for t in report.themes)]
    names = {p.id: p.name for p in partners}
    any_withheld = any(theme.withheld for theme in report.themes)
    columns = [
        Column(words("id")),
        Column(words("theme")),
        Column(words("points"), Kind.NUMBER),
        Column(words("applicable"), Kind.COUNT),
        Column(words("all_partners"), Kind.PERCENT),
        *(Column(names[partner_id], Kind.PERCENT) for partner_id in per_partner),
    ]
    if any_withheld:
        columns.append(Column(words("remark"), Kind.LONG_TEXT))
    rows: list[list[Value]] = []
    for theme in report.themes:
        percents = {p.id: _whole(p.percent) for p in theme.partners or []}
        row: list[Value] = [
            theme.id,
            theme.title or theme.id,
            theme.points,
            theme.applicable,
            _score(theme.points, theme.applicable, theme.percent),
            *(percents.get(partner_id) for partner_id in per_partner),
        ]
        if any_withheld:
            row.append(words("withheld") if theme.withheld else None)
        rows.append(row)
    overall = report.overall
    total: list[Value] = [
        None,
        words("total"),
        overall.points,
        overall.applicable,
        _score(overall.points, overall.applicable, overall.percent),
    ]
    total += [None] * (len(columns) - len(total))
    return Table(words("sheet_themes"), columns, rows, kept_in_view=2, footer=[total])


def _matrix(report: Report, words: SheetWords) -> Table | None:
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
        Column(words("theme")),
        *([Column(words("group"))] if with_groups else []),
        Column(words("id")),
        Column(words("ambition"), Kind.TEXT if with_text else Kind.LONG_TEXT),
        *(Column(p.name, Kind.STATUS) for p in matrix.partners),
        *([Column(words("text"), Kind.LONG_TEXT)] if with_text else []),
    ]
    rows: list[list[Value]] = []
    for theme, group, row in rows_by_theme:
        cells: list[Value] = []
        for partner in matrix.partners:
            cell = next((c for c in row.cells if c.partner == partner.id), None)
            if cell is None:
                cells.append(None)
                continue
            label = words.status(cell.code)
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
    return Table(words("sheet_matrix"), columns, rows, kept_in_view=4 if with_groups else 3)


def _open_points(report: Report, words: SheetWords) -> Table | None:
    if report.open_points is None:
        return None
    columns = [
        Column(words("partner")),
        Column(words("id")),
        Column(words("ambition")),
        Column(words("status")),
        Column(words("parts_in_place")),
        Column(words("parts_missing"), Kind.LONG_TEXT),
        Column(words("note"), Kind.LONG_TEXT),
        Column(words("next_step"), Kind.LONG_TEXT),
        Column(words("rounds_unchanged"), Kind.COUNT),
        Column(words("unchanged_since")),
        Column(words("text"), Kind.LONG_TEXT),
    ]
    rows: list[list[Value]] = [
        [
            partner.name,
            point.id,
            point.short or point.text,
            words.status(point.status),
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
    return Table(words("sheet_open_points"), columns, rows, kept_in_view=2)


def _trend(report: Report, words: SheetWords) -> Table:
    trend = report.trend
    like_for_like = trend.like_for_like
    partners = trend.partners or []
    columns = [
        Column(words("round")),
        Column(words("date"), Kind.DATE),
        Column(words("norm")),
        Column(words("handed_in"), Kind.COUNT),
        Column(words("total"), Kind.PERCENT),
        *([Column(words("like_for_like"), Kind.PERCENT)] if like_for_like is not None else []),
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
                _whole(trend.overall[index]),
                *([_whole(like_for_like[index])] if like_for_like is not None else []),
                *(_whole(p.percents[index]) for p in partners),
            ]
        )
    return Table(words("sheet_trend"), columns, rows, kept_in_view=1)


def _score(points: float | None, applicable: int | None, percent: int | None) -> float | None:
    """A score as its cell holds it: points / applicable, the fraction itself (2 of 3 is
    0.666…, not 0.6667), so that a formula or chart computes with what the report computed
    with; shown as `percent`, the whole percentage the other formats show. None where
    nothing counts (or the figure is withheld)."""
    if points is None or not applicable or percent is None:
        return None
    return _shown_as(points / applicable, percent)


def _whole(percent: int | None) -> float | None:
    """A whole percentage as a fraction (83 as 0.83): where the report's data holds no more
    exact figure. k/100 is never near a half, so every spreadsheet shows it as k%."""
    return None if percent is None else percent / 100


def _shown_as(value: float, percent: int) -> float:
    """`value` as the workbook can hold it and a spreadsheet's `0%` shows it: `percent`,
    the whole percentage the other formats show.

    The report rounds the exact fraction half away from zero: 57 of 200 (28.5%) is 29%.
    openpyxl writes a number with 16 significant digits, and the spreadsheet reads the
    double nearest those; LibreOffice then rounds that double times 100, and the double
    nearest 0.285 times 100 is 28.499999999999996, so 28%; Excel rounds its first 15
    digits, 0.285000000000000, so 29%. Any other fraction of a round's points lies far
    from a half, so only an exact half can disagree: it moves up, a double at a time,
    until what is written changes (0.2850000000000001), which both show as 29% and which
    no formula or chart can tell from 0.285.
    """
    candidate = value
    written = _as_written(value)
    for _ in range(_MAX_STEPS):
        shown = {
            _half_away(Decimal(written * 100)),  # LibreOffice
            _half_away(Decimal(f"{written:.15g}") * 100),  # Excel
        }
        if shown == {percent}:
            return written
        candidate = math.nextafter(candidate, math.inf if min(shown) < percent else -math.inf)
        written = _as_written(candidate)
    return percent / 100  # not reached for a fraction of a round's points (see the tests)


def _as_written(value: float) -> float:
    """The number a spreadsheet reads back for `value`: openpyxl writes it with 16
    significant digits (`%.16g`)."""
    return float(f"{value:.16g}")


def _half_away(number: Decimal) -> int:
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _sheet_name(word: str, taken: set[str]) -> str:
    """`word` as a sheet's name Excel accepts, unlike any in `taken` (which it joins): a
    repository's template may name a sheet anything."""
    name = _SHEET_NAME_FORBIDDEN.sub("-", _cell_text(word)).strip().strip("'").strip()
    name = name[:_SHEET_NAME_CHARS].rstrip("'") or "-"
    candidate, number = name, 1
    while candidate.casefold() in taken or candidate.casefold() == _SHEET_NAME_RESERVED:
        number += 1
        suffix = f" ({number})"
        candidate = name[: _SHEET_NAME_CHARS - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


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
    if column.kind is Kind.STATUS:
        # One column per partner: a long status word wraps rather than widen them all.
        return min(max(widest, len(column.header)), _HEADER_WIDTH_CAP) + 2
    # A header wraps, so a long one does not widen a column of short values much.
    header = min(len(column.header), _HEADER_WIDTH_CAP)
    return min(max(widest, header), _WIDTH_CAP) + 2


def _wrapped_lines(value: Value, width: float) -> int:
    """About how many lines `value` takes when it wraps in a column `width` characters
    wide: words go on a line while they fit, a word longer than a line takes several."""
    if not isinstance(value, str):
        return 1
    per_line = max(int(width) - 1, 1)  # a little less than the width: letters differ
    lines = 0
    for paragraph in _cell_text(value).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // per_line
            used = len(word) % per_line or per_line
    return lines


def _row_height(values: Sequence[Value], widths: Sequence[float], wraps: Sequence[bool]) -> float:
    """The height in points that shows every wrapped cell of a row whole. Set by the
    writer, because a spreadsheet does not always grow a row to fit when it opens a file
    (LibreOffice does not), and wrapped text would then run into the rows below."""
    lines = max(
        (_wrapped_lines(v, w) for v, w, wrap in zip(values, widths, wraps, strict=True) if wrap),
        default=1,
    )
    return min(lines * _LINE_HEIGHT, _MAX_ROW_HEIGHT)


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    bold = Font(bold=True)
    header_alignment = Alignment(wrap_text=True, vertical="bottom")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [
        _width(column, [row[number] for row in (*table.rows, *table.footer)])
        for number, column in enumerate(table.columns)
    ]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    headers = [column.header for column in table.columns]
    sheet.row_dimensions[1].height = _row_height(headers, widths, [True] * len(headers))
    for number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=number)
        _put(cell, column.header, Kind.TEXT)
        cell.font = bold
        cell.alignment = header_alignment
    wraps = [column.kind in _WRAPPED for column in table.columns]
    for row_number, row in enumerate(table.rows, start=2):
        height = _row_height(row, widths, wraps)
        if height > _LINE_HEIGHT:
            sheet.row_dimensions[row_number].height = height
        for number, (column, value) in enumerate(zip(table.columns, row, strict=True), 1):
            cell = sheet.cell(row=row_number, column=number)
            _put(cell, value, column.kind)
            cell.alignment = wrapped if column.kind in _WRAPPED else top
    first_footer = len(table.rows) + 3  # below one blank row
    for row_number, row in enumerate(table.footer, start=first_footer):
        for number, (column, value) in enumerate(zip(table.columns, row, strict=True), 1):
            cell = sheet.cell(row=row_number, column=number)
            _put(cell, value, column.kind)
            cell.font = bold
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
