"""The diff writers: JSON in the contract's shape, Markdown for a pull-request comment,
plain text for the terminal. Rounds come from tests/test_diffing.py's small norm."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from fractions import Fraction

import pytest

from flevonorm.diffing import (
    Change,
    ChangeGroup,
    PartnerChange,
    PartnerChangeKind,
    RoundDiff,
    RoundRef,
    ScoreChange,
)
from flevonorm.models import Ambition, Entry, Partner, Status
from flevonorm.writers.diff import MD_LIMIT, diff_as_json, diff_as_markdown, diff_as_table

from .test_diffing import Files, diff

OLD: Files = {"gem-a": {"1.1": "achieved", "1.2": "not_achieved"}, "prov": {"1.1": "partial"}}
NEW: Files = {
    "gem-a": {
        "1.1": "partial",
        "1.2": "achieved",
        "2.2": {"status": "achieved", "evidence": ["raadsbesluit.pdf"]},
    },
    "prov": {"1.1": {"status": "partial", "note": "Besluit GS | 2022"}},
}


def overall_only(old: Fraction | None, new: Fraction | None) -> RoundDiff:
    return RoundDiff(
        old=RoundRef("r0", None, "1.0"),
        new=RoundRef("r1", None, "1.0"),
        overall=ScoreChange(old, new),
        partners=[],
        themes=[],
        changes=[],
    )


def test_json_has_exactly_the_keys_of_the_contract() -> None:
    text = diff_as_json(diff(OLD, NEW))
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["old", "new", "overall", "partners", "changes"]
    assert data["old"] == {"round": "r0", "rev": "HEAD~1"}
    assert data["new"] == {"round": "r1", "rev": None}
    # overall: old (1 + 0) / 6, new (2 + 0) / 6, delta exactly 1/6
    assert data["overall"] == {"old": 0.1667, "new": 0.3333, "delta": 0.1667}
    assert data["partners"] == [
        {"id": "gem-a", "old": 0.25, "new": 0.5, "delta": 0.25, "change": "changed"},
        {"id": "prov", "old": 0.0, "new": 0.0, "delta": 0.0, "change": "changed"},
    ]
    assert {tuple(change) for change in data["changes"]} == {
        ("partner", "ambition", "old", "new", "items", "note_changed", "evidence_changed",
         "next_step_changed", "unsupported"),
    }  # fmt: skip
    assert [(c["partner"], c["ambition"], c["unsupported"]) for c in data["changes"]] == [
        ("gem-a", "1.1", False),
        ("gem-a", "1.2", True),
        ("gem-a", "2.2", False),
        ("prov", "1.1", False),
    ]


def test_markdown_comment_in_dutch() -> None:
    # overall 1/6 (17%) -> 2/6 (33%), exact change 1/6 = 16.7 -> +17; theme 2
    # (gem-a 2.1 and 2.2, prov 2.1) 0/3 -> 1/3; theme 1 stays 1/3 and is not shown
    assert diff_as_markdown(diff(OLD, NEW)) == (
        "Totaal 17% → 33% (+17 procentpunt)\n"
        "\n"
        "Ronde r0 (HEAD\\~1, norm 1.0) → r1 (werkmap, norm 1.0)\n"
        "\n"
        "| Partner | Oud | Nieuw | Verschil |\n"
        "| --- | ---: | ---: | ---: |\n"
        "| Gemeente A | 25% | 50% | +25 |\n"
        "| Provincie | 0% | 0% | ±0 |\n"
        "\n"
        "| Thema | Oud | Nieuw | Verschil |\n"
        "| --- | ---: | ---: | ---: |\n"
        "| 2 Twee | 0% | 33% | +33 |\n"
        "\n"
        "### Verslechterd (1)\n"
        "\n"
        "| Partner | Ambitie | Was | Nu | Details |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Gemeente A | 1.1 Beide | behaald | deels behaald |  |\n"
        "\n"
        "### Verbeterd (2)\n"
        "\n"
        "| Partner | Ambitie | Was | Nu | Details |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Gemeente A | 1.2 Gemeenten | niet behaald | behaald |"
        " **⚠ behaald zonder toelichting of bewijs** |\n"
        "| Gemeente A | 2.2 Gemeenten | niet beoordeeld | behaald | bewijs: raadsbesluit.pdf |\n"
        "\n"
        "### Zelfde status, andere invulling (1)\n"
        "\n"
        "| Partner | Ambitie | Was | Nu | Details |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Provincie | 1.1 Beide | deels behaald | deels behaald |"
        " toelichting: Besluit GS \\| 2022 |\n"
    )


def test_markdown_comment_in_english_uses_english_words() -> None:
    text = diff_as_markdown(diff(OLD, NEW), lang="en")
    assert text.startswith(
        "Overall 17% → 33% (+17 percentage points)\n\n"
        "Round r0 (HEAD\\~1, norm 1.0) → r1 (working tree, norm 1.0)\n"
    )
    assert "### Worsened (1)" in text
    assert "| Gemeente A | 1.1 Beide | achieved | partially achieved |  |" in text
    assert "**⚠ achieved without note or evidence**" in text


@pytest.mark.parametrize(
    ("old", "new", "nl", "en"),
    [
        # the contract's example: 7/15 = 46.7% -> 47%, 1/2; exact change 3.33 -> +3
        (Fraction(7, 15), Fraction(1, 2), "Totaal 47% → 50% (+3 procentpunt)",
         "Overall 47% → 50% (+3 percentage points)"),
        # 44.5% shows as 45% (half away from zero); the change is the exact 5.5 -> +6,
        # not 50 - 45
        (Fraction(89, 200), Fraction(1, 2), "Totaal 45% → 50% (+6 procentpunt)",
         "Overall 45% → 50% (+6 percentage points)"),
        (Fraction(1, 2), Fraction(51, 100), "Totaal 50% → 51% (+1 procentpunt)",
         "Overall 50% → 51% (+1 percentage point)"),
        (Fraction(1, 2), Fraction(47, 100), "Totaal 50% → 47% (−3 procentpunt)",
         "Overall 50% → 47% (−3 percentage points)"),
        (Fraction(1, 2), Fraction(1, 2), "Totaal 50% → 50% (±0 procentpunt)",
         "Overall 50% → 50% (±0 percentage points)"),
        (None, Fraction(1, 2), "Totaal n.v.t. → 50%", "Overall n/a → 50%"),
    ],
)  # fmt: skip
def test_first_line_gives_the_overall_change(
    old: Fraction | None, new: Fraction | None, nl: str, en: str
) -> None:
    assert diff_as_markdown(overall_only(old, new)).splitlines()[0] == nl
    assert diff_as_markdown(overall_only(old, new), lang="en").splitlines()[0] == en
    assert diff_as_table(overall_only(old, new), lang="en").splitlines()[0] == en


def test_round_absent_at_the_revision() -> None:
    d = diff(None, {"gem-a": {"1.1": "achieved"}})
    text = diff_as_markdown(d)
    assert text.splitlines()[:7] == [
        "Totaal – → 25%",
        "",
        "Ronde r0 (HEAD\\~1: bestaat niet) → r1 (werkmap, norm 1.0)",
        "",
        "| Partner | Oud | Nieuw | Verschil |",
        "| --- | ---: | ---: | ---: |",
        "| Gemeente A | – | 25% | nieuw bestand |",
    ]
    assert "Geen wijzigingen per ambitie." in text


def test_unchanged_partners_are_counted_not_listed() -> None:
    same: Files = {"gem-a": {"1.1": "achieved"}, "prov": {"1.1": "achieved"}}
    text = diff_as_markdown(diff(same, {**same, "gem-b": {}}))
    assert "| Gemeente B | – | 0% | nieuw bestand |" in text
    assert "Gemeente A" not in text
    assert "Ongewijzigd: 2 partners." in text


HOSTILE = "a | b\n<img src=x onerror=alert(1)> **vet** [klik](http://x) `code` # kop"


def test_a_hostile_note_cannot_break_the_table_or_inject_markup() -> None:
    old: Files = {"gem-a": {"1.1": "partial"}}
    new: Files = {"gem-a": {"1.1": {"status": "partial", "note": HOSTILE}}}
    text = diff_as_markdown(diff(old, new))
    [row] = [line for line in text.splitlines() if "toelichting" in line]
    assert row == (
        "| Gemeente A | 1.1 Beide | deels behaald | deels behaald | toelichting: a \\| b "
        "\\<img src=x onerror=alert(1)\\> \\*\\*vet\\*\\* \\[klik\\](http://x) \\`code\\` "
        "\\# kop |"
    )
    unescaped_pipes = re.findall(r"(?<!\\)\|", row)
    assert len(unescaped_pipes) == 6  # five cells
    assert "<img" not in text.replace("\\<img", "")


def make_partner(number: int) -> Partner:
    return Partner(id=f"gem-{number}", name=f"Gemeente {number}", kind="municipality")


AMBITION = Ambition(id="1.1", text="Beide")


def many_changes(count: int, note: str) -> RoundDiff:
    partners = [make_partner(n) for n in range(count)]
    changes = [
        Change(
            partner=partner,
            ambition=AMBITION,
            old=Status.NOT_ACHIEVED,
            new=Status.ACHIEVED,
            items={},
            note_changed=True,
            evidence_changed=False,
            next_step_changed=False,
            unsupported=False,
            group=ChangeGroup.IMPROVED,
            new_entry=Entry(status=Status.ACHIEVED, note=note),
        )
        for partner in partners
    ]
    return RoundDiff(
        old=RoundRef("r0", "origin/main", "1.0"),
        new=RoundRef("r1", None, "1.0"),
        overall=ScoreChange(Fraction(0), Fraction(1)),
        partners=[
            PartnerChange(p, ScoreChange(Fraction(0), Fraction(1)), PartnerChangeKind.CHANGED)
            for p in partners
        ],
        themes=[],
        changes=changes,
    )


def test_a_long_comment_is_cut_below_60000_characters_and_says_how_many_were_left_out() -> None:
    d = many_changes(600, "Toelichting " * 40)  # about 330 characters a row
    text = diff_as_markdown(d)
    assert len(text) <= MD_LIMIT == 60_000
    rows = [line for line in text.splitlines() if line.startswith("| Gemeente ")]
    change_rows = [row for row in rows if "| niet behaald | behaald |" in row]
    assert 0 < len(change_rows) < 600
    last = text.splitlines()[-1]
    match = re.fullmatch(
        r"_… (\d+) wijzigingen weggelaten: .*`flevonorm diff --format json`.*_", last
    )
    assert match is not None, last
    assert int(match[1]) + len(change_rows) == 600
    # every partner row came before the cut; the rows kept are the first ones
    assert change_rows[0].startswith("| Gemeente 0 |")


def test_a_comment_that_fits_is_not_cut() -> None:
    text = diff_as_markdown(many_changes(3, "kort"))
    assert "weggelaten" not in text
    assert text.count("| niet behaald | behaald | toelichting: kort |") == 3


def test_a_note_is_shortened_in_the_comment() -> None:
    text = diff_as_markdown(many_changes(1, "x" * 300))
    assert "toelichting: " + "x" * 279 + "… |" in text


def test_terminal_text_is_plain_and_inert() -> None:
    note = "\x1b[31mrood\x1b[0m [bold]vet[/bold]\nnieuwe regel\u202eomgekeerd"
    old: Files = {"gem-a": {"1.1": "partial", "1.2": "not_achieved"}}
    new: Files = {"gem-a": {"1.1": {"status": "partial", "note": note}, "1.2": "achieved"}}
    text = diff_as_table(diff(old, new))
    assert text.splitlines() == [
        "Totaal 0% → 25% (+25 procentpunt)",
        "Ronde r0 (HEAD~1, norm 1.0) → r1 (werkmap, norm 1.0)",
        "",
        "Partner     Oud  Nieuw  Verschil",
        "Gemeente A   0%    25%  +25",
        "",
        "Thema  Oud  Nieuw  Verschil",
        "1 Een   0%    50%  +50",
        "",
        "Verbeterd (1)",
        "  Gemeente A · 1.2 Gemeenten: niet behaald → behaald",
        "      ⚠ behaald zonder toelichting of bewijs",
        "",
        "Zelfde status, andere invulling (1)",
        "  Gemeente A · 1.1 Beide: deels behaald",
        "      toelichting: \\x1b[31mrood\\x1b[0m [bold]vet[/bold] nieuwe regel\\u202eomgekeerd",
    ]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        diff_as_markdown(overall_only(None, None), lang="fr")


def test_thousands_of_partners_cut_the_partner_table_too() -> None:
    text = diff_as_markdown(many_changes(2000, "kort"))
    assert len(text) <= MD_LIMIT
    partner_rows = [line for line in text.splitlines() if line.endswith("| 0% | 100% | +100 |")]
    *_, changes_line, partners_line = text.splitlines()
    assert changes_line == (
        "_… 2000 wijzigingen weggelaten: het commentaar zou te lang worden; "
        "`flevonorm diff --format json` geeft alle wijzigingen._"
    )
    match = re.fullmatch(r"_… (\d+) partners weggelaten uit de tabel\._", partners_line)
    assert match is not None, partners_line
    assert int(match[1]) + len(partner_rows) == 2000


def test_a_hostile_partner_name_is_escaped_in_both_tables() -> None:
    d = many_changes(1, "kort")
    hostile = Partner(id="gem-x", name="A | <b>B</b>\n# C", kind="municipality")
    d = RoundDiff(
        old=d.old,
        new=d.new,
        overall=d.overall,
        partners=[PartnerChange(hostile, d.partners[0].score, PartnerChangeKind.CHANGED)],
        themes=[],
        changes=[replace(d.changes[0], partner=hostile)],
    )
    text = diff_as_markdown(d)
    assert "| A \\| \\<b\\>B\\</b\\> \\# C | 0% | 100% | +100 |\n" in text
    assert "| A \\| \\<b\\>B\\</b\\> \\# C | 1.1 Beide | niet behaald | behaald |" in text
