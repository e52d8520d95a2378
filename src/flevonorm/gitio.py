"""The git command line, in one place and hardened.

Data repositories come from many hands, so git is run with nothing that executes
repository configuration: no fsmonitor, no hooks, no external diff or textconv
drivers (only plumbing commands that never call them are used), and no pager.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flevonorm.errors import UsageProblem
from flevonorm.i18n import _

_HARDENING = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "diff.external=",
    "-c",
    "core.pager=cat",
)
_TIMEOUT = 120


class GitProblem(UsageProblem):
    """git is missing, refuses the folder, or does not know a revision (exit 2)."""


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # blob, tree, commit
    object_id: str
    size: int | None

    @property
    def is_regular_blob(self) -> bool:
        return self.kind == "blob" and self.mode in ("100644", "100755")

    def describe(self) -> str:
        if self.mode == "120000":
            return _("a symlink")
        if self.kind == "commit":
            return _("a submodule")
        if self.kind == "tree":
            return _("a folder")
        return _("not a regular file")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0].removeprefix("fatal: ") if lines else _("no message")


class Git:
    """git run in the repository at `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        executable = shutil.which("git")
        if executable is None:
            raise GitProblem(_("git is not installed (or not on PATH)"))
        self.executable = executable

    def run(self, *args: str, input_bytes: bytes | None = None) -> bytes:
        """stdout of `git ARGS`; GitProblem with git's own first line when it fails."""
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
        try:
            done = subprocess.run(
                [self.executable, *_HARDENING, "-C", str(self.root), *args],
                input=input_bytes,
                capture_output=True,
                timeout=_TIMEOUT,
                check=False,
                env=env,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitProblem(_("git could not be run: {reason}").format(reason=exc)) from None
        if done.returncode != 0:
            reason = _first_line(done.stderr.decode("utf-8", "replace"))
            raise GitProblem(_("git refused: {reason}").format(reason=reason))
        return done.stdout

    def resolve_commit(self, revision: str) -> str:
        if revision.startswith("-"):
            raise GitProblem(_("{revision} is not a revision").format(revision=repr(revision)))
        self.run("rev-parse", "--is-inside-work-tree")
        try:
            out = self.run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
            )
        except GitProblem:
            raise GitProblem(
                _(
                    "unknown revision {revision}: git knows no commit by that name "
                    "(for a branch of the remote, run git fetch first)"
                ).format(revision=repr(revision))
            ) from None
        return out.decode("ascii").strip()

    def list_tree(self, commit: str, paths: list[str]) -> dict[str, TreeEntry]:
        """Every file under `paths` at `commit`, by path relative to the repository root.

        Paths are taken relative to the folder `root` even when it lies below the top of
        the git work tree."""
        prefix = self.run("rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()
        out = self.run(
            "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *(prefix + p for p in paths)
        )
        entries: dict[str, TreeEntry] = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, object_id, size = meta.decode("ascii").split()
            path = os.fsdecode(raw_path)[len(prefix) :]
            entries[path] = TreeEntry(mode, kind, object_id, None if size == "-" else int(size))
        return entries

    def changed_paths(self, commit: str, paths: list[str]) -> list[str]:
        """Files under `paths` (relative to `root`) that differ between `commit` and the
        working tree, untracked ones included, as paths relative to `root`."""
        out = self.run(
            "diff", "--no-ext-diff", "--no-textconv", "--name-only", "-z", "--relative",
            commit, "--", *paths,
        )  # fmt: skip
        untracked = self.run("ls-files", "--others", "--exclude-standard", "-z", "--", *paths)
        names = [os.fsdecode(p) for p in out.split(b"\0") + untracked.split(b"\0") if p]
        return sorted(set(names))

    def read_blobs(self, object_ids: list[str]) -> list[bytes]:
        """The contents of many blobs, in one `git cat-file --batch` call."""
        out = self.run(
            "cat-file", "--batch", input_bytes="".join(f"{o}\n" for o in object_ids).encode()
        )
        contents: list[bytes] = []
        position = 0
        for _object_id in object_ids:
            header_end = out.index(b"\n", position)
            header = out[position:header_end].split()
            size = int(header[2])
            start = header_end + 1
            contents.append(out[start : start + size])
            position = start + size + 1  # the content is followed by a newline
        return contents


@dataclass(frozen=True)
class Provenance:
    """The commit the data was read at, and whether the working tree differed from it.

    `in_git` is False only when git said the folder is not in a repository; when git is
    missing or refuses the folder, `unknown` holds why and nothing else is claimed."""

    in_git: bool
    commit: str | None = None
    dirty: bool = False
    unknown: str | None = None


def provenance(root: Path) -> Provenance:
    """Where the data under `root` was read from. Ignored and untracked files under the
    data count as uncommitted changes: the commit named must reproduce the figures."""
    try:
        git = Git(root)
    except GitProblem as exc:
        return Provenance(in_git=False, unknown=str(exc))
    try:
        inside = git.run("rev-parse", "--is-inside-work-tree").decode().strip()
    except GitProblem as exc:
        message = str(exc)
        if "not a git repository" in message:
            return Provenance(in_git=False)
        return Provenance(in_git=False, unknown=message)
    if inside != "true":
        return Provenance(in_git=False)
    try:
        commit = git.run("rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except GitProblem:
        commit = None  # a repository without commits: everything is uncommitted
    try:
        status = git.run(
            "status", "--porcelain", "--ignored", "--untracked-files=all", "--",
            "norm.yaml", "partners.yaml", "rounds",
        )  # fmt: skip
    except GitProblem as exc:
        return Provenance(in_git=True, commit=commit, unknown=str(exc))
    return Provenance(in_git=True, commit=commit, dirty=bool(status.strip()) or commit is None)
