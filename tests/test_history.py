"""Which round is latest, the rounds up to a round, and the one before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flevonorm.errors import UsageProblem
from flevonorm.history import UnknownOrder, latest_round_id, previous_round_id, rounds_up_to
from flevonorm.repository import Repository
from flevonorm.sources import WorkTree

from .conftest import Cli, make_repo


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


def _copy_round(round_id: str, day: str, partners: list[str]) -> dict[str, str | None]:
    base = make_repo_text()
    files: dict[str, str | None] = {f"rounds/{round_id}/round.yaml": round_yaml(round_id, day)}
    for partner in partners:
        files[f"rounds/{round_id}/{partner}.yaml"] = base[partner]
    return files


def make_repo_text() -> dict[str, str]:
    from .conftest import DATA

    folder = DATA / "base" / "rounds" / "r1"
    return {p.stem: p.read_text() for p in folder.glob("*.yaml") if p.stem != "round"}


def test_stale_answers_are_warned_in_the_latest_round(tmp_path: Path, cli: Cli) -> None:
    # gem-a hands in the same file in r0, r1 and r2: its 1.2 (partial) and 2.1 (items
    # 1 of 2) are open three rounds running. prov has no file in r0, so its 1.1 run is 2.
    root = make_repo(
        tmp_path,
        {
            **_copy_round("r0", "2022-05-01", ["gem-a"]),
            **_copy_round("r2", "2023-05-01", ["gem-a", "gem-b", "prov"]),
        },
    )
    result = cli("validate", "r2", "--root", str(root))
    assert result.out == (
        "rounds/r2/gem-a.yaml:4:3: warning: unchanged for 3 rounds while not achieved "
        "(since r0)\n"
        "rounds/r2/gem-a.yaml:5:3: warning: unchanged for 3 rounds while not achieved "
        "(since r0)\n"
        "0 errors, 2 warnings\n"
    )
    assert cli("validate", "r2", "--stale-after", "4", "--root", str(root)).out.startswith("ok:")
    assert cli("validate", "r2", "--stale-after", "0", "--root", str(root)).out.startswith("ok:")
    # prov's 1.1 is stale from 2 on: r1 and r2 (r0 has no prov file and is skipped).
    two = cli("validate", "r2", "--stale-after", "2", "--root", str(root)).out
    assert "rounds/r2/prov.yaml:3:3: warning: unchanged for 2 rounds while not achieved " in two


def test_a_changed_note_ends_the_run(tmp_path: Path, cli: Cli) -> None:
    r2 = _copy_round("r2", "2023-05-01", ["gem-a", "gem-b", "prov"])
    r2["rounds/r2/gem-a.yaml"] = (r2["rounds/r2/gem-a.yaml"] or "").replace(
        '"1.2": partial', '"1.2":\n    status: partial\n    note: Plan ligt bij het college'
    )
    root = make_repo(tmp_path, {**_copy_round("r0", "2022-05-01", ["gem-a"]), **r2})
    result = cli("validate", "r2", "--root", str(root))
    assert result.out == (
        "rounds/r2/gem-a.yaml:7:3: warning: unchanged for 3 rounds while not achieved "
        "(since r0)\n0 errors, 1 warning\n"
    )


def test_the_report_marks_stale_open_points(tmp_path: Path, cli: Cli) -> None:
    root = make_repo(
        tmp_path,
        {
            **_copy_round("r0", "2022-05-01", ["gem-a"]),
            **_copy_round("r2", "2023-05-01", ["gem-a", "gem-b", "prov"]),
        },
    )
    import json

    data = json.loads(cli("report", "r2", "--format", "json", "--root", str(root)).out)
    gem_a = next(p for p in data["open_points"] if p["id"] == "gem-a")
    assert [(o["id"], o["stale"]["rounds"], o["stale"]["since"]) for o in gem_a["points"]] == [
        ("1.2", 3, "r0"),
        ("2.1", 3, "r0"),
    ]
    assert gem_a["points"][0]["stale"]["since_round"]["date"] == "2022-05-01"
    # Seen from r1 the run is two rounds long: not stale yet.
    data = json.loads(cli("report", "r1", "--format", "json", "--root", str(root)).out)
    gem_a = next(p for p in data["open_points"] if p["id"] == "gem-a")
    assert all(o["stale"] is None for o in gem_a["points"])
