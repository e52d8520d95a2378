"""flevonorm trend: every dated round, oldest first, in the JSON shape of history.md."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Cli, make_repo

R2 = {
    "rounds/r2/round.yaml": 'id: r2\ntitle: Ronde onder 2.0\nkind: monitoring\nnorm: "2.0"\n'
    "date: 2025-06-01\n",
    "rounds/r2/gem-a.yaml": 'partner: gem-a\nambitions:\n  "1.1": achieved\n',
    "rounds/r2/gem-b.yaml": 'partner: gem-b\nambitions:\n  "1.1": not_achieved\n',
    "rounds/r2/prov.yaml": 'partner: prov\nambitions:\n  "1.1": achieved\n',
    "rounds/r2/ws.yaml": 'partner: ws\nambitions:\n  "1.1": achieved\n',
}


def test_one_version_has_no_like_for_like(cli: Cli, tmp_path: Path) -> None:
    result = cli("trend", "--format", "json", "--root", str(make_repo(tmp_path, {})))
    assert result.code == 0
    # tests/data/base r1 by hand: gem-a 2/4, gem-b 2/3, prov 1/2; ws joined in 2025.
    assert json.loads(result.out) == {
        "partial_weight": 0.0,
        "rounds": [
            {
                "id": "r1", "title": "Testronde", "date": "2022-11-15", "norm": "1.0",
                "overall": {"points": 5.0, "applicable": 9, "score": 0.5556},
                "like_for_like": None,
                "partners": {
                    "gem-a": {"points": 2.0, "applicable": 4, "score": 0.5},
                    "gem-b": {"points": 2.0, "applicable": 3, "score": 0.6667},
                    "prov": {"points": 1.0, "applicable": 2, "score": 0.5},
                    "ws": None,
                },
            }
        ],
    }  # fmt: skip


def test_across_versions_the_like_for_like_figure_follows_the_links(
    cli: Cli, tmp_path: Path
) -> None:
    root = make_repo(tmp_path, R2)
    data = json.loads(cli("trend", "--format", "json", "--root", str(root)).out)
    assert [r["id"] for r in data["rounds"]] == ["r1", "r2"]
    # Only 1.1 continues from 1.0 into 2.0. In r1 it is achieved by gem-a and gem-b and
    # not by prov: 2 of 3. In r2 (2.0 has only 1.1): 3 of 4, the raw figure too.
    assert data["rounds"][0]["like_for_like"] == {"points": 2.0, "applicable": 3, "score": 0.6667}
    assert data["rounds"][0]["overall"]["score"] == 0.5556
    assert data["rounds"][1]["like_for_like"] == {"points": 3.0, "applicable": 4, "score": 0.75}
    assert data["rounds"][1]["partners"]["ws"] == {"points": 1.0, "applicable": 1, "score": 1.0}


def test_partner_option_and_csv(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, R2)
    result = cli("trend", "--partner", "gem-b", "--format", "csv", "--root", str(root))
    assert result.code == 0
    assert result.out == (
        "round,date,norm,partner,points,applicable,score\n"
        "r1,2022-11-15,1.0,gem-b,2,3,0.6667\n"
        "r1,2022-11-15,1.0,overall,5,9,0.5556\n"
        "r1,2022-11-15,1.0,like_for_like,2,3,0.6667\n"
        "r2,2025-06-01,2.0,gem-b,0,1,0.0000\n"
        "r2,2025-06-01,2.0,overall,3,4,0.7500\n"
        "r2,2025-06-01,2.0,like_for_like,3,4,0.7500\n"
    )


def test_table_says_why_raw_and_like_for_like_differ(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, R2)
    result = cli("trend", "--lang", "en", "--root", str(root))
    assert result.code == 0
    assert "2025-06-01  Ronde onder 2.0 (norm 2.0)" in result.out
    rows = {line.split("  ")[0].strip(): line.split()[-2:] for line in result.out.splitlines()}
    assert rows["like for like"] == ["67%", "75%"]
    assert rows["overall"] == ["56%", "75%"]
    assert "Like for like: the figure over only the ambitions that continue" in result.out


def test_unknown_partner_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("trend", "--partner", "gemb", "--root", str(make_repo(tmp_path, {})))
    assert result.code == 2
    assert result.err == "flevonorm: unknown partner 'gemb' for --partner; did you mean gem-b?\n"


def test_a_round_with_errors_blocks_the_trend(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {**R2, "rounds/r2/gem-a.yaml": "partner: gem-a\nambitions: [\n"})
    result = cli("trend", "--root", str(root))
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("rounds/r2/gem-a.yaml:3:1: error: ")


def test_an_undated_round_blocks_the_trend(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"rounds/r0/round.yaml": "id: r0\n"})
    result = cli("trend", "--root", str(root))
    assert result.code == 1
    assert "rounds/r0/round.yaml:1:1: error: missing required key 'kind'" in result.err


def test_the_report_shows_like_for_like_beside_the_raw_figure(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, R2)
    report = cli("report", "r2", "--format", "json", "--root", str(root))
    trend = json.loads(report.out)["trend"]
    assert trend["overall"] == [56, 75]
    assert trend["like_for_like"] == [67, 75]
    markdown = cli("report", "r2", "--root", str(root)).out
    assert "| Vergelijkbaar | 67% | 75% |" in markdown
    assert "De rondes vallen onder verschillende versies van de norm." in markdown


def test_the_bundled_trend_runs_from_1_0_to_the_2_0_round(cli: Cli) -> None:
    from .conftest import PROJECT

    data = json.loads(cli("trend", "--format", "json", cwd=PROJECT).out)
    assert [(r["id"], r["norm"]) for r in data["rounds"]] == [
        ("2021-autumn", "1.0"), ("2022-spring", "1.0"), ("2022-summer", "1.0"),
        ("2022-autumn", "1.0"), ("2025-autumn", "2.0"),
    ]  # fmt: skip
    # Every 1.0 ambition continues into 2.0, so under 1.0 like for like is the raw figure:
    # the published 119 of 143.
    assert data["rounds"][3]["like_for_like"] == data["rounds"][3]["overall"] == {
        "points": 119.0, "applicable": 143, "score": 0.8322,
    }  # fmt: skip
    latest = data["rounds"][4]
    assert latest["like_for_like"] is not None
    assert latest["like_for_like"]["applicable"] < latest["overall"]["applicable"]
    assert latest["partners"]["om"] is not None and data["rounds"][3]["partners"]["om"] is None


def test_the_bundled_2_0_round_reports_in_markdown_and_html(cli: Cli) -> None:
    from .conftest import PROJECT

    markdown = cli("report", "2025-autumn", cwd=PROJECT)
    html = cli("report", "2025-autumn", "--format", "html", cwd=PROJECT)
    assert markdown.code == html.code == 0
    assert "Openbaar Ministerie" in markdown.out and "Openbaar Ministerie" in html.out
    assert "Vergelijkbaar" in markdown.out
