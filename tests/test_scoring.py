"""Scoring, with every expected figure worked out by hand from tests/data/scoring.

The tree: version 1.0 with 1.1 (municipality, province), 1.2 (municipality only),
2.1 with items 2.1.1 (both) and 2.1.2 (municipality only), 2.10 (municipality),
3.1 (water board), 3.2 (police). Partners gem-a, gem-b, gem-c (no file: missing),
prov, ws (everything not applicable), pol (joined 2025, after the round: not expected).

  gem-a: 1.1 achieved, 1.2 partial, 2.1 items 1 of 2 -> partial, 2.10 achieved
         weight 0: 2/4; weight 0.5: 3/4
  gem-b: 1.1 achieved, 1.2 not_applicable, 2.1 items 2 of 2 -> achieved, 2.10 left out
         -> not_assessed: 2/3
  prov:  1.1 not achieved, 2.1 its one applicable item true -> achieved: 1/2
         (1.2, 2.10 and item 2.1.2 are municipal-only and do not count)
  ws:    3.1 not_applicable: 0/0 -> score null
  overall weight 0: 5/9 = 55.6% -> 56%; weight 0.5: 6/9 -> 67%
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from flevonorm.scoring import whole_percent

from .conftest import DATA, Cli

ROOT = str(DATA / "scoring")


def score_json(cli: Cli, *extra: str) -> dict:  # type: ignore[type-arg]
    result = cli("score", "r1", "--format", "json", "--root", ROOT, *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def partner(data: dict, partner_id: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in data["partners"] if p["id"] == partner_id)


def test_overall_is_pooled_over_partners_with_a_file(cli: Cli) -> None:
    data = score_json(cli)
    assert data["overall"] == {"points": 5.0, "applicable": 9, "score": 0.5556}
    assert data["missing"] == ["gem-c"]
    assert [p["id"] for p in data["partners"]] == ["gem-a", "gem-b", "prov", "ws"]


def test_partial_counts_nothing_at_weight_0_and_half_at_weight_half(cli: Cli) -> None:
    assert partner(score_json(cli), "gem-a")["points"] == 2.0
    half = score_json(cli, "--partial-weight", "0.5")
    assert half["partial_weight"] == 0.5
    assert partner(half, "gem-a") | {"themes": None} == {
        "id": "gem-a", "name": "Gemeente A", "kind": "municipality",
        "points": 3.0, "applicable": 4, "score": 0.75,
        "counts": {"achieved": 2, "partial": 2, "not_achieved": 0, "not_applicable": 0,
                   "not_assessed": 0},
        "themes": None,
    }  # fmt: skip
    assert half["overall"] == {"points": 6.0, "applicable": 9, "score": 0.6667}


def test_not_applicable_leaves_and_not_assessed_stays_in_the_denominator(cli: Cli) -> None:
    gem_b = partner(score_json(cli), "gem-b")
    assert (gem_b["points"], gem_b["applicable"]) == (2.0, 3)
    assert gem_b["counts"] == {"achieved": 2, "partial": 0, "not_achieved": 0,
                               "not_applicable": 1, "not_assessed": 1}  # fmt: skip


def test_province_is_scored_only_on_what_applies_to_it(cli: Cli) -> None:
    prov = partner(score_json(cli), "prov")
    assert (prov["points"], prov["applicable"], prov["score"]) == (1.0, 2, 0.5)
    assert prov["themes"] == [
        {"id": "1", "points": 0.0, "applicable": 1, "score": 0.0},
        {"id": "2", "points": 1.0, "applicable": 1, "score": 1.0},
        {"id": "3", "points": 0.0, "applicable": 0, "score": None},
    ]


def test_partner_with_nothing_applicable_scores_null(cli: Cli) -> None:
    ws = partner(score_json(cli), "ws")
    assert (ws["points"], ws["applicable"], ws["score"]) == (0.0, 0, None)
    assert ws["counts"]["not_applicable"] == 1


def test_pooled_themes(cli: Cli) -> None:
    themes = score_json(cli)["themes"]
    assert [(t["id"], t["points"], t["applicable"], t["score"]) for t in themes] == [
        ("1", 2.0, 4, 0.5),
        ("2", 3.0, 5, 0.6),
        ("3", 0.0, 0, None),
    ]


def test_csv_has_a_row_per_partner_the_missing_one_and_overall(cli: Cli) -> None:
    result = cli("score", "r1", "--format", "csv", "--root", ROOT)
    assert result.code == 0
    assert result.out.splitlines() == [
        "id,name,kind,achieved,partial,not_achieved,not_applicable,not_assessed,points,"
        "applicable,score,missing",
        "gem-a,Gemeente A,municipality,2,2,0,0,0,2,4,0.5000,false",
        "gem-b,Gemeente B,municipality,2,0,0,1,1,2,3,0.6667,false",
        "prov,Provincie,province,1,0,1,0,0,1,2,0.5000,false",
        "ws,Waterschap,water_board,0,0,0,1,0,0,0,,false",
        "gem-c,Gemeente C,municipality,,,,,,,,,true",
        "overall,,,5,2,1,2,1,5,9,0.5556,false",
    ]


def test_table_names_the_missing_partner_and_the_overall_figure(cli: Cli) -> None:
    result = cli("score", "r1", "--root", ROOT)
    assert result.code == 0
    assert "Overall: 56% of the ambition points achieved (5 of 9)" in result.out
    assert "Gemeente C" in result.out and "missing" in result.out
    assert result.err.startswith(
        "rounds/r1/gem-b.yaml:2:1: warning: ambition 2.10 is left out of this file and counts "
        "as not assessed; add it, with status: not_assessed if it is not assessed yet\n"
        "rounds/r1/round.yaml:1:1: warning: missing: Gemeente C (gem-c) is expected"
    )


def test_bundled_evaluation_reproduces_the_published_83_percent(cli: Cli) -> None:
    """Seed 001: "De ambitiepunten zijn voor 83% behaald", over municipalities and province."""
    from .conftest import PROJECT

    result = cli("score", "rounds/2022-autumn", "--format", "json", cwd=PROJECT)
    data = json.loads(result.out)
    assert data["overall"] == {"points": 119.0, "applicable": 143, "score": 0.8322}
    flevoland = partner(data, "flevoland")
    assert flevoland["applicable"] == 11  # the 11 ambitions that concern the province
    assert data["missing"] == []


def test_invalid_round_is_not_scored(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import make_repo

    root = make_repo(tmp_path, {"rounds/r1/prov.yaml": "partner: prov\nambitions:\n  x: 1\n"},
                     base="scoring")  # fmt: skip
    result = cli("score", "r1", "--root", str(root))
    assert result.code == 1
    assert result.out == ""
    assert "rounds/r1/prov.yaml:3:6: error: '1' is not a status" in result.err


@pytest.mark.parametrize("weight", ["-0.1", "1.5", "half"])
def test_partial_weight_outside_0_1_is_a_usage_error(cli: Cli, weight: str) -> None:
    assert cli("score", "r1", "--root", ROOT, "--partial-weight", weight).code == 2


@pytest.mark.parametrize(
    ("value", "percent"),
    [(Fraction(119, 143), 83), (Fraction(1, 200), 1), (Fraction(5, 1000), 1),
     (Fraction(1, 8), 13), (Fraction(3, 8), 38), (Fraction(-1, 8), -13), (Fraction(0), 0)],
)  # fmt: skip
def test_whole_percent_rounds_half_away_from_zero(value: Fraction, percent: int) -> None:
    assert whole_percent(value) == percent
