"""`flevonorm score`: one round's scorecard. Only errors in norm.yaml, partners.yaml and
that round block it (scoring.md)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.history import UnknownOrder, latest_round_id, scorecard_of
from flevonorm.paths import RoundTarget
from flevonorm.problems import Problem
from flevonorm.repository import Repository
from flevonorm.scoring import Scorecard


def pick_round(repo: Repository, target: RoundTarget | None) -> str:
    """The round named, or the latest (UnknownOrder, UsageProblem when it cannot be known)."""
    return target.round_id if target is not None else latest_round_id(repo)


def undated_problems(repo: Repository, unknown: UnknownOrder) -> list[Problem]:
    """Why the latest round cannot be known: the problems of every unreadable round.yaml."""
    return gather(repo, *(m.problems for m in unknown.undated))


def score(root: Path, target: RoundTarget | None, partial_weight: Fraction) -> Outcome[Scorecard]:
    repo = open_worktree(root)
    try:
        round_id = pick_round(repo, target)
    except UnknownOrder as unknown:
        return Outcome(None, undated_problems(repo, unknown))
    loaded = repo.round(round_id)
    problems = gather(repo, loaded.problems)
    if any(p.is_error for p in problems):
        return Outcome(None, problems)
    return Outcome(scorecard_of(repo, loaded, partial_weight), problems)
