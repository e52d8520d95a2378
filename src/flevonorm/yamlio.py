"""The one YAML reader of flevonorm.

Why not `yaml.safe_load`: it follows YAML 1.1, which turns the key `3.10` into
the float 3.1 (merging it with ambition 3.1), `no` into False and `010` into 8;
it lets the last of two equal keys silently win; and it expands aliases without
bound. Here every scalar is kept as the literal text in the file (only a plain
`null`, `~` or empty value is None), duplicate keys, aliases, object-building
tags, several documents and git conflict markers are problems, and the line and
column of every node are kept so that model errors can point at them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)")
# Deeper than any flevonorm file needs; stops a hostile file from exhausting the stack.
MAX_DEPTH = 50


@dataclass
class Document:
    """A parsed YAML file: plain data plus where every value and key stands."""

    path: str
    data: Any
    positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Line and column of the value at `loc` (or its key), else of its nearest parent."""
        loc = tuple(loc)
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


class _Rejected(Exception):
    """A node the builder refuses; carries where and why."""

    def __init__(self, line: int, col: int, message: str, *, alias: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message
        self.alias = alias


def _first_alias(text: str) -> Position | None:
    # Only called once an alias was found: the composed graph does not say where
    # the alias stood, the event stream does (and reading it is linear in the text).
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1, event.start_mark.column + 1
    return None


def _pos(node: yaml.Node) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a value"


class _Builder:
    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc, depth: int, key_node: yaml.Node | None) -> Any:
        if id(node) in self.seen:
            where = key_node or node
            line, col = _pos(where)
            raise _Rejected(
                line,
                col,
                "anchors and aliases (&name, *name, <<:) are not allowed in flevonorm files; "
                "write the value out in full",
                alias=True,
            )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Rejected(*_pos(node), f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _ALLOWED_TAGS:
            raise _Rejected(
                *_pos(node),
                f"the tag {node.tag!r} is not allowed; only plain values, lists and mappings "
                "(and the tags !!str, !!map, !!seq) may appear",
            )
        self.doc.positions[loc] = _pos(node)
        if isinstance(node, yaml.ScalarNode):
            value: str = node.value
            # The C parser reports a plain scalar's style as "", the Python one as None.
            if not node.style and value in _NULLS:
                # A plain empty or null value means "nothing here", as a user expects.
                return None
            return value
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*loc, index), depth + 1, None)
                for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                raise _Rejected(*_pos(key_node), "aliases are not allowed as keys", alias=True)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Rejected(*_pos(key_node), f"a key must be text, not {_describe(key_node)}")
            if key_node.tag not in _ALLOWED_TAGS:
                raise _Rejected(
                    *_pos(key_node), f"the tag {key_node.tag!r} is not allowed on a key"
                )
            self.seen.add(id(key_node))
            key = key_node.value
            key_line, key_col = _pos(key_node)
            if key in result:
                self.problems.error(
                    self.doc.path,
                    key_line,
                    key_col,
                    f"duplicate key {key!r} at lines {first_line[key]} and {key_line}; "
                    "keep one of them (YAML would silently use the last)",
                )
                continue
            first_line[key] = key_line
            self.doc.key_positions[(*loc, key)] = (key_line, key_col)
            result[key] = self.build(value_node, (*loc, key), depth + 1, key_node)
        return result


def _conflict_markers(text: str) -> Iterator[int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONFLICT_MARKER.match(line):
            yield number


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
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X}); save it with UTF-8 encoding",
        )
        return None


def parse_yaml(text: str, display: str, problems: Problems) -> Document | None:
    """Parse YAML text into a Document, or add problems and return None."""
    markers = list(_conflict_markers(text))
    if markers:
        for line in markers:
            problems.error(
                display, line, 1, "git conflict marker; resolve the merge conflict first"
            )
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "expected a single document" in message:
            message = "more than one YAML document (---) in the file; keep one per file"
        problems.error(display, line, col, f"not valid YAML: {message}")
        return None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.error(display, line, col, f"not valid YAML: {exc}")
        return None
    except RecursionError:
        problems.error(display, 1, 1, f"nested more than {MAX_DEPTH} levels deep")
        return None
    if root is None:
        problems.error(display, 1, 1, "the file is empty; it needs a mapping of keys")
        return None
    doc = Document(path=display, data=None)
    try:
        doc.data = _Builder(doc, problems).build(root, (), 0, None)
    except _Rejected as rejected:
        line, col = rejected.line, rejected.col
        if rejected.alias:
            line, col = _first_alias(text) or (line, col)
        problems.error(display, line, col, rejected.message)
        return None
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        problems.error(
            display, *doc.position(()), f"expected a mapping of keys at the top level, found {kind}"
        )
        return None
    return doc


def read_yaml_bytes(raw: bytes, display: str, problems: Problems) -> Document | None:
    """Decode and parse the bytes of one file (from any source); problems are added,
    never raised."""
    text = _decode(raw, display, problems)
    if text is None:
        return None
    return parse_yaml(text, display, problems)


def read_yaml(path: Path, display: str, problems: Problems) -> Document | None:
    """Read and parse one file of the working tree; problems are added, never raised."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(display, 1, 1, f"cannot read the file: {exc.strerror}")
        return None
    return read_yaml_bytes(raw, display, problems)
