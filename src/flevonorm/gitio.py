"""The git command line, in one place: where the data in a report was read from."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Provenance:
    """The commit the data was read at, and whether the working tree differed from it."""

    in_git: bool
    commit: str | None = None
    dirty: bool = False


def _git(root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def provenance(root: Path) -> Provenance:
    """Provenance of the norm repository at `root`; "not in git" when git cannot tell."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != "true":
        return Provenance(in_git=False)
    commit = _git(root, "rev-parse", "HEAD")
    # Only the data files matter: a changed README does not make the figures uncertain.
    status = _git(root, "status", "--porcelain", "--", "norm.yaml", "partners.yaml", "rounds")
    return Provenance(
        in_git=True,
        commit=commit.strip() if commit else None,
        dirty=bool(status and status.strip()),
    )
