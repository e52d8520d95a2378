"""Files from the working tree and from a git revision: same reader, same figures."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest

from flevonorm.errors import EXIT_USAGE
from flevonorm.gitio import GitProblem
from flevonorm.history import scorecard_of
from flevonorm.repository import Repository
from flevonorm.sources import GitRevision, UnreadableFile, WorkTree

from .conftest import Cli, make_repo
from .gitrepo import git_init, git_save, snapshot

GEM_A_1_2_ACHIEVED = """partner: gem-a
ambitions:
  "1.1": achieved
  "1.2": achieved
  "2.1":
    items:
      "2.1.1": true
      "2.1.2.A": false
  "2.10": behaald
"""


def overall(repo: Repository, round_id: str = "r1") -> Fraction | None:
    loaded = repo.round(round_id)
    assert not loaded.has_errors()
    return scorecard_of(repo, loaded, Fraction(0)).overall.score


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """base committed (gem-a 2 of 4), then gem-a's 1.2 achieved committed (3 of 4), then
    prov's file deleted in the working tree only."""
    root = make_repo(tmp_path, {})
    git_init(root)
    git_save(root, "base")
    (root / "rounds/r1/gem-a.yaml").write_text(GEM_A_1_2_ACHIEVED, encoding="utf-8")
    git_save(root, "gem-a achieves 1.2")
    (root / "rounds/r1/prov.yaml").unlink()
    return root


def test_a_revision_gives_the_figures_of_its_commit(history: Path) -> None:
    before = snapshot(history)
    # Worked out by hand from tests/data/base: gem-a 2/4, gem-b 2/3, prov 1/2.
    assert overall(Repository(GitRevision(history, "HEAD~1"))) == Fraction(5, 9)
    assert overall(Repository(GitRevision(history, "HEAD"))) == Fraction(6, 9)
    # The working tree: gem-a 3/4 and gem-b 2/3, prov has no file.
    assert overall(Repository(WorkTree(history))) == Fraction(5, 7)
    assert snapshot(history) == before  # nothing written, the .git folder included


def test_a_revision_side_names_its_problems_with_the_revision(history: Path) -> None:
    (history / "rounds/r1/gem-b.yaml").write_text("partner: gem-b\nambitions: [\n")
    git_save(history, "break gem-b")
    repo = Repository(GitRevision(history, "HEAD"))
    problems = [str(p) for p in repo.round("r1").problems]
    assert problems[0].startswith("HEAD:rounds/r1/gem-b.yaml:3:1: error: not valid YAML")


def test_a_round_that_is_not_at_the_revision_is_not_listed(history: Path) -> None:
    (history / "rounds/r2").mkdir()
    assert Repository(GitRevision(history, "HEAD")).round_ids() == ["r1"]
    assert Repository(WorkTree(history)).round_ids() == ["r1", "r2"]


def test_a_folder_below_the_top_of_the_git_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    git_init(tmp_path)
    git_save(tmp_path)
    assert overall(Repository(GitRevision(root, "HEAD"))) == Fraction(5, 9)


def test_an_unknown_revision_is_a_usage_problem(history: Path) -> None:
    with pytest.raises(GitProblem) as raised:
        GitRevision(history, "no-such-branch")
    assert raised.value.exit_code == EXIT_USAGE
    assert str(raised.value).startswith("unknown revision 'no-such-branch'")


def test_an_option_is_never_taken_for_a_revision(history: Path) -> None:
    with pytest.raises(GitProblem):
        GitRevision(history, "--output=/tmp/x")


def test_not_a_git_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    with pytest.raises(GitProblem) as raised:
        GitRevision(root, "HEAD")
    assert "not a git repository" in str(raised.value)


def test_entries_that_are_not_regular_files_are_unreadable(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    folder = root / "rounds/r1"
    (folder / "dir.yaml").mkdir()
    os.mkfifo(folder / "fifo.yaml")
    (folder / "dangling.yaml").symlink_to(folder / "nowhere.yaml")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret: do not print\n")
    (folder / "outside.yaml").symlink_to(outside)
    (folder / "inside.yaml").symlink_to(folder / "gem-a.yaml")
    source = WorkTree(root)
    readable = {e.name: e.regular for e in source.folder_entries("rounds/r1")}
    assert readable == {
        "dangling.yaml": False, "dir.yaml": False, "fifo.yaml": False, "gem-a.yaml": True,
        "gem-b.yaml": True, "inside.yaml": True, "outside.yaml": False, "prov.yaml": True,
        "round.yaml": True,
    }  # fmt: skip
    for name, reason in [
        ("dir.yaml", "a folder, not a file"),
        ("fifo.yaml", "a FIFO (named pipe), not a file"),
        ("dangling.yaml", "a symlink that leads nowhere"),
        ("outside.yaml", "a symlink to a file outside the repository"),
    ]:
        with pytest.raises(UnreadableFile) as raised:
            source.read(f"rounds/r1/{name}")
        assert str(raised.value).startswith(reason)
        assert "secret" not in str(raised.value)


def test_broken_entries_are_errors_not_missing_partners(tmp_path: Path, cli: Cli) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-b.yaml": None})
    os.mkfifo(root / "rounds/r1/gem-b.yaml")
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-b.yaml:1:1: error: a FIFO (named pipe), not a file; a data file must "
        "be a regular file\n1 error, 0 warnings\n"
    )
