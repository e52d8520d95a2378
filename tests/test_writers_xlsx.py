"""The report as a spreadsheet: its figures are `score --format json`'s, numbers stay
numbers, percentages and dates are formatted as such, and no text from the data becomes a
formula or breaks the file.

tests/data/report (copied, as in test_report.py) has round r1 with four partners, Gemeente
C missing, and an earlier round r0. Its figures, worked out from the round files by hand:
Gemeente A 2 of 4 points (0.5), Gemeente B 2 of 3 (0.6667), Provincie 1 of 2 (0.5),
Waterschap nothing applicable; in total 5 of 9 (0.5556). In r0 the total was 29%.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm.commands.report import report
from flevonorm.report_data import Report
from flevonorm.writers.xlsx import MAX_CELL_CHARS, report_as_xlsx

from .conftest import DATA, PROJECT, Cli, make_repo

SHEETS_NL = ["Partners", "Thema's", "Matrix", "Open punten", "Verloop"]
SHEETS_EN = ["Partners", "Themes", "Matrix", "Open points", "Trend"]


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
        assert row["Score"].value == partner["score"], partner["id"]
        assert row[points].value == partner["points"], partner["id"]
        assert row[applicable].value == partner["applicable"], partner["id"]
    total = rows_by_first_cell(partners_sheet, column=2)[total_word]
    assert total["Score"].value == scores["overall"]["score"]
    assert total[points].value == scores["overall"]["points"]
    assert total[applicable].value == scores["overall"]["applicable"]
    themes = rows_by_first_cell(themes_sheet)
    for theme in scores["themes"]:
        assert themes[theme["id"]][all_word].value == theme["score"], theme["id"]


def test_figures_equal_score_json(cli: Cli, report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    scores = score_json(cli, report_root)
    assert_figures_equal_score_json(workbook, scores, "nl")
    # ...and are the figures worked out by hand (module docstring).
    partners = rows_by_first_cell(workbook["Partners"])
    assert [partners[p]["Score"].value for p in ("gem-a", "gem-b", "prov", "ws")] == [
        0.5,
        0.6667,
        0.5,
        None,
    ]
    total = rows_by_first_cell(workbook["Partners"], column=2)["Totaal"]
    assert (total["Punten"].value, total["Ambities die gelden"].value) == (5, 9)
    assert total["Score"].value == 0.5556


def test_figures_of_the_bundled_example_equal_score_json(cli: Cli) -> None:
    workbook = open_workbook(report_as_xlsx(build(PROJECT), lang="en"))
    assert_figures_equal_score_json(workbook, score_json(cli, PROJECT), "en")


def test_scores_are_numbers_shown_as_percentages(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    gem_b = rows_by_first_cell(workbook["Partners"])["gem-b"]
    assert gem_b["Score"].data_type == "n"
    assert gem_b["Score"].number_format == "0%"
    # Gemeente B went from 0% in r0 to 67%: a change of +67 points, shown with its sign.
    assert gem_b["Verschil (procentpunten)"].value == 67
    assert gem_b["Verschil (procentpunten)"].number_format == "+0;-0;0"
    assert gem_b["niet van toepassing"].value == 1
    theme_one = rows_by_first_cell(workbook["Thema's"])["1"]
    assert theme_one["Gemeente B"].value == 1  # 100%
    assert theme_one["Gemeente B"].number_format == "0%"


def test_partner_change_names_the_ambitions_gained(report_root: Path) -> None:
    # Gemeente A in r0: 1.1 achieved, 1.2 and 2.10 not; in r1 2.10 is achieved too.
    partners = rows_by_first_cell(open_workbook(report_as_xlsx(build(report_root)))["Partners"])
    assert partners["gem-a"]["Nieuw behaald"].value == "2.10"
    assert partners["gem-a"]["Niet meer behaald"].value is None
    assert partners["gem-c"]["Opmerking"].value == "geen zelfevaluatie (ontbreekt)"
    assert partners["gem-c"]["Score"].value is None


def test_themes_end_with_the_total(report_root: Path) -> None:
    themes = open_workbook(report_as_xlsx(build(report_root)))["Thema's"]
    total = rows_by_first_cell(themes, column=2)["Totaal"]
    assert (total["Punten"].value, total["Ambities die gelden"].value) == (5, 9)
    assert total["Alle partners"].value == 0.5556
    assert total["Punten"].font.b
    # Outside the filter, below a blank row: sorting the themes leaves it in place.
    assert themes.auto_filter.ref == "A1:I4"
    assert total["Punten"].row == 6


def test_trend_rounds_with_dates_and_gaps(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    trend = rows_by_first_cell(workbook["Verloop"])
    assert list(trend) == ["Nulmeting", "Evaluatie | najaar"]
    first, latest = trend["Nulmeting"], trend["Evaluatie | najaar"]
    # r0 has five files (gem-a, gem-b, gem-c, prov, ws), r1 four.
    assert first["Ingeleverde zelfevaluaties"].value == 5
    assert latest["Ingeleverde zelfevaluaties"].value == 4
    assert first["Datum"].value == datetime(2022, 3, 1)
    assert first["Datum"].is_date
    assert (first["Totaal"].value, first["Totaal"].number_format) == (0.29, "0%")
    assert latest["Totaal"].value == 0.56
    # Gemeente C handed in nothing in r1: an empty cell, not 0%.
    assert first["Gemeente C"].value == 0.5
    assert latest["Gemeente C"].value is None


def test_matrix_names_each_status_and_the_items_in_place(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    matrix = rows_by_first_cell(workbook["Matrix"], column=2)
    assert matrix["2.1"]["Gemeente A"].value == "deels behaald (1/2)"
    assert matrix["1.2"]["Gemeente B"].value == "niet van toepassing"
    assert matrix["1.1"]["Provincie"].value == "niet behaald"
    assert matrix["1.1"]["Waterschap"].value == "geldt niet (norm)"
    assert matrix["1.1"]["Gemeente C"].value == "ontbreekt"
    assert matrix["2.1"]["Thema"].value == "Twee"


def test_open_points_keep_notes_as_written(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root)))
    sheet = workbook["Open punten"]
    assert [cell.value for cell in sheet[1]] == [
        "Partner",
        "ID",
        "Ambitie",
        "Status",
        "Onderdelen op orde",
        "Ontbrekende onderdelen",
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


def test_english_words(report_root: Path) -> None:
    workbook = open_workbook(report_as_xlsx(build(report_root), lang="en"))
    partners = rows_by_first_cell(workbook["Partners"])
    assert partners["gem-a"]["Kind"].value == "municipality"
    assert partners["gem-c"]["Remark"].value == "no file (missing)"
    assert rows_by_first_cell(workbook["Matrix"], column=2)["1.1"]["Waterschap"].value == (
        "does not apply (norm)"
    )


def test_unknown_language_is_refused(report_root: Path) -> None:
    with pytest.raises(ValueError, match="'fy'"):
        report_as_xlsx(build(report_root), lang="fy")


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
    assert workbook.sheetnames == ["Thema's", "Verloop"]
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
    assert [c.value for c in workbook["Verloop"][1]] == [
        "Ronde",
        "Datum",
        "Norm",
        "Ingeleverde zelfevaluaties",
        "Totaal",
    ]
    total = rows_by_first_cell(workbook["Thema's"], column=2)["Totaal"]
    assert total["Alle partners"].value == 0.5556


def test_withheld_theme_figure_is_left_empty_and_said_why(report_root: Path) -> None:
    public = public_edition(build(report_root))
    withheld = public.themes[1].model_copy(
        update={"withheld": True, "points": None, "applicable": None, "score": None}
    )
    public = public.model_copy(update={"themes": [public.themes[0], withheld, *public.themes[2:]]})
    themes = rows_by_first_cell(open_workbook(report_as_xlsx(public))["Thema's"])
    assert themes["2"]["Alle partners"].value is None
    assert themes["2"]["Opmerking"].value == (
        "niet gepubliceerd: het zou het cijfer van één partner prijsgeven"
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
    name = rows_by_first_cell(workbook["Partners"])["gem-a"]["Partner"]
    assert (name.value, name.data_type) == (HOSTILE, "s")
    header = next(c for c in workbook["Matrix"][1] if c.value == HOSTILE)
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
    sheet = open_workbook(report_as_xlsx(hostile))["Open punten"]
    assert sheet["A2"].value == "\\x07Bel"
    assert sheet["G2"].value == "a\\x00b\\x1b[31mc\\rd\\ufffe\\u202ee"


def test_text_that_looks_like_an_ooxml_escape_is_shown_as_typed(report_root: Path) -> None:
    # A spreadsheet would show `_x0041_` as "A"; `_x005F_` is its escape for "_".
    sheet = open_workbook(report_as_xlsx(with_note(build(report_root), "code_x0041_z")))
    assert sheet["Open punten"]["G2"].value == "code_x005F_x0041_z"


def test_overlong_note_is_cut_to_what_excel_accepts(report_root: Path) -> None:
    sheet = open_workbook(report_as_xlsx(with_note(build(report_root), "a" * 40_000)))
    value = sheet["Open punten"]["G2"].value
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
    cell = open_workbook(report_as_xlsx(with_note(plain_report, note)))["Open punten"]["G2"]
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
