"""`flevonorm diff`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from flevonorm.cli.app import (
    Language,
    LanguageOption,
    NoCacheOption,
    RootOption,
    app,
    console,
    exit_code,
    locate,
    show_problems,
    use_cache,
)
from flevonorm.errors import UsageProblem
from flevonorm.i18n import _


class DiffFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"


@app.command()
def diff(
    rounds: Annotated[
        list[str] | None,
        typer.Argument(
            help="OLD NEW: two rounds; with --git: the round to compare (default: the latest).",
            show_default=False,
            metavar="[OLD NEW | ROUND]",
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            help="Compare the round as committed at this revision (HEAD, origin/main, a commit) "
            "with the working tree.",
            metavar="REF",
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", help="table, md (a pull-request comment) or json."),
    ] = DiffFormat.table,
    lang: LanguageOption = Language.nl,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> int:
    """What changed: statuses, items, notes and scores per partner and ambition, worsened
    first; a jump to achieved without a note or evidence is flagged.

    Example: flevonorm diff --git origin/main --format md
    """
    from flevonorm.commands import diff as use_case
    from flevonorm.writers import diff as writer

    args = rounds or []
    if git is None and len(args) != 2:
        raise UsageProblem(_("diff needs two rounds (OLD NEW), or --git REF [ROUND]"))
    if git is not None and len(args) > 1:
        raise UsageProblem(_("with --git, name at most one round"))
    use_cache(no_cache)
    repo_root, targets = locate(root, args)
    if git is None:
        outcome = use_case.diff_rounds_command(repo_root, targets[0], targets[1])
    else:
        outcome = use_case.diff_git_command(repo_root, git, targets[0] if targets else None)
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    if fmt is DiffFormat.json:
        sys.stdout.write(writer.diff_as_json(outcome.value))
    elif fmt is DiffFormat.md:
        sys.stdout.write(writer.diff_as_markdown(outcome.value, lang.value))
    else:
        console().file.write(writer.diff_as_table(outcome.value, lang.value))
    return exit_code(errors=False)
