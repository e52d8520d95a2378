"""The one way flevonorm writes output: stdout, a file replaced atomically, or new files only.

The tool runs as root on CI, on paths that come from a command line, so writing must never
replace what is not ours to replace: a device such as /dev/null, a FIFO or /dev/stdout is
written through and stays what it was; a symlink stays a symlink (its target gets the new
content). A regular file is replaced atomically, so a reader sees the old file or the whole
new one, never a truncated report; no temporary file is left behind, whatever fails.

Every operating-system error becomes an `OutputError` (exit 2) whose message is
`cannot write PATH: REASON`: PATH as the user wrote it (shown with escapes where it is not
printable UTF-8), REASON the operating system's own words (its strerror, unchanged, e.g.
`No such file or directory`, `Permission denied`, `No space left on device`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from flevonorm.errors import UsageProblem
from flevonorm.i18n import _
from flevonorm.textsafe import display_name

# Long enough to tell whose temporary file it is, short enough that the temporary name
# stays under the usual 255-byte limit even when every character takes four bytes.
_TEMP_STEM_CHARS = 48


class OutputError(UsageProblem):
    """Output that cannot be written where it was asked for (exit 2)."""

    def __init__(self, shown_path: str, reason: str) -> None:
        super().__init__(_("cannot write {path}: {reason}").format(path=shown_path, reason=reason))
        self.shown_path = shown_path
        self.reason = reason


class AlreadyExists(UsageProblem):
    """`write_new_tree` refused: a file it would write already exists (exit 2)."""

    def __init__(self, shown_path: str) -> None:
        super().__init__(
            _("{path} already exists; nothing was written (flevonorm never overwrites)").format(
                path=shown_path
            )
        )
        self.shown_path = shown_path


def os_reason(exc: OSError) -> str:
    """The operating system's words for `exc`: its strerror, e.g. 'Permission denied'."""
    if exc.strerror:
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


def write_output(target: str | Path | None, data: str | bytes) -> None:
    """Write a command's output to `target`: None or "-" for stdout, else that path.

    Text is written as UTF-8 to a file; to stdout through sys.stdout (its encoding; what
    it cannot encode is shown as a backslash escape rather than failing).
    Raises OutputError for any operating-system error. A BrokenPipeError on stdout, or on
    a path such as /dev/stdout that leads to it (the reader went away, as in
    `flevonorm report | head`), is raised as it is, for the CLI to end quietly.
    """
    if target is None or os.fspath(target) == "-":
        _write_stdout(data)
        return
    path = os.fspath(target)
    if not path:
        # `-o ''` (an empty shell variable): "cannot write : Is a directory" helps nobody.
        raise OutputError("''", _("no file name given"))
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    descriptor: int | None = None
    try:
        if path.endswith(os.sep):
            # "out/" names a folder; Path() and realpath would quietly drop the slash.
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        descriptor = _own_descriptor(path)
        if descriptor is not None:
            _write_to_descriptor(descriptor, payload)
        else:
            _write_path(path, payload)
    except OSError as exc:
        if descriptor is not None and isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(display_name(path), os_reason(exc)) from exc


def _write_stdout(data: str | bytes) -> None:
    stream = sys.stdout
    try:
        if isinstance(data, bytes):
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
            return
        try:
            stream.write(data)
        except UnicodeEncodeError:
            # A terminal whose locale is not UTF-8: show what it cannot write as escapes.
            encoding = stream.encoding or "ascii"
            stream.write(data.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(_("standard output"), os_reason(exc)) from exc


def _write_path(path: str, payload: bytes) -> None:
    try:
        existing: os.stat_result | None = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        existing = None  # nothing there, or a dangling symlink: created (at its target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_through(path, payload)
    else:
        # realpath: a symlink (even a dangling one) stays a link and its target is written.
        _replace_atomically(os.path.realpath(path), payload, existing)


# Symbolic links followed before giving up, as the kernel's own limit (ELOOP).
_MAX_LINKS = 40


def _own_descriptor(path: str) -> int | None:
    """N when `path` leads to /proc/self/fd/N, as /dev/stdout, /dev/stderr and /dev/fd/N do.

    Such a path is one of our own open descriptors: stdout may be a pipe, a socket or a
    file the shell opened (even for appending), and the only faithful way to write "to
    stdout" is to write to that descriptor. Opening the path anew would fail on a socket,
    truncate a file, and replacing it would unlink the file the shell gave us.
    """
    own = re.compile(rf"/proc/(?:self|thread-self|{os.getpid()}(?:/task/\d+)?)/fd/(\d+)")
    current = os.path.abspath(path)
    for _hop in range(_MAX_LINKS):
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        found = own.fullmatch(current)
        if found:
            return int(found.group(1))
        if not os.path.islink(current):
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return None


def _write_to_descriptor(descriptor: int, payload: bytes) -> None:
    # What Python has buffered for stdout and stderr goes first, as it was written first.
    sys.stdout.flush()
    sys.stderr.flush()
    _write_all(descriptor, payload)


def _write_through(path: str, payload: bytes) -> None:
    """Write into what is at `path` (a device, FIFO, folder…) without replacing it."""
    # No O_CREAT: this is only for what exists. No O_TRUNC: meaningless for a device or a
    # FIFO. O_NOCTTY: root opening a terminal device must not make it our controlling one.
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC
    descriptor = os.open(path, flags)
    try:
        _write_all(descriptor, payload)
    finally:
        os.close(descriptor)


def _replace_atomically(final: str, payload: bytes, existing: os.stat_result | None) -> None:
    if existing is not None and not os.access(final, os.W_OK):
        # A file its owner made read-only is not ours to replace, though its folder may be
        # writable: a plain write would be refused too.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), final)
    folder, name = os.path.split(final)
    descriptor, temporary = _create_temporary_file(folder, name)
    try:
        try:
            if existing is not None:
                # The mode (and, where allowed, the owner) a plain write would have kept.
                # chown first: it clears set-id bits that chmod then restores.
                with suppress(OSError):
                    os.fchown(descriptor, existing.st_uid, existing.st_gid)
                os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
            _write_all(descriptor, payload)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, final)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _create_temporary_file(folder: str, name: str) -> tuple[int, str]:
    """A new empty file beside `name`, with the mode a plain open() would give it.

    os.open applies the umask to 0o666 as open() does; tempfile.mkstemp would make it 0600.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    stem = name[:_TEMP_STEM_CHARS]
    while True:
        temporary = os.path.join(folder, f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue  # 2**32 names: another writer's, try the next


def _write_all(descriptor: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _sync_folder(folder: str) -> None:
    """Make a rename durable; best effort, as not every file system lets a folder be synced."""
    with suppress(OSError):
        descriptor = os.open(folder or ".", os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_new_tree(
    root: Path, files: dict[str, str | bytes], *, refuse_existing_root: bool = False
) -> None:
    """Create `files` (paths relative to `root`, '/'-separated) under `root`: all or none.

    For `round new` and `init`. Never overwrites: when any of the files already exists (or,
    with `refuse_existing_root`, `root` itself), raises AlreadyExists naming the first one
    and writes nothing. A name ending in '/' is an empty folder (its content must be empty).
    When `root` is new, the whole tree is built in a temporary sibling folder and renamed
    into place, so that it appears complete or not at all; inside an existing `root`, each
    file is created exclusively and, when one fails, the ones already written are removed.
    Text is written as UTF-8. Raises OutputError (exit 2) for any operating-system error.
    """
    entries = [(_relative_parts(name), content) for name, content in files.items()]
    for parts, content in entries:
        if _is_folder(parts) and content:
            raise ValueError(f"a folder entry has content: {'/'.join(parts)}")
    if refuse_existing_root and os.path.lexists(root):
        raise AlreadyExists(display_name(root))
    for parts, _content in entries:
        if os.path.lexists(root.joinpath(*parts)):
            raise AlreadyExists(display_name(root.joinpath(*parts)))
    absolute_root = Path(os.path.abspath(root))
    if os.path.lexists(absolute_root):
        _create_each(root, absolute_root, entries)
    else:
        _build_beside(root, absolute_root, entries)


_Entry = tuple[tuple[str, ...], str | bytes]


def _relative_parts(name: str) -> tuple[str, ...]:
    pure = PurePosixPath(name)
    parts = pure.parts
    if pure.is_absolute() or not parts or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a relative path inside the new tree: {name!r}")
    if name.endswith("/"):
        return (*parts, "")  # "" marks a folder
    return parts


def _is_folder(parts: tuple[str, ...]) -> bool:
    return parts[-1] == ""


@contextmanager
def _failing_as(shown: Path) -> Iterator[None]:
    """Turn an OSError into OutputError naming `shown` (the path as the user sees it)."""
    try:
        yield
    except OSError as exc:
        raise OutputError(display_name(shown), os_reason(exc)) from exc


def _build_beside(root: Path, absolute_root: Path, entries: list[_Entry]) -> None:
    # The highest folder that does not exist yet: the tree (with any missing parents of
    # root) is built beside it and renamed into its place in one step.
    top = absolute_root
    while top.parent != top and not os.path.lexists(top.parent):
        top = top.parent
    with _failing_as(root):
        staging = _create_staging_folder(top)
    try:
        staged_root = staging.joinpath(*absolute_root.relative_to(top).parts)
        with _failing_as(root):
            os.makedirs(staged_root, exist_ok=True)
        for parts, content in entries:
            with _failing_as(root.joinpath(*parts)):
                _create_entry(staged_root, parts, content, created=[])
        with _failing_as(root):
            # rename() fails on an existing non-empty folder, so a tree that appeared
            # meanwhile is not replaced.
            os.rename(staging, top)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _sync_folder(str(top.parent))


def _create_staging_folder(top: Path) -> Path:
    stem = top.name[:_TEMP_STEM_CHARS]
    while True:
        staging = top.parent / f".{stem}.{secrets.token_hex(4)}.tmp"
        try:
            os.mkdir(staging, 0o777)  # the umask applies, as for a plain mkdir
        except FileExistsError:
            continue
        return staging


def _create_each(root: Path, absolute_root: Path, entries: list[_Entry]) -> None:
    created: list[Path] = []  # files and folders, in the order they were made
    try:
        for parts, content in entries:
            with _failing_as(root.joinpath(*parts)):
                _create_entry(absolute_root, parts, content, created)
    except BaseException:
        for path in reversed(created):
            with suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink()
        raise


def _create_entry(
    base: Path, parts: tuple[str, ...], content: str | bytes, created: list[Path]
) -> None:
    """Create one new file (or empty folder) under `base`, and its missing folders."""
    folder_parts = parts[:-1]
    folder = base
    for part in folder_parts:
        folder = folder / part
        if not os.path.isdir(folder):
            os.mkdir(folder, 0o777)
            created.append(folder)
    if _is_folder(parts):
        return
    target = base.joinpath(*parts)
    payload = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(target, flags, 0o666)
    created.append(target)
    try:
        _write_all(descriptor, payload)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
