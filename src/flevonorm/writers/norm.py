"""Writers for `norm show` and `norm diff` (spec/history.md): JSON, a GitHub Markdown
table, and rich tables for the terminal that stay readable at 80 columns.

Texts from norm.yaml are shown as their words: a line break inside a text (a block
scalar) is layout, not content, so every run of white space becomes one space. What is
left is made inert for where it goes: escaped for Markdown, terminal-safe on a terminal.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flevonorm.models import PARTNER_KINDS, Ambition, Item, NormVersion, Theme
from flevonorm.render import md_escape
from flevonorm.textsafe import json_text, rich_text, terminal_safe
from flevonorm.versions import ChangedAmbition, NormDiff, version_as_json
from flevonorm.writers.words import Words

# Words by English message id, as the gettext catalogue would hold them.
_DUTCH: dict[str, str] = {
    "adopted": "vastgesteld",
    "draft": "concept",
    "retired": "vervallen",
    "adopted on %(date)s": "vastgesteld op %(date)s",
    "supersedes %(version)s": "vervangt %(version)s",
    "Source: %(source)s": "Bron: %(source)s",
    "Note: %(note)s": "Toelichting: %(note)s",
    "%(count)s ambition": "%(count)s ambitie",
    "%(count)s ambitions": "%(count)s ambities",
    "Theme": "Thema",
    "Id": "Id",
    "Short name": "Korte naam",
    "Text": "Tekst",
    "Applies to": "Voor",
    "Items": "Items",
    "all partners": "alle partners",
    "municipality": "gemeente",
    "province": "provincie",
    "water board": "waterschap",
    "police": "politie",
    "prosecution": "OM",
    "Change": "Wijziging",
    "Ambition": "Ambitie",
    "What": "Wat",
    "added": "toegevoegd",
    "dropped": "vervallen",
    "changed": "gewijzigd",
    "split": "gesplitst",
    "merged": "samengevoegd",
    "unchanged": "ongewijzigd",
    "Unchanged": "Ongewijzigd",
    "none": "geen",
    "text": "tekst",
    "applies to": "voor wie",
    "items": "items",
    "renumbered": "vernummerd",
    "via %(versions)s": "via %(versions)s",
    "Changed texts": "Gewijzigde teksten",
    "was": "was",
    "now": "nu",
    "No ambition differs.": "Geen enkele ambitie verschilt.",
}
_WORDS = {"nl": _DUTCH, "en": {}}

_KIND_WORDS = {
    "municipality": "municipality",
    "province": "province",
    "water_board": "water board",
    "police": "police",
    "prosecution": "prosecution",
}
_LABEL_LIMIT = 48  # an ambition without `short:` is named by its text up to this length


class _Words(Words):
    def __init__(self, lang: str) -> None:
        super().__init__(_WORDS, lang)


def _words_of(text: str | None) -> str:
    """A text from the data as its words on one line."""
    return " ".join((text or "").split())


def _kinds(kinds: Sequence[str], words: _Words) -> str:
    if set(kinds) == set(PARTNER_KINDS):
        return words("all partners")
    return ", ".join(words(_KIND_WORDS.get(kind, kind)) for kind in kinds)


def _label(ambition: Ambition) -> str:
    """The name an ambition goes by: its `short:`, else its text shortened at a word."""
    if ambition.short and ambition.short.strip():
        return _words_of(ambition.short)
    return textwrap.shorten(_words_of(ambition.text), _LABEL_LIMIT, placeholder=" …")


def _title(norm_name: str, version: NormVersion, words: _Words) -> str:
    parts = [f"{_words_of(norm_name)} {version.version}", words(version.status)]
    if version.adopted_on is not None:
        parts[-1] = words("adopted on %(date)s", date=version.adopted_on.isoformat())
    if version.supersedes is not None:
        parts.append(words("supersedes %(version)s", version=version.supersedes))
    count = len(version.ambitions())
    parts.append(words.plural("%(count)s ambition", "%(count)s ambitions", count))
    return " · ".join(parts)


def _preamble(version: NormVersion, words: _Words) -> list[str]:
    lines = []
    if version.source:
        lines.append(words("Source: %(source)s", source=_words_of(version.source)))
    if version.note:
        lines.append(words("Note: %(note)s", note=_words_of(version.note)))
    return lines


# --- norm show ------------------------------------------------------------------------


def version_as_json_text(version: NormVersion) -> str:
    return json_text(version_as_json(version))


def _item_kinds(ambition: Ambition, item: Item, words: _Words) -> str:
    """An item's kinds where they narrow its ambition's; empty where they are the same."""
    kinds = ambition.item_kinds(item)
    return "" if set(kinds) == set(ambition.kinds()) else _kinds(kinds, words)


def _item_line(ambition: Ambition, item: Item, words: _Words) -> str:
    line = f"{md_escape(item.id)} {md_escape(_words_of(item.text))}"
    narrowed = _item_kinds(ambition, item, words)
    return f"{line} ({md_escape(narrowed)})" if narrowed else line


def version_as_markdown(norm_name: str, version: NormVersion, lang: str) -> str:
    """One GitHub table: a row per ambition, its items in the last cell, one per line."""
    words = _Words(lang)
    lines = [f"## {md_escape(_title(norm_name, version, words))}", ""]
    preamble = [md_escape(line) for line in _preamble(version, words)]
    if preamble:
        lines += ["  \n".join(preamble), ""]
    head = ["Theme", "Id", "Short name", "Text", "Applies to", "Items"]
    lines.append("| " + " | ".join(words(h) for h in head) + " |")
    lines.append("|" + "---|" * len(head))
    for theme in version.themes:
        theme_cell = md_escape(_words_of(f"{theme.id} {theme.title or ''}"))
        for ambition in theme.ambitions:
            cells = [
                theme_cell,
                md_escape(ambition.id),
                md_escape(_words_of(ambition.short)),
                md_escape(_words_of(ambition.text)),
                md_escape(_kinds(ambition.kinds(), words)),
                # md_escape turns `<` into `\<`, so this is the only tag in the cell.
                "<br>".join(_item_line(ambition, item, words) for item in ambition.items or []),
            ]
            lines.append("| " + " | ".join(cells) + " |")
            theme_cell = ""  # the theme is named on its first row only
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _ShowLayout:
    """Column widths shared by every theme's table, so the columns line up down the page.
    `stacked`: the short name is the first line of the text cell instead of a column of
    its own, which leaves the text room to read on a narrow terminal."""

    id: int
    short: int  # 0: no column for it
    text: int
    kinds: int
    stacked: bool


def _table_overhead(columns: int) -> int:
    # One space of padding on either side of each cell but at the table's edges
    # (pad_edge=False), and a one-character rule between columns (blank in the box
    # style used, but it takes its place).
    return 2 * columns - 2 + (columns - 1)


def _longest(texts: Sequence[str]) -> int:
    return max((len(t) for t in texts), default=0)


def _longest_word(texts: Sequence[str]) -> int:
    return _longest([word for text in texts for word in text.split()])


_MIN_TEXT_WIDTH = 40  # below this a text of 150 characters runs to five lines and more
_MIN_FOLD_WIDTH = 20  # however narrow the terminal, the text keeps this much


def _show_layout(version: NormVersion, width: int, words: _Words) -> _ShowLayout:
    """Every column as wide as its longest cell where the width allows. When it does not,
    the kinds and short names wrap and, where the text would be left too little room, the
    short name stacks above the text; the text gets what is left."""
    ambitions = version.ambitions()
    items = [(a, i) for a in ambitions for i in a.items or []]
    ids = [words("Id"), *(a.id for a in ambitions), *(f"  {i.id}" for _, i in items)]
    kinds = [words("Applies to"), *(_kinds(a.kinds(), words) for a in ambitions)]
    kinds += [_item_kinds(a, i, words) for a, i in items]
    shorts = [_shown(a.short) for a in ambitions if a.short]
    texts = [words("Text"), *(_shown(a.text) for a in ambitions)]
    texts += [_shown(i.text) for _, i in items]
    id_width = _longest(ids)
    kinds_width = min(_longest(kinds), max(_longest_word(kinds), width // 6))
    short_width = 0
    if shorts:
        short_width = min(_longest([words("Short name"), *shorts]), max(22, width // 4))
    room = width - id_width - kinds_width - short_width - _table_overhead(4 if shorts else 3)
    stacked = bool(shorts) and room < _MIN_TEXT_WIDTH
    if stacked:
        room = width - id_width - kinds_width - _table_overhead(3)
        texts += shorts
    # A "word" longer than the room (a/b/c/d without spaces) is folded, not cut.
    text_width = max(_MIN_FOLD_WIDTH, min(room, _longest(texts)))
    return _ShowLayout(id_width, 0 if stacked else short_width, text_width, kinds_width, stacked)


class _Wrapper(textwrap.TextWrapper):
    """Wraps at spaces, and after a slash: in
    "Speelautomatenvergunningen/speelautomatenhallen/kansspelen" the slashes join words,
    so a narrow column breaks there rather than inside a word. Not at hyphens: a
    compound such as "Bibob-beleid" stays whole."""

    def _split(self, text: str) -> list[str]:
        chunks = super()._split(text)
        return [part for chunk in chunks for part in _AFTER_SLASH.split(chunk) if part]


_AFTER_SLASH = re.compile(r"(?<=/)(?=[^/\s])")


def _shown(text: str | None) -> str:
    """A text from the data as the terminal shows it: its words, control characters
    escaped (so its width is known before it is wrapped)."""
    return terminal_safe(_words_of(text))


def _wrapped(text: str | None, width: int, style: str = "") -> Text:
    """A text from the data in lines of at most `width`, broken between words; rich
    would otherwise fold a long slash-joined word wherever the column ends."""
    wrapper = _Wrapper(width=width, break_long_words=True, break_on_hyphens=False)
    return Text("\n".join(wrapper.wrap(_shown(text))), style)


def _ambition_cell(ambition: Ambition, layout: _ShowLayout) -> Text:
    text = _wrapped(ambition.text, layout.text)
    if not layout.stacked or not ambition.short:
        return text
    return Text.assemble(_wrapped(ambition.short, layout.text, "bold"), "\n", text)


def _theme_table(theme: Theme, layout: _ShowLayout, words: _Words, *, plain: bool) -> Table:
    title = _words_of(f"{words('Theme')} {theme.id} {theme.title or ''}")
    table = Table(
        title=rich_text(title),
        title_justify="left",
        title_style="bold",
        box=None if plain else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column(words("Id"), width=layout.id, no_wrap=True)
    if layout.short:
        table.add_column(words("Short name"), width=layout.short, overflow="fold")
    text_header = words("Ambition" if layout.stacked else "Text")
    table.add_column(text_header, width=layout.text, overflow="fold")
    table.add_column(words("Applies to"), width=layout.kinds, overflow="fold")
    for ambition in theme.ambitions:
        cells = [rich_text(ambition.id)]
        if layout.short:
            cells.append(_wrapped(ambition.short, layout.short))
        cells += [_ambition_cell(ambition, layout), rich_text(_kinds(ambition.kinds(), words))]
        table.add_row(*cells)
        for item in ambition.items or []:
            cells = [rich_text(f"  {item.id}")]
            if layout.short:
                cells.append(Text(""))
            kinds = rich_text(_item_kinds(ambition, item, words))
            cells += [_wrapped(item.text, layout.text), kinds]
            table.add_row(*cells)
    return table


def version_as_renderable(
    norm_name: str, version: NormVersion, lang: str, *, width: int, plain: bool
) -> RenderableType:
    """For the terminal: the title, then a table per theme (id, short name, text, applies
    to), each item on a row of its own under its ambition. Text wraps at words."""
    words = _Words(lang)
    layout = _show_layout(version, width, words)
    parts: list[RenderableType] = [rich_text(_title(norm_name, version, words), "bold")]
    parts += [rich_text(line) for line in _preamble(version, words)]
    for theme in version.themes:
        parts += [Text(""), _theme_table(theme, layout, words, plain=plain)]
    return Group(*parts)


# --- norm diff ------------------------------------------------------------------------


def norm_diff_as_json_text(diff: NormDiff) -> str:
    return json_text(diff.as_json())


@dataclass(frozen=True)
class _DiffRow:
    change: str  # added, dropped, changed, split, merged
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    name: str
    what: str


def _ambition_in(version: NormVersion, ambition_id: str) -> Ambition:
    found = version.ambition(ambition_id)
    assert found is not None, f"{ambition_id} is not in version {version.version}"
    return found


def _kind_change(old: Ambition, new: Ambition, words: _Words) -> str:
    gained = [k for k in new.kinds() if k not in old.kinds()]
    lost = [k for k in old.kinds() if k not in new.kinds()]
    parts = [f"+{words(_KIND_WORDS.get(k, k))}" for k in gained]
    parts += [f"−{words(_KIND_WORDS.get(k, k))}" for k in lost]
    return f"{words('applies to')} {' '.join(parts)}"


def _item_change(old: Ambition, new: Ambition, words: _Words) -> str:
    """Which items came, went or differ in text or kinds (`items (+2.4.C, changed: 2.4.B)`);
    an item that only moved is no change."""
    old_items = {item.id: item for item in old.items or []}
    new_items = {item.id: item for item in new.items or []}
    parts = [f"+{i}" for i in new_items if i not in old_items]
    parts += [f"−{i}" for i in old_items if i not in new_items]
    differing = [
        item_id
        for item_id, item in new_items.items()
        if (before := old_items.get(item_id)) is not None
        and (
            _words_of(before.text) != _words_of(item.text)
            or set(old.item_kinds(before)) != set(new.item_kinds(item))
        )
    ]
    if differing:
        parts.append(f"{words('changed')}: {', '.join(differing)}")
    return f"{words('items')} ({', '.join(parts)})" if parts else words("items")


def _what_changed(change: ChangedAmbition, old: Ambition, new: Ambition, words: _Words) -> str:
    parts = []
    if change.text:
        parts.append(words("text"))
    if change.applies_to:
        parts.append(_kind_change(old, new, words))
    if change.items:
        parts.append(_item_change(old, new, words))
    if change.renumbered:
        parts.append(words("renumbered"))
    return "; ".join(parts)


def _diff_rows(diff: NormDiff, old: NormVersion, new: NormVersion, words: _Words) -> list[_DiffRow]:
    rows = [_DiffRow("added", (), (i,), _label(_ambition_in(new, i)), "") for i in diff.added]
    rows += [_DiffRow("dropped", (i,), (), _label(_ambition_in(old, i)), "") for i in diff.dropped]
    for change in diff.changed:
        before, after = _ambition_in(old, change.from_[0]), _ambition_in(new, change.id)
        what = _what_changed(change, before, after, words)
        rows.append(_DiffRow("changed", change.from_, (change.id,), _label(after), what))
    rows += [
        _DiffRow("split", (s.from_,), s.into, _label(_ambition_in(old, s.from_)), "")
        for s in diff.split
    ]
    rows += [
        _DiffRow("merged", m.from_, (m.into,), _label(_ambition_in(new, m.into)), "")
        for m in diff.merged
    ]
    return rows


def _diff_title(norm_name: str, path: Sequence[NormVersion], words: _Words) -> str:
    title = f"{_words_of(norm_name)} {path[0].version} → {path[-1].version}"
    between = [v.version for v in path[1:-1]]
    if between:
        title += f" ({words('via %(versions)s', versions=', '.join(between))})"
    return title


def _counts(diff: NormDiff, words: _Words) -> str:
    counted = [
        (len(diff.added), "added"),
        (len(diff.dropped), "dropped"),
        (len(diff.changed), "changed"),
        (len(diff.split), "split"),
        (len(diff.merged), "merged"),
        (len(diff.unchanged), "unchanged"),
    ]
    return " · ".join(f"{count} {words(word)}" for count, word in counted)


def _text_changes(
    diff: NormDiff, old: NormVersion, new: NormVersion
) -> list[tuple[str, str, str, str]]:
    """(new id, name, old text, new text) for every one-to-one link whose text changed."""
    changes = []
    for change in diff.changed:
        if change.text:
            before, after = _ambition_in(old, change.from_[0]), _ambition_in(new, change.id)
            changes.append(
                (change.id, _label(after), _words_of(before.text), _words_of(after.text))
            )
    return changes


def norm_diff_as_markdown(
    norm_name: str, diff: NormDiff, path: Sequence[NormVersion], lang: str
) -> str:
    """A heading, the counts, one table of every ambition that is not unchanged, the
    unchanged ids, then each changed text as it was and as it is."""
    words = _Words(lang)
    old, new = path[0], path[-1]
    lines = [f"## {md_escape(_diff_title(norm_name, path, words))}", "", _counts(diff, words), ""]
    rows = _diff_rows(diff, old, new, words)
    if rows:
        head = [words("Change"), old.version, new.version, words("Ambition"), words("What")]
        lines.append("| " + " | ".join(md_escape(h) for h in head) + " |")
        lines.append("|" + "---|" * len(head))
        for row in rows:
            cells = [
                words(row.change),
                ", ".join(row.old_ids),
                ", ".join(row.new_ids),
                row.name,
                row.what,
            ]
            lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
    else:
        lines.append(words("No ambition differs."))
    unchanged = ", ".join(diff.unchanged) or words("none")
    lines += ["", f"**{words('Unchanged')}:** {md_escape(unchanged)}"]
    texts = _text_changes(diff, old, new)
    if texts:
        lines += ["", f"### {words('Changed texts')}", ""]
        for ambition_id, name, before, after in texts:
            lines += [
                f"- **{md_escape(ambition_id)}** {md_escape(name)}",
                f"  - {words('was')}: {md_escape(before)}",
                f"  - {words('now')}: {md_escape(after)}",
            ]
    return "\n".join(lines) + "\n"


def norm_diff_as_renderable(
    norm_name: str, diff: NormDiff, path: Sequence[NormVersion], lang: str, *, plain: bool
) -> RenderableType:
    """For the terminal: the title and counts, a table of what is not unchanged (its
    cells wrap at words), the unchanged ids, and each changed text, before and after."""
    words = _Words(lang)
    old, new = path[0], path[-1]
    parts: list[RenderableType] = [
        rich_text(_diff_title(norm_name, path, words), "bold"),
        rich_text(_counts(diff, words)),
    ]
    rows = _diff_rows(diff, old, new, words)
    if rows:
        table = Table(box=None if plain else box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(words("Change"), no_wrap=True)
        table.add_column(rich_text(old.version), no_wrap=True)
        table.add_column(rich_text(new.version), no_wrap=True)
        table.add_column(words("Ambition"), ratio=3, overflow="fold")
        table.add_column(words("What"), ratio=2, overflow="fold")
        for row in rows:
            cells = [
                words(row.change),
                "\n".join(row.old_ids),
                "\n".join(row.new_ids),
                row.name,
                row.what,
            ]
            # A newline joins the ids of a split or merge: escape everything else.
            table.add_row(*(Text(_safe_lines(c)) for c in cells))
        parts += [Text(""), table]
    else:
        parts += [Text(""), rich_text(words("No ambition differs."))]
    unchanged = ", ".join(diff.unchanged) or words("none")
    parts += [Text(""), rich_text(f"{words('Unchanged')} ({len(diff.unchanged)}): {unchanged}")]
    texts = _text_changes(diff, old, new)
    if texts:
        parts += [Text(""), rich_text(words("Changed texts"), "bold")]
        for ambition_id, name, before, after in texts:
            before_and_after = Table.grid(padding=(0, 1))
            before_and_after.add_column(no_wrap=True)
            before_and_after.add_column()
            before_and_after.add_row(Text(f"{words('was')}:"), rich_text(before))
            before_and_after.add_row(Text(f"{words('now')}:"), rich_text(after))
            parts.append(rich_text(f"{ambition_id} {name}"))
            parts.append(Padding(before_and_after, (0, 0, 0, 2)))
    return Group(*parts)


def _safe_lines(text: str) -> str:
    """`text` terminal-safe line by line: its own line breaks are kept, any other control
    character is escaped."""
    return "\n".join(terminal_safe(line) for line in text.split("\n"))
