"""The report as a spreadsheet: its figures are `score --format json`'s, numbers stay
numbers, percentages and dates are formatted as such, its words are the other formats'
words, and no text from the data becomes a formula or breaks the file.

tests/data/report (copied, as in test_report.py) has round r1 with four partners, Gemeente
C missing, and an earlier round r0. Its figures, worked out from the round files by hand:
Gemeente A 2 of 4 points (1/2), Gemeente B 2 of 3 (2/3), Provincie 1 of 2 (1/2),
Waterschap nothing applicable; in total 5 of 9 (5/9, 56%). Theme 1: 1.1 achieved by A and
B, not by the province, 1.2 partial at A: 2 of 4. Theme 2: 2.1 partial at A, achieved by
B and the province, 2.10 achieved by A, not assessed by B: 3 of 5. In r0 (2.1 not
assessed where left out) A had 1 of 4, B 0 of 4, C 2 of 4, the province 1 of 2: in total
4 of 14 (29%).
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm.commands.report import report
from flevonorm.render import TemplateProblem, render_report, shipped_templates
from flevonorm.report_data import Report
from flevonorm.scoring import whole_percent
from flevonorm.writers.xlsx import (
    MAX_CELL_CHARS,
    WORDS_TEMPLATE,
    Kind,
    SheetWords,
    report_as_xlsx,
    report_tables,
    sheet_words,
)

from .conftest import DATA, PROJECT, Cli, make_repo

SHEETS_NL = ["Per partner", "Per thema", "Ambities per partner", "Openstaande punten per partner",
             "Verloop"]  # fmt: skip
SHEETS_EN = ["Per partner", "Per theme", "Ambitions per partner", "Open points per partner",
             "Trend"]  # fmt: skip
PARTNERS, THEMES, MATRIX, OPEN_POINTS, TREND = SHEETS_NL
SHIPPED_LABELS = Path(__file__).parent.parent / "templates" / "_labels.j2"
SHIPPED_CATALOGUE = (
    Path(__file__).parent.parent / "templates" / "locale" / "nl" / "LC_MESSAGES" / "flevonorm.po"
)


@pytest.fixture
def report_root(tmp_path: Path) -> Path:
    root = tmp_path / "report"
    shutil.copytree(DATA / "report", root)
    return root


def build(root: Path) -> Report:
    outcome = report(root, None, Fraction(0))
    assert outcome.value is not None, outcome.problems
    return outcome.value


def open_workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(BytesIO(data))


def rows_by_first_cell(sheet: Any, column: int = 1) -> dict[Any, dict[str, Any]]:
    """Each row below the header as {header: cell}, keyed by the cell in `column`."""
    headers = [cell.value for cell in sheet[1]]
    found: dict[Any, dict[str, Any]] = {}
    for row in sheet.iter_rows(min_row=2):
        key = row[column - 1].value
        if key is not None:
            found[key] = dict(zip(headers, row, strict=True))
    return found


def score_json(cli: Cli, root: Path) -> dict[str, Any]:
    result = cli("score", "--format", "json", "--root", str(root))
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def assert_figures_equal_score_json(workbook: Any, scores: dict[str, Any], lang: str) -> None:
    partners_sheet, themes_sheet = workbook.worksheets[:2]
    total_word, all_word = (
        ("Totaal", "Alle partners") if lang == "nl" else ("Total", "All partners")
    )
    points, applicable = (
        ("Punten", "Ambities die gelden") if lang == "nl" else ("Points", "Applicable ambitions")
    )
    partners = rows_by_first_cell(partners_sheet)
    for partner in scores["partners"]:
        row = partners[partner["id"]]
        assert row[points].value == partner["points"], partner["id"]
        assert row[applicable].value == partner["applicable"], partner["id"]
        # The cell holds the fraction itself; score's JSON rounds it to 4 decimals.
        shown = row["Score"].value
        assert (None if shown is None else round(shown, 4)) == partner["score"], partner["id"]
    total = rows_by_first_cell(partners_sheet, column=2)[total_word]
    assert round(total["Score"].value, 4) == scores["overall"]["score"]
    assert total[points].value == scores["overall"]["points"]
    assert total[applicable].value == scores["overall"]["applicable"]
    themes = rows_by_first_cell(themes_sheet)
    for theme in scores["themes"]:
        shown = themes[theme["id"]][all_word].value
        assert (None if shown is None else round(shown, 4)) == theme["score"], theme["id"]


def test_figures_equal_score_json(cli: Cli, report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    scores = score_json(cli, report_root)
    assert_figures_equal_score_json(workbook, scores, "nl")
    # ...and are the figures worked out by hand (module docstring).
    partners = rows_by_first_cell(workbook[PARTNERS])
    assert [partners[p]["Score"].value for p in ("gem-a", "gem-b", "prov", "ws")] == [
        0.5,
        2 / 3,
        0.5,
        None,
    ]
    total = rows_by_first_cell(workbook[PARTNERS], column=2)["Totaal"]
    assert (total["Punten"].value, total["Ambities die gelden"].value) == (5, 9)
    assert total["Score"].value == 5 / 9


def test_figures_of_the_bundled_example_equal_score_json(cli: Cli) -> None:
    workbook = open_workbook(report_as_xlsx(build(PROJECT), lang="en"))
    assert_figures_equal_score_json(workbook, score_json(cli, PROJECT), "en")


def test_scores_are_the_fractions_shown_as_percentages(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    gem_b = rows_by_first_cell(workbook[PARTNERS])["gem-b"]
    # 2 of 3 as a spreadsheet holds it (0.6666666666666666), not 0.6667 or 67.
    assert (gem_b["Score"].value, gem_b["Score"].data_type) == (2 / 3, "n")
    assert gem_b["Score"].number_format == "0%"
    # Gemeente B went from 0% in r0 to 67%: a change of +67 points, shown with its sign.
    assert gem_b["Verschil (procentpunten)"].value == 67
    assert gem_b["Verschil (procentpunten)"].number_format == "+0;-0;0"
    assert gem_b["Niet van toepassing"].value == 1
    themes = rows_by_first_cell(workbook[THEMES])
    assert (themes["1"]["Alle partners"].value, themes["2"]["Alle partners"].value) == (0.5, 0.6)
    assert themes["1"]["Alle partners"].number_format == "0%"
    assert themes["3"]["Alle partners"].value is None  # nothing applicable
    # A partner's figure per theme: the report's data holds it as a whole percentage.
    assert themes["1"]["Gemeente B"].value == 1  # 100%
    assert themes["1"]["Gemeente B"].number_format == "0%"
    assert themes["2"]["Gemeente A"].value == 0.5  # 1 of 2


def with_partner_figures(base: Report, figures: dict[str, tuple[float, int]]) -> Report:
    """`base` with the named partners' points and applicable ambitions replaced, and their
    score and percentage worked out from those as the report does."""
    assert base.partners is not None
    rows = [
        row.model_copy(
            update={
                "points": figures[row.id][0],
                "applicable": figures[row.id][1],
                "score": round(figures[row.id][0] / figures[row.id][1], 4),
                "percent": whole_percent(Fraction(figures[row.id][0]) / figures[row.id][1]),
            }
        )
        if row.id in figures
        else row
        for row in base.partners
    ]
    return base.model_copy(update={"partners": rows})


# Fractions exactly halfway between two whole percentages, which the report rounds up
# (half away from zero): 33 of 40 is 82.5%, 57 of 200 28.5%, 1 of 8 12.5%.
HALVES = {"gem-a": (33.0, 40), "gem-b": (57.0, 200), "prov": (1.0, 8)}


def html_scores(page: str) -> dict[str, str]:
    """Each partner's score in the HTML report's partner table: name -> "83% (33 van 40)"."""
    table = page[page.index('<h2 id="partners">') :]
    table = table[: table.index("</table>")]
    scores = {}
    for name, row in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', table, re.S):
        score = re.search(r'<td class="num">([^<]*%[^<]*)</td>', row)
        if score is not None:  # none where nothing counts, or the partner has no file
            scores[html.unescape(name)] = html.unescape(score.group(1))
    return scores


def test_a_half_percent_is_what_the_html_report_shows(report_root: Path) -> None:
    halves = with_partner_figures(build(report_root), HALVES)
    page = render_report(halves.model_dump(mode="json"), "html", "nl", [shipped_templates()])
    shown = html_scores(page)
    assert shown["Gemeente A"] == "83% (33 van 40)"
    assert shown["Gemeente B"] == "29% (57 van 200)"
    assert shown["Provincie"] == "13% (1 van 8)"
    partners = rows_by_first_cell(open_workbook(report_as_xlsx(halves))[PARTNERS])
    # 0.825 and 0.125: the doubles nearest these fractions lie on or above the half, so
    # Excel and LibreOffice show 83% and 13% from the fraction itself.
    assert partners["gem-a"]["Score"].value == 33 / 40 == 0.825
    assert partners["prov"]["Score"].value == 0.125
    # The double nearest 0.285 lies below it (0.28499999999999998, which LibreOffice shows
    # as 28%): the cell holds it one up in the 16th digit, which every spreadsheet shows
    # as 29%.
    assert partners["gem-b"]["Score"].value == 0.2850000000000001
    assert all(partners[p]["Score"].number_format == "0%" for p in HALVES)


def excel_shows(value: float) -> int:
    """The whole percentage Excel shows for `value` under `0%`: its 15 significant digits,
    rounded half away from zero."""
    return int((Decimal(f"{value:.15g}") * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def libreoffice_shows(value: float) -> int:
    """The same for LibreOffice: the double `value * 100`, rounded half away from zero
    (test_libreoffice_shows_what_the_html_report_shows checks this against the program)."""
    return int(Decimal(value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def dutch_words() -> SheetWords:
    return sheet_words("nl")


def any_share(applicable: int, share: Fraction, halves: bool) -> tuple[Fraction, int]:
    """Points and applicable ambitions: points whole, or in halves (a partial weight of
    0.5), about `share` of the applicable ones."""
    step = Fraction(1, 2) if halves else Fraction(1)
    return min(round(share * applicable / step) * step, Fraction(applicable)), applicable


def half_percent(whole: int, times: int, halves: bool) -> tuple[Fraction, int]:
    """Points and applicable ambitions whose score is `whole`.5% exactly: (2·whole + 1) of
    200, `times` over; in points counted in halves, of 100."""
    if halves:
        return Fraction(2 * whole + 1, 2) * times, 100 * times
    return Fraction(2 * whole + 1) * times, 200 * times


SCORES = st.one_of(
    st.builds(
        any_share,
        st.integers(min_value=1, max_value=200_000),
        st.fractions(min_value=0, max_value=1, max_denominator=400),
        st.booleans(),
    ),
    st.builds(
        half_percent,
        st.integers(min_value=0, max_value=99),
        st.integers(min_value=1, max_value=1_000),
        st.booleans(),
    ),
)


@settings(max_examples=400, deadline=None)
@given(figures=SCORES)
def test_every_score_is_shown_as_the_report_rounds_it(
    plain_report: Report, dutch_words: SheetWords, figures: tuple[Fraction, int]
) -> None:
    points, applicable = figures
    changed = with_partner_figures(plain_report, {"gem-a": (float(points), applicable)})
    partners = report_tables(changed, dutch_words)[0]
    score_column = next(i for i, c in enumerate(partners.columns) if c.kind is Kind.PERCENT)
    value = partners.rows[0][score_column]
    assert isinstance(value, float)
    exact = points / applicable
    assert excel_shows(value) == libreoffice_shows(value) == whole_percent(exact)
    # The fraction to the 15 significant digits a spreadsheet keeps...
    assert abs(Fraction(value) - exact) <= exact * Fraction(1, 10**15)
    # ...and what openpyxl writes (16 significant digits) is what is read back.
    assert value == float(f"{value:.16g}")


def test_themes_end_with_the_total(report_root: Path) -> None:
    themes = open_workbook(report_as_xlsx(build(report_root)))[THEMES]
    total = rows_by_first_cell(themes, column=2)["Totaal"]
    assert (total["Punten"].value, total["Ambities die gelden"].value) == (5, 9)
    assert total["Alle partners"].value == 5 / 9
    assert total["Punten"].font.b
    # Outside the filter, below a blank row: sorting the themes leaves it in place.
    assert themes.auto_filter.ref == "A1:I4"
    assert total["Punten"].row == 6


def test_trend_rounds_with_dates_and_gaps(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    trend = rows_by_first_cell(workbook[TREND])
    assert list(trend) == ["Nulmeting", "Evaluatie | najaar"]
    first, latest = trend["Nulmeting"], trend["Evaluatie | najaar"]
    # r0 has five files (gem-a, gem-b, gem-c, prov, ws), r1 four.
    assert first["Zelfevaluaties"].value == 5
    assert latest["Zelfevaluaties"].value == 4
    assert first["Datum"].value == datetime(2022, 3, 1)
    assert first["Datum"].is_date
    # The trend in the report's data is whole percentages: 4 of 14 is 29%, held as 0.29.
    assert (first["Totaal"].value, first["Totaal"].number_format) == (0.29, "0%")
    assert latest["Totaal"].value == 0.56
    # Gemeente C handed in nothing in r1: an empty cell, not 0%.
    assert (first["Gemeente C"].value, first["Gemeente C"].number_format) == (0.5, "0%")
    assert latest["Gemeente C"].value is None
    assert (first["Gemeente A"].value, latest["Gemeente A"].value) == (0.25, 0.5)


def test_matrix_names_each_status_and_the_items_in_place(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    matrix = rows_by_first_cell(workbook[MATRIX], column=2)
    assert matrix["2.1"]["Gemeente A"].value == "deels behaald (1/2)"
    assert matrix["1.2"]["Gemeente B"].value == "niet van toepassing verklaard"
    assert matrix["1.1"]["Provincie"].value == "niet behaald"
    assert matrix["1.1"]["Waterschap"].value == "geldt volgens de norm niet voor deze partner"
    assert matrix["1.1"]["Gemeente C"].value == "geen zelfevaluatie ingeleverd"
    assert matrix["2.1"]["Thema"].value == "Twee"
    # A long status word wraps in its partner's column (18 characters and a margin) rather
    # than widen every one, and its row is as high as the three lines it takes there
    # ("geldt volgens de", "norm niet voor deze", "partner"), 15 points each: a
    # spreadsheet does not always grow a row to fit when it opens a file.
    sheet = workbook[MATRIX]
    assert sheet.column_dimensions["E"].width == 20
    assert matrix["1.1"]["Waterschap"].alignment.wrap_text
    assert sheet.row_dimensions[matrix["1.1"]["Waterschap"].row].height == 45
    assert sheet.row_dimensions[1].height == 15  # the partners' names fit on one line


def test_open_points_keep_notes_as_written(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    sheet = workbook[OPEN_POINTS]
    assert [cell.value for cell in sheet[1]] == [
        "Partner",
        "ID",
        "Ambitie",
        "Status",
        "Onderdelen op orde",
        "Onderdelen niet op orde",
        "Toelichting",
        "Volgende stap",
        "Rondes ongewijzigd",
        "Ongewijzigd sinds",
        "Tekst",
    ]
    first, second = sheet[2], sheet[3]
    assert [cell.value for cell in first[:4]] == [
        "Gemeente A",
        "1.2",
        "Alleen gemeenten",
        "deels behaald",
    ]
    assert first[6].value == (
        "Overleg | RIEC loopt;\nzie `notulen` en [link](http://example.org) "
        "<script>alert(1)</script> &lt;b&gt;"
    )
    assert first[7].value == "**Besluit** in Q1 | <img src=x>"
    # 2.1 of Gemeente A: item 2.1.1 in place, 2.1.2 ("Alleen gemeenten") not.
    assert second[4].value == "1/2"
    assert second[4].data_type == "s"  # a tally, not a date or a fraction
    assert second[5].value == "2.1.2 Alleen gemeenten"


@pytest.mark.parametrize(("lang", "names"), [("nl", SHEETS_NL), ("en", SHEETS_EN)])
def test_sheets_frozen_headers_bold_and_filtered(
    report_root: Path, lang: str, names: list[str]
) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root), lang=lang))
    assert workbook.sheetnames == names
    # Each sheet keeps its header row in view, and the columns that name a row.
    assert [sheet.freeze_panes for sheet in workbook] == ["C2", "C2", "D2", "C2", "B2"]
    for sheet in workbook:
        assert all(cell.font.b for cell in sheet[1]), sheet.title
    # The filter covers the partners, Gemeente C included, not the total below them.
    assert workbook.worksheets[0].auto_filter.ref == "A1:O6"


def test_partner_change_names_the_ambitions_gained(report_root: Path) -> None:
    # Gemeente A in r0: 1.1 achieved, 1.2 and 2.10 not; in r1 2.10 is achieved too.
    partners = rows_by_first_cell(open_workbook(report_as_xlsx(build(report_root)))[PARTNERS])
    assert partners["gem-a"]["Nu behaald"].value == "2.10"
    assert partners["gem-a"]["Niet meer behaald"].value is None
    assert partners["gem-c"]["Opmerking"].value == "geen zelfevaluatie ingeleverd"
    assert partners["gem-c"]["Score"].value is None


def test_english_words(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root), lang="en"))
    partners = rows_by_first_cell(workbook["Per partner"])
    assert partners["gem-a"]["Kind"].value == "municipality"
    assert partners["gem-c"]["Remark"].value == "no self-assessment handed in"
    assert [c.value for c in workbook["Per partner"][1]][3:8] == [
        "Achieved", "Partially achieved", "Not achieved", "Not applicable", "Not assessed",
    ]  # fmt: skip
    matrix = rows_by_first_cell(workbook["Ambitions per partner"], column=2)
    assert matrix["1.1"]["Waterschap"].value == "does not apply to this partner under the norm"


def test_unknown_language_is_refused(report_root: Path) -> None:
    with pytest.raises(ValueError, match="'fy'"):
        report_as_xlsx(build(report_root), lang="fy")


def html_words(page: str) -> dict[str, Any]:
    """The status and kind words of the HTML report, where it shows them."""

    def section(start: str, end: str = "</table>") -> str:
        rest = page[page.index(start) :]
        return rest[: rest.index(end)]

    partners = section('<h2 id="partners">', "</tbody>")  # the rows, not the total
    heads = re.findall(r'<th scope="col" class="num">([^<]*)</th>', partners)[:5]
    kinds = dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td>', partners))
    matrix = section('<table class="matrix">')
    columns = re.findall(r'<th scope="col" class="v"><span>([^<]*)</span>', matrix)
    cells = {}
    for ambition, row in re.findall(r'<th scope="row" title="[^"]*">(\S+) .*?</th>(.*?)</tr>',
                                    matrix, re.S):  # fmt: skip
        words = re.findall(r'<span class="sr"> ([^<]*)</span>', row)
        cells.update({(ambition, name): word for name, word in zip(columns, words, strict=True)})
    open_points = {}
    for block in section('<h2 id="open">', "</section>").split("<h3>")[1:]:
        name = block[: block.index("</h3>")]
        # "<li><strong>1.2 Alleen gemeenten</strong> — deels behaald. Overleg ..."
        point = r"<li><strong>(\S+) [^<]*</strong> — ([^.;(<]+?)(?:\.|;| \()"
        for ambition, status in re.findall(point, block):
            open_points[(name, ambition)] = status
    unescape = html.unescape
    return {
        "heads": [unescape(h) for h in heads],
        "kinds": {unescape(k): unescape(v) for k, v in kinds.items()},
        "cells": {(a, unescape(n)): unescape(w) for (a, n), w in cells.items()},
        "open": {(unescape(n), a): unescape(s) for (n, a), s in open_points.items()},
    }


def xlsx_words(workbook: Any) -> dict[str, Any]:
    """The same words, where the workbook shows them."""
    names = SHEETS_NL if workbook.sheetnames[1] == SHEETS_NL[1] else workbook.sheetnames
    partners, _, matrix, open_points, _ = (workbook[name] for name in names)
    heads = [cell.value for cell in partners[1]][3:8]
    kinds = {row[1].value: row[2].value for row in partners.iter_rows(min_row=2) if row[0].value}
    columns = [cell.value for cell in matrix[1]]
    cells = {
        (row[1].value, columns[index]): re.sub(r" \(\d+/\d+\)$", "", row[index].value)
        for row in matrix.iter_rows(min_row=2)
        for index in range(3, len(columns))
    }
    points = {
        (row[0].value, row[1].value): row[3].value for row in open_points.iter_rows(min_row=2)
    }
    return {"heads": heads, "kinds": kinds, "cells": cells, "open": points}


def test_status_and_kind_words_are_the_html_reports(report_root: Path) -> None:
    data = build(report_root)
    page = render_report(data.model_dump(mode="json"), "html", "nl", [shipped_templates()])
    in_html, in_xlsx = html_words(page), xlsx_words(open_workbook(report_as_xlsx(data)))
    assert in_xlsx == in_html
    # The comparison covers every status and kind this round shows.
    assert in_html["heads"] == [
        "Behaald", "Deels behaald", "Niet behaald", "Niet van toepassing", "Niet beoordeeld",
    ]  # fmt: skip
    assert set(in_html["kinds"].values()) == {"gemeente", "provincie", "waterschap"}
    assert set(in_html["cells"].values()) == {
        "behaald", "deels behaald", "niet behaald", "niet van toepassing verklaard",
        "niet beoordeeld", "geldt volgens de norm niet voor deze partner",
        "geen zelfevaluatie ingeleverd",
    }  # fmt: skip
    assert set(in_html["open"].values()) == {"deels behaald", "niet behaald", "niet beoordeeld"}
    # A partner without a file is said to be so in the words of the HTML's matrix.
    partners = rows_by_first_cell(open_workbook(report_as_xlsx(data))[PARTNERS])
    assert partners["gem-c"]["Opmerking"].value == in_html["cells"][("1.1", "Gemeente C")]


def own_words(root: Path) -> Path:
    """A repository `templates/` folder that changes words in each place a report takes
    them from: its catalogue ("achieved" is "op orde", "Points" "Ambitiepunten", the
    section "Per theme" "Themaoverzicht") and its `_labels.j2` (a water board is a
    "Waterbeheerder")."""
    folder = root / "templates"
    catalogue = folder / "locale" / "nl" / "LC_MESSAGES" / "flevonorm.po"
    catalogue.parent.mkdir(parents=True)
    text = SHIPPED_CATALOGUE.read_text(encoding="utf-8")
    for msgid, before, after in [
        ("achieved", "behaald", "op orde"),
        ("Points", "Punten", "Ambitiepunten"),
        ("Per theme", "Per thema", "Themaoverzicht"),
    ]:
        old = f'msgid "{msgid}"\nmsgstr "{before}"\n'
        assert text.count(old) == 1, msgid
        text = text.replace(old, f'msgid "{msgid}"\nmsgstr "{after}"\n')
    catalogue.write_text(text, encoding="utf-8")
    labels = SHIPPED_LABELS.read_text(encoding="utf-8")
    assert labels.count('{{ _("water board") }}') == 1
    (folder / "_labels.j2").write_text(
        labels.replace('{{ _("water board") }}', "Waterbeheerder"), encoding="utf-8"
    )
    return folder


def test_a_repositorys_own_words_reach_the_workbook_as_they_reach_the_html(
    report_root: Path,
) -> None:
    search_path = [own_words(report_root), shipped_templates()]
    data = build(report_root)
    page = render_report(
        data.model_dump(mode="json"), "html", "nl", search_path, display_root=report_root
    )
    workbook = open_workbook(report_as_xlsx(data, "nl", search_path, display_root=report_root))
    in_html, in_xlsx = html_words(page), xlsx_words(workbook)
    assert in_xlsx == in_html
    assert in_html["cells"][("1.1", "Gemeente A")] == "op orde"
    assert in_html["kinds"]["Waterschap"] == "Waterbeheerder"
    assert '<h2 id="themes">Themaoverzicht</h2>' in page
    assert workbook.sheetnames[1] == "Themaoverzicht"
    assert "Ambitiepunten" in [cell.value for cell in workbook[PARTNERS][1]]


def test_the_command_takes_the_words_of_the_repository_it_reports_on(
    cli: Cli, report_root: Path, tmp_path: Path
) -> None:
    own_words(report_root)
    out = tmp_path / "report.xlsx"
    result = cli(
        "report", "r1", "--format", "xlsx", "--lang", "nl", "-o", str(out),
        "--root", str(report_root),
    )  # fmt: skip
    assert result.code == 0, result.err
    workbook = open_workbook(out.read_bytes())
    assert workbook.sheetnames[1] == "Themaoverzicht"
    assert "Ambitiepunten" in [cell.value for cell in workbook[PARTNERS][1]]


def test_a_repository_words_template_without_a_word_is_a_problem_at_that_file(
    report_root: Path,
) -> None:
    folder = report_root / "templates"
    folder.mkdir()
    (folder / WORDS_TEMPLATE).write_text('{{ {"words": {"id": "ID"}}|tojson }}\n')
    with pytest.raises(TemplateProblem) as raised:
        report_as_xlsx(build(report_root), "nl", [folder, shipped_templates()],
                       display_root=report_root)  # fmt: skip
    assert [str(p) for p in raised.value.problems] == [
        "templates/report.xlsx.j2:1:1: error: the template gives no word for all_partners, "
        "ambition, applicable, change, date, gained, group, handed_in, kind, like_for_like, "
        "lost, next_step, no_file, norm, note, partner, parts_in_place, parts_missing, points, "
        "remark, round, rounds_unchanged, score, sheet_matrix, sheet_open_points, "
        "sheet_partners, sheet_themes, sheet_trend, status, text, theme, total, "
        "unchanged_since, withheld"
    ]


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        (
            "geen JSON\n",
            "templates/report.xlsx.j2:1:1: error: the template must give one JSON object: "
            '{"words": {key: word, ...}, "statuses", "status_heads" and "kinds": '
            "[[code, word], ...]}; its output is not JSON (Expecting value)",
        ),
        (
            "{{ 'ok'\n}}\n{{ nope( }}\n",
            "templates/report.xlsx.j2:3:1: error: template syntax error: "
            "unexpected '}', expected ')'",
        ),
    ],
)
def test_a_broken_repository_words_template_is_a_located_problem(
    report_root: Path, template: str, problem: str
) -> None:
    folder = report_root / "templates"
    folder.mkdir()
    (folder / WORDS_TEMPLATE).write_text(template)
    with pytest.raises(TemplateProblem) as raised:
        report_as_xlsx(build(report_root), "nl", [folder, shipped_templates()],
                       display_root=report_root)  # fmt: skip
    assert [str(p) for p in raised.value.problems] == [problem]


def test_sheet_names_from_a_repository_are_made_ones_excel_accepts(report_root: Path) -> None:
    folder = report_root / "templates"
    folder.mkdir()
    shipped = (shipped_templates() / WORDS_TEMPLATE).read_text(encoding="utf-8")
    for old, new in [
        ('_("Per partner")', '"Partners: [A/B]"'),
        ('_("Per theme")', '"History"'),
        ('_("Ambitions per partner")', "\"'x'\""),
        ('_("Open points per partner")', '"partners- -a-b-"'),
        ('_("Trend")', '"' + "Verloop" * 6 + '"'),
    ]:
        assert shipped.count(old) == 1, old
        shipped = shipped.replace(old, new)
    (folder / WORDS_TEMPLATE).write_text(shipped, encoding="utf-8")
    data = report_as_xlsx(build(report_root), "nl", [folder, shipped_templates()])
    assert open_workbook(data).sheetnames == [
        "Partners- -A-B-",  # no : [ / ]
        "History (2)",  # Excel keeps "History" for itself
        "x",  # no apostrophe at either end
        "partners- -a-b- (2)",  # a name differs from the others in more than case
        "VerloopVerloopVerloopVerloopVer",  # 31 characters at most
    ]


def public_edition(internal: Report) -> Report:
    """`internal` with every section about single partners left out, as the public
    edition's data has them (report_data.Report: null)."""
    return internal.model_copy(
        update={
            "audience": "public",
            "partners": None,
            "missing": None,
            "matrix": None,
            "weakest_links": None,
            "shared_gaps": None,
            "open_points": None,
            "themes": [t.model_copy(update={"partners": None}) for t in internal.themes],
            "trend": internal.trend.model_copy(update={"partners": None}),
        }
    )


def test_public_edition_has_no_partner_in_it(report_root: Path) -> None:
    internal = build(report_root)
    data = report_as_xlsx(public_edition(internal))
    workbook = open_workbook(data)
    assert workbook.sheetnames == [THEMES, TREND]
    shown = [
        str(cell.value)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    named = [(p.id, p.name) for p in internal.partners or []]
    named += [(m.id, m.name) for m in internal.missing or []]
    assert len(named) == 5
    for partner_id, name in named:
        assert not any(name in text or partner_id == text for text in shown), name
    assert [c.value for c in workbook[TREND][1]] == [
        "Ronde",
        "Datum",
        "Norm",
        "Zelfevaluaties",
        "Totaal",
    ]
    total = rows_by_first_cell(workbook[THEMES], column=2)["Totaal"]
    assert total["Alle partners"].value == 5 / 9


def test_withheld_theme_figure_is_left_empty_and_said_why(report_root: Path) -> None:
    public = public_edition(build(report_root))
    withheld = public.themes[1].model_copy(
        update={"withheld": True, "points": None, "applicable": None, "score": None,
                "percent": None}
    )  # fmt: skip
    public = public.model_copy(update={"themes": [public.themes[0], withheld, *public.themes[2:]]})
    themes = rows_by_first_cell(open_workbook(report_as_xlsx(public))[THEMES])
    assert themes["2"]["Alle partners"].value is None
    # The HTML's own footnote under its theme table.
    assert themes["2"]["Opmerking"].value == (
        "Niet getoond: een thema waarvan het cijfer minder dan twee partners zou beslaan, of "
        "waarmee uit het totaal en de andere thema’s het cijfer van één partner te herleiden "
        "zou zijn."
    )
    assert themes["1"]["Opmerking"].value is None


HOSTILE = '=HYPERLINK("http://example.org/x","Klik hier")'


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    partners = (DATA / "report" / "partners.yaml").read_text(encoding="utf-8")
    hostile_yaml = HOSTILE.replace('"', '\\"')
    root = make_repo(
        tmp_path,
        {"partners.yaml": partners.replace("name: Gemeente A", f'name: "{hostile_yaml}"')},
        base="report",
    )
    data = report_as_xlsx(build(root))
    workbook = open_workbook(data)
    name = rows_by_first_cell(workbook[PARTNERS])["gem-a"]["Partner"]
    assert (name.value, name.data_type) == (HOSTILE, "s")
    header = next(c for c in workbook[MATRIX][1] if c.value == HOSTILE)
    assert header.data_type == "s"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def with_note(base: Report, note: str, name: str = "Gemeente A") -> Report:
    """`base` with the first open point's note and its partner's name replaced."""
    assert base.open_points is not None
    first = base.open_points[0]
    point = first.points[0].model_copy(update={"note": note})
    partner = first.model_copy(update={"name": name, "points": [point, *first.points[1:]]})
    return base.model_copy(update={"open_points": [partner, *base.open_points[1:]]})


def test_control_characters_are_escaped_not_fatal(report_root: Path) -> None:
    hostile = with_note(build(report_root), "a\x00b\x1b[31mc\rd\ufffe\u202ee", name="\x07Bel")
    sheet = open_workbook(report_as_xlsx(hostile))[OPEN_POINTS]
    assert sheet["A2"].value == "\\x07Bel"
    assert sheet["G2"].value == "a\\x00b\\x1b[31mc\\rd\\ufffe\\u202ee"


def test_text_that_looks_like_an_ooxml_escape_is_shown_as_typed(report_root: Path) -> None:
    # A spreadsheet would show `_x0041_` as "A"; `_x005F_` is its escape for "_".
    sheet = open_workbook(report_as_xlsx(with_note(build(report_root), "code_x0041_z")))
    assert sheet[OPEN_POINTS]["G2"].value == "code_x005F_x0041_z"


def test_overlong_note_is_cut_to_what_excel_accepts(report_root: Path) -> None:
    sheet = open_workbook(report_as_xlsx(with_note(build(report_root), "a" * 40_000)))
    value = sheet[OPEN_POINTS]["G2"].value
    assert len(value) == MAX_CELL_CHARS == 32_767
    assert value.endswith("a…")


def as_a_spreadsheet_shows(text: str) -> str:
    """Cell text as Excel shows it: `_xHHHH_` is the character U+HHHH (ECMA-376)."""
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


# Text without control or format characters (those are escaped, tested above).
PLAIN_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
    )
    | st.sampled_from("\n\t=+-@_x0041"),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def plain_report() -> Report:
    return build(DATA / "report")


@settings(max_examples=40, deadline=None)
@given(note=PLAIN_TEXT)
def test_any_plain_note_is_shown_as_written(plain_report: Report, note: str) -> None:
    cell = open_workbook(report_as_xlsx(with_note(plain_report, note)))[OPEN_POINTS]["G2"]
    assert cell.data_type == "s"
    assert as_a_spreadsheet_shows(cell.value) == note


def test_same_report_same_bytes(report_root: Path) -> None:
    data = build(report_root)
    first = report_as_xlsx(data)
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    # The workbook is dated with the round (r1, 2022-11-15), not the clock.
    assert "<dcterms:created" in core and "2022-11-15T00:00:00Z" in core
    assert "<dcterms:modified" in core and core.count("2022-11-15T00:00:00Z") == 2
    assert report_as_xlsx(data) == first


def test_importing_the_writer_does_not_load_openpyxl() -> None:
    probe = "import sys, flevonorm.writers.xlsx; print('openpyxl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def libreoffice_csv(workbook: bytes, folder: Path) -> dict[str, list[list[str]]]:
    """Each sheet of `workbook` as LibreOffice shows its cells (formatted, as on screen)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    source = folder / "rapport.xlsx"
    source.write_bytes(workbook)
    # UTF-8, first line as is, cells "as shown", every sheet to a file of its own.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", csv_filter, "--outdir", str(folder / "csv"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheets = {}
    for path in (folder / "csv").glob("rapport-*.csv"):
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[path.stem.removeprefix("rapport-")] = list(csv.reader(stream))
    return sheets


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)
def test_libreoffice_shows_what_the_html_report_shows(report_root: Path, tmp_path: Path) -> None:
    halves = with_partner_figures(build(report_root), HALVES)
    page = render_report(halves.model_dump(mode="json"), "html", "nl", [shipped_templates()])
    shown = libreoffice_csv(report_as_xlsx(halves), tmp_path)
    partners = shown[PARTNERS]
    score = partners[0].index("Score")
    in_sheet = {row[1]: row[score] for row in partners[1:] if row[score]}
    in_html = {name: text.split(" ")[0] for name, text in html_scores(page).items()}
    assert in_sheet == in_html == {
        "Gemeente A": "83%", "Gemeente B": "29%", "Provincie": "13%", "Totaal": "56%",
    }  # fmt: skip
    trend = shown[TREND]
    assert [row[trend[0].index("Totaal")] for row in trend[1:]] == ["29%", "56%"]
    assert [row[trend[0].index("Gemeente C")] for row in trend[1:]] == ["50%", ""]
