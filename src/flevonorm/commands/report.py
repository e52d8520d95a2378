"""`flevonorm report`: the data behind the evaluation report of a round, with the trend
over every round up to it. Errors in any of those rounds block it: a trend must not mix
valid and broken rounds."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.commands.score import pick_round, undated_problems
from flevonorm.defaults import STALE_AFTER
from flevonorm.history import UnknownOrder, rounds_up_to, scorecard_of, stale_entries
from flevonorm.paths import RoundTarget

if TYPE_CHECKING:
    from flevonorm.report_data import Report


def report(
    root: Path,
    target: RoundTarget | None,
    partial_weight: Fraction,
    stale_after: int = STALE_AFTER,
) -> Outcome[Report]:
    from flevonorm.gitio import provenance
    from flevonorm.report_data import ReportInput, build_report

    repo = open_worktree(root)
    try:
        round_id = pick_round(repo, target)
    except UnknownOrder as unknown:
        return Outcome(None, undated_problems(repo, unknown))
    meta = repo.meta(round_id)
    if meta.meta is None:
        return Outcome(None, gather(repo, repo.round(round_id).problems))
    shown = [repo.round(r) for r in rounds_up_to(repo, round_id)]
    # A round without a readable date might lie before this one: it blocks the trend too.
    undated = [m.problems for m in repo.undated()]
    problems = gather(repo, *undated, *(r.problems for r in shown))
    if any(p.is_error for p in problems):
        return Outcome(None, problems)
    assert repo.norm is not None
    history = [scorecard_of(repo, r, partial_weight) for r in shown]
    stale = {
        (s.partner_id, s.ambition_id): (s.rounds, s.since)
        for s in stale_entries(repo, round_id, stale_after)
    }
    data = build_report(
        ReportInput(
            norm=repo.norm,
            scorecard=history[-1],
            history=history,
            provenance=provenance(root),
            stale=stale,
        )
    )
    return Outcome(data, problems)
