"""Issue 10 end to end: a hostile repository, a bad call or a full disk never runs code,
replaces a device, drops a partner, crashes or forges a line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .conftest import Cli, make_repo
from .gitrepo import snapshot

EXPLOIT = "{{ cycler.__init__.__globals__.os.system('touch pwned') }}\n{{ report.round.id }}\n"


def test_a_repository_template_cannot_run_code(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/report.md.j2": EXPLOIT})
    os.chdir(tmp_path)
    result = cli("report", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith("templates/report.md.j2:1:1: error: ")
    assert not (tmp_path / "pwned").exists() and not (root / "pwned").exists()


def test_a_template_that_does_not_parse_is_a_located_problem(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/report.md.j2": "ok\n{% if %}\n"})
    result = cli("report", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith("templates/report.md.j2:2:1: error: ")


def test_a_broken_catalogue_is_a_located_problem(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {"templates/locale/nl/LC_MESSAGES/flevonorm.po": 'msgid "a"\nmsgstr "b"\nmsgid\n'},
    )
    result = cli("report", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith("templates/locale/nl/LC_MESSAGES/flevonorm.po:")
    assert "internal error" not in result.err


def test_output_to_dev_null_keeps_the_device(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    result = cli("report", "-o", "/dev/null", "--root", str(root))
    assert result.code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_through_a_symlink_keeps_the_link(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    target = tmp_path / "real.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert cli("report", "-o", str(link), "--root", str(root)).code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("> **Niet openbaar.**")


def test_an_output_folder_that_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    before = snapshot(tmp_path)
    result = cli("report", "-o", str(tmp_path / "typo" / "r.md"), "--root", str(root))
    assert result.code == 2
    assert result.err.endswith(
        f"flevonorm: cannot write {tmp_path}/typo/r.md: No such file or directory\n"
    )
    assert snapshot(tmp_path) == before


def test_a_full_disk(cli: Cli, tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    root = make_repo(tmp_path, {})
    result = cli("report", "-o", "/dev/full", "--root", str(root))
    assert result.code == 2
    assert result.err.endswith("flevonorm: cannot write /dev/full: No space left on device\n")


def test_markup_and_newlines_in_a_partner_name(cli: Cli, tmp_path: Path) -> None:
    partners = (make_repo(tmp_path / "a", {}) / "partners.yaml").read_text()
    hostile = partners.replace(
        "name: Gemeente A", 'name: "Gemeente [/bold] A\\nnorm.yaml:1:1: error: forged"'
    )
    root = make_repo(tmp_path, {"partners.yaml": hostile, "rounds/r1/gem-b.yaml": None})
    table = cli("score", "--root", str(root))
    assert table.code == 0
    assert "Gemeente [/bold] A\\nnorm.yaml:1:1: error: forged" in table.out
    validated = cli("validate", "--root", str(root))
    lines = validated.out.splitlines()
    assert not any(line.startswith("norm.yaml:1:1") for line in lines)
    assert "Gemeente [/bold] A\\nnorm.yaml:1:1: error: forged (gem-b)" not in validated.out


def test_a_csv_name_that_a_spreadsheet_would_evaluate(cli: Cli, tmp_path: Path) -> None:
    partners = (make_repo(tmp_path / "a", {}) / "partners.yaml").read_text()
    root = make_repo(
        tmp_path, {"partners.yaml": partners.replace("name: Gemeente A", 'name: "=1+1"')}
    )
    csv = cli("score", "--format", "csv", "--root", str(root)).out
    assert "gem-a,'=1+1,municipality," in csv


def test_escape_sequences_in_a_note_do_not_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "rounds/r1/gem-a.yaml": (
                'partner: gem-a\nambitions:\n  "1.1":\n    status: bogus\x1b[2J\n'
            )
        },
    )
    result = cli("validate", "--root", str(root))
    assert "\x1b" not in result.out
    assert result.code == 1


def test_a_file_name_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    name = os.fsencode(str(root / "rounds" / "r1")) + b"/alm\xe9re.yaml"
    with open(name, "wb") as stream:
        stream.write(b"partner: almere\nambitions: {}\n")
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "rounds/r1/alm\\xe9re.yaml:" in result.out
    result.out.encode("ascii", "backslashreplace")  # printable under any locale


def test_a_partner_file_that_is_a_folder_is_an_error_not_missing(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-b.yaml": None})
    (root / "rounds/r1/gem-b.yaml").mkdir()
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    assert result.out == (
        "rounds/r1/gem-b.yaml:1:1: error: a folder, not a file; a data file must be a regular "
        "file\n1 error, 0 warnings\n"
    )


def test_a_symlink_out_of_the_repository_is_refused_unread(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("partner: gem-b\nambitions: {}\n# TOPSECRET\n")
    root = make_repo(tmp_path, {"rounds/r1/gem-b.yaml": None})
    (root / "rounds/r1/gem-b.yaml").symlink_to(secret)
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    assert "TOPSECRET" not in result.out + result.err
    assert result.out.startswith(
        "rounds/r1/gem-b.yaml:1:1: error: a symlink to a file outside the repository"
    )


def test_an_empty_output_name(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    result = cli("report", "-o", "", "--root", str(root))
    assert result.code == 2
    assert result.err.endswith("flevonorm: cannot write '': no file name given\n")
