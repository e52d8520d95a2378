"""The command line: each command parses options, calls one core function and hands the
result to a writer. Exit codes are decided in `run` alone (spec/cli.md)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flevonorm import __version__
from flevonorm.errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_OK,
    FlevonormError,
    internal_error_message,
)
from flevonorm.output import ProblemFormat

if TYPE_CHECKING:
    from rich.console import Console

    from flevonorm.problems import Problem

app = typer.Typer(
    name="flevonorm",
    help="Validate, score and report the Flevolandse Norm from the YAML in a norm repository.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The norm repository (the folder with norm.yaml). "
        "Default: the nearest such folder from here upwards.",
        file_okay=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"flevonorm {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Validate, score and report the Flevolandse Norm from the YAML in a norm repository."""


def _exit_for(problems_exist: bool) -> None:
    if problems_exist:
        raise typer.Exit(EXIT_DATA)


@app.command()
def validate(
    rounds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Rounds to check (id or folder); default: every round.", show_default=False
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
            min=0,
            help="Show at most this many problems per file (0: all); the rest are counted.",
        ),
    ] = 20,
    root: RootOption = None,
) -> None:
    """Check every file (or the rounds named) against the data format.

    Prints every problem as path:line:col: severity: message and exits 1 when there are
    errors (or warnings, with --strict).

    Example: flevonorm validate rounds/2022-autumn --strict
    """
    from flevonorm.checks import load_checked
    from flevonorm.output import format_problems

    repo_root, round_ids = _locate(root, rounds or [])
    repo = load_checked(repo_root, round_ids)
    problems = repo.problems.sorted()
    if strict:
        # Under --strict a warning (a missing partner, say) is an error, and says so.
        problems = [p.as_error() for p in problems]
    sys.stdout.write(format_problems(problems, fmt, max_per_file))
    if fmt is ProblemFormat.text and not problems:
        checked = len(repo.rounds)
        print(f"ok: norm.yaml, partners.yaml and {checked} round{'s' * (checked != 1)} are valid")
    _exit_for(any(p.is_error for p in problems))


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


PartialWeightOption = Annotated[
    float,
    typer.Option(
        "--partial-weight", min=0.0, max=1.0, help="Points for a partial status (0 to 1)."
    ),
]

RoundArgument = Annotated[
    str | None,
    typer.Argument(
        help="Round id or folder (rounds/2022-autumn); default: the latest by date.",
        show_default=False,
    ),
]


@app.command()
def score(
    round_arg: RoundArgument = None,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", help="table, json or csv.")
    ] = ScoreFormat.table,
    partial_weight: PartialWeightOption = 0.0,
    root: RootOption = None,
) -> None:
    """Achievement per partner, per theme and overall (pooled over all partners).

    Problems go to stderr; errors in norm.yaml, partners.yaml or the round stop the
    scoring with exit code 1.

    Example: flevonorm score rounds/2022-autumn --format json
    """
    from fractions import Fraction

    from flevonorm import score_output, tasks

    repo_root, round_id = _locate_one(root, round_arg)
    result = tasks.score(repo_root, round_id, Fraction(str(partial_weight)))
    _report_problems(result.problems)
    if result.scorecard is None:
        raise typer.Exit(EXIT_DATA)
    if fmt is ScoreFormat.json:
        sys.stdout.write(score_output.scorecard_as_json(result.scorecard))
    elif fmt is ScoreFormat.csv:
        sys.stdout.write(score_output.scorecard_as_csv(result.scorecard))
    else:
        score_output.print_scorecard(result.scorecard, _console())


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Language(StrEnum):
    nl = "nl"
    en = "en"


@app.command()
def report(
    round_arg: RoundArgument = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="md (Markdown), html or json.")
    ] = ReportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (atomically) instead of stdout.",
            dir_okay=False,
        ),
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="nl or en.")] = Language.nl,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder whose templates override the shipped ones, file by file.",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    partial_weight: PartialWeightOption = 0.0,
    root: RootOption = None,
) -> None:
    """The evaluation report of a round: key figure, partners, themes, matrix, weakest
    links, trend, open points, method and the norm's text.

    Example: flevonorm report rounds/2022-autumn --format html -o evaluatie.html
    """
    import json
    from fractions import Fraction

    from flevonorm import tasks
    from flevonorm.output import write_atomic
    from flevonorm.render import render_report, shipped_templates

    repo_root, round_id = _locate_one(root, round_arg)
    result = tasks.report(repo_root, round_id, Fraction(str(partial_weight)))
    _report_problems(result.problems)
    if result.context is None:
        raise typer.Exit(EXIT_DATA)
    if fmt is ReportFormat.json:
        text = json.dumps(result.context, ensure_ascii=False, indent=2) + "\n"
    else:
        search_path = [p for p in (templates, repo_root / "templates") if p is not None]
        text = render_report(
            result.context, fmt.value, lang.value, [*search_path, shipped_templates()]
        )
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        print(f"wrote {output}", file=sys.stderr)


def _report_problems(problems: list[Problem]) -> None:
    """Every command but validate keeps stdout for its result: problems go to stderr."""
    from flevonorm.output import problems_as_text

    sys.stderr.write(problems_as_text(problems, max_per_file=20))


def _console() -> Console:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        # Piped: plain text at a width that never wraps a table row.
        console = Console(width=200, no_color=True, highlight=False)
    return console


@app.command()
def schema(
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the four schemas into this folder "
            "(created if needed) instead of listing them.",
            file_okay=False,
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Write JSON Schemas (draft 7) for norm.yaml, partners.yaml, round.yaml and assessments.

    Editors use them through a first line such as
    '# yaml-language-server: $schema=schemas/norm.schema.json'.

    Example: flevonorm schema -o schemas
    """
    from flevonorm.output import write_atomic
    from flevonorm.schemas import build_schemas

    del root  # accepted like on every command; the schemas do not depend on the data
    schemas = build_schemas()
    if output_dir is None:
        for name, text in schemas.items():
            print(f"=== {name}")
            sys.stdout.write(text)
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.items():
        write_atomic(output_dir / name, text)
        print(f"wrote {output_dir / name}")


def _locate(root: Path | None, round_args: list[str]) -> tuple[Path, list[str] | None]:
    from flevonorm.repository import find_root, resolve_round

    cwd = Path.cwd()
    repo_root = find_root(cwd, root)
    ids = [resolve_round(repo_root, arg, cwd) for arg in round_args] if round_args else None
    return repo_root, ids


def _locate_one(root: Path | None, round_arg: str | None) -> tuple[Path, str | None]:
    """The repository root and the round meant (None: the latest, decided once loaded)."""
    repo_root, round_ids = _locate(root, [round_arg] if round_arg else [])
    return repo_root, round_ids[0] if round_ids else None


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; the only place exit codes are chosen."""
    try:
        result = app(args=argv, prog_name="flevonorm", standalone_mode=False)
    except FlevonormError as exc:
        print(f"flevonorm: {exc}", file=sys.stderr)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # a bad call: unknown option, missing argument
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:  # pragma: no cover - typer's own exceptions all have show()
            print(f"flevonorm: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`flevonorm report | head`): not a bug, nothing to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (typer.Abort, KeyboardInterrupt):
        print("flevonorm: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(internal_error_message(exc), file=sys.stderr)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


def main() -> None:
    sys.exit(run())
