"""flevonorm diff --git: a round as committed against the working tree, in a real git
repository; every expected figure below is worked out by hand from tests/data/base."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Cli, make_repo
from .gitrepo import git_init, git_save, snapshot

PARTNERS_WITH_GEM_C = """partners:
  - id: gem-a
    name: Gemeente A
    kind: municipality
  - id: gem-b
    name: Gemeente B
    kind: municipality
  - id: prov
    name: Provincie
    kind: province
  - id: ws
    name: Waterschap
    kind: water_board
    joined: 2025-03-03
  - id: gem-c
    name: Gemeente C
    kind: municipality
"""


def pull_request(tmp_path: Path) -> Path:
    """base committed; then in the working tree: gem-a swaps which item is in place (still
    partial), gem-b's file is deleted, prov reaches 1.1 without a note, and a new
    partner gem-c hands in a file."""
    root = make_repo(tmp_path, {})
    git_init(root)
    git_save(root)
    (root / "rounds/r1/gem-a.yaml").write_text(
        'partner: gem-a\nambitions:\n  "1.1": achieved\n  "1.2": partial\n  "2.1":\n'
        '    items:\n      "2.1.1": false\n      "2.1.2.A": true\n  "2.10": behaald\n'
    )
    (root / "rounds/r1/gem-b.yaml").unlink()
    (root / "rounds/r1/prov.yaml").write_text(
        'partner: prov\nambitions:\n  "1.1": achieved\n  "2.1":\n    items:\n      "2.1.1": true\n'
    )
    (root / "partners.yaml").write_text(PARTNERS_WITH_GEM_C)
    (root / "rounds/r1/gem-c.yaml").write_text(
        'partner: gem-c\nambitions:\n  "1.1": achieved\n  "1.2": achieved\n'
        '  "2.1": not_achieved\n  "2.10": achieved\n'
    )
    return root


def test_diff_git_json(cli: Cli, tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    before = snapshot(root / ".git")
    result = cli("diff", "--git", "HEAD", "r1", "--format", "json", "--root", str(root))
    assert result.code == 0, result.err
    assert snapshot(root / ".git") == before
    assert json.loads(result.out) == {
        "old": {"round": "r1", "rev": "HEAD"},
        "new": {"round": "r1", "rev": None},
        # old 5 of 9; new gem-a 2/4 + prov 2/2 + gem-c 3/4 = 7 of 10; 7/10 - 5/9 = 13/90
        "overall": {"old": 0.5556, "new": 0.7, "delta": 0.1444},
        "partners": [
            {"id": "gem-a", "old": 0.5, "new": 0.5, "delta": 0.0, "change": "changed"},
            {"id": "gem-b", "old": 0.6667, "new": None, "delta": None, "change": "removed"},
            {"id": "prov", "old": 0.5, "new": 1.0, "delta": 0.5, "change": "changed"},
            {"id": "gem-c", "old": None, "new": 0.75, "delta": None, "change": "added"},
        ],
        "changes": [
            {
                "partner": "prov", "ambition": "1.1", "old": "not_achieved", "new": "achieved",
                "items": {}, "note_changed": False, "evidence_changed": False,
                "next_step_changed": False, "unsupported": True,
            },
            {
                "partner": "gem-a", "ambition": "2.1", "old": "partial", "new": "partial",
                "items": {"2.1.1": [True, False], "2.1.2.A": [False, True]},
                "note_changed": False, "evidence_changed": False, "next_step_changed": False,
                "unsupported": False,
            },
        ],
    }  # fmt: skip


def test_diff_git_markdown_first_line(cli: Cli, tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    result = cli("diff", "--git", "HEAD", "--format", "md", "--root", str(root))
    assert result.code == 0
    # 5/9 = 55.6% and 7/10 = 70%; the change 13/90 = 14.4 points, rounded to 14.
    assert result.out.splitlines()[0] == "Totaal 56% → 70% (+14 procentpunt)"


def test_a_round_added_by_the_pull_request(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    git_init(root)
    git_save(root)
    (root / "rounds/r2").mkdir()
    for name in ("round.yaml", "gem-a.yaml", "gem-b.yaml", "prov.yaml"):
        text = (root / "rounds/r1" / name).read_text()
        (root / "rounds/r2" / name).write_text(text.replace("id: r1", "id: r2"))
    result = cli("diff", "--git", "HEAD", "r2", "--format", "json", "--root", str(root))
    data = json.loads(result.out)
    assert data["overall"] == {"old": None, "new": 0.5556, "delta": None}
    assert [p["change"] for p in data["partners"]] == ["added", "added", "added"]
    assert data["changes"] == []


def test_an_unknown_revision_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    root = pull_request(tmp_path)
    result = cli("diff", "--git", "origin/main", "--root", str(root))
    assert result.code == 2
    assert result.err.startswith("flevonorm: unknown revision 'origin/main'")


def test_errors_on_the_committed_side_block_the_diff(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": "partner: gem-a\nambitions: [\n"})
    git_init(root)
    git_save(root)
    result = cli("diff", "--git", "HEAD", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith("HEAD:rounds/r1/gem-a.yaml:3:1: error: ")


def test_a_pull_request_that_changes_an_earlier_round_says_so(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    (root / "rounds/r2").mkdir()
    for name in ("round.yaml", "gem-a.yaml", "gem-b.yaml", "prov.yaml"):
        text = (root / "rounds/r1" / name).read_text()
        text = text.replace("id: r1", "id: r2").replace("2022-11-15", "2023-11-15")
        (root / "rounds/r2" / name).write_text(text)
    git_init(root)
    git_save(root)
    before = snapshot(root / ".git")
    (root / "rounds/r1/prov.yaml").write_text('partner: prov\nambitions:\n  "1.1": achieved\n')
    result = cli("diff", "--git", "HEAD", "--format", "md", "--root", str(root))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[2] == "Ronde r2 (HEAD, norm 1.0) → r2 (werkmap, norm 1.0)"  # the latest
    assert lines[4] == "Ook gewijzigd: r1 (flevonorm diff --git HEAD RONDE toont er een)."
    json_out = cli("diff", "--git", "HEAD", "--format", "json", "--root", str(root)).out
    assert "r1" not in json_out  # the JSON shape of history.md is unchanged
    assert snapshot(root / ".git") == before


def test_a_warning_both_sides_share_is_said_once(cli: Cli, tmp_path: Path) -> None:
    # tests/data/base r1 has no problems; a draft-norm round on both sides warns twice.
    r1 = (make_repo(tmp_path / "a", {}) / "rounds/r1/round.yaml").read_text()
    root = make_repo(tmp_path, {"rounds/r1/round.yaml": r1.replace('norm: "1.0"', 'norm: "2.0"')})
    for name in ("gem-a", "gem-b", "prov"):
        (root / f"rounds/r1/{name}.yaml").write_text(
            f'partner: {name}\nambitions:\n  "1.1": achieved\n'
        )
    git_init(root)
    git_save(root)
    result = cli("diff", "--git", "HEAD", "--root", str(root))
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "is draft" in line]
    assert len(warnings) == 1 and warnings[0].startswith("rounds/r1/round.yaml:")
