"""The one measure of "close" behind every "did you mean …?" flevonorm says.

Similarities below are difflib's ratio 2·M/T (M characters matched, T both lengths added),
worked out by hand for each case."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flevonorm import i18n
from flevonorm.suggest import SIMILAR_ENOUGH, closest, did_you_mean

from .conftest import Cli, make_repo


def test_a_near_miss_gets_the_known_value_it_misses() -> None:
    # 2022-autum / 2022-autumn: 2·10/21 = 0.95; / r1: 2·0/12 = 0
    assert closest("2022-autum", ["2022-autumn", "r1"]) == ["2022-autumn"]


def test_nothing_close_gets_nothing() -> None:
    assert closest("xyz", ["status", "note"]) == []
    assert closest("anything", []) == []


def test_close_enough_is_a_similarity_of_three_fifths_or_more() -> None:
    assert SIMILAR_ENOUGH == 0.6
    assert closest("abc", ["abcxyzw"]) == ["abcxyzw"]  # 2·3/10 = 0.6 exactly
    assert closest("abc", ["abcxyzwv"]) == []  # 2·3/11 = 0.55


def test_a_caller_may_ask_for_a_looser_cutoff() -> None:
    assert closest("2", ["2.0"]) == []  # 2·1/4 = 0.5
    assert closest("2", ["2.0"], cutoff=0.5) == ["2.0"]


def test_one_suggestion_unless_more_are_asked_for_the_closest_first() -> None:
    known = ["sport", "scores", "score"]
    # scor / score: 2·4/9 = 0.89; / scores: 2·4/10 = 0.8; / sport ("s", "or"): 2·3/9 = 0.67
    assert closest("scor", known) == ["score"]
    assert closest("scor", known, limit=2) == ["score", "scores"]
    assert closest("scor", known, limit=3) == ["score", "scores", "sport"]
    assert closest("scor", known, limit=0) == []


def test_equally_close_ones_come_later_alphabet_first_and_each_once() -> None:
    # gem-c / gem-a and / gem-b: 2·4/10 = 0.8 both; the unknown-partner case expects gem-b
    assert closest("gem-c", ["gem-a", "gem-b", "partner"]) == ["gem-b"]
    assert closest("gem-c", ["gem-a", "gem-b", "gem-a"], limit=3) == ["gem-b", "gem-a"]


def test_capitals_are_no_distance_and_the_known_spelling_is_offered() -> None:
    # R1 / r1 compared with case would be 2·1/4 = 0.5, too far; without case it is 1
    assert closest("R1", ["r1", "r2"]) == ["r1"]
    assert closest("behaald", ["Behaald"]) == ["Behaald"]
    assert closest("--FORMAT", ["--format", "--root"]) == ["--format"]


def test_did_you_mean_ends_a_message_or_adds_nothing() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["2022-autumn"]) == "; did you mean 2022-autumn?"
    assert did_you_mean(["'status'"]) == "; did you mean 'status'?"
    assert did_you_mean(["score", "scores", "sport"]) == "; did you mean score, scores or sport?"


def test_did_you_mean_in_dutch() -> None:
    i18n.set_language("nl")
    assert did_you_mean(["show"]) == "; bedoelt u show?"
    assert did_you_mean(["gem-b", "gem-a"]) == "; bedoelt u gem-b of gem-a?"


_WORDS = st.text(alphabet="abcAB-1", min_size=1, max_size=8)


@given(typed=_WORDS, known=st.lists(_WORDS, max_size=6), limit=st.integers(0, 4))
def test_the_capitals_typed_never_change_the_suggestion(
    typed: str, known: list[str], limit: int
) -> None:
    found = closest(typed, known, limit=limit)
    assert closest(typed.upper(), known, limit=limit) == found
    assert closest(typed.lower(), known, limit=limit) == found
    assert len(found) <= limit
    assert len(set(found)) == len(found)
    assert set(found) <= set(known)


@given(typed=_WORDS, known=st.lists(_WORDS, max_size=6))
def test_a_known_value_in_other_capitals_is_what_is_suggested(typed: str, known: list[str]) -> None:
    meant = typed.swapcase()
    found = closest(typed, [*known, meant])
    assert [word.lower() for word in found] == [typed.lower()]


# Every place that suggests uses the same measure, so a capital no longer hides a near miss
# from the options, a command's subcommands, the partners or the rounds.


def test_an_option_in_capitals_gets_the_option_suggested(cli: Cli, tmp_path: Path) -> None:
    result = cli("score", "--FORMAT", "json", "--root", str(make_repo(tmp_path, {})))
    assert result.code == 2
    assert result.err == (
        "flevonorm: no such option: --FORMAT; did you mean --format? (see flevonorm score -h)\n"
    )


def test_a_subcommand_typo_gets_the_subcommand_suggested(cli: Cli) -> None:
    result = cli("norm", "sho", "--lang", "nl")
    assert result.code == 2
    assert result.err == (
        "flevonorm: onbekende opdracht: sho; bedoelt u show? (zie flevonorm norm -h)\n"
    )


def test_ids_in_capitals_get_the_id_suggested(cli: Cli, tmp_path: Path) -> None:
    root = str(make_repo(tmp_path, {}))
    partner = cli("trend", "--partner", "GEM-B", "--root", root)
    assert partner.err == "flevonorm: unknown partner 'GEM-B' for --partner; did you mean gem-b?\n"
    round_ = cli("score", "R1", "--root", root)
    assert round_.err == (
        "flevonorm: unknown round 'R1': give a round id or a folder under rounds/ "
        "(known rounds: r1); did you mean r1?\n"
    )
