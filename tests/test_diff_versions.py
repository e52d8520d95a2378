"""flevonorm diff across norm versions follows the from links (history.md); expectations
worked out by hand from tests/data/base, whose 2.0 has one ambition, 1.1, continuing 1.0's."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Cli, make_repo

R2 = {
    "rounds/r2/round.yaml": 'id: r2\nkind: monitoring\nnorm: "2.0"\ndate: 2025-06-01\n',
    "rounds/r2/gem-a.yaml": 'partner: gem-a\nambitions:\n  "1.1": achieved\n',
    "rounds/r2/gem-b.yaml": 'partner: gem-b\nambitions:\n  "1.1": not_achieved\n',
    "rounds/r2/prov.yaml": 'partner: prov\nambitions:\n  "1.1": achieved\n',
    "rounds/r2/ws.yaml": 'partner: ws\nambitions:\n  "1.1": achieved\n',
}


def test_diff_from_a_1_0_round_to_a_2_0_round(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, R2)
    result = cli("diff", "r1", "r2", "--format", "json", "--root", str(root))
    assert result.code == 0, result.err
    data = json.loads(result.out)
    # r1 by its own version: 5 of 9; r2: 3 of 4; 3/4 - 5/9 = 7/36.
    assert data["overall"] == {"old": 0.5556, "new": 0.75, "delta": 0.1944}
    assert [(p["id"], p["old"], p["new"], p["change"]) for p in data["partners"]] == [
        ("gem-a", 0.5, 1.0, "changed"),
        ("gem-b", 0.6667, 0.0, "changed"),
        ("prov", 0.5, 1.0, "changed"),
        ("ws", None, 1.0, "added"),
    ]
    summary = [
        (c["partner"], c["ambition"], c["old"], c["new"], c.get("norm")) for c in data["changes"]
    ]
    assert summary == [
        ("gem-b", "1.1", "achieved", "not_achieved", None),  # worsened first
        ("prov", "1.1", "not_achieved", "achieved", None),  # then improved
        # 1.0's 1.2, 2.1 and 2.10 continue into nothing: dropped, for whom they applied
        ("gem-a", "1.2", "partial", None, "dropped"),
        ("gem-a", "2.1", "partial", None, "dropped"),
        ("gem-a", "2.10", "achieved", None, "dropped"),
        ("gem-b", "1.2", "not_applicable", None, "dropped"),
        ("gem-b", "2.1", "achieved", None, "dropped"),
        ("gem-b", "2.10", "not_assessed", None, "dropped"),
        ("prov", "2.1", "achieved", None, "dropped"),
    ]
    assert data["changes"][1]["unsupported"] is True  # achieved without note or evidence


def test_diff_back_from_a_newer_version_is_a_wrong_call(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, R2)
    result = cli("diff", "r2", "r1", "--root", str(root))
    assert result.code == 2
    assert result.err.startswith("flevonorm: ")
