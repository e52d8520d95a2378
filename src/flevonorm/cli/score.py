"""`flevonorm score`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from flevonorm.cli.app import (
    MessagesLanguageOption,
    NoCacheOption,
    PartialWeightOption,
    RootOption,
    RoundArgument,
    app,
    console,
    exit_code,
    locate_one,
    show_problems,
    use_cache,
)


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def score(
    round_arg: RoundArgument = None,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", help="table, json or csv.")
    ] = ScoreFormat.table,
    partial_weight: PartialWeightOption = 0.0,
    lang: MessagesLanguageOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> int:
    """Achievement per partner, per theme and overall (pooled over all partners).

    Problems go to stderr; errors in norm.yaml, partners.yaml or the round stop the
    scoring with exit code 1.

    Example: flevonorm score rounds/2022-autumn --format json
    """
    from fractions import Fraction

    from flevonorm.commands.score import score as run_score
    from flevonorm.writers import scorecard as writer

    del lang  # chosen by run() before parsing; the table's words follow it

    use_cache(no_cache)
    repo_root, target = locate_one(root, round_arg)
    outcome = run_score(repo_root, target, Fraction(str(partial_weight)))
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    if fmt is ScoreFormat.json:
        sys.stdout.write(writer.scorecard_as_json(outcome.value))
    elif fmt is ScoreFormat.csv:
        sys.stdout.write(writer.scorecard_as_csv(outcome.value))
    else:
        writer.print_scorecard(outcome.value, console())
    return exit_code(errors=False)
