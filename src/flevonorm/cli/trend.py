"""`flevonorm trend`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from flevonorm.cli.app import (
    Language,
    LanguageOption,
    NoCacheOption,
    PartialWeightOption,
    RootOption,
    app,
    console,
    exit_code,
    locate_one,
    show_problems,
    use_cache,
)


class TrendFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    csv = "csv"


@app.command()
def trend(
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner", help="Only this partner (its id), beside the overall figure.", metavar="ID"
        ),
    ] = None,
    fmt: Annotated[
        TrendFormat, typer.Option("--format", help="table, md, json or csv.")
    ] = TrendFormat.table,
    lang: LanguageOption = Language.nl,
    partial_weight: PartialWeightOption = 0.0,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> int:
    """Every partner's and the overall score, round by round, oldest first.

    Where rounds fall under different norm versions, the like-for-like figure (over the
    ambitions that continue through every version) stands beside the raw one.

    Example: flevonorm trend --format md
    """
    from fractions import Fraction

    from flevonorm.commands.trend import trend as run_trend
    from flevonorm.textsafe import rich_text
    from flevonorm.writers import trend as writer
    from flevonorm.writers.table import build_table, print_renderable

    use_cache(no_cache)
    repo_root, _no_round = locate_one(root, None)
    outcome = run_trend(repo_root, partner, Fraction(str(partial_weight)))
    show_problems(outcome.problems)
    series = outcome.value
    if series is None:
        return exit_code(errors=True)
    if fmt is TrendFormat.json:
        sys.stdout.write(writer.trend_as_json(series))
    elif fmt is TrendFormat.csv:
        sys.stdout.write(writer.trend_as_csv(series))
    elif fmt is TrendFormat.md:
        sys.stdout.write(writer.trend_as_markdown(series, lang.value))
    else:
        out = console()
        header, rows = writer.trend_rows(series, lang.value)
        for line in writer.round_legend(series):
            out.print(rich_text(line))
        print_renderable(build_table(header, rows, plain=not out.is_terminal), out)
        if series.mixes_versions:
            print(writer.LIKE_FOR_LIKE_SENTENCE[lang.value])
    return exit_code(errors=False)
