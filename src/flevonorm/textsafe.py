"""Text from the data made safe for the place it is shown: a terminal, a problem line, a CSV cell.

The data comes from many hands, so nothing in it may act on the reader's terminal (escape
sequences), forge an extra problem line (a newline inside a name), crash output (a file
name that is not UTF-8) or become a spreadsheet formula. Every edge that shows data passes
it through one of these functions.

Escapes are written the way Python writes them in a string literal, so that they read the
same everywhere: newline `\\n`, carriage return `\\r`, tab `\\t`, other C0 and C1 controls and
DEL `\\x1b`-style, Unicode line and paragraph separators and bidirectional controls `\\u2028`-
style, and a byte of a file name that is not valid UTF-8 `\\xe9`-style. A backslash in the data
is left as it is: escaping it would make ordinary Windows paths and notes harder to read, and
every escape above already makes the output one line of printable text.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from rich.text import Text

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# C0 controls, DEL, C1 controls (NEL U+0085 among them), the Unicode line and paragraph
# separators, the bidirectional controls that can make a line read other than it is
# ("Trojan source"), and lone surrogates, which no encoding can write.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

# os.fsdecode and bytes.decode(..., "surrogateescape") turn an undecodable byte B into
# the lone surrogate U+DC00 + B, for B in 0x80..0xFF.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` as one line of printable text: every control character shown as an escape.

    The result holds no character of Unicode category Cc, Zl, Zp or Cs, so it is always
    exactly one line, moves no cursor, and encodes as UTF-8. Applying it twice changes
    nothing more than applying it once.
    """
    return _UNSAFE.sub(_escape, text)


def display_name(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file or folder name (or path) for a message: bytes that are not UTF-8 as `\\xNN`.

    `name` may be the bytes from the file system, or the str that os.fsdecode/os.listdir
    made of them (undecodable bytes as lone surrogates). Bytes are decoded as UTF-8 whatever
    the locale, so `alm\\xe9re.yaml` reads the same on every machine. Never raises.
    """
    raw = os.fspath(name)
    text = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
    return terminal_safe(text)


def rich_text(text: str, style: str = "") -> Text:
    """`text` as a rich Text: shown literally (`[bold]` stays `[bold]`) and terminal-safe."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)


# A spreadsheet evaluates a cell that starts with one of these as a formula (or, for tab
# and carriage return, strips them and then evaluates what follows).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_Cell = TypeVar("_Cell")


@overload
def csv_cell(value: str) -> str: ...


@overload
def csv_cell(value: _Cell) -> _Cell: ...


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text that a spreadsheet would evaluate gets a leading `'`.

    Only text is changed; numbers (including negative ones), None and booleans are
    returned as they are, so that they stay numbers in the spreadsheet.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# Inside a JSON document these can only stand in strings (JSON's own syntax is ASCII), where
# a \uXXXX escape means the same character: DEL, the C1 controls (U+009B starts an escape
# sequence on some terminals), the line and paragraph separators, the bidirectional
# controls, and lone surrogates (an undecodable byte of a file name), which UTF-8 cannot
# write at all.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_text(data: object, *, indent: int | None = 2) -> str:
    """`data` as JSON text that is safe on a terminal and always encodes as UTF-8: readable
    non-ASCII letters stay as they are, every control character is a \\u escape. Ends with
    a newline."""
    import json

    text = None
    if indent is not None:
        try:
            text = _indented_json(data, indent)
        except (_NotJsonLike, RecursionError, ValueError):
            # Whatever json.dumps does with it (a TypeError for an object it cannot write, a
            # ValueError for a circular reference or an int too long to write) it does here.
            text = None
    if text is None:
        text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


class _NotJsonLike(Exception):
    """A value or key that json.dumps would hand to `default` or reject."""


# float.__repr__ of the floats JSON has no number for, and the words json writes instead.
_FLOAT_WORDS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _indented_json(data: object, indent: int) -> str:
    """The text of `json.dumps(data, ensure_ascii=False, indent=indent)`, three to five
    times as fast.

    With an indent, Python 3.11's json writes through its pure-Python generators, one
    `yield` per piece through every level of nesting; a national scorecard is tens of
    thousands of pieces. This appends the same pieces to one list and joins it once, with
    the same functions for the leaves (the C `encode_basestring` json itself uses for
    ensure_ascii=False, `int.__repr__`, `float.__repr__`) and the same decisions in the same
    order (json's isinstance checks), so the text is the same character for character.
    Raises _NotJsonLike where json would call `default` or reject a key.
    """
    from json.encoder import encode_basestring as quoted

    int_text = int.__repr__
    float_repr = float.__repr__
    unit = " " * indent
    pieces: list[str] = []
    append = pieces.append
    # By nesting level: what comes before an item but the first, what closes a dict, a list.
    item_separators: list[str] = []
    dict_ends: list[str] = []
    list_ends: list[str] = []
    # A str key with its ": ", by level with the separator before it: the same few keys
    # come back in every partner's row.
    key_prefixes: list[dict[str, str]] = []

    def float_text(value: float) -> str:
        # json's own test (`!=` and `==`, not math.isnan), in case a float subclass has its own.
        if value != value:
            return "NaN"
        if value == float("inf"):
            return "Infinity"
        if value == -float("inf"):
            return "-Infinity"
        return float_repr(value)

    def scalar_text(value: object) -> str | None:
        """A str, int, float, bool or None (or a subclass) as json writes it, else None."""
        if isinstance(value, str):
            return quoted(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int_text(value)
        if isinstance(value, float):
            return float_text(value)
        return None

    def key_text(key: object) -> str:
        """A dict key as json writes it: a str as it is, a number or constant as its text."""
        if isinstance(key, str):
            return quoted(key)
        if isinstance(key, float):
            return quoted(float_text(key))
        if key is True:
            return '"true"'
        if key is False:
            return '"false"'
        if key is None:
            return '"null"'
        if isinstance(key, int):
            return quoted(int_text(key))
        raise _NotJsonLike

    def add_level() -> None:
        level = len(item_separators)
        item_separators.append(",\n" + unit * (level + 1))
        dict_ends.append("\n" + unit * level + "}")
        list_ends.append("\n" + unit * level + "]")
        key_prefixes.append({})

    def write(value: Any, level: int) -> None:
        # The leaves of the common types are written inline in the loops below: a Python
        # call per leaf is most of what makes json's own encoder slow.
        kind = type(value)
        if kind is not dict and kind is not list and kind is not tuple:
            text = scalar_text(value)
            if text is not None:
                append(text)
                return
            if isinstance(value, (list, tuple)):
                kind = list
            elif isinstance(value, dict):
                kind = dict
            else:
                raise _NotJsonLike
        if not value:
            append("{}" if kind is dict else "[]")
            return
        if len(item_separators) == level:
            add_level()
        first = len(pieces)
        inner = level + 1
        if kind is dict:
            prefixes = key_prefixes[level]
            for key, item in value.items():
                prefix = prefixes.get(key) if type(key) is str else None
                if prefix is None:
                    prefix = item_separators[level] + key_text(key) + ": "
                    if type(key) is str:
                        prefixes[key] = prefix
                item_kind = type(item)
                if item_kind is str:
                    append(prefix + quoted(item))
                elif item_kind is int:
                    append(prefix + int_text(item))
                elif item_kind is float:
                    text = float_repr(item)
                    append(prefix + _FLOAT_WORDS.get(text, text))
                elif item is None:
                    append(prefix + "null")
                elif item_kind is bool:
                    append(prefix + ("true" if item else "false"))
                else:
                    append(prefix)
                    write(item, inner)
            opening = "{"
            end = dict_ends[level]
        else:
            separator = item_separators[level]
            for item in value:
                item_kind = type(item)
                if item_kind is str:
                    append(separator + quoted(item))
                elif item_kind is int:
                    append(separator + int_text(item))
                elif item_kind is float:
                    text = float_repr(item)
                    append(separator + _FLOAT_WORDS.get(text, text))
                else:
                    append(separator)
                    write(item, inner)
            opening = "["
            end = list_ends[level]
        if len(pieces) == first:
            # A subclass that is true but has no items: json writes an empty line for it.
            raise _NotJsonLike
        append(end)
        # Every item was written after ",\n"; the first comes after the opening bracket.
        pieces[first] = opening + pieces[first][1:]

    write(data, 0)
    return "".join(pieces)
