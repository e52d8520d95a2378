"""The report's words and numbers: catalogue completeness, Babel formatting, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flevonorm.render import Formatters, md_escape

TEMPLATES = Path(__file__).parent.parent / "templates"


def template_messages() -> set[str]:
    method_map = [("*.j2", "jinja2")]
    options = {"*.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                        "lstrip_blocks": "True"}}  # fmt: skip
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(TEMPLATES), method_map=method_map, options_map=options, keywords={"_": None}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_template_message_has_a_dutch_translation() -> None:
    with (TEMPLATES / "locale" / "nl" / "LC_MESSAGES" / "flevonorm.po").open("rb") as stream:
        catalog = read_po(stream, locale="nl")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    messages = template_messages()
    assert len(messages) > 50
    assert sorted(messages - translated) == []


@pytest.mark.parametrize(
    ("locale", "percent", "points", "day"),
    [("nl_NL", "83%", "119,5", "15 november 2022"), ("en_GB", "83%", "119.5", "15 November 2022")],
)
def test_numbers_and_dates_follow_the_locale(
    locale: str, percent: str, points: str, day: str
) -> None:
    fmt = Formatters(locale)
    assert fmt.percent(83) == percent
    assert fmt.number(119.5) == points
    assert fmt.number(143) == "143"
    assert fmt.long_date("2022-11-15") == day
    assert (fmt.signed(5), fmt.signed(-3), fmt.signed(0), fmt.signed(None)) == (
        "+5", "−3", "±0", "–",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a | b", r"a \| b"), ("regel 1\nregel 2", "regel 1 regel 2"),
     ("<script>x</script>", r"\<script\>x\</script\>"), ("`code` [l](u)", r"\`code\` \[l\](u)"),
     ("B&W", "B&W"), ("&lt;b&gt;", "&amp;lt;b&amp;gt;"), ("**vet**", r"\*\*vet\*\*"),
     (None, "")],
)  # fmt: skip
def test_markdown_escape(text: str | None, escaped: str) -> None:
    assert md_escape(text) == escaped
