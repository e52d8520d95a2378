"""`flevonorm validate`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from flevonorm.cli.app import (
    MessagesLanguageOption,
    NoCacheOption,
    RootOption,
    StaleAfterOption,
    app,
    count_parser,
    exit_code,
    locate,
    use_cache,
)
from flevonorm.defaults import STALE_AFTER
from flevonorm.writers.problems import ProblemFormat


@app.command()
def validate(
    rounds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Rounds to check (id, folder or partner file); default: every round.",
            show_default=False,
            metavar="[ROUND...]",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings (such as a missing partner) as errors.")
    ] = False,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", help="text, json, or github (annotations).")
    ] = ProblemFormat.text,
    max_per_file: Annotated[
        int,
        typer.Option(
            "--max-per-file",
            parser=count_parser("--max-per-file"),
            metavar="N",
            help="Show at most this many problems per file (default 0: all, as a check "
            "must); the rest are counted.",
        ),
    ] = 0,
    stale_after: StaleAfterOption = STALE_AFTER,
    lang: MessagesLanguageOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> int:
    """Check every file (or the rounds named) against the data format.

    Prints every problem as path:line:col: severity: message and exits 1 when there are
    errors (or warnings, with --strict).

    Example: flevonorm validate rounds/2022-autumn --strict
    """
    from flevonorm.commands.validate import validate as run_validate
    from flevonorm.i18n import ngettext
    from flevonorm.writers.problems import format_problems

    del lang  # chosen by run() before parsing

    use_cache(no_cache)
    repo_root, targets = locate(root, rounds or [])
    result = run_validate(repo_root, targets or None, strict=strict, stale_after=stale_after)
    sys.stdout.write(format_problems(result.problems, fmt, max_per_file))
    if fmt is ProblemFormat.text and not result.problems:
        checked = result.rounds_checked
        message = ngettext(
            "ok: norm.yaml, partners.yaml and {count} round are valid",
            "ok: norm.yaml, partners.yaml and {count} rounds are valid",
            checked,
        )
        print(message.format(count=checked))
    return exit_code(errors=result.has_errors)
