"""flevonorm round new as a coordinator runs it: a round that validates, scores as its
source did, keeps the partner's comments, and is never written twice."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Cli, make_repo
from .gitrepo import snapshot

GEM_A_WITH_COMMENTS = """partner: gem-a
ambitions:
  "1.1": achieved
  # Besproken in het MT van maart; verslag volgt.
  "1.2": partial   # wachten op de communicatieadviseur
  "2.1":
    items:
      "2.1.1": true
      "2.1.2.A": false
  "2.10": behaald
"""


def test_carried_round_validates_and_scores_as_its_source(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": GEM_A_WITH_COMMENTS})
    result = cli("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01",
                 "--from", "r1", "--root", str(root))  # fmt: skip
    assert result.code == 0, result.err
    assert sorted(p.name for p in (root / "rounds/r2").iterdir()) == [
        "gem-a.yaml", "gem-b.yaml", "prov.yaml", "round.yaml",
    ]  # fmt: skip
    validated = cli("validate", "r2", "--stale-after", "0", "--root", str(root))
    assert validated.code == 0, validated.out
    old = json.loads(cli("score", "r1", "--format", "json", "--root", str(root)).out)
    new = json.loads(cli("score", "r2", "--format", "json", "--root", str(root)).out)
    assert new["overall"] == old["overall"] == {"points": 5.0, "applicable": 9, "score": 0.5556}
    assert new["partners"] == old["partners"]
    carried = (root / "rounds/r2/gem-a.yaml").read_text(encoding="utf-8")
    assert "  # Besproken in het MT van maart; verslag volgt.\n" in carried
    assert "# wachten op de communicatieadviseur" in carried
    # --kind defaults to the source round's (evaluation).
    assert "kind: evaluation" in (root / "rounds/r2/round.yaml").read_text(encoding="utf-8")


def test_running_it_twice_leaves_the_first_result(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    args = ("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01", "--root", str(root))
    assert cli(*args).code == 0
    first = snapshot(root / "rounds/r2")
    second = cli(*args)
    assert second.code == 2
    assert second.err == "flevonorm: rounds/r2 already exists; flevonorm never overwrites a round\n"
    assert snapshot(root / "rounds/r2") == first


def test_the_plain_form_lists_every_applicable_ambition(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    cli("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01", "--root", str(root))
    prov = (root / "rounds/r2/prov.yaml").read_text(encoding="utf-8")
    assert prov.startswith("# yaml-language-server: $schema=../../schemas/assessment.schema.json\n")
    # The province is scored on 1.1 and 2.1 only (tests/data/base), item 2.1.1 only.
    assert '"1.1":\n    status: not_assessed\n' in prov
    assert '"2.1":\n' in prov
    assert '"1.2"' not in prov and '"2.10"' not in prov
    assert '#   "2.1.1": true' in prov and '"2.1.2.A"' not in prov


def test_from_a_round_under_an_older_version(cli: Cli, tmp_path: Path) -> None:
    # Version 2.0 of tests/data/base has one ambition, 1.1, continuing 1.0's 1.1; the water
    # board joined in 2025 and gets the plain form.
    root = make_repo(tmp_path, {})
    result = cli("round", "new", "r2", "--norm", "2.0", "--date", "2025-06-01",
                 "--from", "r1", "--root", str(root))  # fmt: skip
    assert result.code == 0, result.err
    assert sorted(p.name for p in (root / "rounds/r2").iterdir()) == [
        "gem-a.yaml", "gem-b.yaml", "prov.yaml", "round.yaml", "ws.yaml",
    ]  # fmt: skip
    data = json.loads(cli("score", "r2", "--format", "json", "--root", str(root)).out)
    statuses = {p["id"]: p["counts"] for p in data["partners"]}
    assert statuses["gem-a"]["achieved"] == 1  # 1.1 achieved in r1
    assert statuses["prov"]["not_achieved"] == 1  # 1.1 not_achieved in r1
    assert statuses["ws"]["not_assessed"] == 1


def test_from_a_round_with_errors_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r1/gem-a.yaml": "partner: gem-a\nambitions: [\n"})
    result = cli("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01",
                 "--from", "r1", "--root", str(root))  # fmt: skip
    assert result.code == 1
    assert not (root / "rounds/r2").exists()


def test_an_unknown_version_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    result = cli("round", "new", "r2", "--norm", "3.0", "--date", "2023-05-01", "--root", str(root))
    assert result.code == 2
    assert result.err.startswith("flevonorm: --norm 3.0: norm.yaml has no such version")


def test_a_round_made_from_example_data_is_example_data(cli: Cli, tmp_path: Path) -> None:
    round_yaml = 'id: r1\ntitle: Testronde\nkind: evaluation\nnorm: "1.0"\ndate: 2022-11-15\n'
    root = make_repo(tmp_path, {"rounds/r1/round.yaml": round_yaml + "example: true\n"})
    args = ("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01", "--root", str(root))
    assert cli(*args, "--from", "r1").code == 0
    written = (root / "rounds/r2/round.yaml").read_text(encoding="utf-8")
    assert "\nexample: true\n" in written
    assert '# title: "…"' in written  # a placeholder that says a title is wanted
    report = cli("report", "r2", "--format", "json", "--root", str(root))
    assert json.loads(report.out)["example"] is True


def test_a_date_of_the_right_form_that_is_not_in_the_calendar(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    result = cli("round", "new", "r2", "--norm", "1.0", "--date", "2023-13-01", "--root", str(root))
    assert result.code == 2
    assert (
        result.err == "flevonorm: --date 2023-13-01: '2023-13-01' is not a date in the calendar\n"
    )
    assert not (root / "rounds/r2").exists()


def test_a_broken_round_template_is_a_located_problem(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/round.yaml.j2": "id: {{ round_id }}\n{% if %}\n"})
    result = cli("round", "new", "r2", "--norm", "1.0", "--date", "2023-05-01", "--root", str(root))
    assert result.code == 1
    assert result.err.startswith("templates/round.yaml.j2:2:1: error: ")
    assert not (root / "rounds/r2").exists()


def test_a_round_id_that_cannot_be_a_folder_is_refused_in_dutch(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    result = cli("round", "new", "Voorjaar 2025", "--norm", "1.0", "--date", "2025-04-01",
                 "--lang", "nl", "--root", str(root))  # fmt: skip
    assert result.code == 2
    assert result.err == (
        "flevonorm: 'Voorjaar 2025' is geen geldige id voor een ronde; gebruik kleine letters, "
        "cijfers en '-', en begin met een letter of cijfer (de id wordt een mapnaam)\n"
    )
    assert not (root / "rounds" / "Voorjaar 2025").exists()


def test_an_unknown_round_kind_is_refused(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {})
    args = ("round", "new", "r2", "--norm", "1.0", "--date", "2025-04-01", "--kind", "jaarlijks")
    english = cli(*args, "--root", str(root))
    assert english.code == 2
    assert english.err == (
        "flevonorm: 'jaarlijks' is not a round kind; use one of: monitoring, evaluation\n"
    )
    dutch = cli(*args, "--lang", "nl", "--root", str(root))
    assert dutch.code == 2
    assert dutch.err == (
        "flevonorm: 'jaarlijks' is geen soort ronde; gebruik een van deze: monitoring, evaluation\n"
    )
    assert not (root / "rounds" / "r2").exists()
