"""Rounds are read when asked for, each with its own problems."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import flevonorm.commands.score
from flevonorm.commands.score import score
from flevonorm.paths import RoundTarget
from flevonorm.repository import Repository
from flevonorm.sources import Source, WorkTree

from .conftest import make_repo

R0 = {
    "rounds/r0/round.yaml": 'id: r0\nkind: monitoring\nnorm: "1.0"\ndate: 2022-05-01\n',
    "rounds/r0/gem-a.yaml": "partner: gem-a\nambitions:\n  1.1: bogus\n",
}


class RecordingWorkTree(WorkTree):
    """A working tree that remembers every path it was asked to read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read_paths: list[str] = []

    def read(self, path: str) -> bytes:
        self.read_paths.append(path)
        return super().read(path)


def test_scoring_one_round_reads_no_file_of_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path, R0)
    sources: list[RecordingWorkTree] = []

    def recording(root: Path) -> Repository:
        source = RecordingWorkTree(root)
        sources.append(source)
        return Repository(source)

    monkeypatch.setattr(flevonorm.commands.score, "open_worktree", recording)
    outcome = score(root, RoundTarget("r1"), Fraction(0))
    assert outcome.value is not None
    assert outcome.problems == []  # r0's broken status is not r1's business
    assert sorted(sources[0].read_paths) == [
        "norm.yaml", "partners.yaml", "rounds/r1/gem-a.yaml", "rounds/r1/gem-b.yaml",
        "rounds/r1/prov.yaml", "rounds/r1/round.yaml",
    ]  # fmt: skip


def test_each_round_holds_its_own_problems(tmp_path: Path) -> None:
    repo = Repository(WorkTree(make_repo(tmp_path, R0)))
    assert [str(p) for p in repo.round("r0").problems] == [
        "rounds/r0/gem-a.yaml:3:8: error: 'bogus' is not a status; write achieved, partial, "
        "not_achieved, not_applicable or not_assessed",
        "rounds/r0/round.yaml:1:1: warning: missing: Gemeente B (gem-b) is expected in this "
        "round but has no file rounds/r0/gem-b.yaml",
        "rounds/r0/round.yaml:1:1: warning: missing: Provincie (prov) is expected in this "
        "round but has no file rounds/r0/prov.yaml",
    ]
    assert list(repo.round("r1").problems) == []
    assert list(repo.problems) == []


def test_a_round_is_read_once(tmp_path: Path) -> None:
    source = RecordingWorkTree(make_repo(tmp_path, {}))
    repo = Repository(source)
    first = repo.round("r1")
    assert repo.round("r1") is first
    assert source.read_paths.count("rounds/r1/gem-a.yaml") == 1


def test_hidden_and_editor_files_are_ignored_and_capitals_warned(tmp_path: Path) -> None:
    text = "partner: gem-a\nambitions: {}\n"
    root = make_repo(
        tmp_path,
        {
            "rounds/r1/.gem-a.yaml": text,
            "rounds/r1/gem-a.yaml~": text,
            "rounds/r1/#gem-a.yaml#": text,
            "rounds/r1/.gem-a.yaml.swp": text,
            "rounds/r1/gem-c.YAML": text,
        },
    )
    source: Source = WorkTree(root)
    problems = [str(p) for p in Repository(source).round("r1").problems]
    assert problems == [
        "rounds/r1/gem-c.YAML:1:1: warning: ignored: flevonorm reads only .yaml files; "
        "rename it to gem-c.yaml"
    ]
