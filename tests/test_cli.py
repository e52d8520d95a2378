"""The command line as a user meets it: finding the root, naming rounds, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, PROJECT, Cli, make_repo


@pytest.mark.parametrize("argument", ["r1", "rounds/r1", "./rounds/r1/"])
def test_round_by_id_or_folder_from_the_root(cli: Cli, argument: str) -> None:
    result = cli("score", argument, "--format", "csv", cwd=DATA / "scoring")
    assert result.code == 0
    assert result.out.splitlines()[-1] == "overall,,,5,2,1,2,1,5,9,0.5556,false"


def test_round_folder_relative_to_a_subfolder(cli: Cli) -> None:
    result = cli("score", "../r1", "--format", "csv", cwd=DATA / "scoring" / "rounds" / "r1")
    assert result.code == 0


def test_latest_round_by_date_is_the_default(cli: Cli) -> None:
    result = cli("score", "--format", "json", cwd=PROJECT / "rounds")
    assert json.loads(result.out)["round"] == "2025-autumn"  # the 2.0 round, dated 2025-10-15


def test_unknown_round_is_a_usage_error(cli: Cli) -> None:
    result = cli("score", "2030-spring", cwd=DATA / "scoring")
    assert result.code == 2
    assert result.err == (
        "flevonorm: unknown round '2030-spring': give a round id or a folder under rounds/ "
        "(known rounds: r1)\n"
    )


def test_no_norm_repository_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.code == 2
    assert "no norm repository found" in result.err
    assert "pass --root DIR" in result.err


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("validate", "--bogus", cwd=DATA / "base")
    assert result.code == 2
    assert result.err == "flevonorm: no such option: --bogus (see flevonorm validate -h)\n"


def test_internal_error_exits_3_and_asks_for_a_report(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flevonorm.commands.validate

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(flevonorm.commands.validate, "validate", broken)
    result = cli("validate", cwd=DATA / "base")
    assert result.code == 3
    assert result.err.startswith("flevonorm: internal error: KeyError: 'boom'\n")
    assert "This is a bug in flevonorm, not a problem with your data" in result.err
    assert "Traceback" not in result.err


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("flevonorm ")


def test_every_command_help_has_an_example(cli: Cli) -> None:
    for command in ("validate", "score", "report", "schema"):
        result = cli(command, "--help")
        assert result.code == 0
        assert "Example: flevonorm " + command in result.out


def test_draft_norm_round_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "rounds/r2/round.yaml": 'id: r2\nkind: monitoring\nnorm: "2.0"\ndate: 2025-06-01\n',
            "rounds/r2/gem-a.yaml": 'partner: gem-a\nambitions:\n  "1.1": achieved\n',
        },
    )
    result = cli("validate", "r2", "--root", str(root))
    assert result.code == 0
    assert (
        "rounds/r2/round.yaml:3:7: warning: norm version 2.0 is draft, not adopted; figures of "
        "this round rest on a text that is not in force"
    ) in result.out.splitlines()


def test_json_and_github_formats(cli: Cli) -> None:
    result = cli("validate", "--format", "json", "--root", str(DATA / "scoring"))
    data = json.loads(result.out)
    assert result.code == 0
    assert data["valid"] is True and data["warnings"] == 2
    assert data["problems"][0] == {
        "path": "rounds/r1/gem-b.yaml", "line": 2, "column": 1, "severity": "warning",
        "message": "ambition 2.10 is left out of this file and counts as not assessed; add it, "
                   "with status: not_assessed if it is not assessed yet",
    }  # fmt: skip
    assert data["problems"][1] == {
        "path": "rounds/r1/round.yaml", "line": 1, "column": 1, "severity": "warning",
        "message": "missing: Gemeente C (gem-c) is expected in this round but has no file "
                   "rounds/r1/gem-c.yaml",
    }  # fmt: skip
    result = cli("validate", "--format", "github", "--root", str(DATA / "scoring"))
    assert result.out == (
        "::warning file=rounds/r1/gem-b.yaml,line=2,col=1::ambition 2.10 is left out of this "
        "file and counts as not assessed; add it, with status: not_assessed if it is not "
        "assessed yet\n"
        "::warning file=rounds/r1/round.yaml,line=1,col=1::missing: Gemeente C (gem-c) is "
        "expected in this round but has no file rounds/r1/gem-c.yaml\n"
    )


def test_problems_per_file_are_capped_with_a_count(cli: Cli, tmp_path: Path) -> None:
    bad = "partner: gem-a\nambitions:\n" + "".join(f'  "9.{n}": achieved\n' for n in range(30))
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": bad})
    result = cli("validate", "--max-per-file", "5", "--root", str(root))
    lines = result.out.splitlines()
    assert result.code == 1
    # 30 unknown ambitions, and the 4 real ones left out: one warning, at the top.
    assert len([line for line in lines if line.startswith("rounds/r1/gem-a.yaml:")]) == 6
    assert "rounds/r1/gem-a.yaml: ... and 26 more problems not shown" in lines
    assert lines[-1] == "30 errors, 1 warning"


def test_validate_only_the_named_round(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r0/round.yaml": "id: r0\n"})
    assert cli("validate", "--root", str(root)).code == 1
    assert cli("validate", "r1", "--root", str(root)).code == 0


def test_no_rounds_at_all_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    shutil.rmtree(root / "rounds")
    result = cli("score", "--root", str(root))
    assert result.code == 2
    assert result.err == (
        "flevonorm: there are no rounds under rounds/ yet; start one with flevonorm round new\n"
    )


def test_latest_round_unreadable_is_a_data_error(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/round.yaml": "id: r1\nkind: evaluation\n"})
    for command in ("score", "report"):
        result = cli(command, "--root", str(root))
        assert result.code == 1
        assert "rounds/r1/round.yaml:1:1: error: missing required key 'norm'" in result.err


def test_round_folder_without_round_yaml_blocks_its_score(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    (root / "rounds" / "r2").mkdir()
    result = cli("score", "r2", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith(
        "rounds/r2:1:1: error: the round folder rounds/r2/ has no round.yaml; add one\n"
    )


def test_validate_prints_every_problem_by_default(cli: Cli, tmp_path: Path) -> None:
    # cli.md: exit 1 means every problem was printed; a cap is something a user asks for.
    bad = "partner: gem-a\nambitions:\n" + "".join(f'  "9.{n}": achieved\n' for n in range(30))
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": bad})
    lines = cli("validate", "--root", str(root)).out.splitlines()
    assert len([line for line in lines if line.startswith("rounds/r1/gem-a.yaml:")]) == 31
    assert not any("not shown" in line for line in lines)


def test_ctrl_c_says_interrupted_and_exits_130(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import flevonorm.commands.score

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(flevonorm.commands.score, "score", interrupted)
    result = cli("score", "2022-autumn", cwd=PROJECT)
    assert result.code == 130
    assert result.err == "flevonorm: interrupted\n"
