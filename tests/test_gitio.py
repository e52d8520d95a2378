"""Provenance is told honestly: ignored and untracked data is uncommitted, and git that
is missing or refuses is said as such, never "not in git"."""

from __future__ import annotations

from pathlib import Path

import pytest

from flevonorm.gitio import Provenance, provenance

from .conftest import make_repo
from .gitrepo import git_init, git_save


def test_a_clean_commit(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    git_init(root)
    commit = git_save(root)
    assert provenance(root) == Provenance(in_git=True, commit=commit, dirty=False)


def test_an_ignored_round_file_counts_as_uncommitted(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {".gitignore": "rounds/r1/gem-b.yaml\n"})
    git_init(root)
    git_save(root)
    assert (root / "rounds/r1/gem-b.yaml").is_file()  # scored, but not in the commit
    assert provenance(root).dirty


def test_an_untracked_partner_file_counts_as_uncommitted(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    git_init(root)
    git_save(root)
    (root / "rounds/r1/gem-c.yaml").write_text("partner: gem-c\nambitions: {}\n")
    assert provenance(root).dirty


def test_a_changed_readme_does_not(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"README.md": "x\n"})
    git_init(root)
    git_save(root)
    (root / "README.md").write_text("y\n")
    assert not provenance(root).dirty


def test_not_in_git(tmp_path: Path) -> None:
    assert provenance(make_repo(tmp_path, {})) == Provenance(in_git=False)


def test_git_missing_is_unknown_not_not_in_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = provenance(make_repo(tmp_path, {}))
    assert result == Provenance(in_git=False, unknown="git is not installed (or not on PATH)")
