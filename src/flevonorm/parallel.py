"""Work split over the machine's cores, for reading many files at once.

A national repository is some 4,500 files; parsing them is most of what `validate`,
`report` and `trend` do, and a parse uses one core. Here a list of work is split into
one share per core: the process itself does the first share while forked children do
the others and send back what they made, pickled through a pipe.

Only where it is safe and pays:
- Linux only (fork is the default there; macOS and Windows spawn a fresh interpreter,
  which costs more than most repositories take to read);
- `FLEVONORM_JOBS=N` sets the number of processes (1: everything in this one);
- a child that fails in any way (an exception, a crash, a result that does not
  unpickle) is not trusted: its share is done again here, so a result never depends on
  how the work was split. A bug then surfaces here, as it would without children.

Children write no output and no file but the cache's own (each round its own file,
written atomically), and leave with `os._exit`, so nothing the parent buffered is
flushed twice and no exit handler runs twice.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

JOBS_VARIABLE = "FLEVONORM_JOBS"


def usable_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# Set while work is being shared (here and in the children): work within a share is
# never shared again, or the processes would outnumber the cores.
_sharing = False
# In a child: the process that forked it, which alone reads what it sends.
_parent: int | None = None


def abandoned() -> bool:
    """Whether this is a child whose parent is gone (stopped by a signal it could not
    catch): its work can no longer reach anyone, and it should stop between items."""
    return _parent is not None and os.getppid() != _parent


def jobs() -> int:
    """How many processes may share work: `FLEVONORM_JOBS` if it is a whole number of at
    least 1, else the usable cores; 1 where fork is not the safe default and while work
    is being shared already."""
    if _sharing or not sys.platform.startswith("linux"):
        return 1
    try:
        wanted = int(os.environ.get(JOBS_VARIABLE, "").strip(), 10)
    except ValueError:
        wanted = 0  # unset, or not a whole number: the cores decide
    return wanted if wanted >= 1 else usable_cores()


def shares(items: Sequence[Item], weight: Callable[[Item], int], count: int) -> list[list[Item]]:
    """`items` in at most `count` shares of about equal weight, heaviest first into the
    lightest share; each share keeps the items' order. No share is empty."""
    count = max(1, min(count, len(items)))
    loads = [0] * count
    chosen: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(items)), key=lambda i: -weight(items[i])):
        lightest = loads.index(min(loads))
        chosen[lightest].append(index)
        loads[lightest] += weight(items[index])
    return [[items[i] for i in sorted(indices)] for indices in chosen if indices]


def run_shares(
    work: Callable[[list[Item]], Result],
    split: list[list[Item]],
    prepare: Callable[[Result], Result] | None = None,
) -> list[Result]:
    """`work` applied to each share, the first here and the others in forked children,
    results in the order of `split`. `prepare` turns a child's result into what is sent
    back (dropping what need not travel); it runs in the child only."""
    global _sharing
    if len(split) <= 1:
        return [work(share) for share in split]
    children: list[tuple[int, int]] = []
    _sharing = True
    try:
        try:
            for share in split[1:]:
                children.append(_fork(work, share, prepare))
        except OSError:
            pass  # no more processes to be had: what has no child is done here below
        waiting = list(children)  # children not yet collected (and reaped)
        try:
            results: list[Result] = [work(split[0])]
            for share in split[1:]:
                sent = _collect(*waiting.pop(0)) if waiting else None
                results.append(sent[0] if sent is not None else work(share))
        except BaseException:
            # Interrupted, or a share done again here failed: no child outlives this.
            _stop(waiting)
            raise
        return results
    finally:
        _sharing = False


def _stop(children: list[tuple[int, int]]) -> None:
    """End children whose work is no longer wanted (the parent failed or was stopped)."""
    for pid, read_end in children:
        with contextlib.suppress(OSError):
            os.close(read_end)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


def _fork(
    work: Callable[[list[Item]], Result],
    share: list[Item],
    prepare: Callable[[Result], Result] | None,
) -> tuple[int, int]:
    global _parent
    read_end, write_end = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        code = 1
        _parent = parent
        try:
            os.close(read_end)
            result = work(share)
            payload = pickle.dumps(prepare(result) if prepare else result, protocol=5)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            code = 0
        except BaseException:  # the parent does the share again
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> tuple[Any] | None:
    """What a child sent, as a one-item tuple; None if it failed in any way."""
    try:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
    except BaseException:
        _stop([(pid, read_end)])
        raise
    _pid, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        return (pickle.loads(payload),)
    except Exception:  # a broken payload is a failed child
        return None
