"""`flevonorm round new`."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from flevonorm.cli.app import (
    MessagesLanguageOption,
    RootOption,
    app,
    exit_code,
    locate,
    show_problems,
)
from flevonorm.errors import UsageProblem
from flevonorm.i18n import _, ngettext

round_app = typer.Typer(
    help="Start a new round.\n\nExample: flevonorm round new 2023-spring --norm 1.0 "
    "--date 2023-04-01 --from 2022-autumn",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(round_app, name="round")


def _date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise UsageProblem(_("--date {value}: write the date as YYYY-MM-DD").format(value=text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        # 2023-13-01 has the right form; saying so again would not help.
        message = _("{value} is not a date in the calendar").format(value=repr(text))
        raise UsageProblem(f"--date {text}: {message}") from None


@round_app.command("new")
def round_new(
    round_id: Annotated[
        str, typer.Argument(help="The new round's id (its folder name).", metavar="ID")
    ],
    norm: Annotated[str, typer.Option("--norm", help="The norm version it is under.", metavar="V")],
    on: Annotated[str, typer.Option("--date", help="Its reference date, YYYY-MM-DD.", metavar="D")],
    from_round: Annotated[
        str | None,
        typer.Option(
            "--from", help="Carry statuses, notes and comments from this round.", metavar="ROUND"
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="monitoring or evaluation (default: that of --from, else monitoring).",
            metavar="K",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Its title.", metavar="T")] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder whose templates override the shipped ones.",
            file_okay=False,
            exists=True,
            metavar="DIR",
        ),
    ] = None,
    lang: MessagesLanguageOption = None,
    root: RootOption = None,
) -> int:
    """Create rounds/ID with round.yaml and one file per expected partner, every ambition
    listed with its text as a comment. Never overwrites: an existing folder is refused.

    Example: flevonorm round new 2023-spring --norm 1.0 --date 2023-04-01 --from 2022-autumn
    """
    from flevonorm.commands.round_new import round_new as use_case
    from flevonorm.files import write_new_tree

    del lang  # chosen by run() before parsing

    repo_root, targets = locate(root, [from_round] if from_round else [])
    outcome = use_case(
        repo_root, round_id, version_id=norm, on=_date(on),
        from_target=targets[0] if targets else None, kind=kind, title=title,
        templates=templates,
    )  # fmt: skip
    show_problems(outcome.problems)
    if outcome.value is None:
        return exit_code(errors=True)
    write_new_tree(repo_root / outcome.value.folder, dict(outcome.value.files),
                   refuse_existing_root=True)  # fmt: skip
    written = len(outcome.value.files)
    message = ngettext("wrote {folder}/ ({count} file)", "wrote {folder}/ ({count} files)", written)
    print(message.format(folder=outcome.value.folder, count=written), file=sys.stderr)
    return exit_code(errors=False)
