"""flevonorm init: a new region's repository that validates at once, never written over."""

from __future__ import annotations

from pathlib import Path

from .conftest import Cli
from .gitrepo import snapshot


def test_init_then_validate(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = cli("init", str(target), "--name", "Limburgse Norm")
    assert result.code == 0, result.err
    assert (target / "norm.yaml").read_text(encoding="utf-8").count("Limburgse Norm") >= 1
    assert (target / ".github/workflows/flevonorm.yml").is_file()
    assert (target / "schemas/assessment.schema.json").is_file()
    validated = cli("validate", "--root", str(target))
    assert validated.code == 0
    assert validated.out == "ok: norm.yaml, partners.yaml and 0 rounds are valid\n"


def test_init_refuses_when_a_file_exists(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x"
    target.mkdir()
    (target / "README.md").write_text("ours\n")
    before = snapshot(target)
    result = cli("init", str(target), "--name", "Limburgse Norm")
    assert result.code == 2
    assert result.err.endswith(
        "README.md already exists; nothing was written (flevonorm never overwrites)\n"
    )
    assert snapshot(target) == before


def test_init_needs_a_name(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "x"))
    assert result.code == 2
    assert not (tmp_path / "x").exists()
