"""The evaluation report: golden files, safe Markdown and HTML, languages, overrides, and
the figures people compare (spec/report.md).

tests/data/report is the scoring tree plus an earlier round r0 and a note full of
Markdown and HTML. It is copied to a temporary folder so that its provenance reads
"not in git" and the golden files do not change with every commit.

Its figures, by hand. Municipalities have 1.1, 1.2, 2.1 and 2.10; the province 1.1 and 2.1;
the water board 3.1. r0: gem-a 1 of 4 (1.1), gem-b 0 of 4, gem-c 2 of 4 (1.1, 1.2), prov
1 of 2 (1.1), ws 0 of 0 (3.1 declared not applicable): 4 of 14. r1 (gem-c has no file):
gem-a 2 of 4 (1.1, 2.10; 1.2 partial, 2.1 one item of two), gem-b 2 of 3 (1.1, 2.1; 1.2 not
applicable), prov 1 of 2 (2.1 by its one item), ws 0 of 0: 5 of 9 = 56%.
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
     ("report.nl.html", ["--format", "html"]),
     ("report.public.nl.md", ["--audience", "public"]),
     ("report.public.en.md", ["--audience", "public", "--lang", "en"]),
     ("report.public.nl.html", ["--audience", "public", "--format", "html"])],
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


def test_key_message_compares_the_same_partners(cli: Cli, report_root: Path) -> None:
    """gem-c handed in r0 only, so the change covers gem-a, gem-b, prov and ws: in r0 they
    had 1 + 0 + 1 + 0 = 2 of 4 + 4 + 2 + 0 = 10 (20%); in r1 5 of 9 (55.6%). The change is
    35.6 -> 36 points, not the 56 - 29 = 27 of the two totals over different partners."""
    text = render(cli, report_root)
    assert "**De ambitiepunten zijn voor 56% behaald (5 van 9).**" in text
    assert (
        "Dat is 36 procentpunt meer dan in de vorige ronde (Nulmeting, 1 maart 2022).\n"
        "Die vergelijking gaat over dezelfde 4 partners: de partners die in beide rondes een "
        "zelfevaluatie inleverden (nu 56%, toen 20%).\n"
        "Niet in de vergelijking: Gemeente C (geen zelfevaluatie in deze ronde)."
    ) in text
    assert "4 van de 5 verwachte partners leverden een zelfevaluatie in." in text


def test_english_report(cli: Cli, report_root: Path) -> None:
    text = render(cli, report_root, "--lang", "en")
    assert "**56% of the ambition points have been achieved (5 of 9).**" in text
    assert "behaald" not in text


def test_internal_edition_is_marked_first_then_the_example_banner(
    cli: Cli, report_root: Path
) -> None:
    lines = render(cli, report_root).splitlines()
    assert lines[0].startswith("> **Niet openbaar.** Interne versie")
    assert lines[2].startswith("> **Illustratieve gegevens.**")
    english = render(cli, report_root, "--lang", "en")
    assert english.startswith("> **Not for publication.** Internal edition")


def test_public_edition_has_no_marking_and_says_what_it_is(cli: Cli, report_root: Path) -> None:
    text = render(cli, report_root, "--audience", "public")
    assert text.startswith("> **Illustratieve gegevens.**")
    assert "Niet openbaar" not in text
    assert "Openbare versie · Evaluatie van 15 november 2022 · Scoring test norm 1.0" in text


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
    assert "@page { size: A4 portrait;" in html


def test_html_internal_edition_is_marked_on_every_printed_page(cli: Cli, report_root: Path) -> None:
    internal = render(cli, report_root, "--format", "html")
    assert '@top-right { content: "NIET OPENBAAR";' in internal
    assert '<p class="marking" role="note"><strong>Niet openbaar.</strong>' in internal
    public = render(cli, report_root, "--format", "html", "--audience", "public")
    assert "@top-right" not in public and 'class="marking"' not in public


def test_templates_option_overrides_one_file(cli: Cli, report_root: Path, tmp_path: Path) -> None:
    override = tmp_path / "mine"
    override.mkdir()
    shipped = Path(__file__).parent.parent / "templates" / "_labels.j2"
    (override / "_labels.j2").write_text(
        shipped.read_text(encoding="utf-8").replace("%}✔", "%}JA"), encoding="utf-8"
    )
    text = render(cli, report_root, "--templates", str(override))
    assert "| 1.1 Gemeenten en provincie | JA | JA | ✘ |" in text
    assert "## Zwakste schakels" in text  # the rest still comes from the shipped templates


def test_repository_templates_folder_overrides_the_shipped_one(cli: Cli, report_root: Path) -> None:
    (report_root / "templates").mkdir()
    (report_root / "templates" / "report.md.j2").write_text(
        "Eigen rapport: {{ report.overall.percent|pct }}\n", encoding="utf-8"
    )
    assert render(cli, report_root) == "Eigen rapport: 56%\n"


def test_json_is_the_data_behind_the_report(cli: Cli, report_root: Path) -> None:
    data = json.loads(render(cli, report_root, "--format", "json"))
    assert data["audience"] == "internal"
    assert data["overall"] == {
        "points": 5.0, "applicable": 9, "score": 0.5556, "percent": 56, "delta": 36,
        "partners": 4, "expected": 5,
    }  # fmt: skip
    assert data["comparison"]["now"] == {
        "points": 5.0, "applicable": 9, "score": 0.5556, "percent": 56,
    }  # fmt: skip
    assert (data["comparison"]["before"], data["comparison"]["partners"]) == (
        {"points": 2.0, "applicable": 10, "score": 0.2, "percent": 20}, 4,
    )  # fmt: skip
    assert data["comparison"]["left_out"] == [
        {"id": "gem-c", "name": "Gemeente C", "kind": "municipality", "file_in": "previous"}
    ]
    assert data["missing"] == [{"id": "gem-c", "name": "Gemeente C", "kind": "municipality"}]
    assert [w["id"] for w in data["weakest_links"]] == ["1.1", "2.1"]
    assert data["provenance"] == {"in_git": False, "commit": None, "dirty": False, "unknown": None}
    assert [r["id"] for r in data["trend"]["rounds"]] == ["r0", "r1"]


def test_output_file_is_written_whole(cli: Cli, report_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "rapport.md"
    target.parent.mkdir()
    result = cli("report", "r1", "--root", str(report_root), "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text(encoding="utf-8").startswith("> **Niet openbaar.**")
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
    # The line naming the version of the data changes with every commit; the rest must match.
    return "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith("Gegevens: ronde") and "Gegevens: ronde" not in line
    )


@pytest.mark.parametrize(
    ("doc", "args"),
    [("example-report.md", []), ("example-report-public.md", ["--audience", "public"]),
     ("example-report.html", ["--format", "html"]),
     ("example-report-public.html", ["--format", "html", "--audience", "public"])],
)  # fmt: skip
def test_committed_example_report_is_current(cli: Cli, doc: str, args: list[str]) -> None:
    """docs/ shows what the bundled data gives today. Regenerate with
    `flevonorm report rounds/2022-autumn [--audience public] [--format html] -o docs/...`."""
    from .conftest import PROJECT

    text = cli("report", "2022-autumn", *args, cwd=PROJECT).out
    committed = (PROJECT / "docs" / doc).read_text(encoding="utf-8")
    assert _without_provenance(text) == _without_provenance(committed)


def test_an_item_ambition_names_the_parts_not_in_place(cli: Cli) -> None:
    """2022-autumn: Urk has 7 of the 9 items of 3.5 (Bibob branches); its file sets D
    (Coffeeshops) and H (Vastgoedtransacties) to false."""
    from .conftest import PROJECT

    text = cli("report", "2022-autumn", cwd=PROJECT).out
    urk = text[text.index("### Gemeente Urk") :]
    assert (
        "- **3.5 Branches in het Bibob-beleid** — deels behaald (7 van 9 onderdelen op orde); "
        "ontbreekt: D Coffeeshops, H Vastgoedtransacties."
    ) in urk
    assert (
        "- Gemeente Urk, 3.5 Branches in het Bibob-beleid — ontbreekt: D Coffeeshops, "
        "H Vastgoedtransacties"
    ) in text


def test_equal_gains_give_equal_changes(cli: Cli) -> None:
    """2022-summer -> 2022-autumn: Almere went from 19 to 20 of 22 (86.4% -> 90.9%) and
    Zeewolde from 16 to 17 of 22 (72.7% -> 77.3%): both gained one ambition, 4.55 points,
    rounded to 5. Subtracting the rounded percentages would give 91 - 86 = 5 and
    77 - 73 = 4."""
    from .conftest import PROJECT

    data = json.loads(cli("report", "2022-autumn", "--format", "json", cwd=PROJECT).out)
    rows = {p["id"]: p for p in data["partners"]}
    for partner in ("almere", "zeewolde"):
        assert (rows[partner]["delta"], len(rows[partner]["gained"]), rows[partner]["lost"]) == (
            5, 1, [],
        )  # fmt: skip
    text = cli("report", "2022-autumn", cwd=PROJECT).out
    assert (
        "| Gemeente Almere | gemeente | 20 | 1 | 1 | 0 | 0 | 91% (20 van 22) | +5 (+1 behaald) |"
        in text
    )
    assert (
        "| Gemeente Zeewolde | gemeente | 17 | 2 | 3 | 0 | 0 | 77% (17 van 22) | +5 (+1 behaald) |"
        in text
    )


def test_spring_2022_key_sentence_compares_the_same_partners(cli: Cli) -> None:
    """2022-spring has no file of Zeewolde. `flevonorm score` gives 2021-autumn as 69 of 142
    over seven partners (Urk declared one ambition not applicable), Zeewolde 10 of 22: the
    other six had 59 of 120 (49.2%). 2022-spring: 73 of 121 (60.3%). The change over the
    same six partners is 11.2 points, rounded to 11."""
    from .conftest import PROJECT

    text = cli("report", "2022-spring", cwd=PROJECT).out
    assert (
        "**De ambitiepunten zijn voor 60% behaald (73 van 121).**\n\n"
        "Dat is 11 procentpunt meer dan in de vorige ronde "
        "(Eerste tussentijdse monitoring, 28 oktober 2021).\n"
        "Die vergelijking gaat over dezelfde 6 partners: de partners die in beide rondes een "
        "zelfevaluatie inleverden (nu 60%, toen 49%).\n"
        "Niet in de vergelijking: Gemeente Zeewolde (geen zelfevaluatie in deze ronde)."
    ) in text
    data = json.loads(cli("report", "2022-spring", "--format", "json", cwd=PROJECT).out)
    comparison = data["comparison"]
    assert (comparison["now"]["points"], comparison["now"]["applicable"]) == (73.0, 121)
    assert (comparison["before"]["points"], comparison["before"]["applicable"]) == (59.0, 120)
    assert (comparison["delta"], comparison["same_partners"], comparison["partners"]) == (
        11, False, 6,
    )  # fmt: skip
    english = cli("report", "2022-spring", "--lang", "en", cwd=PROJECT).out
    assert (
        "The comparison covers the same 6 partners: those that handed in a self-assessment "
        "in both rounds (now 60%, then 49%)."
    ) in english


def test_spring_2022_achieved_everywhere_is_judged_over_those_who_handed_in(cli: Cli) -> None:
    """Seven ambitions were achieved by every partner with a file in 2022-spring (the
    matrix: 1.1, 1.2, 1.4, 2.1, 3.3, 3.4, 4.5); Zeewolde's file is missing, so each says
    over how many partners it was judged."""
    from .conftest import PROJECT

    text = cli("report", "2022-spring", cwd=PROJECT).out
    section = text[text.index("## Overal behaald") : text.index("## Zwakste schakels")]
    assert "Beoordeeld over de 6 partners die een zelfevaluatie inleverden." in section
    assert (
        "- **2.1 Intern meldpunt**: behaald door alle 6 partners die een zelfevaluatie inleverden."
    ) in section
    assert (
        "- **1.2 Integrale communicatie**: behaald door alle 5 gemeenten die een "
        "zelfevaluatie inleverden."
    ) in section
    assert section.count("\n- ") == 7


def test_shared_gaps_list_what_most_partners_lack(cli: Cli) -> None:
    """2022-autumn: 4.2 is achieved by Lelystad alone of seven partners, 3.10 by Dronten
    alone of six municipalities, 3.2 by three of six (Almere, Urk, Zeewolde)."""
    from .conftest import PROJECT

    text = cli("report", "2022-autumn", cwd=PROJECT).out
    section = text[text.index("## Gezamenlijke aandachtspunten") : text.index("## Verloop")]
    assert [line for line in section.splitlines() if line.startswith("- ")] == [
        "- **4.2 Screening naast de VOG** — behaald door 1 van de 7 partners: Gemeente Lelystad.",
        "- **3.10 Boa's ondersteunen elkaar** — behaald door 1 van de 6 partners: "
        "Gemeente Dronten.",
        "- **3.2 Artikelen in de APV** — behaald door 3 van de 6 partners: Gemeente Almere, "
        "Gemeente Urk, Gemeente Zeewolde.",
    ]


def test_trend_names_rounds_by_title_and_date(cli: Cli) -> None:
    from .conftest import PROJECT

    text = cli("report", "2022-autumn", cwd=PROJECT).out
    assert (
        "| Partner | Eerste tussentijdse monitoring, 28 oktober 2021 | Tweede tussentijdse "
        "monitoring, 24 maart 2022 | Derde tussentijdse monitoring, 7 juli 2022 | "
        "Eindevaluatie, 15 november 2022 |"
    ) in text
    assert "| Gemeente Zeewolde | 45% | – | 73% | 77% |" in text
    assert "2022-spring" not in text[text.index("## Verloop") :]
    assert 'x-axis ["okt 2021", "mrt 2022", "jul 2022", "nov 2022"]' in text


def test_dutch_title_does_not_repeat_the_norm(cli: Cli, report_root: Path) -> None:
    from .conftest import PROJECT

    assert "\n# Eindevaluatie Flevolandse Norm\n" in cli("report", "2022-autumn", cwd=PROJECT).out
    assert "\n# Scoring test norm — Evaluatie \\| najaar\n" in render(cli, report_root)


@pytest.mark.parametrize(
    ("provenance", "line"),
    [({"in_git": True, "commit": "a617b05c0ffee", "dirty": False},
      "Gegevens: ronde r1, vastgelegd in versie a617b05."),
     ({"in_git": True, "commit": "a617b05c0ffee", "dirty": True},
      "Gegevens: ronde r1, vastgelegd in versie a617b05, met wijzigingen die nog niet zijn "
      "vastgelegd."),
     ({"in_git": False, "unknown": "git is not installed"},
      "Gegevens: ronde r1. Uit welke versie de gegevens komen, is onbekend: het versiebeheer "
      "(git) gaf geen antwoord (git is not installed)."),
     ({"in_git": False},
      "Gegevens: ronde r1. De gegevens staan niet onder versiebeheer; dit rapport kan dus niet "
      "noemen uit welke versie het is gemaakt.")],
)  # fmt: skip
def test_provenance_in_plain_words(
    cli: Cli, report_root: Path, provenance: dict[str, object], line: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from flevonorm import gitio

    monkeypatch.setattr(gitio, "provenance", lambda root: gitio.Provenance(**provenance))  # type: ignore[arg-type]
    text = render(cli, report_root)
    assert f"\n{line}\n" in text
    assert "git-commit" not in text and "commit" not in text.split("## ")[0].replace(line, "")
