"""`flevonorm init`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flevonorm.cli.app import MessagesLanguageOption, app, exit_code


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Where to start the repository (default: here).",
            metavar="[DIR]",
            show_default=False,
        ),
    ] = Path("."),
    name: Annotated[
        str, typer.Option("--name", help='The norm\'s name, e.g. "Limburgse Norm".', metavar="NAME")
    ] = "",
    lang: MessagesLanguageOption = None,
) -> int:
    """Start a norm repository for another region: a draft norm, one example partner,
    rounds/, schemas, a pre-commit hook, CI for GitHub and GitLab, and a README. Refuses
    when any of those files exists already.

    Example: flevonorm init limburg --name "Limburgse Norm"
    """
    from flevonorm.commands.init import init_files
    from flevonorm.errors import UsageProblem
    from flevonorm.files import write_new_tree
    from flevonorm.i18n import _

    del lang  # chosen by run() before parsing
    if not name.strip():
        raise UsageProblem(_('init needs --name, e.g. --name "Limburgse Norm"'))
    write_new_tree(folder, dict(init_files(name)))
    message = _("started a norm repository in {folder}; next: flevonorm validate --root {folder}")
    print(message.format(folder=folder), file=sys.stderr)
    return exit_code(errors=False)
