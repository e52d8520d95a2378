"""The pre-commit hook this repository offers (.pre-commit-hooks.yaml), and the local hook
`flevonorm init` writes into a new norm repository's .pre-commit-config.yaml.

pre-commit is not a dependency of flevonorm. The hook's entry is always run here as
pre-commit runs it (split like a shell would, no file names, in the repository's root).
The real thing, `pre-commit try-repo`, clones this project and pip-installs it into a fresh
environment, which needs the network and takes a minute: it runs only with
FLEVONORM_SLOW_TESTS=1 and pre-commit installed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from flevonorm.scaffold import scaffold_files

from .conftest import PROJECT

VENV_BIN = Path(sys.executable).parent
BROKEN_KIND = "partners.yaml:13:11: error:"


def project_hook() -> dict[str, Any]:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert isinstance(hook, dict)
    return hook


def local_hook() -> dict[str, Any]:
    config = yaml.safe_load(scaffold_files("Limburgse Norm")[".pre-commit-config.yaml"])
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert isinstance(hook, dict)
    return hook


def test_the_hook_runs_flevonorm_validate_once_over_the_repository() -> None:
    assert project_hook() == {
        "id": "flevonorm-validate",
        "name": "flevonorm validate",
        "description": "Check norm.yaml, partners.yaml and every round against the data format.",
        "entry": "flevonorm validate",
        "language": "python",
        "pass_filenames": False,
        "files": r"^(norm|partners)\.yaml$|^rounds/",
        "always_run": False,
    }


def test_the_entry_is_the_command_the_readme_gives() -> None:
    readme = scaffold_files("Limburgse Norm")["README.md"]
    commands = [
        line
        for token in MarkdownIt("commonmark").parse(readme)
        if token.type == "fence" and token.info == "sh"
        for line in token.content.splitlines()
    ]

    assert project_hook()["entry"] in commands


def test_the_local_hook_init_writes_is_the_projects_hook_on_the_installed_flevonorm() -> None:
    project, local = project_hook(), local_hook()

    for key in ("id", "name", "entry", "pass_filenames", "files"):
        assert local[key] == project[key], key
    assert local["language"] == "system"


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("norm.yaml", True),
        ("partners.yaml", True),
        ("rounds/2025-najaar/round.yaml", True),
        ("rounds/2025-najaar/gemeente-voorbeeld.yaml", True),
        ("README.md", False),
        ("schemas/norm.schema.json", False),
        ("docs/norm.yaml", False),
        ("norm.yaml.bak", False),
        (".pre-commit-config.yaml", False),
    ],
)
def test_the_hook_runs_when_a_data_file_is_committed(path: str, runs: bool) -> None:
    # pre-commit matches `files` with re.search against the path from the repository root.
    assert (re.search(project_hook()["files"], path) is not None) is runs


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def committed_repository(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "flevonorm init")
    return root


def break_partner_kind(root: Path) -> None:
    partners = root / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    assert "    kind: municipality\n" in text
    partners.write_text(text.replace("kind: municipality", "kind: gemeente"), encoding="utf-8")


def run_entry(entry: str, root: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry as pre-commit does for `pass_filenames: false`: the entry split
    like a shell would, nothing appended, in the repository's root, with the hook's
    environment (here: this virtual environment) first on PATH."""
    path = f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    command = shlex.split(entry)
    executable = shutil.which(command[0], path=path)
    assert executable is not None, f"{command[0]} is not installed in {VENV_BIN}"
    return subprocess.run(
        [executable, *command[1:]],
        cwd=root,
        env={**os.environ, "PATH": path, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_hook_passes_a_new_repository_and_stops_a_broken_file(tmp_path: Path) -> None:
    root = committed_repository(tmp_path / "data", scaffold_files("Limburgse Norm"))

    passed = run_entry(project_hook()["entry"], root)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    break_partner_kind(root)
    stopped = run_entry(project_hook()["entry"], root)
    assert stopped.returncode == 1
    assert BROKEN_KIND in stopped.stdout


# --- pre-commit itself ------------------------------------------------------------------------


def pre_commit_command() -> list[str] | None:
    found = shutil.which("pre-commit")
    if found is not None:
        return [found]
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    return None


def project_copy(target: Path) -> Path:
    """This project as it is on disk (committed or not, ignored files left out), committed
    in a fresh repository: try-repo reads the hook repository at a commit, and would not see
    files that are new and not yet committed here."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy")
    return target


@pytest.mark.skipif(
    os.environ.get("FLEVONORM_SLOW_TESTS") != "1",
    reason="pre-commit try-repo installs flevonorm from PyPI's dependencies; "
    "set FLEVONORM_SLOW_TESTS=1 to run it",
)
def test_pre_commit_try_repo_runs_the_hook_in_a_new_repository(tmp_path: Path) -> None:
    pre_commit = pre_commit_command()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    project = project_copy(tmp_path / "flevonorm")
    root = committed_repository(tmp_path / "data", scaffold_files("Limburgse Norm"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    command = [*pre_commit, "try-repo", str(project), "flevonorm-validate", "--all-files"]

    passed = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^flevonorm validate\.+Passed$", passed.stdout, re.MULTILINE)

    break_partner_kind(root)
    stopped = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert stopped.returncode == 1
    assert re.search(r"^flevonorm validate\.+Failed$", stopped.stdout, re.MULTILINE)
    assert BROKEN_KIND in stopped.stdout
