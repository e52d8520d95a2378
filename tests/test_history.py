"""Which round is latest, the rounds up to a round, and the one before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flevonorm.errors import UsageProblem
from flevonorm.history import UnknownOrder, latest_round_id, previous_round_id, rounds_up_to
from flevonorm.repository import Repository
from flevonorm.sources import WorkTree

from .conftest import make_repo


def round_yaml(round_id: str, day: str) -> str:
    return f'id: {round_id}\nkind: monitoring\nnorm: "1.0"\ndate: {day}\n'


def repo_with(tmp_path: Path, rounds: dict[str, str | None]) -> Repository:
    """The base tree (r1, dated 2022-11-15) plus rounds by id and date (None: a round.yaml
    that cannot be read)."""
    files: dict[str, str] = {}
    for round_id, day in rounds.items():
        text = "id: [\n" if day is None else round_yaml(round_id, day)
        files[f"rounds/{round_id}/round.yaml"] = text
    return Repository(WorkTree(make_repo(tmp_path, files)))


def test_rounds_are_ordered_by_date_not_by_name(tmp_path: Path) -> None:
    # "a-late" sorts first by name but is the latest by date; "z-early" the reverse.
    repo = repo_with(tmp_path, {"a-late": "2023-06-01", "z-early": "2021-01-01"})
    assert repo.dated_round_ids() == ["z-early", "r1", "a-late"]
    assert latest_round_id(repo) == "a-late"
    assert rounds_up_to(repo, "r1") == ["z-early", "r1"]
    assert previous_round_id(repo, "r1") == "z-early"
    assert previous_round_id(repo, "z-early") is None


def test_a_tie_on_date_goes_to_the_greater_id(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, {"r0": "2022-11-15", "r2": "2022-11-15"})
    assert latest_round_id(repo) == "r2"
    assert previous_round_id(repo, "r2") == "r1"
    assert rounds_up_to(repo, "r1") == ["r0", "r1"]


def test_an_unreadable_round_yaml_makes_the_latest_unknowable(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, {"r0": None})
    with pytest.raises(UnknownOrder) as raised:
        latest_round_id(repo)
    assert [m.id for m in raised.value.undated] == ["r0"]
    # A round named by the user still has its place among the dated ones.
    assert rounds_up_to(repo, "r1") == ["r1"]


def test_no_rounds_is_a_usage_problem(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    for path in sorted((root / "rounds").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    with pytest.raises(UsageProblem):
        latest_round_id(Repository(WorkTree(root)))
