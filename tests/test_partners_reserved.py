"""A partner id whose file would be a round's own round.yaml is refused in partners.yaml."""

from __future__ import annotations

from pathlib import Path

from .conftest import DATA, Cli, make_repo

BASE_PARTNERS = (DATA / "base" / "partners.yaml").read_text(encoding="utf-8")


def with_partner(tmp_path: Path, entry: str) -> Path:
    """The base repository with one more partner at the end of partners.yaml (its lines
    start at line 15: the base file has 14)."""
    assert BASE_PARTNERS.count("\n") == 14
    return make_repo(tmp_path, {"partners.yaml": BASE_PARTNERS + entry})


def test_partner_id_round_is_an_error_at_its_id(tmp_path: Path, cli: Cli) -> None:
    root = with_partner(
        tmp_path, "  - id: round\n    name: Gemeente Rond\n    kind: municipality\n"
    )
    result = cli("validate", "--root", str(root))
    assert result.code == 1
    # Line 15, column 9: the value after `  - id: `.
    assert (
        "partners.yaml:15:9: error: partner id 'round' is reserved: this partner's file "
        "would be rounds/<round-id>/round.yaml, which is the round's own file; "
        "choose another id"
    ) in result.out.splitlines()
    assert result.out.endswith("1 error, 1 warning\n")  # the warning: no file of its own


def test_partner_id_round_blocks_the_score(tmp_path: Path, cli: Cli) -> None:
    root = with_partner(tmp_path, "  - id: round\n    name: Gemeente Rond\n    kind: province\n")
    result = cli("score", "r1", "--root", str(root))
    assert result.code == 1
    assert "partners.yaml:15:9: error: partner id 'round' is reserved" in result.err


def test_ids_that_only_look_like_round_are_fine(tmp_path: Path, cli: Cli) -> None:
    # joined after the round's date, so neither is expected in r1 (no "missing" warning).
    root = with_partner(
        tmp_path,
        "  - id: rounds\n    name: Gemeente S\n    kind: municipality\n    joined: 2030-01-01\n"
        "  - id: round-2\n    name: Gemeente T\n    kind: municipality\n    joined: 2030-01-01\n",
    )
    result = cli("validate", "--root", str(root))
    assert result.out == "ok: norm.yaml, partners.yaml and 1 round are valid\n"
    assert result.code == 0
