"""`flevonorm report`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from flevonorm.cli.app import (
    Language,
    LanguageOption,
    NoCacheOption,
    PartialWeightOption,
    RootOption,
    RoundArgument,
    StaleAfterOption,
    app,
    exit_code,
    locate_one,
    show_problems,
    use_cache,
)
from flevonorm.defaults import STALE_AFTER
from flevonorm.errors import UsageProblem
from flevonorm.textsafe import json_text


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    xlsx = "xlsx"


class Audience(StrEnum):
    internal = "internal"
    public = "public"


@app.command()
def report(
    round_arg: RoundArgument = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", help="md (Markdown), html, json or xlsx (with -o)."),
    ] = ReportFormat.md,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (atomically) instead of stdout; '-' is stdout.",
            metavar="FILE",
        ),
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            help="internal: every partner's figures, marked 'Niet openbaar'; public: "
            "totals only, nothing from which one partner's figure can be worked out.",
        ),
    ] = Audience.internal,
    lang: LanguageOption = Language.nl,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder whose templates override the shipped ones, file by file.",
            file_okay=False,
            exists=True,
            metavar="DIR",
        ),
    ] = None,
    partial_weight: PartialWeightOption = 0.0,
    stale_after: StaleAfterOption = STALE_AFTER,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> int:
    """The evaluation report of a round: key figure, partners, themes, matrix, weakest
    links and shared gaps, trend, open points, method and the norm's text; with
    --audience public, what may be published: totals, themes, what every partner achieved.

    Example: flevonorm report rounds/2022-autumn --audience public --format html -o evaluatie.html
    """
    from fractions import Fraction

    from flevonorm.commands.report import report as run_report
    from flevonorm.files import write_output
    from flevonorm.render import render_report, shipped_templates

    if fmt is ReportFormat.xlsx and (output is None or (output == "-" and sys.stdout.isatty())):
        raise UsageProblem(
            "--format xlsx writes a binary workbook: give -o FILE (or -o - into a pipe)"
        )
    use_cache(no_cache)
    repo_root, target = locate_one(root, round_arg)
    outcome = run_report(
        repo_root,
        target,
        Fraction(str(partial_weight)),
        stale_after,
        "public" if audience is Audience.public else "internal",
    )
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    # A repository's own templates (and words) come before the shipped ones, in every format.
    search_path = [p for p in (templates, repo_root / "templates") if p is not None]
    search_path.append(shipped_templates())
    if fmt is ReportFormat.xlsx:
        from flevonorm.writers.xlsx import report_as_xlsx

        workbook = report_as_xlsx(outcome.value, lang.value, search_path, display_root=repo_root)
        write_output(output, workbook)
        if output != "-":
            from flevonorm.i18n import _

            print(_("wrote {path}").format(path=output), file=sys.stderr)
        return exit_code(errors=False)
    data = outcome.value.model_dump(mode="json")
    if fmt is ReportFormat.json:
        text = json_text(data)
    else:
        text = render_report(data, fmt.value, lang.value, search_path, display_root=repo_root)
    write_output(output, text)
    if output is not None and str(output) != "-":
        from flevonorm.i18n import _

        print(_("wrote {path}").format(path=output), file=sys.stderr)
    return exit_code(errors=False)
