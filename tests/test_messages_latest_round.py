"""When the newest round folder has no usable round.yaml, which round is the latest cannot
be known: every command that defaults to the latest round stops with exit 1 and names the
folder (spec/cli.md), instead of silently taking the round before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli, make_repo
from .gitrepo import git_init, git_save

R2_FILE = 'partner: gem-a\nambitions:\n  "1.1": achieved\n'

NO_ROUND_YAML = (
    "rounds/r2/gem-a.yaml:1:1: error: the round folder rounds/r2/ has no round.yaml; add one\n"
    "rounds/r2/gem-a.yaml:1:1: error: which round is the latest cannot be known: rounds/r2/ "
    "has no usable round.yaml (its date is unknown); fix it, or name the round to use "
    "(such as r1)\n"
    "2 errors, 0 warnings\n"
)


def newest_without_round_yaml(tmp_path: Path) -> Path:
    return make_repo(tmp_path, {"rounds/r2/gem-a.yaml": R2_FILE})


@pytest.mark.parametrize("command", ["score", "report"])
def test_a_command_for_the_latest_round_stops_and_names_the_folder(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    result = cli(command, "--root", str(newest_without_round_yaml(tmp_path)))
    assert result.code == 1
    assert result.out == ""
    assert result.err == NO_ROUND_YAML


def test_naming_the_round_still_works(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "score", "r1", "--format", "csv", "--root", str(newest_without_round_yaml(tmp_path))
    )
    assert result.code == 0
    assert result.err == ""


def test_a_broken_round_yaml_is_named_where_it_is(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path, {"rounds/r2/round.yaml": "id: r2\nkind: monitoring\ndate: 2023-04-01\n"}
    )
    result = cli("score", "--root", str(root))
    assert result.code == 1
    assert result.err == (
        "rounds/r2/round.yaml:1:1: error: missing required key 'norm'\n"
        "rounds/r2/round.yaml:1:1: error: which round is the latest cannot be known: "
        "rounds/r2/ has no usable round.yaml (its date is unknown); fix it, or name the round "
        "to use (such as r1)\n"
        "2 errors, 0 warnings\n"
    )


def test_in_dutch(cli: Cli, tmp_path: Path) -> None:
    result = cli("score", "--lang", "nl", "--root", str(newest_without_round_yaml(tmp_path)))
    assert result.code == 1
    assert result.err == (
        "rounds/r2/gem-a.yaml:1:1: error: in de rondemap rounds/r2/ staat geen round.yaml; "
        "voeg dat bestand toe\n"
        "rounds/r2/gem-a.yaml:1:1: error: welke ronde de nieuwste is, is niet te bepalen: "
        "rounds/r2/ heeft geen bruikbare round.yaml (de datum is onbekend); herstel dat "
        "bestand, of noem de ronde die u bedoelt (zoals r1)\n"
        "2 fouten, 0 waarschuwingen\n"
    )


def test_trend_cannot_order_the_rounds_and_says_so(cli: Cli, tmp_path: Path) -> None:
    result = cli("trend", "--root", str(newest_without_round_yaml(tmp_path)))
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        "rounds/r2/gem-a.yaml:1:1: error: the round folder rounds/r2/ has no round.yaml; add one\n"
        "rounds/r2/gem-a.yaml:1:1: error: the order of the rounds cannot be known: rounds/r2/ "
        "has no usable round.yaml (its date is unknown); fix it\n"
        "2 errors, 0 warnings\n"
    )


def test_trend_in_dutch(cli: Cli, tmp_path: Path) -> None:
    result = cli("trend", "--lang", "nl", "--root", str(newest_without_round_yaml(tmp_path)))
    assert result.code == 1
    assert result.err.splitlines()[1] == (
        "rounds/r2/gem-a.yaml:1:1: error: de volgorde van de rondes is niet te bepalen: "
        "rounds/r2/ heeft geen bruikbare round.yaml (de datum is onbekend); herstel dat bestand"
    )


def test_two_unusable_folders_are_named_together(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path, {"rounds/r2/gem-a.yaml": R2_FILE, "rounds/r3/round.yaml": "id: r3\n"}
    )
    result = cli("score", "--root", str(root))
    assert result.code == 1
    assert (
        "rounds/r2/gem-a.yaml:1:1: error: which round is the latest cannot be known: "
        "rounds/r2/, rounds/r3/ have no usable round.yaml (their dates are unknown); fix them, "
        "or name the round to use (such as r1)\n"
    ) in result.err


def test_diff_git_for_the_latest_round_stops_too(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    git_init(root)
    git_save(root)
    (root / "rounds" / "r2").mkdir()
    (root / "rounds" / "r2" / "gem-a.yaml").write_text(R2_FILE, encoding="utf-8")
    result = cli("diff", "--git", "HEAD", "--root", str(root))
    assert result.code == 1
    assert result.out == ""
    assert result.err == NO_ROUND_YAML
