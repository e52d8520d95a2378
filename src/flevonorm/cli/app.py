"""The typer app, the options every command shares, and `run`: the one place where exit
codes are chosen (spec/cli.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flevonorm.errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_OK,
    FlevonormError,
    internal_error_message,
)

if TYPE_CHECKING:
    from rich.console import Console

    from flevonorm.paths import RoundTarget
    from flevonorm.problems import Problem

app = typer.Typer(
    name="flevonorm",
    help="Validate, score and report the Flevolandse Norm from the YAML in a norm repository.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The norm repository (the folder with norm.yaml). "
        "Default: the nearest such folder from here upwards.",
        file_okay=False,
        metavar="DIR",
    ),
]

PartialWeightOption = Annotated[
    float,
    typer.Option(
        "--partial-weight",
        min=0.0,
        max=1.0,
        help="Points for a partial status, from 0 to 1.",
        metavar="W",
    ),
]


class Language(StrEnum):
    nl = "nl"
    en = "en"


LanguageOption = Annotated[Language, typer.Option("--lang", help="nl or en.")]

StaleAfterOption = Annotated[
    int,
    typer.Option(
        "--stale-after",
        min=0,
        metavar="N",
        help="Warn about an answer repeated unchanged for N rounds while not achieved (0: never).",
    ),
]

RoundArgument = Annotated[
    str | None,
    typer.Argument(
        help="Round id or folder (rounds/2022-autumn); default: the latest by date.",
        show_default=False,
        metavar="[ROUND]",
    ),
]


def _version(value: bool) -> None:
    if value:
        from flevonorm import __version__

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


def locate(root: Path | None, round_args: Sequence[str]) -> tuple[Path, list[RoundTarget]]:
    """The repository root and the rounds meant by the arguments, as the user typed them."""
    from flevonorm.paths import find_root, resolve_round
    from flevonorm.sources import WorkTree

    cwd = Path.cwd()
    repo_root = find_root(cwd, root)
    known = WorkTree(repo_root).round_folders() if round_args else []
    return repo_root, [resolve_round(repo_root, arg, cwd, known) for arg in round_args]


def locate_one(root: Path | None, round_arg: str | None) -> tuple[Path, RoundTarget | None]:
    """The repository root and the round meant (None: the latest)."""
    repo_root, targets = locate(root, [round_arg] if round_arg else [])
    return repo_root, targets[0] if targets else None


def show_problems(problems: list[Problem]) -> None:
    """Every command but validate keeps stdout for its result: problems go to stderr."""
    from flevonorm.writers.problems import problems_as_text

    sys.stderr.write(problems_as_text(problems, max_per_file=20))


def exit_code(*, errors: bool) -> int:
    """0 when the data allowed the result, 1 when errors in it were printed instead."""
    return EXIT_DATA if errors else EXIT_OK


def console() -> Console:
    from rich.console import Console

    terminal = Console()
    if not terminal.is_terminal:
        # Piped: plain text at a width that never wraps a table row.
        return Console(width=200, no_color=True, highlight=False, markup=False, emoji=False)
    return Console(markup=False, emoji=False, highlight=False)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; the only place exit codes are chosen."""
    # The commands register themselves on `app` when imported.
    from flevonorm.cli import commands  # noqa: F401

    try:
        result = app(args=argv, prog_name="flevonorm", standalone_mode=False)
    except FlevonormError as exc:
        if exc.problems:
            show_problems(exc.problems)
        else:
            from flevonorm.textsafe import terminal_safe

            print(f"flevonorm: {terminal_safe(str(exc))}", file=sys.stderr)
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
