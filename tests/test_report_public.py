"""The public edition (spec/report.md, "Two audiences"): the pooled figures the States
publish, and no figure, status or open point of a single partner, nor any figure from which
one can be worked out, by subtraction either."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT, Cli, make_repo

EXAMPLE_ROUNDS = ["2021-autumn", "2022-spring", "2022-summer", "2022-autumn", "2025-autumn"]
KIND_PREFIXES = ("Gemeente ", "Provincie ", "Waterschap ")


def partner_names() -> list[str]:
    """Every partner's name and, for "Gemeente Almere", the place name alone."""
    data = yaml.safe_load((PROJECT / "partners.yaml").read_text(encoding="utf-8"))
    names: list[str] = []
    for partner in data["partners"]:
        names.append(partner["name"])
        names.extend(
            partner["name"][len(prefix) :]
            for prefix in KIND_PREFIXES
            if partner["name"].startswith(prefix)
        )
    return names


def before_appendix(text: str) -> str:
    """The report without the norm's text, whose "applies to" names kinds of partner (the
    kind "Openbaar Ministerie" is also the name of the one partner of that kind)."""
    for heading in ("## Bijlage", "## Appendix", '<h2 id="appendix">'):
        if heading in text:
            return text[: text.index(heading)]
    return text


def public(cli: Cli, round_id: str, *args: str, cwd: Path = PROJECT) -> str:
    result = cli("report", round_id, "--audience", "public", *args, cwd=cwd)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize("round_id", EXAMPLE_ROUNDS)
@pytest.mark.parametrize("args", [[], ["--lang", "en"], ["--format", "html"], ["--format", "json"]])
def test_public_edition_names_no_partner(cli: Cli, round_id: str, args: list[str]) -> None:
    """No partner is named, so none stands next to a figure or a status."""
    text = before_appendix(public(cli, round_id, *args))
    for name in partner_names():
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (name, round_id)


@pytest.mark.parametrize("round_id", EXAMPLE_ROUNDS)
def test_public_data_holds_nothing_per_partner(cli: Cli, round_id: str) -> None:
    data = json.loads(public(cli, round_id, "--format", "json"))
    assert data["audience"] == "public"
    for section in ("partners", "missing", "matrix", "weakest_links", "shared_gaps",
                    "open_points"):  # fmt: skip
        assert data[section] is None, section
    assert data["trend"]["partners"] is None
    assert all(theme["partners"] is None for theme in data["themes"])
    if data["comparison"] is not None:
        assert data["comparison"]["left_out"] is None


@pytest.mark.parametrize("round_id", EXAMPLE_ROUNDS)
def test_every_public_figure_covers_two_partners_or_more(cli: Cli, round_id: str) -> None:
    """The JSON says over how many partners each figure goes; the Markdown shows exactly
    those theme figures and ambitions, and no other."""
    data = json.loads(public(cli, round_id, "--format", "json"))
    assert data["overall"]["partners"] >= 2
    shown_themes = {t["id"]: t for t in data["themes"] if not t["withheld"]}
    assert all(t["covers"] >= 2 for t in shown_themes.values())
    assert all(t["percent"] is None for t in data["themes"] if t["withheld"])
    assert all(a["partners"] >= 2 for a in data["achieved_everywhere"])
    trend = data["trend"]
    for handed_in, percent in zip(trend["handed_in"], trend["overall"], strict=True):
        assert percent is None or handed_in >= 2

    text = public(cli, round_id)
    themes = text[text.index("## Per thema") : text.index("## Overal behaald")]
    rows = re.findall(r"^\| (\S+)\. .*? \| (\d+)% \((\S+) van (\d+)\) \|$", themes, re.M)
    assert {row[0] for row in rows} == set(shown_themes)
    for theme_id, percent, points, applicable in rows:
        theme = shown_themes[theme_id]
        assert (int(percent), int(applicable)) == (theme["percent"], theme["applicable"])
        assert float(points.replace(",", ".")) == theme["points"]
    everywhere = text[text.index("## Overal behaald") : text.index("## Verloop")]
    listed = re.findall(r"^- (?:\*\*(\S+) .*|.*\((\S+)\))$", everywhere, re.M)
    assert sorted(a or b for a, b in listed) == sorted(a["id"] for a in data["achieved_everywhere"])
    # No per-partner table, matrix or list, in either language.
    for heading in ("## Per partner", "## Ambities per partner", "## Zwakste schakels",
                    "## Gezamenlijke aandachtspunten", "## Openstaande punten"):  # fmt: skip
        assert heading not in text


def test_bundled_public_evaluation_reads_as_the_mededeling(cli: Cli) -> None:
    """Seed 001: 83% of the ambition points, over the municipalities and the province,
    and every municipality connected to Meld Misdaad Anoniem."""
    text = public(cli, "2022-autumn")
    assert "**De ambitiepunten zijn voor 83% behaald (119 van 143).**" in text
    assert "Dat is 5 procentpunt meer dan in de vorige ronde" in text
    assert "Alle 7 verwachte partners leverden een zelfevaluatie in." in text
    assert "- Alle gemeenten zijn aangesloten op Meld Misdaad Anoniem. (2.2)" in text
    assert "| 3. Bestuurlijk Instrumentarium | 75% (48 van 64) |" in text


def test_public_comparison_is_left_out_when_one_partner_would_show(cli: Cli) -> None:
    """2022-spring lacks Zeewolde's file. The totals of both rounds are in the trend (over
    7 and 6 partners); a comparison over the 6 would give 2021-autumn over those 6, and the
    difference with that round's total is Zeewolde's 2021 figure. So it is not shown."""
    data = json.loads(public(cli, "2022-spring", "--format", "json"))
    comparison = data["comparison"]
    assert (comparison["withheld"], comparison["delta"], comparison["now"]) == (True, None, None)
    assert data["overall"]["delta"] is None
    text = public(cli, "2022-spring")
    assert (
        "Een vergelijking met de vorige ronde (Eerste tussentijdse monitoring, 28 oktober " in text
    )
    assert "procentpunt" not in text.split("## Per thema")[0]
    # The internal edition does compare, over the same six partners.
    internal = json.loads(cli("report", "2022-spring", "--format", "json", cwd=PROJECT).out)
    assert internal["comparison"]["delta"] == 11


# A norm where subtraction would give the province away: theme 2 concerns the province
# alone, and theme 3 holds one ambition every partner achieved (C1) beside one only the
# province has (C2).
SUBTRACTION_NORM = """\
name: Testnorm
versions:
  - version: "1.0"
    status: adopted
    themes:
      - id: "1"
        title: Een
        ambitions:
          - {id: "1.1", text: Allen, applies_to: [municipality, province]}
          - {id: "1.2", text: Gemeenten, applies_to: [municipality]}
      - id: "2"
        title: Twee
        ambitions:
          - {id: "2.1", text: Provincie, applies_to: [province]}
      - id: "3"
        title: Drie
        ambitions:
          - {id: "3.1", text: Iedereen doet het., applies_to: [municipality, province]}
          - {id: "3.2", text: Alleen de provincie, applies_to: [province]}
"""
SUBTRACTION_PARTNERS = """\
partners:
  - {id: gem-a, name: Gemeente Aa, kind: municipality}
  - {id: gem-b, name: Gemeente Bee, kind: municipality}
  - {id: gem-c, name: Gemeente Cee, kind: municipality}
  - {id: prov, name: Provincie Pee, kind: province}
"""


def subtraction_repo(tmp_path: Path) -> Path:
    files = {
        "norm.yaml": SUBTRACTION_NORM,
        "partners.yaml": SUBTRACTION_PARTNERS,
        "rounds/r1/round.yaml": "id: r1\ntitle: Ronde\nkind: monitoring\nnorm: '1.0'\n"
        "date: 2023-01-01\n",
        "rounds/r1/gem-a.yaml": "partner: gem-a\nambitions:\n  '1.1': achieved\n"
        "  '1.2': not_achieved\n  '3.1': achieved\n",
        "rounds/r1/gem-b.yaml": "partner: gem-b\nambitions:\n  '1.1': achieved\n"
        "  '1.2': achieved\n  '3.1': achieved\n",
        "rounds/r1/gem-c.yaml": "partner: gem-c\nambitions:\n  '1.1': not_achieved\n"
        "  '1.2': achieved\n  '3.1': achieved\n",
        "rounds/r1/prov.yaml": "partner: prov\nambitions:\n  '1.1': achieved\n"
        "  '2.1': not_achieved\n  '3.1': achieved\n  '3.2': not_achieved\n",
    }
    return make_repo(tmp_path, files, base=None)


def test_no_theme_gives_a_partner_away_by_subtraction(cli: Cli, tmp_path: Path) -> None:
    """By hand: gem-a 2 of 3, gem-b 3 of 3, gem-c 2 of 3, prov 2 of 4: 9 of 13 (69%).
    Theme 2 is the province's alone (0 of 1). Theme 3 is 4 of 5; 3.1 is achieved by all
    four (4 of 4), so theme 3 minus 3.1 is the province's 3.2 (0 of 1). With themes 2 and 3
    left out, theme 1 (5 of 7) would leave total minus theme 1 = 4 of 6, of which 3.1's
    4 of 4 is known: the province's 0 of 2 again. So only the total and 3.1 are shown."""
    root = subtraction_repo(tmp_path)
    internal = json.loads(cli("report", "r1", "--format", "json", "--root", str(root)).out)
    assert [(t["points"], t["applicable"]) for t in internal["themes"]] == [
        (5.0, 7), (0.0, 1), (4.0, 5),
    ]  # fmt: skip
    data = json.loads(public(cli, "r1", "--format", "json", "--root", str(root), cwd=root))
    assert (data["overall"]["points"], data["overall"]["applicable"]) == (9.0, 13)
    assert [(t["id"], t["covers"], t["withheld"], t["percent"]) for t in data["themes"]] == [
        ("1", 4, True, None), ("2", 1, True, None), ("3", 4, True, None),
    ]  # fmt: skip
    assert [(a["id"], a["partners"]) for a in data["achieved_everywhere"]] == [("3.1", 4)]
    text = public(cli, "r1", "--root", str(root), cwd=root)
    assert text.count("| niet getoond |") == 3
    assert "- Iedereen doet het. (3.1)" in text
    assert "Pee" not in text


def test_a_public_edition_of_one_self_assessment_is_refused(cli: Cli, tmp_path: Path) -> None:
    root = subtraction_repo(tmp_path)
    for partner in ("gem-a", "gem-b", "gem-c"):
        (root / "rounds" / "r1" / f"{partner}.yaml").unlink()
    result = cli("report", "r1", "--audience", "public", "--root", str(root))
    assert result.code == 1 and result.out == ""
    assert (
        "rounds/r1/round.yaml:1:1: error: a public edition needs the self-assessments of at "
        "least 2 partners, or its figures are one partner's; this round has 1"
    ) in result.err
    assert cli("report", "r1", "--root", str(root)).code == 0  # the internal edition is made


def test_the_refusal_of_a_public_edition_is_in_dutch_with_lang_nl(cli: Cli, tmp_path: Path) -> None:
    root = subtraction_repo(tmp_path)
    for partner in ("gem-a", "gem-b", "gem-c"):
        (root / "rounds" / "r1" / f"{partner}.yaml").unlink()
    result = cli("report", "r1", "--audience", "public", "--lang", "nl", "--root", str(root))
    assert result.code == 1 and result.out == ""
    assert (
        "rounds/r1/round.yaml:1:1: error: een openbare editie heeft de zelfevaluaties van ten "
        "minste 2 partners nodig, anders zijn de cijfers die van één partner; deze ronde heeft "
        "er 1\n"
    ) in result.err
