"""An applicable ambition left out of a file is a warning, one per file at its `ambitions:`
key, naming every ambition left out; a file that assesses nothing gets one warning that
nothing is assessed yet (data-format.md). In English and in Dutch.

tests/data/base: ambitions 1.1, 1.2, 2.1, 2.10 apply to a municipality, 1.1 and 2.1 to the
province.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Cli, make_repo

# gem-a deletes the blocks of 1.2 and 2.10; a comment and assessed_on push `ambitions:`
# down to line 4.
GEM_A_WITHOUT_TWO = """# Gemeente A, evaluatie
partner: gem-a
assessed_on: 2022-11-01
ambitions:
  "1.1": achieved
  "2.1":
    items:
      "2.1.1": true
      "2.1.2.A": false
"""
PROV_WITHOUT_ONE = 'partner: prov\nambitions:\n  "1.1": not_achieved\n'


def left_out_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path,
        {"rounds/r1/gem-a.yaml": GEM_A_WITHOUT_TWO, "rounds/r1/prov.yaml": PROV_WITHOUT_ONE},
    )


def test_left_out_ambitions_are_named_at_the_ambitions_key(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", "--root", str(left_out_repo(tmp_path)))
    assert result.code == 0  # a warning: the file is valid, the ambitions count as not assessed
    assert result.out == (
        "rounds/r1/gem-a.yaml:4:1: warning: ambitions 1.2, 2.10 are left out of this file and "
        "count as not assessed; add them, with status: not_assessed where they are not "
        "assessed yet\n"
        "rounds/r1/prov.yaml:2:1: warning: ambition 2.1 is left out of this file and counts as "
        "not assessed; add it, with status: not_assessed if it is not assessed yet\n"
        "0 errors, 2 warnings\n"
    )


def test_left_out_ambitions_in_dutch(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", "--lang", "nl", "--root", str(left_out_repo(tmp_path)))
    assert result.code == 0
    assert result.out == (
        "rounds/r1/gem-a.yaml:4:1: warning: ambities 1.2, 2.10 ontbreken in dit bestand en "
        "tellen als niet beoordeeld; voeg ze toe, met status: niet_beoordeeld waar ze nog niet "
        "beoordeeld zijn\n"
        "rounds/r1/prov.yaml:2:1: warning: ambitie 2.1 ontbreekt in dit bestand en telt als "
        "niet beoordeeld; voeg deze toe, met status: niet_beoordeeld als die nog niet is "
        "beoordeeld\n"
        "0 fouten, 2 waarschuwingen\n"
    )


def test_a_deleted_block_lowers_the_score_and_is_warned_about_by_score_too(
    cli: Cli, tmp_path: Path
) -> None:
    # gem-a: 1.1 achieved, 2.1 one of two items (partial), 1.2 and 2.10 not assessed: 1 of 4.
    result = cli("score", "r1", "--format", "json", "--root", str(left_out_repo(tmp_path)))
    assert result.code == 0
    gem_a = next(p for p in json.loads(result.out)["partners"] if p["id"] == "gem-a")
    assert (gem_a["points"], gem_a["applicable"], gem_a["counts"]["not_assessed"]) == (1.0, 4, 2)
    assert result.err.startswith(
        "rounds/r1/gem-a.yaml:4:1: warning: ambitions 1.2, 2.10 are left out of this file"
    )


def test_strict_makes_a_left_out_ambition_an_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", "--strict", "--root", str(left_out_repo(tmp_path)))
    assert result.code == 1
    assert result.out.splitlines()[-1] == "2 errors, 0 warnings"


def test_an_explicit_not_assessed_is_no_warning(cli: Cli, tmp_path: Path) -> None:
    listed = PROV_WITHOUT_ONE + '  "2.1": not_assessed\n'
    result = cli("validate", "--root", str(make_repo(tmp_path, {"rounds/r1/prov.yaml": listed})))
    assert result.out == "ok: norm.yaml, partners.yaml and 1 round are valid\n"


@pytest.mark.parametrize("empty", ["ambitions: {}\n", "ambitions:\n"], ids=["braces", "nothing"])
def test_nothing_assessed_yet_is_one_warning(cli: Cli, tmp_path: Path, empty: str) -> None:
    files = {
        "rounds/r1/gem-b.yaml": "partner: gem-b\nassessed_by: Coördinator\n" + empty,
        "rounds/r1/prov.yaml": "partner: prov\n" + empty,
    }
    result = cli("validate", "--root", str(make_repo(tmp_path, files)))
    assert result.code == 0
    assert result.out == (
        "rounds/r1/gem-b.yaml:3:1: warning: nothing assessed yet: all 4 ambitions for a "
        "municipality count as not assessed\n"
        "rounds/r1/prov.yaml:2:1: warning: nothing assessed yet: all 2 ambitions for a "
        "province count as not assessed\n"
        "0 errors, 2 warnings\n"
    )


def test_nothing_assessed_yet_in_dutch_from_the_locale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    root = make_repo(tmp_path, {"rounds/r1/prov.yaml": "partner: prov\nambitions: {}\n"})
    result = cli("validate", "--root", str(root))
    assert result.out == (
        "rounds/r1/prov.yaml:2:1: warning: nog niets beoordeeld: alle 2 ambities voor een "
        "provincie tellen als niet beoordeeld\n"
        "0 fouten, 1 waarschuwing\n"
    )
