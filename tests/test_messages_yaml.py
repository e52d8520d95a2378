"""The mistakes hand-editing makes, explained in plain words at the line that is wrong, in
English and in Dutch (spec/cli.md). Each file is the valid tests/data/base gem-a.yaml with
one mistake in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli, make_repo

HEAD = 'partner: gem-a\nambitions:\n  "1.1": achieved\n  "1.2":\n'
TAIL = '  "2.1":\n    items:\n      "2.1.1": true\n      "2.1.2.A": false\n  "2.10": behaald\n'

CASES = {
    "colon-in-value": (
        HEAD + "    status: partial\n    note: Let op: geen gegevens over 2021\n" + TAIL,
        'rounds/r1/gem-a.yaml:6:11: error: the value contains ": ", which YAML reads as the '
        'start of a new key; put the text in quotes: note: "Let op: geen gegevens over 2021"',
        'rounds/r1/gem-a.yaml:6:11: error: de waarde bevat ": ", wat YAML leest als het begin '
        'van een nieuwe sleutel; zet de tekst tussen aanhalingstekens: note: "Let op: geen '
        'gegevens over 2021"',
    ),
    "tab": (
        HEAD + "\tstatus: partial\n" + TAIL,
        "rounds/r1/gem-a.yaml:5:1: error: a tab is used for indentation; indent with spaces",
        "rounds/r1/gem-a.yaml:5:1: error: hier is met een tab ingesprongen; spring in met spaties",
    ),
    "unclosed-quote": (
        HEAD + '    status: partial\n    note: "geen gegevens over 2021\n' + TAIL,
        'rounds/r1/gem-a.yaml:6:11: error: the quote " that opens here is never closed on its '
        'line, so YAML reads on to the " on line 7; add the closing "',
        'rounds/r1/gem-a.yaml:6:11: error: het aanhalingsteken " dat hier opent, wordt op deze '
        'regel niet gesloten, dus YAML leest door tot de " op regel 7; zet er een sluitende " '
        "achter",
    ),
    "misindented-key": (
        HEAD + "    note: loopt nog\n   status: partial\n" + TAIL,
        "rounds/r1/gem-a.yaml:6:4: error: the indentation of 'status' (3 spaces) does not match "
        "the keys around it; line it up with the keys at its level",
        "rounds/r1/gem-a.yaml:6:4: error: het inspringen van 'status' (3 spaties) past niet bij "
        "de sleutels eromheen; zet de sleutel recht onder de sleutels van hetzelfde niveau",
    ),
    "status-without-space": (
        HEAD + "    status:partial\n" + TAIL,
        "rounds/r1/gem-a.yaml:5:5: error: 'status:partial' is not a status; a key needs a "
        "space after its ':', write status: partial",
        "rounds/r1/gem-a.yaml:5:5: error: 'status:partial' is geen status; na de ':' van een "
        "sleutel hoort een spatie, schrijf status: partial",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_hand_editing_mistake_in_english_and_dutch(cli: Cli, tmp_path: Path, case: str) -> None:
    text, english, dutch = CASES[case]
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": text})
    result = cli("validate", "--root", str(root))
    assert (result.code, result.out) == (1, english + "\n1 error, 0 warnings\n")
    result = cli("validate", "--lang", "nl", "--root", str(root))
    assert (result.code, result.out) == (1, dutch + "\n1 fout, 0 waarschuwingen\n")


def test_an_empty_date_asks_for_one(cli: Cli, tmp_path: Path) -> None:
    round_yaml = 'id: r1\ntitle: Testronde\nkind: evaluation\nnorm: "1.0"\ndate:\n'
    root = make_repo(tmp_path, {"rounds/r1/round.yaml": round_yaml})
    result = cli("validate", "--root", str(root))
    assert result.out == (
        "rounds/r1/round.yaml:5:6: error: a date is needed here; write it as YYYY-MM-DD\n"
        "1 error, 0 warnings\n"
    )
    result = cli("validate", "--lang", "nl", "--root", str(root))
    assert result.out == (
        "rounds/r1/round.yaml:5:6: error: hier hoort een datum; schrijf hem als JJJJ-MM-DD "
        "(bijvoorbeeld 2022-11-15)\n"
        "1 fout, 0 waarschuwingen\n"
    )


def test_a_hash_in_a_plain_note_is_not_lost_without_a_word(cli: Cli, tmp_path: Path) -> None:
    gem_a = (
        'partner: gem-a\nambitions:\n  "1.1": achieved\n  "1.2":\n    status: partial\n'
        "    note: zie punt #3 van het plan\n"
        '    next_step: "quoted #1 stays"\n'
        '  "2.1": achieved  # a comment beside a status is fine\n'
        '  "2.10": behaald\n'
    )
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": gem_a})
    result = cli("validate", "--root", str(root))
    assert result.code == 0
    assert result.out == (
        "rounds/r1/gem-a.yaml:6:20: warning: the text after ' #' is read as a comment, not as "
        "part of note; if it belongs to it, put the whole text in quotes\n0 errors, 1 warning\n"
    )
