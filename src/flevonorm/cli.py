"""The command line: each command parses options, calls one core function and hands the
result to a writer. Exit codes are decided in `run` alone (spec/cli.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flevonorm import __version__
from flevonorm.errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_OK,
    FlevonormError,
    UsageProblem,
    internal_error_message,
)
from flevonorm.output import ProblemFormat

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
    sys.stdout.write(format_problems(problems, fmt, max_per_file))
    if fmt is ProblemFormat.text and not problems:
        checked = len(repo.rounds)
        print(f"ok: norm.yaml, partners.yaml and {checked} round{'s' * (checked != 1)} are valid")
    _exit_for(any(p.is_error or strict for p in problems))


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
) -> None:
    """Write JSON Schemas (draft 7) for norm.yaml, partners.yaml, round.yaml and assessments.

    Editors use them through a first line such as
    '# yaml-language-server: $schema=schemas/norm.schema.json'.

    Example: flevonorm schema -o schemas
    """
    from flevonorm.output import write_atomic
    from flevonorm.schemas import build_schemas

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
    except (typer.Abort, KeyboardInterrupt):
        print("flevonorm: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(internal_error_message(exc), file=sys.stderr)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


def main() -> None:
    sys.exit(run())


__all__ = ["UsageProblem", "app", "main", "run"]
