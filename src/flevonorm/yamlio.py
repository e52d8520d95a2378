"""The one YAML reader of flevonorm.

Why not `yaml.safe_load`: it follows YAML 1.1, which turns the key `3.10` into
the float 3.1 (merging it with ambition 3.1), `no` into False and `010` into 8;
it lets the last of two equal keys silently win; and it expands aliases without
bound. Here every scalar is kept as the literal text in the file (only a plain
`null`, `~` or empty value is None), duplicate keys, aliases, object-building
tags, several documents and git conflict markers are problems, and the line and
column of every node are kept so that model errors can point at them.

The people who edit these files are not programmers, so the mistakes hand-editing
makes (a `: ` inside a value, a tab, an unclosed quote, a key indented one space
off) are explained in plain words at the line that is wrong, instead of in
PyYAML's words at the line where its parser gave up. Every message is one line
of printable text, whatever the file holds.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from flevonorm.i18n import _, ngettext
from flevonorm.problems import Problems

try:  # the C parser is several times faster; the pure-Python one behaves the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
# Deeper than any flevonorm file needs; stops a hostile file from exhausting the stack.
MAX_DEPTH = 50
# The largest real file is a few KB; the bound keeps a hostile file from eating time and memory.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A binary file would otherwise give one problem per line it has.
_MAX_CHARACTER_PROBLEMS = 10

_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
# Spelled out rather than `<{7}`: the regex engine then finds them several times faster.
_CONFLICT_MARKER = re.compile(r"^(?:<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(?:\s|$)", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What YAML does not allow in a file: C0 controls other than tab, LF and CR; DEL and the
# C1 controls; lone surrogates; a byte order mark after the start; the Unicode
# non-characters. Also U+0085, U+2028 and U+2029: PyYAML (YAML 1.1) reads them as line
# breaks that no editor shows, which splits a value and shifts every line number after it.
# The astral non-characters (U+1FFFE, U+1FFFF, ... U+10FFFF) are matched as one range and
# sorted out after: a class of 32 single characters makes every search several times slower.
_FORBIDDEN = re.compile(
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufdd0-\\ufdef"
    "\\ufeff\\ufffe\\uffff\\U0001fffe-\\U0010ffff]"
)
_INVISIBLE_LINE_BREAKS = {"\x85", "\u2028", "\u2029"}
# `key:` at the start of a line, after its indentation and any `- ` list markers. (A key
# that cannot end in a space keeps matching linear on a line of a million spaces.)
_KEY_LINE = re.compile(
    r"( *)((?:-[ ]+)*)(\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'#:\-](?:[^:\n]*[^\s:])?)[ \t]*:(?:[ \t]|$)"
)
_LINE_HEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")
_GLUED_KEY = re.compile(r"([ \t]*(?:-[ \t]+)*)([\w.\"']+):(?=\w)")
_QUOTED_WITHOUT_COLON = re.compile(r"[ \t]*(?:-[ \t]+)*(\"[^\"\n]*\"|'[^'\n]*')[ \t]+(?=[^\s:#])")
_KEY_COLON = re.compile(r":(?:[ \t]|$)")
_COMMENT_START = re.compile(r"[ \t]#")
_EXAMPLE_LENGTH = 40
_SHOWN_LENGTH = 60


def _escape_character(char: str) -> str:
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
    if char in named:
        return named[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _one_line(text: str) -> str:
    """`text` with every character that is not printable (control characters, line and
    paragraph separators, invisible spaces) written as an escape such as `\\x00`."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape_character(char) for char in text)


def _shown(text: str) -> str:
    """Data quoted inside a message: short, one line."""
    if len(text) > _SHOWN_LENGTH:
        text = text[:_SHOWN_LENGTH] + "…"
    return repr(text)


def _clipped(text: str) -> str:
    """Text from the file shown in an example: at most a short line of it, cut between
    words where there is a space to cut at."""
    if len(text) <= _EXAMPLE_LENGTH:
        return text
    cut = text[:_EXAMPLE_LENGTH]
    if not text[_EXAMPLE_LENGTH].isspace() and " " in cut.strip():
        cut = cut.rstrip().rsplit(" ", 1)[0]
    return cut.rstrip() + " …"


def _spaces(count: int) -> str:
    return ngettext("{count} space", "{count} spaces", count).format(count=count)


class _Source:
    """The text being read, its lines numbered as editors number them (a line ends at
    \\n, \\r\\n or \\r) and as PyYAML does once U+0085, U+2028 and U+2029 are refused."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]
        return self._starts

    def line_of(self, index: int) -> int:
        return bisect_right(self.starts, min(max(index, 0), len(self.text)))

    def position(self, index: int) -> Position:
        index = min(max(index, 0), len(self.text))
        line = self.line_of(index)
        return line, index - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of line `line` (1-based) without its line break; "" past the end."""
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def char(self, index: int) -> str:
        return self.text[index] if 0 <= index < len(self.text) else ""


class _Mark(Protocol):
    # PyYAML's pure-Python and C marks have these in common.
    line: int
    column: int
    index: int


def _at_mark(mark: _Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _PlainLoader(_Loader):
    """The C loader without its resolver's bookkeeping. Every scalar stays text here, and
    the base resolver only ever answers the default tag of a node's kind, so it is answered
    directly: PyYAML otherwise calls three Python methods for each node it composes."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]


_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


@dataclass
class Document:
    """A parsed YAML file: plain data plus where every value and key stands.

    Positions are found when first asked for, by reading the text again: most files
    have no problem, and keeping the line and column of every node of every file cost
    more time and memory than the parse itself."""

    path: str
    data: Any
    text: str = field(default="", repr=False)
    _positions: dict[Loc, Position] | None = field(default=None, repr=False)
    _key_positions: dict[Loc, Position] | None = field(default=None, repr=False)
    _node: yaml.Node | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Loc, Position]:
        """Where each value stands, by its location in the data."""
        if self._positions is None:
            self._locate()
        assert self._positions is not None
        return self._positions

    @property
    def key_positions(self) -> dict[Loc, Position]:
        """Where each key stands, by the location of its value."""
        if self._key_positions is None:
            self._locate()
        assert self._key_positions is not None
        return self._key_positions

    def forget_nodes(self) -> None:
        """Drop the composed nodes (they are composed again from the text if needed)."""
        self._node = None

    def _root(self) -> yaml.Node | None:
        if self._node is None and self.text:
            # The text was read once without error, so it composes again.
            self._node = yaml.compose(self.text, Loader=_PlainLoader)
        return self._node

    def _locate(self) -> None:
        root = self._root()
        builder = _Builder(self.path, Problems(), _Source(self.text))
        if root is not None:
            builder.build(root, (), 0, None)
        self._positions, self._key_positions = builder.positions, builder.key_positions

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Line and column of the value at `loc` (or its key), else of its nearest parent."""
        loc = tuple(loc)
        if self._positions is None or self._key_positions is None:
            return self._walk(loc, key=key)
        if key and loc in self._key_positions:
            return self._key_positions[loc]
        while loc:
            if loc in self._positions:
                return self._positions[loc]
            loc = loc[:-1]
        return self._positions.get((), (1, 1))

    def _walk(self, loc: Loc, *, key: bool) -> Position:
        """`position` without building every position: follow `loc` down the node graph,
        taking the first of two equal keys, as building the data does."""
        root = self._root()
        if root is None:
            return (1, 1)
        source = _Source(self.text)
        end = len(self.text)

        def at(node: yaml.Node) -> Position:
            mark = node.start_mark
            return (mark.line + 1, mark.column + 1) if mark.index < end else source.position(end)

        node, found = root, at(root)
        for depth, step in enumerate(loc):
            child: yaml.Node | None = None
            key_node: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for candidate, value in node.value:
                    if isinstance(candidate, yaml.ScalarNode) and candidate.value == step:
                        key_node, child = candidate, value
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and type(step) is int
                and 0 <= step < len(node.value)
            ):
                child = node.value[step]
            if child is None:
                return found
            if key and key_node is not None and depth == len(loc) - 1:
                return at(key_node)
            node, found = child, at(child)
        return found


class _Rejected(Exception):
    """A node the builder refuses; carries where and why."""

    def __init__(self, position: Position, message: str, *, alias: bool = False) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
        self.alias = alias


def _first_alias(text: str) -> Position | None:
    # Only called once an alias was found: the composed graph does not say where
    # the alias stood, the event stream does (and reading it is linear in the text).
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return _at_mark(event.start_mark)
    return None


def _key_refused(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a key must be text, not a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a key must be text, not a list")
    return _("a key must be text")


def _tag_refused(tag: str, *, on_key: bool) -> str:
    if on_key:
        message = _("the tag {tag} is not allowed on a key").format(tag=_shown(tag))
    else:
        message = _(
            "the tag {tag} is not allowed; only plain values, lists and mappings "
            "(and the tags !!str, !!map, !!seq) may appear"
        ).format(tag=_shown(tag))
    if tag.startswith("!") and not tag.startswith("!!"):
        # `note: !belangrijk` was meant as text, not as a tag.
        message += _("; put a text that starts with ! in quotes")
    return message


def _aliased() -> str:
    return _(
        "anchors and aliases (&name, *name, <<:) are not allowed in flevonorm "
        "files; write the value out in full"
    )


def _duplicate_key(key: str, first: int, second: int) -> str:
    return _one_line(
        _(
            "duplicate key {key} at lines {first} and {second}; keep one of "
            "them (YAML would silently use the last)"
        ).format(key=_shown(key), first=first, second=second)
    )


# Keys whose value is free text a coordinator types: a ` #` in it starts a comment.
_FREE_TEXT_KEYS = frozenset({"note", "next_step"})
_TRAILING_COMMENT = re.compile(r"[ \t]+#")


class _Builder:
    """Turns composed nodes into plain data, refusing what flevonorm files may not hold.

    `plain` is the everyday path: data only, no positions. `build` also records where
    every value and key stands; Document runs it when a problem needs a position."""

    def __init__(self, path: str, problems: Problems, source: _Source) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[int] = set()
        self.source = source
        self.end = len(source.text)
        # Without an anchor (&) in the text the parser cannot have shared a node, so
        # looking for aliases node by node would find nothing.
        self.may_alias = "&" in source.text
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}

    def pos(self, node: yaml.Node) -> Position:
        mark = node.start_mark  # called for every node: kept short
        if mark.index < self.end:
            return mark.line + 1, mark.column + 1
        # At the end of the text the C parser may count a line that is not there (`---`).
        return self.source.position(self.end)

    def _refuse(self, node: yaml.Node, key_node: yaml.Node | None, depth: int) -> None:
        """Raise if `node` may not stand here."""
        if self.may_alias:
            if id(node) in self.seen:
                raise _Rejected(self.pos(key_node or node), _aliased(), alias=True)
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Rejected(self.pos(node), _too_deep())
        if node.tag not in _ALLOWED_TAGS:
            raise _Rejected(self.pos(node), _tag_refused(node.tag, on_key=False))

    def _key(self, key_node: yaml.Node) -> str:
        if self.may_alias and id(key_node) in self.seen:
            raise _Rejected(self.pos(key_node), _("aliases are not allowed as keys"), alias=True)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Rejected(self.pos(key_node), _key_refused(key_node))
        if key_node.tag not in _ALLOWED_TAGS:
            raise _Rejected(self.pos(key_node), _tag_refused(key_node.tag, on_key=True))
        if self.may_alias:
            self.seen.add(id(key_node))
        value: str = key_node.value
        return value

    def _duplicate(self, node: yaml.MappingNode, key: str, key_node: yaml.Node) -> None:
        first = next(k for k, _v in node.value if k.value == key)
        key_line, key_col = self.pos(key_node)
        self.problems.error(
            self.path, key_line, key_col, _duplicate_key(key, self.pos(first)[0], key_line)
        )

    def plain(self, node: yaml.Node, depth: int, key_node: yaml.Node | None) -> Any:
        self._refuse(node, key_node, depth)
        if node.__class__ is yaml.ScalarNode:
            value: str = node.value
            # The C parser reports a plain scalar's style as "", the Python one as None.
            if not node.style and value in _NULLS:
                # A plain empty or null value means "nothing here", as a user expects.
                return None
            return value
        if node.__class__ is yaml.SequenceNode:
            return [self.plain(item, depth + 1, None) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                self._duplicate(node, key, key_node)
                continue
            if key in _FREE_TEXT_KEYS and isinstance(value_node, yaml.ScalarNode):
                self._comment_after_text(key, value_node)
            result[key] = self.plain(value_node, depth + 1, key_node)
        return result

    def _comment_after_text(self, key: str, node: yaml.ScalarNode) -> None:
        """`note: zie punt #3 van het plan` keeps only `zie punt`: YAML reads the rest as a
        comment. Nothing is lost without a word: warn at the `#`."""
        if node.style or not node.value:
            return  # quoted or block text keeps its #; an empty value has nothing to lose
        end = node.end_mark.index
        match = _TRAILING_COMMENT.match(self.source.text, end)
        if match is None:
            return
        line, col = self.source.position(match.end() - 1)
        self.problems.warning(
            self.path,
            line,
            col,
            _(
                "the text after ' #' is read as a comment, not as part of {key}; if it "
                "belongs to it, put the whole text in quotes"
            ).format(key=key),
        )

    def build(self, node: yaml.Node, loc: Loc, depth: int, key_node: yaml.Node | None) -> Any:
        self._refuse(node, key_node, depth)
        self.positions[loc] = self.pos(node)
        if isinstance(node, yaml.ScalarNode):
            value: str = node.value
            if not node.style and value in _NULLS:
                return None
            return value
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*loc, index), depth + 1, None)
                for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                self._duplicate(node, key, key_node)
                continue
            self.key_positions[(*loc, key)] = self.pos(key_node)
            result[key] = self.build(value_node, (*loc, key), depth + 1, key_node)
        return result


# -- characters, conflict markers and size: checked before PyYAML sees the text --------


def _too_deep() -> str:
    return _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)


def _character_refused(char: str, shown: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        message = _("the lone surrogate {char} is not allowed in a YAML file; remove it")
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        message = _("the control character {char} is not allowed in a YAML file; remove it")
    else:
        message = _("the Unicode non-character {char} is not allowed in a YAML file; remove it")
    return message.format(char=shown)


def _forbidden_characters(source: _Source) -> Iterator[tuple[Position, str]]:
    """The first character YAML does not allow on each line, up to a bound."""
    reported = 0
    search_from = 0
    while match := _FORBIDDEN.search(source.text, search_from):
        char, index = match.group(), match.start()
        search_from = match.end()
        if index == 0 and char == "\ufeff":
            continue  # a byte order mark may open the file
        if ord(char) > 0xFFFF and ord(char) & 0xFFFE != 0xFFFE:
            continue  # an ordinary character beyond U+1FFFE
        line, col = source.position(index)
        shown = _escape_character(char)
        if reported == _MAX_CHARACTER_PROBLEMS:
            yield (
                (line, col),
                _(
                    "more characters YAML does not allow from here on (the first is {char}); "
                    "is this a text file?"
                ).format(char=shown),
            )
            return
        yield (line, col), _forbidden_message(char, shown, first=reported == 0, source=source)
        reported += 1
        # One problem a line is enough (a UTF-16 file has a NUL after every character).
        search_from = source.line_start(line + 1) if line < len(source.starts) else len(source.text)


def _forbidden_message(char: str, shown: str, *, first: bool, source: _Source) -> str:
    if char == "\ufeff":
        return _("a byte order mark ({char}) may only open the file; remove it here").format(
            char=shown
        )
    if char in _INVISIBLE_LINE_BREAKS:
        return _(
            "the invisible line break {char} is not allowed in a YAML file; "
            "replace it with a space or a real line break"
        ).format(char=shown)
    message = _character_refused(char, shown)
    if first and char == "\x00" and _looks_utf16(source.text):
        message += _(" (the file looks saved as UTF-16; save it as UTF-8)")
    return message


def _looks_utf16(text: str) -> bool:
    # UTF-16 text of mostly ASCII characters decodes as UTF-8 with a NUL every other one.
    return text.count("\x00") * 4 >= len(text)


def _conflict_markers(source: _Source) -> Iterator[int]:
    if not any(marker in source.text for marker in _CONFLICT_MARKERS):
        return  # plain substring search: much faster than the line-anchored pattern
    for match in _CONFLICT_MARKER.finditer(source.text):
        yield source.line_of(match.start())


def _too_large(size: int | None) -> str:
    if size is None:
        return _(
            "the file is larger than the limit of 5 MB ({limit} bytes); it is not read"
        ).format(limit=f"{MAX_FILE_BYTES:,}")
    return _(
        "the file is {size} bytes, larger than the limit of 5 MB ({limit} bytes); it is not read"
    ).format(size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}")


# -- PyYAML's errors, explained --------------------------------------------------------

_Explained = tuple[int, str]  # where (a character index into the text), and a message


def _mark_index(mark: _Mark | None, source: _Source) -> int:
    return 0 if mark is None else min(mark.index, len(source.text))


def _problem_index(exc: yaml.MarkedYAMLError, source: _Source) -> int | None:
    return None if exc.problem_mark is None else _mark_index(exc.problem_mark, source)


def _context_index(exc: yaml.MarkedYAMLError, source: _Source) -> int | None:
    return None if exc.context_mark is None else _mark_index(exc.context_mark, source)


def _quote_example(key: str, value: str, *, cut: bool = False) -> str | None:
    comment = _COMMENT_START.search(value)
    value = _clipped((value[: comment.start()] if comment else value).strip())
    if cut and not value.endswith(" …"):
        value += " …"
    for quote in "\"'":
        if quote not in value:
            return f"{key}: {quote}{value}{quote}" if key else f"{quote}{value}{quote}"
    return None


def _colon_in_value(source: _Source, line: int, key_match: re.Match[str]) -> _Explained:
    text = source.line_text(line)
    key = _clipped(text[key_match.start(3) : key_match.end(3)])
    value_start = key_match.end()
    value_start += len(text[value_start:]) - len(text[value_start:].lstrip(" \t"))
    example = _quote_example(key, text[value_start:])
    if example:
        message = _(
            'the value contains ": ", which YAML reads as the start of a new key; '
            "put the text in quotes: {example}"
        ).format(example=example)
    else:
        message = _(
            'the value contains ": ", which YAML reads as the start of a new key; '
            "put the text in quotes"
        )
    return source.line_start(line) + value_start, message


def _plain_value_start(source: _Source, line: int) -> tuple[int, str, str] | None:
    """For a line that continues a plain value: where the value starts, its key and first line."""
    indent = _indent(source.line_text(line))
    for above in range(line - 1, 0, -1):
        text = source.line_text(above)
        if not text.strip() or _indent(text) >= indent:
            continue
        key_match = _KEY_LINE.match(text)
        if key_match is None:
            continue  # an earlier, less indented line of the same value
        key = _clipped(text[key_match.start(3) : key_match.end(3)])
        rest = text[key_match.end() :]
        if rest.strip():
            start = key_match.end() + len(rest) - len(rest.lstrip(" \t"))
            return source.line_start(above) + start, key, rest.strip()
        for below in range(above + 1, line + 1):
            first = source.line_text(below)
            if first.strip():
                return source.line_start(below) + _indent(first), key, first.strip()
        return None
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous_content_line(source: _Source, line: int) -> int | None:
    for above in range(line - 1, 0, -1):
        text = source.line_text(above).strip()
        if text and not text.startswith("#"):
            return above
    return None


def _misindented(source: _Source, line: int) -> _Explained | None:
    """A key whose indentation matches no sibling: the flagged line's key, or the key above
    it when that one opened its mapping at an indentation the rest of the file does not use."""
    key_match = _KEY_LINE.match(source.line_text(line))
    if key_match is None:
        return None
    blamed, blamed_match = line, key_match
    above = _previous_content_line(source, line)
    above_match = _KEY_LINE.match(source.line_text(above)) if above else None
    if above is not None and above_match and above_match.start(3) != key_match.start(3):
        parent = _previous_content_line(source, above)
        parent_match = _KEY_LINE.match(source.line_text(parent)) if parent else None
        opens_its_mapping = parent is None or (
            parent_match is not None and parent_match.start(3) < above_match.start(3)
        )
        if opens_its_mapping:
            columns = Counter(
                match.start(3)
                for number in range(1, len(source.starts) + 1)
                if (match := _KEY_LINE.match(source.line_text(number)))
            )
            if columns[above_match.start(3)] < columns[key_match.start(3)]:
                blamed, blamed_match = above, above_match
    key = blamed_match.group(3).strip("\"'")
    column = blamed_match.start(3)
    return source.line_start(blamed) + column, _(
        "the indentation of {key} ({spaces}) does not match the keys around it; "
        "line it up with the keys at its level"
    ).format(key=_shown(key), spaces=_spaces(column))


def _opening_quote(text: str, closing: int) -> int | None:
    quote = text[closing]
    index = text.rfind(quote, 0, closing)
    while index > 0 and quote == '"' and _escaped(text, index):
        index = text.rfind(quote, 0, index)
    return index if index >= 0 else None


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes (as in \\")."""
    backslashes = 0
    while index - backslashes > 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _quote_runs_on(source: _Source, opening: int, closing: int) -> _Explained:
    quote = source.char(opening)
    return opening, _(
        "the quote {quote} that opens here is never closed on its line, so YAML reads "
        "on to the {quote} on line {line}; add the closing {quote}"
    ).format(quote=quote, line=source.line_of(closing))


def _explain_quoted(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    problem_at = _problem_index(exc, source)
    if "escape" in (exc.problem or "") and problem_at is not None:
        backslash = problem_at if source.char(problem_at) == "\\" else problem_at - 1
        if source.char(backslash) == "\\":
            escape = source.text[backslash : backslash + 2]
            return backslash, _(
                "{escape} is not a valid escape in double quotes; write a backslash as "
                "{backslashes}, or put the text in single quotes"
            ).format(escape=escape, backslashes="\\\\")
        return None
    opening = _context_index(exc, source)
    if opening is None or source.char(opening) not in "\"'":
        return None
    quote = source.char(opening)
    message = _("the quote {quote} that opens here is never closed; add the closing {quote}")
    message = message.format(quote=quote)
    if quote == "'":
        message += _(
            " (a text that starts with an apostrophe, like 's avonds, needs double quotes)"
        )
    return opening, message


def _explain_tab(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    at = _problem_index(exc, source)
    if at is None:
        return None
    if source.char(at) != "\t":
        if "tab" not in (exc.problem or ""):
            return None
        line = source.line_of(at)
        found = source.line_text(line).find("\t")
        if found < 0:
            return None
        at = source.line_start(line) + found
    before = source.text[source.line_start(source.line_of(at)) : at]
    if not before.strip(" \t-"):
        return at, _("a tab is used for indentation; indent with spaces")
    return at, _("a tab cannot stand here in YAML; use spaces")


def _explain_mapping_value(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    colon = _problem_index(exc, source)
    if colon is None or source.char(colon) != ":":
        return None
    line = source.line_of(colon)
    text = source.line_text(line)
    head = _LINE_HEAD.match(text)
    content_start = head.end() if head else 0
    before = text[content_start : colon - source.line_start(line)]
    key_match = _KEY_LINE.match(text)
    if _KEY_COLON.search(before) and key_match is not None:
        return _colon_in_value(source, line, key_match)
    # The colon is the line's first: the line is read as going on with the value above,
    # which may be a `key:value` missing its space.
    above = _previous_content_line(source, line)
    glued = _glued_key(source, above) if above is not None else None
    if glued is not None:
        return glued
    if before.strip() and len(before.split()) == 1:
        return _misindented(source, line)
    start = _plain_value_start(source, line)
    if start is None:
        return content_start + source.line_start(line), _(
            'this line contains ": ", which YAML reads as the start of a new key; '
            "put the whole text in quotes"
        )
    value_at, key, first = start
    example = _quote_example(key, first, cut=True)
    if example:
        message = _(
            'the value contains ": " (on line {line}), which YAML reads as the start of a new '
            "key; put the whole text in quotes: {example}"
        ).format(line=line, example=example)
    else:
        message = _(
            'the value contains ": " (on line {line}), which YAML reads as the start of a new '
            "key; put the whole text in quotes"
        ).format(line=line)
    return value_at, message


def _explain_block(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    at = _problem_index(exc, source)
    if at is None:
        return None
    line = source.line_of(at)
    if at > 0 and source.char(at - 1) in "\"'":
        opening = _opening_quote(source.text, at - 1)
        if opening is not None and source.line_of(opening) < source.line_of(at - 1):
            return _quote_runs_on(source, opening, at - 1)
    text = source.line_text(line)
    key_match = _KEY_LINE.match(text)
    column = at - source.line_start(line)
    if key_match is not None and column in (len(key_match.group(1)), key_match.start(3)):
        return _misindented(source, line)
    quoted_key = _QUOTED_WITHOUT_COLON.match(text)
    if key_match is None and quoted_key is not None:
        key = _clipped(quoted_key.group(1))
        fixed = _clipped(f"{quoted_key.group(1)}: {text[quoted_key.end() :].strip()}")
        return source.line_start(line) + quoted_key.end(1), _(
            "a ':' is missing after the key {key}; write {fixed}"
        ).format(key=key, fixed=fixed)
    if key_match is not None:
        rest = text[key_match.end() :]
        value_start = key_match.end() + len(rest) - len(rest.lstrip(" \t"))
        first = text[value_start : value_start + 1]
        if first and first in "[{\"'" and column > value_start:
            return source.line_start(line) + value_start, _starts_with_bracket_or_quote(first)
    return None


def _starts_with_bracket_or_quote(first: str) -> str:
    if first == "[":
        message = _(
            "the value starts with {char}, so YAML reads it as a list and cannot read the "
            "text after it; put the whole text in quotes"
        )
    elif first == "{":
        message = _(
            "the value starts with {char}, so YAML reads it as a mapping and cannot read the "
            "text after it; put the whole text in quotes"
        )
    elif first == '"':
        message = _(
            "the value starts with {char}, so YAML reads it as quoted text and cannot read "
            "the text after it; put the whole text in single quotes"
        )
    else:
        message = _(
            "the value starts with {char}, so YAML reads it as quoted text and cannot read "
            "the text after it; put the whole text in double quotes"
        )
    return message.format(char=first)


def _glued_key(source: _Source, line: int) -> _Explained | None:
    """`status:nvt`, which YAML reads as one text rather than a key and its value."""
    text = source.line_text(line)
    glued = _GLUED_KEY.match(text)
    if glued is None or _KEY_LINE.match(text):
        return None
    fixed = _clipped(f"{glued.group(2)}: {text[glued.end(2) + 1 :].strip()}")
    return source.line_start(line) + glued.start(2), _(
        "a key needs a space after its ':'; write {fixed}"
    ).format(fixed=fixed)


def _explain_simple_key(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    start = _context_index(exc, source)
    if start is None:
        return None
    glued = _glued_key(source, source.line_of(start))
    if glued is not None:
        return glued
    if source.char(start) == '"':
        closing = source.text.find('"', start + 1)
        while closing > 0 and _escaped(source.text, closing):
            closing = source.text.find('"', closing + 1)
        if closing > 0 and source.line_of(closing) > source.line_of(start):
            return _quote_runs_on(source, start, closing)
    if source.char(start) == "'":
        closing = source.text.find("'", start + 1)
        if closing > 0 and source.line_of(closing) > source.line_of(start):
            return _quote_runs_on(source, start, closing)
    return start, _(
        "this line has no ': ' after a key; write it as 'key: value', "
        "or indent it further if it goes on with the text above"
    )


def _explain_flow(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    opening, at = _context_index(exc, source), _problem_index(exc, source)
    if opening is None or at is None or source.char(opening) not in "[{":
        return None
    bracket = source.char(opening)
    closing = "]" if bracket == "[" else "}"
    line = source.line_of(opening)
    rest_of_line = source.text[opening + 1 : source.line_start(line) + len(source.line_text(line))]
    if source.line_of(at) > line and closing not in rest_of_line:
        if bracket == "[":
            message = _("the list that opens with [ here is never closed; add the closing ]")
        else:
            message = _("the mapping that opens with { here is never closed; add the closing }")
        return opening, message
    return None


def _explain_indicator(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained | None:
    context, problem = exc.context or "", exc.problem or ""
    if "alias" in context or "anchor" in context:
        at = _context_index(exc, source)
        if at is not None and source.char(at) in "*&":
            if source.char(at) == "*":
                return at, _(
                    "a value cannot start with * (YAML reads it as an alias); put the text in "
                    "quotes"
                )
            return at, _(
                "a value cannot start with & (YAML reads it as an anchor); put the text in quotes"
            )
    if "block scalar" in context and "line break" in problem:
        at = _context_index(exc, source)
        if at is not None and source.char(at) in "|>":
            return at, _(
                "a value cannot start with {char} followed by text (YAML reads it as the start "
                "of a text block on the lines below); put the text in quotes"
            ).format(char=source.char(at))
    if "undefined alias" in problem:
        at = _problem_index(exc, source)
        if at is not None and source.char(at) == "*":
            return at, _(
                "a value cannot start with * (YAML reads it as an alias); put the text in quotes"
            )
    if "cannot start any token" in problem or "expected node content" in problem:
        at = _problem_index(exc, source)
        if at is not None and source.char(at) in ("@", "`", "%", ",", "]", "}"):
            return at, _("a value cannot start with {char}; put the text in quotes").format(
                char=source.char(at)
            )
    if "block sequence entries are not allowed" in problem:
        at = _problem_index(exc, source)
        if at is not None:
            return at, _(
                "a list item ('- ') cannot follow a key on the same line; start the list on "
                "the next line, or put the text in quotes"
            )
    return None


def _explain(exc: yaml.MarkedYAMLError, source: _Source) -> _Explained:
    """Where the mistake is and what to do about it, in plain words."""
    context, problem = exc.context or "", exc.problem or ""
    explained: _Explained | None = None
    if "expected a single document" in context:
        return _mark_index(exc.problem_mark or exc.context_mark, source), _(
            "not valid YAML: more than one YAML document (---) in the file; keep one per file"
        )
    if "quoted scalar" in context:
        explained = _explain_quoted(exc, source)
    if explained is None:
        explained = _explain_tab(exc, source)
    if explained is None and "mapping values are not allowed" in problem:
        explained = _explain_mapping_value(exc, source)
    if explained is None and "block" in context and "expected" in problem:
        explained = _explain_block(exc, source)
    if explained is None and "simple key" in context and "':'" in problem:
        explained = _explain_simple_key(exc, source)
    if explained is None and "flow" in context:
        explained = _explain_flow(exc, source)
    if explained is None:
        explained = _explain_indicator(exc, source)
    if explained is not None:
        return explained
    # PyYAML may put a mark on a line after the last one; its character index is exact.
    words = " ".join(part for part in (context, problem) if part)
    return _mark_index(exc.problem_mark or exc.context_mark, source), _not_yaml(words)


def _not_yaml(words: str) -> str:
    # PyYAML's own words, for the mistakes no explanation above recognises.
    return _("not valid YAML: {reason}").format(reason=words)


def _compose(source: _Source, display: str, problems: Problems) -> tuple[bool, yaml.Node | None]:
    """Whether the text is YAML, and its node graph (None for an empty file)."""
    try:
        return True, yaml.compose(source.text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as exc:
        where, message = _explain(exc, source)
        line, col = source.position(where)
        problems.error(display, line, col, _one_line(message))
    except yaml.reader.ReaderError as exc:
        # Characters are checked before parsing; this stays as a safety net.
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        line, col = source.position(exc.position)
        problems.error(
            display,
            line,
            col,
            _("the character {char} is not allowed in a YAML file; remove it").format(
                char=_escape_character(char)
            ),
        )
    except yaml.YAMLError as exc:
        problems.error(display, 1, 1, _one_line(_not_yaml(str(exc))))
    except RecursionError:
        problems.error(display, 1, 1, _too_deep())
    return False, None


def parse_yaml(text: str, display: str, problems: Problems) -> Document | None:
    """Parse YAML text into a Document, or add problems and return None."""
    source = _Source(text)
    refused = False
    for (line, col), message in _forbidden_characters(source):
        problems.error(display, line, col, message)
        refused = True
    for line in _conflict_markers(source):
        problems.error(display, line, 1, _("git conflict marker; resolve the merge conflict first"))
        refused = True
    if refused:
        return None
    is_yaml, root = _compose(source, display, problems)
    if not is_yaml:
        return None
    if root is None:
        problems.error(display, 1, 1, _("the file is empty; it needs a mapping of keys"))
        return None
    doc = Document(path=display, data=None, text=text)
    try:
        doc.data = _Builder(display, problems, source).plain(root, 0, None)
    except _Rejected as rejected:
        position = rejected.position
        if rejected.alias:
            position = _first_alias(text) or position
        problems.error(display, *position, _one_line(rejected.message))
        return None
    if not isinstance(doc.data, dict):
        if isinstance(doc.data, list):
            message = _("expected a mapping of keys at the top level, found a list")
        else:
            message = _("expected a mapping of keys at the top level, found a single value")
        problems.error(display, *doc.position(()), message)
        return None
    return doc


def _decode(raw: bytes, display: str, problems: Problems) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            display,
            line,
            col,
            _("the file is not UTF-8 (byte {byte}); save it with UTF-8 encoding").format(
                byte=f"0x{raw[exc.start]:02X}"
            ),
        )
        return None


def read_yaml_bytes(raw: bytes, display: str, problems: Problems) -> Document | None:
    """Decode and parse the bytes of one file (from any source); problems are added,
    never raised."""
    if len(raw) > MAX_FILE_BYTES:
        problems.error(display, 1, 1, _too_large(len(raw)))
        return None
    text = _decode(raw, display, problems)
    if text is None:
        return None
    return parse_yaml(text, display, problems)


def read_yaml(path: Path, display: str, problems: Problems) -> Document | None:
    """Read and parse one file of the working tree; problems are added, never raised."""
    try:
        with path.open("rb") as stream:
            # Never more than the bound: a huge file is refused without being read whole.
            raw = stream.read(MAX_FILE_BYTES + 1)
            size = os.fstat(stream.fileno()).st_size
    except OSError as exc:
        reason = _one_line(str(exc.strerror or exc))
        problems.error(display, 1, 1, _("cannot read the file: {reason}").format(reason=reason))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.error(display, 1, 1, _too_large(size if size > MAX_FILE_BYTES else None))
        return None
    return read_yaml_bytes(raw, display, problems)
