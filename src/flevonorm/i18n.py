"""The language of flevonorm's messages: English, or Dutch when `--lang nl` is given or the
locale is Dutch (spec/cli.md).

Messages are written in English in the code, marked with `_()` (or `ngettext()` where a
number decides the form) at the moment they are made, and looked up in the gettext
catalogue `locale/<lang>/LC_MESSAGES/messages.po` of this package. The catalogue is
compiled in memory with Babel the first time it is needed, as the report's catalogue is:
the .po stays reviewable text in git. English needs no catalogue, so a command run in
English never imports Babel.

The command line chooses the language once, before it parses anything (`set_language`);
the core only calls `_()`. The problem line keeps its English shape in every language
(`path:line:col: error|warning: message`): only the message after it is translated.

A message is one whole sentence with named placeholders, `_("unknown key {key}").format(
key=...)`, never pieced together from fragments, so that each translates as a whole. After
adding or changing one:

    pybabel extract --no-default-keywords -k _ -k ngettext:1,2 --no-location \
        -o /tmp/messages.pot src/flevonorm
    pybabel update -i /tmp/messages.pot -d src/flevonorm/locale -D messages -l nl --width 100

then translate the new entries in `locale/nl/LC_MESSAGES/messages.po`; a test fails while
a message has no Dutch, or a translation's placeholders differ from its message's.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from functools import cache

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the msgids are the English messages
LANGUAGES = ("en", "nl")

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the language chosen."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits `count`, in the language chosen."""
    return _current.ngettext(singular, plural, count)


def either(words: Sequence[str]) -> str:
    """`a`, `a or b`, `a, b or c`, with the `or` in the language chosen."""
    if len(words) <= 1:
        return "".join(words)
    return _("{some} or {last}").format(some=", ".join(words[:-1]), last=words[-1])


def both(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`, with the `and` in the language chosen."""
    if len(words) <= 1:
        return "".join(words)
    return _("{some} and {last}").format(some=", ".join(words[:-1]), last=words[-1])


def language() -> str:
    return _current_language


def set_language(lang: str) -> None:
    """Use `lang` ("en" or "nl") for every message made from now on."""
    global _current, _current_language
    if lang not in LANGUAGES:
        raise ValueError(f"no messages in language {lang!r}")
    _current = gettext.NullTranslations() if lang == SOURCE_LANGUAGE else catalogue(lang)
    _current_language = lang


def language_from_environment(environ: Mapping[str, str]) -> str:
    """Dutch when the locale that decides messages is Dutch, else English.

    As gettext does: LANGUAGE (a list, first entry), then LC_ALL, LC_MESSAGES and LANG, the
    first that is set deciding; `nl`, `nl_NL.UTF-8`, `nl_BE` are Dutch."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        first = value.split(":", 1)[0].strip()
        if first:
            return "nl" if first.lower().startswith("nl") else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`, read from the package."""
    from importlib.resources import files
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = files("flevonorm") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as stream:
        catalog = read_po(stream, locale=lang, domain=DOMAIN, abort_invalid=True)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
