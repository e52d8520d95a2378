"""`flevonorm norm show [VERSION]` and `flevonorm norm diff OLD NEW` (spec/history.md).

Both read norm.yaml only, so only its problems are shown and only its errors block them.
A version that is not in norm.yaml, or a NEW that does not continue OLD, is a wrong call
(UsageProblem, exit 2), not an error in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flevonorm.commands import Outcome, open_worktree
from flevonorm.errors import UsageProblem
from flevonorm.i18n import _, both
from flevonorm.models import NormFile, NormVersion
from flevonorm.paths import NORM_FILE
from flevonorm.problems import Problem
from flevonorm.suggest import closest, did_you_mean
from flevonorm.versions import NormDiff, chain, continues, default_version, norm_diff


@dataclass(frozen=True)
class ShownVersion:
    """The version `norm show` shows, and the name of the norm it belongs to."""

    norm_name: str
    version: NormVersion


@dataclass(frozen=True)
class VersionComparison:
    """What `norm diff` found, with the versions it compared: `path` runs from OLD to NEW
    (both included), so a diff over several versions can say which it went through."""

    norm_name: str
    diff: NormDiff
    path: tuple[NormVersion, ...]

    @property
    def old(self) -> NormVersion:
        return self.path[0]

    @property
    def new(self) -> NormVersion:
        return self.path[-1]


def show_norm(root: Path, version_id: str | None) -> Outcome[ShownVersion]:
    """VERSION as written in norm.yaml; without one, the newest adopted version, else the
    newest."""
    norm, problems = _read_norm(root)
    if norm is None:
        return Outcome(None, problems)
    version = default_version(norm) if version_id is None else _known_version(norm, version_id)
    return Outcome(ShownVersion(norm.name, version), problems)


def diff_norm(root: Path, old_id: str, new_id: str) -> Outcome[VersionComparison]:
    """What NEW added, dropped, changed, split and merged with respect to OLD, which it
    must continue (directly or over several versions)."""
    norm, problems = _read_norm(root)
    if norm is None:
        return Outcome(None, problems)
    old, new = _known_version(norm, old_id), _known_version(norm, new_id)
    diff = norm_diff(norm, old.version, new.version)
    path = chain(norm, old.version, new.version)
    if diff is None or path is None:
        raise UsageProblem(_not_continued(norm, old.version, new.version))
    return Outcome(VersionComparison(norm.name, diff, tuple(path)), problems)


def _read_norm(root: Path) -> tuple[NormFile | None, list[Problem]]:
    """norm.yaml as a model, or None when it has errors; and its problems. partners.yaml
    is read with it but is not part of the norm, so its problems are left out."""
    repo = open_worktree(root)
    shown = repo.source.display(NORM_FILE)
    problems = [p for p in repo.problems.sorted() if p.path == shown]
    if repo.norm is None or any(p.is_error for p in problems):
        return None, problems
    return repo.norm, problems


def _known_version(norm: NormFile, version_id: str) -> NormVersion:
    version = norm.version(version_id)
    if version is not None:
        return version
    known = [v.version for v in norm.versions]
    message = _("unknown norm version {version}: {norm} has versions {known}").format(
        version=repr(version_id), norm=NORM_FILE, known=", ".join(known)
    )
    message += did_you_mean(closest(version_id, known))
    raise UsageProblem(message)


def _not_continued(norm: NormFile, old: str, new: str) -> str:
    if old == new:
        return _(
            "norm diff compares two different versions; OLD and NEW are both {version}"
        ).format(version=old)
    message = _(
        "norm version {new} does not continue {old} ({continues}); norm diff OLD NEW needs a "
        "NEW that supersedes OLD, directly or over several versions"
    ).format(new=new, old=old, continues=_continues_what(norm, new))
    if continues(norm, new, old):
        message += _("; did you mean: {command}?").format(
            command=f"flevonorm norm diff {new} {old}"
        )
    return message


def _continues_what(norm: NormFile, version_id: str) -> str:
    """`3.0 continues 2.0 and 1.0`, or `1.0 continues no other version`."""
    earlier: list[str] = []
    current = norm.version(version_id)
    while current is not None and current.supersedes is not None:
        if current.supersedes in earlier or current.supersedes == version_id:
            break  # a cycle is an error of norm.yaml; it never gets this far
        earlier.append(current.supersedes)
        current = norm.version(current.supersedes)
    if not earlier:
        return _("{version} continues no other version").format(version=version_id)
    return _("{version} continues {versions}").format(version=version_id, versions=both(earlier))
