"""The figures and outputs the README and docs/ show are what the bundled data gives today."""

from __future__ import annotations

import re

from .conftest import PROJECT, Cli

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _console_block(command: str) -> str:
    """The output shown under `$ COMMAND` in a console block of the README."""
    match = re.search(rf"```console\n\$ {re.escape(command)}\n(.*?)```", README, re.DOTALL)
    assert match, f"no console block for {command!r} in README.md"
    return match.group(1)


def test_the_example_diff_is_current(cli: Cli) -> None:
    result = cli("diff", "2022-summer", "2022-autumn", "--format", "md", cwd=PROJECT)
    assert result.code == 0
    assert result.out == (PROJECT / "docs" / "example-diff.md").read_text(encoding="utf-8")


def test_the_readme_shows_the_start_of_the_example_diff() -> None:
    diff = (PROJECT / "docs" / "example-diff.md").read_text(encoding="utf-8")
    # Quoted in the README, as a comment stands apart from the text around it.
    first_lines = "\n".join(f"> {line}" if line else ">" for line in diff.splitlines()[:20])
    assert first_lines in README


def test_the_readme_trend_is_current(cli: Cli) -> None:
    assert cli("trend", cwd=PROJECT).out == _console_block("flevonorm trend")


def test_the_readme_score_is_current(cli: Cli) -> None:
    shown = _console_block("flevonorm score rounds/2022-autumn")
    assert cli("score", "rounds/2022-autumn", cwd=PROJECT).out == shown
