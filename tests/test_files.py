"""The one output writer: atomic for files, through devices, FIFOs and links, exit 2 on errors."""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from flevonorm.errors import EXIT_USAGE, UsageProblem
from flevonorm.files import AlreadyExists, OutputError, write_new_tree, write_output

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def umask_027() -> Iterator[None]:
    """A known umask, so that 'the mode a plain write gives' is a number worked out by hand."""
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work from tmp_path, so that paths in messages are as short as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def failing_after(calls: int, real: Callable[..., Any], error: OSError) -> Callable[..., Any]:
    """`real`, except that the call after the first `calls` ones raises `error`."""
    count = 0

    def fake(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise error
        return real(*args, **kwargs)

    return fake


# --- regular files --------------------------------------------------------------------------


def test_new_file_gets_the_bytes_and_the_mode_of_a_plain_write(
    in_tmp: Path, umask_027: None
) -> None:
    write_output("rapport.md", "Almere — 56%\n")
    assert (in_tmp / "rapport.md").read_bytes() == "Almere — 56%\n".encode()
    assert stat.S_IMODE((in_tmp / "rapport.md").stat().st_mode) == 0o640  # 0o666 & ~0o027
    assert listing(in_tmp) == ["rapport.md"]


def test_bytes_are_written_as_they_are(tmp_path: Path) -> None:
    write_output(tmp_path / "rapport.xlsx", b"PK\x03\x04\x00\xff")
    assert (tmp_path / "rapport.xlsx").read_bytes() == b"PK\x03\x04\x00\xff"


def test_existing_file_is_replaced_whole_keeping_its_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("oud\n")
    target.chmod(0o604)
    seen_before_rename: list[str] = []
    real_replace = os.replace

    def replace(source: str, destination: str) -> None:
        # Until the rename, a reader still sees the whole old file, and the new one is
        # complete beside it.
        seen_before_rename.append(Path(destination).read_text())
        seen_before_rename.append(Path(source).read_text())
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    write_output(target, "nieuw\n")
    assert seen_before_rename == ["oud\n", "nieuw\n"]
    assert target.read_text() == "nieuw\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert listing(tmp_path) == ["rapport.md"]


# --- what is not a regular file is written through, never replaced -------------------------


def test_dev_null_stays_a_device(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    write_output("/dev/null", "# Rapport\n" * 100)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [name for name in os.listdir("/dev") if name.startswith(".null.")]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_exit_2_and_stays_a_device() -> None:
    with pytest.raises(OutputError) as raised:
        write_output("/dev/full", "rapport\n")
    assert str(raised.value) == "cannot write /dev/full: No space left on device"
    assert raised.value.exit_code == EXIT_USAGE == 2
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_receives_the_bytes_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, "door de pijp\n")
    reader.join(timeout=10)
    assert received == [b"door de pijp\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert listing(tmp_path) == ["pijp"]


def test_symlink_to_a_file_stays_a_link_and_its_target_gets_the_content(in_tmp: Path) -> None:
    (in_tmp / "echt.md").write_text("oud\n")
    (in_tmp / "link.md").symlink_to("echt.md")
    write_output("link.md", "nieuw\n")
    assert (in_tmp / "link.md").is_symlink()
    assert os.readlink(in_tmp / "link.md") == "echt.md"
    assert (in_tmp / "echt.md").read_text() == "nieuw\n"
    assert listing(in_tmp) == ["echt.md", "link.md"]


def test_dangling_symlink_stays_a_link_and_its_target_is_created(in_tmp: Path) -> None:
    (in_tmp / "link.md").symlink_to("nieuw.md")
    write_output("link.md", "inhoud\n")
    assert (in_tmp / "link.md").is_symlink()
    assert (in_tmp / "nieuw.md").read_text() == "inhoud\n"
    assert listing(in_tmp) == ["link.md", "nieuw.md"]


def test_symlink_to_dev_null_stays_a_link_to_the_device(in_tmp: Path) -> None:
    (in_tmp / "weg.md").symlink_to("/dev/null")
    write_output("weg.md", "niets\n")
    assert os.readlink(in_tmp / "weg.md") == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert listing(in_tmp) == ["weg.md"]


def test_dev_stdout_reaches_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    print("eerst", flush=False)
    write_output("/dev/stdout", "het rapport\n")
    assert capfd.readouterr().out == "eerst\nhet rapport\n"


def test_dash_and_none_mean_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "tekst ✔\n")
    write_output(None, b"bytes\n")
    assert capsys.readouterr().out == "tekst ✔\nbytes\n"


def test_stdout_that_cannot_encode_shows_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    write_output(None, "Almére ✔\n")
    assert raw.getvalue() == b"Alm\\xe9re \\u2714\n"


def test_stdout_error_is_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(sys, "stdout", Broken())
    with pytest.raises(OutputError, match=r"^cannot write standard output: Input/output error$"):
        write_output(None, "x")


def test_broken_pipe_on_stdout_is_left_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Gone())
    with pytest.raises(BrokenPipeError):
        write_output("-", "x")


# --- errors: exit 2, the OS's reason, nothing half-written, no temporary file --------------


def test_missing_folder(in_tmp: Path) -> None:
    with pytest.raises(OutputError) as raised:
        write_output("geen-map/rapport.md", "x")
    assert str(raised.value) == "cannot write geen-map/rapport.md: No such file or directory"
    assert isinstance(raised.value, UsageProblem)
    assert raised.value.exit_code == 2
    assert listing(in_tmp) == []


def skip_unless_permissions_apply(folder: Path) -> None:
    """Root (with CAP_DAC_OVERRIDE) writes where modes say no: nothing to test then."""
    probe = folder / "probe"
    probe.mkdir(mode=0o555)
    try:
        (probe / "x").touch()
    except PermissionError:
        return
    finally:
        (probe / "x").unlink(missing_ok=True)
        probe.rmdir()
    pytest.skip(f"euid {os.geteuid()} writes into a read-only folder anyway")


def test_read_only_folder(in_tmp: Path) -> None:
    skip_unless_permissions_apply(in_tmp)
    (in_tmp / "alleen-lezen").mkdir(mode=0o555)
    with pytest.raises(OutputError) as raised:
        write_output("alleen-lezen/rapport.md", "x")
    assert str(raised.value) == "cannot write alleen-lezen/rapport.md: Permission denied"
    assert listing(in_tmp / "alleen-lezen") == []


def test_read_only_file_is_not_replaced(in_tmp: Path) -> None:
    skip_unless_permissions_apply(in_tmp)
    (in_tmp / "rapport.md").write_text("beschermd\n")
    (in_tmp / "rapport.md").chmod(0o444)
    with pytest.raises(OutputError, match=r"^cannot write rapport.md: Permission denied$"):
        write_output("rapport.md", "x")
    assert (in_tmp / "rapport.md").read_text() == "beschermd\n"


def test_read_only_file_system(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EROFS, simulated where the temporary file is made (works as root too)."""
    (in_tmp / "rapport.md").write_text("oud\n")
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and str(in_tmp) in os.path.abspath(path):
            raise OSError(errno.EROFS, "Read-only file system", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    with pytest.raises(OutputError) as raised:
        write_output("rapport.md", "nieuw\n")
    assert str(raised.value) == "cannot write rapport.md: Read-only file system"
    assert (in_tmp / "rapport.md").read_text() == "oud\n"
    assert listing(in_tmp) == ["rapport.md"]


def test_disk_full_leaves_the_old_file_and_no_temporary(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "rapport.md").write_text("oud\n")
    monkeypatch.setattr(os, "write", failing_after(0, os.write, ENOSPC))
    with pytest.raises(OutputError) as raised:
        write_output("rapport.md", "nieuw\n" * 1000)
    assert str(raised.value) == "cannot write rapport.md: No space left on device"
    assert (in_tmp / "rapport.md").read_text() == "oud\n"
    assert listing(in_tmp) == ["rapport.md"]


def test_failed_rename_leaves_no_temporary(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", failing_after(0, os.replace, OSError(errno.EBUSY, "busy")))
    with pytest.raises(OutputError, match=r"^cannot write rapport.md: busy$"):
        write_output("rapport.md", "x")
    assert listing(in_tmp) == []


def test_interrupted_write_leaves_no_temporary(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(descriptor: int, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output("rapport.md", "x")
    assert listing(in_tmp) == []


@pytest.mark.parametrize("target", ["map", "map/", "nieuw/"])
def test_a_folder_is_not_a_file(in_tmp: Path, target: str) -> None:
    (in_tmp / "map").mkdir()
    with pytest.raises(OutputError, match=rf"^cannot write {target}: Is a directory$"):
        write_output(target, "x")
    assert listing(in_tmp) == ["map"]
    assert listing(in_tmp / "map") == []


def test_name_too_long(in_tmp: Path) -> None:
    name = "r" * 300 + ".md"
    with pytest.raises(OutputError, match=rf"^cannot write {name}: File name too long$"):
        write_output(name, "x")
    assert listing(in_tmp) == []


def test_a_path_that_is_not_utf8_is_shown_escaped(in_tmp: Path) -> None:
    with pytest.raises(OutputError) as raised:
        write_output("m\udce9p\n/rapport.md", "x")
    assert str(raised.value) == "cannot write m\\xe9p\\n/rapport.md: No such file or directory"


# --- new trees: round new, init ------------------------------------------------------------

ROUND_FILES: dict[str, str | bytes] = {
    "round.yaml": "id: 2023-spring\n",
    "gem-a.yaml": "partner: gem-a\n",
    "sub/gem-b.yaml": b"partner: gem-b\n",
    "leeg/": "",
}


def test_new_tree_with_missing_parents(in_tmp: Path, umask_027: None) -> None:
    write_new_tree(Path("rounds/2023-spring"), ROUND_FILES)
    root = in_tmp / "rounds" / "2023-spring"
    assert (root / "round.yaml").read_text() == "id: 2023-spring\n"
    assert (root / "gem-a.yaml").read_text() == "partner: gem-a\n"
    assert (root / "sub" / "gem-b.yaml").read_text() == "partner: gem-b\n"
    assert listing(root) == ["gem-a.yaml", "leeg", "round.yaml", "sub"]
    assert listing(root / "leeg") == []
    assert listing(in_tmp) == ["rounds"]  # no staging folder left beside it
    assert stat.S_IMODE((in_tmp / "rounds").stat().st_mode) == 0o750  # 0o777 & ~0o027
    assert stat.S_IMODE((root / "round.yaml").stat().st_mode) == 0o640


def test_new_files_in_an_existing_folder(in_tmp: Path) -> None:
    (in_tmp / "repo").mkdir()
    (in_tmp / "repo" / "README.md").write_text("al hier\n")
    write_new_tree(Path("repo"), {"norm.yaml": "norm\n", ".github/workflows/ci.yml": "ci\n"})
    assert (in_tmp / "repo" / "norm.yaml").read_text() == "norm\n"
    assert (in_tmp / "repo" / ".github" / "workflows" / "ci.yml").read_text() == "ci\n"
    assert (in_tmp / "repo" / "README.md").read_text() == "al hier\n"


def test_refuses_when_a_file_exists_and_writes_nothing(in_tmp: Path) -> None:
    root = in_tmp / "rounds" / "2023-spring"
    root.mkdir(parents=True)
    (root / "gem-a.yaml").write_text("ingevuld\n")
    with pytest.raises(AlreadyExists) as raised:
        write_new_tree(Path("rounds/2023-spring"), ROUND_FILES)
    assert str(raised.value) == (
        "rounds/2023-spring/gem-a.yaml already exists; nothing was written "
        "(flevonorm never overwrites)"
    )
    assert raised.value.exit_code == 2
    assert listing(root) == ["gem-a.yaml"]
    assert (root / "gem-a.yaml").read_text() == "ingevuld\n"


def test_a_dangling_symlink_counts_as_existing(in_tmp: Path) -> None:
    (in_tmp / "norm.yaml").symlink_to("/nergens/norm.yaml")
    with pytest.raises(AlreadyExists, match=r"^norm.yaml already exists"):
        write_new_tree(Path("."), {"partners.yaml": "p\n", "norm.yaml": "n\n"})
    assert listing(in_tmp) == ["norm.yaml"]


def test_refuses_an_existing_root_when_asked(in_tmp: Path) -> None:
    (in_tmp / "2023-spring").mkdir()
    with pytest.raises(AlreadyExists, match=r"^2023-spring already exists"):
        write_new_tree(Path("2023-spring"), ROUND_FILES, refuse_existing_root=True)
    assert listing(in_tmp / "2023-spring") == []


def test_failure_half_way_in_a_new_folder_leaves_nothing(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "write", failing_after(1, os.write, ENOSPC))
    with pytest.raises(OutputError) as raised:
        write_new_tree(Path("rounds/2023-spring"), ROUND_FILES)
    # round.yaml was written; gem-a.yaml is the file that failed.
    assert str(raised.value) == (
        "cannot write rounds/2023-spring/gem-a.yaml: No space left on device"
    )
    assert listing(in_tmp) == []


def test_failure_half_way_in_an_existing_folder_removes_what_it_wrote(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "repo").mkdir()
    (in_tmp / "repo" / "README.md").write_text("al hier\n")
    monkeypatch.setattr(os, "write", failing_after(2, os.write, ENOSPC))
    with pytest.raises(OutputError) as raised:
        write_new_tree(Path("repo"), {"a/b/één.yaml": "1\n", "a/twee.yaml": "2\n", "c.yaml": "3\n"})
    assert str(raised.value) == "cannot write repo/c.yaml: No space left on device"
    assert listing(in_tmp / "repo") == ["README.md"]


def test_new_tree_where_the_parent_cannot_be_written(in_tmp: Path) -> None:
    (in_tmp / "bestand").write_text("geen map\n")
    with pytest.raises(OutputError, match=r"^cannot write bestand/ronde: Not a directory$"):
        write_new_tree(Path("bestand/ronde"), ROUND_FILES)
    assert listing(in_tmp) == ["bestand"]


@pytest.mark.parametrize("name", ["../ontsnapt.yaml", "/etc/passwd", "a/../../b", ""])
def test_names_must_stay_inside_the_tree(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a relative path"):
        write_new_tree(tmp_path / "nieuw", {name: "x"})
    assert listing(tmp_path) == []


def test_broken_pipe_through_dev_stdout_is_left_to_the_caller() -> None:
    """`flevonorm report -o /dev/stdout | head`: the same as without -o."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        with pytest.raises(BrokenPipeError):
            write_output(f"/dev/fd/{writing}", "x")
    finally:
        os.close(writing)


def test_broken_fifo_is_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    # A reader that opens the FIFO and goes away before anything is written.
    reader = threading.Thread(target=lambda: os.close(os.open(fifo, os.O_RDONLY)))
    reader.start()
    with pytest.raises(OutputError) as raised:
        write_output(fifo, "x" * 1_000_000)
    reader.join(timeout=10)
    assert str(raised.value) == f"cannot write {fifo}: Broken pipe"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
