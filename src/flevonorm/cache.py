"""What reading and checking each partner file found, kept between runs.

A coordinator's laptop and CI check the same thousands of files again and again, and
almost none of them changed since the last run. For each round folder one JSON file holds,
per partner file: a SHA-256 of the file's bytes, the data as parsed, and the problems
reading and checking it gave. An entry is used only when the bytes hash the same and the
whole round was checked against the same rule inputs: this version of flevonorm (its
version and the size and time of every module and message catalogue it runs from), the
language of the messages, and the bytes of norm.yaml, partners.yaml and the round's
round.yaml. Anything else is read and checked again, so the problems are the same with
and without the cache.

The cache lives in the user's cache folder (FLEVONORM_CACHE_DIR, else the platform's:
~/.cache/flevonorm on Linux), never in the repository. Files are written whole to a
temporary name and renamed into place, so a run that reads while another writes sees the
old file or the new one; a file that cannot be read, or does not have the expected shape,
is ignored and written anew. Nothing here raises: a cache that cannot be used is no cache.
JSON only, never pickle: the folder is the user's, but what is in it is still only data.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flevonorm.problems import Problem, Severity

FORMAT = 1
CACHE_DIR_VARIABLE = "FLEVONORM_CACHE_DIR"
NO_CACHE_VARIABLE = "FLEVONORM_NO_CACHE"
_ROUNDS = "rounds"
_SEVERITIES = {s.value: s for s in Severity}

_enabled = True


def configure(*, enabled: bool) -> None:
    """Turn the cache on or off for the commands run from here on (`--no-cache`)."""
    global _enabled
    _enabled = enabled


def enabled() -> bool:
    return _enabled and not os.environ.get(NO_CACHE_VARIABLE)


def cache_folder() -> Path:
    """Where flevonorm keeps its cache: FLEVONORM_CACHE_DIR, else the platform's cache
    folder for the user (what platformdirs would answer, without the dependency)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "flevonorm"
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "flevonorm" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache") / "flevonorm"


def clear(folder: Path | None = None) -> int:
    """Remove every file the cache holds; the number removed. Files it did not write are
    left alone."""
    rounds = (folder or cache_folder()) / _ROUNDS
    removed = 0
    try:
        names = os.listdir(rounds)
    except OSError:
        return 0
    for name in names:
        if name.endswith(".json") or name.startswith(".tmp-"):  # .json and .data.json
            try:
                os.unlink(rounds / name)
                removed += 1
            except OSError:
                pass
    return removed


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tool_fingerprint() -> list[Any]:
    """This flevonorm: the path, size and time of each file it runs from, so that a
    changed rule or message never meets a result cached before the change. (Not the
    version number: a checkout edited in place keeps it, and reading it from the package
    metadata costs more than the rest of a small command's start.)"""
    package = Path(__file__).parent
    files: list[Any] = []
    for folder, _dirs, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith((".py", ".po", ".mo")):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                files.append([os.path.join(folder, name), status.st_size, status.st_mtime_ns])
    return files


_fingerprint: str | None = None


def tool_fingerprint() -> str:
    global _fingerprint
    if _fingerprint is None:
        text = json.dumps(_tool_fingerprint(), ensure_ascii=True)
        _fingerprint = digest(text.encode("ascii"))
    return _fingerprint


def context_digest(parts: Iterable[str]) -> str:
    """One digest of the rule inputs a round was checked against."""
    text = json.dumps([FORMAT, tool_fingerprint(), *parts], ensure_ascii=True)
    return digest(text.encode("ascii"))


@dataclass(frozen=True)
class CachedFile:
    """What reading and checking one partner file gave."""

    digest: str  # of the file's bytes
    read: list[Problem]  # from reading, parsing and validating it
    checked: list[Problem]  # from the round's checks of it
    data: Any  # the data as parsed; None when it did not parse
    valid: bool  # whether the data made an assessment
    # Its entries' answer keys (status.answer_key), by ambition, in the file's order;
    # None where the round's rules did not allow them to be worked out.
    answers: dict[str, str] | None = None


def _problems_as_data(problems: list[Problem]) -> list[list[Any]]:
    return [[p.severity.value, p.line, p.col, p.message] for p in problems]


def _problems_from_data(rows: Any, path: str) -> list[Problem]:
    """The problems, or ValueError when `rows` is not what this module writes."""
    if not isinstance(rows, list):
        raise ValueError("problems: not a list")
    problems = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4):
            raise ValueError("problem: not a list of four")
        severity, line, col, message = row
        if (
            severity not in _SEVERITIES
            or type(line) is not int
            or type(col) is not int
            or not isinstance(message, str)
        ):
            raise ValueError("problem: wrong types")
        problems.append(Problem(path, line, col, _SEVERITIES[severity], message))
    return problems


def _load(path: Path, context: str) -> dict[str, Any] | None:
    """The entries of a cache file written under `context`; None when it is missing,
    corrupted, of another format, or written under other rules."""
    try:
        with open(path, "rb") as stream:
            stored = json.loads(stream.read())
    except (OSError, ValueError, RecursionError):
        return None
    if (
        isinstance(stored, dict)
        and stored.get("format") == FORMAT
        and stored.get("context") == context
        and isinstance(stored.get("files"), dict)
    ):
        files: dict[str, Any] = stored["files"]
        return files
    return None


def _new_temporary_file(folder: Path) -> tuple[int, Path]:
    """A new file of this user's alone in `folder`, under a name no other run takes (as
    tempfile.mkstemp makes one, without importing tempfile, which costs a small command
    a thirtieth of its time)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = folder / f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue


def _save(path: Path, context: str, entries: dict[str, Any]) -> bool:
    """Write a cache file whole, under a temporary name, then renamed into place: a run
    reading it at the same time sees the old file or the new one. False on failure."""
    stored = {"format": FORMAT, "context": context, "files": entries}
    try:
        # json.dumps, not json.dump: only the first uses the C encoder (ten times faster).
        text = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _new_temporary_file(path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError, TypeError, RecursionError):
        return False
    return True


def _is_answers(value: Any) -> bool:
    return value is None or (
        isinstance(value, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


class RoundCache:
    """The cached results for one round folder, used only under one rule context.

    Two files: the results (digest, problems, whether the file made an assessment),
    small and read on every run; and the data as parsed, read only when an assessment
    is needed (validate needs none). Each data entry carries its digest too, so results
    and data written by two different runs never mix."""

    def __init__(self, path: Path, context: str) -> None:
        self.path = path
        self.data_path = path.with_suffix(".data.json")
        self.context = context
        loaded = _load(path, context)
        self._entries: dict[str, Any] = loaded if loaded is not None else {}
        self._changed = loaded is None and path.exists()  # replace what cannot be used
        self._data: dict[str, Any] | None = None  # read when first needed
        self._new_data: dict[str, Any] = {}

    def get(self, name: str, path: str, file_digest: str) -> CachedFile | None:
        """The results for file `name` (shown as `path`) if its bytes hash to
        `file_digest`; None otherwise, and for an entry of the wrong shape."""
        entry = self._entries.get(name)
        if not isinstance(entry, dict) or entry.get("sha256") != file_digest:
            return None
        try:
            read = _problems_from_data(entry.get("read"), path)
            checked = _problems_from_data(entry.get("checked"), path)
        except ValueError:
            return None
        valid = entry.get("valid")
        answers = entry.get("answers")
        if not isinstance(valid, bool) or not _is_answers(answers):
            return None
        return CachedFile(file_digest, read, checked, None, valid, answers)

    def digest_of(self, name: str) -> str | None:
        """The digest of the bytes file `name`'s results are kept for."""
        entry = self._entries.get(name)
        found = entry.get("sha256") if isinstance(entry, dict) else None
        return found if isinstance(found, str) else None

    def data(self, name: str) -> Any:
        """The data file `name` was parsed into, if kept for the bytes its results are
        for; None otherwise."""
        if self._data is None:
            self._data = _load(self.data_path, self.context) or {}
        entry = self._entries.get(name)
        kept = self._data.get(name)
        if (
            isinstance(entry, dict)
            and isinstance(kept, dict)
            and kept.get("sha256") == entry.get("sha256")
        ):
            return kept.get("data")
        return None

    def put(self, name: str, result: CachedFile) -> None:
        self._entries[name] = {
            "sha256": result.digest,
            "read": _problems_as_data(result.read),
            "checked": _problems_as_data(result.checked),
            "valid": result.valid,
            "answers": result.answers,
        }
        if result.valid and result.data is not None:
            self._new_data[name] = {"sha256": result.digest, "data": result.data}
        self._changed = True

    def keep_data(self, name: str, data: Any) -> None:
        """Keep the data of a file whose results are kept already (read again because
        the run that kept them did not keep its data)."""
        entry = self._entries.get(name)
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            self._new_data[name] = {"sha256": entry["sha256"], "data": data}

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget entries of files that are gone."""
        wanted = set(names)
        gone = [name for name in self._entries if name not in wanted]
        for name in gone:
            del self._entries[name]
        self._changed = self._changed or bool(gone)

    def save(self) -> None:
        """Write what changed. A failure leaves the cache as it was, or without a file:
        either is read as an empty cache."""
        if self._new_data:
            data = self._data if self._data is not None else _load(self.data_path, self.context)
            data = {n: e for n, e in (data or {}).items() if n in self._entries}
            data.update(self._new_data)
            if _save(self.data_path, self.context, data):
                # Read again from the file if asked for: holding every round's data
                # until the end would double what a long run keeps in memory.
                self._data, self._new_data = None, {}
        if self._changed and _save(self.path, self.context, self._entries):
            self._changed = False


class ResultCache:
    """The cache of one repository (a folder on disk, or a revision of it)."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root

    def _path(self, what: str) -> Path:
        where = f"{self.root}\0{what}".encode("utf-8", "surrogateescape")
        return self.folder / _ROUNDS / (digest(where)[:40] + ".json")

    def for_round(self, display_folder: str, context: str) -> RoundCache:
        return RoundCache(self._path(display_folder), context)

    def rows(self, what: str, key: str) -> list[list[Any]] | None:
        """Rows kept under `what` for exactly `key` (a digest of everything they depend
        on), or None."""
        entries = _load(self._path(what), key)
        rows = entries.get("rows") if entries is not None else None
        if isinstance(rows, list) and all(isinstance(row, list) for row in rows):
            return rows
        return None

    def keep_rows(self, what: str, key: str, rows: list[list[Any]]) -> None:
        _save(self._path(what), key, {"rows": rows})


def for_repository(root: Path) -> ResultCache | None:
    """The cache for the repository at `root`, or None when it is turned off."""
    if not enabled():
        return None
    try:
        resolved = root.resolve()
    except OSError:
        resolved = root.absolute()
    return ResultCache(cache_folder(), resolved)
