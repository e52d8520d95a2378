"""`flevonorm schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flevonorm.cli.app import MessagesLanguageOption, RootOption, app
from flevonorm.textsafe import json_text


@app.command()
def schema(
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the schemas into this folder (created if needed) instead of "
            "printing them as one JSON object.",
            file_okay=False,
            metavar="DIR",
        ),
    ] = None,
    lang: MessagesLanguageOption = None,
    root: RootOption = None,
) -> None:
    """Write JSON Schemas (draft 7) for norm.yaml, partners.yaml, round.yaml, assessments
    and the report's JSON.

    Editors use them through a first line such as
    '# yaml-language-server: $schema=schemas/norm.schema.json'.

    Example: flevonorm schema -o schemas
    """
    import json

    from flevonorm.files import OutputError, os_reason, write_output
    from flevonorm.i18n import _
    from flevonorm.schemas import build_schemas

    del root, lang  # accepted like on every command; the schemas do not depend on the data
    schemas = build_schemas()
    if output_dir is None:
        # One JSON object, file kind -> schema (cli.md): "norm", "partners", ...
        combined = {
            name.removesuffix(".schema.json"): json.loads(text) for name, text in schemas.items()
        }
        sys.stdout.write(json_text(combined))
        return
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(output_dir), os_reason(exc)) from None
    for name, text in schemas.items():
        write_output(output_dir / name, text)
        print(_("wrote {path}").format(path=output_dir / name))
