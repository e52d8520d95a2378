"""Work shared over forked children gives exactly what one process gives."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import flevonorm.repository
from flevonorm import parallel
from flevonorm.repository import FileChanged, Repository
from flevonorm.sources import WorkTree

from .conftest import PROJECT, Cli

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="children are forked on Linux only"
)


# --- splitting ----------------------------------------------------------------------


@given(
    st.lists(st.integers(min_value=0, max_value=1000), max_size=30),
    st.integers(min_value=1, max_value=8),
)
def test_shares_hold_every_item_once_in_order(weights: list[int], count: int) -> None:
    items = list(range(len(weights)))
    split = parallel.shares(items, weights.__getitem__, count)
    assert sorted(i for share in split for i in share) == items
    assert all(share == sorted(share) for share in split)
    assert all(share for share in split)
    assert len(split) <= count


def test_shares_balance_by_weight() -> None:
    sizes = {"a": 300, "b": 100, "c": 100, "d": 100}
    assert parallel.shares(list(sizes), sizes.__getitem__, 2) == [["a"], ["b", "c", "d"]]


def test_jobs_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEVONORM_JOBS", "3")
    assert parallel.jobs() == 3
    monkeypatch.setenv("FLEVONORM_JOBS", "1")
    assert parallel.jobs() == 1
    for unusable in ("0", "-2", "many", "", "\u00b2", "1.5"):
        monkeypatch.setenv("FLEVONORM_JOBS", unusable)
        assert parallel.jobs() == parallel.usable_cores()


# --- running ------------------------------------------------------------------------


def test_children_return_their_results_in_order() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> tuple[list[int], bool]:
        return [n * n for n in share], os.getpid() == parent

    results = parallel.run_shares(work, [[1, 2], [3], [4, 5]])
    assert [squares for squares, _here in results] == [[1, 4], [9], [16, 25]]
    assert [here for _squares, here in results] == [True, False, False]


def test_what_a_child_prepares_is_what_is_sent() -> None:
    def double(result: list[int]) -> list[int]:
        return result * 2

    results = parallel.run_shares(lambda share: list(share), [[1], [2]], prepare=double)
    assert results == [[1], [2, 2]]  # prepared in the child only


@pytest.mark.parametrize("failure", ["raises", "exits", "unpicklable"])
def test_a_failed_child_has_its_share_done_again_here(failure: str) -> None:
    parent = os.getpid()

    def work(share: list[int]) -> object:
        if os.getpid() != parent:
            if failure == "raises":
                raise RuntimeError("a bug in a child")
            if failure == "exits":
                os._exit(3)
            return lambda: share  # a closure does not pickle
        return [n + 1 for n in share]

    assert parallel.run_shares(work, [[1], [2], [3]]) == [[2], [3], [4]]


def test_a_failure_here_ends_the_children_and_is_raised() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> list[int]:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return share

    with pytest.raises(KeyboardInterrupt):
        parallel.run_shares(work, [[1], [2]])
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


# --- commands: one process and two give the same bytes --------------------------------


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The bundled example, with a broken file and a warning in two of its rounds."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("norm.yaml", "partners.yaml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "rounds", root / "rounds")
    (root / "rounds/2021-autumn/almere.yaml").write_text("partner: almere\nambitions: [\n")
    lelystad = root / "rounds/2022-spring/lelystad.yaml"
    lelystad.write_text(lelystad.read_text().replace("status: achieved", "status: acheived", 1))
    return root


def _run_both(cli: Cli, monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> tuple[str, str]:
    monkeypatch.setattr(flevonorm.repository, "PARALLEL_FROM_FILES", 0)
    splits: list[int] = []
    run_shares = parallel.run_shares

    def counted(work: Any, split: list[list[Any]], prepare: Any = None) -> list[Any]:
        splits.append(len(split))
        return run_shares(work, split, prepare)

    monkeypatch.setattr(parallel, "run_shares", counted)
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("FLEVONORM_JOBS", jobs)
        splits.clear()
        result = cli(*args, "--root", str(root))
        outputs.append(f"exit {result.code}\n{result.out}\n{result.err}")
        assert max(splits) == int(jobs)  # the second run did share its work
    return outputs[0], outputs[1]


COMMANDS = [
    ("validate",),
    ("trend", "--format", "json"),
    ("report", "2022-autumn", "--format", "json"),
    ("report", "2022-autumn", "--format", "md"),
    ("diff", "2022-spring", "2022-autumn", "--format", "json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_two_processes_say_what_one_says(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, example: Path, args: tuple[str, ...], cached: bool
) -> None:
    if not cached:
        monkeypatch.setenv("FLEVONORM_NO_CACHE", "1")
    alone, shared = _run_both(cli, monkeypatch, example, *args)
    assert shared == alone


def test_the_valid_example_reports_the_same_from_two_processes(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "valid"
    root.mkdir()
    for name in ("norm.yaml", "partners.yaml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "rounds", root / "rounds")
    for args in (("report", "2022-autumn", "--format", "html"), ("trend", "--format", "csv")):
        alone, shared = _run_both(cli, monkeypatch, root, *args)
        assert alone.startswith("exit 0")
        assert shared == alone


def test_the_validate_problems_name_both_rounds_worked_on_in_children(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, example: Path
) -> None:
    _alone, shared = _run_both(cli, monkeypatch, example, "validate")
    assert "rounds/2021-autumn/almere.yaml:3:1: error:" in shared
    assert "rounds/2022-spring/lelystad.yaml:" in shared and "'acheived'" in shared


# --- a released round ---------------------------------------------------------------


def test_a_released_round_without_cache_is_read_again_from_the_same_bytes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "rounds", root / "rounds")
    for name in ("norm.yaml", "partners.yaml"):
        shutil.copy(PROJECT / name, root / name)
    repo = Repository(WorkTree(root))
    before = dict(repo.round("2022-autumn").assessments)
    repo.release("2022-autumn")
    assert repo.round("2022-autumn").assessments == before

    repo.release("2022-autumn")
    almere = root / "rounds/2022-autumn/almere.yaml"
    almere.write_text(almere.read_text() + "\n# edited while the command ran\n")
    with pytest.raises(FileChanged) as raised:
        _ = repo.round("2022-autumn").assessments
    assert str(raised.value) == (
        "rounds/2022-autumn/almere.yaml changed while flevonorm was reading it; "
        "run the command again"
    )
