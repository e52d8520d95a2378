"""The use cases behind the commands: load and check the data, then compute.

Each returns plain results and the problems found; none prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from flevonorm.checks import load_checked
from flevonorm.errors import UsageProblem
from flevonorm.loading import LoadedRound, Repository
from flevonorm.problems import Problem
from flevonorm.repository import NORM_FILE, PARTNERS_FILE
from flevonorm.scoring import Scorecard, score_round


def problems_for(repo: Repository, rounds: list[LoadedRound]) -> list[Problem]:
    """Problems in norm.yaml, partners.yaml and the given rounds' folders."""
    folders = {r.path for r in rounds}
    prefixes = tuple(f"{folder}/" for folder in folders)
    return [
        p
        for p in repo.problems.sorted()
        if p.path in (NORM_FILE, PARTNERS_FILE, *folders) or p.path.startswith(prefixes)
    ]


def pick_round(repo: Repository, round_id: str | None) -> LoadedRound | None:
    """The round named, or the latest; None when rounds exist but none has a valid
    round.yaml (their problems say why)."""
    if round_id is not None:
        return repo.rounds[round_id]
    if not repo.rounds:
        raise UsageProblem("there are no rounds under rounds/ yet")
    latest = repo.latest_round_id()
    return None if latest is None else repo.rounds[latest]


def scorecard(loaded: LoadedRound, repo: Repository, partial_weight: Fraction) -> Scorecard:
    """The scorecard of a round whose files are free of errors."""
    assert repo.norm is not None and repo.partners is not None and loaded.meta is not None
    version = repo.norm.version(loaded.meta.norm)
    assert version is not None
    return score_round(
        loaded.id,
        loaded.meta,
        version,
        repo.partners.partners,
        loaded.assessments,
        partial_weight,
    )


@dataclass
class ScoreResult:
    scorecard: Scorecard | None
    problems: list[Problem]


def score(root: Path, round_id: str | None, partial_weight: Fraction) -> ScoreResult:
    """Score one round (the latest when None). Only errors in norm.yaml, partners.yaml
    and that round block it; its problems are returned either way."""
    repo = load_checked(root)
    loaded = pick_round(repo, round_id)
    if loaded is None:
        return ScoreResult(None, problems_for(repo, list(repo.rounds.values())))
    problems = problems_for(repo, [loaded])
    if any(p.is_error for p in problems):
        return ScoreResult(None, problems)
    return ScoreResult(scorecard(loaded, repo, partial_weight), problems)


@dataclass
class ReportResult:
    context: dict[str, Any] | None
    problems: list[Problem]


def report(root: Path, round_id: str | None, partial_weight: Fraction) -> ReportResult:
    """The report data of one round (the latest when None), with the trend over every
    round up to it. Errors in any of those rounds block it: a trend must not mix valid
    and broken rounds. A round whose round.yaml cannot be read has no date, so its
    errors block every report."""
    from flevonorm.gitio import provenance
    from flevonorm.report import ReportInput, build_report

    repo = load_checked(root)
    loaded = pick_round(repo, round_id)
    undated = [r for r in repo.rounds.values() if r.meta is None]
    if loaded is None or loaded.meta is None:
        return ReportResult(None, problems_for(repo, [*undated]))
    until = (loaded.meta.date, loaded.id)
    shown = [r for key, r in repo.dated_rounds() if key <= until]
    problems = problems_for(repo, [*undated, *shown])
    if any(p.is_error for p in problems):
        return ReportResult(None, problems)
    assert repo.norm is not None
    history = [scorecard(r, repo, partial_weight) for r in shown]
    context = build_report(
        ReportInput(
            norm=repo.norm,
            scorecard=history[-1],
            history=history,
            provenance=provenance(root),
        )
    )
    return ReportResult(context, problems)
