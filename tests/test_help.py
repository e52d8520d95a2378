"""Help a person reads (spec/cli.md): `-h` and `--help` on every command, an example each,
metavariables such as ROUND... and W, never a type name, a range or doubled brackets."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from flevonorm.cli import app
from flevonorm.cli import commands as _registered  # noqa: F401 - registers every command

from .conftest import Cli


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths.extend(_command_paths(sub, (*path, name)))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_every_command_is_found() -> None:
    assert {" ".join(p) for p in COMMANDS} >= {
        "", "validate", "score", "report", "trend", "diff", "schema", "init",
        "round", "round new", "norm", "norm show", "norm diff",
    }  # fmt: skip


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "flevonorm")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_shows_what_a_person_types(cli: Cli, path: tuple[str, ...], flag: str) -> None:
    result = cli(*path, flag)
    assert result.code == 0
    assert result.err == ""
    text = result.out
    assert text.startswith(f"Usage: {' '.join(('flevonorm', *path))} ")
    assert "\n  Example: flevonorm" in text
    assert "<" not in text and ">" not in text  # <str>, <list[str]>, <text|json|github>
    assert not re.search(r"x\s*[<>]=|[<>]=\s*x", text)  # 0.0<=x<=1.0, x>=0
    assert "[[" not in text and "{" not in text  # [[ROUND]], {ID}
    assert "0.0" not in text


def test_usage_lines_and_metavariables(cli: Cli) -> None:
    validate = cli("validate", "-h").out
    assert "Usage: flevonorm validate [OPTIONS] [ROUND...]\n" in validate
    assert "\n  [ROUND...]  Rounds to check" in validate
    assert "--max-per-file N " in validate and "--format FORMAT " in validate
    score = cli("score", "-h").out
    assert "Usage: flevonorm score [OPTIONS] [ROUND]\n" in score
    assert "--partial-weight W  Points for a partial status, from 0 to 1 (0.5 or 0,5)." in score
    assert "--root DIR " in score and "--lang LANG " in score
    new = cli("round", "new", "-h").out
    assert "Usage: flevonorm round new [OPTIONS] ID\n" in new
    assert "--norm V         The norm version it is under.  [required]" in new
    diff = cli("norm", "diff", "-h").out
    assert "Usage: flevonorm norm diff [OPTIONS] OLD NEW\n" in diff


def test_every_command_takes_lang(cli: Cli) -> None:
    for path in COMMANDS:
        if path in {("round",), ("norm",)}:
            continue  # groups: their commands take it
        assert "--lang LANG " in cli(*path, "-h").out, path
