"""Where each entry of a partner file stands in its text, and the comments around it.

`round new --from` carries what a partner wrote, comments included, into the next round.
PyYAML drops comments, so they are found in the text itself: the entries' keys and values
are located with the parser's marks, everything those nodes cover is masked out, and a `#`
left over (at the start of a line or after whitespace) starts a comment.

The `Document` of flevonorm.yamlio keeps where every node starts but not where it ends,
and a block ends where its last value ends (a note can run over several lines); so the text
is composed again here, with the same libyaml parser, for the end marks. Only text that
flevonorm.yamlio already read without errors is given to this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

try:  # the same parser as flevonorm.yamlio, so that lines and columns agree with it
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

# What YAML 1.1 (and so libyaml) counts as a line break; the parser's line numbers count these.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# The breaks every editor agrees on. A line ended by NEL, LS or PS is one line to libyaml and
# part of a longer line to a YAML 1.2 reader or an editor: such a block is never copied as is.
_PLAIN_BREAKS = frozenset({"\n", "\r\n", "\r", ""})


@dataclass(frozen=True)
class SourceLine:
    text: str  # without its line break
    end: str  # the line break that ended it ("" for the last line)


def split_lines(text: str) -> list[SourceLine]:
    """The text's lines as YAML counts them (line i here is line i + 1 of a problem)."""
    lines: list[SourceLine] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(SourceLine(text[start : match.start()], match.group()))
        start = match.end()
    lines.append(SourceLine(text[start:], ""))
    return lines


@dataclass(frozen=True)
class EntryBlock:
    """One entry of a mapping (an ambition in `ambitions:`) as it stands in the text.

    Lines are 0-based indexes into `split_lines(text)`. The block runs from the key's line
    to the last line of its value, followed by any comment lines indented deeper than the
    key (such as the item hints `round new` writes under the status).
    """

    key: str
    key_line: int
    key_col: int
    key_end_col: int
    last_line: int
    lines: tuple[str, ...]  # the block's lines, key line first, as in the file
    above: tuple[str, ...]  # whole-line comments directly above the key, top first
    inside: tuple[str, ...]  # comments on the block's lines, whole-line or trailing, in order
    copyable: bool  # the lines can be copied into another file as they are

    def reindented(self, key_col: int) -> list[str]:
        """The block's lines shifted so that the key stands at `key_col`."""
        shift = key_col - self.key_col
        result: list[str] = []
        for line in self.lines:
            if not line:
                result.append(line)
            elif shift >= 0:
                result.append(" " * shift + line)
            else:
                spaces = len(line) - len(line.lstrip(" "))
                result.append(line[min(spaces, -shift) :])
        return result


def _is_comment_line(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _text_nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    """The nodes whose marks bound text of their own: every scalar, and flow collections
    (which end at their closing bracket), at any depth."""
    if isinstance(node, yaml.ScalarNode):
        yield node
        return
    if isinstance(node, yaml.CollectionNode) and node.flow_style:
        yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _text_nodes(key)
            yield from _text_nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _text_nodes(item)


def _is_block_scalar(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")


def _last_content_line(node: yaml.Node, lines: list[SourceLine]) -> int:
    # A block scalar ends where the next token starts (column 0 of a later line, past any
    # blank lines); a node whose end mark has only whitespace before it on its line ended
    # on an earlier line.
    line, col = node.end_mark.line, node.end_mark.column
    if line >= len(lines) or lines[line].text[:col].strip(" \t") == "":
        line -= 1
    return max(line, node.start_mark.line)


class _Mask:
    """Which characters of which lines belong to a node (and so cannot start a comment)."""

    def __init__(self) -> None:
        self.covered: dict[int, list[tuple[int, int]]] = {}

    def cover(self, node: yaml.Node, lines: list[SourceLine]) -> None:
        start_line, start_col = node.start_mark.line, node.start_mark.column
        if _is_block_scalar(node):
            # The header line (`|`, `>-`, `|2`) may end in a comment; the content starts below.
            start_line, start_col = start_line + 1, 0
        end_line, end_col = node.end_mark.line, node.end_mark.column
        for number in range(start_line, min(end_line, len(lines) - 1) + 1):
            first = start_col if number == start_line else 0
            last = end_col if number == end_line else len(lines[number].text)
            self.covered.setdefault(number, []).append((first, last))

    def comment_on(self, number: int, line: str) -> str | None:
        spans = self.covered.get(number, [])
        for index, char in enumerate(line):
            if char != "#" or any(first <= index < last for first, last in spans):
                continue
            if index == 0 or line[index - 1] in " \t":
                return line[index:]
        return None


def entry_blocks(text: str, mapping_key: str = "ambitions") -> dict[str, EntryBlock]:
    """The entries of the top-level mapping at `mapping_key`, by key, in file order.

    Empty when the text does not parse, has no such block mapping, or writes it in flow
    style (`ambitions: {...}`), where entries share lines and no comment belongs to one.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    mapping = next(
        (
            (key, value)
            for key, value in root.value
            if isinstance(key, yaml.ScalarNode) and key.value == mapping_key
        ),
        None,
    )
    if mapping is None or not isinstance(mapping[1], yaml.MappingNode) or mapping[1].flow_style:
        return {}
    mapping_key_node, entries = mapping
    lines = split_lines(text)
    mask = _Mask()
    spans: list[tuple[yaml.Node, int]] = []
    for key, value in entries.value:
        nodes = [*_text_nodes(key), *_text_nodes(value)]
        for node in nodes:
            if isinstance(node, yaml.ScalarNode):  # a comment may stand inside [...] or {...}
                mask.cover(node, lines)
        last = max(_last_content_line(node, lines) for node in nodes)
        spans.append((key, last))

    blocks: dict[str, EntryBlock] = {}
    previous_end = mapping_key_node.end_mark.line
    for index, (key, content_end) in enumerate(spans):
        key_line, key_col = key.start_mark.line, key.start_mark.column
        next_key_line = (
            spans[index + 1][0].start_mark.line if index + 1 < len(spans) else len(lines)
        )
        # (An empty value's marks may stand on the next key's line; such an entry is never
        # copied, and its block stops before that line.)
        last = min(content_end, next_key_line - 1)
        # Comment lines indented deeper than the key belong to this entry, across blank lines.
        probe = last + 1
        while probe < next_key_line:
            line = lines[probe].text
            if line.strip(" \t") == "":
                probe += 1
                continue
            indent = len(line) - len(line.lstrip(" \t"))
            if _is_comment_line(line) and indent > key_col:
                last = probe
                probe += 1
                continue
            break
        # Blank lines after a value are layout (a kept block scalar `|+` that owns them is
        # found out when the copy is read back).
        while last > key_line and lines[last].text.strip(" \t") == "":
            last -= 1
        above: list[str] = []
        probe = key_line - 1
        while probe > previous_end and _is_comment_line(lines[probe].text):
            above.insert(0, lines[probe].text.strip(" \t"))
            probe -= 1
        inside = [
            comment
            for number in range(key_line, last + 1)
            if (comment := mask.comment_on(number, lines[number].text)) is not None
        ]
        key_text = lines[key_line].text
        copyable = (
            isinstance(key, yaml.ScalarNode)
            and key.end_mark.line == key_line
            and key_text[:key_col].strip(" ") == ""
            and all(lines[number].end in _PLAIN_BREAKS for number in range(key_line, last + 1))
            and content_end < next_key_line
        )
        blocks[str(key.value)] = EntryBlock(
            key=str(key.value),
            key_line=key_line,
            key_col=key_col,
            key_end_col=key.end_mark.column,
            last_line=last,
            lines=tuple(lines[number].text for number in range(key_line, last + 1)),
            above=tuple(above),
            inside=tuple(inside),
            copyable=copyable,
        )
        previous_end = last
    return blocks
