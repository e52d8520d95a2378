"""Real git repositories in temporary folders, for the tests that read revisions."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **_ENV},
    )
    return done.stdout


def git_init(root: Path) -> None:
    git(root, "init", "--quiet", "--initial-branch=main")


def git_save(root: Path, message: str = "save") -> str:
    """Commit everything in the work tree; the new commit's id."""
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (its .git included) by path, with a hash of its bytes and
    its modification time: a test compares two snapshots to prove nothing was written."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[path.relative_to(folder).as_posix()] = f"{digest} {path.stat().st_mtime_ns}"
    return result
