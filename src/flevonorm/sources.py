"""Where the files of a norm repository come from: the working tree or a git revision.

A source lists the round folders and the files in them and hands out bytes; the
YAML reader, the models and the checks never touch the file system themselves.
Both sources name files by their path relative to the repository root, with
forward slashes; `display` gives the name a problem is printed with
(`HEAD~1:rounds/r1/gem-a.yaml` for a revision, spec/history.md).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flevonorm.i18n import _
from flevonorm.paths import NORM_FILE, PARTNERS_FILE, ROUNDS_DIR
from flevonorm.yamlio import MAX_FILE_BYTES


class UnreadableFile(Exception):
    """A file that exists but cannot be read as data; the message says why."""


@dataclass(frozen=True)
class FolderEntry:
    """One name in a round folder. `regular` is False for anything that cannot be read as
    a data file (a folder, a FIFO, a device, a broken or escaping symlink); `reason` says
    what it is."""

    name: str
    regular: bool
    reason: str = ""


class Source(Protocol):
    """The files of one norm repository, as one consistent snapshot."""

    @property
    def revision(self) -> str | None:
        """The git revision as the user typed it; None for the working tree."""
        ...

    def display(self, path: str) -> str:
        """The name a problem in `path` is printed with."""
        ...

    def exists(self, path: str) -> bool:
        """Whether `path` (relative to the root) names anything at all."""
        ...

    def read(self, path: str) -> bytes:
        """The bytes of a regular file; UnreadableFile with a reason otherwise."""
        ...

    def round_folders(self) -> list[str]:
        """The names of the folders directly under rounds/, in name order."""
        ...

    def folder_entries(self, folder: str) -> list[FolderEntry]:
        """Every name in `folder` (relative to the root), in name order."""
        ...


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder, not a file; a data file must be a regular file")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe), not a file; a data file must be a regular file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device, not a file; a data file must be a regular file")
    if stat.S_ISSOCK(mode):
        return _("a socket, not a file; a data file must be a regular file")
    return _("not a regular file; a data file must be a regular file")


def _cannot_read(exc: OSError) -> str:
    return _("cannot read the file: {reason}").format(reason=exc.strerror)


def _read_at_most(fd: int, limit: int, size: int) -> bytes:
    """Up to `limit` bytes of an open file whose size was `size` when it was opened: asked
    for in one read of that size (a read of `limit` bytes would make a buffer of the
    5 MB bound for every 5 kB file), and on until the end in case it grew meanwhile."""
    chunks: list[bytes] = []
    wanted = min(size + 1, limit)
    while wanted > 0:
        chunk = os.read(fd, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
        wanted = min(1 << 16, limit)
    return b"".join(chunks)


class WorkTree:
    """The files as they are on disk under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = root.resolve()

    @property
    def revision(self) -> str | None:
        return None

    def display(self, path: str) -> str:
        return path

    def _path(self, path: str) -> Path:
        return self.root / path

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._path(path))

    def _problem_with(self, path: Path) -> str | None:
        """Why `path` cannot be read as a data file, or None when it can."""
        try:
            mode = os.lstat(path).st_mode
        except OSError as exc:
            return _cannot_read(exc)
        if stat.S_ISLNK(mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return _(
                    "a symlink that leads nowhere (dangling or looping); replace it by the file"
                )
            if not target.is_relative_to(self._real_root):
                # Never read, and never echo, a file outside the repository.
                return _("a symlink to a file outside the repository; put the file itself here")
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                return _cannot_read(exc)
        if not stat.S_ISREG(mode):
            return _not_a_file(mode)
        return None

    def read(self, path: str) -> bytes:
        full = self._path(path)
        problem = self._problem_with(full)
        if problem is not None:
            raise UnreadableFile(problem)
        try:
            # O_NONBLOCK: a file swapped for a FIFO after the check must not hang the reader.
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise UnreadableFile(_cannot_read(exc)) from None
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                raise UnreadableFile(_("not a regular file; a data file must be a regular file"))
            return _read_at_most(fd, MAX_FILE_BYTES + 1, opened.st_size)
        except OSError as exc:
            raise UnreadableFile(_cannot_read(exc)) from None
        finally:
            os.close(fd)

    def round_folders(self) -> list[str]:
        rounds = self.root / ROUNDS_DIR
        try:
            names = sorted(os.listdir(rounds))
        except OSError:
            return []
        return [n for n in names if not n.startswith(".") and (rounds / n).is_dir()]

    def folder_entries(self, folder: str) -> list[FolderEntry]:
        base = self._path(folder)
        try:
            names = sorted(os.listdir(base))
        except OSError:
            return []
        entries = []
        for name in names:
            problem = self._problem_with(base / name)
            entries.append(FolderEntry(name, problem is None, problem or ""))
        return entries


class GitRevision:
    """The files as committed at a git revision, read with `git ls-tree` and
    `git cat-file --batch`: nothing is checked out and nothing is written."""

    def __init__(self, root: Path, revision: str) -> None:
        from flevonorm.gitio import Git

        self.root = root
        self._revision = revision
        self._git = Git(root)
        self.commit = self._git.resolve_commit(revision)
        self._tree = self._git.list_tree(self.commit, [NORM_FILE, PARTNERS_FILE, ROUNDS_DIR])
        self._blobs: dict[str, bytes] = {}

    @property
    def revision(self) -> str | None:
        return self._revision

    def display(self, path: str) -> str:
        return f"{self._revision}:{path}"

    def exists(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return path in self._tree or any(p.startswith(prefix) for p in self._tree)

    def read(self, path: str) -> bytes:
        entry = self._tree.get(path)
        if entry is None:
            raise UnreadableFile(
                _("there is no such file at {revision}").format(revision=self._revision)
            )
        if not entry.is_regular_blob:
            raise UnreadableFile(
                _("{what}, not a file; a data file must be a file").format(what=entry.describe())
            )
        if entry.size is not None and entry.size > MAX_FILE_BYTES:
            return b"\0" * (MAX_FILE_BYTES + 1)  # refused by size before parsing, unread
        if path not in self._blobs:
            self.prefetch([path])
        return self._blobs[path]

    def prefetch(self, paths: list[str]) -> None:
        """Read many blobs in one `git cat-file --batch` call."""
        wanted = [
            p
            for p in paths
            if p not in self._blobs and p in self._tree and self._tree[p].is_regular_blob
        ]
        if wanted:
            contents = self._git.read_blobs([self._tree[p].object_id for p in wanted])
            self._blobs.update(zip(wanted, contents, strict=True))

    def changed_rounds(self) -> list[str]:
        """The rounds with a file that differs between this revision and the working tree."""
        prefix = ROUNDS_DIR + "/"
        changed = self._git.changed_paths(self.commit, [ROUNDS_DIR])
        return sorted({p[len(prefix) :].split("/", 1)[0] for p in changed if p.startswith(prefix)})

    def round_folders(self) -> list[str]:
        prefix = ROUNDS_DIR + "/"
        names = {
            p[len(prefix) :].split("/", 1)[0]
            for p in self._tree
            if p.startswith(prefix) and "/" in p[len(prefix) :]
        }
        return sorted(n for n in names if not n.startswith("."))

    def folder_entries(self, folder: str) -> list[FolderEntry]:
        prefix = folder.rstrip("/") + "/"
        entries: dict[str, FolderEntry] = {}
        for path, entry in self._tree.items():
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix) :]
            if "/" in rest:
                name = rest.split("/", 1)[0]
                entries[name] = FolderEntry(name, False, _("a folder, not a file"))
            else:
                entries[rest] = FolderEntry(
                    rest, entry.is_regular_blob, "" if entry.is_regular_blob else entry.describe()
                )
        return [entries[name] for name in sorted(entries)]
