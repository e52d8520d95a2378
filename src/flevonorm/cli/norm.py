"""`flevonorm norm show` and `flevonorm norm diff`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from flevonorm.cli.app import (
    Language,
    LanguageOption,
    RootOption,
    app,
    console,
    exit_code,
    locate_one,
    show_problems,
)

norm_app = typer.Typer(
    name="norm",
    help="The norm itself: a version as a table, or what a newer version changed.\n\n"
    "Example: flevonorm norm show 1.0",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(norm_app, name="norm")


class NormFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"


FormatOption = Annotated[NormFormat, typer.Option("--format", help="table, md or json.")]


@norm_app.command("show")
def show(
    version: Annotated[
        str | None,
        typer.Argument(
            help="A version in norm.yaml; default: the newest adopted one, else the newest.",
            show_default=False,
            metavar="[VERSION]",
        ),
    ] = None,
    fmt: FormatOption = NormFormat.table,
    lang: LanguageOption = Language.nl,
    root: RootOption = None,
) -> int:
    """A version of the norm: theme, id, short name, text, applies to and items of every
    ambition. JSON is the version as written in norm.yaml with the defaults filled in.

    Example: flevonorm norm show 2.0 --format md
    """
    from flevonorm.commands.norm import show_norm
    from flevonorm.writers import norm as writer
    from flevonorm.writers.table import print_renderable

    repo_root, _no_round = locate_one(root, None)
    outcome = show_norm(repo_root, version)
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    name, shown = outcome.value.norm_name, outcome.value.version
    if fmt is NormFormat.json:
        sys.stdout.write(writer.version_as_json_text(shown))
    elif fmt is NormFormat.md:
        sys.stdout.write(writer.version_as_markdown(name, shown, lang.value))
    else:
        out = console()
        plain = not out.is_terminal
        table = writer.version_as_renderable(name, shown, lang.value, width=out.width, plain=plain)
        print_renderable(table, out)
    return exit_code(errors=False)


@norm_app.command("diff")
def diff(
    old: Annotated[str, typer.Argument(help="The older version.", metavar="OLD")],
    new: Annotated[str, typer.Argument(help="The version that continues OLD.", metavar="NEW")],
    fmt: FormatOption = NormFormat.table,
    lang: LanguageOption = Language.nl,
    root: RootOption = None,
) -> int:
    """What version NEW added, dropped, changed, split and merged with respect to OLD,
    following the `from` links (over several versions if NEW continues OLD through them).

    Example: flevonorm norm diff 1.0 2.0 --format md
    """
    from flevonorm.commands.norm import diff_norm
    from flevonorm.writers import norm as writer
    from flevonorm.writers.table import print_renderable

    repo_root, _no_round = locate_one(root, None)
    outcome = diff_norm(repo_root, old, new)
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    name, found, path = outcome.value.norm_name, outcome.value.diff, outcome.value.path
    if fmt is NormFormat.json:
        sys.stdout.write(writer.norm_diff_as_json_text(found))
    elif fmt is NormFormat.md:
        sys.stdout.write(writer.norm_diff_as_markdown(name, found, path, lang.value))
    else:
        out = console()
        table = writer.norm_diff_as_renderable(
            name, found, path, lang.value, plain=not out.is_terminal
        )
        print_renderable(table, out)
    return exit_code(errors=False)
