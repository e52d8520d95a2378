"""Hypothesis strategies for tests/test_fuzz.py: valid norm repositories, and the same
repositories mangled the way hands, editors, unzip and attackers mangle them.

A repository is built as Python trees (one per file), written as YAML by `emit_yaml` (every
hostile character escaped, so the unmutated repository is valid), then mutated at three
levels: the trees (drop, duplicate, retype, reorder, rename, hostile text), the bytes of a
file (truncate, flip, insert aliases, tags, BOM, CRLF, NUL, conflict markers, huge lines)
and the folder (delete, copy, rename, odd file names, folders, FIFOs, symlinks). Half the
cases are "gentle": only changes that keep the data valid (hostile text in free-text fields,
keys reordered, BOM, CRLF, a partner's file gone), so that results get rendered from them.

Text that would forge an output line carries `FORGED_MARKER` right after its line break, so
a line of output that starts with the marker is a forged line, whatever else it holds.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeAlias

from hypothesis import strategies as st

# A file's data before it is written: YAML's mappings, sequences and scalars.
Node: TypeAlias = "str | bool | list[Node] | dict[str, Node] | None"
Step: TypeAlias = "str | int"

KINDS = ["municipality", "province", "water_board", "police", "prosecution"]
STATUS_WORDS = [
    "achieved",
    "partial",
    "not_achieved",
    "not_assessed",
    "behaald",
    "deels",
    "niet_behaald",
    "niet_beoordeeld",
]

FORGED_MARKER = "FORGED"
FORGED_LINE = f"{FORGED_MARKER}:1:1: error: this line was forged by the data"
# Every character that some reader takes for the end of a line.
LINE_BREAKS = [
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]

# The content of a file outside the repository that a symlink points at: it must never
# reach any output.
SECRET = "SECRET-OUTSIDE-THE-REPOSITORY-7f3a"
SECRET_FILE = "outside-secret.yaml"

HOSTILE_SNIPPETS = [
    "[bold]",
    "[/bold]",
    "[bold]vet[/bold]",
    "[/]",
    "[concept]",
    "[red]rood[/red]",
    "[link=https://example.invalid]klik[/link]",
    ":warning:",
    "\x1b[31mrood\x1b[0m",
    "\x1b]0;titel\x07",
    "\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\x07",
    "\x08\x08\x08",
    "\x00",
    "NUL\x00end",
    "\x7f",
    "\t",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "\u200b",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "👩‍👩‍👧",
    "\U0010fffd",
    "\ufdd0",
    "\ufffe",
    "\ud800",
    "{{ 7 * 7 }}",
    "{% raw %}",
    "{# comment",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "| pipe |",
    "`code`",
    "**vet**",
    "# kop",
    "=1+1",
    "+31",
    "-1",
    "@SUM(A1)",
    "%0A",
    "::error file=x::forged",
    "a: b",
    " # comment",
    "'",
    '"',
    "\\",
    "\\n",
    "",
    " ",
    "x" * 5000,
    "ö" * 3000,
    *[f"begin{brk}{FORGED_LINE}" for brk in LINE_BREAKS],
]

ORDINARY_NAMES = [
    "Gemeente Almere",
    "Provincie Flevoland",
    "Gemeente Súdwest-Fryslân",
    "Waterschap Zuiderzeeland",
    "Politie",
    "OM",
]


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


PLAIN_WORDS = st.one_of(
    st.sampled_from(ORDINARY_NAMES),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=12),
)


def _hostile(snippets: list[str], characters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(snippets),
        st.text(characters, max_size=20),
        st.tuples(PLAIN_WORDS, st.sampled_from(snippets), PLAIN_WORDS).map("".join),
    )


# Text a name, title or note may hold: markup, escapes, line breaks, odd Unicode, lone
# surrogates included.
HOSTILE_TEXT = _hostile(HOSTILE_SNIPPETS, st.characters())
# A lone surrogate can only be written as an escape that YAML refuses, so valid data is
# drawn without them.
READABLE_HOSTILE_TEXT = _hostile(
    [s for s in HOSTILE_SNIPPETS if not _has_surrogate(s)],
    st.characters(exclude_categories=["Cs"]),
)
# Text for valid data: ordinary or hostile, but always readable as YAML.
SOME_TEXT = st.one_of(PLAIN_WORDS, READABLE_HOSTILE_TEXT)


# --- writing YAML ------------------------------------------------------------------------

_NULL_WORDS = {"", "~", "null", "Null", "NULL"}


def _is_plain_safe(text: str) -> bool:
    if text in _NULL_WORDS or text != text.strip() or "  " in text:
        return False
    return all(ch.isascii() and (ch.isalnum() or ch in "._- ") for ch in text) and (
        text[0].isalnum()
    )


def _yaml_escape(char: str) -> str:
    code = ord(char)
    if char == '"':
        return '\\"'
    if char == "\\":
        return "\\\\"
    unsafe = (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or char in "\u2028\u2029\ufeff"
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )
    if not unsafe:
        return char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def yaml_scalar(value: str | bool | None, plain: bool) -> str:
    """One scalar as YAML: every character YAML forbids in a file is written as an escape
    inside double quotes, so the value read back is exactly `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if plain and _is_plain_safe(value):
        return value
    return '"' + "".join(_yaml_escape(ch) for ch in value) + '"'


def _emit(node: Node, indent: int, plain: bool, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(node, dict):
        if not node:
            lines.append(pad + "{}")
        for key, value in node.items():
            head = f"{pad}{yaml_scalar(key, plain)}:"
            if isinstance(value, dict | list) and value:
                lines.append(head)
                _emit(value, indent + 2, plain, lines)
            elif isinstance(value, dict | list):
                lines.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
            else:
                lines.append(f"{head} {yaml_scalar(value, plain)}")
    elif isinstance(node, list):
        if not node:
            lines.append(pad + "[]")
        for element in node:
            block: list[str] = []
            _emit(element, indent + 2, plain, block)
            lines.append(f"{pad}- {block[0][indent + 2 :]}")
            lines.extend(block[1:])
    else:
        lines.append(pad + yaml_scalar(node, plain))


def emit_yaml(node: Node, plain: bool = False) -> str:
    """`node` as a block-style YAML document; with `plain`, simple text goes unquoted."""
    lines: list[str] = []
    _emit(node, 0, plain, lines)
    return "\n".join(lines) + "\n"


# --- a valid repository ------------------------------------------------------------------


@dataclass
class RepoTrees:
    """A valid norm repository as one tree per file (path relative to the root)."""

    trees: dict[str, Node]
    round_ids: list[str]


partner_ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,10}\Z").filter(lambda s: s != "round")
round_ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,10}\Z")


@st.composite
def _ambition(draw: st.DrawFn, ambition_id: str) -> dict[str, Node]:
    ambition: dict[str, Node] = {"id": ambition_id, "text": draw(SOME_TEXT)}
    if draw(st.booleans()):
        ambition["short"] = draw(SOME_TEXT)
    if draw(st.booleans()):
        kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
        ambition["applies_to"] = list[Node](kinds)
    if draw(st.integers(0, 3)) == 0:
        suffixes = draw(st.lists(st.sampled_from(["1", "2", "10", "A", "2.A"]), min_size=1,
                                 max_size=3, unique=True))  # fmt: skip
        items: list[Node] = []
        for index, suffix in enumerate(suffixes):
            item: dict[str, Node] = {"id": f"{ambition_id}.{suffix}", "text": draw(SOME_TEXT)}
            # The first item keeps the ambition's kinds, so every kind has an item.
            if index > 0 and isinstance(ambition.get("applies_to"), list) and draw(st.booleans()):
                item["applies_to"] = [ambition["applies_to"][0]]  # type: ignore[index]
            items.append(item)
        ambition["items"] = items
    return ambition


@dataclass
class _Ambition:
    id: str
    kinds: list[str]
    items: list[tuple[str, list[str]]]  # item id, the kinds it applies to


@dataclass
class _Version:
    id: str
    ambitions: list[_Ambition] = field(default_factory=list)


def _summarise(version_tree: dict[str, Node]) -> _Version:
    version = _Version(str(version_tree["version"]))
    themes = version_tree["themes"]
    assert isinstance(themes, list)
    for theme in themes:
        assert isinstance(theme, dict) and isinstance(theme["ambitions"], list)
        for ambition in theme["ambitions"]:
            assert isinstance(ambition, dict)
            kinds = ambition.get("applies_to", KINDS)
            assert isinstance(kinds, list)
            kind_names = [str(k) for k in kinds]
            items: list[tuple[str, list[str]]] = []
            for item in ambition.get("items") or []:  # type: ignore[union-attr]
                assert isinstance(item, dict)
                item_kinds = item.get("applies_to", kind_names)
                assert isinstance(item_kinds, list)
                items.append((str(item["id"]), [str(k) for k in item_kinds]))
            version.ambitions.append(_Ambition(str(ambition["id"]), kind_names, items))
    return version


@st.composite
def _norm(draw: st.DrawFn) -> dict[str, Node]:
    themes: list[Node] = []
    theme_ids = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True))
    for theme_id in theme_ids:
        numbers = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True))
        ambitions: list[Node] = [draw(_ambition(f"{theme_id}.{n}")) for n in numbers]
        theme: dict[str, Node] = {"id": str(theme_id), "ambitions": ambitions}
        if draw(st.booleans()):
            theme["title"] = draw(SOME_TEXT)
        themes.append(theme)
    first: dict[str, Node] = {"version": "1.0", "status": "adopted", "themes": themes}
    if draw(st.booleans()):
        first["source"] = draw(SOME_TEXT)
    versions: list[Node] = [first]
    if draw(st.booleans()):
        # A draft that carries some ambitions on through `from` links.
        old = _summarise(first)
        carried = draw(st.lists(st.sampled_from(old.ambitions), min_size=1, unique_by=id))
        ambitions = [
            {"id": a.id, "text": draw(SOME_TEXT), "from": [a.id], "applies_to": list(a.kinds)}
            for a in carried
        ]
        versions.append(
            {
                "version": "2.0",
                "status": "draft",
                "supersedes": "1.0",
                "note": draw(SOME_TEXT),
                "themes": [{"id": "1", "ambitions": list[Node](ambitions)}],
            }
        )
    return {"name": draw(SOME_TEXT), "versions": versions}


@st.composite
def _entry(draw: st.DrawFn, ambition: _Ambition, kind: str) -> Node:
    items = [item_id for item_id, kinds in ambition.items if kind in kinds]
    if items:
        values = [draw(st.booleans()) for _ in items]
        entry: dict[str, Node] = {"items": dict(zip(items, values, strict=True))}
        if draw(st.booleans()):
            entry["status"] = (
                "achieved" if all(values) else "partial" if any(values) else "not_achieved"
            )
        if draw(st.booleans()):
            entry["next_step"] = draw(SOME_TEXT)
        return entry
    form = draw(st.integers(0, 2))
    if form == 0:
        return draw(st.sampled_from(STATUS_WORDS))
    if form == 1:
        return {"status": "not_applicable", "note": draw(SOME_TEXT.filter(bool))}
    full: dict[str, Node] = {"status": draw(st.sampled_from(STATUS_WORDS))}
    if draw(st.booleans()):
        full["note"] = draw(SOME_TEXT)
    if draw(st.booleans()):
        full["evidence"] = list[Node](draw(st.lists(SOME_TEXT, max_size=2)))
    return full


@st.composite
def valid_repositories(draw: st.DrawFn) -> RepoTrees:
    """A repository that `flevonorm validate` accepts (warnings allowed): one norm with a
    possible draft 2.0, up to four partners and two or three rounds with their files."""
    norm = draw(_norm())
    versions_node = norm["versions"]
    assert isinstance(versions_node, list)
    versions = [_summarise(v) for v in versions_node if isinstance(v, dict)]
    ids = draw(st.lists(partner_ids, min_size=1, max_size=4, unique=True))
    partners: list[dict[str, Node]] = [
        {"id": pid, "name": draw(SOME_TEXT), "kind": draw(st.sampled_from(KINDS))} for pid in ids
    ]
    rounds = draw(st.lists(round_ids, min_size=2, max_size=3, unique=True))
    start = date(2021, 1, 1) + timedelta(days=draw(st.integers(0, 2000)))
    gaps = draw(st.lists(st.integers(1, 400), min_size=len(rounds), max_size=len(rounds)))
    trees: dict[str, Node] = {
        "norm.yaml": norm,
        "partners.yaml": {"partners": list[Node](partners)},
    }
    day = start
    version = versions[0]
    for round_id, gap in zip(rounds, gaps, strict=True):
        day += timedelta(days=gap)
        # Norm versions only move forward in time: diff compares a round with a later one.
        version = draw(st.sampled_from(versions[versions.index(version) :]))
        meta: dict[str, Node] = {
            "id": round_id,
            "kind": draw(st.sampled_from(["monitoring", "evaluation"])),
            "norm": version.id,
            "date": day.isoformat(),
        }
        if draw(st.booleans()):
            meta["title"] = draw(SOME_TEXT)
        if draw(st.booleans()):
            meta["example"] = draw(st.booleans())
        trees[f"rounds/{round_id}/round.yaml"] = meta
        for partner in partners:
            if draw(st.integers(0, 4)) == 0:
                continue  # a missing partner: a warning
            kind = str(partner["kind"])
            ambitions: dict[str, Node] = {
                a.id: draw(_entry(a, kind))
                for a in version.ambitions
                if kind in a.kinds and draw(st.integers(0, 5)) > 0  # some left out: a warning
            }
            assessment: dict[str, Node] = {"partner": partner["id"], "ambitions": ambitions}
            if draw(st.booleans()):
                assessment["assessed_on"] = day.isoformat()
            trees[f"rounds/{round_id}/{partner['id']}.yaml"] = assessment
    return RepoTrees(trees, rounds)


# --- mutating the trees ------------------------------------------------------------------

RETYPED: list[Node] = [
    None,
    "",
    "text",
    True,
    False,
    [],
    {},
    ["a", "b"],
    {"x": "y"},
    [{"id": "1"}],
    "1.10",
    "3.1",
    "no",
    "yes",
    "ja",
    "on",
    "0x10",
    "2022-13-45",
    "2022-02-30",
    "1e3",
    ".nan",
    "nvt",
    "Behaald",
    "deels behaald",
    "n.v.t.",
]
EXTRA_KEYS = ["note", "status", "items", "partner", "id", "1.1", "2.1.1", "stauts", "<<", "from"]


def _paths(node: Node, prefix: tuple[Step, ...] = ()) -> list[tuple[Step, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _get(node: Node, path: tuple[Step, ...]) -> Node:
    for step in path:
        node = node[step]  # type: ignore[index]
    return node


def _replace_key(mapping: dict[str, Node], old: str, new: str) -> None:
    """Rename `old` to `new` in place, keeping the order of the keys."""
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


# Fields whose text is free: any text there is valid data.
FREE_TEXT_KEYS = {"name", "title", "text", "short", "note", "next_step", "source", "evidence"}


def _is_free_text(root: Node, path: tuple[Step, ...]) -> bool:
    keys = [step for step in path if isinstance(step, str)]
    return bool(keys) and keys[-1] in FREE_TEXT_KEYS and isinstance(_get(root, path), str)


def _is_reorderable(root: Node, path: tuple[Step, ...]) -> bool:
    node = _get(root, path)
    return isinstance(node, dict) and len(node) > 1


@st.composite
def mutated_tree(draw: st.DrawFn, tree: Node, gentle: bool = False) -> tuple[Node, str]:
    """`tree` with one change at one node, and what was done. A `gentle` change keeps the
    data valid: hostile text in a free-text field, or keys in another order."""
    root: Node = copy.deepcopy(tree)
    paths = _paths(root)
    if gentle:
        paths = [p for p in paths if _is_free_text(root, p) or _is_reorderable(root, p)] or [()]
    path = draw(st.sampled_from(paths))
    node = _get(root, path)
    parent = _get(root, path[:-1]) if path else None
    step = path[-1] if path else None
    ops = ["retype", "hostile"]
    if path:
        ops += ["drop", "duplicate"]
    if isinstance(node, dict | list) and len(node) > 1:
        ops.append("reorder")
    if isinstance(parent, dict):
        ops.append("rename")
    if gentle:
        ops = ["hostile"] if _is_free_text(root, path) else ["reorder"]
        if not _is_free_text(root, path) and not _is_reorderable(root, path):
            return root, "no gentle change found"
    op = draw(st.sampled_from(ops))
    new: Node
    if op == "retype":
        new = draw(st.sampled_from(RETYPED))
    elif op == "hostile":
        text = draw(HOSTILE_TEXT)
        around = [f"{node}{text}", f"{text}{node}"] if isinstance(node, str) else []
        new = draw(st.sampled_from([text, *around]))
    elif op == "drop":
        if isinstance(parent, list):
            assert isinstance(step, int)
            del parent[step]
        else:
            assert isinstance(parent, dict) and isinstance(step, str)
            del parent[step]
        return root, f"drop {path!r}"
    elif op == "duplicate":
        if isinstance(parent, list):
            assert isinstance(step, int)
            parent.insert(step, copy.deepcopy(node))
            return root, f"duplicate {path!r}"
        assert isinstance(parent, dict)
        key = draw(st.sampled_from(EXTRA_KEYS))
        parent.setdefault(key, copy.deepcopy(node))
        return root, f"copy {path!r} to sibling key {key!r}"
    elif op == "reorder":
        assert isinstance(node, dict | list)
        order = draw(st.permutations(range(len(node))))
        if isinstance(node, list):
            node[:] = [node[i] for i in order]
        else:
            pairs = list(node.items())
            node.clear()
            node.update(pairs[i] for i in order)
        return root, f"reorder {path!r} as {order!r}"
    else:  # rename
        assert isinstance(parent, dict) and isinstance(step, str)
        renamed = draw(
            st.sampled_from(
                [step[:-1], step.upper(), f"{step} ", f"{step}x", "", step.replace(".", ",")]
            )
            | HOSTILE_TEXT
        )
        if renamed in parent:
            return root, f"rename {path!r} skipped: {renamed!r} taken"
        _replace_key(parent, step, renamed)
        return root, f"rename {path!r} to {renamed!r}"
    if not path:
        return new, f"replace the whole file by {new!r}"
    parent[step] = new  # type: ignore[index]
    return root, f"set {path!r} to {new!r}"


# --- mutating the bytes of a file --------------------------------------------------------

INSERTED = [
    b"&a ",
    b"*a",
    b"x: &a [1, 2]\ny: *a\n",
    b"<<: *a\n",
    b"<<: {status: achieved}\n",
    b"!!python/object/apply:os.system ['echo pwned'] ",
    b"!!binary ",
    b"!custom ",
    b"!!str ",
    b"!!int ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"<<<<<<< HEAD\n",
    b"=======\n",
    b">>>>>>> branch\n",
    b"\x00",
    b"\x1b[31m",
    b"\x1b]0;titel\x07",
    b"\t",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xe9",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"\xe2\x80\xae",
    b"[bold]",
    b"[/bold]",
    b"{{ 7 * 7 }}",
    b"'",
    b'"',
    b": ",
    b" #",
    b"- ",
    b"? ",
    b"{",
    b"[",
    b"  ",
    b"note: Let op: geen\n",
    b"status: achieved\n",
    b'"1.1": achieved\n',
    b"[" * 200,
    b"- " * 100 + b"x\n",
]


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes, gentle: bool = False) -> tuple[bytes, str]:
    """`data` with one change, and what was done. A `gentle` change keeps the file valid:
    a byte order mark or CRLF line ends, which the data format allows."""
    ops = ["truncate", "flip", "insert", "insert-line", "bom", "crlf", "cr", "drop-line",
           "duplicate-line", "swap-lines", "huge", "many-keys", "replace"]  # fmt: skip
    op = draw(st.sampled_from(["bom", "crlf"] if gentle else ops))
    lines = data.splitlines(keepends=True)
    if op == "truncate":
        at = draw(st.integers(0, len(data)))
        return data[:at], f"truncate at byte {at}"
    if op == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        mask = draw(st.integers(1, 255))
        return data[:at] + bytes([data[at] ^ mask]) + data[at + 1 :], f"xor byte {at} with {mask}"
    if op in ("insert", "flip"):
        at = draw(st.integers(0, len(data)))
        # surrogatepass: a lone surrogate becomes the bytes UTF-8 forbids for it.
        encoded = HOSTILE_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass"))
        what = draw(st.sampled_from(INSERTED) | encoded)
        return data[:at] + what + data[at:], f"insert {what!r} at byte {at}"
    if op == "insert-line":
        at = draw(st.integers(0, len(lines)))
        what = draw(st.sampled_from(INSERTED))
        return b"".join([*lines[:at], what, b"\n", *lines[at:]]), f"insert line {what!r} at {at}"
    if op == "bom":
        return b"\xef\xbb\xbf" + data, "prefix a UTF-8 BOM"
    if op == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if op == "cr":
        return data.replace(b"\n", b"\r"), "CR line ends"
    if op in ("drop-line", "duplicate-line", "swap-lines") and lines:
        first = draw(st.integers(0, len(lines) - 1))
        if op == "drop-line":
            return b"".join(lines[:first] + lines[first + 1 :]), f"drop line {first + 1}"
        if op == "duplicate-line":
            lines.insert(first, lines[first])
            return b"".join(lines), f"duplicate line {first + 1}"
        second = draw(st.integers(0, len(lines) - 1))
        lines[first], lines[second] = lines[second], lines[first]
        return b"".join(lines), f"swap lines {first + 1} and {second + 1}"
    if op == "huge":
        size = draw(st.sampled_from([70_000, 300_000]))
        return data + b'huge: "' + b"x" * size + b'"\n', f"append a key with a {size}-byte value"
    if op == "many-keys":
        count = draw(st.sampled_from([50, 3000]))
        keys = b"".join(b"unknown%d: v\n" % i for i in range(count))
        return data + keys, f"append {count} unknown keys"
    junk = draw(st.sampled_from([b"", b"   \n", b"\n\n", b"~\n", b"[]\n", b"- a\n"]) | st.binary(
        max_size=64))  # fmt: skip
    return junk, f"replace the file by {junk!r}"


# --- the folder --------------------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    """A folder at this path (where a file was expected, or an extra round folder)."""


@dataclass(frozen=True)
class Fifo:
    """A named pipe at this path: reading it would wait for a writer that never comes."""


@dataclass(frozen=True)
class Link:
    """A symlink at this path, to `target` as written in the link."""

    target: str


Entry: TypeAlias = "bytes | Folder | Fifo | Link"

ODD_FILE_NAMES = [
    f"x\n{FORGED_LINE}.yaml",
    f"x\r{FORGED_LINE}.yaml",
    "\x1b[31mrood.yaml",
    "\x1b]0;titel\x07.yaml",
    "alm\udce9re.yaml",  # the byte 0xE9 (Latin-1 é), as unzip makes of a Windows zip
    "\udcff\udcfe.yaml",
    "[bold]vet[/bold].yaml",
    "met spatie.yaml",
    "\u202eevil.yaml",
    "ünïcödé.yaml",
    "UPPER.yaml",
    "x.YAML",
    "x.Yaml",
    "x.yml",
    ".hidden.yaml",
    "x.yaml~",
    "#x.yaml#",
    ".x.yaml.swp",
    "-rf.yaml",
    "--help.yaml",
    ".yaml",
]


# A repository's own templates/ override the shipped ones file by file, and count as data.
SHIPPED_TEMPLATES = Path(__file__).parent.parent / "templates"
TEMPLATE_NAMES = ["report.md.j2", "report.html.j2", "_labels.j2"]
CATALOGUE = "locale/nl/LC_MESSAGES/flevonorm.po"
HOSTILE_TEMPLATES = [
    b"{{ cycler.__init__.__globals__.os.system('echo pwned') }}",
    b"{{ ''.__class__.__mro__[1].__subclasses__() }}",
    b"{{ self._TemplateReference__context }}",
    b"{% for x in %}",
    b"{{ 1 / 0 }}",
    b"{{ x.y.z }}",
    b"{% include 'nope.j2' %}",
    b"{% include '/etc/passwd' %}",
    b"{% include '../../outside-secret.yaml' %}",
    b"{% extends 'report.md.j2' %}",
    b"{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    b"{{ range(10 ** 9) | list }}",
    b"{{ 'x' * 10 ** 9 }}",
    b"{{ report | tojson }}",
    b"{{ '\x1b[31m' }}\x1b]0;titel\x07",
    b"{{ _('%(a)s') }}",
    b"{% trans %}{{ x }}{% endtrans %}",
    b"\xff\xfe",
    b"",
]


@dataclass
class FuzzCase:
    """A repository as files to write, the round ids it was built with, and the changes
    made to the valid repository it started as."""

    files: dict[str, Entry]
    round_ids: list[str]
    changes: list[str]

    def write(self, folder: Path) -> Path:
        """Write the repository to `folder`/repo (and the secret beside it); its root."""
        (folder / SECRET_FILE).write_text(f"partner: {SECRET}\nambitions: {{}}\n")
        root = folder / "repo"
        root.mkdir()
        for name, entry in sorted(self.files.items()):
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(entry, Folder):
                path.mkdir(exist_ok=True)
            elif isinstance(entry, Fifo):
                os.mkfifo(path)
            elif isinstance(entry, Link):
                os.symlink(entry.target, path)
            elif not path.is_dir():
                path.write_bytes(entry)
        return root

    def __repr__(self) -> str:
        changes = "".join(f"\n  - {change}" for change in self.changes)
        files = "".join(f"\n  {name!r}: {entry!r}" for name, entry in sorted(self.files.items()))
        return f"FuzzCase(rounds={self.round_ids!r}, changes:{changes}\nfiles:{files})"


def _outside(name: str) -> str:
    """A relative link target from `name` to the secret file beside the repository."""
    return "../" * (name.count("/") + 1) + SECRET_FILE


@st.composite
def mutated_folder(draw: st.DrawFn, files: dict[str, Entry], gentle: bool = False) -> str:
    """Change `files` in place (delete, copy, rename, add odd names, folders, symlinks);
    says what was done. A `gentle` change deletes or renames a partner's file, which makes
    the partner missing (a warning)."""
    names = sorted(files)
    partner_files = [n for n in names if n.startswith("rounds/") and n.endswith("yaml")
                     and not n.endswith("/round.yaml")]  # fmt: skip
    if gentle and not partner_files:
        return "no gentle change found"
    name = draw(st.sampled_from(partner_files if gentle else names))
    folders = sorted({n.rsplit("/", 1)[0] for n in names if n.startswith("rounds/")})
    ops = ["delete", "copy", "rename", "odd-name", "folder", "link", "fifo", "empty-round",
           "round-without-meta", "template", "catalogue"]  # fmt: skip
    op = draw(st.sampled_from(["delete", "rename"] if gentle else ops))
    if op == "template":
        template = draw(st.sampled_from(TEMPLATE_NAMES))
        shipped = (SHIPPED_TEMPLATES / template).read_bytes()
        mangled = draw(mutated_bytes(shipped))
        content, change = draw(st.sampled_from([*((t, "") for t in HOSTILE_TEMPLATES), mangled]))
        files[f"templates/{template}"] = content
        return f"add templates/{template}: {change or content!r}"
    if op == "catalogue":
        content, change = draw(mutated_bytes((SHIPPED_TEMPLATES / CATALOGUE).read_bytes()))
        files[f"templates/{CATALOGUE}"] = content
        return f"add templates/{CATALOGUE}: the shipped one with {change}"
    if op == "delete":
        del files[name]
        return f"delete {name!r}"
    if op in ("copy", "rename", "odd-name") and folders:
        folder = draw(st.sampled_from(folders))
        if op == "odd-name":
            new = f"{folder}/{draw(st.sampled_from(ODD_FILE_NAMES))}"
        elif op == "rename":
            new = draw(st.sampled_from([f"{name}~", f"{name[:-5]}.yml", f"{name[:-5]}.YAML",
                                        f"{folder}/.{name.rsplit('/', 1)[-1]}"]))  # fmt: skip
        else:
            new = f"{folder}/{name.rsplit('/', 1)[-1]}"
        if new in files:
            return f"{op} {name!r} skipped: {new!r} exists"
        files[new] = files[name]
        if op == "rename":
            del files[name]
        return f"{op} {name!r} to {new!r}"
    if op == "folder":
        files[name] = Folder()
        return f"make {name!r} a folder"
    if op == "fifo":
        files[name] = Fifo()
        return f"make {name!r} a FIFO"
    if op == "link":
        target = draw(st.sampled_from(["nowhere.yaml", name.rsplit("/", 1)[-1], _outside(name),
                                       "/dev/zero", "/"]))  # fmt: skip
        files[name] = Link(target)
        return f"make {name!r} a symlink to {target!r}"
    new_round = draw(round_ids)
    if op == "empty-round" or not folders:
        files.setdefault(f"rounds/{new_round}", Folder())
        return f"add an empty round folder {new_round!r}"
    source = draw(st.sampled_from([n for n in names if n.startswith("rounds/")] or names))
    files.setdefault(f"rounds/{new_round}/{source.rsplit('/', 1)[-1]}", files[source])
    return f"add round folder {new_round!r} holding a copy of {source!r} but no round.yaml"


@st.composite
def fuzzed_repositories(draw: st.DrawFn) -> FuzzCase:
    """A valid repository with one to four changes at the level of trees, bytes or folders;
    in a gentle case, only changes that keep it valid."""
    repo = draw(valid_repositories())
    trees = dict(repo.trees)
    changes: list[str] = []
    # Most changes break the data, and the commands then stop at the problems; a gentle
    # case keeps it valid, so that the results are rendered from odd but valid data.
    gentle = draw(st.booleans())
    if gentle:
        changes.append("gentle: every change keeps the data valid")
    # Tree changes come first, as the trees are written out before bytes can change.
    levels = sorted(draw(st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=4)))
    for _ in range(levels.count(0)):
        name = draw(st.sampled_from(sorted(trees)))
        trees[name], change = draw(mutated_tree(trees[name], gentle))
        changes.append(f"{name}: {change}")
    plain = draw(st.booleans())
    files: dict[str, Entry] = {
        name: emit_yaml(tree, plain).encode() for name, tree in trees.items()
    }
    for _ in range(levels.count(1)):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        if not isinstance(data, bytes):  # made a folder, FIFO or link above: not bytes
            continue
        files[name], change = draw(mutated_bytes(data, gentle))
        changes.append(f"{name}: {change}")
    for _ in range(levels.count(2)):
        changes.append(draw(mutated_folder(files, gentle)))
    return FuzzCase(files, repo.round_ids, changes)


def valid_cases() -> st.SearchStrategy[FuzzCase]:
    """Valid repositories, written as they are (quoted or plain where safe)."""

    def build(repo: RepoTrees, plain: bool) -> FuzzCase:
        files: dict[str, Entry] = {n: emit_yaml(t, plain).encode() for n, t in repo.trees.items()}
        return FuzzCase(files, repo.round_ids, [])

    return st.builds(build, valid_repositories(), st.booleans())
