"""The evaluation report: golden files, safe Markdown and HTML, languages, overrides.

tests/data/report is the scoring tree plus an earlier round r0 and a note full of
Markdown and HTML. It is copied to a temporary folder so that its provenance reads
"not in git" and the golden files do not change with every commit.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from .conftest import DATA, Cli

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def report_root(tmp_path: Path) -> Path:
    root = tmp_path / "report"
    shutil.copytree(DATA / "report", root)
    return root


def render(cli: Cli, root: Path, *args: str) -> str:
    result = cli("report", "r1", "--root", str(root), *args)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize(
    ("name", "args"),
    [("report.nl.md", ["--format", "md"]), ("report.en.md", ["--format", "md", "--lang", "en"]),
     ("report.nl.html", ["--format", "html"])],
)  # fmt: skip
def test_golden(
    cli: Cli, report_root: Path, update_golden: bool, name: str, args: list[str]
) -> None:
    """Regenerate with `pytest --update-golden`, then read the diff before committing."""
    text = render(cli, report_root, *args)
    golden = GOLDEN / name
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_key_message_in_dutch_with_change_in_points(cli: Cli, report_root: Path) -> None:
    text = render(cli, report_root)
    assert "**De ambitiepunten zijn voor 56% behaald (5 van 9).**" in text
    # r0: 4 of 14 points = 28.6% -> 29%; r1: 5 of 9 -> 56%; the change is 56 - 29.
    assert "Dat is +27 procentpunt ten opzichte van Nulmeting (1 maart 2022)." in text


def test_english_report(cli: Cli, report_root: Path) -> None:
    text = render(cli, report_root, "--lang", "en")
    assert "**The ambition points are 56% achieved (5 of 9).**" in text
    assert "behaald" not in text


def test_example_banner_is_the_first_line(cli: Cli, report_root: Path) -> None:
    assert render(cli, report_root).startswith("> **Illustratieve gegevens.**")


def test_markdown_tables_keep_their_shape(cli: Cli, report_root: Path) -> None:
    """A note with |, newlines and HTML must not add or drop a cell in any table."""
    table_file = report_root / "rounds" / "r1" / "gem-b.yaml"
    table_file.write_text(
        'partner: gem-b\nambitions:\n  "1.1": achieved\n  "1.2":\n    status: nvt\n'
        '    note: "a | b\\n| c |"\n',
        encoding="utf-8",
    )
    (report_root / "partners.yaml").write_text(
        (report_root / "partners.yaml").read_text().replace("Gemeente B", "Gemeente | B\\n<b>"),
        encoding="utf-8",
    )
    text = render(cli, report_root)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, header_cells, row_cells = 0, 0, 0
    for token in tokens:
        if token.type == "table_open":
            tables += 1
        elif token.type == "tr_open":
            row_cells = 0
        elif token.type in ("th_open", "td_open"):
            row_cells += 1
        elif token.type == "tr_close":
            if header_cells == 0:
                header_cells = row_cells
            assert row_cells == header_cells
        elif token.type == "table_close":
            header_cells = 0
    assert tables == 4  # partners, themes, matrix, trend
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "<b>" not in html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_accessible_and_escaped(cli: Cli, report_root: Path) -> None:
    html = render(cli, report_root, "--format", "html")
    page = _Collector()
    page.feed(html)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    for _, attrs in page.tags:
        for key in ("src", "href"):
            assert key not in attrs, attrs
    assert "http://" not in html.replace("http://example.org", "")  # only the escaped note
    assert page.tags[0] == ("html", {"lang": "nl"})
    assert names.count("caption") == names.count("table") == 4
    assert all(attrs.get("scope") for tag, attrs in page.tags if tag == "th")
    svg = next(attrs for tag, attrs in page.tags if tag == "svg")
    assert svg["role"] == "img"
    assert "title" in names
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "@media print" in html


def test_templates_option_overrides_one_file(cli: Cli, report_root: Path, tmp_path: Path) -> None:
    override = tmp_path / "mine"
    override.mkdir()
    shipped = Path(__file__).parent.parent / "templates" / "_labels.j2"
    (override / "_labels.j2").write_text(
        shipped.read_text(encoding="utf-8").replace("%}✔", "%}JA"), encoding="utf-8"
    )
    text = render(cli, report_root, "--templates", str(override))
    assert "| 1.1 | JA | JA | ✘ |" in text
    assert "## Zwakste schakels" in text  # the rest still comes from the shipped templates


def test_repository_templates_folder_overrides_the_shipped_one(cli: Cli, report_root: Path) -> None:
    (report_root / "templates").mkdir()
    (report_root / "templates" / "report.md.j2").write_text(
        "Eigen rapport: {{ report.overall.percent|pct }}\n", encoding="utf-8"
    )
    assert render(cli, report_root) == "Eigen rapport: 56%\n"


def test_json_is_the_data_behind_the_report(cli: Cli, report_root: Path) -> None:
    data = json.loads(render(cli, report_root, "--format", "json"))
    assert data["overall"] | {"delta": data["overall"]["delta"]} == {
        "points": 5.0, "applicable": 9, "score": 0.5556, "percent": 56, "delta": 27,
        "partners": 4,
    }  # fmt: skip
    assert data["missing"] == [{"id": "gem-c", "name": "Gemeente C", "kind": "municipality"}]
    assert [w["id"] for w in data["weakest_links"]] == ["1.1", "2.1"]
    assert data["provenance"] == {"in_git": False, "commit": None, "dirty": False, "unknown": None}
    assert [r["id"] for r in data["trend"]["rounds"]] == ["r0", "r1"]


def test_output_file_is_written_whole(cli: Cli, report_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "rapport.md"
    target.parent.mkdir()
    result = cli("report", "r1", "--root", str(report_root), "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text(encoding="utf-8").startswith("> **Illustratieve gegevens.**")
    assert [p.name for p in target.parent.iterdir()] == ["rapport.md"]


def test_invalid_data_leaves_an_existing_report_untouched(
    cli: Cli, report_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / "rapport.html"
    target.write_text("the previous report", encoding="utf-8")
    (report_root / "rounds" / "r0" / "prov.yaml").write_text(
        "partner: prov\nambitions:\n  '1.1': klaar\n", encoding="utf-8"
    )
    result = cli("report", "r1", "--root", str(report_root), "--format", "html",
                 "-o", str(target))  # fmt: skip
    assert result.code == 1  # an error in an earlier round blocks the trend
    assert "rounds/r0/prov.yaml:3:10: error: 'klaar' is not a status" in result.err
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport")] == []


def test_bundled_evaluation_tells_what_seed_001_tells(cli: Cli) -> None:
    """GS-mededeling 3120590: 83% of the ambition points; every municipality connected to
    Meld Misdaad Anoniem (2.2) and holding a local ondermijningsoverleg (2.3)."""
    from .conftest import PROJECT

    data = json.loads(cli("report", "2022-autumn", "--format", "json", cwd=PROJECT).out)
    assert (data["overall"]["percent"], data["overall"]["points"]) == (83, 119.0)
    everywhere = {a["id"]: a for a in data["achieved_everywhere"]}
    assert (
        everywhere["2.2"]["sentence"] == "Alle gemeenten zijn aangesloten op Meld Misdaad Anoniem."
    )
    assert everywhere["2.2"]["partners"] == 6
    assert "2.3" in everywhere
    assert data["example"] is True
    text = cli("report", "2022-autumn", cwd=PROJECT).out
    assert "**De ambitiepunten zijn voor 83% behaald (119 van 143).**" in text
    assert "- Alle gemeenten zijn aangesloten op Meld Misdaad Anoniem. (2.2)" in text


def _without_provenance(text: str) -> str:
    # The commit line changes with every commit; everything else must match.
    return "\n".join(
        line for line in text.splitlines() if "git-commit" not in line and "in git" not in line
    )


def test_committed_example_report_is_current(cli: Cli) -> None:
    """docs/example-report.md shows what the bundled data gives today. Regenerate with
    `flevonorm report rounds/2022-autumn -o docs/example-report.md` (and the HTML)."""
    from .conftest import PROJECT

    text = cli("report", "2022-autumn", cwd=PROJECT).out
    committed = (PROJECT / "docs" / "example-report.md").read_text(encoding="utf-8")
    assert _without_provenance(text) == _without_provenance(committed)
