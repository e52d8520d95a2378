"""Text from the data at the edges: one line on a terminal, names that are not UTF-8, CSV."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.console import Console

from flevonorm.textsafe import csv_cell, display_name, rich_text, terminal_safe

UNSAFE_CATEGORIES = {"Cc", "Zl", "Zp", "Cs"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A newline in a partner name must not forge a problem line of its own.
        ("Gemeente\nnorm.yaml:1:1: error: vals", "Gemeente\\nnorm.yaml:1:1: error: vals"),
        ("\x1b[31mrood\x1b[0m", "\\x1b[31mrood\\x1b[0m"),
        ("a\tb\rc", "a\\tb\\rc"),
        ("\x9b2J wist het scherm", "\\x9b2J wist het scherm"),
        ("nul\x00 del\x7f bel\x07", "nul\\x00 del\\x7f bel\\x07"),
        ("a\u2028b\u2029c\x85d\x0be\x0cf", "a\\u2028b\\u2029c\\x85d\\x0be\\x0cf"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("alm\udce9re", "alm\\xe9re"),
        (
            "Gemeente [/bold] Súdwest-Fryslân ✔ C:\\map",
            "Gemeente [/bold] Súdwest-Fryslân ✔ C:\\map",
        ),
        ("", ""),
    ],
)
def test_terminal_safe_escapes_control_characters(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


@given(st.text())
def test_terminal_safe_is_one_printable_line(text: str) -> None:
    safe = terminal_safe(text)
    assert not {c for c in safe if unicodedata.category(c) in UNSAFE_CATEGORIES}
    assert "\n" not in safe
    assert len(safe.splitlines()) <= 1
    safe.encode("utf-8")  # strict: no lone surrogate left
    assert terminal_safe(safe) == safe


@given(st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_terminal_safe_leaves_printable_text_alone(text: str) -> None:
    assert terminal_safe(text) == text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"alm\xe9re.yaml", "alm\\xe9re.yaml"),  # Latin-1, as unzip makes of a Windows zip
        ("alm\udce9re.yaml", "alm\\xe9re.yaml"),  # the same name from os.listdir
        (b"Alm\xc3\xa9re.yaml", "Almére.yaml"),  # valid UTF-8 stays readable
        (Path("rounds") / "r1\udcff" / "gem\n.yaml", "rounds/r1\\xff/gem\\n.yaml"),
        (b"\x1b]0;titel\x07.yaml", "\\x1b]0;titel\\x07.yaml"),
    ],
)
def test_display_name(name: str | bytes | Path, shown: str) -> None:
    assert display_name(name) == shown


_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|n|r|t)")


def _unescape_to_bytes(shown: str) -> bytes:
    """The bytes a shown name stands for, read back the way a person would."""
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(shown):
        out += shown[position : match.start()].encode("utf-8")
        code = match.group(1)
        if code[0] == "x":
            out.append(int(code[1:], 16))
        elif code[0] == "u":
            out += chr(int(code[1:], 16)).encode("utf-8")
        else:
            out += {"n": b"\n", "r": b"\r", "t": b"\t"}[code]
        position = match.end()
    out += shown[position:].encode("utf-8")
    return bytes(out)


@given(st.binary(min_size=1, max_size=40).filter(lambda raw: b"/" not in raw))
def test_display_name_of_any_bytes_is_printable_utf8_and_reads_back(raw: bytes) -> None:
    decoded = raw.decode("utf-8", "surrogateescape")  # what os.fsdecode gives
    shown = display_name(decoded)
    assert display_name(raw) == shown
    shown.encode("utf-8")  # strict: printable under any UTF-8 terminal, never raises
    assert not {c for c in shown if unicodedata.category(c) in UNSAFE_CATEGORIES}
    # A literal backslash or a decoded C1 character would make the escapes ambiguous.
    assume("\\" not in decoded and not any("\x80" <= c <= "\x9f" for c in decoded))
    assert _unescape_to_bytes(shown) == raw


def test_rich_text_shows_markup_and_escapes_literally() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(rich_text("Gemeente [/bold] [red]x\n\x1b[2J"))
    assert console.file.getvalue() == "Gemeente [/bold] [red]x\\n\\x1b[2J\n"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-bijna", "'-bijna"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Almere", "Almere"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),  # a number stays a number
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    assert csv_cell(value) == cell
    assert type(csv_cell(value)) is type(cell)


def test_csv_row_as_a_spreadsheet_reads_it() -> None:
    stream = io.StringIO()
    csv.writer(stream).writerow([csv_cell(v) for v in ["=1+1", "Gemeente Almere", -3, 0.5]])
    assert stream.getvalue() == "'=1+1,Gemeente Almere,-3,0.5\r\n"


@given(st.text())
def test_csv_cell_never_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)
