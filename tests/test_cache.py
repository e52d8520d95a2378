"""The result cache: the same problems and figures with and without it, never a result kept
under other rules, a corrupted cache file ignored and written anew, `--no-cache` and
`flevonorm cache clear`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flevonorm import cache, repository
from flevonorm.models import Assessment
from flevonorm.repository import Repository
from flevonorm.sources import WorkTree

from .conftest import DATA, PROJECT, Cli, Result, make_repo
from .test_validate_cases import CASES, build_case


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_VARIABLE, raising=False)
    yield folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The partner files parsed from their bytes (not taken from the cache), as shown."""
    seen: list[str] = []
    real = repository.parse_and_validate

    def counting(raw: bytes, display: str, model: Any, problems: Any) -> Any:
        if model is Assessment:
            seen.append(display)
        return real(raw, display, model, problems)

    monkeypatch.setattr(repository, "parse_and_validate", counting)
    return seen


# The partner files of tests/data/base, in the order they are read.
BASE_FILES = ["rounds/r1/gem-a.yaml", "rounds/r1/gem-b.yaml", "rounds/r1/prov.yaml"]


def _cache_files(folder: Path) -> list[Path]:
    return sorted((folder / "rounds").glob("*.json"))


def _same(first: Result, second: Result) -> None:
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_invalid_case_gives_the_same_problems_cold_warm_and_uncached(
    case: Path, tmp_path: Path, cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    root, code, expected = build_case(case, tmp_path)
    cold = cli("validate", "--root", str(root))
    assert (cold.out, cold.code) == (expected, code)  # the hand-written expectation
    parsed.clear()
    warm = cli("validate", "--root", str(root))
    _same(cold, warm)
    # Every partner file that could be read made a cache entry: nothing parsed again.
    assert parsed == []
    _same(cold, cli("validate", "--no-cache", "--root", str(root)))


def test_the_example_validates_and_scores_the_same_from_the_cache(
    cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    commands = [
        ("validate",),
        ("score", "2022-autumn", "--format", "json"),
        ("score", "2022-autumn"),
        ("trend", "--format", "json"),
        ("diff", "2022-summer", "2022-autumn", "--format", "json"),
        ("report", "2022-autumn", "--format", "json"),
    ]
    uncached = [cli(*command, "--no-cache", cwd=PROJECT) for command in commands]
    assert not cache_dir.exists()  # --no-cache neither reads nor writes
    cold = [cli(*command, cwd=PROJECT) for command in commands]
    assert _cache_files(cache_dir)
    parsed.clear()
    warm = [cli(*command, cwd=PROJECT) for command in commands]
    assert parsed == []
    for before, after, again in zip(uncached, cold, warm, strict=True):
        _same(before, after)
        _same(before, again)


def test_the_environment_turns_the_cache_off(
    cli: Cli, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    assert cli("validate", cwd=PROJECT).code == 0
    assert not cache_dir.exists()


def test_the_global_option_turns_the_cache_off_for_that_run_only(cli: Cli, cache_dir: Path) -> None:
    assert cli("--no-cache", "validate", cwd=PROJECT).code == 0
    assert not cache_dir.exists()
    assert cli("validate", cwd=PROJECT).code == 0
    assert _cache_files(cache_dir)


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00binary",
        b"[1, 2, 3]",
        b'{"format": 1, "context": "other", "files": {}}',
        b"[" * 100_000,
    ],
    ids=["broken", "empty", "binary", "a-list", "other-rules", "deep"],
)
def test_a_corrupted_cache_file_is_ignored_and_written_anew(
    cli: Cli, cache_dir: Path, parsed: list[str], garbage: bytes
) -> None:
    cold = cli("validate", "--root", str(DATA / "base"))
    files = _cache_files(cache_dir)
    assert files
    for path in files:
        path.write_bytes(garbage)
    parsed.clear()
    again = cli("validate", "--root", str(DATA / "base"))
    _same(cold, again)
    assert parsed == BASE_FILES  # read again...
    for path in _cache_files(cache_dir):
        assert json.loads(path.read_text(encoding="utf-8"))["format"] == cache.FORMAT  # ...kept
    parsed.clear()
    _same(cold, cli("validate", "--root", str(DATA / "base")))
    assert parsed == []


def test_an_entry_of_the_wrong_shape_is_read_again(
    cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    cold = cli("score", "r1", "--format", "json", "--root", str(DATA / "base"))
    for path in _cache_files(cache_dir):
        stored = json.loads(path.read_text(encoding="utf-8"))
        for entry in stored["files"].values():
            if "read" in entry:
                entry["read"] = [["fatal", "one", 1, "not a problem"]]
            else:
                entry["data"] = {"partner": ["not", "an", "assessment"]}
        path.write_text(json.dumps(stored), encoding="utf-8")
    parsed.clear()
    _same(cold, cli("score", "r1", "--format", "json", "--root", str(DATA / "base")))
    assert parsed == BASE_FILES


def test_cached_data_that_no_longer_makes_an_assessment_is_read_from_the_file(
    cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    cold = cli("score", "r1", "--format", "json", "--root", str(DATA / "base"))
    for path in cache_dir.glob("rounds/*.data.json"):
        stored = json.loads(path.read_text(encoding="utf-8"))
        for entry in stored["files"].values():
            entry["data"] = {"partner": 42}
        path.write_text(json.dumps(stored), encoding="utf-8")
    parsed.clear()
    _same(cold, cli("score", "r1", "--format", "json", "--root", str(DATA / "base")))
    # The problems came from the cache; the assessments from the files themselves.
    assert parsed == BASE_FILES


def test_a_changed_partner_file_alone_is_read_again(
    tmp_path: Path, cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    root = make_repo(tmp_path, {})
    cli("validate", "--root", str(root))
    target = root / "rounds" / "r1" / "gem-a.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "unknown_key: x\n", encoding="utf-8")
    parsed.clear()
    warm = cli("validate", "--root", str(root))
    assert parsed == ["rounds/r1/gem-a.yaml"]
    _same(cli("validate", "--no-cache", "--root", str(root)), warm)
    assert "rounds/r1/gem-a.yaml:" in warm.out and "unknown_key" in warm.out


@pytest.mark.parametrize(
    "rule_file",
    ["partners.yaml", "norm.yaml", "rounds/r1/round.yaml"],
)
def test_a_result_is_never_used_under_other_rules(
    tmp_path: Path, cli: Cli, cache_dir: Path, parsed: list[str], rule_file: str
) -> None:
    root = make_repo(tmp_path, {})
    cli("validate", "--root", str(root))
    path = root / rule_file
    # A comment changes the bytes and nothing else: still, every partner file is
    # checked again, because the cache cannot know what a change to a rule file means.
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    parsed.clear()
    warm = cli("validate", "--root", str(root))
    assert parsed == BASE_FILES
    _same(cli("validate", "--no-cache", "--root", str(root)), warm)


def test_a_partner_dropped_from_partners_yaml_is_reported_despite_the_cache(
    tmp_path: Path, cli: Cli, cache_dir: Path
) -> None:
    root = make_repo(tmp_path, {})
    assert cli("validate", "--root", str(root)).code == 0
    partners = root / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(text.replace("gem-b", "gem-c"), encoding="utf-8")
    warm = cli("validate", "--root", str(root))
    assert warm.code == 1
    assert "rounds/r1/gem-b.yaml:" in warm.out and "unknown partner 'gem-b'" in warm.out


def test_messages_in_another_language_are_not_taken_from_the_cache(
    tmp_path: Path, cli: Cli, cache_dir: Path
) -> None:
    root, _code, _expected = build_case(DATA / "invalid" / "bad-status", tmp_path)
    english = cli("validate", "--root", str(root))
    dutch = cli("validate", "--lang", "nl", "--root", str(root))
    assert dutch.out != english.out
    _same(cli("validate", "--lang", "nl", "--no-cache", "--root", str(root)), dutch)
    _same(english, cli("validate", "--root", str(root)))


def test_cache_clear_removes_what_was_kept(cli: Cli, cache_dir: Path, parsed: list[str]) -> None:
    cli("validate", "--root", str(DATA / "base"))
    assert _cache_files(cache_dir)
    kept = len(_cache_files(cache_dir))
    result = cli("cache", "clear")
    assert (result.code, result.out) == (0, "")
    assert result.err == f"removed {kept} cache files from {cache_dir}\n"
    assert _cache_files(cache_dir) == []
    parsed.clear()
    cli("validate", "--root", str(DATA / "base"))
    assert parsed == BASE_FILES


def test_cache_clear_leaves_other_files_alone(cli: Cli, cache_dir: Path) -> None:
    (cache_dir / "rounds").mkdir(parents=True)
    mine = cache_dir / "rounds" / "notes.txt"
    mine.write_text("keep me", encoding="utf-8")
    assert cli("cache", "clear").code == 0
    assert mine.read_text(encoding="utf-8") == "keep me"


def test_writing_leaves_no_temporary_file(cli: Cli, cache_dir: Path) -> None:
    cli("validate", cwd=PROJECT)
    names = [p.name for p in (cache_dir / "rounds").iterdir()]
    assert names and not [n for n in names if n.startswith(".tmp-")]


def test_an_unwritable_cache_folder_is_no_cache(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    uncached = cli("validate", "--no-cache", "--root", str(DATA / "base"))
    _same(uncached, cli("validate", "--root", str(DATA / "base")))


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "name", "posix")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/someone")
    assert cache.cache_folder() == Path("/var/cache/someone/flevonorm")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.cache_folder() == Path.home() / ".cache" / "flevonorm"
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, "/tmp/chosen")
    assert cache.cache_folder() == Path("/tmp/chosen")


def test_data_left_out_by_validate_is_kept_by_the_first_command_that_needs_it(
    cli: Cli, cache_dir: Path, parsed: list[str]
) -> None:
    root = str(DATA / "base")
    uncached = cli("score", "r1", "--format", "json", "--no-cache", "--root", root)
    cli("validate", "--root", root)
    parsed.clear()
    _same(uncached, cli("score", "r1", "--format", "json", "--root", root))
    assert parsed == BASE_FILES  # validate kept problems and answers, not the data
    parsed.clear()
    _same(uncached, cli("score", "r1", "--format", "json", "--root", root))
    assert parsed == []


def test_a_released_round_makes_its_assessments_again_from_the_cache(
    cache_dir: Path, parsed: list[str]
) -> None:
    repo = Repository(WorkTree(DATA / "base"), cache=cache.for_repository(DATA / "base"))
    loaded = repo.round("r1")
    before = dict(loaded.assessments)
    assert sorted(before) == ["gem-a", "gem-b", "prov"]
    repo.release("r1")
    assert loaded.docs == {}
    parsed.clear()
    assert repo.round("r1").assessments == before
    assert parsed == []  # from the data the cache kept, not from the files
