"""The files `flevonorm init --name NAME` writes to start a norm repository (spec/history.md).

Their texts live in templates/init/ (installed as `flevonorm.templates`, folder `init`),
laid out as they land in the new repository: a file ending in `.j2` is rendered with the
repository's name and written without that suffix; every other file is copied as it is,
so the CI files keep GitHub's `${{ ... }}` untouched. The JSON Schemas of the four data
files come from `flevonorm.schemas`, so a new repository gets the schemas of the flevonorm
that made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable

from flevonorm.i18n import _
from flevonorm.yamlquote import yaml_string

INIT_TEMPLATES = "init"
_RENDERED_SUFFIX = ".j2"
# The schemas of the four files people edit, which their modelines name; not the report's.
DATA_SCHEMAS = (
    "norm.schema.json",
    "partners.schema.json",
    "round.schema.json",
    "assessment.schema.json",
)
# Every ASCII punctuation mark: CommonMark reads each of them, backslash-escaped, as itself.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def scaffold_files(name: str) -> dict[str, str]:
    """Every file `flevonorm init --name NAME` writes: its path relative to the new
    repository ('/'-separated, e.g. `.github/workflows/flevonorm.yml`) -> its text.

    `name` is the norm's name (`Limburgse Norm`); it becomes `name:` in norm.yaml, quoted so
    that it reads back exactly whatever it holds, and the README's title, escaped so that it
    is plain text. Writing the files, and refusing when one exists, is the caller's part.
    Raises ValueError when the name has nothing to show (empty, or only white space and
    control characters), or holds a lone surrogate, which no UTF-8 file can store.
    """
    if not markdown_text(name):
        raise ValueError(_("the name of the norm must not be empty"))
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from flevonorm.schemas import build_schemas

    environment = SandboxedEnvironment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    variables = {"yaml_name": yaml_string(name), "markdown_name": markdown_text(name)}
    result: dict[str, str] = {}
    for path, template in _template_files(files("flevonorm.templates") / INIT_TEMPLATES):
        text = template.read_text(encoding="utf-8")
        if path.endswith(_RENDERED_SUFFIX):
            path = path.removesuffix(_RENDERED_SUFFIX)
            text = environment.from_string(text).render(variables)
        result[path] = text
    schemas = build_schemas()
    for schema_name in DATA_SCHEMAS:
        result[f"schemas/{schema_name}"] = schemas[schema_name]
    return dict(sorted(result.items()))


def _template_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        path = prefix + entry.name
        if entry.is_dir():
            yield from _template_files(entry, path + "/")
        elif entry.is_file():
            yield path, entry


def markdown_text(text: str) -> str:
    """`text` as inert Markdown inline text on one line.

    Control characters and every kind of line break become spaces and runs of white space
    one space, so the text cannot start a new block; every ASCII punctuation mark is
    backslash-escaped, so it cannot become emphasis, a link, an HTML tag, an entity, a
    heading's closing `#` or a table cell.
    """
    one_line = " ".join(_CONTROL.sub(" ", text).split())
    return _ASCII_PUNCTUATION.sub(r"\\\1", one_line)
