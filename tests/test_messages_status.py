"""A status word that is not one gets the status word meant (data-format.md): `Behaald` →
`behaald`, `deels behaald` → `deels`, `n.v.t.` → `nvt`, and never a list of ten words."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flevonorm.models import STATUS_WORDS, suggest_status

from .conftest import Cli, make_repo

# The report's own legend words and habits, as a coordinator types them.
GEM_A = """partner: gem-a
ambitions:
  "1.1": Behaald
  "1.2":
    status: deels behaald
  "2.1":
    status: n.v.t.
    note: Geen horeca
  "2.10": done
"""


def test_each_wrong_word_gets_the_word_meant_at_its_value(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", "--root", str(make_repo(tmp_path, {"rounds/r1/gem-a.yaml": GEM_A})))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-a.yaml:3:10: error: 'Behaald' is not a status; did you mean 'behaald'?\n"
        "rounds/r1/gem-a.yaml:5:13: error: 'deels behaald' is not a status; did you mean "
        "'deels'?\n"
        "rounds/r1/gem-a.yaml:7:13: error: 'n.v.t.' is not a status; did you mean 'nvt'?\n"
        "rounds/r1/gem-a.yaml:9:11: error: 'done' is not a status; write achieved, partial, "
        "not_achieved, not_applicable or not_assessed\n"
        "4 errors, 0 warnings\n"
    )


def test_in_dutch_the_dutch_words_are_offered(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": GEM_A})
    result = cli("validate", "--lang", "nl", "--root", str(root))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-a.yaml:3:10: error: 'Behaald' is geen status; bedoelt u 'behaald'?\n"
        "rounds/r1/gem-a.yaml:5:13: error: 'deels behaald' is geen status; bedoelt u 'deels'?\n"
        "rounds/r1/gem-a.yaml:7:13: error: 'n.v.t.' is geen status; bedoelt u 'nvt'?\n"
        "rounds/r1/gem-a.yaml:9:11: error: 'done' is geen status; schrijf behaald, deels, "
        "niet_behaald, nvt of niet_beoordeeld\n"
        "4 fouten, 0 waarschuwingen\n"
    )


def test_legend_words_and_habits_find_their_status() -> None:
    assert suggest_status("niet van toepassing") == "nvt"
    assert suggest_status("Niet Behaald") == "niet_behaald"
    assert suggest_status("not-achieved") == "not_achieved"
    assert suggest_status("partially achieved") == "partial"
    assert suggest_status("achived") == "achieved"  # a typo
    assert suggest_status("done") is None
    assert suggest_status("...") is None


@given(
    word=st.sampled_from(STATUS_WORDS),
    upper=st.lists(st.booleans(), min_size=20, max_size=20),
    separator=st.sampled_from(["", " ", ".", "-", "_"]),
)
def test_a_status_word_in_other_capitals_or_with_dots_finds_itself(
    word: str, upper: list[bool], separator: str
) -> None:
    letters = [c.upper() if up else c for c, up in zip(word.replace("_", ""), upper, strict=False)]
    assert suggest_status(separator.join(letters)) == word


def test_a_date_that_is_a_list_is_explained_in_the_tool_s_words(cli: Cli, tmp_path: Path) -> None:
    round_yaml = 'id: r1\ntitle: Testronde\nkind: evaluation\nnorm: "1.0"\ndate: [2022]\n'
    root = make_repo(tmp_path, {"rounds/r1/round.yaml": round_yaml})
    result = cli("validate", "--root", str(root))
    assert result.out.splitlines()[0] == (
        "rounds/r1/round.yaml:5:7: error: a date is needed here; write it as YYYY-MM-DD"
    )


def test_dutch_messages_name_dutch_status_words(cli: Cli, tmp_path: Path) -> None:
    gem_a = (
        'partner: gem-a\nambitions:\n  "2.1":\n    status: achieved\n    items:\n'
        '      "2.1.1": true\n      "2.1.2.A": false\n'
    )
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": gem_a})
    lines = cli("validate", "--lang", "nl", "--root", str(root)).out.splitlines()
    assert lines[1] == (
        "rounds/r1/gem-a.yaml:4:13: error: status behaald klopt niet met de onderdelen (1/2 "
        "onderdelen op orde, wat deels oplevert); verbeter de status of de onderdelen"
    )
