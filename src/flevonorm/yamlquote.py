"""Text written into a YAML file that must read back as exactly itself: as a double-quoted
scalar (`yaml_string`) or as the rest of a comment line (`comment_text`).

`flevonorm init` quotes the norm's name with it, `round new` every value and id it writes.
Whatever the text holds (quotes, `#`, `: `, a leading `-`, line breaks, control characters,
U+2028, a byte order mark), the scalar cannot end early, add keys, or hold a character
that flevonorm's own reader refuses; a comment cannot leave its line.
"""

from __future__ import annotations

import re

from flevonorm.i18n import _

# Characters YAML allows in a file (YAML 1.1 "printable", what libyaml accepts), minus the
# byte order mark, the bidirectional controls, which can make a line read other than it
# is, and the Unicode non-characters, which flevonorm's reader refuses. Everything else is
# written as an escape.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF)
)
_UNSAFE = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff" + _NONCHARACTERS + "]"
)
_LINE_BREAKS = re.compile("(?:[ \t]*(?:\r\n|[\r\n\x85\u2028\u2029]))+[ \t]*")
_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        # A command-line argument with bytes that are not UTF-8 arrives holding one.
        raise ValueError(
            _("the text holds a lone surrogate ({char}), which no UTF-8 file can store").format(
                char=f"U+{code:04X}"
            )
        )
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line that reads back as exactly `text`.

    Quotes and backslashes are escaped, and so is every character that is not plainly
    printable (line breaks, controls, NEL, U+2028/U+2029, U+FEFF, bidirectional controls,
    non-characters), with the escapes YAML defines (`\\n`, `\\xNN`, `\\uNNNN`,
    `\\UNNNNNNNN`). Letters outside the Basic Multilingual Plane (emoji) are written as
    they are. Raises ValueError for a lone surrogate, which no UTF-8 file can hold.
    """
    parts = ['"']
    for char in text:
        named = _YAML_ESCAPES.get(char)
        if named is not None:
            parts.append(named)
        elif _UNSAFE.match(char):
            parts.append(_escape(char))
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def comment_text(text: str) -> str:
    """`text` as the rest of one comment line: every line break (with the blanks around it)
    becomes one space, and any other character YAML does not allow, or that could make the
    line read other than it is, becomes a visible escape such as `\\x00`. Raises ValueError
    for a lone surrogate."""
    text = _LINE_BREAKS.sub(" ", text)
    return _UNSAFE.sub(lambda match: _escape(match.group()), text)
