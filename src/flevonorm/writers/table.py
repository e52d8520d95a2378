"""A table for a person: rich on a terminal, plain aligned text when piped. Every cell is
shown literally (no markup) and terminal-safe, whatever the data holds."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table

from flevonorm.textsafe import rich_text


def build_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    numeric_from: int = 1,
    plain: bool = False,
) -> Table:
    """Columns from `numeric_from` on hold figures and are right-aligned."""
    table = Table(
        title=rich_text(title) if title else None,
        box=None if plain else box.SIMPLE_HEAD,
        title_justify="left",
    )
    for index, name in enumerate(header):
        table.add_column(rich_text(name), justify="right" if index >= numeric_from else "left")
    for row in rows:
        table.add_row(*(rich_text(cell) for cell in row))
    return table


def print_renderable(renderable: RenderableType, console: Console) -> None:
    """Print; when piped, without padding to the console width, so the text diffs cleanly."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as capture:
        console.print(renderable)
    lines = capture.get().splitlines()
    console.file.write("".join(line.rstrip() + "\n" for line in lines))
