from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from flevonorm import i18n
from flevonorm.cli import run

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture(autouse=True, scope="session")
def cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests never write into the user's own cache folder (~/.cache/flevonorm)."""
    previous = os.environ.get("FLEVONORM_CACHE_DIR")
    os.environ["FLEVONORM_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("FLEVONORM_CACHE_DIR", None)
    else:
        os.environ["FLEVONORM_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def english_unless_a_test_asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages follow the locale (LANG=nl_NL.UTF-8 gives Dutch) and stay in the language a
    command chose: every test starts in English, whatever the machine's locale, and a test
    that runs a command in Dutch leaves no Dutch behind."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run flevonorm in-process, as a user would from `cwd`."""

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "200")
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def make_repo(tmp_path: Path, files: Mapping[str, str | None], base: str | None = "base") -> Path:
    """A norm repository: a copy of tests/data/<base> with `files` written over it
    (a value of None deletes that file)."""
    root = tmp_path / "repo"
    if base is not None:
        shutil.copytree(DATA / base, root)
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden/ from the current output; "
        "review the diff by eye before committing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
