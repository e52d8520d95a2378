"""Messages in Dutch through gettext: the catalogue covers every message, the language comes
from --lang or the locale, and the problem line keeps its shape in every language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from flevonorm import i18n
from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml

from .conftest import DATA, PROJECT, Cli, make_repo

SOURCES = PROJECT / "src" / "flevonorm"
CATALOGUE = SOURCES / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{(\w*)\}")
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): .+$")


def _marked_messages() -> dict[str | tuple[str, ...], str]:
    """Every message marked with _() or ngettext() in the sources, with where it is."""
    found: dict[str | tuple[str, ...], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCES),
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
    ):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def test_every_message_has_a_dutch_translation_with_the_same_placeholders() -> None:
    with CATALOGUE.open("rb") as stream:
        catalogue = read_po(stream, locale="nl", domain=i18n.DOMAIN)
    marked = _marked_messages()
    assert len(marked) > 200
    untranslated = []
    for message, where in marked.items():
        entry = catalogue.get(message)
        forms = entry.string if entry is not None else ""
        translations: list[str] = [forms] if isinstance(forms, str) else list(forms or [""])
        if entry is None or entry.fuzzy or not all(translations):
            untranslated.append(f"{where}: {message!r}")
            continue
        # The plural form holds every placeholder the singular has ("{count} errors").
        original = message if isinstance(message, str) else message[-1]
        wanted = set(PLACEHOLDER.findall(original))
        for translation in translations:
            assert set(PLACEHOLDER.findall(translation)) == wanted, (where, translation)
    assert untranslated == []


def test_the_catalogue_holds_no_message_the_code_lost() -> None:
    with CATALOGUE.open("rb") as stream:
        catalogue = read_po(stream, locale="nl", domain=i18n.DOMAIN)
    marked = _marked_messages()
    stale = [m.id for m in catalogue if m.id and m.id not in marked]
    assert stale == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "nl"}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, "en"),  # LC_ALL decides, as in POSIX
        ({"LANGUAGE": "nl:en", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LANGUAGE": "", "LANG": "nl_NL.UTF-8"}, "nl"),
    ],
)
def test_the_locale_chooses_the_language(environment: dict[str, str], expected: str) -> None:
    assert i18n.language_from_environment(environment) == expected


BROKEN = 'partner: gem-a\nambitions:\n  "1.1":\n\tstatus: achieved\n'


def test_a_dutch_locale_gives_dutch_messages_in_the_same_shape(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": BROKEN})
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-a.yaml:4:1: error: hier is met een tab ingesprongen; spring in met spaties\n"
        "1 fout, 0 waarschuwingen\n"
    )
    assert PROBLEM_LINE.match(result.out.splitlines()[0])
    github = cli("validate", "--format", "github", "--root", str(root))
    assert github.out == (
        "::error file=rounds/r1/gem-a.yaml,line=4,col=1::hier is met een tab ingesprongen; "
        "spring in met spaties\n"
    )


def test_lang_en_overrides_a_dutch_locale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": BROKEN})
    for args in (
        ["validate", "--lang", "en"],
        ["--lang", "en", "validate"],
        ["validate", "--lang=en"],
    ):
        result = cli(*args, "--root", str(root))
        assert result.out == (
            "rounds/r1/gem-a.yaml:4:1: error: a tab is used for indentation; indent with spaces\n"
            "1 error, 0 warnings\n"
        ), args


def test_the_core_speaks_the_language_chosen() -> None:
    problems = Problems()
    i18n.set_language("nl")
    parse_yaml("note: Let op: geen vergunning\n", "a.yaml", problems)
    i18n.set_language("en")
    parse_yaml("note: Let op: geen vergunning\n", "a.yaml", problems)
    assert [str(p) for p in problems] == [
        'a.yaml:1:7: error: de waarde bevat ": ", wat YAML leest als het begin van een nieuwe '
        'sleutel; zet de tekst tussen aanhalingstekens: note: "Let op: geen vergunning"',
        'a.yaml:1:7: error: the value contains ": ", which YAML reads as the start of a new '
        'key; put the text in quotes: note: "Let op: geen vergunning"',
    ]


def test_messages_in_english_never_load_babel() -> None:
    code = (
        "import sys\n"
        "from flevonorm.cli import run\n"
        f"run(['validate', '--root', {str(DATA / 'base')!r}])\n"
        "sys.stdout.write(str(sorted(m for m in sys.modules if m.startswith('babel'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": ""}, check=True
    )
    assert done.stdout.endswith("[]")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no messages in language 'de'"):
        i18n.set_language("de")
