"""Every bad input a user can write, each as its own small data tree.

A case under tests/data/invalid/<case>/ holds the files it writes over the valid
tree tests/data/base/ (under files/) and expected.txt: the exit code, files to
delete, then the exact output of `flevonorm validate`, written by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DATA, Cli

CASES = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


def build_case(case: Path, tmp_path: Path) -> tuple[Path, int, str]:
    root = tmp_path / "repo"
    shutil.copytree(DATA / "base", root)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    header, expected = (case / "expected.txt").read_text(encoding="utf-8").split("---\n", 1)
    code = 0
    for line in header.splitlines():
        key, value = line.split(": ", 1)
        if key == "exit":
            code = int(value)
        elif key == "delete":
            (root / value).unlink()
    return root, code, expected


def test_there_are_at_least_25_distinct_bad_inputs() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_validate_reports_exact_problem(case: Path, tmp_path: Path, cli: Cli) -> None:
    root, code, expected = build_case(case, tmp_path)
    result = cli("validate", "--root", str(root))
    assert result.out == expected
    assert result.code == code
    assert "Traceback" not in result.err


def test_base_tree_is_valid(cli: Cli) -> None:
    result = cli("validate", "--root", str(DATA / "base"))
    assert result.code == 0
    assert result.out == "ok: norm.yaml, partners.yaml and 1 round are valid\n"


def test_strict_turns_a_missing_partner_into_an_error(tmp_path: Path, cli: Cli) -> None:
    root, _, _ = build_case(DATA / "invalid" / "missing-partner-file", tmp_path)
    result = cli("validate", "--strict", "--root", str(root))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/round.yaml:1:1: error: missing: Gemeente B (gem-b) is expected in this "
        "round but has no file rounds/r1/gem-b.yaml\n1 error, 0 warnings\n"
    )
