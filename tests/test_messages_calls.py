"""Wrong calls answered in flevonorm's own words, in one line on stderr with exit 2 (spec/cli.md),
in English and in Dutch; numbers with a decimal comma; rounds named as a coordinator names
them (a partner file, a folder from inside rounds/, an id with a typo)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flevonorm.cli.app import parse_partial_weight

from .conftest import DATA, Cli, make_repo

SCORING = str(DATA / "scoring")


def test_partial_weight_with_a_decimal_comma(cli: Cli) -> None:
    # tests/data/scoring at weight 1/2: 6 points of 9 (see test_scoring.py).
    for weight in ("0,5", "0.5", ",5"):
        result = cli(
            "score", "r1", "--partial-weight", weight, "--format", "json", "--root", SCORING
        )
        assert result.code == 0, result.err
        data = json.loads(result.out)
        assert (data["partial_weight"], data["overall"]["points"]) == (0.5, 6.0)


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (
            ["score", "--format", "xml"],
            "flevonorm: --format must be one of: table, json, csv",
            "flevonorm: --format moet een van deze zijn: table, json, csv",
        ),
        (
            ["score", "--partial-weight", "1,5"],
            "flevonorm: --partial-weight must be a number from 0 to 1, such as 0.5 or 0,5 "
            "(not '1,5')",
            "flevonorm: --partial-weight moet een getal van 0 tot en met 1 zijn, zoals 0,5 of 0.5 "
            "(niet '1,5')",
        ),
        (
            ["score", "--partial-weight", "half"],
            "flevonorm: --partial-weight must be a number from 0 to 1, such as 0.5 or 0,5 "
            "(not 'half')",
            "flevonorm: --partial-weight moet een getal van 0 tot en met 1 zijn, zoals 0,5 of 0.5 "
            "(niet 'half')",
        ),
        (
            ["validate", "--max-per-file", "-1"],
            "flevonorm: --max-per-file must be a whole number of 0 or more (not '-1')",
            "flevonorm: --max-per-file moet een geheel getal van 0 of meer zijn (niet '-1')",
        ),
        (
            ["report", "--lang", "de"],
            "flevonorm: --lang must be one of: nl, en",
            None,  # --lang de asks for no language flevonorm has: the locale's (English) stays
        ),
        (
            ["score", "--formt", "json"],
            "flevonorm: no such option: --formt; did you mean --format? (see flevonorm score -h)",
            "flevonorm: onbekende optie: --formt; bedoelt u --format? (zie flevonorm score -h)",
        ),
        (
            ["scor"],
            "flevonorm: no such command: scor; did you mean score? (see flevonorm -h)",
            "flevonorm: onbekende opdracht: scor; bedoelt u score? (zie flevonorm -h)",
        ),
        (
            ["score", "r1", "r2"],
            "flevonorm: unexpected argument: r2 (see flevonorm score -h)",
            "flevonorm: onverwacht argument: r2 (zie flevonorm score -h)",
        ),
        (
            ["round", "new", "r9", "--date", "2023-04-01"],
            "flevonorm: --norm is missing (see flevonorm round new -h)",
            "flevonorm: --norm ontbreekt (zie flevonorm round new -h)",
        ),
        (
            ["score", "2030-spring"],
            "flevonorm: unknown round '2030-spring': give a round id or a folder under rounds/ "
            "(known rounds: r1)",
            "flevonorm: onbekende ronde '2030-spring': geef de id van een ronde of een map in "
            "rounds/ (bekende rondes: r1)",
        ),
    ],
)
def test_a_wrong_call_in_plain_words(
    cli: Cli, args: list[str], english: str, dutch: str | None
) -> None:
    result = cli(*args, "--root", SCORING)
    assert (result.code, result.out, result.err) == (2, "", english + "\n")
    if dutch is not None:
        result = cli(*args, "--lang", "nl", "--root", SCORING)
        assert (result.code, result.out, result.err) == (2, "", dutch + "\n")


def test_an_option_without_its_value(cli: Cli) -> None:
    result = cli("score", "--root", SCORING, "--format")
    assert (result.code, result.err) == (
        2,
        "flevonorm: --format needs a value (see flevonorm score -h)\n",
    )
    result = cli("score", "--lang", "nl", "--root", SCORING, "--format")
    assert result.err == "flevonorm: achter --format hoort een waarde (zie flevonorm score -h)\n"


def test_a_path_option_that_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = cli("report", "--templates", str(missing), "--root", SCORING)
    assert result.code == 2
    assert result.err == f"flevonorm: --templates {missing}: it does not exist\n"
    result = cli("report", "--templates", str(missing), "--root", SCORING, "--lang", "nl")
    assert result.err == f"flevonorm: --templates {missing}: dat bestaat niet\n"


def test_a_library_word_never_reaches_the_user(cli: Cli) -> None:
    for args in (["--format", "xml"], ["--partial-weight", "0,5,5"], ["--partial-weight", "2"]):
        err = cli("score", *args, "--root", SCORING).err
        for words in ("Value error", "Input should", "unable to parse", "Usage:", "Error:"):
            assert words not in err


def test_a_near_miss_round_id_gets_the_nearest_suggested(cli: Cli, tmp_path: Path) -> None:
    autumn = 'id: 2022-autumn\nkind: evaluation\nnorm: "1.0"\ndate: 2022-11-15\n'
    root = make_repo(tmp_path, {"rounds/2022-autumn/round.yaml": autumn})
    result = cli("score", "2022-autum", "--root", str(root))
    assert result.code == 2
    assert result.err == (
        "flevonorm: unknown round '2022-autum': give a round id or a folder under rounds/ "
        "(known rounds: 2022-autumn, r1); did you mean 2022-autumn?\n"
    )
    result = cli("score", "2022-autum", "--lang", "nl", "--root", str(root))
    assert result.err == (
        "flevonorm: onbekende ronde '2022-autum': geef de id van een ronde of een map in rounds/ "
        "(bekende rondes: 2022-autumn, r1); bedoelt u 2022-autumn?\n"
    )


def test_a_partner_file_names_its_round_and_only_its_problems(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "rounds/r1/gem-a.yaml": 'partner: gem-a\nambitions:\n  "1.1": Behaald\n',
            "rounds/r1/prov.yaml": 'partner: prov\nambitions:\n  "1.1": bogus\n',
        },
    )
    result = cli("validate", "rounds/r1/gem-a.yaml", "--lang", "nl", cwd=root)
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-a.yaml:3:10: error: 'Behaald' is geen status; bedoelt u 'behaald'?\n"
        "1 fout, 0 waarschuwingen\n"
    )
    # From inside the round's folder, as typed there.
    result = cli("validate", "gem-a.yaml", cwd=root / "rounds" / "r1")
    assert result.out == (
        "rounds/r1/gem-a.yaml:3:10: error: 'Behaald' is not a status; did you mean 'behaald'?\n"
        "1 error, 0 warnings\n"
    )


@given(thousandths=st.integers(min_value=0, max_value=1000))
def test_a_decimal_comma_reads_as_a_decimal_point(thousandths: int) -> None:
    written = f"{thousandths // 1000}.{thousandths % 1000:03d}"
    assert parse_partial_weight(written.replace(".", ",")) == parse_partial_weight(written)
    assert Fraction(str(parse_partial_weight(written))) == Fraction(thousandths, 1000)
